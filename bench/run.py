"""The benchmark suite: every user-facing figure as a ratio against a floor measured in the same run.

``python -m bench [--quick] [--only NAME ...] [--out bench/RESULTS.md]``

Suites (``--only``):

- ``tag``: ``culturemap tag`` cold on N x W generated words (fresh ``culturemap init`` + transcripts), again
  with nothing changed, and after editing one transcript, each against spaCy's own floor
  (:mod:`bench.floor`) on the same texts.
- ``sample``: ``build``, ``loops``, ``mark``, ``run`` and ``export --format all`` on a temporary copy of the
  sample engagement ``interviews/`` (tagged, every suggestion accepted), against the interpreter floor.
- ``help``: ``culturemap --help`` against ``python -c pass``.
- ``scale``: ``tag`` on 15, 150 and 1,500 transcripts of ~670 words: words/s and peak memory vs the floor.
- ``loops``: :func:`culturemap.analysis.loops.find_loops` on signed random graphs of 50-200 nodes and out-degree 2-4
  against ``networkx.simple_cycles`` yielding as many loops.

Every CLI figure is a separate process (``python -m culturemap ...``): wall time (best of the repeats), CPU
time (user + system) and peak RSS (``os.wait4``). The machine may be shared, so CPU time is shown beside the
wall time; targets are judged on wall time. Children get ``PYTHONPYCACHEPREFIX`` (a temporary folder) so
that modules are byte-compiled once, as in an installed package; the first run of each command is a
discarded warm-up.

:func:`run_suite` returns the results as a dict; :func:`render` turns it into Markdown.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUITES = ("tag", "sample", "help", "scale", "loops")
NOTES_MARKER = "<!-- notes below this line are kept when python -m bench rewrites this file -->"


@dataclass(frozen=True)
class Sizes:
    """How big each suite runs; :data:`FULL` for the published figures, :data:`QUICK` for the smoke test."""

    tag_n: int
    tag_words: int
    repeat: int                 # timed runs per figure (best is reported)
    repeat_fast: int            # timed runs for sub-second figures
    scale: tuple[int, ...]
    scale_words: int
    loop_nodes: tuple[int, ...]
    loop_degrees: tuple[int, ...]
    sample: bool                # True: the repo's interviews/; False: a small generated engagement
    warmup: bool


FULL = Sizes(tag_n=15, tag_words=8000, repeat=5, repeat_fast=7, scale=(15, 150, 1500), scale_words=670,
             loop_nodes=(50, 100, 200), loop_degrees=(2, 3, 4), sample=True, warmup=True)
QUICK = Sizes(tag_n=2, tag_words=250, repeat=1, repeat_fast=1, scale=(2,), scale_words=150,
              loop_nodes=(20,), loop_degrees=(2,), sample=False, warmup=False)

TARGETS = {   # figure -> (kind, limit); kind "ratio" is value / floor, "s" seconds, "MB" peak RSS
    "tag cold": ("ratio", 1.3),
    "tag unchanged": ("ratio", 0.3),
    "tag one edited": ("ratio", 0.5),
    "run": ("s", 10.0),
    "export --format all": ("s", 10.0),
    "--help": ("s", 0.2),
    "peak memory, 1M words": ("MB", 500.0),
    "loops 200 nodes, out-degree 4": ("s", 2.0),
}


class BenchError(RuntimeError):
    """A measured command failed (the bench never reports a figure for a failed run)."""


# ------------------------------------------------------------------------------------------ processes
@dataclass(frozen=True)
class Proc:
    wall: float          # seconds
    cpu: float           # user + system seconds
    rss_mb: float        # peak resident set size
    stdout: str
    stderr: str


def _env(cache: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.setdefault("COLUMNS", "120")
    return env


def measure(cmd: list[str], env: dict, cwd: Path | None = None) -> Proc:
    """Run ``cmd`` to completion: wall time, CPU time and peak RSS of that child (``os.wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if p.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} exited with {p.returncode}:\n{stderr[-2000:]}")
    return Proc(wall=wall, cpu=ru.ru_utime + ru.ru_stime, rss_mb=ru.ru_maxrss / 1024, stdout=stdout, stderr=stderr)


