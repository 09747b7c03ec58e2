"""The analysis stage: redacted Evidence -> causal map -> feedback loops -> cherish/reduce marks.

:func:`analyse` runs the chain once and returns an :class:`Analysis`; every command and export that needs
the map takes it from there. The steps are separate modules, each one public function in the style of
networkx's algorithms:

- :mod:`.graph`: ``build_graph(evidence)``, the causal map (a ``networkx.DiGraph``),
- :mod:`.loops`: ``find_loops(graph)``, its reinforcing and balancing loops,
- :mod:`.marks`: ``mark_codes(graph, loops, evidence)``, cherish / reduce / redirect and the culture balance,
- :mod:`.compare` (groups side by side) and :mod:`.whatif` (a fuzzy cognitive map simulation).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import networkx as nx

    from ..models import LoopResult, MarkResult
    from ..project import Evidence, Project

__all__ = ["Analysis", "STEPS", "analyse", "analyse_project", "group_analyses"]

#: the steps :func:`analyse_project` reports to ``progress``, in order
STEPS = ("evidence", "map", "loops", "marks")


@dataclass(frozen=True)
class Analysis:
    """An engagement analysed once: the evidence and the map, loops and marks built from it."""

    evidence: Evidence
    graph: nx.DiGraph
    loops: LoopResult
    marks: MarkResult | None         # None for a view that is not marked on its own (a group's map)
    group: str | None = None         # the group this view is limited to, None for the whole engagement


def analyse(evidence: Evidence, *, group: str | None = None, max_length: int | None = None,
            max_loops: int = 500, time_limit: float = 2.0, marks: bool = True,
            progress: Callable[[str], None] | None = None) -> Analysis:
    """Build the map of ``evidence``, find its loops and mark its codes.

    Parameters
    ----------
    evidence : culturemap.project.Evidence
        Accepted, redacted codings (:func:`culturemap.privacy.evidence.load_evidence`).
    group : str, optional
        Limit the map to the interviews of one group (see :func:`culturemap.analysis.graph.build_graph`).
    max_length : int, optional
        Longest loop in links; default ``max_loop_length`` of the engagement settings.
    max_loops, time_limit
        Bounds of the loop search (see :func:`culturemap.analysis.loops.find_loops`).
    marks : bool
        Also mark the codes (default); a group view leaves the marks to the whole map.
    progress : callable, optional
        Called as ``progress(step)`` before each of the steps ``map``, ``loops`` and ``marks``.

    Returns
    -------
    Analysis
    """
    from .graph import build_graph
    from .loops import find_loops
    from .marks import mark_codes

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    if max_length is None:
        max_length = evidence.settings.max_loop_length
    step("map")
    graph = build_graph(evidence, group=group)
    step("loops")
    loops = find_loops(graph, max_length=max_length, max_loops=max_loops, time_limit=time_limit)
    if marks:
        step("marks")
    return Analysis(evidence=evidence, graph=graph, loops=loops,
                    marks=mark_codes(graph, loops, evidence) if marks else None, group=group)


def analyse_project(project: Project, *, progress: Callable[[str], None] | None = None) -> Analysis:
    """Load the redacted evidence of an engagement and :func:`analyse` it.

    ``progress(step)`` is called before each of :data:`STEPS`. Raises
    :class:`~culturemap.errors.AnalysisError` E401 when nothing is accepted yet.
    """
    from ..privacy.evidence import load_map_evidence

    if progress is not None:
        progress("evidence")
    return analyse(load_map_evidence(project), progress=progress)


def group_analyses(evidence: Evidence) -> list[Analysis]:
    """One unmarked :class:`Analysis` per group whose number of interviews reaches the anonymity threshold
    and whose map is not empty, sorted by group."""
    views = []
    for group, size in sorted(evidence.group_sizes().items()):
        if size < evidence.settings.anonymity_threshold:
            continue
        view = analyse(evidence, group=group, marks=False)
        if view.graph.number_of_nodes():
            views.append(view)
    return views
