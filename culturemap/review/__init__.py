"""Review: merge re-tag suggestions with earlier decisions, record decisions, undo, and the interactive session.

Every decision the consultant makes (accept, reject, change code, a manual tag or link, a batch) is saved
atomically in ``DIR/codings/<interview>.json`` and logged in ``DIR/codings/log.jsonl`` *before* the codings
file is replaced, so :func:`undo` can always reverse it. Re-tagging an edited transcript never loses a
decision: :func:`merge_suggestions` re-anchors each one on its quote, and keeps it as *orphaned* when the
quote is gone.

Log entries look like ``{"id", "at", "action", "interview", "kind", "item", "before", "after"[, "batch"]}``
(``before``/``after`` are the item's JSON form, ``null`` for an item that did not exist); entries that share a
``batch`` id (accept-all, reject-all, change code) are undone together. Undo appends ``{"action": "undo",
"undoes": [ids]}``: the log itself is never rewritten.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..errors import Errors, StoreError
from ..models import SIGNS, STATUSES, Codings, Link, Tag, Transcript
from ..store import (
    append_entries,
    codings_language,
    engagement_lock,
    item_from_dict,
    item_to_dict,
    load_all_codings,
    load_codings,
    new_entry_id,
    project_root,
    read_log,
    save_codings,
    sort_items,
)

__all__ = [
    "MergeReport", "ReviewSummary", "merge_suggestions", "decide", "batch", "change_code", "add_manual_tag",
    "add_manual_link", "undo", "review_session", "orphaned_items", "find_quote", "sentence_span",
]

ACTION_OF_STATUS = {"accepted": "accept", "rejected": "reject", "suggested": "reopen"}
PAST_OF_ACTION = {"accept": "accepted", "reject": "rejected", "reopen": "reopened"}


# ---------------------------------------------------------------- text helpers

_SENT_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n")


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote`` occurs in ``text``; whitespace-tolerant when not found as is.

    >>> find_quote("we helpen elkaar. we helpen elkaar", "helpen elkaar")
    [(3, 16), (21, 34)]
    >>> find_quote("we helpen\\n elkaar", "helpen elkaar")
    [(3, 17)]
    """
    quote = quote.strip()
    if not quote:
        return []
    out = []
    pos = text.find(quote)
    while pos >= 0:
        out.append((pos, pos + len(quote)))
        pos = text.find(quote, pos + 1)
    if out:
        return out
    pattern = re.compile(r"\s+".join(re.escape(w) for w in quote.split()))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def sentence_span(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The sentence(s) of ``text`` holding ``text[start:end]``, inside the bounds ``lo``..``hi``.

    Sentences end at ``.``, ``!``, ``?`` or ``…`` followed by white space, and at line breaks.

    >>> t = "Ja. We helpen elkaar altijd wel. Maar de klant?"
    >>> s, e = sentence_span(t, 7, 20)
    >>> t[s:e]
    'We helpen elkaar altijd wel.'
    """
    hi = len(text) if hi is None else hi
    s = lo
    for m in _SENT_END.finditer(text, lo, start):
        s = m.end()
    from_ = end - 1 if end > start and text[end - 1] in ".!?\u2026" else end
    m = _SENT_END.search(text, from_, hi)
    if m is None:
        e = hi
    else:
        e = m.start() if m.group() == "\n" else m.end()
    e = max(e, end)
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def _body_start(text: str) -> int:
    """Offset just after YAML front matter (0 when there is none)."""
    if text.startswith("---"):
        m = re.search(r"\n---[ \t]*(\n|$)", text[3:])
        if m:
            return 3 + m.end()
    return 0


_PIECES = re.compile(r"(?<=[.!?\u2026])\s+|\n")
_LABEL_ONLY = re.compile(r"^[^\s:.!?]+(?: [^\s:.!?]+){0,3}:$")


def _pieces(chunk: str) -> list[str]:
    """Sentences of a chunk of text, without empty pieces and bare speaker labels ("Anna:")."""
    return [p.strip() for p in _PIECES.split(chunk) if p.strip() and not _LABEL_ONLY.match(p.strip())]


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """One sentence of context before and after ``text[start:end]`` (may be empty).

    >>> _context("Q: Hoe gaat het?\\n\\nAnna: Goed. Echt goed! Dank je.", 24, 29)
    ('Q: Hoe gaat het?', 'Echt goed!')
    """
    lo = _body_start(text)
    before = _pieces(text[max(lo, start - 800):start]) if start > lo else []
    after = _pieces(text[end:end + 800])
    return (before[-1] if before else ""), (after[0] if after else "")


# ---------------------------------------------------------------- merging re-tag suggestions

@dataclass(frozen=True)
class MergeReport:
    """What :func:`merge_suggestions` did with one transcript.

    ``new``: suggestions added for review; ``kept``: earlier decisions and manual codings carried over (all
    of them, including the re-anchored and orphaned ones); ``reanchored``: of those, moved to a new place;
    ``orphaned``: of those, whose quote is gone (kept with ``orphaned=True``).
    """

    new: int = 0
    kept: int = 0
    reanchored: int = 0
    orphaned: int = 0


def _is_decision(item) -> bool:
    return item.status != "suggested" or item.origin == "manual"


def _what(item) -> tuple:
    """Identity without position: kind and code(s)."""
    if isinstance(item, Tag):
        return ("tag", item.code)
    return ("link", item.cause, item.effect)


def _ident(item) -> tuple:
    return _what(item) + (item.start, item.end)


def _move(item, start: int, end: int, text: str):
    delta = start - item.start
    new_text = text[start:end]
    if isinstance(item, Tag):
        spans = tuple((min(max(a + delta, start), end), min(max(b + delta, start), end)) for a, b in item.spans)
        return replace(item, start=start, end=end, text=new_text, spans=spans, orphaned=False)
    return replace(item, start=start, end=end, text=new_text, orphaned=False)


def _reanchor(items: list, text: str) -> list[tuple[object, str]]:
    """Re-anchor decided items on their quote in ``text``; returns ``(item, "kept"|"reanchored"|"orphaned")``.

    An item whose quote is still at its offsets stays. Otherwise the quote is searched in the new text: a
    unique occurrence anchors it; among several, the one nearest to the old offset shifted by the move of
    the nearest already anchored item wins (text inserted above shifts everything below it). Two items with
    the same code never land on the same occurrence; an item whose quote is gone is orphaned.
    """
    result: list = [None] * len(items)
    claimed: set[tuple] = set()
    anchors: list[tuple[int, int]] = []            # (old start, shift)
    pending: list[tuple[int, list]] = []
    unique: list[tuple[int, int, tuple[int, int]]] = []
    for i, item in enumerate(items):
        if not item.text:                       # nothing to anchor on: keep as it is
            result[i] = (item, "orphaned" if item.orphaned else "kept")
            continue
        if text[item.start:item.end] == item.text:
            claimed.add(_what(item) + (item.start, item.end))
            anchors.append((item.start, 0))
            result[i] = (replace(item, orphaned=False), "kept")
            continue
        found = find_quote(text, item.text)
        if not found:
            result[i] = (replace(item, orphaned=True), "orphaned")
        elif len(found) == 1:
            unique.append((abs(found[0][0] - item.start), i, found[0]))
        else:
            pending.append((i, found))
    for _, i, (s, e) in sorted(unique):
        item = items[i]
        key = _what(item) + (s, e)
        if key in claimed:
            result[i] = (replace(item, orphaned=True), "orphaned")
            continue
        claimed.add(key)
        anchors.append((item.start, s - item.start))
        result[i] = (_move(item, s, e, text), "reanchored")
    anchors.sort()
    for i, found in pending:
        item = items[i]
        shift = 0
        if anchors:
            shift = min(anchors, key=lambda a: (abs(a[0] - item.start), a[0]))[1]
        expected = item.start + shift
        choices = sorted(found, key=lambda se: (abs(se[0] - expected), se[0]))
        for s, e in choices:
            key = _what(item) + (s, e)
            if key not in claimed:
                claimed.add(key)
                state = "kept" if (s, e) == (item.start, item.end) else "reanchored"
                result[i] = (_move(item, s, e, text), state)
                break
        else:
            result[i] = (replace(item, orphaned=True), "orphaned")
    return result


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def merge_suggestions(old: Codings | None, transcript: Transcript, tags: tuple[Tag, ...],
                      links: tuple[Link, ...]) -> tuple[Codings, MergeReport]:
    """Merge a re-tag's suggestions with the earlier review state of a (possibly edited) transcript.

    Every earlier decision (accepted/rejected) and every manual coding is kept, re-anchored on its quote
    when the offsets moved (see :func:`_reanchor`); one whose quote is gone is kept with ``orphaned=True``.
    Earlier undecided suggestions are replaced by the new ones. A new suggestion identical to a decided
    item (same code, same re-anchored span) takes that decision; one that overlaps a manual coding of the
    same code is dropped (the manual coding already covers it).

    Parameters
    ----------
    old : Codings or None
        The stored review state (``None`` for a first tag).
    transcript : Transcript
        The transcript as it is now.
    tags, links : tuple
        The new suggestions for ``transcript``.

    Returns
    -------
    (Codings, MergeReport)

    Examples
    --------
    >>> t0 = Transcript("kc-03", Path("kc-03.md"), "A: Wij helpen elkaar.", (), "nl", fingerprint="f0")
    >>> old = Codings("kc-03", "f0", tags=(Tag("kc-03", "A", 3, 21, "help", status="accepted",
    ...                                        text="Wij helpen elkaar."),))
    >>> t1 = replace(t0, text="Nieuw.\\n\\nA: Wij helpen elkaar.", fingerprint="f1")
    >>> merged, report = merge_suggestions(old, t1, (), ())
    >>> merged.tags[0].start, merged.tags[0].status, report
    (11, 'accepted', MergeReport(new=0, kept=1, reanchored=1, orphaned=0))
    """
    text = transcript.text
    iid = transcript.id
    carried = []
    if old is not None:
        carried = [replace(i, interview=iid) for i in (*old.tags, *old.links) if _is_decision(i)]
    anchored = _reanchor(carried, text)
    items = [item for item, _ in anchored]
    reanchored = sum(1 for _, state in anchored if state == "reanchored")
    orphaned = sum(1 for _, state in anchored if state == "orphaned")
    by_ident: dict[tuple, int] = {}
    for n, item in enumerate(items):
        if not item.orphaned:
            by_ident.setdefault(_ident(item), n)
    manual = [item for item in items if item.origin == "manual" and not item.orphaned]
    seen: set[tuple] = set()
    new = 0
    for s in (*tags, *links):
        s = replace(s, interview=iid)
        ident = _ident(s)
        if ident in seen:
            continue
        seen.add(ident)
        n = by_ident.get(ident)
        if n is not None:
            d = items[n]
            if d.origin != "manual":
                items[n] = replace(s, status=d.status, orphaned=False)
            continue
        if any(_what(m) == _what(s) and _overlaps(m, s) for m in manual):
            continue
        items.append(s)
        new += 1
    codings = sort_items(Codings(
        interview=iid, fingerprint=transcript.fingerprint,
        tags=tuple(i for i in items if isinstance(i, Tag)), links=tuple(i for i in items if isinstance(i, Link))))
    return codings, MergeReport(new=new, kept=len(carried), reanchored=reanchored, orphaned=orphaned)


# ---------------------------------------------------------------- project helpers

def _default_language(project) -> str:
    settings = getattr(project, "settings", None)
    if settings is None:
        from ..project import load_settings

        settings = load_settings(project_root(project))
    return settings.language


def _code_labels(project, *, strict: bool = True) -> dict[str, str]:
    """``{code id: label}`` from the engagement's codebook (label in the project language), sorted by id.

    With ``strict=False`` a missing or invalid codebook gives ``{}`` instead of its error."""
    from ..coding.codebook import load_codebook
    from ..errors import CulturemapError

    root = project_root(project)
    language = _default_language(project)
    try:
        codebook = load_codebook(root / "codebook.yaml")
    except CulturemapError:
        if strict:
            raise
        return {}
    return {c.id: c.label_for(language) for c in sorted(codebook.codes, key=lambda c: c.id)}


def _known(values) -> str:
    values = sorted(values)
    if not values:
        return "none yet"
    if len(values) > 12:
        return ", ".join(values[:12]) + f", ... ({len(values)} in all)"
    return ", ".join(values)


def _check_code(code: str, labels: dict[str, str]) -> None:
    if code not in labels:
        close = difflib.get_close_matches(code, list(labels), n=1)
        known = _known(labels)
        if close:
            known = f"{known} (did you mean '{close[0]}'?)"
        raise StoreError(Errors.E308, code=code, known=known)


def _discover(root: Path) -> list[Path]:
    from ..ingest import discover

    found = discover(root)
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], (list, tuple)) \
            and isinstance(found[0], (list, tuple)):
        found = found[0]                        # (paths, issues)
    return [Path(p) for p in found]


def _read(path: Path, language: str) -> Transcript:
    from ..ingest import read_transcript

    result = read_transcript(path, default_language=language)
    if isinstance(result, tuple):               # (transcript, issues)
        result = result[0]
    return result


def _transcripts(project, *, want: set[str] | None = None, strict: bool = False) -> dict[str, Transcript]:
    """Transcripts of the engagement by interview id (only ``want`` when given; unreadable ones skipped
    unless ``strict``)."""
    from ..errors import CulturemapError

    root = project_root(project)
    language = _default_language(project)
    try:
        paths = _discover(root)
    except ImportError:
        return {}
    except CulturemapError:
        if strict:
            raise
        return {}
    if want:                                    # likely files first: the id is often the file name
        paths.sort(key=lambda p: (p.name.split(".")[0] not in want, p.name))
    out: dict[str, Transcript] = {}
    for path in paths:
        try:
            t = _read(path, language)
        except CulturemapError:
            if strict:
                raise
            continue
        if t is None:
            continue
        out.setdefault(t.id, t)
        if want and want <= set(out):
            break
    return out


def _require_codings(project, interview_id: str) -> Codings:
    codings = load_codings(project, interview_id)
    if codings is None:
        raise StoreError(Errors.E307, id=interview_id, known=_known(load_all_codings(project)))
    return codings


def _key(item_key) -> tuple:
    return tuple(item_key)


def _find(codings: Codings, item_key) -> Tag | Link | None:
    key = _key(item_key)
    hits = [i for i in (*codings.tags, *codings.links) if i.key == key]
    hits.sort(key=lambda i: i.orphaned)
    return hits[0] if hits else None


def _no_item(project, interview_id: str, item_key) -> StoreError:
    key = _key(item_key)
    if key and key[0] == "tag" and len(key) == 5:
        kind, item = "tag", f"'{key[2]}' at {key[3]}-{key[4]}"
    elif key and key[0] == "link" and len(key) == 6:
        kind, item = "link", f"'{key[2]} -> {key[3]}' at {key[4]}-{key[5]}"
    else:
        kind, item = "item", repr(list(key))
    return StoreError(Errors.E312, kind=kind, item=item, id=interview_id, dir=project_root(project))


def _swap(codings: Codings, old, new) -> Codings:
    """Replace ``old`` by ``new`` (``None`` removes; ``old=None`` adds)."""
    tags, links = list(codings.tags), list(codings.links)
    if old is not None:
        seq = tags if isinstance(old, Tag) else links
        seq.remove(old)
    if new is not None:
        (tags if isinstance(new, Tag) else links).append(new)
    return sort_items(replace(codings, tags=tuple(tags), links=tuple(links)))


def _kind(item) -> str:
    return "tag" if isinstance(item, Tag) else "link"


def _entry(action: str, interview: str, before, after, batch_id: str | None = None) -> dict:
    item = after if after is not None else before
    entry = {"action": action, "interview": interview, "kind": _kind(item), "item": list(item.key),
             "before": item_to_dict(before) if before is not None else None,
             "after": item_to_dict(after) if after is not None else None}
    if batch_id:
        entry["batch"] = batch_id
    return entry


def _commit(project, entries: list[dict], changed: dict[str, Codings]) -> None:
    """Log first, then save: a crash in between leaves a log entry whose undo is a no-op, never a decision
    that cannot be undone."""
    append_entries(project, entries)
    for codings in changed.values():
        save_codings(project, codings)


def _label(item) -> str:
    if isinstance(item, Tag):
        return f"tag {item.code}"
    return f"link {item.cause} -> {item.effect} ({item.sign})"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


# ---------------------------------------------------------------- decisions

def decide(project, interview_id: str, item_key, status: str) -> Codings:
    """Set the status of one tag or link, save the codings atomically and log the decision.

    Parameters
    ----------
    project : Project or path
    interview_id : str
    item_key : tuple
        ``Tag.key`` / ``Link.key`` of the item (a list from JSON works too).
    status : str
        ``accepted``, ``rejected`` or ``suggested``.

    Returns
    -------
    Codings
        The interview's new review state.

    Raises
    ------
    StoreError
        E307 unknown interview, E311 bad status, E312 no such item.
    """
    if status not in STATUSES:
        raise StoreError(Errors.E311, value=status, detail=f"a status is one of {', '.join(STATUSES)}")
    with engagement_lock(project):
        codings = _require_codings(project, interview_id)
        before = _find(codings, item_key)
        if before is None:
            raise _no_item(project, interview_id, item_key)
        if before.status == status:
            return codings
        after = before.with_status(status)
        codings = _swap(codings, before, after)
        _commit(project, [_entry(ACTION_OF_STATUS[status], interview_id, before, after)],
                {interview_id: codings})
        return codings


def batch(project, status: str, *, interview: str | None = None, code: str | None = None,
          only_suggested: bool = True) -> int:
    """Accept-all / reject-all: set ``status`` on every matching item; one undo reverses the whole batch.

    Parameters
    ----------
    project : Project or path
    status : str
        ``accepted`` or ``rejected`` (or ``suggested`` to reopen).
    interview : str, optional
        Only this interview (E307 when unknown).
    code : str, optional
        Only tags with this code and links with it as cause or effect (E308 when unknown).
    only_suggested : bool
        Leave earlier decisions alone (default); ``False`` overrides them too. Orphaned items never change.

    Returns
    -------
    int
        The number of items changed.
    """
    if status not in STATUSES:
        raise StoreError(Errors.E311, value=status, detail=f"a status is one of {', '.join(STATUSES)}")
    with engagement_lock(project):
        everything = load_all_codings(project)
        if interview is not None and interview not in everything:
            raise StoreError(Errors.E307, id=interview, known=_known(everything))
        if code is not None:
            labels = dict(_code_labels(project, strict=False))
            for c in everything.values():
                for t in c.tags:
                    labels.setdefault(t.code, t.code)
            _check_code(code, labels)
        batch_id = new_entry_id()
        action = ACTION_OF_STATUS[status] + "-all"
        entries: list[dict] = []
        changed: dict[str, Codings] = {}
        for iid, codings in everything.items():
            if interview is not None and iid != interview:
                continue
            new_items = []
            touched = False
            for item in (*codings.tags, *codings.links):
                hit = (not item.orphaned and item.status != status
                       and (not only_suggested or item.status == "suggested")
                       and (code is None or (item.code == code if isinstance(item, Tag)
                                             else code in (item.cause, item.effect))))
                if hit:
                    after = item.with_status(status)
                    entries.append(_entry(action, iid, item, after, batch_id))
                    new_items.append(after)
                    touched = True
                else:
                    new_items.append(item)
            if touched:
                changed[iid] = sort_items(replace(
                    codings, tags=tuple(i for i in new_items if isinstance(i, Tag)),
                    links=tuple(i for i in new_items if isinstance(i, Link))))
        _commit(project, entries, changed)
        return len(entries)


def _add_or_accept(codings: Codings, new, action: str, batch_id: str | None = None):
    """Add a manual item, or accept the existing item with the same key. Returns (codings, entry, item)."""
    existing = _find(codings, new.key)
    if existing is not None and not existing.orphaned:
        if existing.status == "accepted":
            return codings, None, existing
        after = existing.with_status("accepted")
        return _swap(codings, existing, after), _entry("accept", codings.interview, existing, after, batch_id), after
    return _swap(codings, None, new), _entry(action, codings.interview, None, new, batch_id), new


def change_code(project, interview_id: str, item_key, code: str | None = None, *,
                cause: str | None = None, effect: str | None = None) -> Codings:
    """Give a tag another code (``code``) or a link another cause/effect, as one undoable decision.

    A suggested (rule) item is rejected and a manual, accepted copy with the new code is added, so a later
    re-tag does not suggest the old code again; a manual item simply gets the new code.
    """
    with engagement_lock(project):
        labels = _code_labels(project)
        codings = _require_codings(project, interview_id)
        item = _find(codings, item_key)
        if item is None:
            raise _no_item(project, interview_id, item_key)
        if isinstance(item, Tag):
            if not code:
                raise StoreError(Errors.E311, value="", detail="give the new code id")
            _check_code(code, labels)
            if code == item.code:
                return codings
            changed = replace(item, code=code, status="accepted", origin="manual", orphaned=False)
        else:
            cause = cause or item.cause
            effect = effect or item.effect
            if (cause, effect) == (item.cause, item.effect):
                return codings
            _check_code(cause, labels)
            _check_code(effect, labels)
            if cause == effect:
                raise StoreError(Errors.E311, value=cause, detail="a link needs a cause and an effect that differ")
            changed = replace(item, cause=cause, effect=effect, status="accepted", origin="manual", orphaned=False)
        batch_id = new_entry_id()
        entries = []
        if item.origin == "manual":
            codings = _swap(codings, item, None)
            entries.append(_entry("change-code", interview_id, item, None, batch_id))
        elif item.status != "rejected":
            rejected = item.with_status("rejected")
            codings = _swap(codings, item, rejected)
            entries.append(_entry("change-code", interview_id, item, rejected, batch_id))
        codings, entry, _ = _add_or_accept(codings, changed, "change-code", batch_id)
        if entry is not None:
            entry["action"] = "change-code"
            entries.append(entry)
        _commit(project, entries, {interview_id: codings})
        return codings


def _locate(project, interview_id: str, quote: str):
    """(transcript, (start, end), segment) of a quote; E307 / E309 when absent."""
    found = _transcripts(project, want={interview_id})
    transcript = found.get(interview_id)
    if transcript is None:                  # every transcript was read while looking for it
        raise StoreError(Errors.E307, id=interview_id, known=_known(set(found) | set(load_all_codings(project))))
    spans = find_quote(transcript.text, quote)
    if not spans:
        raise StoreError(Errors.E309, path=transcript.path, quote=_short(quote, 80))

    def segment_of(pos):
        for seg in transcript.segments:
            if seg.start <= pos < seg.end:
                return seg
        return None

    ranked = sorted(spans, key=lambda se: (segment_of(se[0]) is None or segment_of(se[0]).is_interviewer, se[0]))
    start, end = ranked[0]
    return transcript, (start, end), segment_of(start)


def _store_manual(project, interview_id: str, transcript: Transcript, item, action: str):
    """Add a manual tag or link (or accept the identical suggestion), log it and save; returns it as stored."""
    codings = load_codings(project, interview_id) or Codings(interview=interview_id, fingerprint="")
    codings, entry, stored = _add_or_accept(codings, item, action)
    if entry is not None:
        append_entries(project, [entry])
        save_codings(project, codings, language=codings_language(project, interview_id) or transcript.language)
    return stored


def add_manual_tag(project, interview_id: str, quote: str, code: str, *, negated: bool = False) -> Tag:
    """Add a tag no rule suggested: ``code`` on the sentence holding ``quote`` (origin manual, accepted).

    Parameters
    ----------
    project : Project or path
    interview_id : str
    quote : str
        Words copied from the transcript (whitespace may differ); the first occurrence in the
        interviewee's words is used. The tag spans its sentence; ``spans`` hold the quote.
    code : str
        A code id from the codebook.
    negated : bool

    Returns
    -------
    Tag
        The tag as stored (an existing suggestion with the same code and sentence is accepted instead).

    Raises
    ------
    StoreError
        E307 unknown interview, E308 unknown code, E309 quote not in the transcript.
    """
    with engagement_lock(project):
        _check_code(code, _code_labels(project))
        transcript, (qs, qe), seg = _locate(project, interview_id, quote)
        s, e = sentence_span(transcript.text, qs, qe, *((seg.start, seg.end) if seg else (0, None)))
        tag = Tag(interview=interview_id, speaker=seg.speaker if seg else "", start=s, end=e, code=code,
                  negated=negated, status="accepted", origin="manual", text=transcript.text[s:e],
                  spans=((qs, qe),))
        return _store_manual(project, interview_id, transcript, tag, "add-tag")


def add_manual_link(project, interview_id: str, quote: str, cause: str, effect: str, sign: str) -> Link:
    """Add a causal link no rule suggested, anchored on the sentence(s) holding ``quote``.

    Parameters
    ----------
    project : Project or path
    interview_id : str
    quote : str
        Words copied from the transcript that state the causal claim (may span two sentences).
    cause, effect : str
        Code ids from the codebook (they must differ).
    sign : str
        ``+`` or ``-``.

    Returns
    -------
    Link
        Origin manual, status accepted.
    """
    if sign not in SIGNS:
        raise StoreError(Errors.E311, value=sign, detail="the sign of a link is '+' or '-'")
    with engagement_lock(project):
        labels = _code_labels(project)
        _check_code(cause, labels)
        _check_code(effect, labels)
        if cause == effect:
            raise StoreError(Errors.E311, value=cause, detail="a link needs a cause and an effect that differ")
        transcript, (qs, qe), seg = _locate(project, interview_id, quote)
        s, e = sentence_span(transcript.text, qs, qe, *((seg.start, seg.end) if seg else (0, None)))
        link = Link(interview=interview_id, cause=cause, effect=effect, sign=sign, status="accepted",
                    origin="manual", text=transcript.text[s:e], start=s, end=e,
                    speaker=seg.speaker if seg else "")
        return _store_manual(project, interview_id, transcript, link, "add-link")


# ---------------------------------------------------------------- undo

def _revert(codings: Codings, before, after) -> Codings | None:
    """Undo one logged change on ``codings``; ``None`` when the item cannot be found any more."""
    if after is None:
        return _swap(codings, None, before)
    pool = [*codings.tags, *codings.links]
    target = next((i for i in pool if i == after), None)
    if target is None:
        target = next((i for i in pool if i.key == after.key and i.orphaned == after.orphaned), None)
    if target is None:                      # re-anchored by a later re-tag: same code(s) and quote
        moved = [i for i in pool if _what(i) == _what(after) and i.text == after.text and i.origin == after.origin]
        if moved:
            target = min(moved, key=lambda i: abs(i.start - after.start))
    if target is None:
        return None
    if before is None:
        return _swap(codings, target, None)
    if target.key == after.key or _what(before) != _what(target):
        restored = before
    else:                                   # moved since: keep its new place, restore the decision
        restored = replace(target, status=before.status)
    return _swap(codings, target, restored)


def _describe(group: list[dict]) -> str:
    first = group[0]
    action = first.get("action", "")
    interviews = sorted({e.get("interview", "") for e in group})
    where = ", ".join(interviews[:3]) + (", \u2026" if len(interviews) > 3 else "")
    item = first.get("after") or first.get("before") or {}
    if action.endswith("-all"):
        n = len(group)
        was = {(e.get("before") or {}).get("status") for e in group}
        back = "open suggestions again" if was == {"suggested"} else "back to their earlier status"
        return f"{action} of {n} item{'s' if n != 1 else ''} ({where}): {back}"
    if len(group) > 1 and action != "change-code":       # another batch (e.g. apply-reference)
        return f"{action} of {len(group)} items ({where})"
    quote = _short(item.get("text", ""))
    if first.get("kind") == "tag":
        what = f"tag {item.get('code', '?')}"
    else:
        what = f"link {item.get('cause', '?')} -> {item.get('effect', '?')}"
    if action == "change-code":
        old = first.get("before") or {}
        new = (group[-1].get("after") or {})
        if first.get("kind") == "tag":
            what = f"code change {old.get('code', '?')} -> {new.get('code', '?')}"
        else:
            what = (f"link change {old.get('cause', '?')} -> {old.get('effect', '?')} to "
                    f"{new.get('cause', '?')} -> {new.get('effect', '?')}")
        return f"{what} in {where}: \"{quote}\""
    if action in ("add-tag", "add-link"):
        return f"manual {what} in {where}: \"{quote}\""
    return f"{action} of {what} in {where}: \"{quote}\""


def undo(project) -> str:
    """Reverse the last logged decision (or the whole last batch) and log the undo.

    Returns
    -------
    str
        One line saying what was undone, e.g. ``Undid accept of tag only-numbers in kc-03: "..."``.

    Raises
    ------
    StoreError
        E306 when there is nothing (left) to undo; E315 when the item is gone since.
    """
    with engagement_lock(project):
        entries = read_log(project)
        undone: set[str] = set()
        for e in entries:
            if e.get("action") == "undo":
                undone.update(e.get("undoes") or [])
        todo = [e for e in entries if e.get("action") != "undo" and e.get("id") not in undone
                and e.get("interview") and e.get("kind") in ("tag", "link")]
        if not todo:
            raise StoreError(Errors.E306)
        last = todo[-1]
        group = [e for e in todo if e.get("batch") == last["batch"]] if last.get("batch") else [last]
        description = _describe(group)
        changed: dict[str, Codings] = {}
        for e in reversed(group):
            iid = e["interview"]
            codings = changed.get(iid) or load_codings(project, iid)
            try:
                before = item_from_dict(e["kind"], e["before"], iid) if e.get("before") else None
                after = item_from_dict(e["kind"], e["after"], iid) if e.get("after") else None
            except (ValueError, TypeError):
                before = after = None
            reverted = None
            if codings is not None and (before is not None or after is not None):
                reverted = _revert(codings, before, after)
            if reverted is None:
                raise StoreError(Errors.E315, what=description, id=iid, dir=project_root(project))
            changed[iid] = reverted
        append_entries(project, [{"action": "undo", "undoes": [e["id"] for e in group],
                                  "description": description}])
        for codings in changed.values():
            save_codings(project, codings)
        return f"Undid {description}"


def orphaned_items(project) -> list[Tag | Link]:
    """Every decision kept as orphaned (its quote vanished after an edit), sorted by interview and offset."""
    out = []
    for codings in load_all_codings(project).values():
        out.extend(i for i in (*codings.tags, *codings.links) if i.orphaned)
    return out


# ---------------------------------------------------------------- the interactive session

@dataclass(frozen=True)
class ReviewSummary:
    """Counts of one interactive session."""

    total: int = 0
    accepted: int = 0
    rejected: int = 0
    changed: int = 0
    skipped: int = 0
    undone: int = 0
    remaining: int = 0
    finished: bool = False


def _highlight(text: str, start: int, item) -> str:
    """Rich markup of an item's sentence with its matched words highlighted."""
    from rich.markup import escape

    spans = sorted(item.spans) if isinstance(item, Tag) else []
    out, pos = [], 0
    for a, b in spans:
        a, b = max(a - start, pos), min(b - start, len(text))
        if a >= b:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"[bold reverse]{escape(text[a:b])}[/bold reverse]")
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def _matches_filter(item, code: str | None) -> bool:
    if code is None:
        return True
    if isinstance(item, Tag):
        return item.code == code
    return code in (item.cause, item.effect)


