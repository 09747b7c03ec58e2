"""Benchmark of the coding workbench: a scripted browser session codes one sample interview from its gold.

``python -m bench.workbench [--interview kc-01] [--engagement DIR --gold DIR] [--untagged] [--out FILE]``
(needs Chromium, chromedriver and Selenium)

A copy of the sample engagement ``interviews/`` is tagged afresh (``culturemap tag``), the workbench is
started as the consultant would (:func:`culturemap.workbench.serve`) and headless Chromium codes one
interview until its store holds the gold coding (``interviews/gold/<id>.yaml``), as a consultant who knows
the answer would, by keyboard, counting every key and click:

1. walk the open suggestions (the focus moves on by itself): ``a`` when gold agrees, ``x`` when gold has
   the other negation, ``c`` + type-ahead + Enter when gold has another code on that sentence, ``r``
   otherwise;
2. code every gold tag still missing, in text order: ``↓``/``↑`` to the next sentence or one click on a
   sentence farther away, ``t``, the shortest type-ahead that puts the code first (nothing when it is the
   code used last), ``Tab`` when negated, ``Enter``;
3. draw every gold link still missing: focus the cause's tag (a click on its chip unless focused), ``l``,
   type-ahead, ``Enter``, the sign.

Reported: keys and clicks per coding (target: 3 or fewer on average), the same for the manual codings
against the length of the ``review --add-tag``/``--add-link`` command each would take today, what the
store holds against the gold afterwards (recall / precision), and the API latency of one decision
(``POST /api/decisions``, target < 50 ms) measured outside the browser.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "interviews"
SERVE = "import sys; from culturemap.workbench import serve; serve(sys.argv[1], 0, False)"


class Session:
    """The browser, with every key and click counted by phase."""

    def __init__(self, driver):
        self.driver = driver
        self.keys = {"suggestions": 0, "tags": 0, "links": 0}
        self.clicks = {"suggestions": 0, "tags": 0, "links": 0}

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def idle(self, timeout=15.0):
        end = time.monotonic() + timeout
        while self.js("return document.body.dataset.busy") != "0":
            if time.monotonic() > end:
                raise RuntimeError("the page stayed busy")
            time.sleep(0.01)

    def press(self, phase, *keys):
        from selenium.webdriver.common.action_chains import ActionChains

        for k in keys:
            ActionChains(self.driver).send_keys(k).perform()
            self.keys[phase] += 1
            self.idle()

    def click(self, phase, find):
        """Click the element ``find()`` returns (found again if a re-render replaced it)."""
        from selenium.common.exceptions import StaleElementReferenceException

        for attempt in range(5):
            try:
                element = find()
                self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
                element.click()
                break
            except StaleElementReferenceException:
                if attempt == 4:
                    raise
                time.sleep(0.1)
        self.clicks[phase] += 1
        self.idle()

    def state(self):
        return self.js("return {focus: S.focus, cursor: S.cursor, items: S.items, sentences: S.data.sentences,"
                       " picker: !document.getElementById('picker').hidden}")


def overlaps(a, b) -> bool:
    return a["start"] < b.end and b.start < a["end"]


def shortest_prefix(session: Session, code: str, codes: list[dict], exclude: str | None = None) -> str:
    """The shortest text that puts ``code`` first in the picker's type-ahead."""
    c = next(x for x in codes if x["id"] == code)
    words = [code] + [w for lab in [c["label"], *c.get("labels", {}).values()] for w in lab.split()]
    order = [x for x in session.js("return matches('').map(c => c.id)") if x != exclude]
    if order and order[0] == code:
        return ""                               # recently used: first without typing
    best = None
    for w in words:
        for n in range(1, len(w) + 1):
            prefix = w[:n].lower()
            if best is not None and len(prefix) >= len(best):
                break
            order = [x for x in session.js("return matches(arguments[0]).map(c => c.id)", prefix) if x != exclude]
            if order and order[0] == code:
                best = prefix
                break
    return best or code


