"""Causal-loop diagrams as Graphviz DOT (via pydot) and rendered SVG / PNG / PDF.

The diagram is shown on a screen or printed in the group session, to people who never saw a causal-loop
diagram, so it follows a few rules:

* **Colour + a second cue** for the effect on customer-centricity (about 8% of men are colour-blind):
  enabling = bluish green with a solid border, hindering = vermillion with a dashed border, ambivalent =
  grey with a dotted border (Okabe-Ito hues, which stay apart for deuteranopes and in greyscale print).
* **Shape by kind**: value = ellipse, belief = rounded box, behaviour = hexagon, outcome = square box.
* **Badge** under every value/belief: ``♥ koesteren`` (cherish), ``▼ reduceren`` (reduce) or
  ``↻ ombuigen`` (redirect), from the :class:`~culturemap.models.MarkResult`.
* **Links** carry their sign (``+`` / ``−``) as a label; ``−`` links are also blue instead of dark grey;
  the line gets thicker the more interviews told the link.
* **Loop markers** ``R1``/``B1``: a small circle with a circular-arrow glyph, tied to the loop's nodes by
  invisible edges so the layout puts it inside its loop.
* **Legend** (every colour, border, shape, badge, sign and marker explained in the project language) and a
  title. Nothing in the diagram names a person: the graph carries only redacted data and pseudonyms.

DOT node ids are synthetic (``n1``, ``n2`` ... in sorted order of the code id); the text is in HTML-like
labels, escaped, so codes like ``graph`` or ``werk:druk`` cannot break the DOT. The source is deterministic:
the same graph gives the same bytes whatever order its nodes and edges were added in.

Layout: ``neato`` (stress majorisation) with curved edges: feedback loops come out as rings, which is what a
reader of a causal-loop diagram expects, and the loop marker settles in the ring's middle. The page is
16:9 (``size="13.33,7.5!"``); :func:`render` uses 160 dpi for PNG, about 2130 x 1200 pixels.
"""
from __future__ import annotations

import html
import math
import shutil
import subprocess
import textwrap

from ..errors import Errors, ExportError

__all__ = [
    "map_dot", "loop_dot", "render", "graphviz_available", "dot_ids", "wrap_label", "html_text",
    "PALETTE", "SHAPES", "RENDER_FORMATS", "PNG_DPI", "PAGE_SIZE",
]

# ---------------------------------------------------------------- look

FONT = "Helvetica,Arial,sans-serif"
PAGE_SIZE = "13.33,7.5"          # inches: a 16:9 slide; fits A4 landscape when printed "fit to page"
PNG_DPI = 160                    # 13.33 in x 160 dpi = 2133 px wide
RENDER_FORMATS = ("svg", "png", "pdf")
WRAP = 20                        # characters per label line
EDGE_LEN = 1.0                   # neato's ideal link length in inches (centre to centre)

#: Okabe-Ito based colours: (fill, border/text accent, border style) per effect.
PALETTE = {
    "enabling": {"fill": "#CDEBDF", "line": "#00795A", "style": "solid"},
    "hindering": {"fill": "#F9D7C2", "line": "#B84A00", "style": "dashed"},
    "ambivalent": {"fill": "#E4E4E4", "line": "#666666", "style": "dotted"},
}
EDGE_COLOURS = {"+": "#3A3A3A", "-": "#0060A8"}
SIGN_TEXT = {"+": "+", "-": "\u2212"}          # a real minus sign: wider and clearer than a hyphen

#: Graphviz shape (and extra style) per kind, plus the glyph the legend uses to show it.
SHAPES = {
    "value": {"shape": "ellipse", "style": "", "glyph": "\u25ef"},        # ◯
    "belief": {"shape": "box", "style": "rounded", "glyph": "\u25a2"},    # ▢
    "behaviour": {"shape": "hexagon", "style": "", "glyph": "\u2b21"},    # ⬡
    "outcome": {"shape": "box", "style": "", "glyph": "\u25ad"},          # ▭
}
BADGES = {"cherish": "\u2665", "reduce": "\u25bc", "redirect": "\u21bb"}   # ♥ ▼ ↻
LOOP_GLYPH = "\u21bb"                                                      # ↻
MARKER_COLOURS = {"vicious": "#B84A00", "virtuous": "#00795A", "mixed": "#555555"}

