"""Stance: whether a sentence says a coded thing is there (``present``), missing (``absent``) or wished for
(``wished``).

- *absent*: the match is negated (:func:`culturemap.nlp.scope.is_negated`: "there is no clear vision",
  "geen", "zonder"), or its clause names the thing as missing: "lack of", "lacking", "missing", "absence";
  "gebrek aan", "ontbreekt", "afwezig";
- *wished*: the clause wants it: "it would be nice to have", "it would help", "we should", "we need", "I
  wish", "I hope", "I'd like", "I miss", "if only"; "het zou fijn zijn als", "we zouden moeten", "ik zou
  graag", "ik mis", "ik wou dat", "ik hoop", "we hebben ... nodig".

A negation wins over a wish ("we should not micromanage" does not wish for micromanagement), an absence cue
over a wish. The cues are looked for in the match's clause and, when that clause is a complement ("I wish
that ...", "ik zou willen dat ..."), in the clause it completes; the pattern's own words are never cues.
Speech about the talk is not a wish ("I should say", "I'd like to add"), nor is "as it should", a
comparison ("higher than I would like", "hoger dan ik zou willen"), a question ("would you like ...?") or
a condition ("if we need help", "whether they should be kept", "als we ... zouden moeten"; "everything we
need").

>>> import spacy
>>> toks = list(spacy.blank("en")("It would be nice to have clear goals"))
>>> stance(toks, [0] * len(toks), 0, {6, 7}, set(), frozenset({"not", "n't", "no"}), "en")
'wished'
"""
from __future__ import annotations

from .scope import _COMPLEMENTIZERS, is_negated, word

__all__ = ["PRESENT", "ABSENT", "WISHED", "STANCES", "stance"]

PRESENT, ABSENT, WISHED = "present", "absent", "wished"
STANCES = (PRESENT, ABSENT, WISHED)

# words that name the thing as missing (the lexicon's negation cues count as well)
_ABSENT = {
    "en": frozenset("lack lacks lacking lacked missing absence absent".split()),
    "nl": frozenset("ontbreekt ontbreken ontbrak ontbraken ontbrekend ontbrekende afwezig afwezigheid".split()),
}
# "would be nice", "zou fijn zijn": what a wish calls the thing
_GOOD = {
    "en": frozenset("nice good great helpful better ideal useful wonderful lovely beneficial cool".split()),
    "nl": frozenset("fijn fijner mooi mooier goed prettig prettiger beter handig leuk wenselijk ideaal "
                    "helpen".split()),
}
_FIRST_PERSON = {"en": frozenset({"i", "we"}), "nl": frozenset({"ik", "we", "wij"})}
# "I should say", "I'd like to add": a remark on the talk, not a wish
_SPEECH = frozenset("say add mention note point stress tell ask thank admit".split())
_SPEECH_NL = frozenset("zeggen toevoegen noemen vragen opmerken benadrukken".split())
# "if we need help", "whether they should": a condition or a question, not a wish
_CONDITIONS = frozenset("if whether when whenever unless als wanneer indien tenzij".split())
# "everything we need", "alles wat we nodig hebben": what is at hand
_NOT_WISH_BEFORE = frozenset("everything anything whatever alles wat".split())


def _wish_en(ws: list[str], i: int) -> bool:
    w = ws[i]
    if w in ("would", "'d", "like", "love", "should") and "than" in ws[max(0, i - 4):i]:
        return False                                      # "higher than I would like": a comparison
    if any(x in _CONDITIONS for x in ws[:i]):
        return False                                      # "if we need help", "whether they should be kept"
    before, nxt = ws[max(0, i - 2):i], ws[i + 1] if i + 1 < len(ws) else ""
    first_person = any(x in _FIRST_PERSON["en"] for x in before)
    if w in ("wish", "hope", "miss") and first_person:
        return True                                       # "I wish", "we really hope", "I miss"
    if w in ("like", "love") and any(x in ("would", "'d") for x in before):
        if before[-1:] == ["you"]:
            return False                                  # "would you like to ...?": a question, an offer
        return not (nxt == "to" and any(x in _SPEECH for x in ws[i + 2:i + 4]))   # "I'd like to add": talk
    if w in ("would", "'d"):
        rest = ws[i + 1:i + 4]
        if rest[:1] == ["you"]:
            return False                                  # "would you ...?": a question
        if rest[:1] == ["help"] or rest[:2] == ["really", "help"]:
            return True                                   # "it would help if ..."
        if "be" in rest[:2]:
            b = i + 1 + rest.index("be")
            return any(x in _GOOD["en"] for x in ws[b + 1:b + 3])     # "it would be (really) nice"
    if w in ("should", "ought"):
        return not any(x in ("as", "like") for x in before) and nxt not in _SPEECH and \
            ws[i - 1:i] not in (["what"], ["which"])   # "what should be coming": an expectation
    if w == "need" and any(x in _FIRST_PERSON["en"] for x in ws[max(0, i - 3):i]):
        return not any(x in _NOT_WISH_BEFORE for x in ws[:i])
    return w == "only" and i > 0 and ws[i - 1] == "if"    # "if only"


