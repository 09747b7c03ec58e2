"""The causal-loop map on one 16:9 page (:func:`map_dot`).

:func:`_map_parts` turns the graph, its loops and marks into DOT ids with attributes; with Graphviz at
hand :func:`_placed_map` lays the linked codes out (left-to-right and top-to-bottom), measures the legend
and the block of codes without links, picks the arrangement that draws everything largest, places loop
markers and signs on the laid-out lines and pins every position (``layout=nop2``). Without Graphviz,
:func:`_draft_map` writes a source for one plain ``dot`` pass instead.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ...i18n import t
from .geometry import _Field, _fitted, bezier_polyline, fit_shape, seat, shift_spline, sign_spot, spline_points
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
    _RANK_SPACING,
    BLOCK_PAD,
    FONT,
    GRID_GAP,
    LAYOUT_BOX,
    MARKER_SIZE,
    PAGE_SIZE,
    PIECE_GAP,
    SIGN_BOX,
    TITLE_GAP,
    _edge_attrs,
    _legend_label,
    _loops_of,
    _marker_attrs,
    _marks_by_code,
    _node_attrs,
    _title_label,
    _unlinked_head,
    dot_ids,
    html_text,
)

__all__ = ["map_dot"]

@dataclass(frozen=True)
class _MapParts:
    """Everything the map shows, before layout: DOT ids with their attributes."""

    linked: tuple        # ((id, attrs), ...) nodes with at least one drawn link
    unlinked: tuple      # ((id, attrs), ...) nodes without links, drawn small in their own block
    edges: tuple         # ((tail id, head id, attrs), ...)
    markers: tuple       # ((marker id, attrs, (member ids, ...), ((tail id, head id), ...)), ...)
    title: str           # "" for no title
    language: str
    marks: tuple[str, ...]   # the marks drawn (legend rows); empty: no marks
    loops: bool


def _map_parts(graph, loops, marks, *, language, title, only_nodes, highlight_loop) -> _MapParts:
    nodes = sorted(graph.nodes, key=str)
    if only_nodes is not None:
        keep = set(only_nodes)
        nodes = [n for n in nodes if n in keep]
    node_set = set(nodes)
    ids = dot_ids(graph)
    by_code = _marks_by_code(marks)
    drawn_loops = [lp for lp in _loops_of(loops) if set(lp.nodes) <= node_set]
    hl = next((lp for lp in drawn_loops if lp.id == highlight_loop), None)
    hl_nodes = set(hl.nodes) if hl else set()
    hl_edges = {(c, e) for c, e, _ in hl.links} if hl else set()
    edges = sorted(((u, v) for u, v in graph.edges if u in node_set and v in node_set and u != v),
                   key=lambda e: (int(ids[e[0]][1:]), int(ids[e[1]][1:])))
    linked_set = {n for e in edges for n in e}
    linked, unlinked = [], []
    for node in nodes:
        data = graph.nodes[node]
        highlighted = None if hl is None else node in hl_nodes
        mark = by_code.get(data.get("code", node))
        if node in linked_set:
            linked.append((ids[node], _node_attrs(data, mark, language, highlighted=highlighted)))
        else:
            unlinked.append(((-int(data.get("mentions") or 0), int(ids[node][1:])), ids[node],
                             _node_attrs(data, mark, language, highlighted=highlighted, small=True)))
    unlinked_rows = [(i, attrs) for _key, i, attrs in sorted(unlinked)]  # most mentioned first
    edge_rows = [(ids[u], ids[v], _edge_attrs(graph.edges[u, v],
                                              highlighted=None if hl is None else (u, v) in hl_edges))
                 for u, v in edges]
    markers = [(f"loop_{lp.id}", _marker_attrs(lp, language),
                tuple(sorted({ids[n] for n in lp.nodes}, key=lambda i: int(i[1:]))),
                tuple((ids[c], ids[e]) for c, e, _sign in lp.links))
               for lp in drawn_loops if hl is None or lp is hl]
    title = t("diagram.title", language) if title == "" else title.strip()
    return _MapParts(tuple(linked), tuple(unlinked_rows), tuple(edge_rows), tuple(markers), title, language,
                     tuple(sorted({m.mark for m in by_code.values()})), bool(drawn_loops))



def _pieces_source(parts: _MapParts) -> str:
    """Graphviz input that measures the pieces: every label (as plain text), the legend in 1-5 columns."""
    pieces = [_NODE_DEFAULTS, _node_stmt("unlinked_head", {"shape": "plain", "label": _unlinked_head(parts.language)})]
    if parts.title:
        pieces.append(_node_stmt("title", {"shape": "plain", "label": _title_label(parts.title)}))
    for i, attrs in parts.linked + parts.unlinked:
        pieces.append(_node_stmt(i, {k: v for k, v in attrs.items() if k in ("label", "fontsize", "margin")}
                                 | {"shape": "plaintext"}))
    for columns in range(1, 6):
        pieces.append(_node_stmt(f"legend_{columns}", {
            "shape": "plain", "label": _legend_label(parts.language, marks=parts.marks, loops=parts.loops,
                                                     columns=columns)}))
    return _graph_source("pieces", {"layout": "dot", "charset": "UTF-8", "rankdir": "LR"}, pieces)



def _map_sources(parts: _MapParts) -> str:
    """Graphviz input of the first pass: the linked codes laid out left-to-right and top-to-bottom."""
    body = [_NODE_DEFAULTS, _EDGE_DEFAULTS]
    body += [_node_stmt(i, attrs) for i, attrs in parts.linked]
    # links drawn without their sign (it goes on the line later), except A -> B next to B -> A: there the
    # labels make dot route the two links apart, with room for both signs
    pairs = {(tail, h) for tail, h, _a in parts.edges}
    body += [_edge_stmt(tail, h, attrs if (h, tail) in pairs else {k: v for k, v in attrs.items() if k != "label"})
             for tail, h, attrs in parts.edges]
    sources = []
    for rankdir in ("LR", "TB"):
        attrs = {"layout": "dot", "charset": "UTF-8", "rankdir": rankdir, "newrank": "true",
                 "remincross": "true", "splines": "true", **_RANK_SPACING[rankdir]}
        sources.append(_graph_source(f"map_{rankdir}", attrs, body))
    return "".join(sources)



def _grid(sizes: list[tuple[float, float]], columns: int, head: tuple[float, float]) -> tuple:
    """Size of the unlinked block for ``columns`` columns, and each cell's centre from its top left."""
    columns = max(1, min(columns, len(sizes)))
    rows = (len(sizes) + columns - 1) // columns
    col_w = [max(sizes[i][0] for i in range(c, len(sizes), columns)) for c in range(columns)]
    row_h = [max(sizes[i][1] for i in range(r * columns, min(len(sizes), (r + 1) * columns))) for r in range(rows)]
    width = max(head[0], sum(col_w) + GRID_GAP * (columns - 1)) + 2 * BLOCK_PAD
    top = BLOCK_PAD + head[1] + GRID_GAP
    height = top + sum(row_h) + GRID_GAP * (rows - 1) + BLOCK_PAD
    centres = []
    for i in range(len(sizes)):
        r, c = divmod(i, columns)
        x = BLOCK_PAD + sum(col_w[:c]) + GRID_GAP * c + col_w[c] / 2
        y = top + sum(row_h[:r]) + GRID_GAP * r + row_h[r] / 2
        centres.append((x, y))
    return (width, height), centres


