"""The workbench's one door into the review core: what the JSON API reads and changes.

Every change goes through the same functions as the terminal review and the batch options
(:func:`culturemap.review.decide`, :func:`~culturemap.review.change_code`, :func:`~culturemap.review.undo`, the
manual-coding store step), so the browser, ``review --accept-all`` and ``culturemap tag`` share one codings
store (``DIR/codings/<id>.json``) and one decision log (``DIR/codings/log.jsonl``). Nothing is cached but
parsed transcripts (keyed by file size and modification time): every request reads the store as it is now,
so the page shows what a CLI command changed meanwhile.

Finding an item by key, one change, log-then-save:
the section "review internals" below is the one place that reaches into the review core
(``culturemap.review.queue`` and ``culturemap.review.decisions``: ``commit_batch`` and friends).
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import replace
from pathlib import Path

from ..errors import CulturemapError, Errors, StoreError
from ..models import EFFECTS, KINDS, SIGNS, STATUSES, Codings, Link, Tag, Transcript
from ..store import engagement_lock, load_all_codings, load_codings, project_root, read_log

__all__ = [
    "list_interviews", "interview_detail", "codebook_rows", "decide_item", "add_tag", "add_link",
    "undo_last", "similar", "create_code", "current_loops", "settings_of", "item_json", "transcripts",
]


# ---------------------------------------------------------------- review internals (the one place)

def _find(codings: Codings, key) -> Tag | Link | None:
    from ..review.queue import find_item

    return find_item(codings, key)


def _entry(action: str, interview: str, before, after, batch_id: str | None = None):
    from ..review.decisions import Change

    return Change(action, interview, before, after), batch_id


def _commit(project, entries: list, changed: dict[str, Codings]) -> None:
    """Log and save through the one commit step of the review core (the same log as the terminal review)."""
    from ..review.decisions import commit_batch

    batches = {batch_id for _change, batch_id in entries}
    commit_batch(project, [change for change, _batch in entries], changed,
                 batch_id=batches.pop() if len(batches) == 1 else None)


def _swap(codings: Codings, old, new) -> Codings:
    from ..review.decisions import swap_item

    return swap_item(codings, old, new)


def _store_manual(project, interview_id: str, transcript: Transcript, item, action: str):
    from ..review.decisions import store_manual

    return store_manual(project, interview_id, transcript, item, action)


def _code_labels(project, *, strict: bool = True) -> dict[str, str]:
    from ..review.queue import code_labels

    return code_labels(project, strict=strict)


def _check_code(code: str, labels: dict[str, str]) -> None:
    from ..review.queue import check_code

    check_code(code, labels)


def _no_item(project, interview_id: str, key) -> StoreError:
    from ..review.decisions import no_such_item

    return no_such_item(project, interview_id, key)


# ---------------------------------------------------------------- reading

def settings_of(project):
    """The engagement's :class:`~culturemap.project.Settings`."""
    settings = getattr(project, "settings", None)
    if settings is None:
        from ..project import load_settings

        settings = load_settings(project_root(project))
    return settings


_CACHE: dict[str, tuple[tuple[int, int, int, int], Transcript]] = {}
_CACHE_GUARD = threading.Lock()


def _stat_key(path: Path) -> tuple[int, int, int, int]:
    from ..ingest import sidecar_path

    st = path.stat()
    side = sidecar_path(path)
    sst = side.stat() if side is not None and side.is_file() else None
    return (st.st_size, st.st_mtime_ns, sst.st_size if sst else -1, sst.st_mtime_ns if sst else -1)


def transcripts(project) -> dict[str, Transcript]:
    """Every readable transcript of the engagement by interview id (unreadable files are left out)."""
    from ..ingest import discover, read_transcript

    language = settings_of(project).language
    out: dict[str, Transcript] = {}
    for path in discover(project_root(project)):
        try:
            key = _stat_key(path)
        except OSError:
            continue
        with _CACHE_GUARD:
            hit = _CACHE.get(str(path.resolve()))
        if hit is not None and hit[0] == key:
            t = hit[1]
        else:
            try:
                t = read_transcript(path, default_language=language)
            except CulturemapError:
                continue
            with _CACHE_GUARD:
                _CACHE[str(path.resolve())] = (key, t)
        out.setdefault(t.id, t)
    return dict(sorted(out.items()))


