"""Decisions: accept, reject, change code, manual tags and links, batches, and undo; one commit-and-log step.

Every decision the consultant makes (accept, reject, change code, a manual tag or link, a batch) is saved
atomically in ``DIR/codings/<interview>.json`` and logged in ``DIR/codings/log.jsonl`` *before* the codings
file is replaced, so :func:`undo` can always reverse it. Every one of them goes through
:func:`commit_batch`, the one step that logs and saves; other modules (``review --apply``) use it too.
Undo goes the other way round: it saves the codings and then logs the undo, and reverting is idempotent,
so a kill -9 at any moment leaves either the batch undone and marked, or a batch the next undo takes back
(again, where it already is) and marks: never a marked batch that was not undone.

Log entries look like ``{"id", "at", "action", "interview", "kind", "item", "before", "after"[, "batch"]}``
(``before``/``after`` are the item's JSON form, ``null`` for an item that did not exist); entries that share a
``batch`` id (accept-all, reject-all, change code) are undone together. Undo appends ``{"action": "undo",
"undoes": [ids]}``: the log itself is never rewritten.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..errors import Errors, StoreError
from ..models import SIGNS, STATUSES, Codings, Item, Link, Tag, Transcript
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
from .anchoring import coded_spans, identity
from .describe import _describe, _short
from .queue import check_code, check_filters, code_labels, find_item, known_list, transcripts_by_id
from .quotes import find_quote, sentence_span
from .renames import renamed_ids

__all__ = [
    "Change", "commit_batch", "decide", "batch", "change_code", "add_manual_tag", "add_manual_link", "undo",
    "drop_orphans", "swap_item", "store_manual", "no_such_item",
    "ACTION_OF_STATUS", "PAST_OF_ACTION",
]

ACTION_OF_STATUS = {"accepted": "accept", "rejected": "reject", "suggested": "reopen"}
PAST_OF_ACTION = {"accept": "accepted", "reject": "rejected", "reopen": "reopened"}


# ---------------------------------------------------------------- the one commit-and-log step

@dataclass(frozen=True)
class Change:
    """One decision on one item, as it is logged: ``before`` is ``None`` for an added item, ``after`` is
    ``None`` for a removed one. ``action`` names the decision in the log (``accept``, ``add-tag``, ...)."""

    action: str
    interview: str
    before: Tag | Link | None
    after: Tag | Link | None


def _kind(item) -> str:
    return "tag" if isinstance(item, Tag) else "link"


def _entry(change: Change, batch_id: str | None) -> dict:
    item = change.after if change.after is not None else change.before
    assert item is not None, "a change has a before or an after"
    entry = {"action": change.action, "interview": change.interview, "kind": _kind(item), "item": list(item.key),
             "before": item_to_dict(change.before) if change.before is not None else None,
             "after": item_to_dict(change.after) if change.after is not None else None}
    if batch_id:
        entry["batch"] = batch_id
    return entry


def _log_then_save(project, entries: list[dict], codings: Mapping[str, Codings],
                   languages: Mapping[str, str] | None = None) -> None:
    """Log first, then save: a crash in between leaves a log entry whose undo is a no-op, never a decision
    that cannot be undone."""
    append_entries(project, entries)
    for iid, c in codings.items():
        if languages is not None and iid in languages:
            save_codings(project, c, language=languages[iid])
        else:
            save_codings(project, c)


def commit_batch(project, changes: Sequence[Change], codings: Mapping[str, Codings], *,
                 batch_id: str | None = None, languages: Mapping[str, str] | None = None) -> int:
    """Log ``changes`` and save the new review state ``codings``, as one step that :func:`undo` reverses.

    Parameters
    ----------
    project : Project or path
    changes : sequence of Change
        The decisions, in order; nothing is logged when empty.
    codings : mapping of interview id to Codings
        The new review state of every interview the changes touch (saved after the log is written).
    batch_id : str, optional
        Marks every entry as one batch, undone at once (without it each change is undone on its own).
    languages : mapping of interview id to str, optional
        The language to store in a codings file (default: the one the file has).

    Returns
    -------
    int
        The number of log entries written.
    """
    entries = [_entry(c, batch_id) for c in changes]
    with engagement_lock(project):
        _log_then_save(project, entries, codings, languages)
    return len(entries)


# ---------------------------------------------------------------- helpers

def _require_codings(project, interview_id: str) -> Codings:
    codings = load_codings(project, interview_id)
    if codings is None:
        raise StoreError(Errors.E307, id=interview_id, known=known_list(load_all_codings(project)))
    return codings


def no_such_item(project, interview_id: str, item_key) -> StoreError:
    key = tuple(item_key)
    if key and key[0] == "tag" and len(key) == 5:
        kind, item = "tag", f"'{key[2]}' at {key[3]}-{key[4]}"
    elif key and key[0] == "link" and len(key) == 6:
        kind, item = "link", f"'{key[2]} -> {key[3]}' at {key[4]}-{key[5]}"
    else:
        kind, item = "item", repr(list(key))
    return StoreError(Errors.E312, kind=kind, item=item, id=interview_id, dir=project_root(project))


def swap_item(codings: Codings, old, new) -> Codings:
    """Replace ``old`` by ``new`` (``None`` removes; ``old=None`` adds)."""
    tags, links = list(codings.tags), list(codings.links)
    if old is not None:
        seq = tags if isinstance(old, Tag) else links
        seq.remove(old)
    if new is not None:
        (tags if isinstance(new, Tag) else links).append(new)
    return sort_items(replace(codings, tags=tuple(tags), links=tuple(links)))


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
        before = find_item(codings, item_key)
        if before is None:
            raise no_such_item(project, interview_id, item_key)
        if before.status == status:
            return codings
        after = before.with_status(status)
        codings = swap_item(codings, before, after)
        commit_batch(project, [Change(ACTION_OF_STATUS[status], interview_id, before, after)],
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
        check_filters(project, everything, interview=interview, code=code)
        batch_id = new_entry_id()
        action = ACTION_OF_STATUS[status] + "-all"
        changes: list[Change] = []
        changed: dict[str, Codings] = {}
        for iid, codings in everything.items():
            if interview is not None and iid != interview:
                continue
            new_items = []
            touched = False
            for item in codings.items():
                hit = (not item.orphaned and item.status != status
                       and (not only_suggested or item.status == "suggested")
                       and (code is None or (item.code == code if isinstance(item, Tag)
                                             else code in (item.cause, item.effect))))
                if hit:
                    after = item.with_status(status)
                    changes.append(Change(action, iid, item, after))
                    new_items.append(after)
                    touched = True
                else:
                    new_items.append(item)
            if touched:
                changed[iid] = sort_items(replace(
                    codings, tags=tuple(i for i in new_items if isinstance(i, Tag)),
                    links=tuple(i for i in new_items if isinstance(i, Link))))
        return commit_batch(project, changes, changed, batch_id=batch_id)


def _add_or_accept(codings: Codings, new, action: str):
    """Add a manual item, or accept the existing item with the same key. Returns (codings, change, item)."""
    existing = find_item(codings, new.key)
    if existing is not None and not existing.orphaned:
        if existing.status == "accepted":
            return codings, None, existing
        after = existing.with_status("accepted")
        return swap_item(codings, existing, after), Change("accept", codings.interview, existing, after), after
    return swap_item(codings, None, new), Change(action, codings.interview, None, new), new


def change_code(project, interview_id: str, item_key, code: str | None = None, *,
                cause: str | None = None, effect: str | None = None) -> Codings:
    """Give a tag another code (``code``) or a link another cause/effect, as one undoable decision.

    A suggested (rule) item is rejected and a manual, accepted copy with the new code is added, so a later
    re-tag does not suggest the old code again; a manual item simply gets the new code.
    """
    with engagement_lock(project):
        labels = code_labels(project)
        codings = _require_codings(project, interview_id)
        item = find_item(codings, item_key)
        if item is None:
            raise no_such_item(project, interview_id, item_key)
        if isinstance(item, Tag):
            if not code:
                raise StoreError(Errors.E311, value="", detail="give the new code id")
            check_code(code, labels)
            if code == item.code:
                return codings
            changed: Item = replace(item, code=code, status="accepted", origin="manual", orphaned=False)
        else:
            cause = cause or item.cause
            effect = effect or item.effect
            if (cause, effect) == (item.cause, item.effect):
                return codings
            check_code(cause, labels)
            check_code(effect, labels)
            if cause == effect:
                raise StoreError(Errors.E311, value=cause, detail="a link needs a cause and an effect that differ")
            changed = replace(item, cause=cause, effect=effect, status="accepted", origin="manual", orphaned=False)
        batch_id = new_entry_id()
        changes = []
        if item.origin == "manual":
            codings = swap_item(codings, item, None)
            changes.append(Change("change-code", interview_id, item, None))
        elif item.status != "rejected":
            rejected = item.with_status("rejected")
            codings = swap_item(codings, item, rejected)
            changes.append(Change("change-code", interview_id, item, rejected))
        codings, change, _ = _add_or_accept(codings, changed, "change-code")
        if change is not None:
            changes.append(replace(change, action="change-code"))
        commit_batch(project, changes, {interview_id: codings}, batch_id=batch_id)
        return codings


def _locate(project, interview_id: str, quote: str):
    """(transcript, (start, end), segment) of a quote; E307 / E309 when absent."""
    found = transcripts_by_id(project, want={interview_id})
    transcript = found.get(interview_id)
    if transcript is None:                  # every transcript was read while looking for it
        raise StoreError(Errors.E307, id=interview_id, known=known_list(set(found) | set(load_all_codings(project))))
    spans = find_quote(transcript.text, quote)
    if not spans:
        raise StoreError(Errors.E309, path=transcript.path, quote=_short(quote, 80))
    inside = coded_spans(transcript)                # a decision only ever anchors in the interviewee's words
    if not any(inside(s, e) for s, e in spans):
        raise StoreError(Errors.E318, path=transcript.path, quote=_short(quote, 80))
    spans = [se for se in spans if inside(*se)]

    def segment_of(pos):
        for seg in transcript.segments:
            if seg.start <= pos < seg.end:
                return seg
        return None

    ranked = sorted(spans, key=lambda se: (segment_of(se[0]) is None or segment_of(se[0]).is_interviewer, se[0]))
    start, end = ranked[0]
    return transcript, (start, end), segment_of(start)


def store_manual(project, interview_id: str, transcript: Transcript, item, action: str):
    """Add a manual tag or link (or accept the identical suggestion), log it and save; returns it as stored."""
    codings = load_codings(project, interview_id) or Codings(interview=interview_id, fingerprint="")
    codings, change, stored = _add_or_accept(codings, item, action)
    if change is not None:
        language = codings_language(project, interview_id) or transcript.language
        commit_batch(project, [change], {interview_id: codings}, languages={interview_id: language})
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
        check_code(code, code_labels(project))
        transcript, (qs, qe), seg = _locate(project, interview_id, quote)
        s, e = sentence_span(transcript.text, qs, qe, *((seg.start, seg.end) if seg else (0, None)))
        tag = Tag(interview=interview_id, speaker=seg.speaker if seg else "", start=s, end=e, code=code,
                  negated=negated, status="accepted", origin="manual", text=transcript.text[s:e],
                  spans=((qs, qe),))
        return store_manual(project, interview_id, transcript, tag, "add-tag")


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
        labels = code_labels(project)
        check_code(cause, labels)
        check_code(effect, labels)
        if cause == effect:
            raise StoreError(Errors.E311, value=cause, detail="a link needs a cause and an effect that differ")
        transcript, (qs, qe), seg = _locate(project, interview_id, quote)
        s, e = sentence_span(transcript.text, qs, qe, *((seg.start, seg.end) if seg else (0, None)))
        link = Link(interview=interview_id, cause=cause, effect=effect, sign=sign, status="accepted",
                    origin="manual", text=transcript.text[s:e], start=s, end=e,
                    speaker=seg.speaker if seg else "")
        return store_manual(project, interview_id, transcript, link, "add-link")


def drop_orphans(project, *, interview: str | None = None) -> int:
    """Resolve the orphaned decisions (their quote vanished after an edit) by removing them, as one batch.

    An orphan no longer counts as evidence (see :func:`culturemap.store.load_all_codings`); dropping it
    says so for good, after the consultant added the decision again where the words are now (or decided the
    re-suggested sentence). One ``review --undo`` brings the whole batch back.

    Parameters
    ----------
    project : Project or path
    interview : str, optional
        Only this interview (E307 when unknown).

    Returns
    -------
    int
        The number of orphans removed.
    """
    with engagement_lock(project):
        everything = load_all_codings(project)
        check_filters(project, everything, interview=interview)
        changes: list[Change] = []
        changed: dict[str, Codings] = {}
        for iid, codings in everything.items():
            if interview is not None and iid != interview:
                continue
            gone = [i for i in codings.items() if i.orphaned]
            if gone:
                changes.extend(Change("drop-orphan", iid, item, None) for item in gone)
                changed[iid] = sort_items(replace(codings, tags=tuple(t for t in codings.tags if not t.orphaned),
                                                  links=tuple(l for l in codings.links if not l.orphaned)))
        return commit_batch(project, changes, changed, batch_id=new_entry_id())


# ---------------------------------------------------------------- undo

class _Pool:
    """The items of one interview's codings, indexed so that undoing a batch of thousands stays linear.

    Positions of removed items hold ``None``; the indexes are checked against the live item on lookup.
    """

    def __init__(self, codings: Codings):
        self.codings = codings
        self.items: list = []
        self.by_value: dict = {}
        self.by_key: dict = {}
        self.by_quote: dict = {}
        for item in codings.items():
            self.add(item)

    def add(self, item) -> None:
        pos = len(self.items)
        self.items.append(item)
        self.by_value.setdefault(item, []).append(pos)
        self.by_key.setdefault((item.key, item.orphaned), []).append(pos)
        self.by_quote.setdefault((identity(item), item.text, item.origin), []).append(pos)

    def remove(self, pos: int) -> None:
        self.items[pos] = None

    def _live(self, positions, test) -> list[int]:
        return [p for p in positions if self.items[p] is not None and test(self.items[p])]

    def find(self, item) -> int | None:
        """The position of an item equal to ``item``."""
        hits = self._live(self.by_value.get(item, ()), lambda i: i == item)
        return hits[0] if hits else None

    def find_target(self, after) -> int | None:
        """Where the item a logged change left (``after``) is now: the same item, the same key, or moved by a
        later re-tag (same code(s), quote and origin; the nearest one)."""
        pos = self.find(after)
        if pos is not None:
            return pos
        hits = self._live(self.by_key.get((after.key, after.orphaned), ()), lambda i: i.key == after.key)
        if hits:
            return hits[0]
        hits = self._live(self.by_quote.get((identity(after), after.text, after.origin), ()), lambda i: True)
        if hits:
            return min(hits, key=lambda p: abs(self.items[p].start - after.start))
        return None

    def codings_now(self) -> Codings:
        live = [i for i in self.items if i is not None]
        return sort_items(replace(self.codings, tags=tuple(i for i in live if isinstance(i, Tag)),
                                  links=tuple(i for i in live if isinstance(i, Link))))


def _revert(pool: _Pool, before, after) -> bool:
    """Undo one logged change in ``pool``; ``False`` when the item cannot be found any more.

    Idempotent: a change that is already undone (``before`` is there and ``after`` is not, e.g. because an
    undo was killed after it saved the codings and before it logged the undo, or a decision was logged and
    then killed before its codings were saved) is left as it is, so running the same undo again is safe.
    """
    if after is None:                       # the change removed an item: put it back
        if pool.find(before) is None:
            pool.add(before)
        return True
    pos = pool.find_target(after)
    if pos is None:
        return before is None or pool.find(before) is not None     # already undone, or gone
    target = pool.items[pos]
    pool.remove(pos)
    if before is None:                      # the change added an item: take it away
        return True
    if target.key == after.key or identity(before) != identity(target):
        restored = before
    else:                                   # moved since: keep its new place, restore the decision
        restored = replace(target, status=before.status)
    pool.add(restored)
    return True


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
        position = {id(e): n for n, e in enumerate(entries)}
        renames = renamed_ids(entries)
        pools: dict[str, _Pool | None] = {}
        for e in reversed(group):
            iid = e["interview"]
            for n, old_id, new_id in renames:        # the transcript got another id since: follow it
                if n > position[id(e)] and old_id == iid:
                    iid = new_id
            if iid not in pools:
                codings = load_codings(project, iid)
                pools[iid] = _Pool(codings) if codings is not None else None
            pool = pools[iid]
            try:
                before = item_from_dict(e["kind"], e["before"], iid) if e.get("before") else None
                after = item_from_dict(e["kind"], e["after"], iid) if e.get("after") else None
            except (ValueError, TypeError):
                before = after = None
            if pool is None or (before is None and after is None) or not _revert(pool, before, after):
                raise StoreError(Errors.E315, what=description, id=iid, dir=project_root(project))
        # Save first, then mark the batch undone: a crash in between leaves it unmarked and (partly) undone,
        # and the next undo takes back the same batch (a no-op where it is undone already), never another.
        for pool in pools.values():
            if pool is not None:                # every entry of the batch found its pool (E315 above)
                save_codings(project, pool.codings_now())
        append_entries(project, [{"action": "undo", "undoes": [e["id"] for e in group], "description": description}])
        return f"Undid {description}"