@dataclass
class Timing:
    """Repeated runs of one command: best and median wall, CPU of the best run, highest peak RSS."""

    runs: list[Proc] = field(default_factory=list)

    @property
    def best(self) -> Proc:
        return min(self.runs, key=lambda p: p.wall)

    def summary(self) -> dict:
        walls = [p.wall for p in self.runs]
        return {"wall": round(self.best.wall, 3), "wall_median": round(statistics.median(walls), 3),
                "cpu": round(min(p.cpu for p in self.runs), 3), "rss_mb": round(max(p.rss_mb for p in self.runs), 1),
                "n": len(walls)}


def timed(cmd, env, repeat: int, *, setup=None, warmup=False, cwd=None, check=None) -> Timing:
    """Run ``setup()`` (if any) then ``cmd``, ``repeat`` times (+1 discarded warm-up)."""
    t = Timing()
    for i in range(repeat + (1 if warmup else 0)):
        if setup:
            setup(i)
        p = measure(cmd, env, cwd)
        if check and not check(p):
            raise BenchError(f"unexpected output of {' '.join(cmd)}:\n{p.stdout[-1500:]}\n{p.stderr[-1500:]}")
        if warmup and i == 0:
            continue
        t.runs.append(p)
    return t


def cm(*args) -> list[str]:
    return [sys.executable, "-m", "culturemap", *map(str, args)]


def _figure(name, what, value: dict, floor_name, floor: dict, **extra) -> dict:
    kind, limit = TARGETS.get(name, (None, None))
    ratio = round(value["wall"] / floor["wall"], 3) if floor and floor.get("wall") else None
    cpu_ratio = round(value["cpu"] / floor["cpu"], 3) if floor and floor.get("cpu") else None
    measured = {"ratio": ratio, "s": value.get("wall"), "MB": value.get("rss_mb")}.get(kind)
    ok = None if kind is None or measured is None else measured <= limit
    return {"name": name, "what": what, **value, "floor_name": floor_name, "floor": floor, "ratio": ratio,
            "cpu_ratio": cpu_ratio, "target": None if kind is None else {"kind": kind, "limit": limit}, "ok": ok,
            **extra}


# ------------------------------------------------------------------------------------------ suites
def _new_engagement(path: Path, n: int, words: int, env: dict) -> int:
    from bench.generate import write_engagement

    if path.exists():
        shutil.rmtree(path)
    measure(cm("init", path), env)
    return write_engagement(path, n, words)


