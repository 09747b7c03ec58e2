"""Smoke test of the benchmark suite (``python -m bench --quick``): it runs end to end and its results keep
their shape. No timing is asserted: figures depend on the machine."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import floor, generate
from bench.run import NOTES_MARKER, SUITES, TARGETS, main, random_signed_graph

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    out.write_text("old figures\n" + NOTES_MARKER + "\nHand-written analysis stays.\n", encoding="utf-8")
    res = main(["--quick", "--out", str(out)])
    return res, out


def test_generator_is_deterministic_and_realistic(tmp_path):
    text = generate.transcript_text(4, 300)
    assert text == generate.transcript_text(4, 300)
    assert text != generate.transcript_text(5, 300)
    head, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    assert set(meta) == {"id", "name", "group", "role", "language"} and meta["language"] == "nl"
    assert meta["group"] in generate.GROUPS and meta["role"] in generate.GROUPS[meta["group"]]
    labels = {p.split(": ", 1)[0] for p in body.strip().split("\n\n")}
    assert labels == {"Interviewer", meta["name"].split()[0]}
    assert 290 <= generate.body_words(text) <= 340
    total = generate.write_engagement(tmp_path, 3, 200)
    files = sorted(p.name for p in tmp_path.glob("*.md"))
    assert files == ["g-0001.md", "g-0002.md", "g-0003.md"]
    assert total == sum(generate.body_words(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.md"))


def test_generated_text_holds_codebook_phrases_negations_and_connectives():
    text = generate.transcript_text(0, 3000).lower()
    phrases = [p for p in generate.codebook_phrases() if p.lower() in text]
    assert len(phrases) >= 10
    for cue in (" niet ", " nooit ", "omdat", "waardoor"):
        assert cue in text


def test_edit_transcript_changes_one_file(tmp_path):
    generate.write_engagement(tmp_path, 2, 300)
    before = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    generate.edit_transcript(tmp_path / "g-0002.md")
    after = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    assert after["g-0001.md"] == before["g-0001.md"]
    assert after["g-0002.md"] != before["g-0002.md"] and "werkdruk" in after["g-0002.md"]


def test_floor_counts_the_interviewee_turns(tmp_path):
    generate.write_engagement(tmp_path, 2, 200)
    run = subprocess.run([sys.executable, "-m", "bench.floor", str(tmp_path)], capture_output=True, text=True,
                         cwd=REPO, check=True)
    out = json.loads(run.stdout)
    turns = sum(len(floor.turns(p.read_text(encoding="utf-8"))) for p in tmp_path.glob("*.md"))
    assert out["texts"] == turns and out["words"] > 0 and out["sentences"] >= turns


def test_random_signed_graph():
    g = random_signed_graph(30, 3)
    assert all(g.out_degree(n) == 3 for n in g) and not any(g.has_edge(n, n) for n in g)
    assert list(random_signed_graph(30, 3).edges(data=True)) == list(g.edges(data=True))


@pytest.mark.slow
def test_quick_suite_results_structure(quick):
    res, _ = quick
    assert set(res["suites"]) == set(SUITES) and res["quick"] is True
    for key in ("nproc", "memory_gb", "cpu", "python", "spacy", "load_before", "load_after"):
        assert key in res["machine"]
    names = [f["name"] for f in res["figures"]]
    for name in ("tag cold", "tag unchanged", "tag one edited", "build + loops + mark", "run",
                 "export --format all", "--help"):
        assert name in names
    for f in res["figures"]:
        assert f["wall"] > 0 and f["floor"]["wall"] > 0 and f["floor_name"]
        assert f["ratio"] == pytest.approx(f["wall"] / f["floor"]["wall"], rel=0.01)
        if f["name"] in TARGETS:
            assert f["target"]["limit"] == TARGETS[f["name"]][1] and f["ok"] in (True, False)
    unchanged = next(f for f in res["figures"] if f["name"] == "tag unchanged")
    assert unchanged["loads_spacy"] in (True, False)
    rows = res["suites"]["scale"]["rows"]
    assert [r["transcripts"] for r in rows] == [2] and rows[0]["tag"]["words_per_s"] > 0
    loops = res["suites"]["loops"]["rows"]
    assert loops[0]["nodes"] == 20 and loops[0]["loops"] >= 0 and loops[0]["truncated_by"] in ("", "length", "count", "time")


@pytest.mark.slow
def test_quick_suite_writes_markdown_and_keeps_notes(quick):
    res, out = quick
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# culturemap benchmarks")
    assert "python -m bench --quick" in text and res["machine"]["cpu"] in text
    assert "| **tag cold**" in text and "spaCy floor" in text and "## Scale" in text and "## Loops" in text
    assert "old figures" not in text
    assert text.endswith(NOTES_MARKER + "\nHand-written analysis stays.\n")


@pytest.mark.slow
def test_quick_sample_is_tagged_and_accepted(quick):
    res, _ = quick
    sample = res["suites"]["sample"]["sample"]
    assert sample["source"] == "generated (3 transcripts)"
    assert sample["accept_all"].startswith("Accepted ") and "Undo" not in sample["accept_all"]
    parts = res["suites"]["sample"]["figures"][0]["parts"]
    assert sorted(parts) == ["build", "loops", "mark"]


@pytest.mark.parametrize("module", ["bench.generate", "bench.floor", "bench.profile", "bench.run"])
def test_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0
