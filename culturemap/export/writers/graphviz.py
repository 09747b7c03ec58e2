"""The Graphviz formats: ``dot`` (the source, needs no Graphviz), ``svg``, ``png`` and ``pdf`` (rendered).

Extra views (svg and png only, the formats a screen or slide uses): one map per group whose number of
interviews is at or above ``anonymity_threshold`` (``map-<group>.svg``, the graph built with ``group=``),
and one diagram per loop with the quotes that tell it (``loop-R1.svg``). pdf is the map only, one page for
print. The DOT text and the rendering come from :mod:`culturemap.export.diagram`.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import write_export
from ..formats import ExportContext, export_format

__all__ = ["group_slug", "write_dot", "write_svg", "write_png", "write_pdf"]


def group_slug(group: str) -> str:
    """A file-name-safe form of a group id.

    >>> group_slug("Back office/IT")
    'back-office-it'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", str(group).lower()).strip("-")
    return slug or "group"


def _title(ctx: ExportContext) -> str:
    from ...i18n import t

    return ctx.title or t("diagram.title", ctx.language)


def _group_views(ctx: ExportContext):
    """(group, title, graph, loops) for every group at or above the anonymity threshold."""
    from ...analysis import group_analyses

    groups = ctx.evidence.settings.groups
    return [(view.group, f"{_title(ctx)} \u2014 {groups.get(view.group, view.group)}", view.graph, view.loops)
            for view in group_analyses(ctx.evidence)]


def _rendered(ctx: ExportContext, out: Path, fmt: str) -> list[Path]:
    from ..diagram import loop_dot, map_dot, render

    paths = [write_export(out / f"map.{fmt}", render(map_dot(ctx.graph, ctx.loops, ctx.marks, language=ctx.language,
                                                             title=_title(ctx)), fmt))]
    if fmt == "pdf":
        return paths
    for group, title, graph, loops in _group_views(ctx):
        src = map_dot(graph, loops, ctx.marks, language=ctx.language, title=title)
        paths.append(write_export(out / f"map-{group_slug(group)}.{fmt}", render(src, fmt)))
    for loop in (ctx.loops.loops if ctx.loops is not None else ()):
        src = loop_dot(ctx.graph, loop, language=ctx.language, title="")
        paths.append(write_export(out / f"loop-{loop.id}.{fmt}", render(src, fmt)))
    return paths


@export_format("dot", description="Graphviz source of the map; needs no Graphviz", files=("map.dot",))
def write_dot(ctx: ExportContext, out: Path) -> list[Path]:
    from ..diagram import map_dot

    src = map_dot(ctx.graph, ctx.loops, ctx.marks, language=ctx.language, title=_title(ctx))
    return [write_export(out / "map.dot", src)]


@export_format("svg", description="the map, one map per group (at or above the anonymity threshold) and one "
               "diagram per loop", files=("map.svg", "map-<group>.svg", "loop-<id>.svg"), needs_graphviz=True)
def write_svg(ctx: ExportContext, out: Path) -> list[Path]:
    return _rendered(ctx, out, "svg")


@export_format("png", description="the same views as svg, 2133 px wide (16:9), for slides",
               files=("map.png", "map-<group>.png", "loop-<id>.png"), needs_graphviz=True)
def write_png(ctx: ExportContext, out: Path) -> list[Path]:
    return _rendered(ctx, out, "png")


@export_format("pdf", description="the map only, one page for print", files=("map.pdf",), needs_graphviz=True)
def write_pdf(ctx: ExportContext, out: Path) -> list[Path]:
    return _rendered(ctx, out, "pdf")
