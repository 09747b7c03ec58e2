"""Apply a reference coding (a colleague's, or a gold file) as review decisions.

Every open suggestion that the reference confirms (same code, overlapping sentence; for links the same
cause, effect and sign) is accepted, every other open suggestion is rejected, and every reference item no
rule suggested is added as a manual coding. Decisions already taken are left alone. The whole import is
one logged batch, so ``culturemap review DIR --undo`` takes it back at once.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Codings, Link, Tag

if TYPE_CHECKING:
    from ..coding.evaluate import GoldItem

__all__ = ["ApplyResult", "apply_reference", "is_links_csv", "read_reference_links"]


@dataclass(frozen=True)
class ApplyResult:
    accepted: int
    rejected: int
    added: int
    interviews: int


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    return min(a_end, b_end) > max(a_start, b_start)


def _csv_header(path: Path) -> list[str]:
    import csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [c.strip().lower() for c in next(csv.reader(fh), [])]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def is_links_csv(path: Path) -> bool:
    """Whether ``path`` is a links CSV (``cause``, ``effect`` and ``sign`` columns, no ``code``), such as the
    ``links.csv`` that ``culturemap export --format csv`` writes."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() != ".csv":
        return False
    header = _csv_header(path)
    return {"cause", "effect", "sign"} <= set(header) and "code" not in header


def read_reference_links(path: Path, transcripts: dict) -> list:
    """The links of a links CSV as gold items: only ``accepted`` rows (a row without ``status`` counts as
    accepted) of an interview; hand-drawn rows (empty interview) belong in ``DIR/links.csv`` and are skipped.

    Quotes are located in the transcripts as exported (``[naam]`` standing for the name); E307 for an unknown
    interview, E309 for a quote that is not in its transcript, naming the file and line.
    """
    import csv

    from ..coding.evaluate import GoldItem, interview_of
    from ..errors import Errors, EvaluateError
    from .quotes import find_quote

    out = []
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for line, row in enumerate(reader, 2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            interview = row.get("interview", "")
            if not interview or (row.get("status") or "accepted") != "accepted":
                continue
            interview = interview_of(interview, transcripts)
            t = transcripts.get(interview)
            if t is None:
                raise EvaluateError(Errors.E307, path=path, line=line, id=interview,
                                    known=", ".join(sorted(transcripts)))
            found = find_quote(t.text, row.get("text", ""), redacted=True)
            if not found:
                raise EvaluateError(Errors.E309, path=path, line=line, quote=row.get("text", "")[:60])
            start, end = found[0]
            out.append(GoldItem(interview, (row["cause"], row["effect"], row["sign"]), start, end, False,
                                row.get("text", "")))
    return out


def apply_reference(project, gold: Path) -> ApplyResult:
    """Turn open suggestions into decisions according to the reference coding at ``gold``.

    ``gold`` is what :func:`culturemap.coding.evaluate.read_gold` reads (a tags CSV, a folder, quote files),
    or a links CSV on its own (the ``links.csv`` of ``export --format csv``), which decides links only.
    """
    from ..coding.evaluate import read_gold
    from ..ingest import load_transcripts
    from ..store import engagement_lock, load_codings
    from .decisions import Change, commit_batch

    transcripts, _ = load_transcripts(project.root, default_language=project.settings.language)
    by_id = {t.id: t for t in transcripts}
    links_only = is_links_csv(Path(gold))       # an exported links.csv on its own (not a tags CSV: no E601)
    if links_only:                              # it says nothing about tags: their suggestions stay open
        gold_tags: list[GoldItem] = []
        gold_links = read_reference_links(Path(gold), by_id)
    else:
        gold_tags, gold_links = read_gold(Path(gold), by_id)
    batch_id = "apply-" + uuid.uuid4().hex[:8]
    accepted = rejected = added = 0
    touched = 0
    with engagement_lock(project):
        changes, changed = [], {}
        for iid in sorted({g.interview for g in gold_tags} | {g.interview for g in gold_links}):
            codings = load_codings(project, iid)
            transcript = by_id.get(iid)
            if codings is None or transcript is None:
                continue
            touched += 1
            g_tags = [g for g in gold_tags if g.interview == iid]
            g_links = [g for g in gold_links if g.interview == iid]
            used: set[int] = set()
            new_tags, new_links = [], []
            for t in codings.tags:
                if t.status != "suggested" or links_only:
                    new_tags.append(t)
                    continue
                hit = next((g for g in g_tags if id(g) not in used and g.key == (t.code,)
                            and _overlap(g.start, g.end, t.start, t.end)), None)
                status = "accepted" if hit else "rejected"
                if hit:
                    used.add(id(hit))
                    accepted += 1
                    after = replace(t, status=status, negated=hit.negated)
                else:
                    rejected += 1
                    after = replace(t, status=status)
                changes.append(Change("apply-reference", iid, t, after))
                new_tags.append(after)
            for l in codings.links:
                if l.status != "suggested":
                    new_links.append(l)
                    continue
                hit = next((g for g in g_links if id(g) not in used and g.key == (l.cause, l.effect, l.sign)
                            and _overlap(g.start, g.end, l.start, l.end)), None)
                status = "accepted" if hit else "rejected"
                if hit:
                    used.add(id(hit))
                    accepted += 1
                else:
                    rejected += 1
                judged = replace(l, status=status)
                changes.append(Change("apply-reference", iid, l, judged))
                new_links.append(judged)
            decided = [*new_tags, *new_links]
            for g in g_tags:
                if id(g) in used or any(isinstance(x, Tag) and x.code == g.key[0] and x.status == "accepted"
                                        and _overlap(x.start, x.end, g.start, g.end) for x in decided):
                    continue
                tag = Tag(interview=iid, speaker=_speaker(transcript, g.start), start=g.start, end=g.end,
                          code=g.key[0], negated=g.negated, status="accepted", origin="manual", text=g.text)
                changes.append(Change("add-tag", iid, None, tag))
                new_tags.append(tag)
                added += 1
            for g in g_links:
                if id(g) in used or any(isinstance(x, Link) and (x.cause, x.effect, x.sign) == g.key
                                        and x.status == "accepted" and _overlap(x.start, x.end, g.start, g.end)
                                        for x in decided):
                    continue
                cause, effect, sign = g.key
                link = Link(interview=iid, cause=cause, effect=effect, sign=sign, status="accepted",
                            origin="manual", text=g.text, start=g.start, end=g.end,
                            speaker=_speaker(transcript, g.start))
                changes.append(Change("add-link", iid, None, link))
                new_links.append(link)
                added += 1
            changed[iid] = Codings(interview=iid, fingerprint=codings.fingerprint,
                                   tags=tuple(sorted(new_tags, key=lambda t: (t.start, t.end, t.code))),
                                   links=tuple(sorted(new_links, key=lambda l: (l.start, l.end, l.cause, l.effect))))
        if changes:
            commit_batch(project, changes, changed, batch_id=batch_id)
    return ApplyResult(accepted=accepted, rejected=rejected, added=added, interviews=touched)


def _speaker(transcript, offset: int) -> str:
    for seg in transcript.segments:
        if seg.start <= offset < seg.end + 1:
            return seg.speaker
    return ""
