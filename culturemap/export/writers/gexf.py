"""``gexf``: the map as GEXF 1.2 for Gephi (text from :func:`culturemap.export.data.to_gexf`)."""
from __future__ import annotations

from pathlib import Path

from .. import write_export
from ..formats import ExportContext, export_format

__all__ = ["write_gexf"]


@export_format("gexf", description="the map for Gephi", files=("map.gexf",))
def write_gexf(ctx: ExportContext, out: Path) -> list[Path]:
    from ..data import to_gexf

    return [write_export(out / "map.gexf", to_gexf(ctx.graph))]
