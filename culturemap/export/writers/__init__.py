"""The built-in export writers, one module per format (or family of formats that share their input).

Each module registers its format(s) with :func:`culturemap.export.formats.export_format` where the writer is
defined and imports nothing heavy at module level (spaCy, networkx, pydot and python-pptx are imported
inside the writers), so importing this package to list the formats is cheap. The modules are imported in
the order of :data:`BUILTIN`, which is the order of ``all``, of ``--help`` and of the E501 message:

graphviz (dot, svg, png, pdf), graphml, gexf, json, mermaid, kumu, csv, html (the report), pptx (the deck),
qdpx (qdpx and qdc for QDA tools; working files with names, never part of ``all``).
Each format's files and description are on its registration; the README's format table lists them.
"""
from __future__ import annotations

from importlib import import_module

__all__ = ["BUILTIN"]

#: Writer modules, in registration order.
BUILTIN = ("graphviz", "graphml", "gexf", "json", "mermaid", "kumu", "csv", "html", "pptx", "qdpx")

for _name in BUILTIN:
    import_module(f"{__name__}.{_name}")