def _wish_nl(ws: list[str], i: int) -> bool:
    w = ws[i]
    prev, nxt = ws[i - 1] if i else "", ws[i + 1] if i + 1 < len(ws) else ""
    first_person = prev in _FIRST_PERSON["nl"] or nxt in _FIRST_PERSON["nl"]
    if w in ("zou", "zouden") and "dan" in ws[max(0, i - 3):i]:
        return False                                      # "hoger dan ik zou willen": a comparison
    if any(x in _CONDITIONS for x in ws[:i]):
        return False                                      # "als we dat zouden moeten doen": a condition
    if w in ("zou", "zouden"):
        if nxt in ("je", "jij", "u", "jullie") or any(x in _SPEECH_NL for x in ws[i + 1:i + 6]):
            return False                                  # "wat zou je willen?": a question; "zou willen zeggen"
        near = ws[max(0, i - 3):i] + ws[i + 1:i + 6]
        for n, x in enumerate(ws[i + 1:i + 6], i + 1):
            if x in _GOOD["nl"] and not (n + 1 < len(ws) and ws[n + 1] == "kunnen"):   # "zou goed kunnen": maybe
                return True
        return any(x in _GOOD["nl"] for x in ws[max(0, i - 3):i]) or any(x in ("moeten", "graag", "willen") for x in near)
    if w in ("mis", "missen") and first_person:
        return prev not in ("ging", "gaat", "gaan", "liep", "loopt")   # "het ging mis" went wrong
    if w in ("wou", "wens", "wensen", "hoop", "hopen") and first_person:
        return True                                       # "ik wou dat", "we hopen"
    if w == "nodig" and nxt not in ("is", "was", "zijn", "waren"):
        have = any(a in ("heb", "hebt", "hebben") and b in _FIRST_PERSON["nl"] or
                   b in ("heb", "hebt", "hebben") and a in _FIRST_PERSON["nl"] for a, b in zip(ws[:i], ws[1:i]))
        return have and not any(x in _NOT_WISH_BEFORE for x in ws[:i])    # "we hebben meer mensen nodig"
    return False


def _cue(ws: list[str], skip: set[int], language: str) -> str | None:
    """The stance a clause's words ``ws`` give (``skip``: positions of the pattern's own words), or None."""
    lang = language if language in _ABSENT else "en"
    absent = _ABSENT[lang]
    for i, w in enumerate(ws):
        if i not in skip and (w in absent or lang == "nl" and w == "gebrek" and ws[i + 1:i + 2] == ["aan"]):
            return ABSENT
    wish = _wish_nl if lang == "nl" else _wish_en
    return WISHED if any(i not in skip and wish(ws, i) for i in range(len(ws))) else None


def stance(toks, clause_ids, clause: int, used: set, own: set, negations, language: str) -> str:
    """``present``, ``absent`` or ``wished`` for the match in ``clause`` whose words are at the sentence
    positions ``used``; ``own``: the pattern's own words (never cues); ``negations``: the language's cues."""
    negation_own = {w for w in own if w in negations}
    if is_negated(toks, clause_ids, clause, used, negation_own, negations, language):
        return ABSENT
    scope = [clause]
    first = next((p for p, c in enumerate(clause_ids) if c == clause), None)
    if first is not None and clause > 0 and toks[first].lower_ in _COMPLEMENTIZERS.get(language, ()):
        scope.append(clause - 1)                          # "I wish | that we had ...": the governing clause
    for c in scope:
        positions = [p for p, ci in enumerate(clause_ids) if ci == c]
        ws = [word(toks[p]) for p in positions]
        skip = {n for n, p in enumerate(positions) if p in used or ws[n] in own}
        found = _cue(ws, skip, language)
        if found:
            return found
    return PRESENT
