"""Tests for culturemap.ingest.formats.text: .md/.txt turns with exact offsets into the file as read."""
from __future__ import annotations

import hashlib
import shutil

from ingest_support import FIXTURES, texts, write

from culturemap.ingest import read_transcript

INTERVIEW_MD = """\
---
id: mgr-01
name: Anna de Vries
group: leidinggevenden
role: teamleider
date: 2024-03-12
interviewer: Int
project: pilot
---
# Interview met Anna

Int: Hoe merk je dat de klant centraal staat?

Anna de Vries: Wij helpen elkaar altijd.
Maar de klant staat niet centraal.

Dat is echt zo.
**Int:** En verder?
Anna de Vries:
Nee, verder niet.
Interviewer: Dank je.
"""


def test_md_turns_have_exact_offsets_into_the_file_as_read(tmp_path):
    path = write(tmp_path / "anna.md", INTERVIEW_MD)
    t = read_transcript(path)
    assert t.text == INTERVIEW_MD
    assert texts(t) == [
        ("Int", "Hoe merk je dat de klant centraal staat?"),
        ("Anna de Vries", "Wij helpen elkaar altijd.\nMaar de klant staat niet centraal.\n\nDat is echt zo."),
        ("Int", "En verder?"),
        ("Anna de Vries", "Nee, verder niet."),
        ("Interviewer", "Dank je."),
    ]
    first = t.segments[0]
    assert first.start == INTERVIEW_MD.index("Hoe merk je")
    assert first.end == INTERVIEW_MD.index("staat?") + len("staat?")
    assert [s.line for s in t.segments] == [12, 14, 18, 19, 21]
    assert [t.line_of(s.start) for s in t.segments] == [12, 14, 18, 20, 21]


def test_md_metadata_from_front_matter(tmp_path):
    t = read_transcript(write(tmp_path / "anna.md", INTERVIEW_MD))
    assert (t.id, t.name, t.group, t.role, t.date, t.interviewer) == (
        "mgr-01", "Anna de Vries", "leidinggevenden", "teamleider", "2024-03-12", "Int")
    assert t.meta["project"] == "pilot"
    assert t.meta["warnings"] == []
    assert t.speakers == ("Int", "Anna de Vries", "Interviewer")
    assert t.fingerprint == hashlib.sha256(INTERVIEW_MD.encode()).hexdigest()


def test_interviewer_turns_are_flagged_configured_label_and_default(tmp_path):
    t = read_transcript(write(tmp_path / "anna.md", INTERVIEW_MD))
    assert [(s.speaker, s.is_interviewer) for s in t.segments] == [
        ("Int", True), ("Anna de Vries", False), ("Int", True), ("Anna de Vries", False), ("Interviewer", True)]
    assert [s.speaker for s in t.coded_segments()] == ["Anna de Vries", "Anna de Vries"]


def test_interviewer_label_is_case_insensitive_and_other_labels_are_coded(tmp_path):
    path = write(tmp_path / "a.md", "---\ninterviewer: consultant\n---\nCONSULTANT: Vraag een.\n"
                                   "Respondent: Antwoord een.\nConsultant: Vraag twee.\nrespondent: Antwoord twee.\n")
    t = read_transcript(path)
    assert [(s.speaker, s.is_interviewer) for s in t.segments] == [
        ("CONSULTANT", True), ("Respondent", False), ("Consultant", True), ("respondent", False)]
    assert t.interviewer == "consultant"


def test_markdown_heading_is_not_coded_and_ends_a_turn(tmp_path):
    text = "# Deel 1\nInterviewer: Vraag?\n## Deel 2\nLos stuk tekst.\n"
    t = read_transcript(write(tmp_path / "a.md", text))
    assert texts(t) == [("Interviewer", "Vraag?"), ("", "Los stuk tekst.")]
    assert t.segments[1].line == 4


def test_txt_with_crlf_newlines_is_read_with_universal_newlines(tmp_path):
    path = tmp_path / "kc-02.txt"
    path.write_bytes(b"Interviewer: Hoe gaat het?\r\nPiet: Goed.\r\nWe helpen elkaar.\r\n")
    t = read_transcript(path)
    assert t.text == "Interviewer: Hoe gaat het?\nPiet: Goed.\nWe helpen elkaar.\n"
    assert texts(t) == [("Interviewer", "Hoe gaat het?"), ("Piet", "Goed.\nWe helpen elkaar.")]
    assert t.id == "kc-02"


def test_sentences_with_a_colon_are_not_speaker_labels(tmp_path):
    text = ("Interviewer: Wat zei je manager?\n"
            "Piet: Hij zei het zo.\n"
            "Mijn manager zei: de cijfers eerst.\n"
            "Kortom: we doen het zoals altijd.\n"
            "Interviewer: Duidelijk. Zie https://example.org voor meer.\n")
    t = read_transcript(write(tmp_path / "a.md", text))
    assert texts(t) == [
        ("Interviewer", "Wat zei je manager?"),
        ("Piet", "Hij zei het zo.\nMijn manager zei: de cijfers eerst.\nKortom: we doen het zoals altijd."),
        ("Interviewer", "Duidelijk. Zie https://example.org voor meer."),
    ]
    assert t.speakers == ("Interviewer", "Piet")


def test_enumerations_inside_a_turn_are_not_speakers(tmp_path):
    text = ("Interviewer: Wat moet er gebeuren?\n\n"
            "Lotte: Drie dingen, eigenlijk.\n"
            "Eén: ruimte om zelf te beslissen.\n"
            "Twee: geen schuldige zoeken.\n"
            "Stap 3: de directie loopt mee.\n"
            "Klanten: die merken het meteen.\n\n"
            "Interviewer: Dank je.\n")
    t = read_transcript(write(tmp_path / "a.md", text))
    assert [s.speaker for s in t.segments] == ["Interviewer", "Lotte", "Interviewer"]
    assert t.segments[1].text_of(t).endswith("Klanten: die merken het meteen.")
    assert t.speakers == ("Interviewer", "Lotte")


def test_notes_without_labels_one_segment_per_paragraph_or_bullet(tmp_path):
    shutil.copy(FIXTURES / "notes.md", tmp_path / "bo-03.md")
    t = read_transcript(tmp_path / "bo-03.md")
    assert texts(t) == [
        ("", "De klant komt bij ons eigenlijk nooit ter sprake."),
        ("", "Targets verschillen per afdeling,\n  dus iedereen kijkt naar zijn eigen cijfers."),
        ("", "Fouten maken wordt niet gewaardeerd."),
        ("", "Conclusie: men durft geen eigen beslissingen te nemen.\nDat zegt veel over de cultuur."),
    ]
    assert [s.line for s in t.segments] == [3, 4, 6, 8]
    assert all(not s.is_interviewer for s in t.segments)
    assert len(t.coded_segments()) == 4
    assert t.speakers == ()


def test_numbered_list_and_label_alone_on_its_line(tmp_path):
    text = "1. Eerste punt\n2) Tweede punt\n\nInterviewer:\n\nVraag op de volgende regel?\n"
    t = read_transcript(write(tmp_path / "a.md", text))
    assert texts(t) == [("", "Eerste punt"), ("", "Tweede punt"), ("Interviewer", "Vraag op de volgende regel?")]
    assert t.segments[2].line == 4
