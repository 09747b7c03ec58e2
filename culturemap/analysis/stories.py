"""Feedback loops told in plain words: the story of a loop and the quotes that tell it.

The report (:mod:`culturemap.export.html`) and the deck (:mod:`culturemap.export.pptx`) show each loop
as a short story ("Omdat ‘Alleen de cijfers tellen’ sterker wordt, neemt ‘Hoge werkdruk’ toe, ...") with
a redacted quote or two. The wording is generated from the loop's links, so it lives here, with the
analysis, and not in one of the formats that shows it:

- :func:`reinforcing_story`: the story of a reinforcing loop (a vicious circle, a virtuous circle, or a
  loop that reinforces itself),
- :func:`balancing_story`: the story of a balancing loop (one that holds itself back),
- :func:`loop_story`: the story of any loop, by its polarity,
- :func:`loop_quotes`: the quotes that tell a loop's links, from distinct interviews.

Everything is deterministic: the same loop, labels and graph give the same text and the same quotes in
the same order. Only redacted evidence under pseudonyms is used; no name ever appears.
"""
from __future__ import annotations

import re

from ..i18n import t

__all__ = ["reinforcing_story", "balancing_story", "loop_story", "loop_quotes", "clean_quote"]



def _quoted(label: str, language: str) -> str:
    return f"‘{label}’" if language == "nl" else f"“{label}”"


def clean_quote(text: str) -> str:
    """A quote as shown: whitespace collapsed, Markdown emphasis markers of interview notes removed.

    Parameters
    ----------
    text : str
        Redacted text of a tag or a link's evidence (``None`` counts as empty).

    Returns
    -------
    str

    Examples
    --------
    >>> clean_quote("**[naam]**: zo  doen we het\\n nu eenmaal")
    '[naam]: zo doen we het nu eenmaal'
    """
    text = re.sub(r"(\*\*|__)", "", str(text or ""))
    return " ".join(text.split())


def _tell(loop, labels: dict, language: str, kinds: dict | None, ending: str) -> str:
    """The story of ``loop`` followed by the ``story.end.<ending>`` phrase (see :func:`loop_story`)."""
    kinds = kinds or {}
    links = list(loop.links)
    if not links:
        return ""

    def lab(code):
        return _quoted(labels.get(code, code), language)

    def verb(kind_key, code, up):
        suffix = ".belief" if kinds.get(code) in ("value", "belief") else ""
        return t(f"story.{kind_key}.{'up' if up else 'down'}{suffix}", language, x=lab(code))

    # tell the story from the first value or belief: beliefs drive behaviour, not the other way round
    start = next((i for i, (cause, _e, _s) in enumerate(links) if kinds.get(cause) in ("value", "belief")), 0)
    links = links[start:] + links[:start]
    up = [True]
    for _cause, _effect, sign in links:
        up.append(up[-1] if sign == "+" else not up[-1])
    chain = [c for c, _e, _s in links]           # chain[i] has direction up[i]; links[-1] returns to chain[0]
    first = chain[0]
    if language == "nl":
        text = t("story.first", language, a=lab(first), sub_a=verb("sub", first, True),
                       main_b=verb("main", chain[1], up[1])) if len(chain) > 1 else ""
    else:
        text = t("story.first", language, a=lab(first), sub_a=verb("sub", first, True),
                       b=lab(chain[1]), sub_b=verb("sub", chain[1], up[1])) if len(chain) > 1 else ""
    clauses = 1
    for i in range(2, len(chain)):
        code = chain[i]
        if clauses >= 2:
            if language == "nl":
                text += t("story.restart", language, main_x=verb("main", code, up[i]))
            else:
                text += t("story.restart", language, x=lab(code), sub_x=verb("sub", code, up[i]))
            clauses = 1
        else:
            text += t("story.next", language, x=lab(code), sub_x=verb("sub", code, up[i]))
            clauses += 1
    back_up = up[len(links)]
    if language == "nl":
        again = verb("again", first, back_up)
        text += t("story.close", language, main_first=again)
    else:
        text += t("story.close", language, first=lab(first), again_first=verb("again", first, back_up))
    if len(chain) == 1:                                  # a self-loop (graphs normally have none)
        text = text.lstrip(". ")
        text = text[0].upper() + text[1:]
    return text + t(f"story.end.{ending}", language)