def _transcript(project, interview_id: str) -> Transcript:
    found = transcripts(project)
    t = found.get(interview_id)
    if t is None:
        raise StoreError(Errors.E307, id=interview_id, known=", ".join(sorted(found)) or "none yet")
    return t


def _progress(codings: Codings | None) -> dict:
    counts = {"open": 0, "accepted": 0, "rejected": 0, "manual": 0}
    if codings is not None:
        items: list[Tag | Link] = [*codings.tags, *codings.links]
        for i in items:
            if i.orphaned:
                continue
            if i.origin == "manual":
                counts["manual"] += 1
            elif i.status == "suggested":
                counts["open"] += 1
            else:
                counts[i.status] += 1
    counts["total"] = sum(counts.values())
    return counts


def list_interviews(project) -> list[dict]:
    """``[{id, group, role, language, tagged, progress: {open, accepted, rejected, manual, total}}]`` by id.

    Never the interviewee's name (the page shows group and role)."""
    everything = load_all_codings(project)
    found = transcripts(project)
    out = []
    for iid in sorted(set(found) | set(everything)):
        t = found.get(iid)
        out.append({"id": iid, "group": t.group if t else None, "role": t.role if t else None,
                    "language": t.language if t else "", "tagged": iid in everything,
                    "progress": _progress(everything.get(iid))})
    return out


def item_json(item: Tag | Link) -> dict:
    """The API form of a tag or link; ``key`` is the list to send back in ``POST /api/decisions``."""
    if isinstance(item, Tag):
        return {"key": list(item.key), "start": item.start, "end": item.end, "code": item.code,
                "negated": item.negated, "stance": "denied" if item.negated else "affirmed",
                "status": item.status, "origin": item.origin, "spans": [list(s) for s in item.spans],
                "speaker": item.speaker, "text": item.text, "orphaned": item.orphaned}
    return {"key": list(item.key), "cause": item.cause, "effect": item.effect, "sign": item.sign,
            "start": item.start, "end": item.end, "status": item.status, "origin": item.origin,
            "speaker": item.speaker, "text": item.text, "orphaned": item.orphaned}


def interview_detail(project, interview_id: str) -> dict:
    """One interview: ``{id, group, role, language, text, segments, sentences, tags, links, progress, stale}``.

    ``sentences`` are the ``[start, end]`` of every sentence in the interviewee's turns (what the page
    steps through and codes).

    ``stale`` is true when the transcript changed since it was tagged (run ``culturemap tag`` to
    re-anchor); offsets are into ``Transcript.text`` as everywhere."""
    codings = load_codings(project, interview_id)
    t = transcripts(project).get(interview_id)
    if t is None and codings is None:
        known = sorted(set(transcripts(project)) | set(load_all_codings(project)))
        raise StoreError(Errors.E307, id=interview_id, known=", ".join(known) or "none yet")
    tags = codings.tags if codings else ()
    links = codings.links if codings else ()
    return {
        "id": interview_id, "group": t.group if t else None, "role": t.role if t else None,
        "language": t.language if t else "", "text": t.text if t else "",
        "segments": [{"speaker": s.speaker, "start": s.start, "end": s.end, "interviewer": s.is_interviewer}
                     for s in (t.segments if t else ())],
        "sentences": [[a, b] for _, a, b in _sentences(t)] if t else [],
        "tags": [item_json(i) for i in tags], "links": [item_json(i) for i in links],
        "progress": _progress(codings),
        "stale": bool(t and codings and codings.fingerprint and codings.fingerprint != t.fingerprint),
    }


