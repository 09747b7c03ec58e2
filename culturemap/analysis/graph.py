"""
=============================
The causal map as a DiGraph
=============================

:func:`build_graph` turns the redacted :class:`~culturemap.project.Evidence` of an engagement into a
``networkx.DiGraph`` that follows the graph contract in ARCHITECTURE.md: one node per code that was
mentioned (accepted tag) or linked, one edge per cause -> effect pair of accepted or hand-drawn links.
:func:`sign_conflicts` lists the links that interviews told with both signs, :func:`graph_to_json`
gives JSON-safe node-link data (what ``culturemap build --json`` prints).

Choices worth knowing:

- ``sources`` counts distinct interviews; hand-drawn links (``origin == "hand"``, from ``links.csv``)
  add no source and no quote but always survive ``min_sources`` (like Causal Map's robustness filter,
  which only applies to coded claims).
- A link's sign is the majority over all its claims (hand-drawn ones included); a tie goes to the sign
  of the hand-drawn link, else ``"+"``. Conflicts are flagged on the edge and listed in the graph
  attribute ``sign_conflicts``: reported, never hidden.
- Mentions per group are folded into ``"other"`` for groups below ``anonymity_threshold`` and for
  interviews without a group, so a node never reveals a small group.
- Links from a code to itself and codes that are no longer in the codebook are left out.
"""
from __future__ import annotations

from collections import defaultdict

from ..errors import AnalysisError, Errors

__all__ = ["build_graph", "sign_conflicts", "graph_to_json", "OTHER_GROUP"]

OTHER_GROUP = "other"


def build_graph(evidence, *, min_sources=None, group=None):
    """Build the causal map of an engagement.

    Parameters
    ----------
    evidence : culturemap.project.Evidence
        Accepted, redacted codings (``culturemap.privacy.evidence.load_evidence``).
    min_sources : int, optional
        Drop coded links told by fewer distinct interviews. Hand-drawn links always stay.
        Defaults to ``evidence.settings.min_sources``.
    group : str, optional
        Restrict tags and coded links to the interviews of this group (hand-drawn links stay).

    Returns
    -------
    networkx.DiGraph
        Nodes are code ids, edges cause -> effect, with the attributes of the graph contract in
        ARCHITECTURE.md. Nodes and edges are inserted in sorted order.

    Raises
    ------
    AnalysisError
        E401 when nothing is accepted yet, E403 for an unknown group, E404 when the group has fewer
        interviews than the anonymity threshold, E405 for a bad ``min_sources``.

    Examples
    --------
    >>> from culturemap.models import Code, Codebook, Link, Tag
    >>> from culturemap.project import Evidence, Interview, Settings
    >>> book = Codebook(1, "en", (Code("numbers", "Only numbers count", "belief", "hindering"),
    ...                           Code("no-time", "No time", "behaviour", "hindering")))
    >>> ivs = (Interview("i1", "I01", "leaders", None, "en"), Interview("i2", "I02", "leaders", None, "en"))
    >>> tags = (Tag("i1", "I01", 0, 9, "numbers", status="accepted"),
    ...         Tag("i2", "I02", 0, 9, "numbers", status="accepted"))
    >>> links = (Link("i1", "numbers", "no-time", "+", "accepted", text="..."),
    ...          Link("i2", "numbers", "no-time", "+", "accepted", text="..."))
    >>> G = build_graph(Evidence(book, Settings(language="en"), ivs, tags, links))
    >>> sorted(G.nodes)
    ['no-time', 'numbers']
    >>> G.nodes["numbers"]["sources"], G.nodes["numbers"]["groups"]
    (2, {'other': 2})
    >>> G.edges["numbers", "no-time"]["sign"], G.edges["numbers", "no-time"]["sources"]
    ('+', 2)
    """
    import networkx as nx

    settings = evidence.settings
    if min_sources is None:
        min_sources = settings.min_sources
    if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 1:
        raise AnalysisError(Errors.E405, option="--min-sources", value=min_sources)
    if not evidence.tags and not evidence.links:
        raise AnalysisError(Errors.E401, dir="DIR")

    threshold = settings.anonymity_threshold
    sizes = evidence.group_sizes()
    interviews = {i.id: i for i in evidence.interviews}
    if group is not None:
        if group not in sizes:
            known = ", ".join(sizes) or "(none: give interviews a 'group:')"
            raise AnalysisError(Errors.E403, group=group, known=known)
        if sizes[group] < threshold:
            raise AnalysisError(Errors.E404, group=group, n=sizes[group], threshold=threshold)

    def in_scope(interview_id):
        if group is None:
            return True
        iv = interviews.get(interview_id)
        return iv is not None and iv.group == group

    def shown_group(interview_id):
        iv = interviews.get(interview_id)
        g = iv.group if iv is not None else None
        return g if g is not None and sizes.get(g, 0) >= threshold else OTHER_GROUP

    language = settings.language
    codes = {c.id: c for c in evidence.codebook.codes}

    # ---- nodes: mentions per code
    tags_by_code = defaultdict(list)
    for tag in evidence.tags:
        if tag.code in codes and in_scope(tag.interview):
            tags_by_code[tag.code].append(tag)

    # ---- edges: claims per (cause, effect)
    claims = defaultdict(list)
    for link in evidence.links:
        hand = link.origin == "hand"
        if link.cause == link.effect or link.cause not in codes or link.effect not in codes:
            continue
        if hand or in_scope(link.interview):
            claims[(link.cause, link.effect)].append(link)

    edges = {}
    for (cause, effect), links in claims.items():
        coded = [l for l in links if l.origin != "hand"]
        hand = [l for l in links if l.origin == "hand"]
        told_by = sorted({l.interview for l in coded})
        if not hand and len(told_by) < min_sources:
            continue
        plus = sum(1 for l in links if l.sign != "-")
        minus = len(links) - plus
        if plus != minus:
            sign = "+" if plus > minus else "-"
        else:
            hand_minus = sum(1 for l in hand if l.sign == "-")
            sign = "-" if hand and hand_minus * 2 > len(hand) else "+"
        quotes = sorted(
            ({"interview": l.interview, "pseudonym": _pseudonym(interviews, l.interview),
              "start": l.start, "end": l.end, "text": l.text} for l in coded),
            key=lambda q: (q["interview"], q["start"], q["end"], q["text"]),
        )
        edges[(cause, effect)] = {
            "sign": sign, "sources": len(told_by), "interviews": told_by, "evidence": quotes,
            "hand": bool(hand), "sign_conflict": plus > 0 and minus > 0, "plus": plus, "minus": minus,
        }

    G = nx.DiGraph()
    G.graph.update({"title": settings.title, "language": language, "sign_conflicts": [],
                    "min_sources": min_sources, "group": group})
    node_ids = sorted(set(tags_by_code) | {c for pair in edges for c in pair})
    for code_id in node_ids:
        code = codes[code_id]
        tags = tags_by_code.get(code_id, [])
        groups: defaultdict[str, int] = defaultdict(int)
        for tag in tags:
            groups[shown_group(tag.interview)] += 1
        G.add_node(code_id, code=code_id, label=code.label_for(language), kind=code.kind, effect=code.effect,
                   mentions=len(tags), sources=len({t.interview for t in tags}),
                   interviews=sorted({t.interview for t in tags}), groups=dict(sorted(groups.items())),
                   negated_share=(sum(1 for t in tags if t.negated) / len(tags)) if tags else 0.0)
    for pair in sorted(edges):
        G.add_edge(*pair, **edges[pair])
    G.graph["sign_conflicts"] = sign_conflicts(G)
    return G


