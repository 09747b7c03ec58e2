"""
=====================
Feedback loops (R, B)
=====================

:func:`find_loops` lists the feedback loops of a causal map, the way a system-dynamics reader expects
them: reinforcing (R, an even number of ``-`` links) or balancing (B, an odd number), numbered R1, R2, ...
and B1, B2, ... in order of importance, each with a reading for the consultant:

- ``vicious``: a reinforcing loop of which at least two thirds of the nodes are hindering;
- ``virtuous``: a reinforcing loop of which at least two thirds of the nodes are enabling;
- ``mixed``: every other loop. Balancing loops are always ``mixed``: they hold the culture in place
  rather than drive it up or down, so "vicious"/"virtuous" (which describe runaway loops) does not apply.

Enumeration uses ``networkx.simple_cycles(G, length_bound=L)`` for L = 1, 2, ... up to ``max_length``
(iterative deepening), so the shortest loops are found first. The number of loops in a dense map grows
exponentially, so three bounds stop it: ``max_length`` (links per loop), ``max_loops`` and
``time_limit`` (seconds). When a bound cut the list short, ``truncated`` is true and ``truncated_by``
says which (``"length"`` only when a longer loop really exists, or could not be ruled out in time).
The strongly connected components are always listed, so the consultant sees where the knot is even when
the loops are not all listed.

Stable ids: loops are ordered by importance, the mean number of interviews (``sources``) behind their
links (a hand-drawn link counts as one), then by length (shorter first), then by node ids. The graph is
copied in sorted order before enumeration, so the result does not depend on insertion order; only a
``time`` truncation can differ between runs (it depends on the machine's speed).
"""
from __future__ import annotations

import time

from ..errors import AnalysisError, Errors
from ..models import Loop, LoopResult

__all__ = ["find_loops", "loop_polarity", "canonical_cycle"]


def canonical_cycle(cycle):
    """Rotate a cycle (list of nodes) so that it starts at its smallest node.

    Parameters
    ----------
    cycle : sequence of nodes
        Nodes in loop order, without repeating the first one at the end.

    Returns
    -------
    tuple
        The same loop, starting at ``min(cycle)``.

    Examples
    --------
    >>> canonical_cycle(["c", "a", "b"])
    ('a', 'b', 'c')
    """
    cycle = list(cycle)
    if not cycle:
        return ()
    i = cycle.index(min(cycle))
    return tuple(cycle[i:] + cycle[:i])


def loop_polarity(signs):
    """``"reinforcing"`` for an even number of ``"-"`` signs, ``"balancing"`` for an odd number.

    Parameters
    ----------
    signs : iterable of str
        The link signs along a loop, ``"+"`` or ``"-"``.

    Returns
    -------
    str

    Examples
    --------
    >>> loop_polarity(["+", "-", "-"])
    'reinforcing'
    >>> loop_polarity(["+", "-"])
    'balancing'
    """
    return "balancing" if sum(1 for s in signs if s == "-") % 2 else "reinforcing"


def _reading(graph, nodes, polarity):
    if polarity != "reinforcing" or not nodes:
        return "mixed"
    effects = [graph.nodes[n].get("effect") for n in nodes]
    if 3 * effects.count("hindering") >= 2 * len(effects):
        return "vicious"
    if 3 * effects.count("enabling") >= 2 * len(effects):
        return "virtuous"
    return "mixed"


def _sorted_copy(graph):
    import networkx as nx

    H = nx.DiGraph()
    H.add_nodes_from(sorted(graph.nodes))
    H.add_edges_from(sorted((u, v) for u, v in graph.edges))
    return H