def suite_tag(sz: Sizes, work: Path, env: dict) -> dict:
    """tag cold / unchanged / one edited vs spaCy's floor on the same N x W engagement."""
    from bench.generate import edit_transcript

    words = _new_engagement(work / "tag-0", sz.tag_n, sz.tag_words, env)
    floor = timed([sys.executable, "-m", "bench.floor", work / "tag-0"], env, sz.repeat, warmup=sz.warmup)
    floor_out = json.loads(floor.best.stdout)

    dirs = iter(range(1000))
    cold_dirs: list[Path] = []

    def fresh_cold(i):
        d = work / f"cold-{next(dirs)}"
        _new_engagement(d, sz.tag_n, sz.tag_words, env)
        cold_dirs.append(d)

    cold = Timing()
    for i in range(sz.repeat + (1 if sz.warmup else 0)):
        fresh_cold(i)
        p = measure(cm("tag", cold_dirs[-1]), env)
        if f"Tagged {sz.tag_n} transcript" not in p.stdout:
            raise BenchError(f"cold tag did not tag everything:\n{p.stdout}")
        if not (sz.warmup and i == 0):
            cold.runs.append(p)
    eng = cold_dirs[-1]
    unchanged = timed(cm("tag", eng), env, sz.repeat_fast, warmup=sz.warmup,
                      check=lambda p: "Nothing to tag" in p.stdout)
    probe = measure([sys.executable, "-c", _PROBE, str(eng)], env)
    loads_spacy = json.loads(probe.stdout.strip().splitlines()[-1])["spacy"]

    def edit(i):
        edit_transcript(eng / f"g-{(i % sz.tag_n) + 1:04d}.md")

    edited = timed(cm("tag", eng), env, sz.repeat, setup=edit, warmup=sz.warmup,
                   check=lambda p: "Tagged 1 transcript" in p.stdout)
    fl = floor.summary()
    name = f"spaCy floor ({sz.tag_n} x {sz.tag_words:,} words)"
    return {
        "words": words, "floor": {**fl, **floor_out},
        "figures": [
            _figure("tag cold", f"`tag` on a fresh engagement, {sz.tag_n} x {sz.tag_words:,} words", cold.summary(),
                    name, fl, suggestions=_suggestions(cold.best.stdout)),
            _figure("tag unchanged", "`tag` again, nothing changed", unchanged.summary(), name, fl,
                    loads_spacy=loads_spacy),
            _figure("tag one edited", "`tag` after editing one transcript", edited.summary(), name, fl),
        ],
    }


_PROBE = """
import json, sys
from click.testing import CliRunner
from culturemap.cli import main
r = CliRunner().invoke(main, ["tag", sys.argv[1]])
assert r.exit_code == 0, r.output
print(json.dumps({"spacy": "spacy" in sys.modules}))
"""


def _suggestions(stdout: str) -> int | None:
    import re

    m = re.search(r"(\d+) new suggestion", stdout)
    return int(m.group(1)) if m else None


def _sample_copy(sz: Sizes, work: Path, env: dict) -> tuple[Path, dict]:
    """A tagged copy of the sample engagement with every suggestion accepted (never touches interviews/)."""
    dst = work / "sample"
    if dst.exists():
        shutil.rmtree(dst)
    if sz.sample:
        shutil.copytree(REPO / "interviews", dst,
                        ignore=shutil.ignore_patterns("codings", "out", ".culturemap.lock", "session.yaml"))
    else:
        _new_engagement(dst, 3, sz.tag_words, env)
    tag = measure(cm("tag", dst), env)         # quick mode: 3 generated transcripts stand in for the sample
    accepted = any('"accepted"' in p.read_text(encoding="utf-8") for p in (dst / "codings").glob("*.json"))
    review = None
    if not accepted:
        review = measure(cm("review", dst, "--accept-all"), env)
    info = {"source": "interviews/ (copy)" if sz.sample else "generated (3 transcripts)",
            "tag": {"wall": round(tag.wall, 3), "cpu": round(tag.cpu, 3), "rss_mb": round(tag.rss_mb, 1)},
            "accept_all": review.stdout.split(". Undo")[0].strip().rstrip(".") + "." if review else "already accepted"}
    return dst, info