def run_session(session: Session, interview: str, gold_tags, gold_links, codes) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    used: set[int] = set()
    link_used: set[int] = set()
    # 1. the open suggestions
    while True:
        st = session.state()
        focus = json.loads(st["focus"]) if st["focus"] else None
        item = next((i for i in st["items"] if i["key"] == focus), None)
        if item is None or item["status"] != "suggested":
            open_ = [i for i in st["items"] if i["status"] == "suggested"]
            if not open_:
                break
            session.press("suggestions", "j")
            continue
        if "code" in item:
            match = next((n for n, g in enumerate(gold_tags) if n not in used and g.key[0] == item["code"]
                          and overlaps(item, g)), None)
            if match is not None:
                used.add(match)
                session.press("suggestions", "a" if gold_tags[match].negated == item["negated"] else "x")
                continue
            other = next((n for n, g in enumerate(gold_tags) if n not in used and overlaps(item, g)
                          and g.negated == item["negated"]
                          and not any(i.get("code") == g.key[0] and overlaps(i, g) for i in st["items"])), None)
            if other is not None:
                used.add(other)
                prefix = shortest_prefix(session, gold_tags[other].key[0], codes)
                session.press("suggestions", "c", *prefix, Keys.ENTER)
                continue
            session.press("suggestions", "r")
        else:
            match = next((n for n, g in enumerate(gold_links) if n not in link_used and overlaps(item, g)
                          and g.key == (item["cause"], item["effect"], item["sign"])), None)
            if match is not None:
                link_used.add(match)
            session.press("suggestions", "a" if match is not None else "r")
    # 2. the gold tags still missing
    manual_tags = []
    for n, g in sorted(enumerate(gold_tags), key=lambda ng: (ng[1].start, ng[1].end)):
        if n in used:
            continue
        st = session.state()
        if any(i.get("code") == g.key[0] and i["status"] == "accepted" and overlaps(i, g) for i in st["items"]):
            used.add(n)                      # coded already (two gold quotes on one sentence)
            continue
        target = next((k for k, (a, b) in enumerate(st["sentences"]) if a <= g.start < b), None)
        if target is None:
            continue
        before, before_c = session.keys["tags"], session.clicks["tags"]
        cursor = st["cursor"]
        if cursor is None or cursor < 0:
            cursor = -1
        if abs(target - cursor) > 1:            # farther than the next sentence: one click on it
            a = st["sentences"][target][0]
            session.click("tags", lambda a=a: session.driver.find_element(By.CSS_SELECTOR, f'.sent[data-s="{a}"]'))
        else:
            for _ in range(abs(target - cursor)):
                session.press("tags", Keys.ARROW_DOWN if target > cursor else Keys.ARROW_UP)
        session.press("tags", "t")
        prefix = shortest_prefix(session, g.key[0], codes)
        session.press("tags", *prefix)
        if g.negated:
            session.press("tags", Keys.TAB)
        session.press("tags", Keys.ENTER)
        used.add(n)
        manual_tags.append((g, session.keys["tags"] - before + session.clicks["tags"] - before_c))
    # 3. the gold links still missing
    manual_links = []
    for n, g in enumerate(gold_links):
        if n in link_used:
            continue
        st = session.state()
        cause = next((i for i in st["items"] if i.get("code") == g.key[0] and i["status"] == "accepted"
                      and overlaps(i, g)), None)
        if cause is None:
            continue
        before_k, before_c = session.keys["links"], session.clicks["links"]
        if st["focus"] is None or json.loads(st["focus"]) != cause["key"]:
            want = cause["key"]
            session.click("links", lambda want=want: next(
                c for c in session.driver.find_elements(By.CSS_SELECTOR, ".chip")
                if json.loads(c.get_attribute("data-key")) == want))
        session.press("links", "l")
        prefix = shortest_prefix(session, g.key[1], codes, exclude=g.key[0])
        session.press("links", *prefix, Keys.ENTER, g.key[2])
        link_used.add(n)
        manual_links.append((g, session.keys["links"] - before_k + session.clicks["links"] - before_c))
    return {"manual_tags": manual_tags, "manual_links": manual_links,
            "missed_tags": len(gold_tags) - len(used), "missed_links": len(gold_links) - len(link_used)}


