"""What privacy-check reports: one :class:`NameFinding` per possible name and place, the
:class:`PrivacyReport` of a check, and the findings as CSV rows (``privacy-check --out``).

>>> f = NameFinding("Karin", "unlisted", Path("kc-01.md"), 3, 10, "belt Karin, zegt", "kc-01")
>>> print(findings_csv([f]), end="")
name,kind,file,line,column,context,interview,allowed
Karin,unlisted,kc-01.md,3,10,"belt Karin, zegt",kc-01,false
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NameFinding", "PrivacyReport", "findings_csv", "KINDS", "CSV_COLUMNS"]

KINDS = ("listed", "unlisted", "interview-id", "metadata")


@dataclass(frozen=True)
class NameFinding:
    """One possible name at one place in the text the exports would show."""

    name: str               # as it appears in the export text
    kind: str               # one of KINDS
    path: Path              # the transcript (or links.csv, codings/<id>.json, culturemap.yaml)
    line: int               # 1-based
    column: int             # 1-based
    context: str            # the export text around it
    interview: str = ""     # interview id ("" for links.csv)
    allowed: bool = False   # listed in 'allow:' in culturemap.yaml

    def as_row(self) -> list:
        return [self.name, self.kind, str(self.path), self.line, self.column, self.context, self.interview,
                "true" if self.allowed else "false"]


@dataclass(frozen=True)
class PrivacyReport:
    """Result of :func:`privacy_check`."""

    findings: tuple[NameFinding, ...]   # sorted by path, line, column, name
    method: str                         # how unlisted names were looked for
    quotes: int                         # distinct export texts scanned
    interviews: int                     # transcripts read

    @property
    def problems(self) -> tuple[NameFinding, ...]:
        """The findings that are not whitelisted by ``allow:``."""
        return tuple(f for f in self.findings if not f.allowed)

    @property
    def ok(self) -> bool:
        return not self.problems


CSV_COLUMNS = ("name", "kind", "file", "line", "column", "context", "interview", "allowed")


def findings_csv(findings) -> str:
    """The findings as CSV text (header :data:`CSV_COLUMNS`)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        writer.writerow(f.as_row())
    return buf.getvalue()


def _context(text: str, start: int, end: int, width: int = 35) -> str:
    """``text`` around ``[start, end)``, whitespace collapsed, cut with an ellipsis.

    >>> _context("a" * 50 + " Anna " + "b" * 50, 51, 55, width=5)
    '\u2026aaaa Anna bbbb\u2026'
    """
    lo, hi = max(0, start - width), min(len(text), end + width)
    out = " ".join(text[lo:hi].split())
    return ("\u2026" if lo > 0 else "") + out + ("\u2026" if hi < len(text) else "")
