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


def _code(eng, interview_id):
    """The pseudonym code exports show for ``interview_id`` (ids never reach an export)."""
    from culturemap.ingest import load_transcripts
    from culturemap.privacy.redact import interview_codes

    return interview_codes(load_transcripts(eng)[0])[interview_id]

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
    assert [(r["interview"], r["status"]) for r in rows] == [(_code(eng, "kc-03"), "accepted")]   # a pseudonym
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


# ---------------------------------------------------------------- 13: re-anchoring stays in coded segments

S_HELP = "We helpen elkaar wel altijd."


def _accepted_help_tag(eng):
    from culturemap.review import decide

    tag = next(t for t in load_codings(eng, "kc-03").tags if t.code == "help-each-other")
    decide(eng, "kc-03", tag.key, "accepted")


def test_a_decision_whose_sentence_was_deleted_is_orphaned_not_moved_onto_the_interviewer_repeating_it(eng):
    _accepted_help_tag(eng)
    edited = KC03.replace(S_HELP, "").replace("Interviewer: En verder?",
                                              f"Interviewer: Je zei eerder: {S_HELP} Klopt dat nog?")
    (eng / "kc-03.md").write_text(edited, encoding="utf-8")
    result = cli("tag", eng)
    assert result.exit_code == 0, result.output
    assert "[W301]" in result.output
    help_tags = [t for t in load_codings(eng, "kc-03").tags if t.code == "help-each-other"]
    assert [(t.status, t.orphaned) for t in help_tags] == [("accepted", True)]
    asked = edited.index("Je zei eerder")
    assert not any(t.start >= asked and t.start < asked + 60 for t in load_codings(eng, "kc-03").tags)


def test_a_moved_sentence_follows_the_interviewee_even_when_the_interviewer_repeat_is_nearer(eng):
    _accepted_help_tag(eng)
    edited = KC03.replace(" " + S_HELP, "").replace(
        "Interviewer: En verder?", f"Interviewer: Je zei: {S_HELP} Echt?\n\nAnna: Ja. {S_HELP}\n\n"
                                   "Interviewer: En verder?")
    (eng / "kc-03.md").write_text(edited, encoding="utf-8")
    result = cli("tag", eng)
    assert result.exit_code == 0, result.output
    help_tags = [t for t in load_codings(eng, "kc-03").tags if t.code == "help-each-other"]
    anna = edited.index(f"Anna: Ja. {S_HELP}") + len("Anna: Ja. ")
    assert [(t.start, t.status, t.orphaned) for t in help_tags] == [(anna, "accepted", False)]


# ---------------------------------------------------------------- 14: the sign is part of a link's identity

def _link_decisions(root: Path, iid: str) -> list[tuple]:
    return sorted((l.cause, l.effect, l.sign, l.status, l.origin, l.orphaned)
                  for l in load_codings(root, iid).links if l.status != "suggested" or l.origin != "rule")


def test_editing_ldg_03s_front_matter_gives_no_spurious_orphan(sample):
    before = _link_decisions(sample, "ldg-03")
    signs = {(c, e): {s for c2, e2, s, *_ in before if (c2, e2) == (c, e)} for c, e, *_ in before}
    assert any(len(s) == 2 for s in signs.values())          # the sample has a rejected - and a manual +
    path = sample / "ldg-03.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\ndate:", "\nnote: in English\ndate:", 1),
                    encoding="utf-8")
    result = cli("tag", sample)
    assert result.exit_code == 0, result.output
    assert "W301" not in result.output
    assert _link_decisions(sample, "ldg-03") == before
    assert cli("review", sample, "--orphans").output == "No orphaned decisions.\n"


def test_a_rejected_minus_and_an_accepted_plus_link_on_the_same_words_both_follow_an_edit():
    from culturemap.models import Link
    from culturemap.review import merge_suggestions
    from tests.test_review import transcript

    start = KC03.index(S_NUMBERS)
    end = KC03.index(S_TIME) + len(S_TIME)
    text = KC03[start:end]
    old = Codings("kc-03", "f1", links=(
        Link("kc-03", "only-numbers", "no-time", "-", status="rejected", text=text, start=start, end=end),
        Link("kc-03", "only-numbers", "no-time", "+", status="accepted", origin="manual", text=text,
             start=start, end=end)))
    moved = KC03.replace("Interviewer: Hoe", "Interviewer: Goedemorgen.\n\nInterviewer: Hoe")
    merged, report = merge_suggestions(old, transcript(moved, fingerprint="f2"), (), ())
    assert report.orphaned == 0 and report.reanchored == 2
    shift = len("Interviewer: Goedemorgen.\n\n")
    assert sorted((l.sign, l.status, l.start, l.orphaned) for l in merged.links) == [
        ("+", "accepted", start + shift, False), ("-", "rejected", start + shift, False)]


