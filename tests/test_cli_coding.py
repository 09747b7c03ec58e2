"""The coding workflow through the CLI: init, tag, evaluate, themes - exact output a consultant sees."""
import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main

CODEBOOK = """\
version: 1
language: nl
codes:
  - id: workload
    label: {nl: Werkdruk, en: Workload}
    kind: outcome
    effect: hindering
    patterns: {nl: [hoge werkdruk, geen tijd], en: [high workload, no time]}
  - id: pass-on
    label: {nl: Doorschuiven, en: Passing customers on}
    kind: behaviour
    effect: hindering
    patterns: {nl: [klant doorschuiven], en: [pass the customer on]}
  - id: help-each-other
    label: {nl: Elkaar helpen, en: We help each other}
    kind: value
    effect: ambivalent
    patterns: {nl: [elkaar helpen], en: [help each other]}
"""

ANNA = """\
---
id: kc-01
name: Anna de Vries
group: klantcontact
role: klantadviseur
language: nl
---
Interviewer: Hoe gaat het op de afdeling?

Anna: We helpen elkaar altijd. Door de hoge werkdruk schuiven we de klant vaak door.
"""

BOB = """\
---
id: ldg-01
name: Bob Smit
group: leidinggevenden
language: nl
---
Interviewer: Wat valt je op?

Bob: Bij ons moet alles via de mail. We hebben geen tijd, waardoor we de klant doorschuiven.
"""


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def project(tmp_path, runner):
    root = tmp_path / "eng"
    result = runner.invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "kc-01.md").write_text(ANNA, encoding="utf-8")
    (root / "ldg-01.md").write_text(BOB, encoding="utf-8")
    return root


def test_init_creates_an_engagement_and_says_what_to_do_next(tmp_path, runner):
    root = tmp_path / "acme"
    result = runner.invoke(main, ["init", str(root), "--language", "en"])
    assert result.exit_code == 0
    assert result.output == (
        f"Created engagement in {root}: culturemap.yaml, codebook.yaml, codings/\n"
        f"Next: put the transcripts (.md, .txt, .docx, .vtt, .srt) in {root} and run: culturemap tag {root}\n"
    )
    assert (root / "codings").is_dir()
    assert "language: en" in (root / "culturemap.yaml").read_text()
    assert "language: en" in (root / "codebook.yaml").read_text()


