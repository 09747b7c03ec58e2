"""After ``tag``, the patterns that fire unusually often are named (issue 9, item 1): a consultant spots a
runaway pattern at once. The library returns the counts; the CLI prints them."""
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.coding.tagging import tag_project
from culturemap.project import open_project

CODEBOOK = """\
version: 1
language: en
codes:
  - {id: teamwork, label: Teamwork, kind: value, effect: enabling, patterns: [team]}
  - {id: workload, label: Workload, kind: outcome, effect: hindering, patterns: [high workload]}
"""

# "team" is in nearly every sentence of this interview: a pattern like that swamps the review
RUNAWAY = "\n".join(["Interviewer: Tell me about your work.", "Sam: " + " ".join(
    f"The {w} team met again on day {n}." for n, w in enumerate(
        "sales support finance product design data legal billing people ops web mobile".split(), 1))
    + " We have a high workload."])
STEADY = "Interviewer: And the workload?\nKim: There is a high workload here. Our team copes.\n"


def engagement(tmp_path, transcripts):
    (tmp_path / "culturemap.yaml").write_text("language: en\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    for name, text in transcripts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_tag_returns_the_hits_and_interviews_of_every_pattern_that_fired(tmp_path):
    result = tag_project(open_project(engagement(tmp_path, {"a.md": RUNAWAY, "b.md": STEADY})))
    counts = {(c.code, c.pattern): (c.hits, c.interviews) for c in result.patterns}
    assert counts == {("teamwork", "team"): (13, 2), ("workload", "high workload"): (2, 2)}
    assert [(c.code, c.pattern) for c in result.runaway] == [("teamwork", "team")]


def test_tag_warns_about_a_runaway_pattern(tmp_path):
    result = CliRunner().invoke(main, ["tag", str(engagement(tmp_path, {"a.md": RUNAWAY, "b.md": STEADY}))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index(next(x for x in lines if x.startswith("Warning: 1 pattern fires unusually often")))
    assert lines[start + 1] == "  'team' (teamwork): 13 hits in 2 interviews"
    assert lines[start + 2] == f"Next: culturemap review {tmp_path}"


def test_no_warning_when_no_pattern_runs_away(tmp_path):
    result = CliRunner().invoke(main, ["tag", str(engagement(tmp_path, {"b.md": STEADY}))])
    assert result.exit_code == 0, result.output
    assert "unusually often" not in result.output


def test_tag_patterns_lists_hits_and_decisions_per_pattern(tmp_path):
    from culturemap.coding.tagging import pattern_review

    eng = engagement(tmp_path, {"a.md": RUNAWAY, "b.md": STEADY})
    runner = CliRunner()
    assert runner.invoke(main, ["tag", str(eng)]).exit_code == 0
    assert runner.invoke(main, ["review", str(eng), "--reject-all", "--code", "teamwork",
                                "--interview", "a"]).exit_code == 0
    assert runner.invoke(main, ["review", str(eng), "--accept-all", "--code", "workload"]).exit_code == 0
    rows = {(r.code, r.pattern): (r.hits, r.interviews, r.accepted, r.rejected, r.open)
            for r in pattern_review(open_project(eng))}
    assert rows == {("teamwork", "team"): (13, 2, 0, 12, 1), ("workload", "high workload"): (2, 2, 2, 0, 0)}
    result = runner.invoke(main, ["tag", str(eng), "--patterns"])
    assert result.exit_code == 0, result.output
    lines = [x.split() for x in result.output.splitlines()]
    assert ["code", "pattern", "hits", "interviews", "accepted", "rejected", "open"] in lines
    assert ["teamwork", "team", "13", "2", "0", "12", "1"] in lines
    assert ["workload", "high", "workload", "2", "2", "2", "0", "0"] in lines