def suite_sample(sz: Sizes, work: Path, env: dict) -> dict:
    """build + loops + mark, run, export --format all on a tagged, accepted copy of the sample."""
    dst, info = _sample_copy(sz, work, env)
    floor = timed([sys.executable, "-c", "import click, yaml, rich, networkx"], env, sz.repeat_fast,
                  warmup=sz.warmup).summary()
    floor_name = "python + import click, yaml, rich, networkx"
    parts = {}
    for command in ("build", "loops", "mark"):
        parts[command] = timed(cm(command, dst), env, sz.repeat_fast, warmup=sz.warmup).summary()
    blm = {"wall": round(sum(p["wall"] for p in parts.values()), 3),
           "wall_median": round(sum(p["wall_median"] for p in parts.values()), 3),
           "cpu": round(sum(p["cpu"] for p in parts.values()), 3),
           "rss_mb": max(p["rss_mb"] for p in parts.values()), "n": sz.repeat_fast}
    floor3 = {k: round(3 * floor[k], 3) for k in ("wall", "wall_median", "cpu")} | {"rss_mb": floor["rss_mb"]}
    has_format = "--format" in measure(cm("run", "--help"), env).stdout
    run_cmd = cm("run", dst, "--out", work / "out-run") + (["--format", "all"] if has_format else [])
    run_t = timed(run_cmd, env, 1 if not sz.warmup else sz.repeat, warmup=sz.warmup).summary()
    export_t = timed(cm("export", dst, "--format", "all", "--out", work / "out-all"), env,
                     1 if not sz.warmup else sz.repeat, warmup=sz.warmup).summary()
    figures = [
        _figure("build + loops + mark", "three commands on the sample, summed", blm,
                "3 x " + floor_name, floor3, parts=parts),
        _figure("run", "`run` " + ("--format all" if has_format else "(standard exports: svg png pdf dot graphml "
                                   "html pptx csv + session template)"), run_t, floor_name, floor,
                note=None if has_format else "run has no --format option yet: standard exports only"),
        _figure("export --format all", "`export --format all` (every format)", export_t, floor_name, floor),
    ]
    return {"sample": info, "floor": floor, "figures": figures}


def suite_help(sz: Sizes, work: Path, env: dict) -> dict:
    py = timed([sys.executable, "-c", "pass"], env, sz.repeat_fast, warmup=sz.warmup).summary()
    hl = timed(cm("--help"), env, sz.repeat_fast, warmup=sz.warmup, check=lambda p: "Usage:" in p.stdout).summary()
    return {"floor": py, "figures": [_figure("--help", "`culturemap --help`", hl, "python -c pass", py)]}


def suite_scale(sz: Sizes, work: Path, env: dict) -> dict:
    """tag cold at several engagement sizes: words/s and peak memory, vs the floor on the same texts."""
    rows, figures = [], []
    for n in sz.scale:
        d = work / f"scale-{n}"
        words = _new_engagement(d, n, sz.scale_words, env)
        fl = measure([sys.executable, "-m", "bench.floor", d], env)
        tg = measure(cm("tag", d), env)
        if f"Tagged {n} transcript" not in tg.stdout:
            raise BenchError(f"scale {n}: not everything tagged:\n{tg.stdout}\n{tg.stderr[-1500:]}")
        rows.append({"transcripts": n, "words": words,
                     "tag": {"wall": round(tg.wall, 3), "cpu": round(tg.cpu, 3), "rss_mb": round(tg.rss_mb, 1),
                             "words_per_s": round(words / tg.wall)},
                     "floor": {"wall": round(fl.wall, 3), "cpu": round(fl.cpu, 3), "rss_mb": round(fl.rss_mb, 1),
                               "words_per_s": round(words / fl.wall)},
                     "ratio": round(tg.wall / fl.wall, 3), "rss_ratio": round(tg.rss_mb / fl.rss_mb, 3)})
        shutil.rmtree(d, ignore_errors=True)
    big = rows[-1]
    figures.append(_figure("peak memory, 1M words" if big["words"] >= 900_000 else "peak memory, largest scale",
                           f"peak RSS of `tag` on {big['transcripts']:,} transcripts ({big['words']:,} words; "
                           f"{big['tag']['words_per_s']:,} words/s, floor {big['floor']['words_per_s']:,})",
                           {"wall": big["tag"]["wall"], "cpu": big["tag"]["cpu"], "rss_mb": big["tag"]["rss_mb"],
                            "n": 1}, "spaCy floor, same texts", big["floor"]))
    return {"rows": rows, "figures": figures}


