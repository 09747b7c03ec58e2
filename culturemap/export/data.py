"""The map as data for other tools: GraphML, GEXF, JSON node-link, Mermaid and Kumu's JSON import.

Every writer returns text and is deterministic (nodes sorted by code id, edges by cause then effect).
GraphML and GEXF hold only scalar attributes, so lists and dicts (``interviews``, ``groups``, ``evidence``,
``sign_conflicts``) are stored as JSON strings and ``None`` as an empty string. Only redacted data reaches
these files: the graph carries quotes under pseudonyms, never names.
"""
from __future__ import annotations

import io
import json

__all__ = ["to_graphml", "to_gexf", "to_json", "to_mermaid", "to_kumu", "scalar_graph", "mermaid_text"]


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def scalar_graph(graph):
    """A sorted copy of ``graph`` whose attributes are all scalars (lists/dicts as JSON strings).

    >>> import networkx as nx
    >>> g = nx.DiGraph(sign_conflicts=[]); g.add_node("b", groups={"hr": 2}); g.add_node("a", group=None)
    >>> h = scalar_graph(g)
    >>> list(h.nodes), h.nodes["b"]["groups"], h.nodes["a"]["group"], h.graph["sign_conflicts"]
    (['a', 'b'], '{"hr": 2}', '', '[]')
    """
    import networkx as nx

    out = nx.DiGraph()
    out.graph.update({k: _scalar(v) for k, v in sorted(graph.graph.items())})
    for node in sorted(graph.nodes, key=str):
        out.add_node(str(node), **{k: _scalar(v) for k, v in sorted(graph.nodes[node].items())})
    for u, v in sorted(graph.edges, key=lambda e: (str(e[0]), str(e[1]))):
        out.add_edge(str(u), str(v), **{k: _scalar(x) for k, x in sorted(graph.edges[u, v].items())})
    return out


def to_graphml(graph) -> str:
    """GraphML text of the map (yEd, Gephi, Cytoscape; networkx reads it back).

    >>> import networkx as nx
    >>> g = nx.DiGraph(); g.add_edge("a", "b", sign="-", evidence=[{"text": "x"}])
    >>> h = nx.read_graphml(io.BytesIO(to_graphml(g).encode()))
    >>> h.edges["a", "b"]["sign"]
    '-'
    """
    import networkx as nx

    lines = nx.generate_graphml(scalar_graph(graph), encoding="utf-8", prettyprint=True)
    return "\n".join(lines) + "\n"


def to_gexf(graph) -> str:
    """GEXF 1.2 text of the map (Gephi); node labels are the code labels."""
    import networkx as nx

    g = scalar_graph(graph)
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue().decode("utf-8")


