"""Decisions follow a transcript that gets another interview id, or are reported; never dropped silently.

Giving a transcript an ``id:`` (what privacy-check advises for a name-like file name), changing it, or
renaming a file without one changes its interview id, and the review state is stored per id
(``codings/<id>.json``). :func:`previous_codings` finds the codings the transcript had under its old id,
matched on the file (the tag state remembers which id each file had) or, for a renamed file, on the
fingerprint (the same bytes) or the quotes of its decisions: ``culturemap tag`` merges them into the new id and :func:`retire_codings` moves
the file (logged, so ``review --undo`` follows). Codings that no transcript claims any more are reported
(:func:`unclaimed_codings`, :func:`unclaimed_decisions`) as orphans: they do not count until resolved.
"""
from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

from ..errors import CulturemapError, Issue, Warnings
from ..models import Codings, Transcript
from ..store import append_log, codings_path, load_codings, project_root

__all__ = ["previous_codings", "retire_codings", "unclaimed_codings", "unclaimed_decisions", "renamed_ids"]


def _decisions(codings: Codings) -> list:
    return [i for i in codings.items() if i.status != "suggested" or i.origin == "manual"]


def _as(codings: Codings, interview: str) -> Codings:
    return Codings(interview=interview, fingerprint=codings.fingerprint,
                   tags=tuple(replace(t, interview=interview) for t in codings.tags),
                   links=tuple(replace(l, interview=interview) for l in codings.links))


def _same_interview(old: Codings, transcript: Transcript) -> bool:
    """Whether codings of a vanished file belong to ``transcript``: the same fingerprint (renamed as it was),
    or every one of its decisions (at least one) quotes words that are in the transcript's text."""
    if old.fingerprint and old.fingerprint == transcript.fingerprint:
        return True
    from .quotes import find_quote

    decided = [i for i in _decisions(old) if not i.orphaned]
    return bool(decided) and all(i.text and find_quote(transcript.text, i.text) for i in decided)


def previous_codings(project, transcript: Transcript, path: Path | None = None,
                     files_before: dict | None = None) -> tuple[Codings | None, str | None]:
    """The stored review state a (re-)tag of ``transcript`` merges with, and the old id it moves from.

    Its own ``codings/<id>.json`` when there is one (``(codings, None)``). Otherwise the codings of the id
    the same file had at the last tag (``files_before``: the tag state's ``{file name: {"id": ...}}``), or,
    for a file renamed since, of a vanished file's id whose codings have this transcript's fingerprint or
    whose every decision quotes words of this transcript. The codings come back under the new id;
    ``(None, None)`` when there is nothing to carry over.

    Parameters
    ----------
    project : Project or path
    transcript : Transcript
        As read now.
    path : Path, optional
        Its file (default ``transcript.path``).
    files_before : dict, optional
        ``{file name: {"id": interview id, ...}}`` from the previous tag.
    """
    own = load_codings(project, transcript.id)
    if own is not None or not files_before:
        return own, None
    root = project_root(project)
    name = Path(path if path is not None else transcript.path).name
    candidates = []
    was = files_before.get(name)
    if isinstance(was, dict) and was.get("id") and was["id"] != transcript.id:
        candidates.append((str(was["id"]), False))
    for other, v in sorted(files_before.items()):
        if other != name and isinstance(v, dict) and v.get("id") and not (root / other).exists():
            candidates.append((str(v["id"]), True))        # a vanished file: renamed to this one?
    for old_id, by_fingerprint in candidates:
        try:
            old = load_codings(project, old_id)
        except CulturemapError:                 # a damaged file is reported where it is read
            continue
        if old is None or (by_fingerprint and not _same_interview(old, transcript)):
            continue
        return _as(old, transcript.id), old_id
    return None, None


def retire_codings(project, old_id: str, new_id: str) -> None:
    """After the codings of ``old_id`` were saved as ``new_id``: log the move and remove the old file.

    The log entry ``{"action": "rename", "from", "to"}`` lets ``review --undo`` find earlier decisions under
    the new id. A crash before the removal leaves the old file, which :func:`unclaimed_codings` reports.
    """
    append_log(project, {"action": "rename", "from": old_id, "to": new_id})
    with contextlib.suppress(FileNotFoundError):
        codings_path(project, old_id).unlink()


def renamed_ids(entries: list[dict]) -> list[tuple[int, str, str]]:
    """``(position, from, to)`` of every rename in the decision log, in order.

    >>> renamed_ids([{"action": "accept"}, {"action": "rename", "from": "jan", "to": "kc-07"}])
    [(1, 'jan', 'kc-07')]
    """
    return [(n, str(e.get("from", "")), str(e.get("to", ""))) for n, e in enumerate(entries)
            if e.get("action") == "rename" and e.get("from") and e.get("to")]


def unclaimed_decisions(project, live_ids) -> list:
    """The decisions in codings files of interview ids no transcript has now (``live_ids``), by id and offset."""
    live = {str(i).casefold() for i in live_ids}
    folder = codings_path(project, "x").parent
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.json")):          # the file is named by its id: read only the others
        if path.name.startswith(".") or path.stem.casefold() in live:
            continue
        try:
            codings = load_codings(project, path.stem)
        except CulturemapError:
            continue
        if codings is not None and codings.interview.casefold() not in live:
            out.extend(_decisions(codings))
    return out


def unclaimed_codings(project, live_ids) -> list[Issue]:
    """W303 per codings file holding decisions of an interview id no transcript has now (``live_ids``)."""
    counts: dict[str, int] = {}
    for item in unclaimed_decisions(project, live_ids):
        counts[item.interview] = counts.get(item.interview, 0) + 1
    root = project_root(project)
    return [Issue(Warnings.W303, path=codings_path(project, iid), n=n, id=iid, dir=root)
            for iid, n in sorted(counts.items())]
