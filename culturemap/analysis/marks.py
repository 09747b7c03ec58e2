"""
=========================
Cherish / reduce marks
=========================

:func:`mark_codes` gives every value, belief and behaviour on the map a mark, a priority and the reasons
in plain words (in the project language); :func:`balance` gives the culture balance, the share of
hindering mentions (our analogue of Barrett's cultural entropy).

Marks follow the code's effect in the codebook:

- ``cherish`` for enabling codes ("koesteren en uitbouwen");
- ``reduce`` for hindering codes ("reduceren, afzwakken, elimineren");
- ``redirect`` for ambivalent codes: keep it, but point it at the customer (the consultants' example:
  "we always help each other" is fine, and should extend to helping the customer the same way).

Marks follow what people said, too: a mention's stance (``present``, ``absent``, ``wished``) counts. When
most mentions of a code (more than half, ``negated_share > 0.5``) say it is missing or wished for:

- an enabling code is a gap, ``develop`` ("ontwikkelen"): people want it, it is not there yet;
- a hindering code is ``unconfirmed`` ("niet bevestigd"): people deny it, so it is not something to reduce
  before the group confirms it plays at all.

Behaviours are marked too, not only values and beliefs: the actions the group brainstorms usually target
a behaviour (leaders calling customers, feeding back complaints), so the consultant needs their priority.
Outcomes are not marked: they are results, not something to cherish or reduce directly.

The priority (0-1) combines three things, each 0-1::

    score = 0.4 * spread + 0.3 * loops + 0.3 * leverage

- spread: half the share of interviews that mention the code, half the share of groups that do (just the
  interview share when the engagement has fewer than two groups);
- loops: ``1 - 0.5 ** k`` for the ``k`` loops that make the mark urgent: vicious loops for ``reduce``,
  virtuous loops for ``cherish``, any reinforcing loop for ``redirect``;
- leverage: half the share of the other nodes of the map that the code drives (reachable downstream),
  half its direct pull: the evidence on its outgoing links (sum of their ``sources``, a hand-drawn link
  counting as one) relative to the code with the most. Reach alone cannot tell apart the codes of one
  knot (they all reach each other); the direct pull can.
"""
from __future__ import annotations

from ..i18n import t
from ..models import Mark, MarkResult

__all__ = ["mark_codes", "balance", "mark_of", "MARKED_KINDS", "MARK_OF_EFFECT", "MARKS", "OPTIONAL_MARKS"]

MARKED_KINDS = ("value", "belief", "behaviour")
MARK_OF_EFFECT = {"enabling": "cherish", "hindering": "reduce", "ambivalent": "redirect"}
MARK_WHEN_DENIED = {"cherish": "develop", "reduce": "unconfirmed"}     # most mentions: absent or wished
MARKS = ("cherish", "develop", "reduce", "unconfirmed", "redirect")    # the order reports and decks use
OPTIONAL_MARKS = ("develop", "unconfirmed", "redirect")               # shown only when a code has them
URGENT_READING = {"cherish": ("virtuous",), "develop": ("virtuous", "vicious"), "reduce": ("vicious",),
                  "unconfirmed": ("vicious",), "redirect": ("vicious", "virtuous", "mixed")}


def mark_of(effect: str, negated_share: float) -> str | None:
    """The mark of a code with this effect when ``negated_share`` of its mentions are absent or wished.

    >>> mark_of("enabling", 0.2), mark_of("enabling", 0.75), mark_of("hindering", 0.6), mark_of("ambivalent", 1.0)
    ('cherish', 'develop', 'unconfirmed', 'redirect')
    >>> mark_of("enabling", 0.5)          # a tie is not "most": the code keeps its mark
    'cherish'
    """
    mark = MARK_OF_EFFECT.get(effect)
    if mark is not None and negated_share > 0.5:
        return MARK_WHEN_DENIED.get(mark, mark)
    return mark
MAX_QUOTES = 3
MAX_IDS = 5