def _plain(value):
    """JSON-safe copy with sorted dicts (tuples become lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(graph, loops=None, marks=None) -> str:
    """Node-link JSON of the map plus its loops and marks (the ``build --json`` shape, extended).

    ``{"directed": true, "graph": {...}, "nodes": [{"id": ..., ...}], "links": [{"source", "target", ...}],
    "loops": {...LoopResult.as_dict()...}, "marks": {...MarkResult.as_dict()...}}``
    """
    nodes = [{"id": str(n), **_plain(dict(graph.nodes[n]))} for n in sorted(graph.nodes, key=str)]
    links = [{"source": str(u), "target": str(v), **_plain(dict(graph.edges[u, v]))}
             for u, v in sorted(graph.edges, key=lambda e: (str(e[0]), str(e[1])))]
    data = {"directed": True, "multigraph": False, "graph": _plain(dict(graph.graph)), "nodes": nodes,
            "links": links,
            "loops": loops.as_dict() if loops is not None else {"loops": [], "truncated": False, "components": []},
            "marks": marks.as_dict() if marks is not None else {"marks": [], "balance": {}}}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n"


# ---------------------------------------------------------------- Mermaid

_MERMAID_SHAPES = {"value": ('(["', '"])'), "belief": ('("', '")'), "behaviour": ('{{"', '"}}'),
                   "outcome": ('["', '"]')}
_MERMAID_CLASSES = {
    "enabling": "fill:#CDEBDF,stroke:#00795A,stroke-width:2px,color:#000",
    "hindering": "fill:#F9D7C2,stroke:#B84A00,stroke-width:2px,stroke-dasharray:6 3,color:#000",
    "ambivalent": "fill:#E4E4E4,stroke:#666666,stroke-width:2px,stroke-dasharray:2 2,color:#000",
}


def mermaid_text(text: str) -> str:
    """Escape a label for a quoted Mermaid node label (entity codes, no raw quotes or brackets).

    >>> mermaid_text('werk:druk "x" <b> & co')
    'werk:druk #quot;x#quot; #lt;b#gt; #amp; co'
    """
    out = []
    for ch in " ".join(str(text).split()):
        out.append({"\"": "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;"}.get(ch, ch))
    return "".join(out)


def to_mermaid(graph, loops=None, *, language: str = "nl") -> str:
    """Mermaid ``flowchart LR`` text of the map: shape by kind, a class per effect, one line per link.

    Positive links are solid arrows labelled ``+``; negative links dotted arrows labelled ``−``. Loops are
    listed as ``%%`` comments (Mermaid cannot mark them). Node ids are synthetic (``n1`` ...), as in DOT.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("a", label="A", kind="belief", effect="hindering")
    >>> g.add_node("b", label="B", kind="outcome", effect="enabling")
    >>> g.add_edge("a", "b", sign="-")
    >>> print(to_mermaid(g, language="en"))  # doctest: +NORMALIZE_WHITESPACE
    flowchart LR
      n1("A")
      n2["B"]
      n1 -. "−" .-> n2
      classDef enabling fill:#CDEBDF,stroke:#00795A,stroke-width:2px,color:#000
      classDef hindering fill:#F9D7C2,stroke:#B84A00,stroke-width:2px,stroke-dasharray:6 3,color:#000
      classDef ambivalent fill:#E4E4E4,stroke:#666666,stroke-width:2px,stroke-dasharray:2 2,color:#000
      class n2 enabling
      class n1 hindering
    """
    from .diagram import dot_ids

    ids = dot_ids(graph)
    lines = ["flowchart LR"]
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        left, right = _MERMAID_SHAPES.get(data.get("kind"), _MERMAID_SHAPES["belief"])
        lines.append(f"  {ids[node]}{left}{mermaid_text(data.get('label') or node)}{right}")
    for u, v in sorted(graph.edges, key=lambda e: (ids[e[0]], ids[e[1]])):
        if graph.edges[u, v].get("sign") == "-":
            lines.append(f'  {ids[u]} -. "\u2212" .-> {ids[v]}')
        else:
            lines.append(f'  {ids[u]} -- "+" --> {ids[v]}')
    for effect, style in _MERMAID_CLASSES.items():
        lines.append(f"  classDef {effect} {style}")
    for effect in _MERMAID_CLASSES:
        members = [ids[n] for n in sorted(graph.nodes, key=str)
                   if (graph.nodes[n].get("effect") or "ambivalent") == effect]
        if members:
            lines.append(f"  class {','.join(members)} {effect}")
    for lp in tuple(getattr(loops, "loops", loops or ())):
        path = " -> ".join(ids.get(n, str(n)) for n in (*lp.nodes, lp.nodes[0]))
        lines.append(f"  %% {lp.id} {lp.polarity} {lp.reading}: {path}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- Kumu


def to_kumu(graph, loops=None, marks=None) -> str:
    """Kumu JSON import ("blueprint") text: ``elements``, ``connections`` and ``loops``.

    Elements carry ``label``, ``type`` (value/belief/behaviour/outcome), ``description`` (the mark's
    reasons), ``tags`` (effect and mark) and custom fields (code, effect, mark, score, mentions,
    interviews). Connections use element labels as ``from``/``to`` (as Kumu expects; a label shared by two
    codes gets the code id appended) with ``type`` ``+``/``-``, ``direction`` ``directed``, the number of
    interviews and up to two redacted quotes under pseudonyms. Loops list their connection ids.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("a", label="A", kind="belief", effect="hindering")
    >>> g.add_node("b", label="B", kind="outcome", effect="enabling")
    >>> g.add_edge("a", "b", sign="-", sources=2)
    >>> data = json.loads(to_kumu(g))
    >>> data["connections"][0]["from"], data["connections"][0]["to"], data["connections"][0]["type"]
    ('A', 'B', '-')
    """
    by_code = {m.code: m for m in getattr(marks, "marks", ())} if marks is not None else {}
    nodes = sorted(graph.nodes, key=str)
    counts: dict = {}
    for n in nodes:
        label = str(graph.nodes[n].get("label") or n)
        counts[label] = counts.get(label, 0) + 1
    names = {}
    for n in nodes:
        label = str(graph.nodes[n].get("label") or n)
        names[n] = label if counts[label] == 1 else f"{label} ({n})"

    elements = []
    for n in nodes:
        data = graph.nodes[n]
        mark = by_code.get(data.get("code", n))
        tags = [t for t in (data.get("effect"), mark.mark if mark else None) if t]
        element = {"label": names[n], "type": data.get("kind", ""),
                   "description": " ".join(mark.reasons) if mark else "", "tags": tags,
                   "code": str(n), "effect": data.get("effect", ""), "mark": mark.mark if mark else "",
                   "score": round(mark.score, 3) if mark else None, "mentions": int(data.get("mentions") or 0),
                   "interviews": int(data.get("sources") or 0)}
        elements.append({k: v for k, v in element.items() if v is not None})

    edge_ids = {}
    connections = []
    for i, (u, v) in enumerate(sorted(graph.edges, key=lambda e: (str(e[0]), str(e[1]))), start=1):
        data = graph.edges[u, v]
        edge_ids[(u, v)] = f"c{i}"
        quotes = sorted(data.get("evidence") or [], key=lambda q: (str(q.get("pseudonym", "")), q.get("start", 0)))
        description = "\n".join(f"\u201c{q.get('text', '')}\u201d \u2014 {q.get('pseudonym', '')}"
                                for q in quotes[:2] if q.get("text"))
        connections.append({"id": f"c{i}", "from": names[u], "to": names[v], "type": data.get("sign", "+"),
                            "direction": "directed", "description": description,
                            "tags": ["hand-drawn"] if data.get("hand") else [],
                            "interviews": int(data.get("sources") or 0)})
    out = {"elements": elements, "connections": connections}
    loop_list = []
    for lp in tuple(getattr(loops, "loops", loops or ())):
        loop_list.append({"label": lp.id, "type": lp.polarity, "tags": [lp.reading],
                          "description": " \u2192 ".join(names.get(n, str(n)) for n in (*lp.nodes, lp.nodes[0])),
                          "connections": [edge_ids[(c, e)] for c, e, _ in lp.links if (c, e) in edge_ids]})
    if loop_list:
        out["loops"] = loop_list
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
