"""``report.html``: the analysis in one self-contained, offline HTML file.

One file the consultant can mail, open without network and print: the map as inline SVG with clickable
(and keyboard-focusable) nodes, a detail panel per node (mentions per group, redacted quotes under
pseudonyms), the feedback loops as short stories with their own small diagram, the cherish and reduce
lists with reasons and scores, the culture balance figure and, once ``DIR/session.yaml`` exists, what the
group recognised and the actions it agreed on.

The file holds no reference to anything outside itself: no ``http(s)`` URL, no external font, script,
style sheet or image (the SVG namespace declarations are dropped; HTML does not need them).

The loop stories (:func:`loop_story`) and the small helpers for labels and quotes are shared with
:mod:`culturemap.export.pptx`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "write_report", "render_report", "loop_story", "loop_quotes", "phrase", "kind_name", "group_name",
    "inline_svg", "loop_ring_dot", "clean_quote", "REPORT_FILE",
]

REPORT_FILE = "report.html"

# Phrases of the report and the deck (the shared vocabulary - polarity, reading, marks, effects - comes
# from culturemap.i18n).
PHRASES: dict[str, dict[str, str]] = {
    "nl": {
        "doc.subtitle": "Cultuurkaart klantgerichtheid",
        "doc.figures": "{interviews} dialogen · {groups} groepen · {codes} onderdelen · {links} verbanden · {loops} feedbackcirkels",
        "nav.label": "Inhoud",
        "read.title": "Hoe lees je de kaart?",
        "read.boxes": "Elk vak is een waarde, overtuiging, gedrag of uitkomst die in de dialogen steeds terugkwam (een rode draad).",
        "read.colours": "Groen helpt klantgericht denken en handelen (bevorderend), rood staat het in de weg (belemmerend), grijs kan beide kanten op (tweeslachtig).",
        "read.arrows": "Een pijl van A naar B betekent: A beïnvloedt B. Bij + gaan ze dezelfde kant op (meer A, meer B), bij − de andere kant op (meer A, minder B). Hoe dikker de pijl, hoe meer dialogen dit verband noemden.",
        "read.loops": "R en B markeren feedbackcirkels: R (versterkend) houdt een patroon in stand en maakt het sterker, B (balancerend) remt zichzelf af.",
        "read.click": "Klik op een onderdeel (of ga er met Tab naartoe en druk op Enter) voor de details en de citaten; de lijst onder de kaart bevat ze allemaal.",
        "map.title": "De kaart",
        "map.alt": "Causaal diagram met {codes} onderdelen en {links} verbanden; de onderdelen staan ook in de lijst onder de kaart.",
        "panel.title": "Onderdeel van de kaart",
        "panel.close": "Sluiten",
        "detail.kind": "Soort",
        "detail.effect": "Werking",
        "detail.mark": "Advies",
        "detail.mentions": "Genoemd",
        "detail.mentions_value": "{mentions}× in {sources} van {total} dialogen",
        "detail.groups": "Per groep",
        "detail.groups_note": "Groepen met minder dan {threshold} dialogen staan samen onder ‘overig’, zodat niemand herkenbaar is.",
        "detail.causes": "Wordt beïnvloed door",
        "detail.effects": "Beïnvloedt",
        "detail.quotes": "Wat er gezegd werd",
        "detail.no_quotes": "Geen citaten (alleen als verband getekend).",
        "detail.more_quotes": "en nog {n} andere vermelding(en)",
        "all.title": "Alle onderdelen van de kaart",
        "loops.title": "Feedbackcirkels: wat houdt het patroon in stand?",
        "loops.intro": "Een feedbackcirkel is een reeks verbanden die weer uitkomt waar hij begon. Zulke cirkels verklaren waarom ‘zo doen we het nu eenmaal’ zo hardnekkig is.",
        "loops.none": "De kaart bevat (nog) geen feedbackcirkels.",
        "loops.truncated": "De kaart is zo verweven dat niet alle cirkels zijn uitgeschreven; de belangrijkste staan hieronder.",
        "loops.alt": "Diagram van cirkel {id}: {labels}",
        "loops.told": "Zo vertelden de dialogen het",
        "marks.cherish.title": "Koesteren en uitbouwen",
        "marks.cherish.intro": "Deze waarden en overtuigingen helpen klantgericht werken. Bouw erop voort.",
        "marks.reduce.title": "Afzwakken of loslaten",
        "marks.reduce.intro": "Deze overtuigingen staan klantgericht werken in de weg. Zoek samen naar manieren om ze af te zwakken.",
        "marks.redirect.title": "Ombuigen naar de klant",
        "marks.redirect.intro": "Deze waarden werken twee kanten op: goed onderling, maar nog niet gericht op de klant.",
        "marks.score": "prioriteit",
        "marks.priority": "in de sessie",
        "marks.priority_hint": "Een van de prioriteiten die in de groepssessie besproken worden",
        "marks.none": "Geen.",
        "balance.title": "Cultuurbalans",
        "balance.intro": "Het aandeel van alle vermeldingen dat belemmerend is (vergelijkbaar met ‘culturele entropie’ bij Barrett). Hoe lager, hoe meer de cultuur klantgericht werken helpt.",
        "balance.overall": "Totaal",
        "balance.value": "{pct}% belemmerend",
        "balance.counts": "{hindering} van de {mentions} vermeldingen zijn belemmerend.",
        "balance.bar": "{label}: {pct}% van de vermeldingen is belemmerend",
        "session.title": "Uit de groepssessie",
        "session.intro": "Wat de groep herkende en welke acties zijn afgesproken.",
        "session.date": "Sessie van {date}.",
        "session.none": "De groepssessie is nog niet vastgelegd. Vul na de sessie session.yaml in (zie session-template.yaml naast dit rapport) en draai ‘culturemap run’ opnieuw.",
        "session.recognised": "Herkend",
        "session.rec.yes": "ja",
        "session.rec.partly": "deels",
        "session.rec.no": "nee",
        "session.rec.none": "niet besproken",
        "session.actions": "Afgesproken acties",
        "session.what": "Actie",
        "session.who": "Wie",
        "session.perspective": "Perspectief",
        "session.direction": "Richting",
        "session.no_actions": "Geen acties afgesproken.",
        "method.title": "Hoe is deze kaart gemaakt?",
        "method.privacy": "Vertrouwelijkheid: namen staan nergens in dit rapport. Citaten staan onder een pseudoniem en zijn ontdaan van namen ([naam]); groepen kleiner dan {threshold} dialogen worden niet apart getoond.",
        "step.1": "Dialogen: {n} gesprekken met collega’s uit verschillende groepen.",
        "step.2": "Rode draden: de terugkerende waarden en overtuigingen zijn in de gesprekken gecodeerd en door de consultant gecontroleerd.",
        "step.3": "Verbanden: welke overtuiging leidt tot welk gedrag of welke uitkomst, en welke cirkels houden dat in stand.",
        "step.4": "Beoordelen: helpt het klantgericht werken (koesteren) of staat het in de weg (afzwakken)?",
        "step.5": "Terug naar de groep: herkennen jullie dit, en welke acties spreken we af?",
        "kind.value": "waarde",
        "kind.belief": "overtuiging",
        "kind.behaviour": "gedrag",
        "kind.outcome": "uitkomst",
        "perspective.leaders": "Leidinggevenden",
        "perspective.customer-contact": "Klantcontact",
        "perspective.hr": "HR",
        "perspective.back-office": "Backoffice",
        "footer": "Gemaakt met culturemap.",
        # loop stories
        "story.first": "Omdat {a} {sub_a}, {main_b}",
        "story.next": ", waardoor {x} {sub_x}",
        "story.restart": ". Daardoor {main_x}",
        "story.close": ". Zo {main_first}",
        "story.end.vicious": ": een vicieuze cirkel die zichzelf in stand houdt.",
        "story.end.virtuous": ": een positieve spiraal die zichzelf versterkt.",
        "story.end.mixed": ": een cirkel die zichzelf versterkt.",
        "story.end.balancing": ": een balancerende cirkel die zichzelf afremt.",
        "story.sub.up": "toeneemt", "story.sub.down": "afneemt",
        "story.sub.up.belief": "sterker wordt", "story.sub.down.belief": "zwakker wordt",
        "story.main.up": "neemt {x} toe", "story.main.down": "neemt {x} af",
        "story.main.up.belief": "wordt {x} sterker", "story.main.down.belief": "wordt {x} zwakker",
        "story.again.up": "neemt {x} nog verder toe", "story.again.down": "neemt {x} weer af",
        "story.again.up.belief": "wordt {x} nog sterker", "story.again.down.belief": "wordt {x} weer zwakker",
    },
    "en": {
        "doc.subtitle": "Culture map: customer-centricity",
        "doc.figures": "{interviews} dialogues · {groups} groups · {codes} elements · {links} links · {loops} feedback loops",
        "nav.label": "Contents",
        "read.title": "How to read the map",
        "read.boxes": "Each box is a value, belief, behaviour or outcome that kept coming back in the dialogues (a recurring theme).",
        "read.colours": "Green helps customer-centric thinking and acting (enabling), red gets in its way (hindering), grey can go either way (ambivalent).",
        "read.arrows": "An arrow from A to B means: A influences B. With + they move the same way (more A, more B), with − the opposite way (more A, less B). The thicker the arrow, the more dialogues told this link.",
        "read.loops": "R and B mark feedback loops: R (reinforcing) keeps a pattern alive and makes it stronger, B (balancing) holds itself back.",
        "read.click": "Click an element (or Tab to it and press Enter) for its details and quotes; the list below the map holds them all.",
        "map.title": "The map",
        "map.alt": "Causal diagram with {codes} elements and {links} links; the elements are also listed below the map.",
        "panel.title": "Element of the map",
        "panel.close": "Close",
        "detail.kind": "Kind",
        "detail.effect": "Effect",
        "detail.mark": "Advice",
        "detail.mentions": "Mentioned",
        "detail.mentions_value": "{mentions}× in {sources} of {total} dialogues",
        "detail.groups": "Per group",
        "detail.groups_note": "Groups with fewer than {threshold} dialogues are combined under ‘other’, so nobody can be recognised.",
        "detail.causes": "Influenced by",
        "detail.effects": "Influences",
        "detail.quotes": "What was said",
        "detail.no_quotes": "No quotes (drawn as a link only).",
        "detail.more_quotes": "and {n} more mention(s)",
        "all.title": "All elements of the map",
        "loops.title": "Feedback loops: what keeps the pattern alive?",
        "loops.intro": "A feedback loop is a chain of links that comes back to where it started. Such loops explain why ‘this is how we have always done it’ is so persistent.",
        "loops.none": "The map has no feedback loops (yet).",
        "loops.truncated": "The map is so interwoven that not every loop was written out; the most important ones are below.",
        "loops.alt": "Diagram of loop {id}: {labels}",
        "loops.told": "How the dialogues told it",
        "marks.cherish.title": "Cherish and build out",
        "marks.cherish.intro": "These values and beliefs help customer-centric work. Build on them.",
        "marks.reduce.title": "Reduce or let go",
        "marks.reduce.intro": "These beliefs get in the way of customer-centric work. Look together for ways to weaken them.",
        "marks.redirect.title": "Redirect to the customer",
        "marks.redirect.intro": "These values cut both ways: good among colleagues, but not yet aimed at the customer.",
        "marks.score": "priority",
        "marks.priority": "in the session",
        "marks.priority_hint": "One of the priorities discussed in the group session",
        "marks.none": "None.",
        "balance.title": "Culture balance",
        "balance.intro": "The share of all mentions that is hindering (akin to Barrett's ‘cultural entropy’). The lower, the more the culture helps customer-centric work.",
        "balance.overall": "Overall",
        "balance.value": "{pct}% hindering",
        "balance.counts": "{hindering} of the {mentions} mentions are hindering.",
        "balance.bar": "{label}: {pct}% of the mentions are hindering",
        "session.title": "From the group session",
        "session.intro": "What the group recognised and which actions were agreed.",
        "session.date": "Session of {date}.",
        "session.none": "The group session has not been recorded yet. After the session fill in session.yaml (see session-template.yaml next to this report) and run ‘culturemap run’ again.",
        "session.recognised": "Recognised",
        "session.rec.yes": "yes",
        "session.rec.partly": "partly",
        "session.rec.no": "no",
        "session.rec.none": "not discussed",
        "session.actions": "Agreed actions",
        "session.what": "Action",
        "session.who": "Who",
        "session.perspective": "Perspective",
        "session.direction": "Direction",
        "session.no_actions": "No actions agreed.",
        "method.title": "How this map was made",
        "method.privacy": "Confidentiality: no names appear in this report. Quotes are shown under a pseudonym with names removed ([name]); groups with fewer than {threshold} dialogues are not shown separately.",
        "step.1": "Dialogues: {n} conversations with colleagues from different groups.",
        "step.2": "Recurring themes: the values and beliefs that kept coming back were coded in the conversations and checked by the consultant.",
        "step.3": "Connections: which belief leads to which behaviour or outcome, and which loops keep that going.",
        "step.4": "Judgement: does it help customer-centric work (cherish) or get in its way (reduce)?",
        "step.5": "Back to the group: do you recognise this, and which actions do we agree on?",
        "kind.value": "value",
        "kind.belief": "belief",
        "kind.behaviour": "behaviour",
        "kind.outcome": "outcome",
        "perspective.leaders": "Leaders",
        "perspective.customer-contact": "Customer contact",
        "perspective.hr": "HR",
        "perspective.back-office": "Back office",
        "footer": "Made with culturemap.",
        "story.first": "Because {a} {sub_a}, {b} {sub_b}",
        "story.next": ", so {x} {sub_x}",
        "story.restart": ". As a result, {x} {sub_x}",
        "story.close": ". And so {first} {again_first}",
        "story.end.vicious": ": a vicious circle that keeps itself going.",
        "story.end.virtuous": ": a virtuous circle that feeds itself.",
        "story.end.mixed": ": a loop that reinforces itself.",
        "story.end.balancing": ": a balancing loop that holds itself back.",
        "story.sub.up": "increases", "story.sub.down": "decreases",
        "story.sub.up.belief": "grows stronger", "story.sub.down.belief": "grows weaker",
        "story.again.up": "increases even further", "story.again.down": "decreases again",
        "story.again.up.belief": "grows stronger still", "story.again.down.belief": "grows weaker again",
    },
}


def phrase(key: str, language: str, **fields) -> str:
    """A report/deck phrase in ``language`` (falls back to English), with ``fields`` filled in.

    >>> phrase("balance.value", "nl", pct=42)
    '42% belemmerend'
    """
    table = PHRASES.get(language) or PHRASES["en"]
    template = table.get(key) or PHRASES["en"][key]
    return template.format(**fields) if fields else template


def vocab(key: str, language: str) -> str:
    """Shared vocabulary (``mark.cherish``, ``effect.hindering``, ...) from :mod:`culturemap.i18n`."""
    from ..i18n import PHRASES as SHARED
    from ..i18n import t

    if key in SHARED:
        return t(key, language)
    return key.split(".", 1)[-1]


def kind_name(kind: str, language: str) -> str:
    """The kind of a code in words: ``belief`` -> ``overtuiging``."""
    return phrase(f"kind.{kind}", language) if f"kind.{kind}" in PHRASES["en"] else kind


def group_name(group: str, settings, language: str) -> str:
    """Display label of a group: ``groups:`` in culturemap.yaml, ``other`` in the project language."""
    if group == "other":
        return vocab("group.other", language)
    labels = getattr(settings, "groups", None) or {}
    return str(labels.get(group) or group)


def clean_quote(text: str) -> str:
    """A quote as shown: whitespace collapsed, Markdown emphasis markers of interview notes removed.

    >>> clean_quote("**[naam]**: zo  doen we het\\n nu eenmaal")
    '[naam]: zo doen we het nu eenmaal'
    """
    text = re.sub(r"(\*\*|__)", "", str(text or ""))
    return " ".join(text.split())


def _quoted(label: str, language: str) -> str:
    return f"‘{label}’" if language == "nl" else f"“{label}”"


# ---------------------------------------------------------------------------------------------- stories

def loop_story(loop, labels: dict, language: str, kinds: dict | None = None) -> str:
    """A loop told as a short story in plain words, generated from its links.

    Each step follows the sign of a link: ``+`` keeps the direction (more leads to more), ``-`` turns it
    (more leads to less). Values and beliefs grow stronger or weaker, behaviour and outcomes increase or
    decrease. The story starts at the loop's first value or belief (beliefs drive behaviour) and its last
    link brings it back there.

    Parameters
    ----------
    loop : culturemap.models.Loop
    labels : dict
        Code id -> label in the project language.
    language : str
        "nl" or "en".
    kinds : dict, optional
        Code id -> kind (value, belief, behaviour, outcome).

    Returns
    -------
    str

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
    kinds = kinds or {}
    links = list(loop.links)
    if not links:
        return ""

    def lab(code):
        return _quoted(labels.get(code, code), language)

    def verb(kind_key, code, up):
        suffix = ".belief" if kinds.get(code) in ("value", "belief") else ""
        return phrase(f"story.{kind_key}.{'up' if up else 'down'}{suffix}", language, x=lab(code))

    # tell the story from the first value or belief: beliefs drive behaviour, not the other way round
    start = next((i for i, (cause, _e, _s) in enumerate(links) if kinds.get(cause) in ("value", "belief")), 0)
    links = links[start:] + links[:start]
    up = [True]
    for _cause, _effect, sign in links:
        up.append(up[-1] if sign == "+" else not up[-1])
    chain = [c for c, _e, _s in links]           # chain[i] has direction up[i]; links[-1] returns to chain[0]
    first = chain[0]
    if language == "nl":
        text = phrase("story.first", language, a=lab(first), sub_a=verb("sub", first, True),
                      main_b=verb("main", chain[1], up[1])) if len(chain) > 1 else ""
    else:
        text = phrase("story.first", language, a=lab(first), sub_a=verb("sub", first, True),
                      b=lab(chain[1]), sub_b=verb("sub", chain[1], up[1])) if len(chain) > 1 else ""
    clauses = 1
    for i in range(2, len(chain)):
        code = chain[i]
        if clauses >= 2:
            if language == "nl":
                text += phrase("story.restart", language, main_x=verb("main", code, up[i]))
            else:
                text += phrase("story.restart", language, x=lab(code), sub_x=verb("sub", code, up[i]))
            clauses = 1
        else:
            text += phrase("story.next", language, x=lab(code), sub_x=verb("sub", code, up[i]))
            clauses += 1
    back_up = up[len(links)]
    if language == "nl":
        again = verb("again", first, back_up)
        text += phrase("story.close", language, main_first=again)
    else:
        text += phrase("story.close", language, first=lab(first), again_first=verb("again", first, back_up))
    if len(chain) == 1:                                  # a self-loop (graphs normally have none)
        text = text.lstrip(". ")
        text = text[0].upper() + text[1:]
    ending = "balancing" if loop.polarity == "balancing" else (loop.reading if loop.reading in ("vicious", "virtuous") else "mixed")
    return text + phrase(f"story.end.{ending}", language)


