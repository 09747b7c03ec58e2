"""``.md`` / ``.txt``: optional YAML front matter between ``---`` lines at the very top, then speaker turns.

``Transcript.text`` is the whole file as read (decoded, universal newlines, front matter included); segment
offsets point into it and ``Segment.line`` is the file line where the turn starts.
"""
from __future__ import annotations

from ...errors import Errors, InputError
from ..base import Reading, Source, register_reader
from ..metadata import split_front_matter
from ..speakers import parse_turns


class TextReader:
    name = "text"
    suffixes = (".md", ".txt")

    def read(self, source: Source) -> Reading:
        text = source.text()
        front, body_offset, body_line = split_front_matter(text, source.path)
        source.metadata(front)
        if not text[body_offset:].strip():
            raise InputError(Errors.E101, path=source.path, line=body_line)
        return parse_turns(text, body_offset, source.interviewers, body_line)


register_reader(TextReader())