def random_signed_graph(n: int, degree: int, seed: int = 7):
    """A signed random digraph: every node links to ``degree`` distinct others; ~1/3 of links are ``-``.

    >>> g = random_signed_graph(10, 3)
    >>> g.number_of_nodes(), g.number_of_edges(), sorted({d["sign"] for *_, d in g.edges(data=True)})
    (10, 30, ['+', '-'])
    """
    import networkx as nx

    rng = random.Random(f"{seed}:{n}:{degree}")
    g = nx.DiGraph()
    names = [f"c{i:03d}" for i in range(n)]
    for name in names:
        g.add_node(name, effect=rng.choice(("enabling", "hindering", "ambivalent")))
    for name in names:
        for other in rng.sample([m for m in names if m != name], degree):
            g.add_edge(name, other, sign="-" if rng.random() < 1 / 3 else "+", sources=rng.randint(1, 5))
    return g


def suite_loops(sz: Sizes, work: Path, env: dict) -> dict:
    """find_loops (max_length 8, max_loops 500, time_limit 2 s: the CLI defaults) vs networkx's own enumeration."""
    import itertools

    import networkx as nx

    from culturemap.analysis.loops import find_loops

    rows, figures = [], []
    for n in sz.loop_nodes:
        for d in sz.loop_degrees:
            g = random_signed_graph(n, d)
            t0 = time.perf_counter()
            res = find_loops(g, max_length=8, max_loops=500, time_limit=2.0)
            t = time.perf_counter() - t0
            t0 = time.perf_counter()
            k = sum(1 for _ in itertools.islice(nx.simple_cycles(g, length_bound=8), len(res.loops)))
            tf = time.perf_counter() - t0
            rows.append({"nodes": n, "degree": d, "edges": g.number_of_edges(), "time": round(t, 5),
                         "loops": len(res.loops), "truncated": res.truncated, "truncated_by": res.truncated_by,
                         "largest_knot": max((len(c) for c in res.components), default=0),
                         "floor": round(tf, 5), "floor_loops": k,
                         "ratio": round(t / tf, 2) if tf > 0 else None})
    last = rows[-1]
    name = ("loops 200 nodes, out-degree 4" if (last["nodes"], last["degree"]) == (200, 4)
            else f"loops {last['nodes']} nodes, out-degree {last['degree']}")
    fig = _figure(name, "`find_loops` with the CLI defaults", {"wall": last["time"], "cpu": None, "rss_mb": None,
                                                                 "n": 1},
                  "nx.simple_cycles, same number of loops", {"wall": last["floor"]},
                  loops=last["loops"], truncated_by=last["truncated_by"])
    if fig["ok"] is not None:
        fig["ok"] = fig["ok"] and last["truncated"] == (last["truncated_by"] != "")
    figures.append(fig)
    return {"rows": rows, "figures": figures}


SUITE_FUNCS = {"tag": suite_tag, "sample": suite_sample, "help": suite_help, "scale": suite_scale,
               "loops": suite_loops}


# ------------------------------------------------------------------------------------------ machine
def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def ver(pkg):
        try:
            return version(pkg)
        except PackageNotFoundError:
            return None

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {"nproc": os.cpu_count(), "memory_gb": mem, "cpu": cpu, "python": platform.python_version(),
            "spacy": ver("spacy"), "networkx": ver("networkx"), "os": f"{platform.system()} {platform.release()}",
            "commit": commit, "load_before": [round(x, 2) for x in os.getloadavg()]}


