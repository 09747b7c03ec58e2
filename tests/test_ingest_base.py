"""Tests for culturemap.ingest.base: the reader registry and what follows it (discover, E112, E310, init)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_support import FIXTURES, read_error, texts

from culturemap.errors import Errors, InputError, Issue, StoreError
from culturemap.ingest import (
    TRANSCRIPT_SUFFIXES,
    Reading,
    Source,
    Turn,
    discover,
    read_transcript,
    reader_for,
    readers,
    register_reader,
    transcript_suffixes,
    unregister_reader,
)


class XyzReader:
    """A made-up format: every line ``who|words`` is a turn of ``who``."""

    name = "xyz"
    suffixes = (".xyz",)

    def read(self, source: Source) -> Reading:
        text = source.text()
        turns, speakers, pos = [], [], 0
        for number, line in enumerate(text.split("\n"), 1):
            who, bar, words = line.partition("|")
            if bar and words.strip():
                start = pos + len(who) + 1
                turns.append(Turn(who, start, start + len(words.rstrip()), number))
                if who not in speakers:
                    speakers.append(who)
            pos += len(line) + 1
        return Reading(text, tuple(turns), tuple(speakers))


@pytest.fixture
def xyz():
    reader = register_reader(XyzReader())
    try:
        yield reader
    finally:
        unregister_reader(reader)
    assert ".xyz" not in transcript_suffixes()


def test_built_in_readers_in_a_stable_order():
    assert [r.name for r in readers()] == ["text", "Word", "WebVTT", "SubRip"]
    assert transcript_suffixes() == (".md", ".txt", ".docx", ".vtt", ".srt")
    assert tuple(TRANSCRIPT_SUFFIXES) == transcript_suffixes()
    assert reader_for(Path("a.DOCX")).name == "Word" and reader_for("a.pdf") is None


def test_a_registered_reader_is_discovered_and_read(tmp_path, xyz):
    (tmp_path / "a.md").write_text("Piet: Wij helpen elkaar altijd, maar de klant niet.\n", encoding="utf-8")
    (tmp_path / "b.xyz").write_text("Interviewer|Hoe gaat het?\nPiet|De klant staat niet centraal bij ons.\n",
                                    encoding="utf-8")
    (tmp_path / "c.pdf").write_text("x", encoding="utf-8")
    assert [p.name for p in discover(tmp_path)] == ["a.md", "b.xyz"]
    assert ".xyz" in TRANSCRIPT_SUFFIXES
    t = read_transcript(tmp_path / "b.xyz")
    assert [(s.speaker, s.text_of(t), s.line, s.is_interviewer) for s in t.segments] == [
        ("Interviewer", "Hoe gaat het?", 1, True), ("Piet", "De klant staat niet centraal bij ons.", 2, False)]
    assert t.id == "b" and t.language == "nl"


def test_the_unsupported_file_message_lists_a_registered_reader(tmp_path, xyz):
    path = tmp_path / "a.pdf"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert str(info.value) == (f"{path}: unsupported file type '.pdf'. "
                               "Save the transcript as .md, .txt, .docx, .vtt, .srt or .xyz. [E112]")
    assert str(StoreError(Errors.E310, path=tmp_path)) == (
        f"{tmp_path}: no transcripts found. Put .md, .txt, .docx, .vtt, .srt or .xyz files directly in the "
        "engagement folder. [E310]")


def test_init_names_the_registered_suffixes(tmp_path, xyz):
    from culturemap.cli import main

    result = CliRunner().invoke(main, ["init", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("Next: put the transcripts (.md, .txt, .docx, .vtt, .srt, .xyz) in")


def test_messages_without_extra_readers_are_as_before(tmp_path):
    with pytest.raises(InputError) as info:
        read_transcript(tmp_path / "a.pdf")
    assert info.value.message == "unsupported file type '.pdf'. Save the transcript as .md, .txt, .docx, .vtt or .srt."


def test_a_suffix_cannot_have_two_readers_unless_replaced(xyz):
    class Other(XyzReader):
        name = "other"

    with pytest.raises(ValueError, match="already read by 'xyz'"):
        register_reader(Other())
    other = register_reader(Other(), replace=True)
    try:
        assert reader_for("a.xyz") is other and xyz not in readers()
    finally:
        unregister_reader(other)
    with pytest.raises(ValueError, match="lowercase"):
        register_reader(type("Bad", (XyzReader,), {"suffixes": ("XYZ",)})())


def test_source_decodes_and_merges_sidecar_and_front_matter_once(tmp_path):
    from culturemap.ingest.metadata import read_sidecar, split_front_matter

    path = tmp_path / "a.txt"
    path.write_bytes("---\ngroup: hr\n---\nPiet: caf\u00e9\n".encode("cp1252"))
    (tmp_path / "a.txt.yml").write_text("group: it\nrole: adviseur\ninterviewer: Int\n", encoding="utf-8")
    source = Source(path, path.read_bytes(), read_sidecar(path)[0])
    text = source.text()
    assert text == "---\ngroup: hr\n---\nPiet: caf\u00e9\n" and [w.code for w in source.warnings] == ["W101"]
    meta = source.metadata(split_front_matter(text, path)[0])
    assert (meta["group"], meta["role"], meta["id"]) == ("hr", "adviseur", "a")
    assert source.metadata() is meta
    assert source.interviewers == frozenset({"int", "interviewer"})


# ---------------------------------------------------------------- moved from tests/test_ingest.py

def test_binary_text_file_E102(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Interviewer: hallo\n\x00\x01\x02\xff\xfe\x00binary\x00")
    err = read_error(path)
    assert err.code == "E102" and err.path == path and err.line == 2
    assert "is not UTF-8 and could not be decoded" in str(err)


def test_cp1252_file_is_read_with_a_warning():
    t = read_transcript(FIXTURES / "cp1252.txt")
    assert texts(t)[1] == ("Piet", "De klant is koning, zeggen we altijd. Maar \u00e9cht niet.")
    [warning] = t.meta["warnings"]
    assert isinstance(warning, Issue) and warning.level == "warning" and warning.code == "W101"
    assert str(warning) == (f"{FIXTURES / 'cp1252.txt'}:2: was not UTF-8; read it as cp1252. "
                            "Save it as UTF-8 to silence this warning. [W101]")


def test_utf16_file_with_bom_is_read_with_a_warning(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Interviewer: Hoe gaat het?\nPiet: Goed.\n".encode("utf-16"))
    t = read_transcript(path)
    assert texts(t) == [("Interviewer", "Hoe gaat het?"), ("Piet", "Goed.")]
    assert [w.code for w in t.meta["warnings"]][0] == "W101"