# ---------------------------------------------------------------- wording

_PHRASES = {
    "diagram.title": {"nl": "Cultuurkaart: wat helpt en wat remt klantgerichtheid",
                      "en": "Culture map: what helps and what blocks customer-centricity"},
    "diagram.legend": {"nl": "Zo lees je de kaart", "en": "How to read the map"},
    "diagram.legend.colour": {"nl": "Kleur en rand", "en": "Colour and border"},
    "diagram.legend.enabling": {"nl": "bevorderend: helpt klantgericht werken (doorgetrokken rand)",
                                "en": "enabling: helps customer-centric work (solid border)"},
    "diagram.legend.hindering": {"nl": "belemmerend: remt klantgericht werken (gestreepte rand)",
                                 "en": "hindering: blocks customer-centric work (dashed border)"},
    "diagram.legend.ambivalent": {"nl": "ambivalent: kan beide kanten op (gestippelde rand)",
                                  "en": "ambivalent: can go either way (dotted border)"},
    "diagram.legend.shape": {"nl": "Vorm", "en": "Shape"},
    "diagram.kind.value": {"nl": "waarde", "en": "value"},
    "diagram.kind.belief": {"nl": "overtuiging", "en": "belief"},
    "diagram.kind.behaviour": {"nl": "gedrag", "en": "behaviour"},
    "diagram.kind.outcome": {"nl": "resultaat", "en": "outcome"},
    "diagram.legend.arrows": {"nl": "Pijlen", "en": "Arrows"},
    "diagram.legend.plus": {"nl": "meer A leidt tot meer B", "en": "more A leads to more B"},
    "diagram.legend.minus": {"nl": "meer A leidt tot minder B", "en": "more A leads to less B"},
    "diagram.legend.width": {"nl": "dikkere pijl: in meer gesprekken verteld",
                             "en": "thicker arrow: told in more interviews"},
    "diagram.legend.loops": {"nl": "Lussen (cirkels die zichzelf in stand houden)",
                             "en": "Loops (circles that keep themselves going)"},
    "diagram.legend.reinforcing": {"nl": "versterkend: het wordt steeds sterker (vicieuze of goede cirkel)",
                                   "en": "reinforcing: it keeps growing (vicious or virtuous circle)"},
    "diagram.legend.balancing": {"nl": "balancerend: het remt zichzelf af",
                                 "en": "balancing: it slows itself down"},
    "diagram.legend.marks": {"nl": "Wat doen we ermee?", "en": "What do we do with it?"},
    "diagram.legend.more": {"nl": "Verder", "en": "Also"},
    "diagram.mark.cherish": {"nl": "koesteren", "en": "cherish"},
    "diagram.mark.reduce": {"nl": "reduceren", "en": "reduce"},
    "diagram.mark.redirect": {"nl": "ombuigen", "en": "redirect"},
    "diagram.legend.cherish": {"nl": "koesteren en uitbouwen", "en": "cherish and build out"},
    "diagram.legend.reduce": {"nl": "afzwakken of wegnemen", "en": "weaken or remove"},
    "diagram.legend.redirect": {"nl": "ombuigen, richting de klant", "en": "redirect, towards the customer"},
    "diagram.legend.counts": {"nl": "\u201c6 gespr. \u00b7 9\u00d7\u201d: in 6 gesprekken, 9 keer genoemd",
                              "en": "\u201c6 int. \u00b7 9\u00d7\u201d: in 6 interviews, mentioned 9 times"},
    "diagram.counts": {"nl": "{sources} gespr. \u00b7 {mentions}\u00d7", "en": "{sources} int. \u00b7 {mentions}\u00d7"},
    "diagram.legend.privacy": {"nl": "Citaten geanonimiseerd; geen namen.",
                               "en": "Quotes anonymised; no names."},
    "diagram.loop.reinforcing": {"nl": "versterkende lus", "en": "reinforcing loop"},
    "diagram.loop.balancing": {"nl": "balancerende lus", "en": "balancing loop"},
    "diagram.loop.vicious": {"nl": "vicieuze cirkel", "en": "vicious circle"},
    "diagram.loop.virtuous": {"nl": "goede cirkel", "en": "virtuous circle"},
    "diagram.loop.mixed": {"nl": "gemengd", "en": "mixed"},
    "diagram.loop.story": {"nl": "Wat de gesprekken vertellen", "en": "What the interviews tell"},
    "diagram.loop.noquote": {"nl": "(handmatig getekend verband, geen citaat)",
                             "en": "(hand-drawn link, no quote)"},
}