def loop_quotes(graph, loop, limit: int = 2) -> list[dict]:
    """Up to ``limit`` redacted quotes that tell the links of ``loop``, from distinct interviews.

    The links are visited in loop order, the best-supported link first; each quote is
    ``{"interview": pseudonym, "text": redacted text, "cause": code, "effect": code}``.
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


# ---------------------------------------------------------------------------------------------- svg

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
    import re

    from .diagram import loop_dot

    source = loop_dot(graph, loop, language=language, title=" ", quotes=False)
    # sized to its content, not to a slide: drop the page size and ratio the full view sets
    return re.sub(r'\b(size|ratio)\s*=\s*("[^"]*"|[\w.!]+)\s*;?', "", source, count=2)


# ---------------------------------------------------------------------------------------------- report

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


def _render_svg(dot_source: str) -> str:
    from .diagram import render

    return render(dot_source, "svg").decode("utf-8")


def _map_svg(context, language, labels) -> str:
    from .diagram import dot_ids, map_dot

    graph = context.graph
    dot_source = map_dot(graph, context.loops, context.marks, language=language, title=context.title)
    ids = {dot_id: code for code, dot_id in dot_ids(graph).items()}
    return inline_svg(_render_svg(dot_source), "map", node_codes=ids, labels=labels, title=context.title,
                      description=phrase("map.alt", language, codes=graph.number_of_nodes(),
                                         links=graph.number_of_edges()))


def _loop_svg(context, loop, language, labels) -> str:
    names = ", ".join(labels.get(c, c) for c in loop.nodes)
    return inline_svg(_render_svg(loop_ring_dot(context.graph, loop, language=language)), f"loop-{loop.id}",
                      title=phrase("loops.alt", language, id=loop.id, labels=names))


def _balance_rows(balance: dict, settings, language):
    rows = []
    overall = balance.get("overall")
    if overall is not None:
        rows.append((phrase("balance.overall", language), round(100 * float(overall)), True))
    for group, share in sorted((balance.get("by_group") or {}).items(),
                               key=lambda kv: group_name(kv[0], settings, language).lower()):
        if share is None:
            continue
        rows.append((group_name(group, settings, language), round(100 * float(share)), False))
    suppressed = [(group_name(g, settings, language), str(note))
                  for g, note in sorted((balance.get("suppressed") or {}).items())]
    return rows, suppressed


def render_report(context, *, session=None) -> str:
    """The report as one HTML string (see :func:`write_report`).

    Parameters
    ----------
    context : culturemap.export.formats.ExportContext
        project, evidence, graph, loops, marks, language, title.
    session : culturemap.session.Session, optional
        Decisions of the group session; by default read from ``DIR/session.yaml``.

    Returns
    -------
    str
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ..session import load_session, priority_marks

    language = context.language if context.language in PHRASES else "en"
    evidence, graph, loops, marks = context.evidence, context.graph, context.loops, context.marks
    settings = evidence.settings
    if session is None:
        session = load_session(context.project, evidence.codebook)
    labels = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    kinds = {n: str(d.get("kind", "")) for n, d in graph.nodes(data=True)}
    mark_list = list(marks.marks) if marks is not None else []
    marks_by_code = {m.code: m for m in mark_list}
    for m in mark_list:
        labels.setdefault(m.code, m.label)
        kinds.setdefault(m.code, m.kind)
    codebook = evidence.codebook
    if codebook is not None:
        for code in codebook.codes:
            labels.setdefault(code.id, code.label_for(language))
            kinds.setdefault(code.id, code.kind)

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
    mark_sections = []
    for name in ("cherish", "reduce", "redirect"):
        items = [m for m in mark_list if m.mark == name]
        if name == "redirect" and not items:
            continue
        mark_sections.append({"name": name, "title": phrase(f"marks.{name}.title", language),
                              "intro": phrase(f"marks.{name}.intro", language), "items": items})
    other_marks = sorted({m.mark for m in mark_list} - {"cherish", "reduce", "redirect"})
    for name in other_marks:
        mark_sections.append({"name": name, "title": vocab(f"mark.{name}", language).capitalize(), "intro": "",
                              "items": [m for m in mark_list if m.mark == name]})
    balance = marks.balance if marks is not None else {}
    balance_rows, suppressed = _balance_rows(balance or {}, settings, language)

    decisions = []
    if session is not None:
        for d in session.decisions:
            decisions.append({
                "code": d.code, "label": labels.get(d.code, d.code),
                "recognised": phrase(f"session.rec.{d.recognised or 'none'}", language),
                "recognised_key": d.recognised or "none",
                "note": d.note,
                "actions": [{"what": a.what, "who": a.who,
                             "perspective": phrase(f"perspective.{a.perspective}", language) if a.perspective else "",
                             "direction": vocab(f"mark.{a.direction}", language) if a.direction else ""}
                            for a in d.actions],
            })
    n_groups = len([g for g in evidence.group_sizes()])
    threshold = settings.anonymity_threshold
    map_svg = _map_svg(context, language, labels) if graph.number_of_nodes() else ""
    env = Environment(loader=PackageLoader("culturemap", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    from markupsafe import Markup

    def p(key, **fields):
        return phrase(key, language, **fields)

    env.filters["quote"] = clean_quote
    template = env.get_template("report.html.j2")
    return template.render(
        lang=language, title=context.title or phrase("doc.subtitle", language),
        organisation=settings.organisation, p=p, v=lambda key: vocab(key, language),
        kind_name=lambda k: kind_name(k, language),
        figures=p("doc.figures", interviews=len(evidence.interviews), groups=n_groups,
                  codes=graph.number_of_nodes(), links=graph.number_of_edges(),
                  loops=len(loop_items)),
        map_svg=Markup(map_svg), nodes=_node_views(context, marks_by_code, language),
        total=len(evidence.interviews), threshold=threshold, n_links=graph.number_of_edges(),
        loops=[dict(item, svg=Markup(item["svg"])) for item in loop_items],
        truncated=bool(getattr(loops, "truncated", False)),
        mark_sections=mark_sections, balance_rows=balance_rows, suppressed=suppressed,
        balance=balance or {}, session=session, decisions=decisions,
        priority=[m.code for m in priority_marks(mark_list)],
        css=Markup(_asset("report.css")), js=Markup(_asset("report.js")),
    )


def _asset(name: str) -> str:
    from importlib.resources import files

    return files("culturemap").joinpath("templates", name).read_text(encoding="utf-8")


def write_report(context, out_dir) -> list[Path]:
    """Write ``report.html`` into ``out_dir``.

    Parameters
    ----------
    context : culturemap.export.formats.ExportContext
        The analysed engagement (project, evidence, graph, loops, marks, language, title).
    out_dir : str or Path
        Output folder (created when missing).

    Returns
    -------
    list of Path
        ``[out_dir / "report.html"]``.

    Raises
    ------
    ExportError
        E503 when the folder is not writable; E502 (from the diagrams) when Graphviz is missing.
    """
    html = render_report(context)
    path = Path(out_dir) / REPORT_FILE
    write_bytes(path, html.encode("utf-8"))
    return [path]


def write_bytes(path: Path, data: bytes) -> None:
    """Write atomically; E503 when that fails (see :func:`culturemap.export.write_export`)."""
    from . import write_export

    write_export(path, data)

