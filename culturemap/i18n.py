"""User-facing phrases in the project language (Dutch and English).

One table, :data:`PHRASES`, maps a key to its wording per language; :func:`t` fills in the fields.
Add a phrase by adding a key with both an ``"nl"`` and an ``"en"`` entry (the test suite checks that
every key has both). Keys are grouped by the module that uses them (``mark.``, ``balance.``, ...).

>>> t("mark.drives", "nl", n=5)
'Drijft 5 andere onderdelen van de kaart'
>>> t("mark.drives", "en", n=5)
'Drives 5 other parts of the map'
"""
from __future__ import annotations

__all__ = ["PHRASES", "LANGUAGES", "t"]

LANGUAGES = ("nl", "en")

PHRASES: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- vocabulary (loops, marks, effects)
    "polarity.reinforcing": {"nl": "versterkend", "en": "reinforcing"},
    "polarity.balancing": {"nl": "balancerend", "en": "balancing"},
    "reading.vicious": {"nl": "vicieuze cirkel", "en": "vicious circle"},
    "reading.virtuous": {"nl": "positieve spiraal", "en": "virtuous circle"},
    "reading.mixed": {"nl": "gemengd", "en": "mixed"},
    "mark.cherish": {"nl": "koesteren", "en": "cherish"},
    "mark.reduce": {"nl": "afzwakken", "en": "reduce"},
    "mark.redirect": {"nl": "ombuigen naar de klant", "en": "redirect to the customer"},
    "effect.enabling": {"nl": "bevorderend", "en": "enabling"},
    "effect.hindering": {"nl": "belemmerend", "en": "hindering"},
    "effect.ambivalent": {"nl": "tweeslachtig", "en": "ambivalent"},
    "group.other": {"nl": "overig", "en": "other"},
    # ---------------------------------------------------------------- mark reasons (marks.py)
    "mark.spread": {"nl": "Genoemd in {n} van {total} dialogen",
                    "en": "Mentioned in {n} of {total} dialogues"},
    "mark.spread_group": {"nl": "Genoemd in {n} van {total} dialogen, in 1 groep",
                          "en": "Mentioned in {n} of {total} dialogues, in 1 group"},
    "mark.spread_groups": {"nl": "Genoemd in {n} van {total} dialogen, in {groups} groepen",
                           "en": "Mentioned in {n} of {total} dialogues, in {groups} groups"},
    "mark.in_vicious": {"nl": "Zit in vicieuze cirkel {ids}", "en": "Part of vicious circle {ids}"},
    "mark.in_vicious_many": {"nl": "Zit in vicieuze cirkels {ids}", "en": "Part of vicious circles {ids}"},
    "mark.in_virtuous": {"nl": "Zit in positieve spiraal {ids}", "en": "Part of virtuous circle {ids}"},
    "mark.in_virtuous_many": {"nl": "Zit in positieve spiralen {ids}", "en": "Part of virtuous circles {ids}"},
    "mark.in_reinforcing": {"nl": "Zit in versterkende lus {ids}", "en": "Part of reinforcing loop {ids}"},
    "mark.in_reinforcing_many": {"nl": "Zit in versterkende lussen {ids}", "en": "Part of reinforcing loops {ids}"},
    "mark.in_balancing": {"nl": "Zit in balancerende lus {ids}", "en": "Part of balancing loop {ids}"},
    "mark.in_balancing_many": {"nl": "Zit in balancerende lussen {ids}", "en": "Part of balancing loops {ids}"},
    "mark.drives": {"nl": "Drijft {n} andere onderdelen van de kaart", "en": "Drives {n} other parts of the map"},
    "mark.drives_one": {"nl": "Drijft 1 ander onderdeel van de kaart", "en": "Drives 1 other part of the map"},
    "mark.negated": {"nl": "In {pct}% van de vermeldingen genoemd als iets wat ontbreekt",
                     "en": "Named as missing in {pct}% of the mentions"},
    "mark.redirect_hint": {"nl": "Behouden, maar richt het ook op de klant",
                           "en": "Keep it, but point it at the customer too"},
    # ---------------------------------------------------------------- group breakdowns (marks.py, compare.py)
    "group.suppressed": {
        "nl": "{n} dialoog/dialogen, minder dan de anonimiteitsgrens van {threshold}: niet apart getoond",
        "en": "{n} interview(s), fewer than the anonymity threshold of {threshold}: not shown separately",
    },
    "compare.too_few_groups": {
        "nl": "Minder dan 2 groepen zijn groot genoeg om te vergelijken.",
        "en": "Fewer than 2 groups are large enough to compare.",
    },
    "compare.ungrouped": {
        "nl": "{n} dialoog/dialogen zonder {by} tellen niet mee in de vergelijking.",
        "en": "{n} interview(s) without a {by} are left out of the comparison.",
    },
    # ---------------------------------------------------------------- diagrams (culturemap/export/diagram.py)
    "diagram.title": {"nl": "Cultuurkaart: wat helpt en wat remt klantgerichtheid",
                      "en": "Culture map: what helps and what blocks customer-centricity"},
    "diagram.legend": {"nl": "Zo lees je de kaart", "en": "How to read the map"},
    "diagram.legend.colour": {"nl": "Kleur en rand", "en": "Colour and border"},
    "diagram.legend.enabling": {"nl": "bevorderend: helpt klantgericht werken (doorgetrokken rand)",
                                "en": "enabling: helps customer-centric work (solid border)"},
    "diagram.legend.hindering": {"nl": "belemmerend: remt klantgericht werken (gestreepte rand)",
                                 "en": "hindering: blocks customer-centric work (dashed border)"},
    "diagram.legend.ambivalent": {"nl": "ambivalent: kan beide kanten op (gestippelde rand)",
                                  "en": "ambivalent: can go either way (dotted border)"},
    "diagram.legend.shape": {"nl": "Vorm", "en": "Shape"},
    "diagram.kind.value": {"nl": "waarde", "en": "value"},
    "diagram.kind.belief": {"nl": "overtuiging", "en": "belief"},
    "diagram.kind.behaviour": {"nl": "gedrag", "en": "behaviour"},
    "diagram.kind.outcome": {"nl": "resultaat", "en": "outcome"},
    "diagram.legend.arrows": {"nl": "Pijlen", "en": "Arrows"},
    "diagram.legend.plus": {"nl": "meer A leidt tot meer B", "en": "more A leads to more B"},
    "diagram.legend.minus": {"nl": "meer A leidt tot minder B", "en": "more A leads to less B"},
    "diagram.legend.width": {"nl": "dikkere pijl: in meer gesprekken verteld",
                             "en": "thicker arrow: told in more interviews"},
    "diagram.legend.loops": {"nl": "Lussen (cirkels die zichzelf in stand houden)",
                             "en": "Loops (circles that keep themselves going)"},
    "diagram.legend.reinforcing": {"nl": "versterkend: het wordt steeds sterker (vicieuze of goede cirkel)",
                                   "en": "reinforcing: it keeps growing (vicious or virtuous circle)"},
    "diagram.legend.balancing": {"nl": "balancerend: het remt zichzelf af",
                                 "en": "balancing: it slows itself down"},
    "diagram.legend.marks": {"nl": "Wat doen we ermee?", "en": "What do we do with it?"},
    "diagram.legend.more": {"nl": "Verder", "en": "Also"},
    "diagram.mark.cherish": {"nl": "koesteren", "en": "cherish"},
    "diagram.mark.reduce": {"nl": "reduceren", "en": "reduce"},
    "diagram.mark.redirect": {"nl": "ombuigen", "en": "redirect"},
    "diagram.legend.cherish": {"nl": "koesteren en uitbouwen", "en": "cherish and build out"},
    "diagram.legend.reduce": {"nl": "reduceren: afzwakken of wegnemen", "en": "reduce: weaken or remove"},
    "diagram.legend.redirect": {"nl": "ombuigen, richting de klant", "en": "redirect towards the customer"},
    "diagram.legend.counts": {"nl": "\u201c6 gespr. \u00b7 9\u00d7\u201d: in 6 gesprekken, 9 keer genoemd",
                              "en": "\u201c6 int. \u00b7 9\u00d7\u201d: in 6 interviews, mentioned 9 times"},
    "diagram.counts": {"nl": "{sources} gespr. \u00b7 {mentions}\u00d7", "en": "{sources} int. \u00b7 {mentions}\u00d7"},
    "diagram.legend.privacy": {"nl": "Citaten geanonimiseerd; geen namen.",
                               "en": "Quotes anonymised; no names."},
    "diagram.unlinked": {"nl": "Ook genoemd, zonder verband", "en": "Also mentioned, not linked"},
    "diagram.unlinked.note": {"nl": "geen pijl gevonden in de gesprekken", "en": "no link found in the interviews"},
    "diagram.loop.reinforcing": {"nl": "versterkende lus", "en": "reinforcing loop"},
    "diagram.loop.balancing": {"nl": "balancerende lus", "en": "balancing loop"},
    "diagram.loop.vicious": {"nl": "vicieuze cirkel", "en": "vicious circle"},
    "diagram.loop.virtuous": {"nl": "goede cirkel", "en": "virtuous circle"},
    "diagram.loop.mixed": {"nl": "gemengd", "en": "mixed"},
    "diagram.loop.story": {"nl": "Wat de gesprekken vertellen", "en": "What the interviews tell"},
    "diagram.loop.noquote": {"nl": "(handmatig getekend verband, geen citaat)",
                             "en": "(hand-drawn link, no quote)"},
}


def t(key: str, language: str, **fields) -> str:
    """The phrase ``key`` in ``language`` with ``fields`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`PHRASES`, e.g. ``"mark.spread"``.
    language : str
        ``"nl"`` or ``"en"``; any other language falls back to English.
    **fields
        Values for the ``{placeholders}`` of the phrase.

    Returns
    -------
    str
        The filled-in phrase.

    Raises
    ------
    KeyError
        When ``key`` is not in :data:`PHRASES` (a programming error, not a user error).

    Examples
    --------
    >>> t("mark.spread_groups", "nl", n=7, total=13, groups=4)
    'Genoemd in 7 van 13 dialogen, in 4 groepen'
    >>> t("mark.spread", "fr", n=1, total=2)
    'Mentioned in 1 of 2 dialogues'
    """
    entry = PHRASES[key]
    template = entry.get(language) or entry["en"]
    return template.format(**fields)