def _arrangements(map_size, block_sizes, legend_sizes):
    """Every way to put map (M), unlinked block (U) and legend (L) together: (name, {piece: top left}, size).

    Sizes are (width, height) in points, positions from the top left of the content, y down.
    """
    g = PIECE_GAP
    mw, mh = map_size
    for lk, (lw, lh) in legend_sizes:
        for uk, (uw, uh) in (block_sizes or [(0, (0.0, 0.0))]):
            has_u = uw > 0
            layouts = {
                # M on top; below it U then L side by side
                "below": ({"M": (0, 0), "U": (0, mh + g), "L": ((uw + g) if has_u else 0, mh + g)},
                          (max(mw, uw + (g if has_u else 0) + lw), mh + g + max(uh, lh))),
                # M left; right of it U above L
                "right": ({"M": (0, 0), "U": (mw + g, 0), "L": (mw + g, (uh + g) if has_u else 0)},
                          (mw + g + max(uw, lw), max(mh, uh + (g if has_u else 0) + lh))),
                # M and U side by side; L below both
                "side": ({"M": (0, 0), "U": (mw + g, 0), "L": (0, max(mh, uh) + g)},
                         (max(mw + (g + uw if has_u else 0), lw), max(mh, uh) + g + lh)),
                # M and L side by side; U below both
                "under": ({"M": (0, 0), "L": (mw + g, 0), "U": (0, max(mh, lh) + g)},
                          (max(mw + g + lw, uw), max(mh, lh) + (g + uh if has_u else 0))),
            }
            for name, (where, size) in layouts.items():
                yield (name, uk, lk), where, size


