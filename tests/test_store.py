"""The codings store: atomic writes, the engagement lock, the codings JSON and the decision log."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from culturemap import store
from culturemap.errors import LockedError, StoreError
from culturemap.models import Codings, Link, Tag
from culturemap.store import (
    append_log,
    atomic_write,
    engagement_lock,
    load_all_codings,
    load_codings,
    read_log,
    save_codings,
)

REPO = Path(__file__).resolve().parents[1]


def _codings(interview="kc-03") -> Codings:
    return Codings(
        interview=interview, fingerprint="abc123",
        tags=(Tag(interview, "Anna", 40, 60, "no-time", negated=True, status="rejected", text="Géén tijd.",
                  spans=((45, 49),)),
              Tag(interview, "Anna", 0, 30, "only-numbers", status="accepted", text="Alleen de cijfers tellen.",
                  spans=((7, 17), (18, 24))),
              Tag(interview, "Anna", 0, 30, "help-each-other", origin="manual", status="accepted", text="x")),
        links=(Link(interview, "only-numbers", "no-time", "+", status="suggested", text="Daardoor...", start=0,
                    end=60, speaker="Anna"),
               Link(interview, "help-each-other", "no-time", "-", start=0, end=60, speaker="Anna")))


# ---------------------------------------------------------------- atomic writes

def test_atomic_write_replaces_the_file_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "sub" / "state.json"
    atomic_write(target, '{"a": 1}')
    atomic_write(target, b'{"a": 2}')
    assert target.read_text(encoding="utf-8") == '{"a": 2}'
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]


def test_atomic_write_keeps_the_mode_of_an_existing_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_atomic_write_crash_before_rename_keeps_old_content_and_removes_temp(tmp_path, monkeypatch):
    target = tmp_path / "kc-03.json"
    target.write_text('{"old": true}', encoding="utf-8")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, '{"new": true}')
    assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kc-03.json"]


WRITER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from culturemap.store import atomic_write
    target = Path(sys.argv[1])
    n = 0
    while True:
        n += 1
        atomic_write(target, json.dumps({"n": n, "payload": ["x" * 100] * 2000}))
        if n == 1:
            print("ready", flush=True)
""")


@pytest.mark.parametrize("round_", range(3))
def test_atomic_write_survives_sigkill_mid_loop(tmp_path, round_):
    target = tmp_path / "state.json"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True,
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert proc.stdout.readline().strip() == "ready"
        for _ in range(round_ * 3):              # let it run into later writes, at a different moment each round
            target.read_bytes()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["n"] >= 1 and len(data["payload"]) == 2000
    # a killed write may leave its temp file, but never touches the target and is ignored by the store
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "state.json"]
    assert all(name.startswith(".state.json.") and name.endswith(".tmp") for name in leftovers)


# ---------------------------------------------------------------- the engagement lock

HOLDER = textwrap.dedent("""
    import sys
    from culturemap.store import engagement_lock
    with engagement_lock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()
""")


def test_second_process_gets_E304_while_the_lock_is_held(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as info:
            with engagement_lock(tmp_path, wait=0.2):
                pass
        lock = tmp_path / ".culturemap.lock"
        assert str(info.value) == (
            f"another culturemap process is working on this engagement (lock {lock}). Wait for it to finish, "
            "or delete the lock file if no culturemap is running. [E304]")
        assert info.value.code == "E304"
    finally:
        proc.stdin.close()
        proc.wait()
        proc.stdout.close()
    with engagement_lock(tmp_path, wait=5) as path:      # released when the other process ends
        assert path == tmp_path / ".culturemap.lock"


def test_lock_is_reentrant_inside_one_process(tmp_path):
    with engagement_lock(tmp_path):
        with engagement_lock(tmp_path, wait=0):
            save_codings(tmp_path, _codings())
    assert load_codings(tmp_path, "kc-03") is not None


def test_lock_on_a_missing_folder_is_E001(tmp_path):
    with pytest.raises(Exception) as info:
        with engagement_lock(tmp_path / "nope"):
            pass
    assert "[E001]" in str(info.value)


# ---------------------------------------------------------------- codings JSON

def test_save_codings_writes_the_documented_format_sorted(tmp_path):
    path = save_codings(tmp_path, _codings(), language="nl")
    assert path == tmp_path / "codings" / "kc-03.json"
    text = path.read_text(encoding="utf-8")
    expected = {
        "version": 1, "interview": "kc-03", "fingerprint": "abc123", "language": "nl",
        "tags": [
            {"speaker": "Anna", "start": 0, "end": 30, "code": "help-each-other", "negated": False,
             "status": "accepted", "origin": "manual", "text": "x", "spans": [], "orphaned": False},
            {"speaker": "Anna", "start": 0, "end": 30, "code": "only-numbers", "negated": False,
             "status": "accepted", "origin": "rule", "text": "Alleen de cijfers tellen.",
             "spans": [[7, 17], [18, 24]], "orphaned": False},
            {"speaker": "Anna", "start": 40, "end": 60, "code": "no-time", "negated": True,
             "status": "rejected", "origin": "rule", "text": "Géén tijd.", "spans": [[45, 49]], "orphaned": False}],
        "links": [
            {"cause": "help-each-other", "effect": "no-time", "sign": "-", "status": "suggested", "origin": "rule",
             "start": 0, "end": 60, "speaker": "Anna", "text": "", "orphaned": False},
            {"cause": "only-numbers", "effect": "no-time", "sign": "+", "status": "suggested", "origin": "rule",
             "start": 0, "end": 60, "speaker": "Anna", "text": "Daardoor...", "orphaned": False}]}
    assert text == json.dumps(expected, indent=1, ensure_ascii=False) + "\n"
    assert "Géén" in text                                  # ensure_ascii=False
    # deterministic: the same codings in another order give the same bytes
    shuffled = Codings("kc-03", "abc123", tags=tuple(reversed(_codings().tags)),
                       links=tuple(reversed(_codings().links)))
    save_codings(tmp_path, shuffled)                         # language kept from the existing file
    assert path.read_text(encoding="utf-8") == text


def test_load_codings_round_trips_and_is_none_when_never_tagged(tmp_path):
    assert load_codings(tmp_path, "kc-03") is None
    save_codings(tmp_path, _codings())
    loaded = load_codings(tmp_path, "kc-03")
    assert set(loaded.tags) == set(_codings().tags) and set(loaded.links) == set(_codings().links)
    assert loaded.fingerprint == "abc123"


def test_load_all_codings_is_sorted_by_id_and_ignores_other_files(tmp_path):
    for iid in ("mgr-01", "bo-02", "kc-03"):
        save_codings(tmp_path, _codings(iid))
    append_log(tmp_path, {"action": "accept"})
    (tmp_path / "codings" / ".tagstate.json").write_text("{}")
    assert list(load_all_codings(tmp_path)) == ["bo-02", "kc-03", "mgr-01"]


def test_damaged_codings_json_raises_E305_naming_file_and_line(tmp_path):
    save_codings(tmp_path, _codings())
    path = tmp_path / "codings" / "kc-03.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")     # as if cut off
    with pytest.raises(StoreError) as info:
        load_all_codings(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}:")
    assert "codings file is damaged" in message and message.endswith("[E305]")