def review_session(project, *, interview: str | None = None, code: str | None = None, console=None,
                   getkey: Callable[[], str] | None = None,
                   prompt: Callable[[str], str] | None = None) -> ReviewSummary:
    """Walk the suggested tags and links one by one in the terminal; save and log after every key.

    Shows the interview (id, group, role: never the name), the sentence with one sentence of context
    before and after, the matched words highlighted, the code (label, negated or not) and progress
    ``12/57``. Keys: ``a`` accept, ``r`` reject, ``c`` change code (lists the codes, asks an id), ``s`` skip,
    ``u`` undo the last decision (and go back to it), ``q`` quit.

    Parameters
    ----------
    project : Project or path
    interview, code : str, optional
        Filters, as in :func:`batch`.
    console : rich.console.Console
        Where the session is shown.
    getkey : callable
        Returns one key press (default :func:`click.getchar`).
    prompt : callable
        Asks for a line of text (default :func:`click.prompt`).

    Returns
    -------
    ReviewSummary
    """
    import click
    from rich.console import Console
    from rich.markup import escape

    console = console or Console()
    getkey = getkey or click.getchar
    if prompt is None:
        def prompt(text: str) -> str:
            return click.prompt(text, default="", show_default=False)

    with engagement_lock(project):
        everything = load_all_codings(project)
        if interview is not None and interview not in everything:
            raise StoreError(Errors.E307, id=interview, known=_known(everything))
        labels = _code_labels(project, strict=False)
        if code is not None:
            known = dict(labels)
            for c in everything.values():
                for t in c.tags:
                    known.setdefault(t.code, t.code)
            _check_code(code, known)
        queue: list[tuple[str, tuple]] = []
        for iid, codings in everything.items():
            if interview is not None and iid != interview:
                continue
            items = sorted((*codings.tags, *codings.links), key=lambda i: (i.start, i.end, _kind(i) == "link"))
            queue.extend((iid, i.key) for i in items
                         if i.status == "suggested" and not i.orphaned and _matches_filter(i, code))
        total = len(queue)
        counts = {"accepted": 0, "rejected": 0, "changed": 0, "skipped": 0, "undone": 0}
        if not everything:
            console.print(f"Nothing to review yet: no transcript is tagged. Run 'culturemap tag "
                          f"{escape(str(project_root(project)))}' first.")
            return ReviewSummary()
        if not total:
            console.print("Nothing to review: no open suggestions" + _filters(interview, code) + ".")
            return ReviewSummary()
        transcripts = _transcripts(project, want={iid for iid, _ in queue})
        history: list[tuple[int, str]] = []
        i = 0
        finished = False
        show = True
        while True:
            if i >= total:
                finished = True
                break
            iid, key = queue[i]
            codings = load_codings(project, iid)
            item = _find(codings, key) if codings else None
            if item is None or item.status != "suggested":
                i += 1
                show = True
                continue
            if show:
                _show(console, i, total, item, transcripts.get(iid), labels)
                show = False
            try:
                key_pressed = getkey()
            except EOFError:
                break
            k = (key_pressed or "").lower()[:1]
            if k == "q":
                break
            if k in ("a", "r"):
                status = "accepted" if k == "a" else "rejected"
                decide(project, iid, key, status)
                counts[status] += 1
                history.append((i, status))
                console.print(f"[green]{status.capitalize()}.[/green]" if k == "a" else "[red]Rejected.[/red]")
                i += 1
                show = True
            elif k == "s":
                counts["skipped"] += 1
                history.append((i, "skipped"))
                i += 1
                show = True
            elif k == "c":
                if _change(console, prompt, project, iid, item, labels):
                    counts["changed"] += 1
                    history.append((i, "changed"))
                    i += 1
                show = True
            elif k == "u":
                while history and history[-1][1] == "skipped":
                    j, _ = history.pop()
                    counts["skipped"] -= 1
                    i = j
                try:
                    message = undo(project)
                except StoreError as exc:
                    console.print(f"[yellow]{escape(str(exc))}[/yellow]")
                else:
                    counts["undone"] += 1
                    console.print(escape(message))
                    if history:
                        j, what = history.pop()
                        counts[what] -= 1
                        i = j
                show = True
            else:
                console.print("Keys: [bold]a[/bold] accept  [bold]r[/bold] reject  [bold]c[/bold] change code  "
                              "[bold]s[/bold] skip  [bold]u[/bold] undo  [bold]q[/bold] quit")
        remaining = 0
        for iid, codings in load_all_codings(project).items():
            if interview is not None and iid != interview:
                continue
            remaining += sum(1 for it in (*codings.tags, *codings.links)
                             if it.status == "suggested" and not it.orphaned and _matches_filter(it, code))
        return ReviewSummary(total=total, remaining=remaining, finished=finished, **counts)