# ---------------------------------------------------------------- 11: crash-consistent undo

def _by_kind(root: Path) -> dict[str, tuple[set, set]]:
    import json

    out = {}
    for path in sorted((root / "codings").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))          # every file complete, valid JSON
        out[path.name] = ({t["status"] for t in doc["tags"]}, {l["status"] for l in doc["links"]})
    return out


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_during_undo_never_makes_the_next_undo_revert_another_batch(tmp_path, seed):
    import os
    import random

    from culturemap.store import read_log
    from tests.test_trust import _culturemap, _large_engagement

    root = tmp_path / "big"
    _large_engagement(root, interviews=60, tags=150)
    for args in (("--accept-all", "--code", "pass-on"), ("--accept-all",)):     # links first, then the tags
        proc = _culturemap("review", root, *args)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    n_tags, n_links = 60 * 150, 60 * 30
    folder = root / "codings"
    stamp = os.stat(folder).st_mtime_ns
    proc = _culturemap("review", root, "--undo")
    try:
        deadline = time.monotonic() + 60
        while os.stat(folder).st_mtime_ns == stamp and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)                       # the undo started replacing codings files
        time.sleep(random.Random(seed).uniform(0.0, 0.25))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    states = _by_kind(root)
    assert all(links == {"accepted"} for _, links in states.values())          # the links batch is untouched
    assert all(tags in ({"accepted"}, {"suggested"}) for tags, _ in states.values())
    marked = any(e.get("action") == "undo" for e in read_log(root))
    if marked:                                      # marked undone only when every file is undone
        assert all(tags == {"suggested"} for tags, _ in states.values())
    undo = _culturemap("review", root, "--undo")
    out, err = undo.communicate(timeout=120)
    assert undo.returncode == 0, err
    states = _by_kind(root)
    if marked:
        assert out.startswith(f"Undid accept-all of {n_links} items ")
        assert {(frozenset(t), frozenset(l)) for t, l in states.values()} == {(frozenset({"suggested"}),
                                                                             frozenset({"suggested"}))}
    else:                                           # the same batch again, finished now
        assert out.startswith(f"Undid accept-all of {n_tags} items ")
        assert set(map(lambda s: (frozenset(s[0]), frozenset(s[1])), states.values())) == {
            (frozenset({"suggested"}), frozenset({"accepted"}))}


def test_undo_run_twice_over_the_same_batch_changes_nothing_the_second_time(eng):
    """What a resumed undo does where a killed one already saved: an undone change is left as it is."""
    from culturemap.review import batch, undo
    from culturemap.review.decisions import _Pool, _revert
    from culturemap.store import item_from_dict, read_log

    batch(eng, "accepted", interview="kc-03")
    entries = [e for e in read_log(eng) if e.get("batch")]
    undo(eng)
    undone = load_codings(eng, "kc-03")
    pool = _Pool(undone)
    for e in entries:
        before = item_from_dict(e["kind"], e["before"], "kc-03")
        after = item_from_dict(e["kind"], e["after"], "kc-03")
        assert _revert(pool, before, after)
    assert pool.codings_now() == undone


def test_undo_of_a_manual_tag_killed_after_saving_is_finished_by_the_next_undo(eng):
    from culturemap.review import add_manual_tag, undo
    from culturemap.store import read_log

    add_manual_tag(eng, "kc-03", "Successen vieren we", "celebrate-success")
    entry = read_log(eng)[-1]
    c = load_codings(eng, "kc-03")
    save_codings(eng, Codings(c.interview, c.fingerprint, tags=tuple(t for t in c.tags if t.origin != "manual"),
                              links=c.links))          # what a killed undo saved before it could log
    assert undo(eng).startswith("Undid manual tag celebrate-success in kc-03")
    assert read_log(eng)[-1]["undoes"] == [entry["id"]]
    assert "celebrate-success" not in statuses(eng)


# ---------------------------------------------------------------- 10: an edit while tag runs

