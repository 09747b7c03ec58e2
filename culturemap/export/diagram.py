"""Causal-loop diagrams as Graphviz DOT (via pydot) and rendered SVG / PNG / PDF.

The diagram is shown on a screen or printed in the group session, to people who never saw a causal-loop
diagram, so it follows a few rules:

* **Colour + a second cue** for the effect on customer-centricity (about 8% of men are colour-blind):
  enabling = bluish green with a solid border, hindering = vermillion with a dashed border, ambivalent =
  grey with a dotted border (Okabe-Ito hues, which stay apart for deuteranopes and in greyscale print).
* **Shape by kind**: value = ellipse, belief = rounded box, behaviour = hexagon, outcome = square box.
* **Badge** under every value/belief: ``♥ koesteren`` (cherish), ``▼ reduceren`` (reduce) or
  ``↻ ombuigen`` (redirect), from the :class:`~culturemap.models.MarkResult`.
* **Links** carry their sign (``+`` / ``−``) in a small white tag on the line itself; ``−`` links are also
  blue instead of dark grey; the line gets thicker the more interviews told the link.
* **Loop markers** ``R1``/``B1``: a small circle with a circular-arrow glyph at the free spot nearest the
  centre of its loop's codes, inside their bounding box (and inside the ring the loop's links draw).
* **Codes without links** (mentioned, but no interview tied them to anything) are not scattered over the
  map: they sit small, in a grid, in their own block "Ook genoemd, zonder verband" / "Also mentioned, not
  linked".
* **Legend** (every colour, border, shape, badge, sign and marker explained in the project language) and a
  title. Nothing in the diagram names a person: the graph carries only redacted data and pseudonyms.

DOT node ids are synthetic (``n1``, ``n2`` ... in sorted order of the code id); the text is in HTML-like
labels, escaped, so codes like ``graph`` or ``werk:druk`` cannot break the DOT. The source is deterministic:
the same graph gives the same bytes whatever order its nodes and edges were added in.

Layout (:func:`map_dot`) takes two passes. Graphviz first measures every label and lays the linked codes out
with ``dot``, left-to-right and top-to-bottom; then the map, the block of unlinked codes and the legend are
put together in whichever arrangement draws everything largest on a 16:9 page (``size="13.33,7.5!"``, so a
slide shows it wide, not square), markers and signs are placed on the laid-out lines, and every position
is pinned (``layout=nop2``): ``dot -Tpng map.dot`` draws exactly the same picture. The loop view
(:func:`loop_dot`) pins its codes on a ring just large enough for their labels. :func:`render` uses 160 dpi
for PNG, about 2130 x 1200 pixels.
"""
from __future__ import annotations

import functools
import html
import json
import math
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, replace

from ..errors import Errors, ExportError

__all__ = [
    "map_dot", "loop_dot", "render", "graphviz_available", "dot_ids", "wrap_label", "html_text",
    "fit_shape", "ring_radius", "seat", "sign_spot", "inside_polygon", "spline_points", "shift_spline",
    "bezier_polyline", "point_along", "PALETTE", "SHAPES", "RENDER_FORMATS", "PNG_DPI", "PAGE_SIZE",
]

# ---------------------------------------------------------------- look

FONT = "Helvetica,Arial,sans-serif"
PAGE_SIZE = "13.33,7.5"          # inches: a 16:9 slide; fits A4 landscape when printed "fit to page"
LAYOUT_BOX = PAGE_SIZE             # the box the arrangement of map, unlinked block and legend aims to fill
PNG_DPI = 160                    # 13.33 in x 160 dpi = 2133 px wide
RENDER_FORMATS = ("svg", "png", "pdf")
WRAP = 20                        # characters per label line
LEGEND_WRAP = 30                 # ... in the legend
LEGEND_FONT = 12
WRAP_SMALL = 18                  # ... in the block of codes without links
FONT_SIZE = 18                   # points, node labels (large: the deck shrinks the map to fit a slide)
FONT_SMALL = 11                  # points, node labels in the block of codes without links
TITLE_FONT = 26
SIGN_BOX = 20                    # points: the white tag with the + or - on each link
SIGN_FONT = 17
MARKER_SIZE = 0.56               # inches: diameter of a loop marker
PIECE_GAP = 24                   # points between map, unlinked block and legend
TITLE_GAP = 8
GRID_GAP = 8                     # points between the small nodes of the unlinked block
BLOCK_PAD = 10
_RANK_SPACING = {"LR": {"ranksep": "0.55", "nodesep": "0.22"}, "TB": {"ranksep": "0.45", "nodesep": "0.3"}}

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

