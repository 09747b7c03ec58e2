"""The registry of export formats and :func:`export_formats`, which writes any set of them.

Every format is a writer ``writer(context) -> list[Path]`` that gets one :class:`ExportContext` (the
engagement analysed once: redacted evidence, graph, loops, marks). Files per format:

=========  ===========================================  ========================================
format     files                                        notes
=========  ===========================================  ========================================
dot        map.dot                                      Graphviz source; needs no Graphviz
svg        map.svg, map-<group>.svg, loop-<id>.svg      extra views, see below
png        map.png, map-<group>.png, loop-<id>.png      2133 px wide (16:9), for slides
pdf        map.pdf                                      the map only, one page for print
graphml    map.graphml                                  yEd, Gephi, Cytoscape
gexf       map.gexf                                     Gephi
json       map.json                                     node-link + loops + marks
mermaid    map.mmd                                      Mermaid flowchart (wikis, Markdown)
kumu       map.kumu.json                                Kumu JSON import (blueprint)
csv        tags.csv, links.csv                          every coding, redacted
html       report.html                                  culturemap.export.html
pptx       deck.pptx                                    culturemap.export.pptx
=========  ===========================================  ========================================

Extra views (svg and png only, the formats a screen or slide uses): one map per group whose number of
interviews is at or above ``anonymity_threshold`` (``map-<group>.svg``, the graph built with
``group=``), and one diagram per loop with the quotes that tell it (``loop-R1.svg``). ``all`` expands
to every format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import Errors, ExportError

__all__ = ["ExportContext", "Format", "FORMATS", "STANDARD_FORMATS", "build_context", "export_formats",
           "expand_formats", "group_slug"]


@dataclass(frozen=True)
class ExportContext:
    """The engagement analysed once, handed to every writer."""

    project: object                 # culturemap.project.Project
    evidence: object                # culturemap.project.Evidence (redacted)
    graph: object                   # networkx.DiGraph
    loops: object                   # culturemap.models.LoopResult
    marks: object                   # culturemap.models.MarkResult
    language: str
    title: str
    out_dir: Path


@dataclass(frozen=True)
class Format:
    writer: Callable                # writer(context) -> list[Path]
    files: tuple[str, ...]          # default file name(s) (extra views not listed)
    needs_graphviz: bool = False


# ---------------------------------------------------------------- writing helpers


def _write(path: Path, data: str | bytes) -> Path:
    from . import write_export

    return write_export(path, data)


def group_slug(group: str) -> str:
    """A file-name-safe form of a group id.

    >>> group_slug("Back office/IT")
    'back-office-it'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", str(group).lower()).strip("-")
    return slug or "group"


def _title(ctx) -> str:
    from .diagram import _t

    return ctx.title or _t("diagram.title", ctx.language)


def _group_views(ctx):
    """(group, title, graph, loops) for every group at or above the anonymity threshold."""
    from ..analysis import group_analyses

    groups = ctx.evidence.settings.groups
    return [(view.group, f"{_title(ctx)} \u2014 {groups.get(view.group, view.group)}", view.graph, view.loops)
            for view in group_analyses(ctx.evidence)]


def _rendered(ctx, fmt: str) -> list[Path]:
    from .diagram import loop_dot, map_dot, render

    out = ctx.out_dir
    paths = [_write(out / f"map.{fmt}", render(map_dot(ctx.graph, ctx.loops, ctx.marks, language=ctx.language,
                                                       title=_title(ctx)), fmt))]
    if fmt == "pdf":
        return paths
    for group, title, graph, loops in _group_views(ctx):
        src = map_dot(graph, loops, ctx.marks, language=ctx.language, title=title)
        paths.append(_write(out / f"map-{group_slug(group)}.{fmt}", render(src, fmt)))
    for loop in ctx.loops.loops:
        src = loop_dot(ctx.graph, loop, language=ctx.language, title="")
        paths.append(_write(out / f"loop-{loop.id}.{fmt}", render(src, fmt)))
    return paths


def _write_dot(ctx):
    from .diagram import map_dot

    src = map_dot(ctx.graph, ctx.loops, ctx.marks, language=ctx.language, title=_title(ctx))
    return [_write(ctx.out_dir / "map.dot", src)]


def _write_svg(ctx):
    return _rendered(ctx, "svg")


def _write_png(ctx):
    return _rendered(ctx, "png")


def _write_pdf(ctx):
    return _rendered(ctx, "pdf")


def _write_graphml(ctx):
    from .data import to_graphml

    return [_write(ctx.out_dir / "map.graphml", to_graphml(ctx.graph))]


def _write_gexf(ctx):
    from .data import to_gexf

    return [_write(ctx.out_dir / "map.gexf", to_gexf(ctx.graph))]


def _write_json(ctx):
    from .data import to_json

    return [_write(ctx.out_dir / "map.json", to_json(ctx.graph, ctx.loops, ctx.marks))]


def _write_mermaid(ctx):
    from .data import to_mermaid

    return [_write(ctx.out_dir / "map.mmd", to_mermaid(ctx.graph, ctx.loops, language=ctx.language))]


def _write_kumu(ctx):
    from .data import to_kumu

    return [_write(ctx.out_dir / "map.kumu.json", to_kumu(ctx.graph, ctx.loops, ctx.marks))]