def _recent_codes(project, n: int = 8) -> list[str]:
    """Codes of the latest manual codings and decisions, newest first (for the picker)."""
    out: list[str] = []
    for e in reversed(read_log(project)):
        after = e.get("after") or {}
        for code in (after.get("code"), after.get("effect"), after.get("cause")):
            if code and code not in out and e.get("action") in ("accept", "add-tag", "add-link", "change-code"):
                out.append(code)
        if len(out) >= n:
            break
    return out[:n]


def codebook_rows(project) -> list[dict]:
    """``[{id, label, labels, kind, effect, description, accepted, open, recent}]`` in codebook order.

    ``label`` is in the project language, ``labels`` holds both; ``accepted``/``open`` count tags over all
    interviews; ``recent`` ranks the codes used last (0 newest, ``None`` not recently used)."""
    from ..coding.codebook import load_codebook

    language = settings_of(project).language
    codebook = load_codebook(project_root(project) / "codebook.yaml")
    accepted: dict[str, int] = {}
    open_: dict[str, int] = {}
    for codings in load_all_codings(project).values():
        for t in codings.tags:
            if t.orphaned:
                continue
            if t.status == "accepted":
                accepted[t.code] = accepted.get(t.code, 0) + 1
            elif t.status == "suggested":
                open_[t.code] = open_.get(t.code, 0) + 1
    recent = {c: n for n, c in enumerate(_recent_codes(project))}
    return [{"id": c.id, "label": c.label_for(language), "labels": dict(c.labels) or {language: c.label},
             "kind": c.kind, "effect": c.effect, "description": c.description,
             "accepted": accepted.get(c.id, 0), "open": open_.get(c.id, 0), "recent": recent.get(c.id)}
            for c in codebook.codes]


# ---------------------------------------------------------------- decisions

def _key(value) -> tuple:
    if not isinstance(value, (list, tuple)) or not value:
        raise StoreError(Errors.E802, field="'key'", detail="the item's key as the API gave it, e.g. "
                                                            "[\"tag\", \"kc-03\", \"no-time\", 120, 188]")
    return tuple(value)


def decide_item(project, interview_id: str, key, status: str, *, code: str | None = None,
                negated: bool | None = None) -> dict:
    """Accept, reject or reopen one tag or link; with ``code`` give a tag another code; with ``negated``
    flip its negation (stance). Saved and logged at once, undoable like every review decision.

    A flipped negation makes the tag the consultant's own (origin ``manual``), so a later re-tag keeps it
    instead of bringing the rule's reading back. Returns the item as stored (API form)."""
    key = _key(key)
    if status not in STATUSES:
        raise StoreError(Errors.E311, value=status, detail=f"a status is one of {', '.join(STATUSES)}")
    from .. import review
    with engagement_lock(project):
        codings = load_codings(project, interview_id)
        if codings is None:
            raise StoreError(Errors.E307, id=interview_id,
                             known=", ".join(sorted(load_all_codings(project))) or "none yet")
        item = _find(codings, key)
        if item is None:
            raise _no_item(project, interview_id, key)
        if code is not None and isinstance(item, Tag) and code != item.code:
            review.change_code(project, interview_id, key, code)
            key = ("tag", interview_id, code, item.start, item.end)
            codings = load_codings(project, interview_id) or codings
            item = _find(codings, key) or item
        if negated is not None and isinstance(item, Tag) and bool(negated) != item.negated:
            after = replace(item, negated=bool(negated), status=status if status != "suggested" else "accepted",
                            origin="manual", orphaned=False)
            codings = _swap(codings, item, after)
            _commit(project, [_entry("flip-negation", interview_id, item, after)], {interview_id: codings})
            return item_json(after)
        if status != item.status and not (code is not None and status == "accepted"):
            codings = review.decide(project, interview_id, key, status)
            item = _find(codings, key) or item
        return item_json(item)


def _turn(transcript: Transcript, start: int, end: int):
    """The interviewee segment holding ``[start, end)``, the span trimmed of white space; E801 otherwise."""
    text = transcript.text
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise StoreError(Errors.E802, field="'start' and 'end'", detail="whole numbers, offsets into the text")
    while start < end and text[start:start + 1].isspace():
        start += 1
    while end > start and text[end - 1:end].isspace():
        end -= 1
    for seg in transcript.segments:
        if seg.start <= start < end <= seg.end and not seg.is_interviewer:
            return seg, start, end
    raise StoreError(Errors.E801, start=start, end=end, id=transcript.id)