def _t(key: str, language: str, **fields) -> str:
    """A phrase in ``language`` from :data:`culturemap.i18n.PHRASES` (keys ``diagram.*``)."""
    from ..i18n import t

    return t(key, language, **fields)


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


def _node_label(data: dict, mark, language: str, *, counts: bool = True, small: bool = False) -> str:
    lines = wrap_label(data.get("label") or data.get("code") or "", WRAP_SMALL if small else WRAP)
    parts = ["<B>" + "<BR/>".join(html_text(line) for line in lines) + "</B>"]
    if mark is not None and _kind(data) in ("value", "belief") and mark.mark in BADGES:
        colour = PALETTE[_effect(data)]["line"]
        word = _t(f"diagram.mark.{mark.mark}", language)
        size = 10 if small else 14
        parts.append(f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{BADGES[mark.mark]} {html_text(word)}</FONT>')
    if counts and data.get("sources"):
        text = _t("diagram.counts", language, sources=int(data.get("sources") or 0),
                  mentions=int(data.get("mentions") or 0))
        size = 9 if small else 13
        parts.append(f'<FONT POINT-SIZE="{size}" COLOR="#444444">{html_text(text)}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def _node_attrs(data: dict, mark, language: str, *, highlighted: bool | None = None, counts: bool = True,
                small: bool = False) -> dict:
    effect, kind = _effect(data), _kind(data)
    colours, shape = PALETTE[effect], SHAPES[kind]
    style = ",".join(s for s in ("filled", shape["style"], colours["style"]) if s)
    attrs = {
        "label": _node_label(data, mark, language, counts=counts, small=small),
        "shape": shape["shape"],
        "style": style,
        "fillcolor": colours["fill"],
        "color": colours["line"],
        "penwidth": "1.5" if small else "2",
        "tooltip": html_text(data.get("label") or data.get("code") or ""),
    }
    if small:
        attrs.update(fontsize=str(FONT_SMALL), margin="0.06,0.03")
    if highlighted is False:
        attrs.update(fillcolor="#F4F4F4", color="#BBBBBB", fontcolor="#999999")
    return attrs


def _penwidth(sources) -> str:
    """Line width by number of interviews that told the link (1 -> 1.4, 5+ -> 4.6)."""
    n = max(1, min(int(sources or 1), 5))
    return f"{1.4 + 0.8 * (n - 1):.1f}"


def _sign_label(sign: str, colour: str) -> str:
    """The sign as a small white tag with a rim in the link's colour: it sits on the line itself."""
    return (f'<<TABLE BORDER="1" COLOR="{colour}" STYLE="rounded" BGCOLOR="#FFFFFF" CELLBORDER="0" '
            f'CELLSPACING="0" CELLPADDING="0"><TR><TD WIDTH="{SIGN_BOX}" HEIGHT="{SIGN_BOX}" FIXEDSIZE="TRUE">'
            f'<FONT POINT-SIZE="{SIGN_FONT}" COLOR="{colour}"><B>{SIGN_TEXT[sign]}</B></FONT></TD></TR></TABLE>>')


def _edge_attrs(data: dict, *, highlighted: bool | None = None) -> dict:
    sign = data.get("sign", "+")
    sign = sign if sign in SIGN_TEXT else "+"
    colour = EDGE_COLOURS[sign]
    if highlighted is False:
        colour = "#CCCCCC"
    return {
        "label": _sign_label(sign, colour),
        "color": colour,
        "penwidth": _penwidth(data.get("sources")),
        "arrowsize": "0.9",
    }


def _legend_sections(language: str, *, marks: bool, loops: bool) -> list[tuple[str, list[str]]]:
    """The legend's sections (colour, shape, arrows, loops, marks): (heading, rows of two HTML cells)."""
    def cell(sym: str, text: str, *, bg: str = "", colour: str = "", style: str = "") -> str:
        if bg:
            sym_cell = (f'<TD BGCOLOR="{bg}" BORDER="2" COLOR="{colour}" WIDTH="26" HEIGHT="18"'
                        + (f' STYLE="{style}"' if style else "") + "></TD>")
        else:
            sym_cell = f'<TD BORDER="0" WIDTH="26">{"<B>" + sym + "</B>" if sym else " "}</TD>'
        lines = '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in wrap_label(text, LEGEND_WRAP))
        return f'{sym_cell}<TD ALIGN="LEFT" BALIGN="LEFT" BORDER="0">{lines}</TD>'

    sections = []
    rows = []
    for effect in ("enabling", "hindering", "ambivalent"):
        c = PALETTE[effect]
        rows.append(cell("", _t(f"diagram.legend.{effect}", language), bg=c["fill"], colour=c["line"],
                         style=c["style"] if c["style"] != "solid" else ""))
    sections.append((_t("diagram.legend.colour", language), rows))
    rows = [cell(SHAPES[k]["glyph"], _t(f"diagram.kind.{k}", language)) for k in SHAPES]
    sections.append((_t("diagram.legend.shape", language), rows))
    rows = [cell(f'<FONT COLOR="{EDGE_COLOURS["+"]}" POINT-SIZE="16">+</FONT>', _t("diagram.legend.plus", language)),
            cell(f'<FONT COLOR="{EDGE_COLOURS["-"]}" POINT-SIZE="16">{SIGN_TEXT["-"]}</FONT>',
                 _t("diagram.legend.minus", language)),
            cell("\u2501\u25b6", _t("diagram.legend.width", language))]
    sections.append((_t("diagram.legend.arrows", language), rows))
    if loops:
        rows = [cell(f"{LOOP_GLYPH}R", _t("diagram.legend.reinforcing", language)),
                cell(f"{LOOP_GLYPH}B", _t("diagram.legend.balancing", language))]
        sections.append((_t("diagram.legend.loops", language), rows))
    rows = []
    if marks:
        for mark, effect in (("cherish", "enabling"), ("reduce", "hindering"), ("redirect", "ambivalent")):
            rows.append(cell(f'<FONT COLOR="{PALETTE[effect]["line"]}">{BADGES[mark]}</FONT>',
                             _t(f'diagram.legend.{mark}', language)))
    rows.append(cell("", _t("diagram.legend.counts", language)))
    rows.append(cell("", _t("diagram.legend.privacy", language)))
    sections.append((_t("diagram.legend.marks" if marks else "diagram.legend.more", language), rows))
    return sections


def _legend_label(language: str, *, marks: bool, loops: bool, columns: int = 0) -> str:
    """The legend as one HTML table: its sections side by side in bands of ``columns`` (0: one band).

    Rows line up across the sections of a band (one grid, no nested tables that Graphviz would stretch).
    """
    sections = _legend_sections(language, marks=marks, loops=loops)
    columns = columns if 0 < columns < len(sections) else len(sections)
    gap = '<TD WIDTH="10"></TD>'
    empty = '<TD></TD><TD></TD>'
    rows = []
    for start in range(0, len(sections), columns):
        band = sections[start:start + columns]
        band += [("", [])] * (columns - len(band))
        heads = gap.join(f'<TD COLSPAN="2" ALIGN="LEFT"><B>{html_text(head)}</B></TD>' if head
                         else '<TD COLSPAN="2"></TD>' for head, _r in band)
        rows.append(f"<TR>{heads}</TR>")
        for r in range(max(len(cells) for _h, cells in band)):
            rows.append("<TR>" + gap.join(cells[r] if r < len(cells) else empty for _h, cells in band) + "</TR>")
    span = 3 * columns - 1
    return (f'<<FONT POINT-SIZE="{LEGEND_FONT}"><TABLE BORDER="1" COLOR="#AAAAAA" CELLBORDER="0" CELLSPACING="3" '
            f'CELLPADDING="2" BGCOLOR="#FFFFFF"><TR><TD ALIGN="LEFT" COLSPAN="{span}"><FONT POINT-SIZE="15"><B>'
            f'{html_text(_t("diagram.legend", language))}</B></FONT></TD></TR>' + "".join(rows) + "</TABLE></FONT>>")


def _marker_attrs(loop, language: str) -> dict:
    colour = MARKER_COLOURS.get(loop.reading, MARKER_COLOURS["mixed"])
    kind = _t(f"diagram.loop.{loop.polarity}", language) if loop.polarity in ("reinforcing", "balancing") else ""
    return {
        "label": f'<<FONT POINT-SIZE="12">{LOOP_GLYPH}</FONT><BR/><FONT POINT-SIZE="15"><B>{html_text(loop.id)}</B></FONT>>',
        "shape": "circle",
        "style": "filled,bold",
        "fillcolor": "#FFFFFF",
        "color": colour,
        "fontcolor": colour,
        "penwidth": "2.5",
        "width": f"{MARKER_SIZE:.2f}",
        "fixedsize": "true",
        "tooltip": html_text(f"{loop.id}: {kind}"),
    }


def _title_label(title: str) -> str:
    return f'<<FONT POINT-SIZE="{TITLE_FONT}"><B>{html_text(title)}</B></FONT>>'


# ---------------------------------------------------------------- geometry of a laid-out map


def spline_points(pos: str) -> list[tuple[float, float]]:
    """The control points of a Graphviz edge ``pos`` (``e,``/``s,`` arrow ends left out), in points.

    >>> spline_points("e,10,0 0,0 3,1 6,1 9,0")
    [(0.0, 0.0), (3.0, 1.0), (6.0, 1.0), (9.0, 0.0)]
    """
    points = []
    for token in pos.split(";", 1)[0].split():
        if token.startswith(("e,", "s,")):
            continue
        x, y = token.split(",")[:2]
        points.append((float(x), float(y)))
    return points


def shift_spline(pos: str, dx: float, dy: float) -> str:
    """A Graphviz edge ``pos`` moved by ``(dx, dy)`` points.

    >>> shift_spline("e,10,0 0,0 3,1 6,1 9,0", 1, 2)
    'e,11.00,2.00 1.00,2.00 4.00,3.00 7.00,3.00 10.00,2.00'
    """
    out = []
    for spline in pos.split(";"):
        tokens = []
        for token in spline.split():
            prefix = token[:2] if token.startswith(("e,", "s,")) else ""
            x, y = token[len(prefix):].split(",")[:2]
            tokens.append(f"{prefix}{float(x) + dx:.2f},{float(y) + dy:.2f}")
        out.append(" ".join(tokens))
    return ";".join(out)


def bezier_polyline(ctrl: list[tuple[float, float]], spacing: float = 4.0) -> list[tuple[float, float]]:
    """Points along a chain of cubic Bézier segments (Graphviz splines), about ``spacing`` points apart.

    >>> [(round(x, 1), round(y, 1)) for x, y in bezier_polyline([(0, 0), (0, 0), (8, 0), (8, 0)])]
    [(0.0, 0.0), (4.0, 0.0), (8.0, 0.0)]
    """
    if len(ctrl) < 4:
        return [tuple(map(float, p)) for p in ctrl]
    out = [tuple(map(float, ctrl[0]))]
    for i in range(0, len(ctrl) - 3, 3):
        p0, p1, p2, p3 = ctrl[i:i + 4]
        hull = math.dist(p0, p1) + math.dist(p1, p2) + math.dist(p2, p3)
        steps = max(2, int(math.ceil(hull / spacing)))
        for k in range(1, steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def point_along(line: list[tuple[float, float]], fraction: float) -> tuple[float, float]:
    """The point ``fraction`` (0..1) of the way along a polyline, by length.

    >>> point_along([(0, 0), (10, 0), (10, 10)], 0.75)
    (10.0, 5.0)
    """
    lengths = [math.dist(a, b) for a, b in zip(line, line[1:])]
    goal = max(0.0, min(1.0, fraction)) * sum(lengths)
    for (a, b), length in zip(zip(line, line[1:]), lengths):
        if goal <= length and length > 0:
            t = goal / length
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        goal -= length
    return tuple(map(float, line[-1]))


def sign_spot(line, cost, *, beside: float, away=None) -> tuple[float, float]:
    """Where a link's sign goes: on the line near its middle, else right beside it.

    ``cost(x, y)`` tells what a sign there would cover (0: nothing); ``beside`` is how far beside the line
    to try. With ``away`` (the polyline of the link back: A -> B next to B -> A) the sign goes towards its
    own arrow head, so the two signs sit apart, each by the arrow it belongs to; beside the line it takes
    the side away from the other link. When no spot is free, the one that covers least.

    >>> sign_spot([(0, 0), (100, 0)], lambda x, y: 0, beside=10)
    (50.0, 0.0)
    >>> sign_spot([(0, 0), (100, 0)], lambda x, y: 0 if y else 1, beside=10)
    (50.0, 10.0)
    >>> sign_spot([(0, 0), (100, 0)], lambda x, y: 0, beside=10, away=[(100, 4), (0, 4)])
    (72.0, 0.0)
    """
    fractions = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74) if away is None else (0.72, 0.78, 0.66, 0.6)
    candidates = [point_along(line, f) for f in fractions]
    for distance in (beside, 1.8 * beside):
        for fraction in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            (x1, y1), (x2, y2) = point_along(line, fraction - 0.02), point_along(line, fraction + 0.02)
            x, y = point_along(line, fraction)
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            nx, ny = -(y2 - y1) / length, (x2 - x1) / length
            spots = [(round(x + side * distance * nx, 2) + 0.0, round(y + side * distance * ny, 2) + 0.0)
                     for side in (1, -1)]
            if away is not None:
                spots.sort(key=lambda p: -min(math.dist(p, q) for q in away))
            candidates += spots
    best = None
    for spot in candidates:
        c = cost(*spot)
        if c == 0:
            return spot
        if best is None or c < best[0]:
            best = (c, spot)
    return best[1]


class _Field:
    """What a loop marker or a sign must not cover: boxes (nodes, signs, markers) and the drawn links.

    ``cost(x, y, r)`` adds the weight of every box within ``r`` of the point and ``line_weight`` for
    every link passing within ``r``; 0 means the spot is free.
    """

    def __init__(self, cell: float = 16.0, line_weight: float = 10.0):
        self.boxes: list[tuple[float, float, float, float, float]] = []
        self.cell = cell
        self.line_weight = line_weight
        self.grid: dict = {}

    def add_box(self, x0, y0, x1, y1, weight: float) -> None:
        self.boxes.append((x0, y0, x1, y1, weight))

    def add_line(self, points, key) -> None:
        for x, y in points:
            self.grid.setdefault((int(x // self.cell), int(y // self.cell)), []).append((x, y, key))

    def box_cost(self, x: float, y: float, r: float) -> float:
        total = 0.0
        for x0, y0, x1, y1, weight in self.boxes:
            dx, dy = max(x0 - x, 0.0, x - x1), max(y0 - y, 0.0, y - y1)
            if dx * dx + dy * dy < r * r:
                total += weight
        return total

    def cost(self, x: float, y: float, r: float, own=()) -> float:
        """Weight of what a circle of radius ``r`` at (x, y) covers; links in ``own`` count a third."""
        total = self.box_cost(x, y, r)
        touched = set()
        c = self.cell
        for gx in range(int((x - r) // c), int((x + r) // c) + 1):
            for gy in range(int((y - r) // c), int((y + r) // c) + 1):
                for px, py, key in self.grid.get((gx, gy), ()):
                    if key not in touched and (px - x) ** 2 + (py - y) ** 2 < r * r:
                        touched.add(key)
        return total + sum(self.line_weight / 3 if key in own else self.line_weight for key in touched)


def inside_polygon(x: float, y: float, polygon) -> bool:
    """Whether (x, y) lies inside a closed polygon (even-odd rule).

    >>> square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    >>> inside_polygon(5, 5, square), inside_polygon(15, 5, square)
    (True, False)
    """
    inside = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


#: What a loop marker pays for being outside the ring its links draw (more than crossing its own link).
OUTSIDE_COST = 5.0


def seat(field: _Field, centre, bounds, radius: float, *, ring=None, own=(), steps: int = 30) -> tuple[float, float]:
    """The best spot near ``centre`` inside ``bounds`` (x0, y0, x1, y1) for a loop marker of ``radius``.

    Searches rings around the centre outwards (about ``steps`` rings to the far corner) and takes the first
    spot that covers nothing and lies inside ``ring`` (the polygon the loop's links draw); else the spot
    with the lowest cost (nodes, signs, other links; the loop's ``own`` links and lying outside the ring
    cost less), then the nearest. Deterministic.

    >>> f = _Field(); f.add_box(-10, -10, 10, 10, 100)
    >>> seat(f, (0, 0), (-30, -40, 30, 40), 5, steps=10)      # rings 5 points apart; the box needs 10 + 5
    (0.0, 15.0)
    """
    x0, y0, x1, y1 = bounds
    cx, cy = min(max(centre[0], x0), x1), min(max(centre[1], y0), y1)
    reach = math.hypot(max(cx - x0, x1 - cx), max(cy - y0, y1 - cy))
    step = max(reach / steps, 3.0)
    best = None
    for r in range(int(reach / step) + 1):
        d = r * step
        n = 1 if r == 0 else max(8, int(2 * math.pi * d / step))
        for k in range(n):
            angle = math.pi / 2 + 2 * math.pi * k / n
            x, y = round(cx + d * math.cos(angle), 2) + 0.0, round(cy + d * math.sin(angle), 2) + 0.0
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                continue
            cost = field.cost(x, y, radius, own)
            if best is not None and cost >= best[0][0]:
                continue                                   # cannot beat the best so far (nearer, not dearer)
            if ring is not None and not inside_polygon(x, y, ring):
                cost += OUTSIDE_COST
            if cost == 0:
                return (x, y)
            if best is None or (cost, d) < best[0]:
                best = ((cost, d), (x, y))
    return best[1] if best else (cx, cy)


# ---------------------------------------------------------------- the map


@dataclass(frozen=True)
class _MapParts:
    """Everything the map shows, before layout: DOT ids with their attributes."""

    linked: tuple        # ((id, attrs), ...) nodes with at least one drawn link
    unlinked: tuple      # ((id, attrs), ...) nodes without links, drawn small in their own block
    edges: tuple         # ((tail id, head id, attrs), ...)
    markers: tuple       # ((marker id, attrs, (member ids, ...), ((tail id, head id), ...)), ...)
    title: str           # "" for no title
    language: str
    marks: bool
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
    unlinked = [(i, attrs) for _key, i, attrs in sorted(unlinked)]       # most mentioned first
    edge_rows = [(ids[u], ids[v], _edge_attrs(graph.edges[u, v],
                                              highlighted=None if hl is None else (u, v) in hl_edges))
                 for u, v in edges]
    markers = [(f"loop_{lp.id}", _marker_attrs(lp, language),
                tuple(sorted({ids[n] for n in lp.nodes}, key=lambda i: int(i[1:]))),
                tuple((ids[c], ids[e]) for c, e, _sign in lp.links))
               for lp in drawn_loops if hl is None or lp is hl]
    title = _t("diagram.title", language) if title == "" else title.strip()
    return _MapParts(tuple(linked), tuple(unlinked), tuple(edge_rows), tuple(markers), title, language,
                     bool(by_code), bool(drawn_loops))


def _unlinked_head(language: str) -> str:
    return (f'<<FONT POINT-SIZE="15"><B>{html_text(_t("diagram.unlinked", language))}</B></FONT><BR/>'
            f'<FONT POINT-SIZE="11" COLOR="#555555">{html_text(_t("diagram.unlinked.note", language))}</FONT>>')


def _node_stmt(name: str, attrs: dict, pos=None) -> str:
    import pydot

    attrs = dict(attrs)
    if pos is not None:
        attrs["pos"] = f"{pos[0]:.2f},{pos[1]:.2f}!"
    return pydot.Node(name, **attrs).to_string()


def _edge_stmt(tail: str, head: str, attrs: dict) -> str:
    import pydot

    holder = pydot.Dot(graph_type="digraph")
    edge = pydot.Edge(tail, head, **attrs)
    holder.add_edge(edge)
    return edge.to_string()


def _graph_source(name: str, graph_attrs: dict, statements: list[str]) -> str:
    import pydot

    head = pydot.Dot(name, graph_type="digraph", strict=False)
    for key, value in graph_attrs.items():
        head.set(key, value)
    lines = head.to_string().rstrip().rstrip("}").rstrip().splitlines()
    return "\n".join(lines + statements + ["}"]) + "\n"


_NODE_DEFAULTS = f'node [fontname="{FONT}", fontsize={FONT_SIZE}, margin="0.10,0.05"];'
_EDGE_DEFAULTS = f'edge [fontname="{FONT}"];'


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


def fit_shape(shape: str, width: float, height: float) -> tuple[float, float] | None:
    """A snug (width, height) in points for an ellipse or hexagon around a label box, else ``None``.

    Graphviz makes these shapes about 1.4 times the label each way, which wastes room on a crowded slide.

    >>> fit_shape("hexagon", 100, 40), fit_shape("ellipse", 100, 40), fit_shape("box", 100, 40)
    ((156.0, 50.0), (115.0, 56.0), None)
    """
    if shape == "hexagon":
        return (round(width + 1.4 * height, 2) + 0.0, round(height + 10, 2) + 0.0)
    if shape == "ellipse":
        return (round(1.15 * width, 2) + 0.0, round(1.4 * height, 2) + 0.0)
    return None


def _fitted(rows: tuple, boxes: dict) -> tuple:
    out = []
    for i, attrs in rows:
        size = fit_shape(attrs.get("shape", ""), *boxes[i][2:])
        if size is not None:
            attrs = dict(attrs, fixedsize="true", width=f"{size[0] / 72:.3f}", height=f"{size[1] / 72:.3f}")
        out.append((i, attrs))
    return tuple(out)


def _map_sources(parts: _MapParts) -> str:
    """Graphviz input of the first pass: the linked codes laid out left-to-right and top-to-bottom."""
    body = [_NODE_DEFAULTS, _EDGE_DEFAULTS]
    body += [_node_stmt(i, attrs) for i, attrs in parts.linked]
    # links drawn without their sign (it goes on the line later), except A -> B next to B -> A: there the
    # labels make dot route the two links apart, with room for both signs
    pairs = {(t, h) for t, h, _a in parts.edges}
    body += [_edge_stmt(t, h, attrs if (h, t) in pairs else {k: v for k, v in attrs.items() if k != "label"})
             for t, h, attrs in parts.edges]
    sources = []
    for rankdir in ("LR", "TB"):
        attrs = {"layout": "dot", "charset": "UTF-8", "rankdir": rankdir, "newrank": "true",
                 "remincross": "true", "splines": "true", **_RANK_SPACING[rankdir]}
        sources.append(_graph_source(f"map_{rankdir}", attrs, body))
    return "".join(sources)


@functools.lru_cache(maxsize=32)
def _graphviz_json(source: str) -> str:
    """``dot -Tjson0`` of one or more graphs (cached: the map is laid out once for every format)."""
    exe = shutil.which("dot")
    if exe is None:
        raise ExportError(Errors.E502, fmt="the map layout")
    proc = subprocess.run([exe, "-Tjson0"], input=source.encode("utf-8"), capture_output=True, check=False)
    if proc.returncode != 0 or not proc.stdout:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(Errors.E504, fmt="the map layout", detail=" ".join(detail[:2]) if detail else "no output")
    return proc.stdout.decode("utf-8")


def _json_documents(text: str) -> list[dict]:
    decoder, docs, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return docs
        doc, i = decoder.raw_decode(text, i)
        docs.append(doc)


def _layout(doc: dict) -> tuple:
    """(bounding box, {node: (x, y, w, h)}, {(tail, head): pos}) of one laid-out graph, in points."""
    bb = tuple(float(v) for v in doc.get("bb", "0,0,0,0").split(","))
    names, boxes = {}, {}
    for obj in doc.get("objects", []):
        if "pos" in obj and "width" in obj:
            names[obj["_gvid"]] = obj["name"]
            x, y = (float(v) for v in obj["pos"].split(",")[:2])
            boxes[obj["name"]] = (x, y, 72 * float(obj["width"]), 72 * float(obj["height"]))
        elif "width" in obj:
            names[obj["_gvid"]] = obj["name"]
            boxes[obj["name"]] = (0.0, 0.0, 72 * float(obj["width"]), 72 * float(obj["height"]))
    splines = {(names[e["tail"]], names[e["head"]]): e["pos"] for e in doc.get("edges", []) if "pos" in e}
    return bb, boxes, splines


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
    for t, h, _attrs in parts.edges:
        line = bezier_polyline(spline_points(splines[(t, h)]))
        lines[(t, h)] = line
        field.add_line(line, (t, h))
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
    for t, h, attrs in parts.edges:
        x, y = sign_spot(lines[(t, h)], lambda px, py: field.box_cost(px, py, half), beside=1.3 * half,
                         away=lines.get((h, t)))
        field.add_box(x - half, y - half, x + half, y + half, 30)
        attrs = dict(attrs, pos=shift_spline(splines[(t, h)], dx, dy), lp=f"{x + dx:.2f},{y + dy:.2f}")
        statements.append(_edge_stmt(t, h, attrs))
    statements += marker_statements
    # the unlinked block: a light frame, its heading and a grid of small nodes
    if parts.unlinked:
        (uw, uh), centres = _grid([piece_boxes[i][2:] for i, _a in parts.unlinked], columns, head)
        ux, uy = where["U"]
        uy += top
        statements.append(_node_stmt("unlinked_frame", {
            "shape": "box", "style": "rounded,filled", "color": "#C8C8C8", "fillcolor": "#F7F7F7",
            "label": "", "width": f"{uw / 72:.3f}", "height": f"{uh / 72:.3f}", "fixedsize": "true",
            "tooltip": html_text(_t("diagram.unlinked", parts.language))}, to_gv(ux + uw / 2, uy + uh / 2)))
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
    statements += [_edge_stmt(t, h, attrs) for t, h, attrs in parts.edges]
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


def _quotes_table(graph, loop, language: str) -> str:
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="17"><B>{html_text(_t("diagram.loop.story", language))}'
            f'</B></FONT></TD></TR>']
    for cause, effect, sign, quotes in _loop_quotes(graph, loop, language):
        head = f"{_label_of(graph, cause)} \u2192 {_label_of(graph, effect)}"
        lines = '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in textwrap.wrap(head, 52))
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><B>{lines} <FONT COLOR="{EDGE_COLOURS.get(sign, "#333333")}">'
                    f'({SIGN_TEXT.get(sign, sign)})</FONT></B></TD></TR>')
        if not quotes:
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="#666666"><I>'
                        f'{html_text(_t("diagram.loop.noquote", language))}</I></FONT></TD></TR>')
        for text, who in quotes:
            lines = '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in textwrap.wrap(f"\u201c{text}\u201d", 58))
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="14"><I>{lines}</I><BR ALIGN="LEFT"/>'
                        f'</FONT><FONT POINT-SIZE="13" COLOR="#555555">\u2014 {html_text(who)}</FONT></TD></TR>')
    return ('<<FONT POINT-SIZE="15"><TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" '
            'CELLPADDING="4" BGCOLOR="#FFFFFF">' + "".join(rows) + "</TABLE></FONT>>")


def ring_radius(sizes: list[tuple[float, float]], *, gap: float = 28.0, centre: float = 0.0) -> float:
    """The smallest radius (points) of a circle with these boxes on it, evenly spaced clockwise from the
    top, where no two boxes come closer than ``gap`` and every box keeps ``centre`` + ``gap`` from the middle.

    >>> ring_radius([(100, 40), (100, 40)], gap=20)   # one above, one below the middle: 20 + 40 / 2
    40.0
    >>> ring_radius([(100, 40)] * 4, gap=20)          # left and right ones: 20 + 100 / 2
    70.0
    """
    n = len(sizes)
    spots = [(math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
             for i in range(n)]
    radius = 0.0
    for i in range(n):
        (wi, hi), (ci, si) = sizes[i], spots[i]
        # the box must clear the middle (a circle of ``centre``) along its direction
        radius = max(radius, centre + gap + min(wi / 2 / max(abs(ci), 1e-9), hi / 2 / max(abs(si), 1e-9)))
        for j in range(i + 1, n):
            (wj, hj), (cj, sj) = sizes[j], spots[j]
            dx, dy = abs(ci - cj), abs(si - sj)        # distance per unit radius along each axis
            need_x = (wi + wj) / 2 + gap
            need_y = (hi + hj) / 2 + gap
            # boxes are apart when either axis separates them
            options = [need_x / dx if dx > 1e-9 else math.inf, need_y / dy if dy > 1e-9 else math.inf]
            radius = max(radius, min(options))
    return round(radius, 2) + 0.0


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
    polarity = _t(f"diagram.loop.{loop.polarity}", language) if loop.polarity in ("reinforcing", "balancing") \
        else loop.polarity
    reading = _t(f"diagram.loop.{loop.reading}", language) if loop.reading in ("vicious", "virtuous", "mixed") \
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
        statements += [_edge_stmt(t, h, attrs) for t, h, attrs in edges]
    else:
        routed = _layout(_json_documents(_graphviz_json(_graph_source(
            "ring", graph_attrs | {"notranslate": "true"}, statements + [_edge_stmt(t, h, {k: v for k, v in attrs.items() if k != "label"})
                                               for t, h, attrs in edges])))[0])[2]
        field = _Field()
        for (name, _a), (w, h) in zip(nodes, sizes):
            x, y = spots[name]
            field.add_box(x - w / 2, y - h / 2, x + w / 2, y + h / 2, 100)
        r = MARKER_SIZE * 36 + 3
        field.add_box(-r, -r, r, r, 100)
        lines = {(t, h): bezier_polyline(spline_points(routed[(t, h)])) for t, h, _a in edges if (t, h) in routed}
        half = SIGN_BOX / 2 + 4
        for t, h, attrs in edges:
            if (t, h) not in lines:
                statements.append(_edge_stmt(t, h, attrs))
                continue
            x, y = sign_spot(lines[(t, h)], lambda px, py: field.box_cost(px, py, half), beside=1.3 * half,
                             away=lines.get((h, t)))
            field.add_box(x - half, y - half, x + half, y + half, 30)
            statements.append(_edge_stmt(t, h, dict(attrs, pos=routed[(t, h)], lp=f"{x:.2f},{y:.2f}")))
    statements.append(_node_stmt(marker[0], marker[1], (0.0, 0.0)))
    if quotes:
        statements.append(_node_stmt("quotes", {"shape": "plain", "label": table}, table_pos))
    if title:
        statements.append(_node_stmt("title", {"shape": "plain", "label": _title_label(title)}, title_pos))
    return _graph_source("culturemap", graph_attrs, statements)


# ---------------------------------------------------------------- rendering


def graphviz_available() -> bool:
    """Whether Graphviz's ``dot`` program is on the PATH."""
    return shutil.which("dot") is not None


def render(dot_source: str, fmt: str) -> bytes:
    """Render DOT source to ``svg``, ``png`` (at :data:`PNG_DPI`) or ``pdf`` bytes with Graphviz.

    Raises :class:`~culturemap.errors.ExportError` E502 when ``dot`` is not installed, E501 for another
    format, and E504 when Graphviz rejects the source. The same source is rendered once per process
    (the report and the exports both draw the map).
    """
    if fmt not in RENDER_FORMATS:
        raise ExportError(Errors.E501, fmt=fmt, known=", ".join(RENDER_FORMATS))
    exe = shutil.which("dot")
    if exe is None:
        raise ExportError(Errors.E502, fmt=fmt)
    return _render(exe, dot_source, fmt)


@functools.lru_cache(maxsize=16)
def _render(exe: str, dot_source: str, fmt: str) -> bytes:
    args = [exe, f"-T{fmt}"]
    if fmt == "png":
        args.append(f"-Gdpi={PNG_DPI}")
    proc = subprocess.run(args, input=dot_source.encode("utf-8"), capture_output=True, check=False)
    if proc.returncode != 0 or not proc.stdout:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(Errors.E504, fmt=fmt, detail=" ".join(detail[:2]) if detail else "no output")
    return proc.stdout