def test_codings_with_a_bad_status_raise_E305(tmp_path):
    path = tmp_path / "codings" / "kc-03.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"version": 1, "interview": "kc-03", "tags": [
        {"start": 0, "end": 3, "code": "a", "status": "maybe"}]}), encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_codings(tmp_path, "kc-03")
    assert str(info.value) == (
        f"{path}: codings file is damaged: tag 1: status 'maybe' is not one of suggested, accepted, rejected. "
        "Restore it from your backup, or delete it and run 'culturemap tag' again "
        "(its decisions are in codings/log.jsonl). [E305]")


# ---------------------------------------------------------------- the decision log

def test_append_log_and_read_log_keep_order_and_add_id_and_time(tmp_path):
    append_log(tmp_path, {"action": "accept", "interview": "kc-03", "item": ["tag", "kc-03", "a", 0, 3]})
    append_log(tmp_path, {"action": "reject", "interview": "kc-03", "item": ["tag", "kc-03", "b", 4, 9]})
    entries = read_log(tmp_path)
    assert [e["action"] for e in entries] == ["accept", "reject"]
    assert all(e["id"] and e["at"].endswith("Z") for e in entries)
    assert (tmp_path / "codings" / "log.jsonl").read_text(encoding="utf-8").count("\n") == 2


def test_log_line_cut_off_by_a_crash_is_skipped_and_the_next_entry_starts_a_new_line(tmp_path):
    append_log(tmp_path, {"action": "accept"})
    log = tmp_path / "codings" / "log.jsonl"
    with open(log, "a", encoding="utf-8") as fh:
        fh.write('{"action": "rej')                        # kill -9 during an append
    assert [e["action"] for e in read_log(tmp_path)] == ["accept"]
    append_log(tmp_path, {"action": "undo"})
    assert [e["action"] for e in read_log(tmp_path)] == ["accept", "undo"]


def test_read_log_without_a_log_is_empty(tmp_path):
    assert read_log(tmp_path) == []


# ---------------------------------------------------------------- what a killed process leaves; orphans

def test_temporary_files_of_a_dead_process_go_and_those_of_a_living_one_stay(tmp_path):
    from culturemap.store import remove_stale_temps

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        gone = tmp_path / f".map.svg.{dead.pid}.0123abcd.tmp"
        busy = tmp_path / f".deck.pptx.{living.pid}.0123abcd.tmp"
        for path in (gone, busy, tmp_path / "map.svg", tmp_path / "notes.tmp"):
            path.write_text("x", encoding="utf-8")
        assert remove_stale_temps(tmp_path) == [gone]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([busy.name, "map.svg", "notes.tmp"])
    finally:
        living.kill()
        living.wait()


def test_load_all_codings_without_orphans_is_what_counts(tmp_path):
    c = _codings()
    orphan = Tag("kc-03", "Anna", 70, 90, "no-time", status="accepted", text="Weg.", orphaned=True)
    save_codings(tmp_path, Codings(c.interview, c.fingerprint, tags=c.tags + (orphan,), links=c.links))
    assert orphan in load_all_codings(tmp_path)["kc-03"].tags
    counted = load_all_codings(tmp_path, orphaned=False)["kc-03"]
    assert orphan not in counted.tags and set(counted.tags) == set(c.tags) and set(counted.links) == set(c.links)