# ------------------------------------------------------------------------------------------ driver
def run_suite(*, quick: bool = False, only=None, command: str = "python -m bench") -> dict:
    """Run the suites and return the results (see :func:`render`)."""
    sz = QUICK if quick else FULL
    names = [s for s in SUITES if not only or s in only]
    res = {"date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "command": command,
           "quick": quick, "sizes": asdict(sz), "machine": machine(), "suites": {}}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="culturemap-bench-") as tmp:
        work = Path(tmp)
        env = _env(Path(tempfile.gettempdir()) / "culturemap-bench-pycache")
        for name in names:
            s0 = time.perf_counter()
            res["suites"][name] = SUITE_FUNCS[name](sz, work / name, env)
            res["suites"][name]["seconds"] = round(time.perf_counter() - s0, 1)
    res["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    res["seconds"] = round(time.perf_counter() - t0, 1)
    res["figures"] = [f for name in names for f in res["suites"][name]["figures"]]
    return res


def _s(x) -> str:
    return "–" if x is None else (f"{x:.3f} s" if x < 1 else f"{x:.2f} s")


def render(res: dict, notes: str = "") -> str:
    """The results as Markdown (every figure with its floor beside it)."""
    m = res["machine"]
    out = ["# culturemap benchmarks", "",
           f"Produced by `{res['command']}` on {res['date']} (commit {m['commit']}; "
           f"{'QUICK smoke sizes, not for publishing' if res['quick'] else 'full sizes'}; the suite took "
           f"{res['seconds']:.0f} s). Regenerate with `python -m bench` (about 10 minutes); the text below the "
           "notes marker is kept.", "",
           f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB memory, {m['os']}, Python {m['python']}, "
           f"spaCy {m['spacy']}, networkx {m['networkx']}. Load average before/after: "
           f"{' '.join(map(str, m['load_before']))} / {' '.join(map(str, m.get('load_after', [])))} "
           "(the machine is shared; CPU time is shown beside wall time).", "",
           "Wall time is the best of the repeats (`n`; median in the details); CPU is user + system of the "
           "process; RSS is its peak resident memory. Ratio = wall time / the floor's wall time.", "",
           "## Targets", "",
           "| Figure | Value | Floor | Ratio (wall / CPU) | Peak RSS | Target | Met |",
           "|---|---|---|---|---|---|---|"]
    for f in res["figures"]:
        fl = f["floor"] or {}
        t = f["target"]
        target = "–" if not t else (f"<= {t['limit']}x floor" if t["kind"] == "ratio" else
                                    f"<= {t['limit']:g} s" if t["kind"] == "s" else f"<= {t['limit']:g} MB")
        met = {True: "yes", False: "**no**", None: "–"}[f["ok"]]
        ratio = "–" if f["ratio"] is None else f"{f['ratio']:.2f}x" + (
            f" / {f['cpu_ratio']:.2f}x" if f.get("cpu_ratio") is not None else "")
        cpu = f" (CPU {f['cpu']:.2f} s)" if f.get("cpu") is not None else ""
        fcpu = f" (CPU {fl['cpu']:.2f} s)" if fl.get("cpu") is not None else ""
        rss = "–" if f.get("rss_mb") is None else f"{f['rss_mb']:.0f} MB" + (
            f" (floor {fl['rss_mb']:.0f})" if fl.get("rss_mb") else "")
        extra = ""
        if "loads_spacy" in f:
            extra = "; loads spaCy: " + ("yes" if f["loads_spacy"] else "no")
        if f.get("suggestions") is not None:
            extra = f"; {f['suggestions']:,} suggestions"
        if f.get("truncated_by") is not None:
            extra = f"; {f['loops']} loops, truncated: {f['truncated_by'] or 'no'}"
        if f.get("note"):
            extra += f"; {f['note']}"
        out.append(f"| **{f['name']}**: {f['what']}{extra} | {_s(f['wall'])}{cpu} | {f['floor_name']}: "
                   f"{_s(fl.get('wall'))}{fcpu} | {ratio} | {rss} | {target} | {met} |")
    s = res["suites"]
    if "tag" in s:
        fl = s["tag"]["floor"]
        out += ["", f"Tag floor: {fl['texts']:,} interviewee turns, {fl['words']:,} word tokens, "
                    f"{fl['sentences']:,} sentences, {fl['matches']:,} PhraseMatcher matches "
                    f"({s['tag']['words']:,} words in the turns)."]
    if "sample" in s:
        sm = s["sample"]["sample"]
        out += ["", f"Sample: {sm['source']}; tagged in {_s(sm['tag']['wall'])}; {sm['accept_all']} "
                    "build / loops / mark separately: " +
                ", ".join(f"{k} {_s(v['wall'])}" for k, v in s["sample"]["figures"][0]["parts"].items()) + "."]
    if "scale" in s:
        out += ["", "## Scale: `tag` cold", "",
                "| Transcripts | Words | tag wall (CPU) | tag words/s | tag peak RSS | floor wall (CPU) | "
                "floor words/s | floor peak RSS | Ratio |", "|---|---|---|---|---|---|---|---|---|"]
        for r in s["scale"]["rows"]:
            t, f = r["tag"], r["floor"]
            out.append(f"| {r['transcripts']:,} | {r['words']:,} | {_s(t['wall'])} ({t['cpu']:.1f}) | "
                       f"{t['words_per_s']:,} | {t['rss_mb']:.0f} MB | {_s(f['wall'])} ({f['cpu']:.1f}) | "
                       f"{f['words_per_s']:,} | {f['rss_mb']:.0f} MB | {r['ratio']:.2f}x |")
    if "loops" in s:
        out += ["", "## Loops: `find_loops` on signed random graphs", "",
                "max_length 8, max_loops 500, time_limit 2 s (the CLI defaults). Floor: `nx.simple_cycles("
                "G, length_bound=8)` yielding as many cycles.", "",
                "| Nodes | Out-degree | Links | Time | Loops | Truncated by | Largest knot | Floor | Ratio |",
                "|---|---|---|---|---|---|---|---|---|"]
        for r in s["loops"]["rows"]:
            out.append(f"| {r['nodes']} | {r['degree']} | {r['edges']} | {_s(r['time'])} | {r['loops']} | "
                       f"{r['truncated_by'] or 'no'} | {r['largest_knot']} | {_s(r['floor'])} | "
                       f"{'–' if r['ratio'] is None else str(r['ratio']) + 'x'} |")
    out += ["", "## Details", "", "<details><summary>All figures (JSON)</summary>", "", "```json",
            json.dumps({k: v for k, v in res.items() if k != "figures"}, indent=1, ensure_ascii=False), "```",
            "", "</details>", "", NOTES_MARKER, ""]
    text = "\n".join(out)
    return text + (notes.lstrip("\n") if notes else "")


def kept_notes(path: Path) -> str:
    """The hand-written text below :data:`NOTES_MARKER` in an earlier results file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""
    return text.split(NOTES_MARKER, 1)[1] if NOTES_MARKER in text else ""


def main(argv=None) -> dict:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (the smoke test); writes to a "
                    "temporary file unless --out is given")
    ap.add_argument("--only", nargs="+", choices=SUITES, metavar="NAME", help=f"only these suites: {', '.join(SUITES)}")
    ap.add_argument("--out", default=None, help="results file (default: bench/RESULTS.md; --quick: a temp file)")
    args = ap.parse_args(argv)
    command = "python -m bench" + (" " + " ".join(argv if argv is not None else sys.argv[1:]) if
                                   (argv if argv is not None else sys.argv[1:]) else "")
    res = run_suite(quick=args.quick, only=args.only, command=command)
    if args.out:
        out = Path(args.out)
    elif args.quick:
        out = Path(tempfile.mkdtemp(prefix="culturemap-bench-")) / "RESULTS.md"
    else:
        out = REPO / "bench" / "RESULTS.md"
    out.write_text(render(res, kept_notes(out)), encoding="utf-8")
    res["out"] = str(out)
    for f in res["figures"]:
        met = {True: "ok", False: "MISSED", None: ""}[f["ok"]]
        ratio = "" if f["ratio"] is None else f"  {f['ratio']:.2f}x floor"
        print(f"{f['name']:<32} {_s(f['wall']):>9}{ratio}  {met}")
    print(f"Wrote {out}")
    return res
