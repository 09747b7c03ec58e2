"""``csv``: every coding (all statuses), redacted, as ``tags.csv`` and ``links.csv`` (see :mod:`culturemap.export.csv`).

Unlike the other writers this one cannot take the context's evidence: :class:`~culturemap.project.Evidence`
holds only *accepted* codings, and the CSV contract has every status (suggested, rejected; not orphans),
so it reads the codings store and the transcripts again and builds the same redactor and pseudonyms as
:func:`culturemap.privacy.evidence.build_evidence` does: with the context's settings, whose ``redact`` holds
the names the fail-safe withheld, and with interview codes instead of ids.
"""
from __future__ import annotations

from pathlib import Path

from ..formats import ExportContext, export_format

__all__ = ["write_csv"]


@export_format("csv", description="every coding of every status, redacted (also the gold format of evaluate)",
               files=("tags.csv", "links.csv"), needs_map=False)
def write_csv(ctx: ExportContext, out: Path) -> list[Path]:
    from ...ingest import load_transcripts
    from ...privacy.evidence import export_pseudonyms
    from ...privacy.redact import redactor_for
    from ...review.handlinks import read_hand_links
    from ...store import load_all_codings
    from ..csv import write_codings_csv

    project, settings = ctx.project, ctx.evidence.settings
    transcripts, _issues = load_transcripts(project.root, default_language=settings.language)
    hand = read_hand_links(project, ctx.evidence.codebook) if project.links_path.exists() else ()
    known = {t.id for t in transcripts}      # codings of a deleted transcript: its names are unknown, skip them
    codings = {iid: c for iid, c in load_all_codings(project, orphaned=False).items() if iid in known}
    return write_codings_csv(codings, out, redactor=redactor_for(transcripts, settings),
                             pseudonyms=export_pseudonyms(ctx.evidence, transcripts),
                             languages={t.id: t.language for t in transcripts},
                             default_language=settings.language, hand_links=tuple(hand))
