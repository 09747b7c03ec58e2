"""``pptx``: the deck for the group session, 16:9 (built by :mod:`culturemap.export.pptx`)."""
from __future__ import annotations

from pathlib import Path

from ..formats import ExportContext, export_format

__all__ = ["write_pptx"]


@export_format("pptx", description="the deck for the group session (16:9)", files=("deck.pptx",), needs_graphviz=True)
def write_pptx(ctx: ExportContext, out: Path) -> list[Path]:
    from ..pptx import write_deck

    return list(write_deck(ctx, out))
