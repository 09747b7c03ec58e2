"""Tests for culturemap.ingest.formats.docx: paragraphs, line breaks, tables, damaged Word files."""
from __future__ import annotations

import zipfile

from ingest_support import FIXTURES, make_docx, read_error, texts, write

from culturemap.ingest import read_transcript


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


def test_docx_unlabelled_answer_paragraphs_after_a_question_are_the_interviewees(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Interviewer: Hoe merk je dat de klant centraal staat?")     # 1
    doc.add_paragraph("Eerlijk gezegd merk ik dat niet zo.")                       # 2
    doc.add_paragraph("We kijken vooral naar de cijfers.")                         # 3
    table = doc.add_table(rows=1, cols=2)                                          # 4-6
    table.cell(0, 0).text = "Interviewer"
    table.cell(0, 1).text = "En je leidinggevende?"
    table.cell(0, 1).add_paragraph("Wat vindt die ervan?")
    doc.add_paragraph("Die kijkt alleen naar de targets.")                         # 7
    path = tmp_path / "kc-05.docx"
    doc.save(str(path))
    t = read_transcript(path)
    assert [(s.speaker, s.text_of(t), s.is_interviewer, s.line) for s in t.segments] == [
        ("Interviewer", "Hoe merk je dat de klant centraal staat?", True, 1),
        ("Respondent", "Eerlijk gezegd merk ik dat niet zo.\nWe kijken vooral naar de cijfers.", False, 2),
        ("Interviewer", "En je leidinggevende?\nWat vindt die ervan?", True, 4),
        ("Respondent", "Die kijkt alleen naar de targets.", False, 7),
    ]
    assert t.text == ("Interviewer: Hoe merk je dat de klant centraal staat?\n\n"
                      "Respondent: Eerlijk gezegd merk ik dat niet zo.\nWe kijken vooral naar de cijfers.\n\n"
                      "Interviewer: En je leidinggevende?\nWat vindt die ervan?\n\n"
                      "Respondent: Die kijkt alleen naar de targets.")


def test_hidden_text_is_never_read(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Interviewer: Hoe gaat het?")
    p = doc.add_paragraph("Anna: We helpen elkaar.")
    hidden = p.add_run(" Notitie: dit is Jan de Vries van team Zuid.")
    hidden.font.hidden = True
    shown = p.add_run(" De klant staat centraal.")
    shown.font.hidden = False
    doc.save(str(tmp_path / "kc-02.docx"))
    t = read_transcript(tmp_path / "kc-02.docx")
    assert "Jan de Vries" not in t.text and "Notitie" not in t.text
    assert "We helpen elkaar. De klant staat centraal." in t.text


def test_a_powerpoint_renamed_docx_says_what_it_is(tmp_path):
    path = tmp_path / "kc-03.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p:presentation/>")
    message = str(read_error(path))
    assert "PowerPoint file renamed to .docx" in message and "[E105]" in message
    assert "object at 0x" not in message


def test_a_docx_that_unpacks_to_gigabytes_is_refused_before_unpacking(tmp_path, monkeypatch):
    import culturemap.ingest.formats.docx as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED", 1024 * 1024)     # 1 MB, so the test file stays small
    path = tmp_path / "kc-04.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * (2 * 1024 * 1024) + "</w:document>")
    assert path.stat().st_size < 50_000
    message = str(read_error(path))
    assert "unpacks to 2 MB" in message and "[E105]" in message
