"""How ``review --accept-all`` and its ``review --undo`` scale with the size of the batch (issue 13, item 19).

``python -m bench.undo [--sizes 1000,4000,16000] [--interviews 4]``

Each size is a fresh engagement of generated codings (``--interviews`` files, the items spread over them),
every item an open suggestion. ``culturemap review DIR --accept-all`` and then ``culturemap review DIR
--undo`` run as separate processes; the table shows the wall time of each and the time per 1,000 items. A
linear undo keeps the last column flat as the batch grows; a quadratic one multiplies it by the growth of
the size (4x the items, 4x the time per item). No figure is asserted: it depends on the machine.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CODEBOOK = """\
version: 1
language: nl
codes:
  - {id: workload, label: Werkdruk, kind: outcome, effect: hindering, patterns: [hoge werkdruk]}
  - {id: pass-on, label: Doorschuiven, kind: behaviour, effect: hindering, patterns: [klant doorschuiven]}
"""


def make_engagement(root: Path, items: int, interviews: int) -> None:
    """An engagement whose codings hold ``items`` open suggestions (4 tags to 1 link) over ``interviews``."""
    sys.path.insert(0, str(REPO))
    from culturemap.models import Codings, Link, Tag
    from culturemap.store import save_codings

    root.mkdir(parents=True)
    (root / "culturemap.yaml").write_text("language: nl\n", encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    per = items // interviews
    for i in range(interviews):
        iid = f"kc-{i:03d}"
        n_links = per // 5
        tags = tuple(Tag(iid, "A", j * 100, j * 100 + 60, "workload", text=f"zin {j}: door de hoge werkdruk")
                     for j in range(per - n_links))
        links = tuple(Link(iid, "workload", "pass-on", "+", start=j * 100, end=j * 100 + 90, text=f"link {j}")
                      for j in range(n_links))
        save_codings(root, Codings(iid, "f", tags=tags, links=links), language="nl")


def timed(*args: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "culturemap", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"culturemap {' '.join(args)} failed:\n{proc.stderr}")
    return elapsed, proc.stdout.strip()


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m bench.undo", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,16000", help="batch sizes, comma separated")
    parser.add_argument("--interviews", type=int, default=4, help="codings files the items are spread over")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = []
    print("| items | accept-all s | undo s | undo s per 1,000 items |")
    print("|------:|-------------:|-------:|-----------------------:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            root = Path(tmp) / f"eng-{n}"
            make_engagement(root, n, args.interviews)
            accept, _ = timed("review", str(root), "--accept-all")
            undo, said = timed("review", str(root), "--undo")
            assert said.startswith("Undid accept-all of "), said
            rows.append({"items": n, "accept_all": accept, "undo": undo})
            print(f"| {n:,} | {accept:.2f} | {undo:.2f} | {1000 * undo / n:.3f} |", flush=True)
    return rows


if __name__ == "__main__":
    main()
