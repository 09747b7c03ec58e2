"""``report.html``: the analysis in one self-contained, offline HTML file.

One file the consultant can mail, open without network and print: the map as inline SVG with clickable
(and keyboard-focusable) nodes, a detail panel per node (mentions per group, redacted quotes under
pseudonyms), the feedback loops as short stories with their own small diagram, the cherish and reduce
lists with reasons and scores, the culture balance figure and, once ``DIR/session.yaml`` exists, what the
group recognised and the actions it agreed on.

The file holds no reference to anything outside itself: no ``http(s)`` URL, no external font, script,
style sheet or image (the SVG namespace declarations are dropped; HTML does not need them).

The package, by responsibility:

- :mod:`.page`: page assembly (:func:`render_report`, :func:`write_report`),
- :mod:`.sections`: the sections as plain values for the template (nodes, loops, marks, balance, session),
- :mod:`.svg`: Graphviz SVG made fit to inline, the map and each loop's ring (:func:`loop_ring_dot`),
- :mod:`.wording`: naming helpers of the report and the deck (:func:`kind_name`, :func:`group_name`, ...);
  their phrases are in :mod:`culturemap.i18n`.

The loop stories (:func:`loop_story`, :func:`loop_quotes`) are analysis and live in
:mod:`culturemap.analysis.stories`; they are re-exported here, and, with the wording helpers, shared with
:mod:`culturemap.export.pptx`.
"""
from __future__ import annotations

from ...analysis.stories import clean_quote, loop_quotes, loop_story
from .page import REPORT_FILE, render_report, write_report
from .svg import inline_svg, loop_ring_dot
from .wording import group_name, kind_name, vocab

__all__ = [
    "write_report", "render_report", "loop_story", "loop_quotes", "kind_name", "group_name",
    "inline_svg", "loop_ring_dot", "clean_quote", "REPORT_FILE", "vocab",
]
