"""privacy-check: every possible name that would reach an export, with file, line, column and context."""
from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.models import Codings, Tag
from culturemap.privacy.check import privacy_check
from culturemap.project import open_project
from culturemap.store import save_codings

CODEBOOK = """\
version: 1
language: nl
codes:
  - {id: workload, label: Werkdruk, kind: outcome, effect: hindering, patterns: [hoge werkdruk]}
  - {id: pass-on, label: Doorschuiven, kind: behaviour, effect: hindering, patterns: [klant doorschuiven]}
"""

SETTINGS = """\
language: nl
anonymity_threshold: 1
redact: [Priya]
allow: {allow}
"""

KC01 = """\
---
id: kc-01
name: Samira El Amrani
group: klantcontact
---
Interviewer: Hoe gaat het?

Samira: Door de hoge werkdruk schuiven we de klant door. Dan belt Karin de Boer de klant terug.
Priya zegt dat het moet. Op Maandag belt de KCC in Januari iedereen.
"""


def make_project(root: Path, *, allow="[]", files=None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "culturemap.yaml").write_text(SETTINGS.format(allow=allow), encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "codings").mkdir(exist_ok=True)
    for name, text in (files or {"kc-01.md": KC01}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def code(root: Path, interview: str, quotes, *, status="accepted", text=None, links=()):
    """Accepted tags on each quote of ``quotes`` (offsets into the file, or into ``text`` when given)."""
    text = text if text is not None else next(
        p.read_text(encoding="utf-8") for p in root.iterdir() if p.stem == interview and p.suffix != ".yaml")
    tags = []
    for quote in quotes:
        start = text.index(quote)
        tags.append(Tag(interview, "Samira", start, start + len(quote), "workload", status=status, text=quote))
    save_codings(root, Codings(interview, "f", tags=tuple(tags), links=tuple(links)))


def where(root: Path, name: str, file: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``name`` in ``file``."""
    text = (root / file).read_text(encoding="utf-8")
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(name, pos + 1)
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def rows(report):
    return [(f.name, f.kind, f.path.name, f.line, f.column, f.allowed) for f in report.findings]


@pytest.fixture
def eng(tmp_path):
    root = make_project(tmp_path / "eng")
    code(root, "kc-01", ["Dan belt Karin de Boer de klant terug.", "Priya zegt dat het moet.",
                         "Op Maandag belt de KCC in Januari iedereen."])
    return root


def test_unlisted_name_inside_a_sentence_is_reported_with_file_line_column_and_context(eng):
    report = privacy_check(open_project(eng))
    line, col = where(eng, "Karin", "kc-01.md")
    assert rows(report) == [("Karin de Boer", "unlisted", "kc-01.md", line, col, False)]
    assert report.findings[0].context == "Dan belt Karin de Boer de klant terug."
    assert report.findings[0].interview == "kc-01"
    assert report.method == "capitalised words not in the lexicon"
    assert not report.ok and report.quotes == 3 and report.interviews == 1


def test_listed_names_days_months_and_acronyms_are_not_reported(tmp_path):
    root = make_project(tmp_path / "eng")
    code(root, "kc-01", ["Priya zegt dat het moet.", "Op Maandag belt de KCC in Januari iedereen.",
                         "Door de hoge werkdruk schuiven we de klant door."])
    report = privacy_check(open_project(root))
    assert report.findings == () and report.ok


def test_a_sentence_initial_name_is_reported_once_the_name_is_seen_inside_a_sentence(tmp_path):
    text = KC01.replace("Priya zegt dat het moet.", "Karin zegt dat het moet.")
    root = make_project(tmp_path / "eng", files={"kc-01.md": text})
    code(root, "kc-01", ["Karin zegt dat het moet."])
    assert privacy_check(open_project(root)).findings == ()          # alone at the start: not a sign of a name
    code(root, "kc-01", ["Karin zegt dat het moet.", "Dan belt Karin de Boer de klant terug."])
    assert [(f.name, f.line) for f in privacy_check(open_project(root)).findings] == [
        ("Karin de Boer", where(root, "Karin", "kc-01.md", 0)[0]), ("Karin", where(root, "Karin", "kc-01.md", 1)[0])]


def test_allow_whitelists_a_word_and_it_does_not_fail_the_check(tmp_path):
    root = make_project(tmp_path / "eng", allow="[Karin de Boer]")
    code(root, "kc-01", ["Dan belt Karin de Boer de klant terug."])
    report = privacy_check(open_project(root))
    assert [(f.name, f.allowed) for f in report.findings] == [("Karin de Boer", True)]
    assert report.ok and report.problems == ()


def test_a_listed_name_that_survives_redaction_is_reported(eng, monkeypatch):
    import culturemap.privacy.redact as privacy

    monkeypatch.setattr(privacy.Redactor, "redact", lambda self, text, language="nl": text)   # a regression
    report = privacy_check(open_project(eng))
    listed = [(f.name, f.kind, f.line, f.column) for f in report.findings if f.kind == "listed"]
    assert listed == [("Priya", "listed", *where(eng, "Priya", "kc-01.md"))]


def test_a_name_in_decomposed_unicode_is_caught_by_the_guard(tmp_path):
    text = KC01.replace("Dan belt Karin de Boer", "Dan belt " + unicodedata.normalize("NFD", "José"))
    root = make_project(tmp_path / "eng", files={"kc-01.md": text})
    (root / "culturemap.yaml").write_text(SETTINGS.format(allow="[]").replace("[Priya]", "[José]"), encoding="utf-8")
    quote = "Dan belt " + unicodedata.normalize("NFD", "José") + " de klant terug."
    code(root, "kc-01", [quote])
    report = privacy_check(open_project(root))
    assert [(f.kind, unicodedata.normalize("NFC", f.name)) for f in report.findings] in (
        [("listed", "José")], [])                        # [] once the Redactor normalises Unicode itself
    if report.findings:
        assert (report.findings[0].line, report.findings[0].column) == where(root, "Jose", "kc-01.md")


def test_suggested_and_rejected_quotes_are_scanned_too_because_tags_csv_holds_them(tmp_path):
    root = make_project(tmp_path / "eng")
    code(root, "kc-01", ["Dan belt Karin de Boer de klant terug."], status="rejected")
    assert [f.name for f in privacy_check(open_project(root)).findings] == ["Karin de Boer"]


def test_interview_id_holding_a_name_is_reported(tmp_path):
    body = "---\nname: Anna Jansen\ngroup: hr\n---\nAnna: Door de hoge werkdruk gaat het mis.\n"
    root = make_project(tmp_path / "eng", files={"anna.md": body,
                                                 "kc-02.md": body.replace("---\nname", "---\nid: jansen-a\nname")})
    code(root, "anna", ["Door de hoge werkdruk gaat het mis."])
    report = privacy_check(open_project(root))
    assert rows(report) == [("anna", "interview-id", "anna.md", 1, 1, False),
                            ("jansen", "interview-id", "kc-02.md", 2, 5, False)]
    assert report.findings[0].context == ("interview id 'anna' (the file name); give the transcript an 'id:' "
                                          "such as 'kc-07'")


def test_group_or_role_holding_a_listed_name_is_reported(tmp_path):
    body = KC01.replace("group: klantcontact", "group: klantcontact\nrole: assistent van Priya")
    root = make_project(tmp_path / "eng", files={"kc-01.md": body})
    code(root, "kc-01", ["Priya zegt dat het moet."])
    assert rows(privacy_check(open_project(root))) == [("Priya", "metadata", "kc-01.md", 5, 7, False)]


def test_codings_of_a_removed_transcript_are_scanned_with_their_speakers_names(eng):
    save_codings(eng, Codings("kc-09", "f", tags=(
        Tag("kc-09", "Bernadette", 0, 30, "workload", status="rejected", text="Bernadette: hoge werkdruk."),)))
    report = privacy_check(open_project(eng))
    assert ("Bernadette", "listed", "kc-09.json") in [(f.name, f.kind, f.path.name) for f in report.findings]


def test_hand_link_note_is_scanned_with_its_line_in_links_csv(eng):
    (eng / "links.csv").write_text("cause,effect,sign,note\nworkload,pass-on,+,zoals Gerrit Veen zei\n",
                                   encoding="utf-8")
    found = [(f.name, f.path.name, f.line, f.column) for f in privacy_check(open_project(eng)).findings]
    assert ("Gerrit Veen", "links.csv", *where(eng, "Gerrit", "links.csv")) in found


def test_vtt_position_is_the_line_of_the_cue_in_the_file(tmp_path):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>Hoe gaat het?\n\n"
           "00:00:05.000 --> 00:00:09.000\n<v Samira>We hebben hoge werkdruk.\n\n"
           "00:00:10.000 --> 00:00:14.000\n<v Samira>Dan belt Gerrit de klant terug.\n")
    root = make_project(tmp_path / "eng", files={"kc-03.vtt": vtt})
    from culturemap.ingest import read_transcript

    t = read_transcript(root / "kc-03.vtt")
    code(root, "kc-03", ["Dan belt Gerrit de klant terug."], text=t.text)
    assert rows(privacy_check(open_project(root))) == [("Gerrit", "unlisted", "kc-03.vtt", *where(root, "Gerrit", "kc-03.vtt"), False)]


def test_ner_pipeline_is_used_when_installed(eng, monkeypatch):
    import spacy

    import culturemap.privacy.check as pc

    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "PER", "pattern": "Boer"}, {"label": "LOC", "pattern": "Maandag"}])
    nlp.meta["culturemap_pipeline"] = "test_ner"
    monkeypatch.setattr(pc, "_ner_pipeline", lambda language: nlp)
    report = privacy_check(open_project(eng))
    assert report.method == "spaCy NER (test_ner)"
    assert rows(report) == [("Boer", "unlisted", "kc-01.md", *where(eng, "Boer", "kc-01.md"), False)]


def test_cli_lists_the_names_and_exits_1_with_what_to_do(eng, monkeypatch):
    monkeypatch.chdir(eng.parent)                       # files are shown relative to the current folder
    runner = CliRunner()
    result = runner.invoke(main, ["privacy-check", "eng"])
    assert result.exit_code == 1
    line, col = where(eng, "Karin", "kc-01.md")
    lines = result.output.splitlines()
    assert lines[0].split() == ["Name", "Kind", "Where", "Context"]
    assert lines[2].split()[:5] == ["Karin", "de", "Boer", "unlisted", f"eng/kc-01.md:{line}:{col}"]
    assert lines[-2] == ("Scanned 3 export texts of 1 interview (capitalised words not in the lexicon): "
                         "1 possible name.")
    assert lines[-1] == ("Error: 1 possible name(s) would reach an export. Add them to 'redact:' in "
                         "culturemap.yaml, or to 'allow:' if they are not names. [E603]")


def test_cli_clean_project_exits_0_and_out_writes_every_finding_as_csv(tmp_path):
    root = make_project(tmp_path / "eng", allow="[Karin de Boer]")
    code(root, "kc-01", ["Dan belt Karin de Boer de klant terug."])
    out = tmp_path / "report"
    out.mkdir()
    result = CliRunner().invoke(main, ["privacy-check", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ("Scanned 1 export text of 1 interview (capitalised words not in the "
                                             "lexicon): 0 possible names, 1 allowed by 'allow:'.")
    data = list(csv.reader(io.StringIO((out / "privacy-check.csv").read_text(encoding="utf-8"))))
    line, col = where(root, "Karin", "kc-01.md")
    assert data == [["name", "kind", "file", "line", "column", "context", "interview", "allowed"],
                    ["Karin de Boer", "unlisted", str(root / "kc-01.md"), str(line), str(col),
                     "Dan belt Karin de Boer de klant terug.", "kc-01", "true"]]


def test_cli_missing_folder_is_E001(tmp_path):
    result = CliRunner().invoke(main, ["privacy-check", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "[E001]" in result.output and "Traceback" not in result.output


def test_session_yaml_free_text_is_scanned(eng):
    (eng / "session.yaml").write_text(
        "version: 1\nbeliefs:\n  workload:\n    recognised: ja\n    note: Herkend, vooral door Priya\n"
        "    actions:\n      - what: Elke week belt Bernadette Smit drie klanten\n        who: teamleiders\n",
        encoding="utf-8")
    found = [(f.name, f.kind, f.path.name, f.line, f.column) for f in privacy_check(open_project(eng)).findings]
    assert ("Bernadette Smit", "unlisted", "session.yaml", *where(eng, "Bernadette", "session.yaml")) in found
    assert not [f for f in found if f[2] == "session.yaml" and f[0] != "Bernadette Smit"]   # Priya is redacted


def test_docx_position_is_the_paragraph_number_and_the_column_in_the_turn(tmp_path):
    import docx

    root = make_project(tmp_path / "eng", files={})
    document = docx.Document()
    document.add_paragraph("Interviewer: Hoe gaat het?")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ruud"
    table.cell(0, 1).text = "Door de hoge werkdruk belt Gerrit de klant terug."
    document.save(str(root / "kc-02.docx"))
    from culturemap.ingest import read_transcript

    t = read_transcript(root / "kc-02.docx")
    code(root, "kc-02", ["Door de hoge werkdruk belt Gerrit de klant terug."], text=t.text)
    column = "Door de hoge werkdruk belt ".index("belt") + len("belt ") + 1
    assert rows(privacy_check(open_project(root))) == [("Gerrit", "unlisted", "kc-02.docx", 2, column, False)]