def test_init_refuses_to_overwrite_an_engagement(project, runner):
    before = (project / "codebook.yaml").read_text()
    result = runner.invoke(main, ["init", str(project)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {project}: already holds an engagement (culturemap.yaml exists). "
                             "Pick another folder or edit the files there. [E004]\n")
    assert (project / "codebook.yaml").read_text() == before


def test_starter_codebook_is_valid_and_large_enough(tmp_path, runner):
    from culturemap.coding.codebook import load_codebook

    runner.invoke(main, ["init", str(tmp_path / "x")])
    cb = load_codebook(tmp_path / "x" / "codebook.yaml")
    assert len(cb.codes) >= 30
    assert all(cb.patterns_for(c.id, "nl") and cb.patterns_for(c.id, "en") for c in cb.codes)


def test_missing_engagement_folder_is_a_clear_error(tmp_path, runner):
    missing = tmp_path / "nope"
    result = runner.invoke(main, ["tag", str(missing)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {missing}: no engagement folder here. Create one with "
                             f"'culturemap init {missing}' or check the path. [E001]\n")


def test_tag_then_nothing_to_tag_then_only_the_edited_transcript(project, runner):
    first = runner.invoke(main, ["tag", str(project)])
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert lines[0] == "Tagged 2 transcripts: 7 new suggestions."
    assert lines[-1] == f"Next: culturemap review {project}"
    data = json.loads((project / "codings" / "kc-01.json").read_text())
    assert sorted(t["code"] for t in data["tags"]) == ["help-each-other", "pass-on", "workload"]
    assert [(l["cause"], l["effect"], l["sign"]) for l in data["links"]] == [("workload", "pass-on", "+")]

    again = runner.invoke(main, ["tag", str(project)])
    assert again.output.splitlines()[0] == "Nothing to tag: all 2 transcripts unchanged since the last run."

    (project / "kc-01.md").write_text(ANNA + "\nAnna: Niemand helpt elkaar meer.\n", encoding="utf-8")
    edited = runner.invoke(main, ["tag", str(project)])
    assert edited.output.splitlines()[0] == "Tagged 1 transcript: 1 new suggestion (1 unchanged)."


def test_tag_keeps_review_decisions_when_a_transcript_is_edited(project, runner):
    runner.invoke(main, ["tag", str(project)])
    accepted = runner.invoke(main, ["review", str(project), "--accept-all", "--interview", "kc-01"])
    assert accepted.exit_code == 0, accepted.output
    (project / "kc-01.md").write_text(ANNA.replace("Interviewer: Hoe", "Interviewer: Goedemorgen. Hoe"), encoding="utf-8")
    runner.invoke(main, ["tag", str(project)])
    data = json.loads((project / "codings" / "kc-01.json").read_text())
    text = (project / "kc-01.md").read_text()
    assert {t["status"] for t in data["tags"]} == {"accepted"}
    for t in data["tags"]:
        assert text[t["start"]:t["end"]] == t["text"]


def test_tag_reports_a_bad_file_and_still_tags_the_others(project, runner):
    (project / "broken.md").write_text("---\nid: x\nno end of front matter\n", encoding="utf-8")
    result = runner.invoke(main, ["tag", str(project)])
    assert result.exit_code == 1
    assert f"Error: {project / 'broken.md'}:1: front matter is not closed." in result.output
    assert "Tagged 2 transcripts" in result.output
    assert (project / "codings" / "kc-01.json").exists()


def test_codebook_errors_name_the_file_and_line(project, runner):
    (project / "codebook.yaml").write_text(CODEBOOK.replace("kind: behaviour", "kind: attitude"), encoding="utf-8")
    result = runner.invoke(main, ["tag", str(project)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {project / 'codebook.yaml'}:9: code 'pass-on': unknown kind 'attitude'. "
                             "Use one of: value, belief, behaviour, outcome. [E203]\n")


def test_duplicate_code_ids_are_an_error(project, runner):
    (project / "codebook.yaml").write_text(CODEBOOK.replace("id: pass-on", "id: workload"), encoding="utf-8")
    result = runner.invoke(main, ["tag", str(project)])
    assert result.output == (f"Error: {project / 'codebook.yaml'}:9: code id 'workload' appears twice "
                             "(also on line 4). Give each code its own id. [E202]\n")


def test_no_traceback_without_debug(project, runner):
    (project / "codebook.yaml").write_text("codes: [", encoding="utf-8")
    result = runner.invoke(main, ["tag", str(project)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {project / 'codebook.yaml'}:1: YAML syntax error")
    assert "Traceback" not in result.output


def _write_gold(root: Path, rows, links=()):
    gold = root / "gold"
    gold.mkdir()
    with (gold / "tags.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["interview", "speaker", "start", "end", "code", "negated", "status", "origin", "text"])
        for interview, quote, code, negated in rows:
            text = (root / f"{interview}.md").read_text()
            start = text.index(quote)
            w.writerow([interview, "", start, start + len(quote), code, negated, "accepted", "gold", quote])
    with (gold / "links.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["interview", "cause", "effect", "sign", "status", "origin", "text"])
        for row in links:
            w.writerow([*row[:4], "accepted", "gold", row[4]])
    return gold


def test_evaluate_scores_suggestions_against_gold(project, runner):
    gold = _write_gold(project, [
        ("kc-01", "We helpen elkaar altijd.", "help-each-other", "false"),
        ("kc-01", "Door de hoge werkdruk schuiven we de klant vaak door.", "workload", "false"),
        ("ldg-01", "Bij ons moet alles via de mail.", "workload", "false"),   # a gold tag the rules cannot find
    ], links=[("kc-01", "workload", "pass-on", "+", "Door de hoge werkdruk schuiven we de klant vaak door.")])
    result = runner.invoke(main, ["evaluate", str(project), "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # suggestions: kc-01 help/workload/pass-on, ldg-01 workload/pass-on -> tp 2, fp 3, fn 1
    assert data["tags"] == {"tp": 2, "fp": 3, "fn": 1, "precision": 0.4, "recall": 0.667, "f1": 0.5}
    assert data["links"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 0.667}
    assert data["negation_accuracy"] == 1.0
    assert data["per_code"]["help-each-other"]["precision"] == 1.0


def test_evaluate_human_output(project, runner):
    gold = _write_gold(project, [("kc-01", "We helpen elkaar altijd.", "help-each-other", "true")])
    result = runner.invoke(main, ["evaluate", str(project), "--gold", str(gold)])
    lines = result.output.splitlines()
    assert lines[0] == "Interviews scored: 1 (pipeline: blank:nl+sentencizer+lookup-lemmatizer)"
    assert lines[1] == "Tags   precision 0.333  recall 1.000  F1 0.500  (tp 1, fp 2, fn 0)"
    assert lines[3] == "Negation accuracy 0.000 on 1 matched tags"


def test_evaluate_gold_with_missing_columns(project, runner):
    gold = project / "gold"
    gold.mkdir()
    (gold / "tags.csv").write_text("interview,code\nkc-01,workload\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(project), "--gold", str(gold)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {gold / 'tags.csv'}: gold file is missing columns start, end, negated. "
                             "It must have the tags.csv (or links.csv) columns. [E601]\n")


def test_themes_lists_uncovered_red_threads(project, runner):
    (project / "hr-01.md").write_text(
        "---\nid: hr-01\ngroup: hr\n---\nInterviewer: En verder?\n\nCarla: Bij ons moet echt alles via de mail.\n",
        encoding="utf-8")
    result = runner.invoke(main, ["themes", str(project)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1 candidate theme from 2 belief statements that no code matches:"
    assert lines[2] == "1. mail  (2 interviews, 2 groups)"
    assert '"Bij ons moet alles via de mail."' in result.output
    assert "Carla" not in result.output and "Bob" not in result.output


def test_review_apply_decides_by_a_reference_coding_and_undoes_at_once(project, runner):
    runner.invoke(main, ["tag", str(project)])
    gold = _write_gold(project, [
        ("kc-01", "We helpen elkaar altijd.", "help-each-other", "false"),
        ("ldg-01", "Bij ons moet alles via de mail.", "workload", "false"),
    ])
    result = runner.invoke(main, ["review", str(project), "--apply", str(gold)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"Applied {gold} to 2 interviews: accepted 1, rejected 6, added 1 manual coding.")
    kc = json.loads((project / "codings" / "kc-01.json").read_text())
    assert {(t["code"], t["status"]) for t in kc["tags"]} == {
        ("help-each-other", "accepted"), ("workload", "rejected"), ("pass-on", "rejected")}
    ldg = json.loads((project / "codings" / "ldg-01.json").read_text())
    assert ("workload", "accepted", "manual") in {(t["code"], t["status"], t["origin"]) for t in ldg["tags"]}
    undone = runner.invoke(main, ["review", str(project), "--undo"])
    assert undone.exit_code == 0, undone.output
    kc = json.loads((project / "codings" / "kc-01.json").read_text())
    assert {t["status"] for t in kc["tags"]} == {"suggested"}


def test_csv_export_leaves_out_codings_of_a_deleted_transcript(project, runner, tmp_path):
    runner.invoke(main, ["tag", str(project)])
    runner.invoke(main, ["review", str(project), "--accept-all"])
    (project / "ldg-01.md").unlink()
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", str(project), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    tags = (out / "tags.csv").read_text(encoding="utf-8")
    assert "\nI01,I01," in tags and "ldg-01" not in tags and "Bob" not in tags


def test_run_before_anything_is_accepted_says_what_to_do(project, runner):
    runner.invoke(main, ["tag", str(project)])
    for args in (["run", str(project)], ["export", str(project), "--format", "svg"], ["loops", str(project)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        assert result.output == (f"Error: nothing accepted yet: the map needs accepted tags. Run 'culturemap tag "
                                 f"{project}' and 'culturemap review {project}' first. [E401]\n"), args


def test_an_exported_coding_is_a_gold_file_for_evaluate(project, runner, tmp_path):
    # the exported quotes are redacted ("[naam]"): evaluate still finds them in the transcript
    (project / "ldg-01.md").write_text(BOB.replace("de klant doorschuiven.", "de klant doorschuiven naar Bob."),
                                       encoding="utf-8")
    runner.invoke(main, ["tag", str(project)])
    runner.invoke(main, ["review", str(project), "--accept-all"])
    out = tmp_path / "gold"
    runner.invoke(main, ["export", str(project), "--format", "csv", "--out", str(out)])
    assert "[naam]" in (out / "links.csv").read_text(encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(project), "--gold", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["tags"]["fn"] == 0 and data["tags"]["fp"] == 0
    assert data["links"] == {"tp": 2, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
