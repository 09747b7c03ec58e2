"""``qdpx`` and ``qdc``: the engagement for QDA tools (REFI-QDA), written by :mod:`culturemap.refi`.

Unlike every other format these are working files for the consultant's team: the ``.qdpx`` holds the
transcripts as they are, names included. They are never part of ``all`` and the CLI says so when it writes
one (the format's ``notice``).
"""
from __future__ import annotations

from pathlib import Path

from ...refi.write import NOTICE
from ..formats import ExportContext, export_format

__all__ = ["write_qdpx", "write_qdc"]

QDPX_FILE = "engagement.qdpx"
QDC_FILE = "codebook.qdc"


@export_format("qdpx", description="REFI-QDA project for ATLAS.ti, NVivo, MAXQDA, QualCoder: transcripts, "
               "codebook, accepted codings and links (names included: a working file, not part of all)",
               files=(QDPX_FILE,), in_all=False, needs_map=False,
               notice=NOTICE)
def write_qdpx(ctx: ExportContext, out: Path) -> list[Path]:
    from ...refi import write_qdpx as write

    return [write(ctx.project, out / QDPX_FILE).path]


@export_format("qdc", description="REFI-QDA codebook (codes with kind and effect) for QDA tools",
               files=(QDC_FILE,), in_all=False, needs_map=False)
def write_qdc(ctx: ExportContext, out: Path) -> list[Path]:
    from ...refi import write_qdc as write

    return [write(ctx.project, out / QDC_FILE).path]