def _t(key: str, language: str, **fields) -> str:
    """A phrase in ``language`` (``culturemap.i18n.t`` when it knows the key, else the local table)."""
    text = None
    try:
        from .. import i18n  # owned by another helper; may not exist yet
        text = i18n.t(key, language, **fields)
        if text == key:
            text = None
    except Exception:
        text = None
    if text is None:
        entry = _PHRASES[key]
        text = entry.get(language) or entry["en"]
        if fields:
            text = text.format(**fields)
    return text


# ---------------------------------------------------------------- helpers


def html_text(text: str) -> str:
    """Escape text for a Graphviz HTML-like label.

    >>> html_text('<b> "werk:druk" & co')
    '&lt;b&gt; &quot;werk:druk&quot; &amp; co'
    """
    return html.escape(str(text), quote=True)


def wrap_label(text: str, width: int = WRAP) -> list[str]:
    """Break a label into lines of about ``width`` characters (long words are split only past 1.25 x width).

    >>> wrap_label("Alleen de cijfers tellen bij ons echt")
    ['Alleen de cijfers', 'tellen bij ons echt']
    >>> wrap_label("")
    ['']
    """
    text = " ".join(str(text).split())
    if not text:
        return [""]
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=True)
    out: list[str] = []
    limit = int(width * 1.25)
    for line in lines:
        while len(line) > limit:
            out.append(line[:width - 1] + "-")
            line = line[width - 1:]
        out.append(line)
    return out


def dot_ids(graph) -> dict:
    """Synthetic DOT ids ``n1``, ``n2`` ... for the graph's nodes, in sorted order of the code id.

    >>> import networkx as nx
    >>> g = nx.DiGraph(); g.add_edge("werk:druk", "graph")
    >>> dot_ids(g)
    {'graph': 'n1', 'werk:druk': 'n2'}
    """
    return {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes, key=str), start=1)}


def _marks_by_code(marks) -> dict:
    if marks is None:
        return {}
    return {m.code: m for m in getattr(marks, "marks", marks)}


def _loops_of(loops) -> tuple:
    if loops is None:
        return ()
    return tuple(getattr(loops, "loops", loops))


def _effect(data: dict) -> str:
    effect = data.get("effect", "ambivalent")
    return effect if effect in PALETTE else "ambivalent"


def _kind(data: dict) -> str:
    kind = data.get("kind", "belief")
    return kind if kind in SHAPES else "belief"


