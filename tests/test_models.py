"""Stage values (culturemap.models): frozen, and the small questions every stage asks of them."""
import dataclasses
from pathlib import Path

import pytest

from culturemap.models import (
    ACCEPTED,
    REJECTED,
    STATUSES,
    SUGGESTED,
    Code,
    Codebook,
    Codings,
    Link,
    Segment,
    Tag,
    Transcript,
)


def _transcript():
    text = "Interviewer: How is it?\nAnna: We help each other.\nInterviewer: And?\nAnna: Customers come first.\n"
    a = text.index("Anna: We")
    b = text.index("Interviewer: And")
    c = text.index("Anna: Customers")
    segs = (Segment("Interviewer", 0, a, 1, True), Segment("Anna", a, b, 2, False),
            Segment("Interviewer", b, c, 3, True), Segment("Anna", c, len(text), 4, False))
    return Transcript("kc-01", Path("kc-01.md"), text, segs, "en")


def test_stage_values_are_frozen():
    t = _transcript()
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.text = "changed"   # type: ignore[misc]


def test_only_interviewee_turns_are_coded_and_lines_count_from_one():
    t = _transcript()
    assert [s.speaker for s in t.coded_segments()] == ["Anna", "Anna"]
    assert t.line_of(0) == 1 and t.line_of(t.text.index("Customers")) == 4


def test_accepted_items_are_the_accepted_ones_only():
    tags = tuple(Tag("kc-01", f"c{i}", i, i + 5, "care", status=s) for i, s in enumerate(STATUSES))
    links = (Link("kc-01", "care", "trust", "+", ACCEPTED), Link("kc-01", "care", "trust", "-", REJECTED))
    codings = Codings("kc-01", "sha", tags, links)
    assert [t.status for t in codings.accepted_tags()] == [ACCEPTED]
    assert [l.sign for l in codings.accepted_links()] == ["+"]
    assert STATUSES == (SUGGESTED, ACCEPTED, REJECTED)


def test_code_label_and_patterns_fall_back_to_the_codebook_language():
    code = Code("care", "Zorg", "value", "enabling", labels={"nl": "Zorg", "en": "Care"})
    book = Codebook(1, "nl", (code,), patterns_by_language={"care": {"nl": ("zorgen voor",)}})
    assert code.label_for("en") == "Care" and code.label_for("fr") == "Zorg"
    assert book.patterns_for("care", "en") == ("zorgen voor",)
    assert book.get("care") is code and book.get("nope") is None and book.ids == ("care",)