def _reinforcing_ending(loop) -> str:
    return loop.reading if loop.reading in ("vicious", "virtuous") else "mixed"


def reinforcing_story(loop, labels: dict, language: str, kinds: dict | None = None) -> str:
    """The story of a reinforcing loop: each turn round the loop pushes the same way again.

    The story ends by the loop's reading: a vicious circle (it keeps hindering customer-centricity going),
    a virtuous circle (it feeds what helps) or, when mixed, a loop that reinforces itself. How the
    sentences are built is described under :func:`loop_story`.

    Parameters
    ----------
    loop : culturemap.models.Loop
        A loop with ``polarity == "reinforcing"``.
    labels : dict
        Code id -> label in the project language (a code without a label is shown by its id).
    language : {"nl", "en"}
        Language of the story; another language falls back to English.
    kinds : dict, optional
        Code id -> kind (value, belief, behaviour, outcome).

    Returns
    -------
    str
        One paragraph; empty for a loop without links.

    Raises
    ------
    ValueError
        When ``loop`` is not a reinforcing loop.

    Examples
    --------
    >>> from culturemap.models import Loop
    >>> loop = Loop("R1", "reinforcing", "vicious", ("a", "b"), (("a", "b", "+"), ("b", "a", "+")))
    >>> reinforcing_story(loop, {"a": "Only numbers count", "b": "Workload"}, "en", {"a": "belief"})
    'Because “Only numbers count” grows stronger, “Workload” increases. And so “Only numbers count” grows stronger still: a vicious circle that keeps itself going.'
    """
    if loop.polarity != "reinforcing":
        raise ValueError(f"loop {loop.id} is {loop.polarity}, not reinforcing: use loop_story()")
    return _tell(loop, labels, language, kinds, _reinforcing_ending(loop))


def balancing_story(loop, labels: dict, language: str, kinds: dict | None = None) -> str:
    """The story of a balancing loop: going round the loop turns the first element back.

    The story ends "a balancing loop that holds itself back" (nl: "een balancerende cirkel die zichzelf
    afremt"), whatever the loop's reading. How the sentences are built is described under
    :func:`loop_story`.

    Parameters
    ----------
    loop : culturemap.models.Loop
        A loop with ``polarity == "balancing"``.
    labels : dict
        Code id -> label in the project language (a code without a label is shown by its id).
    language : {"nl", "en"}
        Language of the story; another language falls back to English.
    kinds : dict, optional
        Code id -> kind (value, belief, behaviour, outcome).

    Returns
    -------
    str
        One paragraph; empty for a loop without links.

    Raises
    ------
    ValueError
        When ``loop`` is not a balancing loop.

    Examples
    --------
    >>> from culturemap.models import Loop
    >>> b = Loop("B1", "balancing", "mixed", ("a", "b"), (("a", "b", "+"), ("b", "a", "-")))
    >>> balancing_story(b, {"a": "Klachten", "b": "Leiding luistert mee"}, "nl")
    'Omdat ‘Klachten’ toeneemt, neemt ‘Leiding luistert mee’ toe. Zo neemt ‘Klachten’ weer af: een balancerende cirkel die zichzelf afremt.'
    """
    if loop.polarity != "balancing":
        raise ValueError(f"loop {loop.id} is {loop.polarity}, not balancing: use loop_story()")
    return _tell(loop, labels, language, kinds, "balancing")


