"""``kumu``: Kumu's JSON import ("blueprint") of the map (text from :func:`culturemap.export.data.to_kumu`)."""
from __future__ import annotations

from pathlib import Path

from .. import write_export
from ..formats import ExportContext, export_format

__all__ = ["write_kumu"]


@export_format("kumu", description="Kumu's JSON import (blueprint) of the map and its loops", files=("map.kumu.json",))
def write_kumu(ctx: ExportContext, out: Path) -> list[Path]:
    from ..data import to_kumu

    return [write_export(out / "map.kumu.json", to_kumu(ctx.graph, ctx.loops, ctx.marks))]