def latency(port: int, token: str, interview: str, n: int = 100) -> dict:
    """Milliseconds of ``POST /api/decisions`` (accept, then reopen, ...) on one tag, outside the browser."""
    base = f"http://127.0.0.1:{port}"
    headers = {"X-Culturemap-Token": token, "Content-Type": "application/json"}

    def call(method, path, body=None):
        req = urllib.request.Request(base + path, method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    tag = call("GET", f"/api/interviews/{interview}")["tags"][0]
    times = []
    for k in range(n):
        status = ("suggested", "accepted")[k % 2] if tag["status"] == "accepted" else ("accepted", "suggested")[k % 2]
        t0 = time.perf_counter()
        call("POST", "/api/decisions", {"interview": interview, "key": tag["key"], "status": status})
        times.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    call("GET", f"/api/interviews/{interview}")
    page = (time.perf_counter() - t0) * 1000
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))], "max": times[-1],
            "n": n, "interview_get": page}


def cli_length(g, interview: str, link: bool) -> int:
    """Characters of the command the terminal needs for the same manual coding (engagement folder 'acme')."""
    quote = " ".join(g.text.split())
    if link:
        cmd = (f'culturemap review acme --add-link "{quote}" --cause {g.key[0]} --effect {g.key[1]} '
               f'--sign {g.key[2]} --interview {interview}')
    else:
        cmd = (f'culturemap review acme --add-tag "{quote}" --code {g.key[0]}'
               f'{" --negated" if g.negated else ""} --interview {interview}')
    return len(cmd)


def run(interview: str = "kc-01", *, engagement: Path = SAMPLE, gold: Path | None = None,
        untagged: bool = False) -> dict:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    from culturemap.coding.evaluate import GoldItem, read_gold, score_items
    from culturemap.ingest import load_transcripts
    from culturemap.models import Codings
    from culturemap.store import load_codings

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        raise SystemExit("needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)")
    tmp = Path(tempfile.mkdtemp(prefix="cm-workbench-"))
    root = tmp / "eng"
    gold = Path(gold) if gold is not None else Path(engagement) / "gold"
    shutil.copytree(engagement, root, ignore=shutil.ignore_patterns("codings", "gold"))
    (tmp / "gold").mkdir()
    shutil.copy(gold / f"{interview}.yaml", tmp / "gold" / f"{interview}.yaml")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
               PYTHONUNBUFFERED="1")
    if not untagged:
        subprocess.run([sys.executable, "-m", "culturemap", "tag", str(root)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
    transcripts, _ = load_transcripts(root, default_language="nl")
    gold_tags, gold_links = read_gold(tmp / "gold", {t.id: t for t in transcripts})
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(root)], stdout=subprocess.PIPE, text=True, env=env)
    driver = None
    try:
        url = proc.stdout.readline().strip().split(" ", 1)[1]
        port, token = int(url.split(":")[2].split("/")[0]), url.split("token=")[1]
        opts = Options()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,900"):
            opts.add_argument(arg)
        opts.binary_location = chromium
        driver = webdriver.Chrome(options=opts, service=Service(driver_path))
        driver.get(f"{url}#{interview}")
        session = Session(driver)
        end = time.monotonic() + 20
        while session.js("return document.body.dataset.busy") != "0" or not session.js(
                "return S.data && S.data.id === arguments[0]", interview):
            if time.monotonic() > end:
                raise RuntimeError("the page did not load")
            time.sleep(0.05)
        suggested = sum(1 for i in session.state()["items"] if i["status"] == "suggested")
        codes = session.js("return S.codes")
        t0 = time.perf_counter()
        outcome = run_session(session, interview, gold_tags, gold_links, codes)
        seconds = time.perf_counter() - t0
        lat = latency(port, token, interview)
    finally:
        if driver is not None:
            driver.quit()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    codings = load_codings(root, interview) or Codings(interview, "")
    pred_tags = [GoldItem(interview, (t.code,), t.start, t.end, t.negated) for t in codings.tags
                 if t.status == "accepted"]
    pred_links = [GoldItem(interview, (l.cause, l.effect, l.sign), l.start, l.end) for l in codings.links
                  if l.status == "accepted"]
    tag_score, pairs, _, _ = score_items(gold_tags, pred_tags)
    link_score, _, _, _ = score_items(gold_links, pred_links)
    negation_ok = sum(1 for g, p in pairs if g.negated == p.negated)
    shutil.rmtree(tmp, ignore_errors=True)
    keys = sum(session.keys.values())
    clicks = sum(session.clicks.values())
    n_codings = len(gold_tags) + len(gold_links)
    manual = outcome["manual_tags"] + outcome["manual_links"]
    return {
        "interview": interview, "engagement": Path(engagement).name, "untagged": untagged, "gold_tags": len(gold_tags), "gold_links": len(gold_links),
        "suggestions": suggested, "keys": dict(session.keys), "clicks": dict(session.clicks),
        "per_coding": (keys + clicks) / max(n_codings, 1), "seconds": seconds,
        "manual": len(manual), "manual_per_coding": (sum(c for _, c in manual) / len(manual)) if manual else 0.0,
        "cli_chars": (statistics.mean([cli_length(g, interview, False) for g, _ in outcome["manual_tags"]] +
                                      [cli_length(g, interview, True) for g, _ in outcome["manual_links"]])
                      if manual else 0.0),
        "tags": tag_score.as_dict() if hasattr(tag_score, "as_dict") else vars(tag_score),
        "links": link_score.as_dict() if hasattr(link_score, "as_dict") else vars(link_score),
        "negation_agrees": f"{negation_ok}/{len(pairs)}", "latency_ms": lat,
    }


