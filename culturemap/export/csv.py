"""CSV export of the codings: ``tags.csv`` and ``links.csv`` (every row, all statuses), the contract of issue 2.

Columns::

    tags.csv   interview,speaker,start,end,code,negated,stance,status,origin,text
    links.csv  interview,cause,effect,sign,status,origin,text

``stance`` is ``present``, ``absent`` or ``wished`` (a negated tag is absent or wished).
``text`` is redacted with the project's redactor; ``interview`` is the interview's code (``I03``) and
``speaker`` its pseudonym (``I03 · klantcontact``): never the interview id (a file name, often a person's
name, or one telling a small group) and never a name.
The same columns are read back as a gold file by ``culturemap evaluate``.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..models import Codings, Link
from . import write_export

__all__ = ["TAG_COLUMNS", "LINK_COLUMNS", "write_codings_csv", "tag_rows", "link_rows"]

TAG_COLUMNS = ("interview", "speaker", "start", "end", "code", "negated", "stance", "status", "origin", "text")
LINK_COLUMNS = ("interview", "cause", "effect", "sign", "status", "origin", "text")


def _csv_text(columns, rows) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue()


def _code(pseudonyms: dict[str, str], iid: str) -> str:
    """The interview's code, the pseudonym without its group ("I03 · klantcontact" -> "I03"); "" when the
    interview has no pseudonym (its id is never written)."""
    return pseudonyms.get(iid, "").split(" \u00b7 ")[0]


def tag_rows(codings: dict[str, Codings], *, redactor, pseudonyms: dict[str, str],
             languages: dict[str, str] | None = None, default_language: str = "nl") -> list[list]:
    """The rows of tags.csv, sorted by interview, offsets and code."""
    rows = []
    for iid in sorted(codings):
        language = (languages or {}).get(iid) or default_language
        speaker, code = pseudonyms.get(iid, ""), _code(pseudonyms, iid)
        for t in sorted(codings[iid].tags, key=lambda t: (t.start, t.end, t.code, t.status, t.origin)):
            rows.append([code, speaker, t.start, t.end, t.code, "true" if t.negated else "false", t.stance,
                         t.status, t.origin, redactor.redact(t.text, language)])
    return rows


def link_rows(codings: dict[str, Codings], *, redactor, pseudonyms: dict[str, str],
              languages: dict[str, str] | None = None, default_language: str = "nl",
              hand_links: tuple[Link, ...] = ()) -> list[list]:
    """The rows of links.csv, sorted by interview, offsets, cause and effect; hand links (interview "")
    first."""
    rows = []
    for l in sorted(hand_links, key=lambda l: (l.cause, l.effect, l.sign)):
        rows.append(["", l.cause, l.effect, l.sign, l.status, l.origin,
                     redactor.redact(l.note or l.text, default_language)])
    for iid in sorted(codings):
        language = (languages or {}).get(iid) or default_language
        code = _code(pseudonyms, iid)
        for l in sorted(codings[iid].links, key=lambda l: (l.start, l.end, l.cause, l.effect, l.status, l.origin)):
            rows.append([code, l.cause, l.effect, l.sign, l.status, l.origin, redactor.redact(l.text, language)])
    return rows


def write_codings_csv(codings: dict[str, Codings], out_dir: Path, *, redactor, pseudonyms: dict[str, str],
                      languages: dict[str, str] | None = None, default_language: str = "nl",
                      hand_links: tuple[Link, ...] = ()) -> list[Path]:
    """Write ``tags.csv`` and ``links.csv`` into ``out_dir`` (created when missing), atomically.

    Each file goes through :func:`culturemap.export.write_export`, so a file that cannot be written (the
    folder is read-only, or ``tags.csv`` is a folder) raises ``ExportError`` E503 naming it.

    Parameters
    ----------
    codings : dict of str to Codings
        Review state per interview id (every status is written).
    out_dir : Path
    redactor : object
        Has ``redact(text, language) -> str``; applied to every ``text`` cell.
    pseudonyms : dict of str to str
        Interview id -> pseudonym, written as ``speaker`` (the speaker label may be a name); its code (the
        part before " · ") is written as ``interview`` (the id may be a name).
    languages : dict of str to str, optional
        Interview id -> transcript language, passed to the redactor (default ``default_language``).
    hand_links : tuple of Link
        Hand-drawn links from ``DIR/links.csv``; written to links.csv with an empty interview and the note
        as text.

    Returns
    -------
    list of Path
        ``[tags.csv, links.csv]``.

    Examples
    --------
    >>> import tempfile
    >>> from culturemap.models import Tag
    >>> class Upper:
    ...     def redact(self, text, language):
    ...         return text.replace("Anna", "[naam]")
    >>> c = {"kc-03": Codings("kc-03", "f", tags=(Tag("kc-03", "Anna", 0, 9, "help", text="Anna zei het."),))}
    >>> paths = write_codings_csv(c, Path(tempfile.mkdtemp()), redactor=Upper(), pseudonyms={"kc-03": "I01"})
    >>> print(paths[0].read_text(encoding="utf-8"), end="")
    interview,speaker,start,end,code,negated,stance,status,origin,text
    I01,I01,0,9,help,false,present,suggested,rule,[naam] zei het.
    """
    out_dir = Path(out_dir)
    common = dict(redactor=redactor, pseudonyms=pseudonyms, languages=languages, default_language=default_language)
    tags_path = out_dir / "tags.csv"
    links_path = out_dir / "links.csv"
    write_export(tags_path, _csv_text(TAG_COLUMNS, tag_rows(codings, **common)))
    write_export(links_path, _csv_text(LINK_COLUMNS, link_rows(codings, hand_links=hand_links, **common)))
    return [tags_path, links_path]