def add_tag(project, interview_id: str, start: int, end: int, code: str, *, negated: bool = False,
            origin: str = "manual", status: str = "accepted") -> dict:
    """Code the sentence(s) holding ``text[start:end]`` with ``code`` (a manual, accepted tag).

    ``spans`` hold the selected words. ``origin="learned"`` records a "more like this" suggestion the
    consultant took; with ``status="rejected"`` it records one they turned down (so it is not offered again).
    An identical suggestion already there is accepted (or rejected) instead of doubled."""
    from ..review import decide, sentence_span

    if origin not in ("manual", "learned"):
        raise StoreError(Errors.E311, value=origin, detail="the origin of a tag added here is 'manual' or 'learned'")
    if status not in ("accepted", "rejected"):
        raise StoreError(Errors.E311, value=status, detail="a tag added here is 'accepted' or 'rejected'")
    with engagement_lock(project):
        _check_code(code, _code_labels(project))
        transcript = _transcript(project, interview_id)
        seg, start, end = _turn(transcript, start, end)
        s, e = sentence_span(transcript.text, start, end, seg.start, seg.end)
        tag = Tag(interview=interview_id, speaker=seg.speaker, start=s, end=e, code=code, negated=bool(negated),
                  status=status, origin=origin, text=transcript.text[s:e], spans=((start, end),))
        if status == "accepted":
            return item_json(_store_manual(project, interview_id, transcript, tag, "add-tag"))
        codings = load_codings(project, interview_id) or Codings(interview=interview_id, fingerprint="")
        existing = _find(codings, tag.key)
        if existing is not None:
            codings = decide(project, interview_id, tag.key, "rejected")
            return item_json(_find(codings, tag.key) or existing)
        codings = _swap(codings, None, tag)
        _commit(project, [_entry("add-tag", interview_id, None, tag)], {interview_id: codings})
        return item_json(tag)


def add_link(project, interview_id: str, start: int, end: int, cause: str, effect: str, sign: str) -> dict:
    """Draw a causal link ``cause -> effect`` (sign ``+``/``-``) on the sentence(s) holding
    ``text[start:end]``: origin manual, accepted."""
    from ..review import sentence_span

    if sign not in SIGNS:
        raise StoreError(Errors.E311, value=sign, detail="the sign of a link is '+' or '-'")
    with engagement_lock(project):
        labels = _code_labels(project)
        _check_code(cause, labels)
        _check_code(effect, labels)
        if cause == effect:
            raise StoreError(Errors.E311, value=cause, detail="a link needs a cause and an effect that differ")
        transcript = _transcript(project, interview_id)
        seg, start, end = _turn(transcript, start, end)
        s, e = sentence_span(transcript.text, start, end, seg.start, seg.end)
        link = Link(interview=interview_id, cause=cause, effect=effect, sign=sign, status="accepted",
                    origin="manual", text=transcript.text[s:e], start=s, end=e, speaker=seg.speaker)
        return item_json(_store_manual(project, interview_id, transcript, link, "add-link"))


def undo_last(project) -> str:
    """Undo the last decision of any side (browser, terminal, batch): the review's one undo."""
    from ..review import undo

    return undo(project)


# ---------------------------------------------------------------- more like this

_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset("""
de het een en van dat die niet met voor zijn maar ook als bij wel nog dan wat wij we ze er naar toe om
dit aan uit heb hebben heeft was waren wordt worden kan kunnen moet moeten zou echt gewoon altijd
the and that this with for are was were have has not but also when then what they them our you your
there their from into just really always been will would can could should very
""".split())


def _stems(text: str, language: str) -> set[str]:
    import snowballstemmer

    stemmer = snowballstemmer.stemmer("dutch" if language == "nl" else "english")
    words = [w.lower() for w in _WORD.findall(text)]
    return {s for s in stemmer.stemWords([w for w in words if w not in _STOP]) if len(s) >= 3}