def loop_story(loop, labels: dict, language: str, kinds: dict | None = None) -> str:
    """A loop told as a short story in plain words, generated from its links.

    Each step follows the sign of a link: ``+`` keeps the direction (more leads to more), ``-`` turns it
    (more leads to less). Values and beliefs grow stronger or weaker, behaviour and outcomes increase or
    decrease. The story starts at the loop's first value or belief (beliefs drive behaviour) and its last
    link brings it back there. A balancing loop ends as in :func:`balancing_story`, any other as in
    :func:`reinforcing_story`.

    Parameters
    ----------
    loop : culturemap.models.Loop
        The loop to tell.
    labels : dict
        Code id -> label in the project language.
    language : str
        "nl" or "en".
    kinds : dict, optional
        Code id -> kind (value, belief, behaviour, outcome).

    Returns
    -------
    str
        One paragraph; empty for a loop without links.

    Examples
    --------
    >>> from culturemap.models import Loop
    >>> loop = Loop("R1", "reinforcing", "vicious", ("a", "b", "c"),
    ...             (("a", "b", "+"), ("b", "c", "+"), ("c", "a", "+")))
    >>> labels = {"a": "Alleen cijfers tellen", "b": "Werkdruk", "c": "Klachten"}
    >>> loop_story(loop, labels, "nl", {"a": "belief", "b": "outcome", "c": "outcome"})
    'Omdat ‘Alleen cijfers tellen’ sterker wordt, neemt ‘Werkdruk’ toe, waardoor ‘Klachten’ toeneemt. Zo wordt ‘Alleen cijfers tellen’ nog sterker: een vicieuze cirkel die zichzelf in stand houdt.'
    >>> b = Loop("B1", "balancing", "mixed", ("a", "b"), (("a", "b", "+"), ("b", "a", "-")))
    >>> loop_story(b, {"a": "Complaints", "b": "Leaders listen in"}, "en")
    'Because “Complaints” increases, “Leaders listen in” increases. And so “Complaints” decreases again: a balancing loop that holds itself back.'
    """
    ending = "balancing" if loop.polarity == "balancing" else _reinforcing_ending(loop)
    return _tell(loop, labels, language, kinds, ending)


def loop_quotes(graph, loop, limit: int = 2) -> list[dict]:
    """Up to ``limit`` redacted quotes that tell the links of ``loop``, from distinct interviews.

    The links are visited best-supported first (most interviews; ties by cause and effect id), and each
    gives its first quote (by interview and position) from an interview not quoted yet.

    Parameters
    ----------
    graph : networkx.DiGraph
        The map the loop was found in; edge data ``sources`` and ``evidence`` (redacted items with
        ``interview``, ``pseudonym``, ``start``, ``text``).
    loop : culturemap.models.Loop
        The loop whose links are quoted (links missing from ``graph`` are skipped).
    limit : int
        Most quotes to return.

    Returns
    -------
    list of dict
        ``{"interview": pseudonym, "text": cleaned redacted text, "cause": code, "effect": code}``, in the
        order above.

    Examples
    --------
    >>> import networkx as nx
    >>> from culturemap.models import Loop
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", sources=1, evidence=[{"interview": "i1", "pseudonym": "I01", "text": "Dus  a."}])
    >>> g.add_edge("b", "a", sources=2, evidence=[{"interview": "i2", "pseudonym": "I02", "text": "**B** dus a."}])
    >>> lp = Loop("R1", "reinforcing", "mixed", ("a", "b"), (("a", "b", "+"), ("b", "a", "+")))
    >>> [(q["interview"], q["text"]) for q in loop_quotes(g, lp)]
    [('I02', 'B dus a.'), ('I01', 'Dus a.')]
    """
    edges = []
    for cause, effect, _sign in loop.links:
        if graph.has_edge(cause, effect):
            data = graph.edges[cause, effect]
            edges.append((-int(data.get("sources", 0)), cause, effect, data))
    edges.sort(key=lambda e: (e[0], e[1], e[2]))
    quotes, seen = [], set()
    for _n, cause, effect, data in edges:
        for ev in sorted(data.get("evidence") or [], key=lambda e: (str(e.get("interview")), e.get("start", 0))):
            text = clean_quote(ev.get("text"))
            who = ev.get("pseudonym") or ev.get("interview") or ""
            if not text or ev.get("interview") in seen:
                continue
            seen.add(ev.get("interview"))
            quotes.append({"interview": who, "text": text, "cause": cause, "effect": effect})
            break
        if len(quotes) >= limit:
            break
    return quotes
