"""The words of the report and the deck: their phrase table and the helpers that name things.

:data:`PHRASES` holds every heading, note and label of ``report.html`` and ``deck.pptx`` in Dutch and
English; :func:`phrase` fills one in. The vocabulary both share with the rest of culturemap (polarity,
reading, marks, effects) comes from :mod:`culturemap.i18n` through :func:`vocab`; the sentences that tell
a loop's story are in :mod:`culturemap.analysis.stories`.
"""
from __future__ import annotations

__all__ = ["PHRASES", "phrase", "vocab", "kind_name", "group_name"]

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
    from ...i18n import PHRASES as SHARED
    from ...i18n import t

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
