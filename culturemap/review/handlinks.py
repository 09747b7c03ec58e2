"""Hand-drawn links: ``DIR/links.csv`` with the header ``cause,effect,sign[,note]``.

Consultants draw links the interviews imply but nobody said in one breath; they count as accepted. The file
may come straight out of (Dutch) Excel: a byte-order mark, ``;`` as separator, cp1252 encoding, empty rows
and header names in any case are all tolerated. Every problem names ``links.csv`` and its line.
"""
from __future__ import annotations

import csv
import difflib
import io

from ..errors import Errors, StoreError
from ..models import Link
from ..store import project_root

__all__ = ["read_hand_links", "parse_hand_links", "LINKS_FILE"]

LINKS_FILE = "links.csv"
REQUIRED = ("cause", "effect", "sign")
SIGN_ALIASES = {"+": "+", "-": "-", "\u2212": "-", "\u2013": "-"}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    """``;`` when the header uses it (Dutch Excel), else ``,``.

    >>> _delimiter("cause;effect;sign"), _delimiter("cause,effect,sign")
    (';', ',')
    """
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _hint(code: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(code, ids, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    if not ids:
        return "the codebook has no codes"
    shown = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
    return f"known: {shown}"


def parse_hand_links(text: str, code_ids, *, path=LINKS_FILE) -> tuple[Link, ...]:
    """Parse the text of a links.csv (see :func:`read_hand_links`); ``path`` is used in messages.

    >>> links = parse_hand_links("cause;effect;sign;note\\nsilo;no-time;+;zie kc-03\\n", ["silo", "no-time"])
    >>> [(l.cause, l.effect, l.sign, l.origin, l.status, l.note) for l in links]
    [('silo', 'no-time', '+', 'hand', 'accepted', 'zie kc-03')]
    """
    ids = sorted(code_ids)
    by_lower = {i.lower(): i for i in ids}
    lines = text.splitlines()
    first = next((l for l in lines if l.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    header: list[str] | None = None
    out: list[Link] = []
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            raise StoreError(Errors.E316, path=path, line=reader.line_num or None, detail=str(exc)) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue                                    # empty line (or an Excel row of separators)
        if header is None:
            header = [cell.strip().lower().lstrip("\ufeff") for cell in row]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise StoreError(Errors.E303, path=path, line=line, columns=", ".join(f"'{c}'" for c in missing))
            if {"interview", "status", "origin"} <= set(header):     # export --format csv's links.csv
                raise StoreError(Errors.E317, path=path, line=line)
            continue
        cells = {name: (row[n].strip() if n < len(row) else "") for n, name in enumerate(header)}
        for column in REQUIRED:
            if not cells.get(column):
                raise StoreError(Errors.E313, path=path, line=line, column=column)
        codes = []
        for column in ("cause", "effect"):
            value = cells[column]
            code = value if value in ids else by_lower.get(value.lower())
            if code is None:
                shown = value if len(value) <= 40 else value[:39] + "\u2026"
                raise StoreError(Errors.E301, path=path, line=line, code=shown, hint=_hint(value[:80], ids))
            codes.append(code)
        sign = SIGN_ALIASES.get(cells["sign"])
        if sign is None:
            raise StoreError(Errors.E302, path=path, line=line, sign=cells["sign"][:20])
        out.append(Link(interview="", cause=codes[0], effect=codes[1], sign=sign, status="accepted",
                        origin="hand", note=cells.get("note", "")))
    return tuple(sorted(out, key=lambda l: (l.cause, l.effect, l.sign, l.note)))


def read_hand_links(project, codebook) -> tuple[Link, ...]:
    """The consultant's hand-drawn links from ``DIR/links.csv`` (``()`` when the file does not exist).

    Parameters
    ----------
    project : Project or path
        The engagement.
    codebook : Codebook
        Cause and effect must be code ids of this codebook (matched case-insensitively).

    Returns
    -------
    tuple of Link
        Origin ``hand``, status ``accepted``, interview ``""``, the ``note`` column as ``note``; sorted by
        (cause, effect, sign, note).

    Raises
    ------
    StoreError
        E301 unknown code, E302 sign not ``+``/``-``, E303 header misses a column, E313 a row misses a
        value, E317 the file is an export's links.csv (every status would count as accepted); each names
        ``links.csv`` and the line.
    """
    path = project_root(project) / LINKS_FILE
    if not path.is_file():
        return ()
    return parse_hand_links(_decode(path.read_bytes()), codebook.ids, path=path)
