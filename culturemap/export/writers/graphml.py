"""``graphml``: the map as GraphML (yEd, Gephi, Cytoscape; text from :func:`culturemap.export.data.to_graphml`)."""
from __future__ import annotations

from pathlib import Path

from .. import write_export
from ..formats import ExportContext, export_format

__all__ = ["write_graphml"]


@export_format("graphml", description="the map for yEd, Gephi or Cytoscape", files=("map.graphml",))
def write_graphml(ctx: ExportContext, out: Path) -> list[Path]:
    from ..data import to_graphml

    return [write_export(out / "map.graphml", to_graphml(ctx.graph))]