def mark_codes(graph, loops, evidence):
    """Mark every value, belief and behaviour of the map: cherish, reduce or redirect, with a priority.

    Parameters
    ----------
    graph : networkx.DiGraph
        The map from :func:`culturemap.analysis.graph.build_graph`.
    loops : culturemap.models.LoopResult
        Its loops, from :func:`culturemap.analysis.loops.find_loops`.
    evidence : culturemap.project.Evidence
        The evidence the graph was built from (interviews for the totals, tags for the quotes).

    Returns
    -------
    culturemap.models.MarkResult
        ``marks`` sorted by score (highest first, then code id) and the :func:`balance` of the evidence.

    Examples
    --------
    >>> import networkx as nx
    >>> from culturemap.analysis.loops import find_loops
    >>> from culturemap.models import Codebook, Code
    >>> from culturemap.project import Evidence, Interview, Settings
    >>> G = nx.DiGraph(group=None)
    >>> G.add_node("numbers", label="Only numbers count", kind="belief", effect="hindering", sources=2,
    ...            interviews=["i1", "i2"], negated_share=0.0)
    >>> G.add_node("no-time", label="No time", kind="behaviour", effect="hindering", sources=1,
    ...            interviews=["i1"], negated_share=0.0)
    >>> G.add_edge("numbers", "no-time", sign="+", sources=2)
    >>> G.add_edge("no-time", "numbers", sign="+", sources=1)
    >>> ivs = (Interview("i1", "I01", "a", None, "en"), Interview("i2", "I02", "b", None, "en"))
    >>> ev = Evidence(Codebook(1, "en", ()), Settings(language="en"), ivs, (), ())
    >>> result = mark_codes(G, find_loops(G), ev)
    >>> first = result.marks[0]
    >>> first.code, first.mark, first.score
    ('numbers', 'reduce', 0.85)
    >>> first.reasons
    ('Mentioned in 2 of 2 dialogues, in 2 groups', 'Part of vicious circle R1', 'Drives 1 other part of the map')
    """
    import networkx as nx

    language = evidence.settings.language
    scope_group = graph.graph.get("group")
    interviews = {i.id: i for i in evidence.interviews if scope_group is None or i.group == scope_group}
    total = len(interviews)
    all_groups = {i.group for i in interviews.values() if i.group}
    others = max(graph.number_of_nodes() - 1, 1)
    pull = {n: sum(max(int(d.get("sources", 0) or 0), 1) for _, _, d in graph.out_edges(n, data=True))
            for n in graph.nodes}
    most_pull = max(pull.values(), default=0) or 1

    loops_of: dict[str, list] = {}
    for loop in loops.loops:
        for node in loop.nodes:
            loops_of.setdefault(node, []).append(loop)

    marks = []
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("kind") not in MARKED_KINDS or data.get("effect") not in MARK_OF_EFFECT:
            continue
        negated = float(data.get("negated_share", 0.0) or 0.0)
        mark = mark_of(data["effect"], negated) or MARK_OF_EFFECT[data["effect"]]
        told_by = [i for i in data.get("interviews", []) if i in interviews]
        groups = {interviews[i].group for i in told_by if interviews[i].group}
        reasons = []

        # spread
        share = len(told_by) / total if total else 0.0
        if len(all_groups) >= 2:
            spread = 0.5 * share + 0.5 * len(groups) / len(all_groups)
            key = "mark.spread_group" if len(groups) == 1 else "mark.spread_groups"
        else:
            spread = share
            key = "mark.spread"
        reasons.append(t(key, language, n=len(told_by), total=total, groups=len(groups)))

        # loops
        mine = loops_of.get(node, [])
        urgent = [l for l in mine if l.polarity == "reinforcing" and l.reading in URGENT_READING[mark]]
        loop_score = 1 - 0.5 ** len(urgent)
        kinds = (("mark.in_vicious", lambda l: l.reading == "vicious"),
                 ("mark.in_virtuous", lambda l: l.reading == "virtuous"),
                 ("mark.in_reinforcing", lambda l: l.polarity == "reinforcing" and l.reading == "mixed"),
                 ("mark.in_balancing", lambda l: l.polarity == "balancing"))
        for key, wanted in kinds:
            ids = [l.id for l in mine if wanted(l)]
            if ids:
                reasons.append(t(key + ("_many" if len(ids) > 1 else ""), language, ids=_id_list(ids)))

        # leverage
        driven = len(nx.descendants(graph, node))
        leverage = 0.5 * driven / others + 0.5 * pull[node] / most_pull
        if driven == 1:
            reasons.append(t("mark.drives_one", language))
        elif driven > 1:
            reasons.append(t("mark.drives", language, n=driven))

        if negated >= 0.5:
            reasons.append(t("mark.negated", language, pct=round(100 * negated)))
        if mark in ("redirect", "develop", "unconfirmed"):
            reasons.append(t(f"mark.{mark}_hint", language))

        score = min(max(0.4 * spread + 0.3 * loop_score + 0.3 * leverage, 0.0), 1.0)
        marks.append(Mark(code=node, label=data.get("label", node), kind=data["kind"], effect=data["effect"],
                          mark=mark, score=round(score, 3), reasons=tuple(reasons),
                          quotes=_quotes(evidence, node, set(told_by))))
    marks.sort(key=lambda m: (-m.score, m.code))
    return MarkResult(marks=tuple(marks), balance=balance(evidence))