def _node_label(data: dict, mark, language: str, *, counts: bool = True) -> str:
    lines = wrap_label(data.get("label") or data.get("code") or "")
    parts = ["<B>" + "<BR/>".join(html_text(line) for line in lines) + "</B>"]
    if mark is not None and _kind(data) in ("value", "belief") and mark.mark in BADGES:
        colour = PALETTE[_effect(data)]["line"]
        word = _t(f"diagram.mark.{mark.mark}", language)
        parts.append(f'<FONT POINT-SIZE="11" COLOR="{colour}">{BADGES[mark.mark]} {html_text(word)}</FONT>')
    if counts and data.get("sources"):
        text = _t("diagram.counts", language, sources=int(data.get("sources") or 0),
                  mentions=int(data.get("mentions") or 0))
        parts.append(f'<FONT POINT-SIZE="10" COLOR="#444444">{html_text(text)}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def _node_attrs(data: dict, mark, language: str, *, highlighted: bool | None = None, counts: bool = True) -> dict:
    effect, kind = _effect(data), _kind(data)
    colours, shape = PALETTE[effect], SHAPES[kind]
    style = ",".join(s for s in ("filled", shape["style"], colours["style"]) if s)
    attrs = {
        "label": _node_label(data, mark, language, counts=counts),
        "shape": shape["shape"],
        "style": style,
        "fillcolor": colours["fill"],
        "color": colours["line"],
        "penwidth": "2",
        "tooltip": html_text(data.get("label") or data.get("code") or ""),
    }
    if highlighted is False:
        attrs.update(fillcolor="#F4F4F4", color="#BBBBBB", fontcolor="#999999")
    return attrs


def _penwidth(sources) -> str:
    """Line width by number of interviews that told the link (1 -> 1.4, 5+ -> 4.6)."""
    n = max(1, min(int(sources or 1), 5))
    return f"{1.4 + 0.8 * (n - 1):.1f}"


def _edge_attrs(data: dict, *, highlighted: bool | None = None) -> dict:
    sign = data.get("sign", "+")
    sign = sign if sign in SIGN_TEXT else "+"
    colour = EDGE_COLOURS[sign]
    attrs = {
        "xlabel": f'<<B>{SIGN_TEXT[sign]}</B>>',
        "fontsize": "22",
        "fontcolor": colour,
        "color": colour,
        "penwidth": _penwidth(data.get("sources")),
        "arrowsize": "0.9",
    }
    if highlighted is False:
        attrs.update(color="#CCCCCC", fontcolor="#BBBBBB")
    return attrs


def _legend_label(language: str, *, marks: bool, loops: bool) -> str:
    """The legend as one wide HTML table: a band of sections (colour, shape, arrows, loops, marks)."""
    def cell(sym: str, text: str, *, bg: str = "", colour: str = "", style: str = "") -> str:
        if bg:
            sym_cell = (f'<TD BGCOLOR="{bg}" BORDER="2" COLOR="{colour}" WIDTH="26" HEIGHT="18"'
                        + (f' STYLE="{style}"' if style else "") + "></TD>")
        else:
            sym_cell = f'<TD BORDER="0" WIDTH="26">{"<B>" + sym + "</B>" if sym else " "}</TD>'
        return f'<TR>{sym_cell}<TD ALIGN="LEFT" BORDER="0">{html_text(text)}</TD></TR>'

    def section(head: str, rows: list[str]) -> str:
        return ('<TD VALIGN="TOP" BORDER="0"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="1">'
                f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html_text(head)}</B></TD></TR>' + "".join(rows)
                + "</TABLE></TD>")

    sections = []
    rows = []
    for effect in ("enabling", "hindering", "ambivalent"):
        c = PALETTE[effect]
        rows.append(cell("", _t(f"diagram.legend.{effect}", language), bg=c["fill"], colour=c["line"],
                         style=c["style"] if c["style"] != "solid" else ""))
    sections.append(section(_t("diagram.legend.colour", language), rows))
    rows = [cell(SHAPES[k]["glyph"], _t(f"diagram.kind.{k}", language)) for k in SHAPES]
    sections.append(section(_t("diagram.legend.shape", language), rows))
    rows = [cell(f'<FONT COLOR="{EDGE_COLOURS["+"]}" POINT-SIZE="18">+</FONT>', _t("diagram.legend.plus", language)),
            cell(f'<FONT COLOR="{EDGE_COLOURS["-"]}" POINT-SIZE="18">{SIGN_TEXT["-"]}</FONT>',
                 _t("diagram.legend.minus", language)),
            cell("\u2501\u25b6", _t("diagram.legend.width", language))]
    sections.append(section(_t("diagram.legend.arrows", language), rows))
    if loops:
        rows = [cell(f"{LOOP_GLYPH}R", _t("diagram.legend.reinforcing", language)),
                cell(f"{LOOP_GLYPH}B", _t("diagram.legend.balancing", language))]
        sections.append(section(_t("diagram.legend.loops", language), rows))
    rows = []
    if marks:
        for mark, effect in (("cherish", "enabling"), ("reduce", "hindering"), ("redirect", "ambivalent")):
            word = _t(f"diagram.mark.{mark}", language)
            rows.append(cell(f'<FONT COLOR="{PALETTE[effect]["line"]}">{BADGES[mark]}</FONT>',
                             f"{word}: {_t(f'diagram.legend.{mark}', language)}"))
    rows.append(cell("", _t("diagram.legend.counts", language)))
    rows.append(cell("", _t("diagram.legend.privacy", language)))
    sections.append(section(_t("diagram.legend.marks" if marks else "diagram.legend.more", language), rows))
    return ('<<TABLE BORDER="1" COLOR="#AAAAAA" CELLBORDER="0" CELLSPACING="6" CELLPADDING="2" BGCOLOR="#FFFFFF">'
            f'<TR><TD ALIGN="LEFT" COLSPAN="{len(sections)}"><FONT POINT-SIZE="16"><B>'
            f'{html_text(_t("diagram.legend", language))}</B></FONT></TD></TR>'
            "<TR>" + "".join(sections) + "</TR></TABLE>>")


