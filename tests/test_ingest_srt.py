"""Tests for culturemap.ingest.formats.srt: SubRip cues with name prefixes."""
from __future__ import annotations

from ingest_support import FIXTURES, read_error, texts, write

from culturemap.ingest import read_transcript


def test_srt_name_prefixes_tags_and_multiline_cues(tmp_path):
    t = read_transcript(FIXTURES / "call.srt")
    assert texts(t) == [
        ("Interviewer", "Wat betekent klantgericht voor jou?"),
        ("Fatima", "Dat je de klant niet van het kastje naar de muur stuurt. Maar hier gebeurt dat nog heel vaak."),
        ("Interviewer", "Hoe komt dat?"),
        ("Fatima", "Omdat iedereen alleen zijn eigen doelen heeft."),
    ]
    assert [s.line for s in t.segments] == [2, 6, 15, 19]
    assert t.text.split("\n\n")[1].startswith("Fatima: Dat je de klant")


def test_srt_that_does_not_parse_E107_with_line():
    err = read_error(FIXTURES / "junk.srt")
    assert err.code == "E107" and err.line == 5
    assert str(err).startswith(f"{FIXTURES / 'junk.srt'}:5: could not be read as SubRip (.srt): unexpected text")


def test_srt_without_subtitles_E107(tmp_path):
    assert read_error(write(tmp_path / "a.srt", "just words, no cues\n")).code == "E107"