def _sentences(transcript: Transcript):
    """``(segment, start, end)`` of every sentence in the interviewee's turns."""
    from ..review import sentence_span

    text = transcript.text
    for seg in transcript.coded_segments():
        pos = seg.start
        while pos < seg.end:
            while pos < seg.end and text[pos].isspace():
                pos += 1
            if pos >= seg.end:
                break
            s, e = sentence_span(text, pos, pos + 1, seg.start, seg.end)
            yield seg, s, e
            pos = max(e, pos + 1)


def similar(project, interview_id: str, key, *, limit: int = 12, threshold: float = 0.15) -> list[dict]:
    """Sentences across the interviews that look like a tag: "more like this", learned from the decisions.

    The code's profile is built from the tag and every other accepted example of its code: each word
    (stem) counts once per example it occurs in and three times when it is among the example's matched
    words (``spans``); rare words weigh more (idf). Candidates are the interviewees' sentences, scored by
    the cosine of their words with that profile; sentences that already hold the code, in any status (a
    rejection is a decision too), are left out, and so are those sharing just one word that was never
    matched. Results have origin ``learned`` and a ``reason``: the
    accepted example sharing most with them and the shared words."""
    key = _key(key)
    codings = load_codings(project, interview_id)
    item = _find(codings, key) if codings is not None else None
    if item is None:
        raise _no_item(project, interview_id, key)
    if not isinstance(item, Tag):
        raise StoreError(Errors.E311, value="link", detail="'more like this' works on a tag")
    everything = load_all_codings(project)
    found = transcripts(project)
    language = found[interview_id].language if interview_id in found else settings_of(project).language
    examples = [item] + [t for c in everything.values() for t in c.tags
                         if t.code == item.code and t.status == "accepted" and t.key != item.key and t.text]
    taken = {iid: [(t.start, t.end) for t in c.tags if t.code == item.code] for iid, c in everything.items()}
    candidates = []
    df: dict[str, int] = {}
    for iid, t in found.items():
        for seg, s, e in _sentences(t):
            stems = _stems(t.text[s:e], t.language)
            if not stems:
                continue
            for w in stems:
                df[w] = df.get(w, 0) + 1
            if any(a < e and s < b for a, b in taken.get(iid, ())) or (iid == interview_id and item.start < e
                                                                       and s < item.end):
                continue
            candidates.append((iid, seg, s, e, stems, t))
    n = max(sum(df.values()) and len(candidates), 1)

    def idf(w: str) -> float:
        return math.log(1 + n / df.get(w, 1))

    profile: dict[str, float] = {}
    example_stems = []
    for x in examples:
        words = _stems(x.text, language)
        matched = set().union(*(_stems(x.text[a - x.start:b - x.start], language) for a, b in x.spans)) \
            if x.spans else set()
        example_stems.append((x, words | matched))
        for w in words | matched:
            profile[w] = profile.get(w, 0.0) + (3.0 if w in matched else 1.0)
    weighted = {w: v * idf(w) for w, v in profile.items()}
    pnorm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
    out = []
    for iid, seg, s, e, stems, t in candidates:
        shared = stems & weighted.keys()
        if not shared or (len(shared) < 2 and max(profile[w] for w in shared) < 3):
            continue                        # one shared word that was never a matched word: chance
        cnorm = math.sqrt(sum(idf(w) ** 2 for w in stems)) or 1.0
        score = sum(weighted[w] * idf(w) for w in shared) / (pnorm * cnorm)
        if score < threshold:
            continue
        x, _ = max(example_stems, key=lambda xs: (sum(weighted[w] for w in xs[1] & shared), xs[0].key == item.key))
        shown = sorted({w for w in _WORD.findall(t.text[s:e]) if _stems(w, t.language) & shared}, key=str.lower)
        reason = {"example": {"interview": x.interview, "start": x.start, "end": x.end, "text": x.text},
                  "shared": shown[:6], "this_tag": x.key == item.key, "examples": len(examples)}
        out.append({"interview": iid, "start": s, "end": e, "speaker": seg.speaker, "text": t.text[s:e],
                    "code": item.code, "negated": False, "origin": "learned", "score": round(score, 3),
                    "reason": reason})
    out.sort(key=lambda r: (-r["score"], r["interview"], r["start"]))
    return out[:limit]


