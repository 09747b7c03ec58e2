"""What privacy-check reports (culturemap.privacy.report): findings, the report, its CSV."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from culturemap.privacy.report import CSV_COLUMNS, NameFinding, PrivacyReport, _context, findings_csv


def finding(name, *, allowed=False, context="belt Karin, zegt \"ja\""):
    return NameFinding(name, "unlisted", Path("eng") / "kc-01.md", 3, 10, context, "kc-01", allowed)


def test_allowed_findings_are_reported_but_do_not_fail_the_check():
    karin, kompas = finding("Karin"), finding("Kompas", allowed=True)
    report = PrivacyReport(findings=(karin, kompas), method="capitalised words not in the lexicon", quotes=2,
                           interviews=1)
    assert report.problems == (karin,) and not report.ok
    assert PrivacyReport(findings=(kompas,), method="", quotes=1, interviews=1).ok


def test_findings_csv_round_trips_commas_and_quotes_in_the_context():
    text = findings_csv([finding("Karin"), finding("Kompas", allowed=True, context="in Kompas")])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [list(CSV_COLUMNS),
                    ["Karin", "unlisted", str(Path("eng") / "kc-01.md"), "3", "10", "belt Karin, zegt \"ja\"", "kc-01",
                     "false"],
                    ["Kompas", "unlisted", str(Path("eng") / "kc-01.md"), "3", "10", "in Kompas", "kc-01", "true"]]


def test_no_findings_is_just_the_header():
    assert findings_csv([]) == ",".join(CSV_COLUMNS) + "\n"


def test_context_collapses_white_space_and_marks_cut_ends():
    text = "Eerst\nbelde   Karin de klant terug, en toen was het klaar."
    start = text.index("Karin")
    assert _context(text, start, start + 5, width=10) == "\u2026t belde Karin de klant\u2026"
    assert _context("Karin belt.", 0, 5) == "Karin belt."