def find_loops(graph, *, max_length=8, max_loops=500, time_limit=2.0):
    """Find the feedback loops of a causal map, bounded in length, number and time.

    Parameters
    ----------
    graph : networkx.DiGraph
        A causal map; edge attribute ``sign`` (``"+"``, the default, or ``"-"``), optional ``sources``;
        node attribute ``effect`` (``enabling``/``hindering``/``ambivalent``) for the reading.
    max_length : int, optional (default=8)
        Longest loop to list, in links.
    max_loops : int, optional (default=500)
        Stop after this many loops.
    time_limit : float, optional (default=2.0)
        Stop enumerating after this many seconds.

    Returns
    -------
    LoopResult
        ``loops`` (reinforcing first, then balancing, each in importance order), ``truncated``,
        ``truncated_by`` and ``components`` (strongly connected components with more than one node,
        each sorted, largest first).

    Raises
    ------
    AnalysisError
        E405 when ``max_length`` or ``max_loops`` is not a whole number of at least 1, E409 when
        ``time_limit`` is not positive.

    Examples
    --------
    The "limits to growth" archetype: effort drives performance (R1); performance triggers a slowing
    action that holds performance back (B1).

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("effort", "performance", sign="+")
    >>> G.add_edge("performance", "effort", sign="+")
    >>> G.add_edge("performance", "slowing", sign="+")
    >>> G.add_edge("slowing", "performance", sign="-")
    >>> result = find_loops(G)
    >>> [(l.id, l.polarity, l.nodes) for l in result.loops]
    [('R1', 'reinforcing', ('effort', 'performance')), ('B1', 'balancing', ('performance', 'slowing'))]
    >>> result.truncated, result.components
    (False, (('effort', 'performance', 'slowing'),))
    """
    import networkx as nx

    for option, value in (("--max-length", max_length), ("--max-loops", max_loops)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise AnalysisError(Errors.E405, option=option, value=value)
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not time_limit > 0:
        raise AnalysisError(Errors.E409, option="--time-limit", value=time_limit)

    deadline = time.monotonic() + time_limit
    H = _sorted_copy(graph)
    sccs = [sorted(c) for c in nx.strongly_connected_components(H)]
    components = tuple(sorted((tuple(c) for c in sccs if len(c) > 1), key=lambda c: (-len(c), c)))
    largest = max((len(c) for c in sccs), default=0)

    found: list[tuple] = []
    truncated_by = ""
    for length in range(1, min(max_length, largest) + 1):
        for cycle in nx.simple_cycles(H, length_bound=length):
            if time.monotonic() > deadline:
                truncated_by = "time"
                break
            if len(cycle) != length:
                continue  # found at an earlier depth
            if len(found) >= max_loops:
                truncated_by = "count"
                break
            found.append(canonical_cycle(cycle))
        if truncated_by:
            break
    if not truncated_by and largest > max_length and _has_longer_cycle(H, sccs, max_length, deadline):
        truncated_by = "length"

    ranked = []
    for nodes in found:
        pairs = list(zip(nodes, nodes[1:] + nodes[:1]))
        links = tuple((u, v, "-" if graph.edges[u, v].get("sign", "+") == "-" else "+") for u, v in pairs)
        polarity = loop_polarity(s for _, _, s in links)
        weights = [max(int(graph.edges[u, v].get("sources", 0) or 0), 1) for u, v in pairs]
        score = round(sum(weights) / len(weights), 6)
        ranked.append((polarity, (-score, len(nodes), nodes), nodes, links, score))
    ranked.sort(key=lambda r: (r[0] == "balancing", r[1]))

    loops, counters = [], {"reinforcing": 0, "balancing": 0}
    for polarity, _key, nodes, links, score in ranked:
        counters[polarity] += 1
        prefix = "R" if polarity == "reinforcing" else "B"
        loops.append(Loop(id=f"{prefix}{counters[polarity]}", polarity=polarity,
                          reading=_reading(graph, nodes, polarity), nodes=nodes, links=links, score=score))
    return LoopResult(loops=tuple(loops), truncated=bool(truncated_by), components=components,
                      truncated_by=truncated_by)


def _has_longer_cycle(H, sccs, max_length, deadline):
    """Whether some simple cycle has more than ``max_length`` nodes (True when time ran out first)."""
    import networkx as nx

    for nodes in sccs:
        if len(nodes) <= max_length:
            continue
        for cycle in nx.simple_cycles(H.subgraph(nodes)):
            if len(cycle) > max_length:
                return True
            if time.monotonic() > deadline:
                return True  # could not rule it out: say so rather than claim completeness
    return False