def test_a_transcript_edited_while_tag_runs_is_tagged_again_next_time(eng, monkeypatch):
    import culturemap.coding.tagging as tagging
    from culturemap.project import open_project

    real = tagging.suggest
    added = "Wij vieren altijd ieder succes vieren samen."

    def edit_during(transcript, codebook, **kw):
        if transcript.id == "kc-03":               # the consultant saves an edit while kc-03 is being tagged
            path = eng / "kc-03.md"
            path.write_text(path.read_text(encoding="utf-8") + f"\nAnna: {added}\n", encoding="utf-8")
        return real(transcript, codebook, **kw)

    monkeypatch.setattr(tagging, "suggest", edit_during)
    first = tagging.tag_project(open_project(eng))
    assert "kc-03" in first.tagged
    assert not any(added in t.text for t in load_codings(eng, "kc-03").tags)    # tagged the text before the edit
    monkeypatch.setattr(tagging, "suggest", real)
    again = tagging.tag_project(open_project(eng))
    assert again.tagged == ("kc-03",) and again.unchanged == ("bo-01",)
    assert [t.code for t in load_codings(eng, "kc-03").tags if added in t.text] == ["celebrate-success"]


# ---------------------------------------------------------------- 12: orphans leave the evidence until resolved

def test_an_orphaned_decision_no_longer_counts_and_the_review_resolves_it(eng, tmp_path):
    import json

    _accepted_help_tag(eng)
    edited_sentence = "We helpen elkaar meestal wel."
    (eng / "kc-03.md").write_text(KC03.replace(S_HELP, edited_sentence), encoding="utf-8")
    assert "[W301]" in cli("tag", eng).output
    assert cli("review", eng, "--accept-all", "--interview", "kc-03").exit_code == 0   # the re-suggested sentence
    result = cli("export", eng, "--format", "csv", "--format", "json", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    rows = [r for r in csv.DictReader((tmp_path / "out" / "tags.csv").open(encoding="utf-8"))
            if r["code"] == "help-each-other" and r["interview"] == _code(eng, "kc-03")]
    assert [(r["status"], r["text"]) for r in rows] == [("accepted", edited_sentence)]     # counted once
    graph = json.loads((tmp_path / "out" / "map.json").read_text(encoding="utf-8"))
    node = next(n for n in graph["nodes"] if n["id"] == "help-each-other")
    assert node["mentions"] == 1
    assert S_HELP not in (tmp_path / "out" / "map.json").read_text(encoding="utf-8")

    listed = cli("review", eng, "--orphans")
    assert listed.output.startswith(f'kc-03  accepted  tag help-each-other  "{S_HELP}"\n')
    dropped = cli("review", eng, "--drop-orphans", "--interview", "kc-03")
    assert dropped.output == f"Removed 1 orphaned decision (interview kc-03). Undo with: culturemap review {eng} --undo\n"
    assert cli("review", eng, "--orphans").output == "No orphaned decisions.\n"
    assert cli("review", eng, "--undo").output == f'Undid drop-orphan of tag help-each-other in kc-03: "{S_HELP}".\n'
    assert cli("review", eng, "--orphans").output.startswith("kc-03  accepted  tag help-each-other")


# ---------------------------------------------------------------- 9: decisions follow an id change

JAN = "Interviewer: Hoe gaat het?\n\nJan: We helpen elkaar wel altijd. Maar de afhandeltijd is het enige wat telt.\n"


def _decided(root: Path, iid: str) -> list[tuple]:
    c = load_codings(root, iid)
    return sorted((t.code, t.status, t.text) for t in c.tags if t.status != "suggested")


def test_giving_a_transcript_an_id_in_its_front_matter_moves_its_decisions(eng):
    from culturemap.review import decide

    assert cli("tag", eng).exit_code == 0
    c = load_codings(eng, "kc-03")
    decide(eng, "kc-03", next(t for t in c.tags if t.code == "only-numbers").key, "accepted")
    decide(eng, "kc-03", next(t for t in c.tags if t.code == "help-each-other").key, "rejected")
    before = _decided(eng, "kc-03")
    path = eng / "kc-03.md"
    path.write_text(path.read_text(encoding="utf-8").replace("id: kc-03", "id: kc-07"), encoding="utf-8")
    result = cli("tag", eng)
    assert result.exit_code == 0, result.output
    assert "W30" not in result.output
    assert _decided(eng, "kc-07") == before
    assert not (eng / "codings" / "kc-03.json").exists()
    assert cli("review", eng, "--orphans").output == "No orphaned decisions.\n"
    undone = cli("review", eng, "--undo")                     # the log follows the move
    assert undone.exit_code == 0, undone.output
    assert undone.output.startswith("Undid reject of tag help-each-other in kc-03")
    assert statuses(eng, "kc-07")["help-each-other"] == "suggested"


def test_an_id_in_a_sidecar_or_a_renamed_file_keeps_the_decisions(eng):
    from culturemap.review import batch

    (eng / "jan-de-vries.md").write_text(JAN, encoding="utf-8")
    assert cli("tag", eng).exit_code == 0
    assert batch(eng, "accepted", interview="jan-de-vries") == 2
    before = _decided(eng, "jan-de-vries")
    (eng / "jan-de-vries.md.yaml").write_text("id: kc-09\n", encoding="utf-8")       # what privacy-check advises
    result = cli("tag", eng)
    assert result.exit_code == 0 and "W30" not in result.output, result.output
    assert _decided(eng, "kc-09") == before
    (eng / "jan-de-vries.md.yaml").unlink()
    (eng / "jan-de-vries.md").rename(eng / "kc-10.md")                  # or rename the file (and drop the sidecar)
    result = cli("tag", eng)
    assert result.exit_code == 0 and "W30" not in result.output, result.output
    assert _decided(eng, "kc-10") == before
    assert sorted(p.stem for p in (eng / "codings").glob("[!.]*.json")) == ["bo-01", "kc-03", "kc-10"]
    (eng / "kc-10.md").rename(eng / "kc-11.md")                         # renamed as it is: the same fingerprint
    assert "W30" not in cli("tag", eng).output
    assert _decided(eng, "kc-11") == before


def test_decisions_that_cannot_follow_are_reported_as_orphans_not_dropped(eng):
    from culturemap.review import batch

    (eng / "jan-de-vries.md").write_text(JAN, encoding="utf-8")
    assert cli("tag", eng).exit_code == 0
    batch(eng, "accepted", interview="jan-de-vries")
    (eng / "jan-de-vries.md").unlink()                     # renamed and its decided words edited: nothing ties
    (eng / "kc-11.md").write_text(JAN.replace("wel altijd", "soms"), encoding="utf-8")       # it to the old id
    result = cli("tag", eng)
    assert result.exit_code == 0
    assert (f"Warning: {eng / 'codings' / 'jan-de-vries.json'}: holds 2 decision(s) of interview 'jan-de-vries', "
            "which no transcript has now") in result.output
    listed = cli("review", eng, "--orphans").output
    assert 'jan-de-vries  accepted  tag help-each-other  "We helpen elkaar wel altijd."' in listed
    assert "2 decisions of jan-de-vries: no transcript has this id now." in listed


@pytest.mark.slow
def test_kill_9_during_run_leaves_temporary_files_that_the_next_run_removes(sample):
    from tests.test_trust import _culturemap

    out = sample / "out"
    proc = _culturemap("run", sample)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if out.is_dir() and any(p.name.endswith(".tmp") for p in out.iterdir()):
                break                                   # killed while a file is being written
            time.sleep(0.001)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    left = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    if not left:                                        # the kill missed the moment: leave one as it would be
        (out / ".map.svg.999999999.0123abcd.tmp").write_text("<svg", encoding="utf-8")
    again = _culturemap("run", sample)
    stdout, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert (out / "report.html").is_file()


def test_a_manual_tag_on_words_only_the_interviewer_said_is_refused(eng):
    result = cli("review", eng, "--add-tag", "Hoe is het werken hier", "--code", "help-each-other",
                 "--interview", "kc-03")
    assert result.exit_code == 1
    assert result.output == (f"Error: {eng / 'kc-03.md'}: 'Hoe is het werken hier' is only in the interviewer's "
                             "words in this interview, and only the interviewee's words are coded. Copy the words "
                             "from an answer. [E318]\n")
    assert "celebrate-success" not in statuses(eng) and len(load_codings(eng, "kc-03").tags) == 3


def test_an_exported_links_csv_put_back_as_hand_drawn_links_is_refused_not_counted(sample):
    result = cli("export", sample, "--format", "csv")
    assert result.exit_code == 0, result.output
    shutil.copy(sample / "out" / "links.csv", sample / "links.csv")      # by hand: the guard cannot stop this
    result = cli("build", sample)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {sample / 'links.csv'}:1: this is an export of culturemap ")
    assert result.output.endswith("[E317]\n")
