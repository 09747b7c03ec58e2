"""``mermaid``: the map as a Mermaid flowchart (text from :func:`culturemap.export.data.to_mermaid`)."""
from __future__ import annotations

from pathlib import Path

from .. import write_export
from ..formats import ExportContext, export_format

__all__ = ["write_mermaid"]


@export_format("mermaid", description="Mermaid flowchart of the map (wikis, Markdown)", files=("map.mmd",))
def write_mermaid(ctx: ExportContext, out: Path) -> list[Path]:
    from ..data import to_mermaid

    return [write_export(out / "map.mmd", to_mermaid(ctx.graph, ctx.loops, language=ctx.language))]
