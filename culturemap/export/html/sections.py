"""The sections of the report as plain values for the template: nodes, loops, marks, balance, session.

Each function turns one part of the analysed engagement into the rows ``report.html.j2`` shows, with
every label already in the project language; :func:`culturemap.export.html.render_report` puts them
together.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...analysis.stories import clean_quote, loop_quotes, loop_story
from ...i18n import t
from .svg import _loop_svg
from .wording import group_name, vocab


@dataclass(frozen=True)
class _NodeView:
    code: str
    label: str
    kind: str
    effect: str
    mark: str
    score: float | None
    mentions: int
    sources: int
    groups: tuple
    causes: tuple
    effects: tuple
    quotes: tuple
    more_quotes: int
    folded: bool = False


def _node_views(context, marks_by_code, language, max_quotes=4):
    graph, evidence = context.graph, context.evidence
    settings = evidence.settings
    sizes = evidence.group_sizes()
    threshold = settings.anonymity_threshold
    labels = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    tags_by_code: dict[str, list] = {}
    for tag in evidence.tags:
        tags_by_code.setdefault(tag.code, []).append(tag)
    views = []
    for code in sorted(graph.nodes, key=lambda c: (labels[c].lower(), c)):
        data = graph.nodes[code]
        groups: dict[str, int] = {}
        for g, n in sorted((data.get("groups") or {}).items()):
            key = g if g == "other" or sizes.get(g, 0) >= threshold else "other"   # never reveal a small group
            groups[key] = groups.get(key, 0) + int(n)
        ordered = sorted((g for g in groups if g != "other"), key=lambda g: group_name(g, settings, language).lower())
        if "other" in groups:
            ordered.append("other")
        quotes = []
        for tag in sorted(tags_by_code.get(code, []), key=lambda t: (t.interview, t.start, t.end)):
            text = clean_quote(tag.text)
            if not text:
                continue
            iv = evidence.interview(tag.interview)
            who = iv.pseudonym if iv is not None else tag.speaker
            quotes.append((who, text))
        mark = marks_by_code.get(code)
        views.append(_NodeView(
            code=code, label=labels[code], kind=str(data.get("kind", "")), effect=str(data.get("effect", "")),
            mark=mark.mark if mark else "", score=mark.score if mark else None,
            mentions=int(data.get("mentions", 0)), sources=int(data.get("sources", 0)),
            groups=tuple((group_name(g, settings, language), groups[g]) for g in ordered),
            causes=tuple(sorted(((labels[c], graph.edges[c, code].get("sign", "+")) for c in graph.predecessors(code)))),
            effects=tuple(sorted(((labels[e], graph.edges[code, e].get("sign", "+")) for e in graph.successors(code)))),
            quotes=tuple(quotes[:max_quotes]), more_quotes=max(0, len(quotes) - max_quotes),
            folded="other" in groups,
        ))
    return views



def _loop_items(context, labels, kinds, language):
    """One item per loop: its kind and reading in words, its story, its ring as inline SVG, its quotes."""
    loops, graph = context.loops, context.graph
    loop_items = []
    for loop in (loops.loops if loops is not None else ()):
        loop_items.append({
            "id": loop.id,
            "polarity": vocab(f"polarity.{loop.polarity}", language),
            "reading": vocab(f"reading.{loop.reading}", language) if loop.reading != "mixed" else "",
            "kind": loop.polarity,
            "tone": loop.reading,
            "story": loop_story(loop, labels, language, kinds),
            "svg": _loop_svg(context, loop, language, labels),
            "quotes": loop_quotes(graph, loop),
        })
    return loop_items


def _mark_sections(mark_list, language):
    """Cherish, develop, reduce, unconfirmed, redirect (the last three only when there is one) and any other
    mark, each with its marks in order."""
    from ...analysis.marks import MARKS, OPTIONAL_MARKS

    mark_sections = []
    for name in MARKS:
        items = [m for m in mark_list if m.mark == name]
        if name in OPTIONAL_MARKS and not items:
            continue
        mark_sections.append({"name": name, "title": t(f"marks.{name}.title", language),
                              "intro": t(f"marks.{name}.intro", language), "items": items})
    other_marks = sorted({m.mark for m in mark_list} - set(MARKS))
    for name in other_marks:
        mark_sections.append({"name": name, "title": vocab(f"mark.{name}", language).capitalize(), "intro": "",
                              "items": [m for m in mark_list if m.mark == name]})
    return mark_sections


def _balance_rows(balance: dict, settings, language):
    rows = []
    overall = balance.get("overall")
    if overall is not None:
        rows.append((t("balance.overall", language), round(100 * float(overall)), True))
    for group, share in sorted((balance.get("by_group") or {}).items(),
                               key=lambda kv: group_name(kv[0], settings, language).lower()):
        if share is None:
            continue
        rows.append((group_name(group, settings, language), round(100 * float(share)), False))
    suppressed = [(group_name(g, settings, language), str(note))
                  for g, note in sorted((balance.get("suppressed") or {}).items())]
    return rows, suppressed



def _decisions(session, labels, language):
    """The group session's decisions: what was recognised and the actions agreed, in words."""
    decisions = []
    if session is not None:
        for d in session.decisions:
            decisions.append({
                "code": d.code, "label": labels.get(d.code, d.code),
                "recognised": t(f"session.rec.{d.recognised or 'none'}", language),
                "recognised_key": d.recognised or "none",
                "note": d.note,
                "actions": [{"what": a.what, "who": a.who,
                             "perspective": t(f"perspective.{a.perspective}", language) if a.perspective else "",
                             "direction": vocab(f"mark.{a.direction}", language) if a.direction else ""}
                            for a in d.actions],
            })
    return decisions