def _id_list(ids):
    shown = ", ".join(ids[:MAX_IDS])
    return shown if len(ids) <= MAX_IDS else f"{shown} (+{len(ids) - MAX_IDS})"


def _quotes(evidence, code, interview_ids):
    """Up to three redacted quotes for a code, one per interview first, under the pseudonym."""
    tags = sorted((tg for tg in evidence.tags
                   if tg.code == code and tg.interview in interview_ids and tg.text.strip() and not tg.orphaned),
                  key=lambda tg: (tg.interview, tg.start, tg.end))
    firsts: list = []
    rest: list = []
    seen_iv: set = set()
    seen_text: set = set()
    for tag in tags:
        text = " ".join(tag.text.split())
        if text in seen_text:
            continue
        seen_text.add(text)
        (rest if tag.interview in seen_iv else firsts).append((tag.interview, text))
        seen_iv.add(tag.interview)
    quotes = []
    for interview_id, text in (firsts + rest)[:MAX_QUOTES]:
        iv = evidence.interview(interview_id)
        quotes.append({"interview": iv.pseudonym if iv is not None else interview_id, "text": text})
    return tuple(quotes)


def balance(evidence):
    """The culture balance: the share of hindering mentions, overall and per group.

    A mention is an accepted tag of a value, belief or behaviour. It is hindering when the code is
    hindering and not negated, or when the code is enabling and negated ("here the customer does *not*
    come first"). Groups below the anonymity threshold get no figure but a note in ``suppressed``
    (they still count in ``overall``); interviews without a group count only in ``overall``.

    Parameters
    ----------
    evidence : culturemap.project.Evidence

    Returns
    -------
    dict
        ``{"overall": share, "mentions": n, "hindering": n, "by_group": {group: share},
        "suppressed": {group: note}}``; shares are rounded to 3 decimals (0.0 without mentions).

    Examples
    --------
    >>> from culturemap.models import Code, Codebook, Tag
    >>> from culturemap.project import Evidence, Interview, Settings
    >>> book = Codebook(1, "en", (Code("first", "Customer first", "belief", "enabling"),
    ...                           Code("silo", "Silo thinking", "belief", "hindering")))
    >>> ivs = tuple(Interview(f"i{n}", f"I0{n}", "staff" if n < 4 else "hr", None, "en") for n in range(1, 5))
    >>> tags = (Tag("i1", "", 0, 1, "silo"), Tag("i2", "", 0, 1, "first"), Tag("i3", "", 0, 1, "first", negated=True),
    ...         Tag("i4", "", 0, 1, "silo"))
    >>> b = balance(Evidence(book, Settings(language="en"), ivs, tags, ()))
    >>> b["overall"], b["by_group"]
    (0.75, {'staff': 0.667})
    >>> b["suppressed"]
    {'hr': '1 interview(s), fewer than the anonymity threshold of 3: not shown separately'}
    """
    language = evidence.settings.language
    threshold = evidence.settings.anonymity_threshold
    codes = {c.id: c for c in evidence.codebook.codes}
    group_of = {i.id: i.group for i in evidence.interviews}
    sizes = evidence.group_sizes()

    overall = [0, 0]  # mentions, hindering
    counts: dict[str, list[int]] = {}  # group -> [mentions, hindering]
    for tag in evidence.tags:
        code = codes.get(tag.code)
        if code is None or code.kind not in MARKED_KINDS:
            continue
        hindering = (code.effect == "hindering" and not tag.negated) or (code.effect == "enabling" and tag.negated)
        rows = [overall]
        if group_of.get(tag.interview):
            rows.append(counts.setdefault(group_of[tag.interview], [0, 0]))
        for row in rows:
            row[0] += 1
            row[1] += int(hindering)

    def share(row):
        return round(row[1] / row[0], 3) if row and row[0] else 0.0

    by_group, suppressed = {}, {}
    for group, size in sizes.items():
        if size < threshold:
            suppressed[group] = t("group.suppressed", language, n=size, threshold=threshold)
        else:
            by_group[group] = share(counts.get(group))
    return {"overall": share(overall), "mentions": overall[0], "hindering": overall[1],
            "by_group": by_group, "suppressed": suppressed}