def _marker_attrs(loop, language: str) -> dict:
    colour = MARKER_COLOURS.get(loop.reading, MARKER_COLOURS["mixed"])
    kind = _t(f"diagram.loop.{loop.polarity}", language) if loop.polarity in ("reinforcing", "balancing") else ""
    return {
        "label": f'<<FONT POINT-SIZE="14">{LOOP_GLYPH}</FONT><BR/><B>{html_text(loop.id)}</B>>',
        "shape": "circle",
        "style": "filled,bold",
        "fillcolor": "#FFFFFF",
        "color": colour,
        "fontcolor": colour,
        "penwidth": "2.5",
        "width": "0.7",
        "fixedsize": "true",
        "tooltip": html_text(f"{loop.id}: {kind}"),
    }


def _new_dot(*, layout: str):
    import pydot

    dot = pydot.Dot("culturemap", graph_type="digraph", strict=False)
    attrs = {"layout": layout, "charset": "UTF-8", "fontname": FONT, "fontsize": "14",
             "size": f"{PAGE_SIZE}!", "pad": "0.25", "bgcolor": "white", "outputorder": "edgesfirst"}
    if layout == "dot":
        attrs.update(rankdir="LR", ranksep="0.45", nodesep="0.22", splines="true", newrank="true",
                     ratio="compress", labelloc="b", labeljust="l", remincross="true")
    else:
        attrs.update(splines="curved", overlap="true", labelloc="t", labeljust="l")
    for key, value in attrs.items():
        dot.set(key, value)
    dot.add_node(pydot.Node("node", fontname=FONT, fontsize="14", margin="0.10,0.05"))
    dot.add_node(pydot.Node("edge", fontname=FONT))
    return dot


def _title_label(title: str) -> str:
    return f'<<FONT POINT-SIZE="26"><B>{html_text(title)}</B></FONT>>'


def approx_ranks(nodes, edges) -> dict:
    """Columns a left-to-right ``dot`` layout will roughly give each node (to seat the loop markers).

    Cycles are broken the way ``dot`` does: depth-first from each node in order, dropping back edges;
    then every node goes one column right of its furthest predecessor.

    >>> approx_ranks(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])
    {'a': 0, 'b': 1, 'c': 2}
    """
    nodes = list(nodes)
    succ = {n: [] for n in nodes}
    for u, v in edges:
        succ[u].append(v)
    state: dict = {}
    keep = []
    for root in nodes:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif nxt not in state:
                keep.append((node, nxt))
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
            elif state[nxt] == 2:
                keep.append((node, nxt))
    preds = {n: [] for n in nodes}
    for u, v in keep:
        preds[v].append(u)
    rank: dict = {}

    def depth(n):
        todo = [n]
        while todo:
            cur = todo[-1]
            missing = [p for p in preds[cur] if p not in rank]
            if missing:
                todo.extend(missing)
                continue
            todo.pop()
            rank[cur] = max((rank[p] + 1 for p in preds[cur]), default=0)
        return rank[n]

    return {n: depth(n) for n in nodes}


# ---------------------------------------------------------------- the map


