"""Starting and stopping the workbench for real: the first output line, 127.0.0.1 only, Ctrl-C stops it."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from culturemap.errors import StoreError  # noqa: E402
from culturemap.workbench import bind  # noqa: E402
from tests.test_workbench_api import make_engagement  # noqa: E402

FIRST_LINE = re.compile(r"^Workbench: http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{20,})$")
SERVE = "import sys; from culturemap.workbench import serve; serve(sys.argv[1], int(sys.argv[2]), False)"


def start(root, port=0):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (os.getcwd(), os.environ.get("PYTHONPATH")) if p),
               PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", SERVE, str(root), str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT as Ctrl-C does")
def test_serve_prints_the_address_first_answers_with_the_token_and_stops_on_ctrl_c(tmp_path):
    root = make_engagement(tmp_path)
    proc = start(root)
    try:
        first = proc.stdout.readline().rstrip("\n")
        m = FIRST_LINE.match(first)
        assert m, first
        port, token = int(m.group(1)), m.group(2)
        status, body = get(f"http://127.0.0.1:{port}/api/interviews", {"X-Culturemap-Token": token})
        assert status == 200 and [i["id"] for i in json.loads(body)] == ["bo-01", "kc-03"]
        status, body = get(f"http://127.0.0.1:{port}/api/interviews")
        assert status == 401 and json.loads(body)["error"]["code"] == "E803"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert out.rstrip().endswith("Workbench stopped.")
    assert "Traceback" not in err and token not in err          # no access log with the token in it


def test_a_second_start_gets_a_new_token(tmp_path):
    root = make_engagement(tmp_path)
    tokens = []
    for _ in range(2):
        proc = start(root)
        try:
            tokens.append(FIRST_LINE.match(proc.stdout.readline().rstrip("\n")).group(2))
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.communicate(timeout=90)
            finally:
                if proc.poll() is None:          # never leave a server behind
                    proc.kill()
                    proc.communicate()
    assert tokens[0] != tokens[1]


def test_the_server_socket_listens_on_127_0_0_1_only():
    sock = bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_a_port_in_use_is_a_coded_error_naming_the_way_out():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        with pytest.raises(StoreError) as exc:
            bind(taken.getsockname()[1]).close()
        assert exc.value.code == "E807" and "--port 0" in str(exc.value)
    finally:
        taken.close()


def test_review_browser_starts_the_workbench_from_the_cli(tmp_path):
    from culturemap.cli.review import review_cmd

    if "browser" not in {p.name for p in review_cmd.params}:
        pytest.skip("'review --browser' is not wired into culturemap/cli/review.py yet")
    root = make_engagement(tmp_path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (os.getcwd(), os.environ.get("PYTHONPATH")) if p),
               PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "culturemap", "review", str(root), "--browser", "--no-open",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        m = FIRST_LINE.match(proc.stdout.readline().rstrip("\n"))
        assert m
        status, _ = get(f"http://127.0.0.1:{m.group(1)}/api/interviews", {"X-Culturemap-Token": m.group(2)})
        assert status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=90)
    assert proc.returncode == 0 and out.rstrip().endswith("Workbench stopped.")
