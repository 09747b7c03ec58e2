"""``.srt`` (SubRip): numbered cues with a ``Name: `` prefix; see :mod:`.cues`."""
from __future__ import annotations

import re
from pathlib import Path

from ...errors import Errors, InputError
from ..base import register_reader
from .cues import CueReader, align, clean_cue, cue_speaker, timing_lines

_SRT_TIMING = re.compile(r"\s*(\d+:\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?)\s*-->")


def _srt_cues(text: str, path: Path, interviewers: frozenset[str]) -> list[tuple[str | None, str, int]]:
    import srt

    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        at = exc.expected_start
        while at < len(text) and text[at] in "\n \t":
            at += 1
        snippet = " ".join(str(exc.unmatched_content).split())[:40]
        raise InputError(Errors.E107, path=path, line=text.count("\n", 0, at) + 1,
                         detail=f"unexpected text {snippet!r}") from None
    except Exception as exc:    # srt raises plain ValueError/TypeError on some malformed timestamps
        detail = " ".join(str(exc).split())[:100] or type(exc).__name__
        raise InputError(Errors.E107, path=path, detail=detail) from None
    if not subs:
        raise InputError(Errors.E107, path=path, line=1, detail="no subtitles found")
    starts = [int(round(s.start.total_seconds() * 1000)) for s in subs]
    lines = align(starts, timing_lines(text, _SRT_TIMING))
    cues = []
    for sub, line in zip(subs, lines):
        speaker, content = cue_speaker(clean_cue(sub.content), interviewers)
        cues.append((speaker, content, line))
    return cues


register_reader(CueReader("SubRip", (".srt",), _srt_cues))