def _placed_map(parts: _MapParts) -> str:
    """The map laid out in two passes and composed on a 16:9 page (Graphviz ``nop2`` source)."""
    _bb, piece_boxes, _ = _layout(_json_documents(_graphviz_json(_pieces_source(parts)))[0])
    parts = replace(parts, linked=_fitted(parts.linked, piece_boxes), unlinked=_fitted(parts.unlinked, piece_boxes))
    for i, attrs in parts.unlinked:
        size = fit_shape(attrs["shape"], *piece_boxes[i][2:])
        if size is not None:
            piece_boxes[i] = (0.0, 0.0) + size
    docs = _json_documents(_graphviz_json(_map_sources(parts)))
    maps = {"LR": _layout(docs[0]), "TB": _layout(docs[1])}
    page_w, page_h = (72 * float(v) for v in LAYOUT_BOX.split(","))

    title_w, title_h = piece_boxes["title"][2:] if parts.title else (0.0, 0.0)
    head = piece_boxes["unlinked_head"][2:]
    sizes = [piece_boxes[i][2:] for i, _a in parts.unlinked]
    columns = sorted({-(-len(sizes) // rows) for rows in range(1, len(sizes) + 1)})   # rows filled evenly
    blocks = [(k, _grid(sizes, k, head)[0]) for k in columns if k <= 8]
    legends = [(k, piece_boxes[f"legend_{k}"][2:]) for k in range(1, 6)]
    best = None
    for rankdir in ("LR", "TB"):
        bb = maps[rankdir][0]
        map_size = (bb[2] - bb[0], bb[3] - bb[1]) if parts.linked else (0.0, 0.0)
        for key, where, (w, h) in _arrangements(map_size, blocks, legends):
            w, h = max(w, title_w), h + (title_h + TITLE_GAP if title_h else 0)
            scale = min(page_w / w, page_h / h)
            if best is None or scale > best[0] + 1e-9:
                best = (scale, rankdir, key, where, (w, h))
    assert best is not None, "at least one arrangement is tried"
    _scale, rankdir, (_name, columns, legend_columns), where, (total_w, total_h) = best
    bb, boxes, splines = maps[rankdir]
    top = title_h + TITLE_GAP if title_h else 0.0

    def to_gv(x, y):                      # content coordinates (y down) -> Graphviz points (y up)
        return x, total_h - y

    statements = [_NODE_DEFAULTS, _EDGE_DEFAULTS]
    if parts.title:
        statements.append(_node_stmt("title", {"shape": "plain", "label": _title_label(parts.title)},
                                     to_gv(title_w / 2, title_h / 2)))
    # the map: pass-one positions moved to the map's place
    mx, my = where["M"]
    dx, dy = mx - bb[0], total_h - (top + my) - (bb[3] - bb[1]) - bb[1]
    for i, attrs in parts.linked:
        x, y = boxes[i][:2]
        statements.append(_node_stmt(i, attrs, (x + dx, y + dy)))
    field = _Field()
    for i, _attrs in parts.linked:
        x, y, w, h = boxes[i]
        field.add_box(x - w / 2, y - h / 2, x + w / 2, y + h / 2, 100)
    lines = {}
    for tail, h, _attrs in parts.edges:
        line = bezier_polyline(spline_points(splines[(tail, h)]))
        lines[(tail, h)] = line
        field.add_line(line, (tail, h))
    # loop markers first (they need a particular spot), then the signs (they slide along their link)
    radius = MARKER_SIZE * 36 + 3
    marker_statements = []
    for name, attrs, members, links in parts.markers:
        xs = [boxes[m][0] for m in members]
        ys = [boxes[m][1] for m in members]
        centre = (sum(xs) / len(xs), sum(ys) / len(ys))
        bounds = (min(boxes[m][0] - boxes[m][2] / 2 for m in members),
                  min(boxes[m][1] - boxes[m][3] / 2 for m in members),
                  max(boxes[m][0] + boxes[m][2] / 2 for m in members),
                  max(boxes[m][1] + boxes[m][3] / 2 for m in members))
        ring = [p for link in links if link in lines for p in lines[link][::3] + lines[link][-1:]]
        if len(members) == 2:
            # two codes draw no ring (their links run side by side, close together): the marker may then
            # stand just beside the pair, clear of both links, instead of on top of them
            bounds = (bounds[0] - radius, bounds[1] - radius, bounds[2] + radius, bounds[3] + radius)
            ring = []
        x, y = seat(field, centre, bounds, radius, ring=ring or None, own=set(links))
        field.add_box(x - radius, y - radius, x + radius, y + radius, 100)
        marker_statements.append(_node_stmt(name, attrs, (x + dx, y + dy)))
    half = SIGN_BOX / 2 + 4             # a little air around each tag
    for tail, h, attrs in parts.edges:
        x, y = sign_spot(lines[(tail, h)], lambda px, py: field.box_cost(px, py, half), beside=1.3 * half,
                         away=lines.get((h, tail)))
        field.add_box(x - half, y - half, x + half, y + half, 30)
        attrs = dict(attrs, pos=shift_spline(splines[(tail, h)], dx, dy), lp=f"{x + dx:.2f},{y + dy:.2f}")
        statements.append(_edge_stmt(tail, h, attrs))
    statements += marker_statements
    # the unlinked block: a light frame, its heading and a grid of small nodes
    if parts.unlinked:
        (uw, uh), centres = _grid([piece_boxes[i][2:] for i, _a in parts.unlinked], columns, head)
        ux, uy = where["U"]
        uy += top
        statements.append(_node_stmt("unlinked_frame", {
            "shape": "box", "style": "rounded,filled", "color": "#C8C8C8", "fillcolor": "#F7F7F7",
            "label": "", "width": f"{uw / 72:.3f}", "height": f"{uh / 72:.3f}", "fixedsize": "true",
            "tooltip": html_text(t("diagram.unlinked", parts.language))}, to_gv(ux + uw / 2, uy + uh / 2)))
        statements.append(_node_stmt("unlinked_head", {"shape": "plain", "label": _unlinked_head(parts.language)},
                                     to_gv(ux + BLOCK_PAD + head[0] / 2, uy + BLOCK_PAD + head[1] / 2)))
        for (i, attrs), (cx, cy) in zip(parts.unlinked, centres):
            statements.append(_node_stmt(i, attrs, to_gv(ux + cx, uy + cy)))
    lx, ly = where["L"]
    lw, lh = piece_boxes[f"legend_{legend_columns}"][2:]
    statements.append(_node_stmt("legend", {"shape": "plain", "label": _legend_label(
        parts.language, marks=parts.marks, loops=parts.loops, columns=legend_columns)},
        to_gv(lx + lw / 2, top + ly + lh / 2)))
    attrs = {"layout": "nop2", "charset": "UTF-8", "fontname": FONT, "size": f"{PAGE_SIZE}!", "pad": "0.2",
             "bgcolor": "white", "outputorder": "edgesfirst", "splines": "true"}
    return _graph_source("culturemap", attrs, statements)


def _draft_map(parts: _MapParts) -> str:
    """The map for a single ``dot`` pass (when Graphviz is not at hand to place it).

    Loop markers are tied to their loop's nodes by invisible links, unlinked codes sit in their own box.
    """
    statements = [_NODE_DEFAULTS, _EDGE_DEFAULTS]
    statements.append("subgraph cluster_map {")
    statements.append(f"label={_title_label(parts.title or ' ')};")
    statements += ["labelloc=t;", "labeljust=l;", "color=white;", "margin=4;"]
    statements += [_node_stmt(i, attrs) for i, attrs in parts.linked]
    statements += [_edge_stmt(tail, h, attrs) for tail, h, attrs in parts.edges]
    for name, attrs, members, _links in parts.markers:
        statements.append(_node_stmt(name, attrs))
        for member in members:
            statements.append(_edge_stmt(member, name, {"style": "invis", "weight": "0", "dir": "none"}))
    statements.append("}")
    if parts.unlinked:
        statements.append("subgraph cluster_unlinked {")
        statements.append(f"label={_unlinked_head(parts.language)};")
        statements += ["labeljust=l;", 'style="rounded,filled";', 'color="#C8C8C8";', 'fillcolor="#F7F7F7";']
        statements += [_node_stmt(i, attrs) for i, attrs in parts.unlinked]
        statements.append("}")
    attrs = {"layout": "dot", "charset": "UTF-8", "fontname": FONT, "size": f"{PAGE_SIZE}!", "pad": "0.2",
             "bgcolor": "white", "outputorder": "edgesfirst", "rankdir": "LR", "newrank": "true",
             "remincross": "true", "splines": "true", **_RANK_SPACING["LR"], "labelloc": "b", "labeljust": "l",
             "label": _legend_label(parts.language, marks=parts.marks, loops=parts.loops)}
    return _graph_source("culturemap", attrs, statements)


def map_dot(graph, loops=None, marks=None, *, language: str = "nl", title: str = "", only_nodes=None,
            highlight_loop=None, placed: bool | None = None) -> str:
    """DOT source of the causal-loop map, laid out on a 16:9 page (deterministic; render with :func:`render`).

    Layout takes two passes. First ``dot`` lays out the linked codes, left-to-right and top-to-bottom, and
    measures the legend (in 1 to 5 columns) and the codes without links. Then the pieces are put together
    in the arrangement that lets everything be drawn largest on a 13.33 x 7.5 inch page: the map, a compact
    grid of the unlinked codes ("Ook genoemd, zonder verband") and the legend, beside or below each other.
    Each link's sign sits on the line at its middle; each loop marker sits at the free spot nearest to the
    centre of its loop's nodes, inside their bounding box. The result pins every position (``layout=nop2``),
    so ``dot -Tpng map.dot`` draws exactly this picture.

    Parameters
    ----------
    graph : networkx.DiGraph
        The map as built by ``culturemap.analysis.graph.build_graph`` (node data ``label``, ``kind``, ``effect``,
        ``mentions``, ``sources``; edge data ``sign``, ``sources``).
    loops : LoopResult or iterable of Loop, optional
        Loops to mark with ``R1``/``B1`` circles (only loops whose nodes are all drawn).
    marks : MarkResult or iterable of Mark, optional
        Cherish/reduce/redirect marks; each value/belief with a mark gets a badge.
    language : {"nl", "en"}
        Language of the legend, badges and counts.
    title : str
        Title on top; empty for the default title in ``language``, blank (``" "``) for none.
    only_nodes : iterable of str, optional
        Draw only these nodes (and the links between them).
    highlight_loop : str, optional
        A loop id (``"R1"``): its nodes and links stay in colour, everything else turns pale grey.
    placed : bool, optional
        Lay out with Graphviz and pin the positions (default: when Graphviz is installed). ``False`` gives
        a source for one plain ``dot`` pass instead (markers tied to their loops by invisible links), which
        needs no Graphviz to write.

    Returns
    -------
    str
        DOT source, the same bytes for the same graph whatever the insertion order.

    Raises
    ------
    ExportError
        E504 when Graphviz fails on the layout pass.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("a", label="Werkdruk", kind="outcome", effect="hindering", mentions=3, sources=2)
    >>> g.add_node("b", label="Klant & <b>", kind="belief", effect="enabling", mentions=1, sources=1)
    >>> g.add_edge("a", "b", sign="-", sources=2)
    >>> src = map_dot(g, language="en", title="Demo", placed=False)
    >>> "n1 -> n2" in src and "Klant &amp; &lt;b&gt;" in src
    True
    """
    parts = _map_parts(graph, loops, marks, language=language, title=title, only_nodes=only_nodes,
                       highlight_loop=highlight_loop)
    if placed is None:
        placed = graphviz_available()
    if not placed:
        return _draft_map(parts)
    key = repr(parts)                     # the same map is drawn for several formats: lay it out once
    if key not in _PLACED:
        if len(_PLACED) >= 32:
            _PLACED.clear()
        _PLACED[key] = _placed_map(parts)
    return _PLACED[key]


_PLACED: dict = {}
