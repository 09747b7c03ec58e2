"""Smoke test of the workbench benchmark (``python -m bench.workbench``): the scripted browser session codes a
sample interview to exactly its gold, within the keystroke budget. No timing is asserted."""
from __future__ import annotations

import shutil

import pytest

pytest.importorskip("selenium")
pytest.importorskip("uvicorn")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ((shutil.which("chromium") or shutil.which("chromium-browser")) and shutil.which("chromedriver")),
                       reason="needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)"),
]


def test_the_scripted_session_codes_the_sample_interview_to_its_gold_in_few_keys():
    from bench.workbench import render, run

    r = run("kc-01")
    assert r["tags"]["recall"] == 1.0 and r["tags"]["precision"] == 1.0
    assert r["links"]["recall"] == 1.0 and r["links"]["precision"] == 1.0
    assert r["per_coding"] <= 3.0                      # the target, on the sample engagement
    text = render(r)
    assert "keys + clicks per gold coding" in text and "API latency of a decision" in text


def test_a_manual_coding_takes_a_handful_of_keys_without_any_suggestion():
    from bench.workbench import run

    r = run("kc-01", untagged=True)
    assert r["suggestions"] == 0 and r["manual"] == r["gold_tags"] + r["gold_links"]
    assert r["tags"]["recall"] == 1.0 and r["links"]["recall"] == 1.0
    assert r["manual_per_coding"] < 8 < r["cli_chars"] / 10      # against a 150+ character command each