def _pseudonym(interviews, interview_id):
    iv = interviews.get(interview_id)
    return iv.pseudonym if iv is not None else interview_id


def sign_conflicts(graph):
    """Links that some interviews told as ``+`` and others as ``-``.

    Parameters
    ----------
    graph : networkx.DiGraph
        A graph from :func:`build_graph` (edges carry ``plus`` and ``minus`` counts).

    Returns
    -------
    list of dict
        ``{"cause", "effect", "plus", "minus"}`` per conflicting edge, sorted by cause and effect.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", sign="+", plus=2, minus=1)
    >>> G.add_edge("b", "c", sign="-", plus=0, minus=3)
    >>> sign_conflicts(G)
    [{'cause': 'a', 'effect': 'b', 'plus': 2, 'minus': 1}]
    """
    rows = []
    for cause, effect, data in graph.edges(data=True):
        plus, minus = int(data.get("plus", 0)), int(data.get("minus", 0))
        if plus > 0 and minus > 0:
            rows.append({"cause": cause, "effect": effect, "plus": plus, "minus": minus})
    return sorted(rows, key=lambda r: (r["cause"], r["effect"]))


def graph_to_json(graph):
    """Node-link data of a graph, JSON-safe and sorted (what ``culturemap build --json`` prints).

    The shape is networkx's node-link format (``directed``, ``multigraph``, ``graph``, ``nodes`` with
    ``id``, ``links`` with ``source``/``target``), written out here because the keyword that names the
    edge list changed between networkx releases. Tuples become lists, sets sorted lists, floats are
    rounded to 6 decimals, anything else that JSON cannot hold becomes its ``str()``.

    Parameters
    ----------
    graph : networkx.DiGraph

    Returns
    -------
    dict
        Nodes sorted by id, links by (source, target).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(title="demo")
    >>> G.add_edge("b", "a", sign="-", interviews=("i2", "i1"))
    >>> data = graph_to_json(G)
    >>> data["nodes"]
    [{'id': 'a'}, {'id': 'b'}]
    >>> data["links"]
    [{'source': 'b', 'target': 'a', 'interviews': ['i2', 'i1'], 'sign': '-'}]
    """
    nodes = [{"id": n, **_json_safe(dict(sorted(d.items())))} for n, d in sorted(graph.nodes(data=True))]
    links = [{"source": u, "target": v, **_json_safe(dict(sorted(d.items())))}
             for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))]
    return {"directed": graph.is_directed(), "multigraph": graph.is_multigraph(),
            "graph": _json_safe(dict(sorted(graph.graph.items()))), "nodes": nodes, "links": links}


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_json_safe(v) for v in value)
    if isinstance(value, float):
        return round(value, 6)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)