def _filters(interview: str | None, code: str | None) -> str:
    parts = []
    if interview:
        parts.append(f"interview {interview}")
    if code:
        parts.append(f"code {code}")
    return f" ({', '.join(parts)})" if parts else ""


def _show(console, i: int, total: int, item, transcript: Transcript | None, labels: dict[str, str]) -> None:
    from rich.markup import escape

    head = f"{i + 1}/{total} \u00b7 {item.interview}"
    if transcript is not None:
        head += "".join(f" \u00b7 {v}" for v in (transcript.group, transcript.role) if v)
    console.rule(escape(head))
    sentence = item.text
    before = after = ""
    if transcript is not None and transcript.text[item.start:item.end] == item.text:
        before, after = _context(transcript.text, item.start, item.end)
    elif transcript is not None:
        console.print("[yellow](the transcript changed since tagging; run 'culturemap tag' to re-anchor)[/yellow]")
    if before:
        console.print(f"  [dim]{escape(before)}[/dim]")
    speaker = f"[bold]{escape(item.speaker)}:[/bold] " if item.speaker else ""
    console.print("\u25b6 " + speaker + _highlight(sentence, item.start, item))
    if after:
        console.print(f"  [dim]{escape(after)}[/dim]")
    if isinstance(item, Tag):
        label = labels.get(item.code, "")
        line = f"Code: [bold]{escape(item.code)}[/bold]" + (f" \u00b7 {escape(label)}" if label else "")
        line += "  [bold magenta]NEGATED[/bold magenta]" if item.negated else "  (not negated)"
    else:
        line = (f"Link: [bold]{escape(item.cause)}[/bold] ({escape(labels.get(item.cause, ''))}) \u2192 "
                f"[bold]{escape(item.effect)}[/bold] ({escape(labels.get(item.effect, ''))})  sign {item.sign}")
    console.print(line)
    console.print("[bold]a[/bold] accept  [bold]r[/bold] reject  [bold]c[/bold] change code  [bold]s[/bold] skip  "
                  "[bold]u[/bold] undo  [bold]q[/bold] quit")


