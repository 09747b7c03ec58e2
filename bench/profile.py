"""Summarise a py-spy profile: inclusive share of samples per function.

``py-spy record --format raw -o prof.txt -- python -m culturemap tag DIR`` writes collapsed stacks (one line
per distinct stack: ``frame;frame;... count``). ``python -m bench.profile prof.txt [--top N] [--match TEXT]``
prints, per function, the share of samples in which it is on the stack (counted once per sample), the way
a "where does the time go" table reads.

>>> rows = inclusive(["a (m.py:1);b (m.py:2) 3", "a (m.py:1);c (m.py:9);b (m.py:2) 1"])
>>> [(name, n) for name, n in rows]
[('a (m.py:1)', 4), ('b (m.py:2)', 4), ('c (m.py:9)', 1)]
"""
from __future__ import annotations

import re
import sys
from collections import Counter

_LINE = re.compile(r"^(.*) (\d+)$")


def _function(frame: str) -> str:
    """``name (file:line)`` -> ``name (file)`` so that every line of one function counts together."""
    return re.sub(r":\d+\)$", ")", frame)


def inclusive(lines, *, by_function: bool = False) -> list[tuple[str, int]]:
    """(frame, samples with the frame on the stack), most first; ties by name."""
    counts: Counter = Counter()
    for line in lines:
        m = _LINE.match(line.strip())
        if not m:
            continue
        stack, n = m.group(1), int(m.group(2))
        frames = stack.split(";")
        if by_function:
            frames = [_function(f) for f in frames]
        for f in set(frames):
            counts[f] += n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def total(lines) -> int:
    return sum(int(m.group(2)) for m in (_LINE.match(l.strip()) for l in lines) if m)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench.profile")
    ap.add_argument("raw")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--match", default="", help="only frames containing this text (e.g. culturemap/)")
    args = ap.parse_args(argv)
    with open(args.raw, encoding="utf-8") as fh:
        lines = fh.readlines()
    n = total(lines)
    shown = 0
    for frame, k in inclusive(lines, by_function=True):
        if args.match and args.match not in frame:
            continue
        print(f"{100 * k / n:5.1f}%  {k:6d}  {frame}")
        shown += 1
        if shown >= args.top:
            break
    print(f"{n} samples")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
