"""``html``: the report, one self-contained offline file (built by :mod:`culturemap.export.html`)."""
from __future__ import annotations

from pathlib import Path

from ..formats import ExportContext, export_format

__all__ = ["write_html"]


@export_format("html", description="the report: the clickable map, the loops as stories, cherish and reduce, "
               "the culture balance", files=("report.html",), needs_graphviz=True)
def write_html(ctx: ExportContext, out: Path) -> list[Path]:
    from ..html import write_report

    return list(write_report(ctx, out))
