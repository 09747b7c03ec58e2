"""One feedback loop on its own page (:func:`loop_dot`): its codes on a ring, its marker in the middle,
and beside it a table that tells the loop link by link with a redacted quote per link.
"""
from __future__ import annotations

import math
import textwrap

from ...i18n import t
from .geometry import _Field, _fitted, bezier_polyline, fit_shape, ring_radius, sign_spot, spline_points
from .graphviz import (
    _EDGE_DEFAULTS,
    _NODE_DEFAULTS,
    _edge_stmt,
    _graph_source,
    _graphviz_json,
    _json_documents,
    _layout,
    _node_stmt,
    graphviz_available,
)
from .style import (
    EDGE_COLOURS,
    FONT,
    FONT_SIZE,
    MARKER_SIZE,
    PAGE_SIZE,
    SIGN_BOX,
    SIGN_TEXT,
    TITLE_FONT,
    WRAP,
    _edge_attrs,
    _marker_attrs,
    _node_attrs,
    _title_label,
    dot_ids,
    html_text,
)

__all__ = ["loop_dot"]

def _loop_quotes(graph, loop, language: str, *, per_link: int = 1, limit: int = 170) -> list[tuple]:
    rows = []
    for cause, effect, sign in loop.links:
        data = graph.edges[cause, effect] if graph.has_edge(cause, effect) else {}
        evidence = sorted(data.get("evidence") or [],
                          key=lambda e: (str(e.get("pseudonym", "")), e.get("start", 0), str(e.get("text", ""))))
        quotes = []
        for item in evidence:
            text = " ".join(str(item.get("text", "")).split())
            if not text:
                continue
            if len(text) > limit:
                text = text[:limit - 1].rsplit(" ", 1)[0] + "\u2026"
            quotes.append((text, str(item.get("pseudonym") or "")))
            if len(quotes) >= per_link:
                break
        rows.append((cause, effect, sign, quotes))
    return rows


def _label_of(graph, node) -> str:
    return str(graph.nodes[node].get("label") or node) if node in graph else str(node)


def _quotes_table(graph, loop, language: str) -> str:
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="17"><B>{html_text(t("diagram.loop.story", language))}'
            f'</B></FONT></TD></TR>']
    for cause, effect, sign, quotes in _loop_quotes(graph, loop, language):
        head = f"{_label_of(graph, cause)} \u2192 {_label_of(graph, effect)}"
        lines = '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in textwrap.wrap(head, 52))
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><B>{lines} <FONT COLOR="{EDGE_COLOURS.get(sign, "#333333")}">'
                    f'({SIGN_TEXT.get(sign, sign)})</FONT></B></TD></TR>')
        if not quotes:
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="#666666"><I>'
                        f'{html_text(t("diagram.loop.noquote", language))}</I></FONT></TD></TR>')
        for text, who in quotes:
            lines = '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in textwrap.wrap(f"\u201c{text}\u201d", 58))
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="14"><I>{lines}</I><BR ALIGN="LEFT"/>'
                        f'</FONT><FONT POINT-SIZE="13" COLOR="#555555">\u2014 {html_text(who)}</FONT></TD></TR>')
    return ('<<FONT POINT-SIZE="15"><TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" '
            'CELLPADDING="4" BGCOLOR="#FFFFFF">' + "".join(rows) + "</TABLE></FONT>>")