def _resolve(typed: str, labels: dict[str, str]) -> str:
    """A code id from what was typed: the id itself, or a prefix only one code id starts with.

    >>> _resolve("help", {"help-each-other": "", "no-time": ""}), _resolve("x", {"no-time": ""})
    ('help-each-other', 'x')
    """
    if not typed or typed in labels:
        return typed
    hits = [c for c in labels if c.startswith(typed)]
    return hits[0] if len(hits) == 1 else typed


def _change(console, prompt, project, iid: str, item, labels: dict[str, str]) -> bool:
    """Ask for a new code (or cause/effect) and apply it; False when cancelled or invalid."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    for cid, label in labels.items():
        table.add_row(escape(cid), escape(label))
    console.print(table)
    try:
        if isinstance(item, Tag):
            new = _resolve(prompt("New code id (Enter to cancel)").strip(), labels)
            if not new:
                console.print("Unchanged.")
                return False
            change_code(project, iid, item.key, new)
            console.print(f"Changed {escape(item.code)} -> {escape(new)}.")
        else:
            cause = _resolve(prompt(f"Cause (Enter keeps {item.cause})").strip(), labels) or item.cause
            effect = _resolve(prompt(f"Effect (Enter keeps {item.effect})").strip(), labels) or item.effect
            if (cause, effect) == (item.cause, item.effect):
                console.print("Unchanged.")
                return False
            change_code(project, iid, item.key, cause=cause, effect=effect)
            console.print(f"Changed link to {escape(cause)} -> {escape(effect)}.")
    except StoreError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        return False
    return True
