"""Re-anchoring: merge a re-tag's suggestions with the earlier decisions on a (possibly edited) transcript.

Re-tagging an edited transcript never loses a decision: :func:`merge_suggestions` re-anchors each one on
its quote (found with :func:`culturemap.review.quotes.find_quote`) inside a coded (interviewee) segment, and
keeps it as *orphaned* when the quote is gone.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..models import Codings, Item, Link, Tag, Transcript
from ..store import sort_items
from .quotes import find_quote

__all__ = ["MergeReport", "merge_suggestions", "identity", "coded_spans"]


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


def identity(item) -> tuple:
    """What an item says, without its position: kind and code(s), and a link's sign.

    A rejected ``a -> b (-)`` and an accepted manual ``a -> b (+)`` on the same words are two decisions: the
    sign is part of what a link says.

    >>> identity(Tag("kc-03", "A", 0, 5, "help")), identity(Link("kc-03", "a", "b", "+"))
    (('tag', 'help'), ('link', 'a', 'b', '+'))
    """
    if isinstance(item, Tag):
        return ("tag", item.code)
    return ("link", item.cause, item.effect, item.sign)


def _ident(item) -> tuple:
    return identity(item) + (item.start, item.end)


def _move(item, start: int, end: int, text: str):
    delta = start - item.start
    new_text = text[start:end]
    if isinstance(item, Tag):
        spans = tuple((min(max(a + delta, start), end), min(max(b + delta, start), end)) for a, b in item.spans)
        return replace(item, start=start, end=end, text=new_text, spans=spans, orphaned=False)
    return replace(item, start=start, end=end, text=new_text, orphaned=False)


def coded_spans(transcript: Transcript) -> Callable[[int, int], bool]:
    """``inside(start, end)``: whether a span lies within one coded (interviewee) segment of ``transcript``.

    A transcript without segments (a bare text) has no turns to tell apart: every span is inside.

    >>> from pathlib import Path
    >>> from culturemap.models import Segment
    >>> text = "Interviewer: Wij helpen elkaar?\\n\\nAnna: Wij helpen elkaar."
    >>> t = Transcript("kc-03", Path("kc-03.md"), text, (Segment("Interviewer", 13, 31, 1, is_interviewer=True),
    ...                Segment("Anna", 39, 57, 3)), "nl")
    >>> inside = coded_spans(t)
    >>> inside(13, 31), inside(39, 57), inside(30, 45)
    (False, True, False)
    """
    if not transcript.segments:
        return lambda start, end: True
    coded = sorted((s.start, s.end) for s in transcript.coded_segments())
    starts = [s for s, _ in coded]

    def inside(start: int, end: int) -> bool:           # segments do not overlap: the last one starting
        n = bisect.bisect_right(starts, start) - 1      # at or before ``start`` is the only candidate
        return n >= 0 and end <= coded[n][1]

    return inside


def _reanchor(items: list[Item], text: str, inside: Callable[[int, int], bool] | None = None) -> list[tuple[Item, str]]:
    """Re-anchor decided items on their quote in ``text``; returns ``(item, "kept"|"reanchored"|"orphaned")``.

    An item whose quote is still at its offsets stays. Otherwise the quote is searched in the new text: a
    unique occurrence anchors it; among several, the one nearest to the old offset shifted by the move of
    the nearest already anchored item wins (text inserted above shifts everything below it). Two items with
    the same code never land on the same occurrence; an item whose quote is gone is orphaned. Only
    occurrences for which ``inside(start, end)`` holds count (a coded segment, see :func:`coded_spans`):
    an interviewer who repeats the quote never gets the decision.
    """
    inside = inside or (lambda start, end: True)
    result: list = [None] * len(items)
    claimed: set[tuple] = set()
    anchors: list[tuple[int, int]] = []            # (old start, shift)
    pending: list[tuple[int, list]] = []
    unique: list[tuple[int, int, tuple[int, int]]] = []
    for i, item in enumerate(items):
        if not item.text:                       # nothing to anchor on: keep as it is
            result[i] = (item, "orphaned" if item.orphaned else "kept")
            continue
        if text[item.start:item.end] == item.text and inside(item.start, item.end):
            claimed.add(identity(item) + (item.start, item.end))
            anchors.append((item.start, 0))
            result[i] = (replace(item, orphaned=False), "kept")
            continue
        found = [se for se in find_quote(text, item.text) if inside(*se)]
        if not found:
            result[i] = (replace(item, orphaned=True), "orphaned")
        elif len(found) == 1:
            unique.append((abs(found[0][0] - item.start), i, found[0]))
        else:
            pending.append((i, found))
    for _, i, (s, e) in sorted(unique):
        item = items[i]
        key = identity(item) + (s, e)
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
            key = identity(item) + (s, e)
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
    >>> from pathlib import Path
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
        carried = [replace(i, interview=iid) for i in old.items() if _is_decision(i)]
    anchored = _reanchor(carried, text, coded_spans(transcript))
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
    suggested: list[Item] = [*tags, *links]
    for s in suggested:
        s = replace(s, interview=iid)
        ident = _ident(s)
        if ident in seen:
            continue
        seen.add(ident)
        at = by_ident.get(ident)
        if at is not None:
            d = items[at]
            if d.origin != "manual":
                items[at] = replace(s, status=d.status, orphaned=False)
            continue
        if any(identity(m) == identity(s) and _overlaps(m, s) for m in manual):
            continue
        items.append(s)
        new += 1
    codings = sort_items(Codings(
        interview=iid, fingerprint=transcript.fingerprint,
        tags=tuple(i for i in items if isinstance(i, Tag)), links=tuple(i for i in items if isinstance(i, Link))))
    return codings, MergeReport(new=new, kept=len(carried), reanchored=reanchored, orphaned=orphaned)
