"""Codebook patterns compiled to slots: :class:`Slot`, :class:`Pattern`, the :class:`Hit` a match gives.

A phrase pattern such as ``"klant centraal stellen"`` is compiled to *slots*, one per content word (articles,
pronouns and auxiliaries are dropped); a pattern with one content word keeps its function words ("who is
responsible"); a hyphenated word ("shout-out") is one slot. Where the slots may land in a sentence is
:mod:`culturemap.nlp.placement`; the matcher itself is :mod:`culturemap.nlp.matching`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Token = Any   # a spaCy Token (spaCy ships no type information)


@dataclass(frozen=True)
class Slot:
    word: str
    keys: frozenset[str]
    particle: str | None = None          # separable verb: particle ...
    verb_keys: frozenset[str] = frozenset()   # ... and the keys of the verb without it
    negation: bool = False               # the pattern's own negation word
    known: frozenset[str] = frozenset()       # the lemmas the lexicon knows the word as (stems stand in for others)
    verb: bool = False                   # the word can be a verb (a verb may take its own object between)
    noun: bool = False                   # the word can be a noun
    noun_only: bool = False              # ... and nothing else (a noun that modifies the next: "customer day")
    hyphen: tuple[str, ...] = ()                 # "shout-out": the lowercase parts before the last (matched written so)
    joined: frozenset[str] = frozenset()      # ... and the keys of the word written as one ("shoutout")
    modifier: frozenset[str] = frozenset()    # two nouns of a Dutch pattern as one compound: the first's keys
                                         # (keys: the second's, joined: the compound's own)


@dataclass(frozen=True)
class Pattern:
    code: str
    text: str
    slots: tuple[Slot, ...]
    phrase: bool = False                 # function words kept ("who is responsible"): a tight span, in order in en
    adjacent: tuple[bool, ...] = ()      # slot i and i + 1 stand next to each other in the pattern

    @property
    def max_span(self) -> int:
        if self.phrase:
            return len(self.slots) + 2
        return 3 * len(self.slots) + 4


@dataclass(frozen=True)
class Hit:
    code: str
    pattern: str
    tokens: tuple[int, ...]              # doc token indices of the matched words
    negated: bool
    clause: int                          # index of the clause in the sentence
    stance: str = "present"              # present | absent | wished (see culturemap.nlp.stance); negated unless present


def compile_phrase(doc, lex) -> tuple[Slot, ...]:
    """Slots for a pattern phrase (a spaCy Doc). Empty when no word is left (the pattern can never match)."""
    pat = compile_pattern("", doc.text, doc, lex)
    return pat.slots if pat is not None else ()


def compile_pattern(code: str, text: str, doc, lex) -> Pattern | None:
    """A :class:`Pattern` for a phrase (a spaCy Doc), or None when no word is left.

    Articles, pronouns, auxiliaries and most prepositions are dropped, unless the phrase has at most one
    content word: then its function words carry the meaning ("who is responsible", "by the book", "do as
    told") and stay, and the phrase must stand together (in order in English). A hyphenated word
    ("shout-out") is one slot, matched only when written hyphenated or as one word ("shouts out" is not it).
    """
    toks = [t for t in doc if not t.is_space]
    # join hyphenated words: shout - out -> one item (first parts, last token)
    items: list[tuple[tuple[str, ...], Token, int]] = []      # (parts before last, last token, index)
    i = 0
    while i < len(toks):
        t = toks[i]
        parts: list[str] = []
        while (i + 2 < len(toks) and toks[i + 1].lower_ in ("-", "–") and not toks[i].whitespace_
               and not toks[i + 1].whitespace_ and not toks[i].is_punct and not toks[i + 2].is_punct):
            parts.append(toks[i].lower_)
            i += 2
            t = toks[i]
        if not t.is_punct:
            items.append((tuple(parts), t, i))
        i += 1
    if not items:
        return None

    def is_function(item):
        parts, t, _ = item
        return not parts and t.lower_ in lex.function_words and t.lower_ not in lex.negations

    content = [it for it in items if not is_function(it)]
    phrase = False
    if not content:          # a pattern of only function words: keep them all rather than nothing
        content = items
    elif len(content) == 1 and len(items) > 1:
        content, phrase = items, True
    slots = []
    for prefix, t, _ in content:
        if prefix:
            joined = "".join(prefix) + t.lower_
            last = lex.keys(t.text, t.lemma_ or None)
            keys = frozenset(k for k in last if not k.startswith("~"))
            slots.append(Slot(word="-".join(prefix + (t.lower_,)), keys=keys, hyphen=prefix, noun=True,
                              joined=frozenset(k for k in lex.keys(joined) if not k.startswith("~"))))
            continue
        keys = lex.keys(t.text, t.lemma_ or None)
        particle: str | None = None
        verb_keys: frozenset[str] = frozenset()
        for k in sorted(keys):
            split = lex.split_separable(k)
            if split:
                particle, verb = split
                verb_keys = lex.keys(verb, verb)
                break
        slots.append(Slot(word=t.lower_, keys=keys, particle=particle, verb_keys=verb_keys,
                          negation=t.lower_ in lex.negations, known=lex.known(t.text, t.lemma_ or None),
                          verb=lex.can_be_verb(keys), noun=lex.can_be_noun(keys),
                          noun_only=lex.can_be_noun(keys, only=True)))
    index = [ix for _, _, ix in content]
    pos_in_items = {ix: n for n, (_, _, ix) in enumerate(items)}
    adjacent = tuple(pos_in_items[b] - pos_in_items[a] == 1 for a, b in zip(index, index[1:]))
    return Pattern(code=code, text=text, slots=tuple(slots), phrase=phrase, adjacent=adjacent)


def merged_variants(pat: Pattern, lex) -> list[Pattern]:
    """Dutch: the pattern with two neighbouring nouns written as one compound ("klant contact" ->
    "klantcontact", "patiënt ervaring" -> "patiëntervaringen"): the merged slot is filled by a compound whose
    head has the second noun's keys and whose modifier has the first's (:mod:`culturemap.nlp.expand`)."""
    out = []
    for i, adj in enumerate(pat.adjacent):
        a, b = pat.slots[i], pat.slots[i + 1]
        if not adj or not (a.noun and b.noun) or a.hyphen or b.hyphen or a.particle or b.particle:
            continue
        joined = frozenset(k for link in ("", "s", "en", "e") for k in lex.keys(a.word + link + b.word)
                           if not k.startswith("~"))
        merged = Slot(word=a.word + b.word, keys=b.keys, joined=joined, noun=True,
                      modifier=frozenset(k for k in a.keys if not k.startswith("~")))
        out.append(Pattern(code=pat.code, text=pat.text, slots=pat.slots[:i] + (merged,) + pat.slots[i + 2:],
                           phrase=pat.phrase, adjacent=pat.adjacent[:i] + pat.adjacent[i + 1:]))
    return out

