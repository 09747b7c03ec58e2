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

The package, by responsibility:

- :mod:`.style`: sizes, colours, shapes, badges; node, link and marker attributes, titles and the legend,
- :mod:`.geometry`: splines as points, free spots for signs and markers, snug shapes, the loop ring,
- :mod:`.graphviz`: DOT statements via pydot, layout passes (``dot -Tjson0``) and :func:`render`,
- :mod:`.map_page`: the whole map on a 16:9 page (:func:`map_dot`),
- :mod:`.loop_page`: one loop with its quotes (:func:`loop_dot`).

Every name is importable from ``culturemap.export.diagram`` itself.
"""
from __future__ import annotations

import shutil  # noqa: F401  (callers and tests reach Graphviz's lookup as diagram.shutil.which)

from .geometry import (
    OUTSIDE_COST,  # noqa: F401
    bezier_polyline,
    fit_shape,
    inside_polygon,
    point_along,
    ring_radius,
    seat,
    shift_spline,
    sign_spot,
    spline_points,
)
from .graphviz import graphviz_available, render
from .loop_page import loop_dot
from .map_page import map_dot
from .style import (  # noqa: F401  (the look, as module attributes of culturemap.export.diagram)
    BADGES,
    BLOCK_PAD,
    EDGE_COLOURS,
    FONT,
    FONT_SIZE,
    FONT_SMALL,
    GRID_GAP,
    LAYOUT_BOX,
    LEGEND_FONT,
    LEGEND_WRAP,
    LOOP_GLYPH,
    MARKER_COLOURS,
    MARKER_SIZE,
    PAGE_SIZE,
    PALETTE,
    PIECE_GAP,
    PNG_DPI,
    RENDER_FORMATS,
    SHAPES,
    SIGN_BOX,
    SIGN_FONT,
    SIGN_TEXT,
    TITLE_FONT,
    TITLE_GAP,
    WRAP,
    WRAP_SMALL,
    dot_ids,
    html_text,
    wrap_label,
)

__all__ = [
    "map_dot", "loop_dot", "render", "graphviz_available", "dot_ids", "wrap_label", "html_text",
    "fit_shape", "ring_radius", "seat", "sign_spot", "inside_polygon", "spline_points", "shift_spline",
    "bezier_polyline", "point_along", "PALETTE", "SHAPES", "RENDER_FORMATS", "PNG_DPI", "PAGE_SIZE",
]
