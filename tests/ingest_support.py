"""Helpers shared by the ingest tests (tests/test_ingest*.py): fixture folder, writing files, reading errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from culturemap.errors import InputError
from culturemap.ingest import read_transcript

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def texts(transcript):
    return [(s.speaker, transcript.text[s.start:s.end]) for s in transcript.segments]


def read_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_transcript(path)
    return info.value


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
