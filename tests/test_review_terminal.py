"""The interactive review in a real pseudo-terminal: keys go in one at a time, every key is saved."""
import json
import shutil
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

from tests.test_cli_coding import ANNA, BOB, CODEBOOK  # noqa: E402  (same small engagement)


@pytest.fixture
def tagged(tmp_path):
    from click.testing import CliRunner

    from culturemap.cli import main

    root = tmp_path / "eng"
    runner = CliRunner()
    runner.invoke(main, ["init", str(root)])
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "kc-01.md").write_text(ANNA, encoding="utf-8")
    (root / "ldg-01.md").write_text(BOB, encoding="utf-8")
    assert runner.invoke(main, ["tag", str(root)]).exit_code == 0
    return root


def statuses(root, interview):
    data = json.loads((root / "codings" / f"{interview}.json").read_text(encoding="utf-8"))
    return sorted((t["code"], t["status"]) for t in data["tags"])


@pytest.mark.skipif(not shutil.which("true"), reason="needs a POSIX system for pseudo-terminals")
def test_review_in_a_pseudo_terminal_saves_every_key(tagged):
    child = pexpect.spawn(sys.executable, ["-m", "culturemap", "review", str(tagged), "--interview", "kc-01"],
                          encoding="utf-8", timeout=60, dimensions=(40, 120), env={"TERM": "xterm", "PATH": "/usr/bin:/bin"})
    child.expect("1/4")                 # first open suggestion of kc-01, with its progress
    child.send("a")
    child.expect("2/4")
    assert ("help-each-other", "accepted") in statuses(tagged, "kc-01")   # saved before the next key
    child.send("r")
    child.expect("3/4")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Reviewed: 1 accepted, 1 rejected." in child.before
    assert statuses(tagged, "kc-01") == [("help-each-other", "accepted"), ("pass-on", "rejected"),
                                         ("workload", "suggested")]