def loop_dot(graph, loop, *, language: str = "nl", title: str = "", quotes: bool = True,
             placed: bool | None = None) -> str:
    """DOT source of one feedback loop: its nodes on a ring, the marker in the middle, the quotes beside.

    The nodes are pinned on a circle in loop order (clockwise from the top) so every loop reads the same
    way; a table to the right tells the loop link by link with one redacted quote per link, shown under
    the interview's pseudonym (never a name). With Graphviz at hand (``placed``, default: when installed)
    the labels are measured first, so the ring is just large enough and the table sits clear of it, and
    each sign sits on its link.

    Parameters
    ----------
    graph : networkx.DiGraph
        The map the loop was found in (edge data ``evidence`` holds the redacted quotes).
    loop : culturemap.models.Loop
        The loop to draw.
    language : {"nl", "en"}
        Wording of the heading and notes.
    title : str
        Title; empty for ``"R1: versterkende lus (vicieuze cirkel)"`` style default, blank (``" "``) for none.
    quotes : bool
        Draw the table of quotes beside the ring (``False``: the ring alone, for a page that shows the
        quotes as text).
    placed : bool, optional
        Measure and route with Graphviz (pinned ``nop2`` source); ``False`` estimates the sizes instead.

    Returns
    -------
    str
        Deterministic DOT source.

    Examples
    --------
    >>> import networkx as nx
    >>> from culturemap.models import Loop
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", sign="+", sources=2, evidence=[{"pseudonym": "I01 \u00b7 hr", "text": "Dus a."}])
    >>> g.add_edge("b", "a", sign="+", sources=1, evidence=[])
    >>> lp = Loop("R1", "reinforcing", "mixed", ("a", "b"), (("a", "b", "+"), ("b", "a", "+")))
    >>> src = loop_dot(g, lp, language="en", placed=False)
    >>> "I01 \u00b7 hr" in src and "R1" in src
    True
    """
    polarity = t(f"diagram.loop.{loop.polarity}", language) if loop.polarity in ("reinforcing", "balancing") \
        else loop.polarity
    reading = t(f"diagram.loop.{loop.reading}", language) if loop.reading in ("vicious", "virtuous", "mixed") \
        else loop.reading
    title = title.strip() if title else f"{loop.id}: {polarity} ({reading})"
    ids = dot_ids(graph)
    order = list(dict.fromkeys(loop.nodes))
    names = [ids.get(node, f"x{i}") for i, node in enumerate(order)]
    nodes = [(name, _node_attrs(graph.nodes[node] if node in graph else {"label": node}, None, language))
             for name, node in zip(names, order)]
    name_of = dict(zip(order, names))
    edges = []
    for cause, effect, sign in loop.links:
        data = dict(graph.edges[cause, effect]) if graph.has_edge(cause, effect) else {"sources": 1}
        data["sign"] = sign
        edges.append((name_of.get(cause, str(cause)), name_of.get(effect, str(effect)), _edge_attrs(data)))
    marker = (f"loop_{loop.id}", _marker_attrs(loop, language))
    table = _quotes_table(graph, loop, language) if quotes else ""
    if placed is None:
        placed = graphviz_available()

    # sizes of the labels, the title and the table (measured, or estimated without Graphviz)
    if placed:
        pieces = [_NODE_DEFAULTS]
        if quotes:
            pieces.append(_node_stmt("quotes", {"shape": "plain", "label": table}))
        if title:
            pieces.append(_node_stmt("title", {"shape": "plain", "label": _title_label(title)}))
        pieces += [_node_stmt(name, {k: v for k, v in attrs.items() if k in ("label", "fontsize", "margin")}
                              | {"shape": "plaintext"}) for name, attrs in nodes]
        _bb, boxes, _ = _layout(_json_documents(_graphviz_json(
            _graph_source("pieces", {"layout": "dot", "charset": "UTF-8"}, pieces)))[0])
        nodes = list(_fitted(tuple(nodes), boxes))
        sizes = [fit_shape(attrs["shape"], *boxes[name][2:]) or boxes[name][2:] for name, attrs in nodes]
        title_w, title_h = boxes["title"][2:] if title else (0.0, 0.0)
        table_w, table_h = boxes["quotes"][2:] if quotes else (0.0, 0.0)
    else:
        sizes = [(0.62 * FONT_SIZE * WRAP + 30, 4 * FONT_SIZE) for _n in nodes]
        title_w, title_h = (0.62 * TITLE_FONT * len(title), 1.6 * TITLE_FONT) if title else (0.0, 0.0)
        table_w, table_h = (560.0, 80.0 * len(edges)) if quotes else (0.0, 0.0)
    n = len(nodes)
    radius = ring_radius(sizes, gap=40.0, centre=MARKER_SIZE * 36) if n > 1 else 0.0
    spots = {name: (radius * math.cos(math.pi / 2 - 2 * math.pi * i / n),
                    radius * math.sin(math.pi / 2 - 2 * math.pi * i / n)) for i, (name, _a) in enumerate(nodes)}
    right = max(spots[name][0] + w / 2 for (name, _a), (w, _h) in zip(nodes, sizes))
    left = min(spots[name][0] - w / 2 for (name, _a), (w, _h) in zip(nodes, sizes))
    top = max(max(spots[name][1] + h / 2 for (name, _a), (_w, h) in zip(nodes, sizes)), table_h / 2)
    table_pos = (right + 48 + table_w / 2, 0.0)
    title_pos = (left + title_w / 2, top + 16 + title_h / 2)
    graph_attrs = {"layout": "nop2", "charset": "UTF-8", "fontname": FONT, "size": f"{PAGE_SIZE}!", "pad": "0.2",
                   "bgcolor": "white", "outputorder": "edgesfirst", "splines": "curved"}
    statements = [_NODE_DEFAULTS, _EDGE_DEFAULTS]
    statements += [_node_stmt(name, attrs, spots[name]) for name, attrs in nodes]
    if not placed:        # Graphviz routes the links and places the signs when it draws
        statements += [_edge_stmt(tail, h, attrs) for tail, h, attrs in edges]
    else:
        routed = _layout(_json_documents(_graphviz_json(_graph_source(
            "ring", graph_attrs | {"notranslate": "true"}, statements + [_edge_stmt(tail, h, {k: v for k, v in attrs.items() if k != "label"})
                                               for tail, h, attrs in edges])))[0])[2]
        field = _Field()
        for (name, _a), (w, h) in zip(nodes, sizes):
            x, y = spots[name]
            field.add_box(x - w / 2, y - h / 2, x + w / 2, y + h / 2, 100)
        r = MARKER_SIZE * 36 + 3
        field.add_box(-r, -r, r, r, 100)
        lines = {(tail, h): bezier_polyline(spline_points(routed[(tail, h)])) for tail, h, _a in edges if (tail, h) in routed}
        half = SIGN_BOX / 2 + 4
        for tail, h, attrs in edges:
            if (tail, h) not in lines:
                statements.append(_edge_stmt(tail, h, attrs))
                continue
            x, y = sign_spot(lines[(tail, h)], lambda px, py: field.box_cost(px, py, half), beside=1.3 * half,
                             away=lines.get((h, tail)))
            field.add_box(x - half, y - half, x + half, y + half, 30)
            statements.append(_edge_stmt(tail, h, dict(attrs, pos=routed[(tail, h)], lp=f"{x:.2f},{y:.2f}")))
    statements.append(_node_stmt(marker[0], marker[1], (0.0, 0.0)))
    if quotes:
        statements.append(_node_stmt("quotes", {"shape": "plain", "label": table}, table_pos))
    if title:
        statements.append(_node_stmt("title", {"shape": "plain", "label": _title_label(title)}, title_pos))
    return _graph_source("culturemap", graph_attrs, statements)