# ---------------------------------------------------------------- new codes

def _yaml_scalar(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)          # a JSON string is a valid YAML scalar


def create_code(project, code_id: str, label: str, kind: str, effect: str, *, pattern: str = "") -> dict:
    """Add a code to ``codebook.yaml`` (appended, the rest of the file and its comments untouched).

    ``label`` is in the project language; the code gets one pattern, ``pattern`` (the selected words) or
    else the label, so ``culturemap tag`` reads the file as before and suggests the new code too.
    Returns the code's row as in :func:`codebook_rows`."""
    from ..coding.codebook import SLUG, load_codebook, parse_codebook
    from ..store import atomic_write

    code_id = (code_id or "").strip()
    label = " ".join((label or "").split())
    pattern = " ".join((pattern or "").split()) or label
    if not SLUG.match(code_id):
        raise StoreError(Errors.E311, value=code_id, detail="a code id is a slug: lowercase letters, digits, '-' "
                                                            "or '_' (e.g. 'customer-first')")
    if not label:
        raise StoreError(Errors.E802, field="'label'", detail="the code's name as the map should show it")
    if kind not in KINDS:
        raise StoreError(Errors.E311, value=kind, detail=f"a kind is one of {', '.join(KINDS)}")
    if effect not in EFFECTS:
        raise StoreError(Errors.E311, value=effect, detail=f"an effect is one of {', '.join(EFFECTS)}")
    if not re.search(r"[^\W_]", pattern):
        raise StoreError(Errors.E311, value=pattern, detail="a pattern needs at least one word")
    language = settings_of(project).language
    path = project_root(project) / "codebook.yaml"
    with engagement_lock(project):
        codebook = load_codebook(path)
        if codebook.get(code_id) is not None:
            raise StoreError(Errors.E808, id=code_id)
        text = path.read_text(encoding="utf-8")
        indent = "  "
        m = re.search(r"(?m)^([ \t]*)-[ \t]+id:", text)
        if m:
            indent = m.group(1)
        block = (f"{indent}- id: {code_id}\n"
                 f"{indent}  label: {{{language}: {_yaml_scalar(label)}}}\n"
                 f"{indent}  kind: {kind}\n"
                 f"{indent}  effect: {effect}\n"
                 f"{indent}  patterns: {{{language}: [{_yaml_scalar(pattern)}]}}\n")
        new_text = text + ("" if text.endswith("\n") else "\n") + block
        try:
            parsed = parse_codebook(new_text, path=path)
            ok = parsed.ids == codebook.ids + (code_id,)
        except CulturemapError:
            ok = False
        if not ok:                      # 'codes:' is not the last key: write the whole file again
            import yaml

            data = yaml.safe_load(text)
            data["codes"].append({"id": code_id, "label": {language: label}, "kind": kind, "effect": effect,
                                  "patterns": {language: [pattern]}})
            new_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            parse_codebook(new_text, path=path)
        atomic_write(path, new_text)
    return next(r for r in codebook_rows(project) if r["id"] == code_id)


# ---------------------------------------------------------------- the map's loops (side panel)

def current_loops(project) -> list[dict]:
    """The feedback loops of the map as the accepted codings stand now (``[]`` before any is accepted)."""
    from ..analysis import analyse
    from ..privacy.evidence import load_evidence
    from ..project import open_project

    if isinstance(project, (str, Path)):
        project = open_project(project)
    evidence = load_evidence(project)
    if not evidence.tags and not evidence.links:
        return []
    result = analyse(evidence, marks=False, time_limit=1.0)
    return [loop.as_dict() for loop in result.loops.loops]