def _write_csv(ctx):
    from ..ingest import load_transcripts
    from ..privacy.redact import pseudonyms, redactor_for
    from ..review.handlinks import read_hand_links
    from ..store import load_all_codings
    from .csv import write_codings_csv

    project, settings = ctx.project, ctx.evidence.settings
    transcripts, _issues = load_transcripts(project.root, default_language=settings.language)
    hand = read_hand_links(project, ctx.evidence.codebook) if project.links_path.exists() else ()
    known = {t.id for t in transcripts}      # codings of a deleted transcript: its names are unknown, skip them
    codings = {iid: c for iid, c in load_all_codings(project).items() if iid in known}
    return write_codings_csv(codings, ctx.out_dir, redactor=redactor_for(transcripts, settings),
                             pseudonyms=pseudonyms(transcripts, threshold=settings.anonymity_threshold),
                             languages={t.id: t.language for t in transcripts},
                             default_language=settings.language, hand_links=tuple(hand))


def _write_html(ctx):
    from .html import write_report

    return list(write_report(ctx, ctx.out_dir))


def _write_pptx(ctx):
    from .pptx import write_deck

    return list(write_deck(ctx, ctx.out_dir))


#: name -> Format(writer, default file names, needs Graphviz)
FORMATS: dict[str, Format] = {
    "dot": Format(_write_dot, ("map.dot",)),
    "svg": Format(_write_svg, ("map.svg",), True),
    "png": Format(_write_png, ("map.png",), True),
    "pdf": Format(_write_pdf, ("map.pdf",), True),
    "graphml": Format(_write_graphml, ("map.graphml",)),
    "gexf": Format(_write_gexf, ("map.gexf",)),
    "json": Format(_write_json, ("map.json",)),
    "mermaid": Format(_write_mermaid, ("map.mmd",)),
    "kumu": Format(_write_kumu, ("map.kumu.json",)),
    "csv": Format(_write_csv, ("tags.csv", "links.csv")),
    "html": Format(_write_html, ("report.html",), True),
    "pptx": Format(_write_pptx, ("deck.pptx",), True),
}

#: What ``culturemap run`` writes.
STANDARD_FORMATS = ("svg", "png", "pdf", "dot", "graphml", "html", "pptx", "csv")


def expand_formats(formats) -> list[str]:
    """Validate format names, expand ``all``, drop repeats (order kept).

    >>> expand_formats(["png", "dot", "png"])
    ['png', 'dot']
    >>> len(expand_formats(["all"])) == len(FORMATS)
    True
    """
    out: list[str] = []
    for name in formats:
        name = str(name).lower()
        names = list(FORMATS) if name == "all" else [name]
        for n in names:
            if n not in FORMATS:
                raise ExportError(Errors.E501, fmt=name, known=", ".join([*FORMATS, "all"]))
            if n not in out:
                out.append(n)
    return out


def build_context(project, out_dir, *, language: str | None = None, title: str | None = None) -> ExportContext:
    """Load the evidence of ``project`` and analyse it once: graph, loops and marks.

    Raises :class:`~culturemap.errors.AnalysisError` E401 (from the graph) when nothing is accepted yet.
    """
    from ..analysis import analyse_project

    settings = project.settings
    analysis = analyse_project(project)
    evidence, graph, loops, marks = analysis.evidence, analysis.graph, analysis.loops, analysis.marks
    return ExportContext(project=project, evidence=evidence, graph=graph, loops=loops, marks=marks,
                         language=language or settings.language,
                         title=settings.title if title is None else title, out_dir=Path(out_dir))


def export_formats(project, formats, out_dir, *, progress=None, context: ExportContext | None = None) -> list[Path]:
    """Write the given formats of an engagement into ``out_dir``.

    Parameters
    ----------
    project : culturemap.project.Project
        The engagement (see :func:`culturemap.project.open_project`).
    formats : list of str
        Names from :data:`FORMATS`, or ``"all"``.
    out_dir : Path
        Output folder (created when missing).
    progress : callable, optional
        Called as ``progress(name)`` before each format is written (for a progress display).
    context : ExportContext, optional
        An already built context (``culturemap run`` builds it once); default :func:`build_context`.

    Returns
    -------
    list of Path
        Every file written, in the order of ``formats``.

    Raises
    ------
    ExportError
        E501 for an unknown format (before anything is written), E502 when a format needs Graphviz and
        ``dot`` is missing (checked before anything is written), E503 when a file cannot be written.
    """
    from .diagram import graphviz_available

    names = expand_formats(formats)
    missing = [n for n in names if FORMATS[n].needs_graphviz]
    if missing and not graphviz_available():
        raise ExportError(Errors.E502, fmt=", ".join(missing))
    out_dir = Path(out_dir)
    if context is None:
        context = build_context(project, out_dir)
    if Path(context.out_dir) != out_dir:
        from dataclasses import replace

        context = replace(context, out_dir=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(Errors.E503, target=out_dir, detail=exc.strerror or str(exc)) from None
    written: list[Path] = []
    for name in names:
        if progress is not None:
            progress(name)
        written.extend(Path(p) for p in FORMATS[name].writer(context))
    return written
