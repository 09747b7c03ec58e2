"""Tests for culturemap.ingest: every format with exact offsets, metadata, errors, and no crash on junk."""
from __future__ import annotations

import hashlib
import io
import shutil
import string
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturemap.errors import InputError, Issue, ProjectError
from culturemap.ingest import (
    TRANSCRIPT_SUFFIXES,
    detect_language,
    discover,
    fingerprint,
    load_transcripts,
    read_transcript,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REPO = Path(__file__).resolve().parents[1]


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def texts(transcript):
    return [(s.speaker, transcript.text[s.start:s.end]) for s in transcript.segments]


def read_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_transcript(path)
    return info.value


# ---------------------------------------------------------------- markdown / text

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


# ---------------------------------------------------------------- metadata: sidecar and precedence

def test_front_matter_wins_over_sidecar_and_sidecar_fills_the_rest(tmp_path):
    md = write(tmp_path / "anna.md", "---\nid: from-front\ngroup: hr\n---\nInterviewer: Vraag?\nAnna: Antwoord.\n")
    write(tmp_path / "anna.md.yaml", "id: from-sidecar\ngroup: klantcontact\nrole: adviseur\nlanguage: en\nsite: Utrecht\n")
    t = read_transcript(md)
    assert (t.id, t.group, t.role, t.language) == ("from-front", "hr", "adviseur", "en")
    assert t.meta["site"] == "Utrecht"


def test_sidecar_gives_metadata_to_a_vtt(tmp_path):
    shutil.copy(FIXTURES / "ok-sidecar.vtt", tmp_path / "interview.vtt")
    shutil.copy(FIXTURES / "ok-sidecar.vtt.yaml", tmp_path / "interview.vtt.yaml")
    t = read_transcript(tmp_path / "interview.vtt")
    assert (t.id, t.group, t.language, t.name) == ("kc-07", "klantcontact", "nl", "Anna")


def test_fingerprint_covers_file_and_sidecar_bytes(tmp_path):
    md = write(tmp_path / "a.md", "Interviewer: Vraag?\n")
    plain = fingerprint(md)
    assert plain == hashlib.sha256(md.read_bytes()).hexdigest()
    write(tmp_path / "a.md.yaml", "group: hr\n")
    with_sidecar = fingerprint(md)
    assert with_sidecar == hashlib.sha256(md.read_bytes() + b"group: hr\n").hexdigest()
    assert read_transcript(md).fingerprint == with_sidecar


def test_interviewer_list_flags_every_listed_label(tmp_path):
    path = write(tmp_path / "a.md", "---\ninterviewer: [Int, Consultant]\n---\nInt: Een?\nConsultant: Twee?\nPiet: Drie.\n")
    t = read_transcript(path)
    assert [s.is_interviewer for s in t.segments] == [True, True, False]
    assert t.interviewer == "Int"
    assert t.meta["interviewers"] == ["Int", "Consultant"]


# ---------------------------------------------------------------- .docx

def make_docx(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("Interview klantcontact", 1)                   # paragraph 1
    doc.add_paragraph("Interviewer: Hoe gaat het?")                # 2
    p = doc.add_paragraph("Anna: Goed hoor.")                      # 3
    run = p.add_run()
    run.add_break()
    run.add_text("We helpen elkaar altijd.")
    doc.add_paragraph("En de klant staat bij ons echt centraal.")  # 4
    table = doc.add_table(rows=2, cols=2)                          # 5-8
    table.cell(0, 0).text = "Interviewer"
    table.cell(0, 1).text = "En je leidinggevende?"
    table.cell(1, 0).text = "Anna"
    table.cell(1, 1).text = "Die kijkt alleen naar de cijfers."
    doc.add_paragraph("Interviewer: Dank je wel.")                 # 9
    doc.save(str(path))
    return path


def test_docx_turns_line_breaks_and_speaker_table(tmp_path):
    t = read_transcript(make_docx(tmp_path / "kc-01.docx"))
    assert t.text == (
        "Interviewer: Hoe gaat het?\n\n"
        "Anna: Goed hoor.\nWe helpen elkaar altijd.\nEn de klant staat bij ons echt centraal.\n\n"
        "Interviewer: En je leidinggevende?\n\n"
        "Anna: Die kijkt alleen naar de cijfers.\n\n"
        "Interviewer: Dank je wel."
    )
    assert texts(t) == [
        ("Interviewer", "Hoe gaat het?"),
        ("Anna", "Goed hoor.\nWe helpen elkaar altijd.\nEn de klant staat bij ons echt centraal."),
        ("Interviewer", "En je leidinggevende?"),
        ("Anna", "Die kijkt alleen naar de cijfers."),
        ("Interviewer", "Dank je wel."),
    ]
    assert [s.line for s in t.segments] == [2, 3, 5, 7, 9]
    assert [s.is_interviewer for s in t.segments] == [True, False, True, False, True]
    assert t.id == "kc-01" and t.language == "nl"


def test_docx_table_cells_appear_where_the_table_stands(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Voor de tabel staat dit.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Klantcontact zegt veel over ons."
    table.cell(0, 1).text = "Iedereen werkt hard."
    table.cell(1, 0).text = "Targets verschillen."
    cell = table.cell(1, 1)
    cell.text = "Eerste alinea in de cel."
    cell.add_paragraph("Tweede alinea in de cel.")
    doc.add_paragraph("Na de tabel komt dit.")
    path = tmp_path / "notes.docx"
    doc.save(str(path))
    t = read_transcript(path)
    assert texts(t) == [
        ("", "Voor de tabel staat dit."),
        ("", "Klantcontact zegt veel over ons."),
        ("", "Iedereen werkt hard."),
        ("", "Targets verschillen."),
        ("", "Eerste alinea in de cel."),
        ("", "Tweede alinea in de cel."),
        ("", "Na de tabel komt dit."),
    ]
    assert t.text == "\n\n".join(text for _, text in texts(t))


def test_docx_merged_cells_are_read_once(tmp_path):
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Een brede cel over drie kolommen."
    table.cell(1, 0).text = "Links."
    table.cell(1, 2).text = "Rechts."
    path = tmp_path / "merged.docx"
    doc.save(str(path))
    t = read_transcript(path)
    assert texts(t) == [("", "Een brede cel over drie kolommen."), ("", "Links."), ("", "Rechts.")]


def test_docx_sidecar_metadata(tmp_path):
    path = make_docx(tmp_path / "kc-01.docx")
    write(tmp_path / "kc-01.docx.yaml", "id: kc-01b\ngroup: klantcontact\nname: Anna Jansen\n")
    t = read_transcript(path)
    assert (t.id, t.group, t.name) == ("kc-01b", "klantcontact", "Anna Jansen")


# ---------------------------------------------------------------- .vtt / .srt

def test_teams_vtt_voices_merge_consecutive_cues(tmp_path):
    t = read_transcript(FIXTURES / "teams.vtt")
    assert t.text == (
        "Interviewer: Hoe merk je dat de klant centraal staat?\n\n"
        "Anna de Vries: Eerlijk gezegd merk ik dat niet zo. We kijken vooral naar de cijfers, "
        "de afhandeltijd & de targets.\n\n"
        "Interviewer: Waarom is dat zo?\n\n"
        "Anna de Vries: Omdat we daarop worden afgerekend."
    )
    assert texts(t)[1] == ("Anna de Vries", "Eerlijk gezegd merk ik dat niet zo. We kijken vooral naar de "
                                            "cijfers, de afhandeltijd & de targets.")
    assert [s.line for s in t.segments] == [4, 8, 17, 21]
    assert [s.is_interviewer for s in t.segments] == [True, False, True, False]
    assert t.speakers == ("Interviewer", "Anna de Vries")


def test_zoom_vtt_name_prefixes_merge_consecutive_cues(tmp_path):
    t = read_transcript(FIXTURES / "zoom.vtt")
    assert texts(t) == [
        ("Interviewer", "How do you handle complaints?"),
        ("Mark Jansen", "We always pass them on to the back office. Nobody really owns the customer."),
        ("Interviewer", "Why is that?"),
        ("Mark Jansen", "Because the targets are different for every team."),
    ]
    assert [s.line for s in t.segments] == [4, 8, 16, 20]
    assert t.language == "en"
    assert t.text.startswith("Interviewer: How do you handle complaints?\n\nMark Jansen: We always")


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


def test_vtt_interviewer_voice_from_sidecar_is_flagged(tmp_path):
    shutil.copy(FIXTURES / "teams.vtt", tmp_path / "kc-09.vtt")
    write(tmp_path / "kc-09.vtt.yaml", "interviewer: Anna de Vries\n")
    t = read_transcript(tmp_path / "kc-09.vtt")
    assert [(s.speaker, s.is_interviewer) for s in t.segments] == [
        ("Interviewer", True), ("Anna de Vries", True), ("Interviewer", True), ("Anna de Vries", True)]
    assert t.interviewer == "Anna de Vries"


def test_cue_without_speaker_continues_the_turn_before(tmp_path):
    path = write(tmp_path / "a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nPiet: Wij doen dat zo.\n\n"
                                     "00:02.000 --> 00:03.000\nAl jaren eigenlijk.\n")
    t = read_transcript(path)
    assert texts(t) == [("Piet", "Wij doen dat zo. Al jaren eigenlijk.")]
    assert t.segments[0].line == 3


# ---------------------------------------------------------------- language

def test_language_detected_from_the_text_when_not_given(tmp_path):
    en = write(tmp_path / "en.md", "Interviewer: What do you think?\nSam: We always help each other, "
                                   "but the customer is not really at the centre of what we do.\n")
    nl = write(tmp_path / "nl.md", "Interviewer: Wat vind jij?\nSanne: Wij helpen elkaar altijd, maar de klant "
                                   "staat niet echt centraal bij ons.\n")
    assert read_transcript(en, default_language="nl").language == "en"
    assert read_transcript(nl, default_language="en").language == "nl"


def test_language_from_metadata_wins_over_detection(tmp_path):
    path = write(tmp_path / "a.md", "---\nlanguage: English\n---\nPiet: Wij helpen elkaar altijd, maar de klant "
                                    "staat niet centraal.\n")
    assert read_transcript(path).language == "en"


def test_language_falls_back_to_default_with_a_warning(tmp_path):
    t = read_transcript(write(tmp_path / "a.md", "Piet: OK.\n"), default_language="en")
    assert t.language == "en"
    [warning] = t.meta["warnings"]
    assert warning.code == "W103" and warning.level == "warning"


@pytest.mark.parametrize("text, expected", [
    ("De klant is koning, zeggen we altijd, maar niemand doet er iets mee.", "nl"),
    ("The customer is king, we always say, but nobody does anything with it.", "en"),
    ("Klant. Customer.", "xx"),
    ("", "xx"),
])
def test_detect_language(text, expected):
    assert detect_language(text, "xx") == expected


# ---------------------------------------------------------------- errors

def test_empty_file_E101(tmp_path):
    err = read_error(FIXTURES / "empty.md")
    assert err.code == "E101" and str(err).startswith(str(FIXTURES / "empty.md") + ": is empty.")
    assert read_error(write(tmp_path / "blank.txt", " \n\n\t\n")).code == "E101"
    assert read_error(write(tmp_path / "fm-only.md", "---\nid: x\n---\n\n")).code == "E101"
    (tmp_path / "empty.docx").write_bytes(b"")
    assert read_error(tmp_path / "empty.docx").code == "E101"


def test_binary_text_file_E102(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Interviewer: hallo\n\x00\x01\x02\xff\xfe\x00binary\x00")
    err = read_error(path)
    assert err.code == "E102" and err.path == path and err.line == 2
    assert "is not UTF-8 and could not be decoded" in str(err)


def test_unterminated_front_matter_E103():
    err = read_error(FIXTURES / "unterminated.md")
    assert str(err) == f"{FIXTURES / 'unterminated.md'}:1: front matter is not closed. Add a line '---' after the metadata. [E103]"


def test_front_matter_yaml_syntax_error_E104_with_file_line():
    err = read_error(FIXTURES / "badyaml.md")
    assert err.code == "E104" and err.line == 4
    assert "YAML syntax error" in str(err) and str(err).startswith(f"{FIXTURES / 'badyaml.md'}:4:")


def test_front_matter_not_a_mapping_E104():
    err = read_error(FIXTURES / "listfm.md")
    assert err.code == "E104" and err.line == 2 and "found a list instead" in str(err)


def test_front_matter_impossible_date_E104(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\ndate: 2024-02-30\n---\nPiet: Hallo.\n"))
    assert err.code == "E104"


def test_front_matter_list_value_E115_with_line(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\nid: a\ngroup:\n  - hr\n  - it\n---\nPiet: Hallo.\n"))
    assert err.code == "E115" and err.line == 3 and "'group' must be a single value" in str(err)


def test_text_file_named_docx_E105():
    err = read_error(FIXTURES / "notzip.docx")
    assert err.code == "E105" and "is not a valid Word document" in str(err)


def test_zip_that_is_not_a_word_document_E105(tmp_path):
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not word")
    assert read_error(path).code == "E105"


def test_truncated_docx_E105(tmp_path):
    good = make_docx(tmp_path / "good.docx").read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good[: len(good) // 2])
    assert read_error(bad).code == "E105"


def test_vtt_without_header_E106():
    err = read_error(FIXTURES / "noheader.vtt")
    assert err.code == "E106" and err.line == 1 and "the first line is not 'WEBVTT'" in str(err)


def test_vtt_without_cues_E106(tmp_path):
    err = read_error(write(tmp_path / "a.vtt", "WEBVTT\n\nNOTE nothing here\n"))
    assert err.code == "E106" and "no cues found" in str(err)


def test_srt_that_does_not_parse_E107_with_line():
    err = read_error(FIXTURES / "junk.srt")
    assert err.code == "E107" and err.line == 5
    assert str(err).startswith(f"{FIXTURES / 'junk.srt'}:5: could not be read as SubRip (.srt): unexpected text")


def test_srt_without_subtitles_E107(tmp_path):
    assert read_error(write(tmp_path / "a.srt", "just words, no cues\n")).code == "E107"


def test_unknown_language_E110_in_front_matter_and_sidecar(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\nid: a\nlanguage: fr\n---\nPiet: Bonjour.\n"))
    assert err.code == "E110" and err.line == 3 and "unknown language 'fr'" in str(err)
    shutil.copy(FIXTURES / "ok-sidecar.vtt", tmp_path / "b.vtt")
    write(tmp_path / "b.vtt.yaml", "group: hr\nlanguage: klingon\n")
    err = read_error(tmp_path / "b.vtt")
    assert err.code == "E110" and err.path == tmp_path / "b.vtt.yaml" and err.line == 2


def test_bad_sidecar_E111_names_the_sidecar_and_line(tmp_path):
    shutil.copy(FIXTURES / "ok-sidecar.vtt", tmp_path / "b.vtt")
    write(tmp_path / "b.vtt.yaml", "group: hr\nrole: [staff\n")
    err = read_error(tmp_path / "b.vtt")
    assert err.code == "E111" and err.path == tmp_path / "b.vtt.yaml" and err.line == 3
    write(tmp_path / "b.vtt.yaml", "- a\n- b\n")
    err = read_error(tmp_path / "b.vtt")
    assert err.code == "E111" and "found a list" in str(err)
    (tmp_path / "b.vtt.yaml").write_bytes(b"group: \xff\xfe\n")
    assert read_error(tmp_path / "b.vtt").code == "E111"


def test_unsupported_suffix_E112(tmp_path):
    assert read_error(write(tmp_path / "a.pdf", "x")).code == "E112"


def test_id_that_cannot_be_a_file_name_E113(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\nid: ../evil\n---\nPiet: Hallo.\n"))
    assert err.code == "E113" and err.line == 2


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


# ---------------------------------------------------------------- the folder

def test_discover_ignores_settings_sidecars_readme_hidden_and_subfolders(tmp_path):
    for name in ["b.md", "a.txt", "c.DOCX", "d.vtt", "e.srt", "culturemap.yaml", "codebook.yaml", "session.yaml",
                 "links.csv", "d.vtt.yaml", "README.md", "readme.txt", ".hidden.md", "~$lock.docx", "x.pdf"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.md").write_text("x")
    (tmp_path / "folder.md").mkdir()
    assert [p.name for p in discover(tmp_path)] == ["a.txt", "b.md", "c.DOCX", "d.vtt", "e.srt"]
    assert set(TRANSCRIPT_SUFFIXES) == {".md", ".txt", ".docx", ".vtt", ".srt"}


def test_discover_missing_folder_is_a_project_error(tmp_path):
    with pytest.raises(ProjectError) as info:
        discover(tmp_path / "nope")
    assert info.value.code == "E001"


def test_load_transcripts_reports_bad_files_and_reads_the_others(tmp_path):
    write(tmp_path / "a.md", "Interviewer: Hoe gaat het?\nPiet: Wij helpen elkaar altijd, maar de klant komt niet "
                             "op de eerste plaats.\n")
    shutil.copy(FIXTURES / "unterminated.md", tmp_path / "b.md")
    shutil.copy(FIXTURES / "notzip.docx", tmp_path / "c.docx")
    shutil.copy(FIXTURES / "cp1252.txt", tmp_path / "d.txt")
    transcripts, issues = load_transcripts(tmp_path)
    assert [t.id for t in transcripts] == ["a", "d"]
    assert [(i.level, i.code, Path(i.path).name) for i in issues] == [
        ("error", "E103", "b.md"), ("error", "E105", "c.docx"), ("warning", "W101", "d.txt")]
    assert str(issues[0]).startswith(f"{tmp_path / 'b.md'}:1: front matter is not closed.")


def test_duplicate_interview_ids_E108_keep_the_first(tmp_path):
    write(tmp_path / "a.md", "---\nid: kc-01\n---\nPiet: Wij helpen elkaar altijd, maar de klant niet.\n")
    write(tmp_path / "b.md", "---\nid: KC-01\n---\nSanne: De klant staat bij ons niet centraal, echt niet.\n")
    transcripts, issues = load_transcripts(tmp_path)
    assert [t.path.name for t in transcripts] == ["a.md"]
    [issue] = issues
    assert issue.level == "error" and issue.code == "E108"
    assert str(issue) == (f"{tmp_path / 'b.md'}: interview id 'KC-01' is used by {tmp_path / 'a.md'} as well. "
                          "Give one of them another 'id:' in its front matter or sidecar. [E108]")


def test_transcript_with_only_interviewer_turns_warns_E109(tmp_path):
    write(tmp_path / "a.md", "---\ninterviewer: Piet\n---\nPiet: Wij helpen elkaar altijd, maar de klant niet.\n")
    transcripts, issues = load_transcripts(tmp_path)
    assert len(transcripts) == 1
    assert [(i.level, i.code) for i in issues] == [("warning", "E109")]


def test_sample_engagement_loads_without_issues():
    folder = REPO / "interviews"
    if not folder.is_dir() or not discover(folder):
        pytest.skip("the sample engagement has no transcripts yet")
    transcripts, issues = load_transcripts(folder)
    assert [str(i) for i in issues] == []
    assert len(transcripts) == len(discover(folder))
    for t in transcripts:
        assert t.coded_segments(), t.path
        assert t.language in ("nl", "en")
        for s in t.segments:
            assert 0 <= s.start < s.end <= len(t.text)
            assert t.text[s.start:s.end] == t.text[s.start:s.end].strip()


# ---------------------------------------------------------------- property tests: never a traceback

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LABEL = st.sampled_from(["Interviewer", "Anna", "Anna de Vries", "Int", "R", "**Piet:**", "Kortom", "- ", "# ", ""])
LINE = st.builds(lambda label, body: f"{label}: {body}" if label else body, LABEL, st.text(max_size=60))


def check_segments(t):
    assert t.language in ("nl", "en")
    for s in t.segments:
        assert 0 <= s.start <= s.end <= len(t.text)
        assert s.line >= 1
        assert t.text[s.start:s.end].strip() == t.text[s.start:s.end]


def read_or_input_error(path: Path):
    try:
        t = read_transcript(path)
    except InputError as exc:
        assert exc.code and str(exc)
        return None
    check_segments(t)
    return t


@PROPERTY
@given(body=st.lists(LINE, max_size=12).map("\n".join) | st.text(max_size=300))
def test_property_random_text_never_crashes(tmp_path, body):
    data = body.encode("utf-8", "replace")
    path = tmp_path / "random.md"
    path.write_bytes(data)
    t = read_or_input_error(path)
    if t is not None:   # the text is the file as read: decoded, universal newlines
        assert t.text == data.decode("utf-8-sig").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


YAML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
FRONT_MATTER = st.dictionaries(
    st.sampled_from(["id", "name", "group", "role", "language", "date", "interviewer", "extra"]) | st.text(max_size=8),
    YAML_VALUE, max_size=6,
).map(lambda d: yaml.safe_dump(d, allow_unicode=True)) | st.text(max_size=120)


@PROPERTY
@given(front=FRONT_MATTER, body=st.lists(LINE, max_size=6).map("\n".join), close=st.booleans())
def test_property_random_front_matter_never_crashes(tmp_path, front, body, close):
    path = tmp_path / "fm.md"
    path.write_bytes(("---\n" + front + ("\n---\n" if close else "\n") + body).encode("utf-8", "replace"))
    read_or_input_error(path)


@PROPERTY
@given(front=FRONT_MATTER)
def test_property_random_sidecar_never_crashes(tmp_path, front):
    shutil.copy(FIXTURES / "zoom.vtt", tmp_path / "s.vtt")
    (tmp_path / "s.vtt.yaml").write_bytes(front.encode("utf-8", "replace"))
    read_or_input_error(tmp_path / "s.vtt")


@PROPERTY
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".docx", ".vtt", ".srt", ".md", ".txt"]))
def test_property_random_bytes_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"bytes{suffix}"
    path.write_bytes(data)
    read_or_input_error(path)


CUE_TEXT = st.text(alphabet=string.printable + "éëï<>&;v", max_size=50)


@PROPERTY
@given(cues=st.lists(st.tuples(st.integers(0, 5000), CUE_TEXT, st.sampled_from(["<v Anna>", "Piet: ", "", "<i>"])),
                     max_size=6),
       junk=st.text(max_size=30), fmt=st.sampled_from(["vtt", "srt"]))
def test_property_random_cues_never_crash(tmp_path, cues, junk, fmt):
    if fmt == "vtt":
        blocks = ["WEBVTT"] + [f"00:{s // 60:02d}:{s % 60:02d}.000 --> 00:{s // 60:02d}:{s % 60:02d}.500\n{p}{t}"
                               for s, t, p in cues]
    else:
        blocks = [f"{n + 1}\n00:{s // 60:02d}:{s % 60:02d},000 --> 00:{s // 60:02d}:{s % 60:02d},500\n{p}{t}"
                  for n, (s, t, p) in enumerate(cues)]
    path = tmp_path / f"cues.{fmt}"
    path.write_bytes(("\n\n".join(blocks) + "\n" + junk).encode("utf-8", "replace"))
    read_or_input_error(path)


@PROPERTY
@given(data=st.binary(min_size=1, max_size=300), member=st.sampled_from(
    ["word/document.xml", "[Content_Types].xml", "word/styles.xml"]))
def test_property_damaged_docx_never_crashes(tmp_path, data, member):
    good = make_docx(tmp_path / "good.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == member else src.read(item))
    path = tmp_path / "damaged.docx"
    path.write_bytes(buffer.getvalue())
    read_or_input_error(path)


# ---------------------------------------------------------------- warnings about the balance of turns

ANSWERS_IN_THE_QUESTION_NL = """\
Interviewer: Hoe merk je dat de klant centraal staat?
Eerlijk gezegd merk ik dat niet zo. We kijken vooral naar de cijfers en de afhandeltijd.
Iedereen werkt voor zijn eigen target en de klant schuiven we door naar de backoffice.
Interviewer: Dank je.
Piet: Graag gedaan.
"""


def test_interviewer_holding_most_words_warns_W104_naming_the_file_nl(tmp_path):
    path = write(tmp_path / "kc-04.txt", ANSWERS_IN_THE_QUESTION_NL)
    t = read_transcript(path)
    [warning] = t.meta["warnings"]
    assert warning.code == "W104" and warning.level == "warning"
    assert str(warning) == (
        f"{path}: the interviewer's turns hold 95% of the words (41 of 43). Check the interviewer's label "
        "('interviewer:' in the front matter or sidecar) and that the answers have their own speaker label. [W104]")
    transcripts, issues = load_transcripts(tmp_path)
    assert [(i.code, Path(i.path).name) for i in issues] == [("W104", "kc-04.txt")]


def test_interviewer_holding_most_words_warns_W104_en(tmp_path):
    text = ("Q: How do you handle complaints? I mean, when a customer calls you and is angry, what do you do, who "
            "do you ask, and do you think the back office helps you or do they pass the customer on again?\n"
            "A: We pass them on.\n\nQ: Thank you, that is all I wanted to ask you about the complaints for now.\n"
            "A: Sure.\n")
    assert [w.code for w in read_transcript(write(tmp_path / "a.md", text)).meta["warnings"]] == ["W104"]


def test_short_or_balanced_transcripts_do_not_warn_W104(tmp_path):
    short = read_transcript(write(tmp_path / "a.md", "Interviewer: Hoe gaat het met het team?\nPiet: Goed.\n"))
    assert short.meta["warnings"] == []
    balanced = read_transcript(write(tmp_path / "b.md", ANSWERS_IN_THE_QUESTION_NL.replace(
        "\nEerlijk", "\n\nPiet: Eerlijk")))
    assert balanced.meta["warnings"] == []


def test_no_interviewee_words_warns_E109_when_tagging_too(tmp_path):
    from click.testing import CliRunner

    from culturemap.cli import main

    runner = CliRunner()
    root = tmp_path / "eng"
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    write(root / "a.md", "Interviewer: Hoe merk je dat de klant centraal staat?\nInterviewer: En verder?\n")
    write(root / "b.md", "Interviewer: Hoe gaat het?\n\nPiet: Wij helpen elkaar altijd, maar de klant niet.\n")
    result = runner.invoke(main, ["tag", str(root)])
    assert result.exit_code == 0, result.output
    assert (f"Warning: {root / 'a.md'}: has no words to code (only interviewer turns?). Check the 'interviewer:' "
            "label in its front matter. [E109]") in result.output.splitlines()
