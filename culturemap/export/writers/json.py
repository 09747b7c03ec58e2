"""``json``: node-link JSON of the map plus its loops and marks (text from :func:`culturemap.export.data.to_json`)."""
from __future__ import annotations

from pathlib import Path

from .. import write_export
from ..formats import ExportContext, export_format

__all__ = ["write_json"]


@export_format("json", description="node-link JSON of the map with its loops and marks", files=("map.json",))
def write_json(ctx: ExportContext, out: Path) -> list[Path]:
    from ..data import to_json

    return [write_export(out / "map.json", to_json(ctx.graph, ctx.loops, ctx.marks))]