def render(r: dict) -> str:
    lat = r["latency_ms"]
    keys, clicks = r["keys"], r["clicks"]
    return "\n".join([
        f"## Workbench: coding {r['interview']} ({r['engagement']}/) from its gold in headless Chromium",
        "",
        f"Gold: {r['gold_tags']} tags and {r['gold_links']} links; " + (
            "not tagged: every coding by hand (a new codebook that suggests nothing)." if r["untagged"] else
            f"`culturemap tag` left {r['suggestions']} open suggestions in this interview."),
        "",
        "| phase | keys | clicks |",
        "|---|---:|---:|",
        *[f"| {phase} | {keys[phase]} | {clicks[phase]} |" for phase in keys],
        f"| **all** | **{sum(keys.values())}** | **{sum(clicks.values())}** |",
        "",
        f"- keys + clicks per gold coding: **{r['per_coding']:.2f}** (target: 3 or fewer)",
        f"- per manual coding (a tag or link no suggestion gave, {r['manual']} of them): "
        f"{r['manual_per_coding']:.1f} keys + clicks, against a {r['cli_chars']:.0f}-character "
        f"`review --add-tag/--add-link` command each today",
        f"- the store afterwards against the gold: tags recall {r['tags']['recall']}, precision "
        f"{r['tags']['precision']}; links recall {r['links']['recall']}, precision {r['links']['precision']}; "
        f"negation agrees on {r['negation_agrees']} matched tags",
        f"- API latency of a decision (`POST /api/decisions`, {lat['n']} calls, outside the browser): median "
        f"**{lat['median']:.1f} ms**, p95 {lat['p95']:.1f} ms, max {lat['max']:.1f} ms (target < 50 ms); "
        f"`GET /api/interviews/{r['interview']}` {lat['interview_get']:.1f} ms",
        f"- scripted session wall time: {r['seconds']:.1f} s (the script waits for every save and re-render)",
        "",
    ])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interview", default="kc-01")
    parser.add_argument("--engagement", default=str(SAMPLE), help="engagement folder (default: interviews/)")
    parser.add_argument("--gold", default=None, help="gold folder with <interview>.yaml (default: ENGAGEMENT/gold)")
    parser.add_argument("--untagged", action="store_true", help="do not tag first: code everything by hand")
    parser.add_argument("--out", default=None, help="also write the Markdown here")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.interview, engagement=Path(args.engagement), gold=args.gold and Path(args.gold),
                 untagged=args.untagged)
    text = json.dumps(result, indent=1, default=str) if args.json else render(result)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
