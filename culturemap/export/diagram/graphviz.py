"""Graphviz at work: DOT statements (via pydot), layout passes read back as JSON, and rendering.

:func:`_node_stmt`, :func:`_edge_stmt` and :func:`_graph_source` write deterministic DOT text; the layout
passes run ``dot -Tjson0`` (:func:`_graphviz_json`, cached) and :func:`_layout` reads positions and sizes
back; :func:`render` turns finished DOT into SVG, PNG (at :data:`~culturemap.export.diagram.style.PNG_DPI`)
or PDF. pydot is imported only when a statement is written.
"""
from __future__ import annotations

import functools
import json
import shutil
import subprocess

from ...errors import Errors, ExportError
from .style import FONT, FONT_SIZE, PNG_DPI, RENDER_FORMATS

__all__ = ["render", "graphviz_available"]

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
    decoder, i = json.JSONDecoder(), 0
    docs: list[dict] = []
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
