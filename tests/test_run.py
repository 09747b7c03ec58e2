"""culturemap run: the whole session pack in one command, and what it prints."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from sessionpack_data import CODES, SESSION_YAML, write_engagement

from culturemap.cli import main
from culturemap.project import open_project
from culturemap.run import STEPS, run
from culturemap.session import parse_session, priority_marks

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")

STANDARD = ["map.svg", "map.png", "map.pdf", "map.dot", "map.graphml", "report.html", "deck.pptx", "tags.csv",
            "links.csv", "session-template.yaml"]


def test_run_writes_the_standard_exports_and_the_session_template(tmp_path):
    root = write_engagement(tmp_path / "eng")
    calls = []
    result = run(root, progress=lambda step, done, total: calls.append((step, done, total)))
    assert result.out_dir == root / "out"
    names = [p.name for p in result.files]
    for name in STANDARD:
        assert name in names
        assert (root / "out" / name).stat().st_size > 0
    assert all(p.exists() for p in result.files)
    assert names[-1] == "session-template.yaml"
    # progress: the analysis steps, one per export format, then the template; counting up to the total
    assert [c[0] for c in calls] == [*STEPS, "svg", "png", "pdf", "dot", "graphml", "html", "pptx", "csv",
                                     "session-template"]
    assert [c[1] for c in calls] == list(range(len(calls)))
    assert {c[2] for c in calls} == {len(calls)}


def test_run_result_has_the_headline_figures(tmp_path):
    from culturemap.export.formats import build_context

    root = write_engagement(tmp_path / "eng")
    result = run(root, tmp_path / "elsewhere")
    assert result.out_dir == tmp_path / "elsewhere" and not (root / "out").exists()
    assert (result.interviews, result.groups, result.codes, result.links) == (7, 3, 12, 14)
    assert (result.reinforcing, result.balancing, result.truncated) == (3, 1, False)
    marks = build_context(open_project(root), tmp_path).marks
    assert (result.cherish, result.reduce, result.redirect) == tuple(
        sum(1 for m in marks.marks if m.mark == name) for name in ("cherish", "reduce", "redirect"))
    assert result.cherish > 0 and result.reduce > 0
    assert result.balance == marks.balance["overall"]
    assert result.session is None


def test_template_holds_the_priority_beliefs_and_loads_as_a_session(tmp_path):
    root = write_engagement(tmp_path / "eng")
    result = run(root)
    text = result.template.read_text(encoding="utf-8")
    session = parse_session(text, known_codes=[c[0] for c in CODES])
    from culturemap.export.formats import build_context

    marks = build_context(open_project(root), tmp_path).marks
    assert [d.code for d in session.decisions] == [m.code for m in priority_marks(marks)]
    assert f"{root / 'session.yaml'}" in text


def test_cli_run_prints_summary_files_and_next_step(tmp_path, monkeypatch):
    write_engagement(tmp_path / "eng")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "eng"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Map: 7 interviews, 12 codes, 14 links; loops: 3 reinforcing, 1 balancing."
    assert lines[1].startswith("Marks: ") and lines[1].endswith("% hindering.")
    files = lines[lines.index(next(l for l in lines if l.startswith("Files in eng/out ("))) + 1:-1]
    assert files[:3] == ["  eng/out/report.html", "  eng/out/deck.pptx", "  eng/out/session-template.yaml"]
    assert "  eng/out/map.svg" in files and "  eng/out/links.csv" in files
    assert lines[-1] == ("Next: open eng/out/report.html; after the group session fill in "
                         "eng/out/session-template.yaml, save it as eng/session.yaml and run "
                         "'culturemap run eng' again.")


def test_cli_run_folds_in_the_session(tmp_path, monkeypatch):
    root = write_engagement(tmp_path / "eng")
    (root / "session.yaml").write_text(SESSION_YAML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "eng", "--out", "pack"])
    assert result.exit_code == 0, result.output
    assert "Session: recognition and actions from eng/session.yaml are in the report and deck." in result.output
    assert result.output.splitlines()[-1] == ("Next: open pack/report.html; edit eng/session.yaml and run again "
                                              "to update it.")
    assert "Afhandeltijd uit het teamoverleg halen" in (tmp_path / "pack" / "report.html").read_text(encoding="utf-8")


def test_cli_run_stops_on_a_bad_session_file_before_writing_anything(tmp_path, monkeypatch):
    root = write_engagement(tmp_path / "eng")
    (root / "session.yaml").write_text("beliefs:\n  only-numbers:\n    recognised: misschien\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "eng"])
    assert result.exit_code == 1
    assert result.output == ("Error: eng/session.yaml:3: 'misschien' is not a valid 'recognised'. Use one of: "
                             "yes, partly, no (or ja, deels, nee). [E521]\n")
    assert not (root / "out").exists()


def test_cli_run_on_a_folder_that_is_no_engagement(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "nowhere"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: nowhere: no engagement folder here.")
