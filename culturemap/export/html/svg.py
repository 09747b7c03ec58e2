"""The figures of the report: Graphviz SVG made fit to inline, the clickable map and each loop's ring."""
from __future__ import annotations

import re

from ...i18n import t

__all__ = ["inline_svg", "loop_ring_dot"]

_SVG_DROP = [
    re.compile(r"<\?xml[^>]*\?>\s*"),
    re.compile(r"<!DOCTYPE[^>]*>\s*", re.S),
    re.compile(r"<!--.*?-->\s*", re.S),
]


def inline_svg(svg: str | bytes, prefix: str, *, node_codes: dict | None = None, labels: dict | None = None,
               title: str = "", description: str = "") -> str:
    """Make Graphviz SVG fit for inlining in HTML.

    Drops the XML declaration, doctype, comments and namespace declarations (so the page has no URL in it),
    prefixes every ``id`` (several SVGs share one page), makes it scale with the page and, for nodes listed
    in ``node_codes`` (DOT node id -> code), adds ``data-code``, ``tabindex``, ``role`` and ``aria-label``
    and replaces the tooltip (DOT id) with the label.

    Examples
    --------
    >>> svg = '<?xml version="1.0"?><svg width="10pt" height="5pt" viewBox="0 0 10 5" xmlns="http://www.w3.org/2000/svg"><g id="node1" class="node"><title>n1</title></g></svg>'
    >>> print(inline_svg(svg, "m", node_codes={"n1": "a"}, labels={"a": "A & B"}))
    <svg viewBox="0 0 10 5" class="cm-svg" role="group" aria-labelledby="m-title"><title id="m-title"></title><g id="m-node1" class="node cm-node" data-code="a" tabindex="0" role="button" aria-label="A &amp; B"><title>A &amp; B</title></g></svg>
    """
    from html import escape

    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    for pattern in _SVG_DROP:
        text = pattern.sub("", text)
    text = text.strip()
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)

    def fix_root(match):
        attrs = match.group(1)
        attrs = re.sub(r'\s(width|height)="[^"]*"', "", attrs)
        role = "group" if node_codes else "img"      # an img's children are hidden from screen readers
        aria = f' class="cm-svg" role="{role}" aria-labelledby="{prefix}-title"'
        return f"<svg{attrs}{aria}>"

    text = re.sub(r"<svg([^>]*)>", fix_root, text, count=1)
    text = re.sub(r'\bid="([^"]*)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r'url\(#([^)]*)\)', lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'href="#([^"]*)"', lambda m: f'href="#{prefix}-{m.group(1)}"', text)
    # graphviz links (URL attributes) must not survive: nothing may point outside the page
    text = re.sub(r'\s(?:xlink:)?href="(?!#)[^"]*"', "", text)
    head = f'<title id="{prefix}-title">{escape(title)}</title>'
    if description:
        head += f"<desc>{escape(description)}</desc>"
    text = re.sub(r"(<svg[^>]*>)\s*(<title>[^<]*</title>)?", lambda m: m.group(1) + head, text, count=1)
    if node_codes:
        labels = labels or {}

        def fix_node(match):
            gid, title_text = match.group(1), match.group(2)
            key = _xml_unescape(title_text)
            code = node_codes.get(key)
            if code is None:
                return match.group(0)
            label = escape(str(labels.get(code, code)))
            return (f'<g id="{gid}" class="node cm-node" data-code="{escape(code)}" tabindex="0" role="button" '
                    f'aria-label="{label}"><title>{label}</title>')

        text = re.sub(r'<g id="([^"]*)" class="node">\s*<title>([^<]*)</title>', fix_node, text)
    return text


def _xml_unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


def loop_ring_dot(graph, loop, *, language: str) -> str:
    """DOT of one loop as a ring only (no title, no quote table), sized to its content.

    The report and the deck set the story and the quotes as text next to it, where they stay readable
    at any size; :func:`culturemap.export.diagram.loop_dot` draws the full one-page version.
    """
    from ..diagram import loop_dot

    source = loop_dot(graph, loop, language=language, title=" ", quotes=False)
    # sized to its content, not to a slide: drop the page size and ratio the full view sets
    return re.sub(r'\b(size|ratio)\s*=\s*("[^"]*"|[\w.!]+)\s*;?', "", source, count=2)


def _render_svg(dot_source: str) -> str:
    from ..diagram import render

    return render(dot_source, "svg").decode("utf-8")


def _map_svg(context, language, labels) -> str:
    from ..diagram import dot_ids, map_dot

    graph = context.graph
    dot_source = map_dot(graph, context.loops, context.marks, language=language, title=context.title)
    ids = {dot_id: code for code, dot_id in dot_ids(graph).items()}
    return inline_svg(_render_svg(dot_source), "map", node_codes=ids, labels=labels, title=context.title,
                      description=t("map.alt", language, codes=graph.number_of_nodes(),
                                         links=graph.number_of_edges()))


def _loop_svg(context, loop, language, labels) -> str:
    names = ", ".join(labels.get(c, c) for c in loop.nodes)
    return inline_svg(_render_svg(loop_ring_dot(context.graph, loop, language=language)), f"loop-{loop.id}",
                      title=t("loops.alt", language, id=loop.id, labels=names))
