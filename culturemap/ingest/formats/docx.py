"""``.docx``: paragraphs in body order, tables included (cell by cell, row by row, where they stand), manual
line breaks as ``"\\n"``. ``text`` is a rendering: one ``Label: text`` paragraph per turn (or a plain paragraph
for unlabelled text), joined by a blank line. ``Segment.line`` is the paragraph number.

A table row ``Speaker | text`` is a turn of that speaker. python-docx is imported only when a file is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import Errors, InputError
from ..base import Reading, Source, register_reader
from ..speakers import label_shape, not_a_label, parse_turns, render_turns

_BLANK_LINES = re.compile(r"\n\s*\n")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP_IN_PARAGRAPH = frozenset({
    "pPr", "rPr", "del", "moveFrom", "delText", "instrText", "drawing", "pict", "object", "AlternateContent",
    "footnoteReference", "endnoteReference", "commentReference", "fldChar",
})


@dataclass
class _Para:
    text: str
    number: int
    heading: bool = False
    joined: bool = False        # continues the paragraph before it (one table cell): no blank line between


#: A Word transcript of a long interview unpacks to a few MB; more than this is no transcript (a zip bomb:
#: 5 MB on disk, 1.8 GB of XML).
MAX_UNPACKED = 200 * 1024 * 1024
_OTHER_OFFICE = {"ppt/presentation.xml": "a PowerPoint file", "xl/workbook.xml": "an Excel file"}


def _package_problem(data: bytes) -> str | None:
    """Why the package is not a Word document we should open, before python-docx unpacks it."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None                         # python-docx reports it; _docx_detail words it
    names = {i.filename for i in infos}
    for member, what in _OTHER_OFFICE.items():
        if member in names and "word/document.xml" not in names:
            return f"it is {what} renamed to .docx; open it in its own program and save the text as .docx"
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED:
        return (f"it unpacks to {unpacked // (1024 * 1024):,} MB, far more than a transcript; "
                "save the text as a new .docx")
    return None


def _docx_detail(data: bytes, exc: Exception) -> str:
    import zipfile

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is an old Word .doc file or is password-protected"
    if isinstance(exc, zipfile.BadZipFile) or not data.startswith(b"PK"):
        return "it is not a Word package; the file may be damaged or renamed"
    name = type(exc).__name__
    if name == "PackageNotFoundError":
        return "no Word document inside the package"
    message = re.sub(r"'?<[^<>]* object at 0x[0-9a-fA-F]+>'?", "the file", " ".join(str(exc).split()))[:80]
    return f"{name}: {message}" if message else name


def _hidden(run) -> bool:
    """A run formatted as hidden text (Word's Font > Hidden, ``<w:vanish/>``): never read, never exported."""
    rpr = run.find(_W + "rPr")
    if rpr is None:
        return False
    vanish = rpr.find(_W + "vanish")
    return vanish is not None and vanish.get(_W + "val", "true").lower() not in ("0", "false", "off")


def _docx_paragraph_text(p) -> str:
    out: list[str] = []

    def walk(el):
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag.rsplit("}", 1)[-1]
            if local in _SKIP_IN_PARAGRAPH or (local == "r" and _hidden(child)):
                continue
            if local == "t":
                out.append(child.text or "")
            elif local in ("br", "cr"):
                out.append("\n")
            elif local == "tab":
                out.append("\t")
            elif local == "noBreakHyphen":
                out.append("-")
            elif local == "sym":
                out.append("")
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _docx_paragraphs(data: bytes, path: Path) -> list[_Para]:
    import io

    problem = _package_problem(data)
    if problem is not None:
        raise InputError(Errors.E105, path=path, detail=problem)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        heading_styles = set()
        for style in document.styles:
            try:
                name = (style.name or "").lower()
                if name.startswith("heading") or name in ("title", "subtitle"):
                    heading_styles.add(style.style_id)
            except Exception:   # a damaged style entry: not a heading
                continue
    except Exception as exc:    # python-docx/lxml/zipfile raise many kinds on damaged files
        raise InputError(Errors.E105, path=path, detail=_docx_detail(data, exc)) from None

    paras: list[_Para] = []
    counter = [0]

    def paragraph(p) -> _Para:
        counter[0] += 1
        heading = False
        ppr = p.find(_W + "pPr")
        if ppr is not None:
            style = ppr.find(_W + "pStyle")
            if style is not None and style.get(_W + "val") in heading_styles:
                heading = True
        return _Para(_docx_paragraph_text(p), counter[0], heading)

    def blocks(el) -> list[_Para]:
        out: list[_Para] = []
        for child in el.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                out.append(paragraph(child))
            elif tag == _W + "tbl":
                out.extend(table(child))
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                out.extend(blocks(child))
        return out

    def children(el, name):
        for child in el.iterchildren():
            if child.tag == _W + name:
                yield child
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                yield from children(child, name)

    def table(tbl) -> list[_Para]:
        out: list[_Para] = []
        for tr in children(tbl, "tr"):
            cells = [[b for b in blocks(tc) if b.text.strip()] for tc in children(tr, "tc")]
            out.extend(_speaker_row(cells))
        return out

    try:
        paras = blocks(body)
    except Exception as exc:    # malformed XML inside an otherwise valid package
        raise InputError(Errors.E105, path=path, detail=_docx_detail(data, exc)) from None
    return paras


def _speaker_row(cells: list[list[_Para]]) -> list[_Para]:
    """A table row ``Speaker | text`` becomes ``Speaker: text``; other rows give their cells' paragraphs."""
    flat = [p for cell in cells for p in cell]
    if len(cells) >= 2 and len(cells[0]) == 1 and any(cells[1:]):
        label = " ".join(cells[0][0].text.split()).rstrip(":").strip()
        if label_shape(label) and not not_a_label(label):
            rest = [p for cell in cells[1:] for p in cell]
            first = rest[0]
            more = [_Para(p.text, p.number, p.heading, joined=True) for p in rest[1:]]   # all the speaker's
            return [_Para(f"{label}: {first.text.strip()}", cells[0][0].number)] + more
    return flat


def _docx_turns(paras: list[_Para], interviewers: frozenset[str]) -> tuple[list[tuple], list[str], frozenset[str]]:
    """(speaker, words, paragraph number) turns, the speaker labels, the labels the layout gives the interviewer."""
    pieces: list[str] = []
    line_numbers: list[int] = []       # line of the intermediate text -> paragraph number
    for para in paras:
        if not para.text.strip():
            continue
        text = "# " + " ".join(para.text.split()) if para.heading else para.text
        if pieces and not para.joined:
            pieces.append("")
            line_numbers.append(para.number)
        pieces.append(text)
        line_numbers.extend([para.number] * (text.count("\n") + 1))
    inter = "\n".join(pieces)
    parsed = parse_turns(inter, 0, interviewers)
    turns = [(r.speaker, _BLANK_LINES.sub("\n", inter[r.start:r.end]), line_numbers[r.line]) for r in parsed.turns]
    return turns, list(parsed.speakers), parsed.interviewers



class DocxReader:
    name = "Word"
    suffixes = (".docx",)

    def read(self, source: Source) -> Reading:
        interviewers = source.interviewers
        turns, speakers, layout_interviewers = _docx_turns(_docx_paragraphs(source.data, source.path), interviewers)
        if not turns and not speakers:
            raise InputError(Errors.E101, path=source.path)
        text, rendered = render_turns(turns)
        return Reading(text, tuple(rendered), tuple(speakers), layout_interviewers)


register_reader(DocxReader())
