"""``.vtt`` (WebVTT): cues with a Teams voice (``<v Anna>``) or a Zoom ``Name: `` prefix; see :mod:`.cues`."""
from __future__ import annotations

import html
import re
from pathlib import Path

from ...errors import Errors, InputError
from ..base import register_reader
from .cues import CueReader, align, clean_cue, cue_speaker, ms, timing_lines

_VTT_TIMING = re.compile(r"\s*((?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3})\s*-->")


def _vtt_cues(text: str, path: Path, interviewers: frozenset[str]) -> list[tuple[str | None, str, int]]:
    try:
        import webvtt

        captions = list(webvtt.WebVTT.from_string(text).captions)
        raw = [(c.start, c.voice, c.text) for c in captions]
    except Exception as exc:    # webvtt raises MalformedFileError/MalformedCaptionError, and more on junk
        first = text.split("\n", 1)[0]
        if not first.startswith("WEBVTT"):
            raise InputError(Errors.E106, path=path, line=1, detail="the first line is not 'WEBVTT'") from None
        detail = " ".join(str(exc).split())[:100] or type(exc).__name__
        raise InputError(Errors.E106, path=path, detail=detail) from None
    if not raw:
        raise InputError(Errors.E106, path=path, detail="no cues found")
    lines = align([ms(start) for start, _, _ in raw], timing_lines(text, _VTT_TIMING))
    cues = []
    for (_start, voice, body), line in zip(raw, lines):
        content = clean_cue(body)
        speaker = " ".join(html.unescape(voice).split()) if voice else None
        if not speaker:
            speaker, content = cue_speaker(content, interviewers)
        cues.append((speaker or None, content, line))
    return cues


register_reader(CueReader("WebVTT", (".vtt",), _vtt_cues))
