"""How the diagrams look: sizes, colours, shapes, badges, and the labels and attributes built from them.

Everything here is a DOT attribute or an HTML-like label (escaped with :func:`html_text`), in the project
language through :func:`culturemap.i18n.t` (keys ``diagram.*``): the nodes (shape by kind,
colour and border by effect, badge by mark, counts), the links (sign tag, colour, width), the loop markers,
the titles and the legend that explains all of it. :func:`dot_ids` gives the synthetic DOT node ids.
"""
from __future__ import annotations

import html
import textwrap

from ...i18n import t

__all__ = ["dot_ids", "wrap_label", "html_text", "PALETTE", "SHAPES", "RENDER_FORMATS", "PNG_DPI", "PAGE_SIZE"]

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
BADGES = {"cherish": "\u2665", "develop": "\u25b2", "reduce": "\u25bc", "unconfirmed": "?",
          "redirect": "\u21bb"}   # ♥ ▲ ▼ ? ↻
BADGE_EFFECT = {"cherish": "enabling", "develop": "enabling", "reduce": "hindering", "unconfirmed": "hindering",
                "redirect": "ambivalent"}
LOOP_GLYPH = "\u21bb"                                                      # ↻
MARKER_COLOURS = {"vicious": "#B84A00", "virtuous": "#00795A", "mixed": "#555555"}

# ---------------------------------------------------------------- wording


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
        word = t(f"diagram.mark.{mark.mark}", language)
        size = 10 if small else 14
        parts.append(f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{BADGES[mark.mark]} {html_text(word)}</FONT>')
    if counts and data.get("sources"):
        text = t("diagram.counts", language, sources=int(data.get("sources") or 0),
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


def _legend_sections(language: str, *, marks: tuple[str, ...] | bool, loops: bool) -> list[tuple[str, list[str]]]:
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
        rows.append(cell("", t(f"diagram.legend.{effect}", language), bg=c["fill"], colour=c["line"],
                         style=c["style"] if c["style"] != "solid" else ""))
    sections.append((t("diagram.legend.colour", language), rows))
    rows = [cell(SHAPES[k]["glyph"], t(f"diagram.kind.{k}", language)) for k in SHAPES]
    sections.append((t("diagram.legend.shape", language), rows))
    rows = [cell(f'<FONT COLOR="{EDGE_COLOURS["+"]}" POINT-SIZE="16">+</FONT>', t("diagram.legend.plus", language)),
            cell(f'<FONT COLOR="{EDGE_COLOURS["-"]}" POINT-SIZE="16">{SIGN_TEXT["-"]}</FONT>',
                 t("diagram.legend.minus", language)),
            cell("\u2501\u25b6", t("diagram.legend.width", language))]
    sections.append((t("diagram.legend.arrows", language), rows))
    if loops:
        rows = [cell(f"{LOOP_GLYPH}R", t("diagram.legend.reinforcing", language)),
                cell(f"{LOOP_GLYPH}B", t("diagram.legend.balancing", language))]
        sections.append((t("diagram.legend.loops", language), rows))
    rows = []
    if marks:
        used = set(marks) if isinstance(marks, tuple) else set()
        for mark, effect in BADGE_EFFECT.items():
            if mark in ("develop", "unconfirmed") and mark not in used:    # shown only when a code has it
                continue
            rows.append(cell(f'<FONT COLOR="{PALETTE[effect]["line"]}">{BADGES[mark]}</FONT>',
                             t(f'diagram.legend.{mark}', language)))
    rows.append(cell("", t("diagram.legend.counts", language)))
    rows.append(cell("", t("diagram.legend.privacy", language)))
    sections.append((t("diagram.legend.marks" if marks else "diagram.legend.more", language), rows))
    return sections


def _legend_label(language: str, *, marks: tuple[str, ...] | bool, loops: bool, columns: int = 0) -> str:
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
            f'{html_text(t("diagram.legend", language))}</B></FONT></TD></TR>' + "".join(rows) + "</TABLE></FONT>>")


def _marker_attrs(loop, language: str) -> dict:
    colour = MARKER_COLOURS.get(loop.reading, MARKER_COLOURS["mixed"])
    kind = t(f"diagram.loop.{loop.polarity}", language) if loop.polarity in ("reinforcing", "balancing") else ""
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



def _unlinked_head(language: str) -> str:
    return (f'<<FONT POINT-SIZE="15"><B>{html_text(t("diagram.unlinked", language))}</B></FONT><BR/>'
            f'<FONT POINT-SIZE="11" COLOR="#555555">{html_text(t("diagram.unlinked.note", language))}</FONT>>')
