"""Causal links from connectives between the codes of a sentence, or of a sentence and the previous one.

``X waardoor/zodat/dus/leidt tot Y`` and ``Omdat/Doordat X, Y`` give X -> Y; ``X omdat/doordat/want Y``
gives Y -> X; a sentence opening with ``Daardoor/Daarom/Dus/Hierdoor`` (``Therefore/So/As a result/That's
why``) links the previous sentence's codes to its own, and one opening with ``Dat komt doordat`` (``That's
because``) links its codes to the previous sentence's. The sign is "-" when exactly one side is negated or
the effect is phrased as a decrease (minder, less, prevents...). A conjunction links only clauses with a verb
on each side (not items of a list); "so far", a filler "So," / "Dus ja" and "as we said" are not
connectives (:func:`_not_causal`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .lexicon import lexicon
from .patterns import Hit
from .scope import word


@dataclass(frozen=True)
class LinkHit:
    cause: Hit
    effect: Hit
    sign: str
    connective: str


# kind "forward": X <conn> Y means X -> Y; "backward": X <conn> Y means Y -> X.
# "lead": at the start of a sentence: "Omdat X, Y" -> X -> Y. "next": at sentence start, previous -> this.
# "prev": at sentence start, this -> previous ("Dat komt doordat ...").
CONNECTIVES = {
    "nl": {
        "forward": ["waardoor", "zodat", "daardoor", "hierdoor", "dus", "daarom", "zodoende", "leidt tot",
                    "leiden tot", "leidde tot", "leidden tot", "geleid tot", "zorgt ervoor dat", "zorgen ervoor dat",
                    "zorgde ervoor dat", "zorgt voor", "zorgen voor", "zorgde voor", "met als gevolg",
                    "resulteert in", "veroorzaakt", "als gevolg", "daarvan", "betekent dat", "maakt dat",
                    "waarop", "en dan", "dan"],
        "backward": ["omdat", "doordat", "want", "vanwege", "dankzij", "komt door", "komt doordat",
                     "ligt aan", "door"],
        "lead": ["omdat", "doordat", "als", "wanneer", "zolang", "vanwege", "dankzij", "door"],
        "next": ["daardoor", "daarom", "dus", "hierdoor", "zodoende", "als gevolg", "gevolg is", "het gevolg",
                 "dat leidt tot", "dat zorgt ervoor", "dat zorgt voor", "dat betekent", "dan", "en dan",
                 "uiteindelijk"],
        "prev": ["dat komt doordat", "dat komt omdat", "dat komt door", "dat ligt aan", "komt doordat",
                 "komt omdat", "oorzaak is"],
    },
    "en": {
        "forward": ["so", "therefore", "thus", "hence", "leads to", "lead to", "led to", "leading to",
                    "causes", "caused", "results in", "resulted in", "which means", "means that", "so that",
                    "as a result", "that's why", "which is why", "makes", "made", "then"],
        "backward": ["because", "since", "due to", "because of", "thanks to", "caused by", "comes from",
                     "is down to", "as"],
        "lead": ["because", "since", "as", "if", "when", "whenever", "as long as", "due to", "thanks to"],
        "next": ["so", "therefore", "as a result", "that's why", "this is why", "that is why", "because of that",
                 "this leads to", "that leads to", "this means", "that means", "thus", "hence",
                 "consequently", "then", "in the end", "eventually"],
        "prev": ["that's because", "that is because", "this is because", "it's because", "it is because",
                 "the reason is"],
    },
}
_EXPLAINS = {
    "nl": ((["dat", "komt"], {"doordat", "omdat", "door"}), (["dat", "ligt"], {"aan"}),
           (["het", "komt"], {"doordat", "omdat", "door"})),
    "en": ((["that", "'s"], {"because"}), (["that", "is"], {"because"}), (["this", "is"], {"because"}),
           (["it", "'s"], {"because"}), (["it", "is"], {"because"})),
}
_DECREASE = {   # lemmas: an effect phrased as a decrease flips the sign ("leidt tot minder klachten")
    "nl": frozenset("minder verminderen vermindering voorkomen verlagen dalen afnemen belemmeren ondermijnen "
                    "remmen weinig kleiner afname daling lager verdwijnen".split()),
    "en": frozenset("less fewer reduce reduction lower prevent decrease drop fall decline hinder undermine "
                    "little disappear".split()),
}


@functools.lru_cache(maxsize=4)
def _connectives(language: str) -> dict[str, list[list[str]]]:
    """Connective phrases split like spaCy splits the text ("that's why" -> that 's why), longest first.

    >>> _connectives("en")["prev"][0]
    ['that', "'s", 'because']
    """
    table = CONNECTIVES.get(language, CONNECTIVES["en"])

    def split(phrase: str) -> list[str]:
        return re.sub(r"(\w)('s|n't|'re|'ll|'ve|'d)\b", r"\1 \2", phrase.lower()).split()

    return {kind: sorted((split(p) for p in phrases), key=lambda p: -len(p)) for kind, phrases in table.items()}


def _find_phrase(words: list[str], phrase: list[str], start: int = 0) -> int:
    n = len(phrase)
    for i in range(start, len(words) - n + 1):
        if words[i:i + n] == phrase:
            return i
    return -1


def find_link_hits(sent_toks, hits: list[Hit], prev_hits: list[Hit] | None, language: str) -> list[LinkHit]:
    """Causal links inside one sentence, and from the previous sentence into this one.

    ``sent_toks`` are the sentence's tokens; ``hits`` its code hits (doc token indices); ``prev_hits`` the
    previous sentence's hits in the same speaker turn (or None).
    """
    conn = _connectives(language)
    words = [word(t) for t in sent_toks]   # "that’s why" is "that's why"
    base = sent_toks[0].i if sent_toks else 0
    decrease = _DECREASE.get(language, _DECREASE["en"])
    lex = lexicon(language)
    is_decrease = [bool(lex.keys(t.text, t.lemma_ or None) & decrease) for t in sent_toks]
    out: list[LinkHit] = []

    def pos_of(h: Hit) -> float:
        return sum(h.tokens) / len(h.tokens) - base

    def pairs(causes, effects, connective, effect_region=None):
        for c in causes:
            for e in effects:
                if c.code == e.code:
                    continue
                dec = False
                if effect_region is not None:
                    lo, hi = effect_region
                    dec = any(is_decrease[i] for i in range(lo, min(hi, len(words))) if (i + base) not in e.tokens)
                sign = "-" if (c.negated != e.negated) != dec else "+"
                out.append(LinkHit(c, e, sign, connective))

    def skip_start(ws):
        i = 0
        while i < len(ws) and (ws[i] in ("en", "and", "maar", "but", "ja", "yes", "nou", "well", "'", '"', "-", "–")
                               or ws[i] in (",",)):
            i += 1
        return i

    s0 = skip_start(words)
    verbish: list[bool] | None = None

    def has_verb(lo: int, hi: int) -> bool:
        nonlocal verbish
        if verbish is None:
            verbish = [lex.can_be_verb(lex.keys(t.text, t.lemma_ or None)) for t in sent_toks]
        return any(verbish[lo:hi])

    def real(ph: list[str], at: int, kind: str) -> bool:
        """Whether the connective ``ph`` at word ``at`` is causal here (see :func:`_not_causal`)."""
        return not _not_causal(words, ph, at, kind, lex, has_verb, language)
    # "Dat komt (voor een groot deel) doordat ...", "That's (mostly) because ...": this sentence explains the
    # previous one, with a few words between the opening and the connective
    if prev_hits and hits:
        for opening, because in _EXPLAINS.get(language, ()):
            if words[s0:s0 + len(opening)] == opening:
                rest = words[s0 + len(opening):s0 + len(opening) + 6]
                if any(w in because for w in rest):
                    pairs(hits, prev_hits, " ".join(opening))
                    return _dedupe(out)
    # sentence-initial connectives first (longest phrase wins)
    for kind in ("prev", "next", "lead"):
        for ph in conn[kind]:
            phrase = " ".join(ph)
            if words[s0:s0 + len(ph)] == ph:
                if not real(ph, s0, kind):
                    break
                if kind == "prev" and prev_hits:
                    pairs(hits, prev_hits, phrase)
                    return _dedupe(out)
                if kind == "next" and prev_hits:
                    pairs(prev_hits, hits, phrase, (s0 + len(ph), len(words)))
                    return _dedupe(out)
                if kind == "lead":
                    # "Omdat X, Y": cause up to the first clause comma, effect after it
                    try:
                        comma = words.index(",", s0 + len(ph))
                    except ValueError:
                        comma = -1
                    if comma < 0 and len(hits) >= 2:
                        # "Door de werkdruk schuiven we ... door": no comma, the cause is the first hit
                        ordered = sorted(hits, key=pos_of)
                        first = ordered[0]
                        comma = int(max(first.tokens) - base) + 1
                    if comma > 0:
                        causes = [h for h in hits if pos_of(h) < comma]
                        effects = [h for h in hits if pos_of(h) > comma]
                        if causes and effects:
                            pairs(causes, effects, phrase, (comma + 1, len(words)))
                            return _dedupe(out)
                break
    # connectives inside the sentence
    for kind in ("forward", "backward"):
        for ph in conn[kind]:
            phrase = " ".join(ph)
            i = _find_phrase(words, ph, s0 + 1)
            while i > 0:
                left = [h for h in hits if pos_of(h) < i]
                right = [h for h in hits if pos_of(h) >= i + len(ph)]
                if left and right and real(ph, i, kind):
                    if kind == "forward":
                        pairs(left, right, phrase, (i + len(ph), len(words)))
                    else:
                        pairs(right, left, phrase, (0, i))
                    return _dedupe(out)
                i = _find_phrase(words, ph, i + 1)
    return _dedupe(out)


# conjunctions join a cause CLAUSE and an effect CLAUSE (each needs a verb); a verb ("leads to") or a
# preposition ("because of", "door") as connective takes noun phrases
_CONJUNCTIONS = {
    "nl": frozenset("waardoor zodat daardoor hierdoor dus daarom zodoende waarop dan omdat doordat want".split()),
    "en": frozenset("so therefore thus hence then because since as".split()),
}
# a filler, not a conclusion: "So, ...", "So yeah", "Dus ja", "Nou dus"
_FILLERS = frozenset("yeah yes um uh er erm anyway basically okay ok well like ja eh ehm uhm nou goed oké".split())
# "as we said", "as I told you": a comment on the talk, not a cause
_SPEECH = frozenset("say said mention mentioned tell told know knew call called remember see saw think "
                    "thought put explain explained".split())
_EN_SUBJECTS = frozenset("i you he she it we they".split())
# "so far", "so much", "and so on": a degree word or the end of a list
_SO_NOT_CAUSAL = frozenset("far much many long often few little well on forth to called what".split())
_AUXILIARIES = {
    "en": frozenset("do does did will would can could is are was were should shall have has had".split()),
    "nl": frozenset("is zijn was waren heb hebt heeft hebben had hadden kan kun kunt kunnen zal zou zouden "
                    "wil wilt willen moet moeten doe doet doen".split()),
}


def _not_causal(words, ph, at, kind, lex, has_verb, language) -> bool:
    """Whether the connective ``ph`` found at word ``at`` is not a causal connective in this sentence.

    - "so far", "so much", "so many": "so" before an adjective or adverb is a degree word; "and so on"
      ends a list;
    - "So," / "Dus," (a comma or a filler after it) opens a turn or a sentence as a filler;
    - "as we said", "as I told you" comment on the talk; "When do you ...?" asks, it does not condition;
    - a conjunction (so, because, then, omdat, waardoor, dan...) needs a clause with a verb on each side:
      between items of a list ("training, awards and then promotions") there is no cause and effect.
    """
    n = len(ph)
    nxt = words[at + n] if at + n < len(words) else ""
    first = ph[0]
    if kind == "lead" and n == 1 and nxt in _AUXILIARIES.get(language, ()):
        return True                                       # "When do you think ...?", "Als je ...?": a question
    if n == 1 and first in ("so", "dus"):
        if nxt in (",", "") or nxt in _FILLERS:
            return True
        if first == "so":
            if nxt in _SO_NOT_CAUSAL:
                return True
            pos = lex.pos(nxt)
            if pos and pos <= {"adj", "adv"} and nxt not in ("now", "then"):
                return True                               # "so busy", "so important"
    if n == 1 and first == "as" and language == "en":
        after = words[at + 2] if at + 2 < len(words) else ""
        if nxt not in _EN_SUBJECTS and nxt not in ("the", "a", "an", "this", "that", "there", "people"):
            return True                                   # "as a result" is its own phrase; "as well", "as a trainee"
        if after in _SPEECH:
            return True
    if ph[-1] in _CONJUNCTIONS.get(language, ()) and kind in ("forward", "backward"):
        if not has_verb(0, at) or not has_verb(at + n, len(words)):
            return True
    return False


def _dedupe(links: list[LinkHit]) -> list[LinkHit]:
    seen, out = set(), []
    for l in links:
        key = (l.cause.code, l.effect.code)
        if key not in seen:
            seen.add(key)
            out.append(l)
    return out