def map_dot(graph, loops=None, marks=None, *, language: str = "nl", title: str = "", only_nodes=None,
            highlight_loop=None) -> str:
    """DOT source of the causal-loop map (deterministic; render it with :func:`render`).

    Parameters
    ----------
    graph : networkx.DiGraph
        The map as built by ``culturemap.graph.build_graph`` (node data ``label``, ``kind``, ``effect``,
        ``mentions``, ``sources``; edge data ``sign``, ``sources``).
    loops : LoopResult or iterable of Loop, optional
        Loops to mark with ``R1``/``B1`` circles (only loops whose nodes are all drawn).
    marks : MarkResult or iterable of Mark, optional
        Cherish/reduce/redirect marks; each value/belief with a mark gets a badge.
    language : {"nl", "en"}
        Language of the legend, badges and counts.
    title : str
        Title on top; empty for the default title in ``language``.
    only_nodes : iterable of str, optional
        Draw only these nodes (and the links between them).
    highlight_loop : str, optional
        A loop id (``"R1"``): its nodes and links stay in colour, everything else turns pale grey.

    Returns
    -------
    str
        DOT source, the same bytes for the same graph whatever the insertion order.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("a", label="Werkdruk", kind="outcome", effect="hindering", mentions=3, sources=2)
    >>> g.add_node("b", label="Klant & <b>", kind="belief", effect="enabling", mentions=1, sources=1)
    >>> g.add_edge("a", "b", sign="-", sources=2)
    >>> src = map_dot(g, language="en", title="Demo")
    >>> "n1 -> n2" in src and "Klant &amp; &lt;b&gt;" in src
    True
    """
    import pydot

    title = title or _t("diagram.title", language)
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
    edges = sorted(((u, v) for u, v in graph.edges if u in node_set and v in node_set),
                   key=lambda e: (ids[e[0]], ids[e[1]]))

    dot = _new_dot(layout="dot")
    dot.set("label", _legend_label(language, marks=bool(by_code), loops=bool(drawn_loops)))
    body = pydot.Cluster("map", label=_title_label(title), labelloc="t", labeljust="l", color="white",
                         margin="4")
    dot.add_subgraph(body)
    for node in nodes:
        data = graph.nodes[node]
        highlighted = None if hl is None else node in hl_nodes
        body.add_node(pydot.Node(ids[node], **_node_attrs(data, by_code.get(data.get("code", node)), language,
                                                          highlighted=highlighted)))
    for u, v in edges:
        highlighted = None if hl is None else (u, v) in hl_edges
        body.add_edge(pydot.Edge(ids[u], ids[v], **_edge_attrs(graph.edges[u, v], highlighted=highlighted)))

    # Loop markers: each sits in the column of its loop's middle node (dot's columns estimated by
    # approx_ranks) and is tied by invisible, non-ranking edges to the loop's other nodes, so the
    # crossing minimisation and positioning pull it in among them.
    ranks = approx_ranks([ids[n] for n in nodes], [(ids[u], ids[v]) for u, v in edges])
    for lp in drawn_loops:
        if hl is not None and lp is not hl:
            continue
        marker = f"loop_{lp.id}"
        members = sorted({ids[n] for n in lp.nodes}, key=lambda i: (ranks[i], int(i[1:])))
        anchor = members[(len(members) - 1) // 2]
        body.add_node(pydot.Node(marker, **_marker_attrs(lp, language)))
        seat = pydot.Subgraph(rank="same")
        seat.add_node(pydot.Node(marker))
        seat.add_node(pydot.Node(anchor))
        body.add_subgraph(seat)
        for member in sorted(members, key=lambda i: int(i[1:])):
            if ranks[member] < ranks[anchor]:
                body.add_edge(pydot.Edge(member, marker, style="invis", weight="0", dir="none"))
            elif member != anchor:
                body.add_edge(pydot.Edge(marker, member, style="invis", weight="0", dir="none"))
    return dot.to_string()


# ---------------------------------------------------------------- one loop with its quotes


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


def loop_dot(graph, loop, *, language: str = "nl", title: str = "") -> str:
    """DOT source of one feedback loop: its nodes on a ring, the marker in the middle, the quotes beside.

    The nodes are pinned on a circle in loop order (clockwise from the top) so every loop reads the same
    way; a table to the right tells the loop link by link with one redacted quote per link, shown under
    the interview's pseudonym (never a name).

    Parameters
    ----------
    graph : networkx.DiGraph
        The map the loop was found in (edge data ``evidence`` holds the redacted quotes).
    loop : culturemap.models.Loop
        The loop to draw.
    language : {"nl", "en"}
        Wording of the heading and notes.
    title : str
        Title; empty for ``"R1: versterkende lus (vicieuze cirkel)"`` style default.

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
    >>> src = loop_dot(g, lp, language="en")
    >>> "I01 \u00b7 hr" in src and "R1" in src
    True
    """
    import pydot

    polarity = _t(f"diagram.loop.{loop.polarity}", language) if loop.polarity in ("reinforcing", "balancing") \
        else loop.polarity
    reading = _t(f"diagram.loop.{loop.reading}", language) if loop.reading in ("vicious", "virtuous", "mixed") \
        else loop.reading
    title = title or f"{loop.id}: {polarity} ({reading})"
    ids = dot_ids(graph)
    dot = _new_dot(layout="neato")
    dot.set("label", _title_label(title))

    order = list(loop.nodes)
    n = len(order)
    radius = max(1.8, 0.6 * n)                    # inches; grows with the loop so labels keep apart
    for i, node in enumerate(order):
        angle = math.pi / 2 - 2 * math.pi * i / max(n, 1)
        x, y = radius * math.cos(angle), radius * math.sin(angle)
        data = graph.nodes[node] if node in graph else {"label": node}
        attrs = _node_attrs(data, None, language)
        attrs["pos"] = f"{x:.2f},{y:.2f}!"
        dot.add_node(pydot.Node(ids.get(node, f"x{i}"), **attrs))
    for cause, effect, sign in loop.links:
        data = dict(graph.edges[cause, effect]) if graph.has_edge(cause, effect) else {"sources": 1}
        data["sign"] = sign
        dot.add_edge(pydot.Edge(ids.get(cause), ids.get(effect), **_edge_attrs(data)))
    marker = _marker_attrs(loop, language)
    marker["pos"] = "0,0!"
    dot.add_node(pydot.Node(f"loop_{loop.id}", **marker))

    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="15"><B>{html_text(_t("diagram.loop.story", language))}'
            f'</B></FONT></TD></TR>']
    for cause, effect, sign, quotes in _loop_quotes(graph, loop, language):
        head = (f"{html_text(_label_of(graph, cause))} \u2192 {html_text(_label_of(graph, effect))} "
                f'<FONT COLOR="{EDGE_COLOURS.get(sign, "#333333")}"><B>({SIGN_TEXT.get(sign, sign)})</B></FONT>')
        rows.append(f'<TR><TD ALIGN="LEFT"><B>{head}</B></TD></TR>')
        if not quotes:
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="#666666"><I>'
                        f'{html_text(_t("diagram.loop.noquote", language))}</I></FONT></TD></TR>')
        for text, who in quotes:
            lines = "<BR ALIGN=\"LEFT\"/>".join(html_text(line) for line in textwrap.wrap(f"\u201c{text}\u201d", 58))
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="12"><I>{lines}</I><BR ALIGN="LEFT"/></FONT>'
                        f'<FONT POINT-SIZE="11" COLOR="#555555">\u2014 {html_text(who)}</FONT></TD></TR>')
    table = ('<<TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" CELLPADDING="4" '
             'BGCOLOR="#FFFFFF">' + "".join(rows) + "</TABLE>>")
    dot.add_node(pydot.Node("quotes", shape="plaintext", margin="0", label=table,
                            pos=f"{radius + 4.4:.2f},0.00!"))
    return dot.to_string()


# ---------------------------------------------------------------- rendering


def graphviz_available() -> bool:
    """Whether Graphviz's ``dot`` program is on the PATH."""
    return shutil.which("dot") is not None


def render(dot_source: str, fmt: str) -> bytes:
    """Render DOT source to ``svg``, ``png`` (at :data:`PNG_DPI`) or ``pdf`` bytes with Graphviz.

    Raises :class:`~culturemap.errors.ExportError` E502 when ``dot`` is not installed, E501 for another
    format, and E503 when Graphviz rejects the source.
    """
    if fmt not in RENDER_FORMATS:
        raise ExportError(Errors.E501, fmt=fmt, known=", ".join(RENDER_FORMATS))
    exe = shutil.which("dot")
    if exe is None:
        raise ExportError(Errors.E502, fmt=fmt)
    args = [exe, f"-T{fmt}"]
    if fmt == "png":
        args.append(f"-Gdpi={PNG_DPI}")
    proc = subprocess.run(args, input=dot_source.encode("utf-8"), capture_output=True, check=False)
    if proc.returncode != 0 or not proc.stdout:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(Errors.E504, fmt=fmt, detail=" ".join(detail[:2]) if detail else "no output")
    return proc.stdout
