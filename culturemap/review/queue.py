"""The review queue: the open suggestions the consultant walks over, their filters, and what they need.

An item is *open* when it is a suggestion (status ``suggested``) whose quote is still in the transcript
(not orphaned). The filters are the same everywhere: ``interview`` (one interview id) and ``code`` (tags
with that code, links with it as cause or effect). This module only reads; decisions are taken with
:mod:`culturemap.review.decisions`.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, StoreError
from ..models import Codings, Item, Link, Tag, Transcript
from ..store import engagement_lock, load_all_codings, load_codings, project_root

__all__ = [
    "ReviewQueue", "open_queue", "open_item", "count_open", "is_open", "matches_filter", "check_filters",
    "code_labels", "check_code", "known_list", "find_item", "transcripts_by_id", "orphaned_items",
]


# ---------------------------------------------------------------- the engagement: codes, transcripts, items

def _default_language(project) -> str:
    settings = getattr(project, "settings", None)
    if settings is None:
        from ..project import load_settings

        settings = load_settings(project_root(project))
    return settings.language


def code_labels(project, *, strict: bool = True) -> dict[str, str]:
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


def known_list(values) -> str:
    """The known ids for an error message (at most 12 of them).

    >>> known_list([]), known_list(["b", "a"])
    ('none yet', 'a, b')
    """
    values = sorted(values)
    if not values:
        return "none yet"
    if len(values) > 12:
        return ", ".join(values[:12]) + f", ... ({len(values)} in all)"
    return ", ".join(values)


def check_code(code: str, labels: dict[str, str]) -> None:
    """E308 (with the closest known code) unless ``code`` is one of ``labels``."""
    if code not in labels:
        close = difflib.get_close_matches(code, list(labels), n=1)
        known = known_list(labels)
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


def transcripts_by_id(project, *, want: set[str] | None = None, strict: bool = False) -> dict[str, Transcript]:
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


def find_item(codings: Codings, item_key) -> Tag | Link | None:
    """The tag or link with this key (``Tag.key`` / ``Link.key``; a list from JSON works too), a live one
    before an orphaned one; ``None`` when there is none."""
    key = tuple(item_key)
    hits = [i for i in codings.items() if i.key == key]
    hits.sort(key=lambda i: i.orphaned)
    return hits[0] if hits else None


# ---------------------------------------------------------------- filters

def matches_filter(item, code: str | None) -> bool:
    """Whether ``item`` passes the ``code`` filter (a tag with that code, a link with it as cause or effect)."""
    if code is None:
        return True
    if isinstance(item, Tag):
        return item.code == code
    return code in (item.cause, item.effect)


def is_open(item, code: str | None = None) -> bool:
    """An open suggestion (not decided, not orphaned) that passes the ``code`` filter."""
    return item.status == "suggested" and not item.orphaned and matches_filter(item, code)


def check_filters(project, everything: dict[str, Codings], *, interview: str | None = None,
                  code: str | None = None, labels: dict[str, str] | None = None) -> None:
    """E307 when ``interview`` is not tagged; E308 when ``code`` is neither in the codebook nor on a tag.

    ``labels`` are the codebook's labels when already loaded (else read, a missing codebook being empty)."""
    if interview is not None and interview not in everything:
        raise StoreError(Errors.E307, id=interview, known=known_list(everything))
    if code is not None:
        known = dict(labels if labels is not None else code_labels(project, strict=False))
        for c in everything.values():
            for t in c.tags:
                known.setdefault(t.code, t.code)
        check_code(code, known)


# ---------------------------------------------------------------- the queue

@dataclass(frozen=True)
class ReviewQueue:
    """What an interactive review walks over.

    ``items``: ``(interview, item key)`` of every open suggestion, by interview and text order (a tag before
    a link at the same place); ``labels``: ``{code id: label}`` of the codebook (``{}`` without one);
    ``tagged``: whether any transcript is tagged at all.
    """

    items: tuple[tuple[str, tuple], ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    tagged: bool = False

    @property
    def interviews(self) -> set[str]:
        return {iid for iid, _ in self.items}


def open_queue(project, *, interview: str | None = None, code: str | None = None) -> ReviewQueue:
    """The open suggestions to review, filtered by ``interview`` and ``code``.

    Raises
    ------
    StoreError
        E307 unknown interview, E308 unknown code (see :func:`check_filters`).
    """
    with engagement_lock(project):
        everything = load_all_codings(project)
        check_filters(project, everything, interview=interview)
        labels = code_labels(project, strict=False)
        check_filters(project, everything, code=code, labels=labels)
        items: list[tuple[str, tuple]] = []
        for iid, codings in everything.items():
            if interview is not None and iid != interview:
                continue
            ordered = sorted(codings.items(),
                             key=lambda i: (i.start, i.end, isinstance(i, Link)))
            items.extend((iid, i.key) for i in ordered if is_open(i, code))
        return ReviewQueue(items=tuple(items), labels=labels, tagged=bool(everything))


def open_item(project, interview: str, item_key) -> Tag | Link | None:
    """The item as it is saved now when it is still a suggestion; ``None`` when it was decided or is gone."""
    codings = load_codings(project, interview)
    item = find_item(codings, item_key) if codings else None
    if item is None or item.status != "suggested":
        return None
    return item


def count_open(project, *, interview: str | None = None, code: str | None = None) -> int:
    """How many open suggestions there are (filtered by ``interview`` and ``code``)."""
    remaining = 0
    for iid, codings in load_all_codings(project).items():
        if interview is not None and iid != interview:
            continue
        remaining += sum(1 for it in codings.items() if is_open(it, code))
    return remaining


def orphaned_items(project) -> list[Tag | Link]:
    """Every decision kept as orphaned (its quote vanished after an edit), sorted by interview and offset."""
    out: list[Item] = []
    for codings in load_all_codings(project).values():
        out.extend(i for i in codings.items() if i.orphaned)
    return out
