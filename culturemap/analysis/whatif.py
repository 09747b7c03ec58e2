"""
================================
What if we reduce or cherish X?
================================

:func:`what_if` propagates an intervention (reduce some codes, cherish others) through the signed map
and reports which nodes move which way and which loops are weakened or strengthened.

Method: a fuzzy cognitive map (FCM; Kosko 1986), the usual way to run "what if" scenarios on a signed
causal map in participatory modelling (e.g. Özesmi & Özesmi 2004, Mental Modeler).

- Each node has an activity ``a`` in [-1, 1]: its change relative to today (0 = as today).
- Every link weighs ``+1`` or ``-1`` (its sign). A causal-loop diagram carries signs, not strengths, so
  we do not invent strengths (evidence counts say how sure we are of a link, not how strong it is).
- Reduced codes are clamped at ``-1``, cherished codes at ``+1`` (the FCM "policy scenario").
- Every other node is updated from its causes: ``a_v <- tanh(sum of sign(u, v) * a_u)``, damped (the
  new value is the mean of the old and the update) so that balancing loops settle instead of
  oscillating. Iteration stops when no node moves more than ``1e-4`` or after ``steps`` rounds.

Why this rather than summing signed paths: path enumeration explodes on dense maps just like loop
enumeration, while one FCM round costs one pass over the links. ``tanh`` keeps every activity bounded
(a reinforcing loop cannot run off to infinity) and makes effects fade with distance (``tanh(x) < x``),
so ranking the nodes by the size of their change is meaningful. Example: in the chain
``A -(+)-> B -(-)-> C``, reducing A gives ``B = tanh(-1) = -0.762`` and ``C = tanh(0.762) = 0.642``.
Read the figures as direction and rough size, never as a forecast.

Loops. A reinforcing loop can run in two directions; we orient its nodes along its signs, with its named
direction positive: for a virtuous circle the direction in which (most of) its enabling nodes grow, for
vicious and mixed loops the direction in which (most of) its hindering nodes grow, i.e. the problem the
loop keeps alive (when that does not decide, the direction in which its first node grows). Its
``change`` is the mean oriented activity of its nodes: negative means weakened, positive strengthened.
So reducing "only the numbers count" weakens the vicious circle it drives, and so does cherishing an
enabling belief that holds it back through a ``-`` link. A balancing loop has no consistent orientation: it counts as weakened when one of its nodes
is reduced, strengthened when one is cherished (and none reduced); its ``change`` is the plain mean.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import AnalysisError, Errors

__all__ = ["what_if", "WhatIfResult"]

TOLERANCE = 1e-4
MIN_CHANGE = 0.01


@dataclass(frozen=True)
class WhatIfResult:
    reduce: tuple[str, ...]
    cherish: tuple[str, ...]
    moves: tuple[dict, ...]          # {"code", "label", "effect", "change", "direction": "up"|"down"}, largest first
    weakened: tuple[dict, ...]       # {"id", "polarity", "reading", "change"}, most weakened first
    strengthened: tuple[dict, ...]   # same, most strengthened first
    steps: int                       # rounds run
    converged: bool

    def as_dict(self) -> dict:
        return {"reduce": list(self.reduce), "cherish": list(self.cherish), "moves": [dict(m) for m in self.moves],
                "weakened_loops": [dict(l) for l in self.weakened],
                "strengthened_loops": [dict(l) for l in self.strengthened],
                "steps": self.steps, "converged": self.converged}


def what_if(graph, *, reduce=(), cherish=(), steps=100, loops=None):
    """Simulate reducing and/or cherishing codes on the signed map (fuzzy-cognitive-map iteration).

    Parameters
    ----------
    graph : networkx.DiGraph
        The map; edge attribute ``sign`` (``"+"`` default or ``"-"``), node attributes ``label``, ``effect``.
    reduce, cherish : iterable of str, optional
        Codes clamped at -1 (reduced) and +1 (cherished). At least one code in total.
    steps : int, optional (default=100)
        Maximum number of update rounds.
    loops : culturemap.models.LoopResult, optional
        The loops of ``graph``; computed with :func:`culturemap.analysis.loops.find_loops` when not given.

    Returns
    -------
    WhatIfResult
        ``moves`` (every other node whose activity changed by at least 0.01, largest change first),
        ``weakened`` and ``strengthened`` loops, ``steps`` run and whether the iteration ``converged``.

    Raises
    ------
    AnalysisError
        E402 for an unknown code, E406 for a code both reduced and cherished, E407 when no code is
        given, E405 for a bad ``steps``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("A", "B", sign="+")
    >>> G.add_edge("B", "C", sign="-")
    >>> result = what_if(G, reduce=["A"])
    >>> [(m["code"], m["direction"], m["change"]) for m in result.moves]
    [('B', 'down', -0.762), ('C', 'up', 0.642)]
    """
    reduce = _as_codes(reduce)
    cherish = _as_codes(cherish)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise AnalysisError(Errors.E405, option="--steps", value=steps)
    known = sorted(graph.nodes)
    for option, codes in (("reduce", reduce), ("cherish", cherish)):
        for code in codes:
            if code not in graph:
                raise AnalysisError(Errors.E402, code=code, option=option, known=", ".join(map(str, known)))
    both = sorted(set(reduce) & set(cherish))
    if both:
        raise AnalysisError(Errors.E406, code=both[0])
    if not reduce and not cherish:
        raise AnalysisError(Errors.E407)

    clamped = {c: -1.0 for c in reduce}
    clamped.update({c: 1.0 for c in cherish})
    causes = {v: sorted((u, -1.0 if graph.edges[u, v].get("sign", "+") == "-" else 1.0)
                        for u in graph.predecessors(v)) for v in known}
    activity = {v: clamped.get(v, 0.0) for v in known}
    converged, rounds = False, 0
    while rounds < steps:
        rounds += 1
        new = {}
        for v in known:
            if v in clamped:
                new[v] = clamped[v]
            else:
                target = math.tanh(sum(w * activity[u] for u, w in causes[v]))
                new[v] = 0.5 * (activity[v] + target)
        delta = max((abs(new[v] - activity[v]) for v in known), default=0.0)
        activity = new
        if delta < TOLERANCE:
            converged = True
            break

    moves = []
    for v in known:
        change = round(activity[v], 3)
        if v in clamped or abs(change) < MIN_CHANGE:
            continue
        data = graph.nodes[v]
        moves.append({"code": v, "label": data.get("label", v), "effect": data.get("effect", ""),
                      "change": change, "direction": "up" if change > 0 else "down"})
    moves.sort(key=lambda m: (-abs(m["change"]), m["code"]))

    if loops is None:
        from .loops import find_loops

        loops = find_loops(graph)
    weakened, strengthened = [], []
    for loop in loops.loops:
        change, verdict = _loop_change(graph, loop, activity, set(reduce), set(cherish))
        row = {"id": loop.id, "polarity": loop.polarity, "reading": loop.reading, "change": round(change, 3)}
        if verdict == "weakened":
            weakened.append(row)
        elif verdict == "strengthened":
            strengthened.append(row)
    weakened.sort(key=lambda r: (r["change"], r["id"]))
    strengthened.sort(key=lambda r: (-r["change"], r["id"]))
    return WhatIfResult(reduce=tuple(reduce), cherish=tuple(cherish), moves=tuple(moves),
                        weakened=tuple(weakened), strengthened=tuple(strengthened),
                        steps=rounds, converged=converged)


def _as_codes(codes):
    if codes is None:
        return ()
    if isinstance(codes, str):
        codes = (codes,)
    return tuple(dict.fromkeys(codes))


def _loop_change(graph, loop, activity, reduced, cherished):
    """(change, "weakened" | "strengthened" | "") of one loop under the final activities."""
    nodes = list(loop.nodes)
    if loop.polarity != "reinforcing":
        change = sum(activity[n] for n in nodes) / len(nodes)
        if reduced & set(nodes):
            return change, "weakened"
        if cherished & set(nodes):
            return change, "strengthened"
        return change, ""
    orientation = [1.0]
    for (_, _, sign) in loop.links[:-1]:
        orientation.append(orientation[-1] * (-1.0 if sign == "-" else 1.0))
    grows, opposite = ("enabling", "hindering") if loop.reading == "virtuous" else ("hindering", "enabling")
    lean = sum(o * ((graph.nodes[n].get("effect") == grows) - (graph.nodes[n].get("effect") == opposite))
               for o, n in zip(orientation, nodes))
    if lean < 0:
        orientation = [-o for o in orientation]
    change = sum(o * activity[n] for o, n in zip(orientation, nodes)) / len(nodes)
    if change <= -MIN_CHANGE:
        return change, "weakened"
    if change >= MIN_CHANGE:
        return change, "strengthened"
    return change, ""
