"""Shared by the caption readers (``.vtt``, ``.srt``): timestamps, cue text, cue speakers, cues -> turns.

Consecutive cues of one speaker are one turn (cue texts joined with a space); a cue without a speaker
continues the turn before it. ``text`` is rendered as for ``.docx``; ``Segment.line`` is the line of the
first cue's timing line.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ...errors import Errors, InputError
from ..base import Reading, Source
from ..speakers import label_at, not_a_label, render_turns

_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def ms(stamp: str) -> int:
    clock, _, frac = stamp.strip().replace(",", ".").partition(".")
    hms = clock.split(":")
    total = 0
    for part in hms:
        total = total * 60 + int(part)
    return total * 1000 + int(frac.ljust(3, "0")[:3])


def timing_lines(text: str, pattern) -> list[tuple[int, int]]:
    out = []
    for idx, line in enumerate(text.split("\n")):
        if "-->" in line:
            m = pattern.match(line)
            if m:
                try:
                    out.append((ms(m.group(1)), idx + 1))
                except ValueError:
                    continue
    return out


def align(starts: list[int], timings: list[tuple[int, int]]) -> list[int]:
    """Line of each cue's timing line: match cue start times to timing lines in order."""
    lines = []
    j = 0
    for n, start in enumerate(starts):
        for k in range(j, min(len(timings), j + 50)):
            if timings[k][0] == start:
                lines.append(timings[k][1])
                j = k + 1
                break
        else:
            lines.append(lines[-1] if lines else (timings[0][1] if timings else n + 1))
    return lines


def clean_cue(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def cue_speaker(text: str, interviewers: frozenset[str]) -> tuple[str | None, str]:
    found = label_at(text, interviewers)
    if found:
        label, col = found
        if label.casefold() in interviewers or not not_a_label(label):
            return label, text[col:].strip()
    return None, text


def merge_cues(cues: list[tuple[str | None, str, int]]) -> tuple[list[tuple], list[str]]:
    """Consecutive cues of one speaker -> one turn; a cue without a speaker continues the turn before."""
    turns: list[list] = []
    speakers: list[str] = []
    for speaker, text, line in cues:
        if speaker and speaker not in speakers:
            speakers.append(speaker)
        if not text:
            if speaker and (not turns or turns[-1][0] != speaker):
                turns.append([speaker, "", line])
            continue
        if turns and (speaker is None or speaker == turns[-1][0]):
            turns[-1][1] = f"{turns[-1][1]} {text}".strip()
        else:
            turns.append([speaker, text, line])
    return [tuple(t) for t in turns if t[1]], speakers



def cue_reading(cues: list[tuple[str | None, str, int]]) -> Reading | None:
    """The rendered transcript of ``cues``; None when they hold no speaker and no words."""
    turns, speakers = merge_cues(cues)
    if not turns and not speakers:
        return None
    text, rendered = render_turns(turns)
    return Reading(text, tuple(rendered), tuple(speakers))


@dataclass(frozen=True)
class CueReader:
    """A caption format (vtt, srt): ``cues(text, path, interviewers)`` parses it into (speaker, text, line)
    cues, which become turns; a file without any words is E101."""

    name: str
    suffixes: tuple[str, ...]
    cues: Callable[[str, Path, frozenset], list[tuple[str | None, str, int]]]

    def read(self, source: Source) -> Reading:
        reading = cue_reading(self.cues(source.text(), source.path, source.interviewers))
        if reading is None:
            raise InputError(Errors.E101, path=source.path)
        return reading
