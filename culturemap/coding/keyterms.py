"""Key terms of an engagement: what its interviewees talk about, measured against ordinary language.

A *term* is a run of one to three content words as written ("burned records", "wachtlijst", "roze olifant"):
no function word, negation, generic word or habit/norm marker inside it, nothing in square brackets
(transcribers' notes such as ``[inaudible]`` or ``[name]``) and no possible name. Its *keyness* is how much
more often the interviewees use it than ordinary language does:

    keyness = log10( (uses in the engagement / words in the engagement) / general-language frequency )

The general-language frequency comes from the ``wordfreq`` package (its Zipf scale: 7 is "the", 3 is
"dashboard"); a phrase counts one Zipf point rarer per extra word than wordfreq's estimate for it (which
is that of its rarest word). Without ``wordfreq`` a word the lemma lexicon knows counts as ordinary and an
unknown one as rare. A single word that is very common in ordinary language (Zipf 6 or more: "people",
"good", "tijd") is never a term on its own, only inside a phrase, and a phrase does not end in one
("look like").

Kinds: ``phrase`` (two or more words), ``jargon`` (one word that is rare in ordinary language, Zipf under
3.5, and used in at least two interviews) and ``word``.

>>> general_zipf(("the",), "en") > general_zipf(("dashboard",), "en") > general_zipf(("callback", "queue"), "en")
True
>>> keyness(3, 1000, 3.0) > keyness(3, 1000, 5.0) > keyness(1, 1000, 5.0)
True
"""
from __future__ import annotations

import functools
import math
import re

__all__ = ["general_zipf", "word_zipf", "keyness", "term_kind", "sentence_terms", "nominal_weight", "form_weight",
           "verb_or_adverb", "dutch_plural_of", "DETERMINERS", "MAX_WORDS", "COMMON_ZIPF", "JARGON_ZIPF"]

MAX_WORDS = 3              # longest phrase considered
COMMON_ZIPF = 6.0          # a single word this common in ordinary language is no term on its own
JARGON_ZIPF = 3.5          # a single word rarer than this, used in several interviews, is jargon
_PHRASE_RARITY = 1.0       # Zipf points per extra word of a phrase
_FLOOR_ZIPF = 1.0          # words ordinary language never uses
# Words that announce a noun ("the fire", "de wachtlijst", "our veterans"): a term seen after one is about a
# thing, not an act or a quality ("tell", "basically"), and ranks higher (see nominal_weight).
DETERMINERS = {
    "nl": frozenset("de het een 't 'n deze dit mijn m'n jouw uw z'n haar onze hun elke ieder iedere alle geen "
                    "welke".split()),         # not je, die, dat, zijn, ons: pronouns and verbs as often
    "en": frozenset("the a an this these those my your his her its our their every each no some any".split()),
}
_WORD_RE = re.compile(r"^[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*$")


@functools.lru_cache(maxsize=4)
def _wordfreq(language: str):
    """wordfreq's ``zipf_frequency`` for ``language``, or None when the package (or the language) is missing."""
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - declared dependency
        return None
    if language not in wordfreq.available_languages():  # pragma: no cover - nl and en are there
        return None
    return functools.partial(wordfreq.zipf_frequency, lang=language)


@functools.lru_cache(maxsize=200_000)
def word_zipf(word: str, language: str) -> float:
    """How common the lowercase ``word`` is in ordinary ``language`` (Zipf scale, 0 when unknown)."""
    zipf = _wordfreq(language)
    if zipf is not None:
        return zipf(word)
    from ..nlp.lexicon import lexicon  # fallback: rarity from the lemma lexicon

    lex = lexicon(language)
    if word in lex.function_words or word in lex.negations:
        return 7.0
    return 4.5 if (word in lex.lookup or word in lex.lemmas or word in lex.irregular) else 2.0


def general_zipf(words: tuple[str, ...], language: str) -> float:
    """How common the phrase ``words`` (lowercase) is in ordinary ``language``, on the Zipf scale."""
    zipf = _wordfreq(language)
    if zipf is not None and len(words) > 1:
        base = zipf(" ".join(words))
    else:
        base = min(word_zipf(w, language) for w in words)
    return max(_FLOOR_ZIPF, base - _PHRASE_RARITY * (len(words) - 1))


def keyness(uses: int, engagement_words: int, zipf: float) -> float:
    """log10 of how much more often the engagement uses a term than ordinary language (see module doc)."""
    return math.log10(max(uses, 1) / max(engagement_words, 1)) + 9.0 - zipf


def term_kind(n_words: int, zipf: float, interviews: int) -> str:
    if n_words > 1:
        return "phrase"
    return "jargon" if zipf < JARGON_ZIPF and interviews >= 2 else "word"


def nominal_weight(nominal: int, uses: int) -> float:
    """0.4 for a term never seen after a determiner, rising to 1 when a third of its uses are."""
    return 0.4 + 0.6 * min(1.0, 3.0 * nominal / max(uses, 1))


def dutch_plural_of(plural: str, word: str) -> bool:
    """Whether ``plural`` is a Dutch plural of ``word``: richtlijn(en), bus(sen), spreekuur/spreekuren.

    >>> [dutch_plural_of(p, w) for p, w in [("spreekuren", "spreekuur"), ("bussen", "bus"), ("merken", "merkt")]]
    [True, True, False]
    """
    stems = {word, word + word[-1:]}
    if len(word) >= 3 and word[-3] == word[-2] and word[-2] in "aeou":     # uur -> uren, aap -> apen
        stems.add(word[:-2] + word[-1])
    for stem in list(stems):                                               # brief -> brieven, huis -> huizen
        if stem[-1:] in "fs":
            stems.add(stem[:-1] + {"f": "v", "s": "z"}[stem[-1]])
    return plural in {st + "en" for st in stems} | {word + "s", word + "'s"}


def verb_or_adverb(word: str, language: str) -> bool:
    """Whether the lexicon reads the single ``word`` as a verb form or an adverb rather than a thing.

    Dutch: an infinitive ("vragen") or a form whose lemma is one ("merkt" -> merken, "teruggekomen" ->
    terugkomen). English: an -ly adverb ("honestly") or an -ed/-ing form of another lemma ("looked").

    >>> [verb_or_adverb(w, "nl") for w in ("merkt", "teruggekomen", "patiënten", "wachtlijst")]
    [True, True, False, False]
    >>> [verb_or_adverb(w, "en") for w in ("honestly", "looked", "records", "family")]
    [True, True, False, False]
    """
    from ..nlp.lexicon import lexicon

    w = word.lower()
    lemma = lexicon(language).lemma(w)
    if language == "nl":                             # (the lookup table maps some nouns to their plural)
        return lemma.endswith("en") and len(lemma) > 4 and not dutch_plural_of(lemma, w)
    if w.endswith("ly") and len(w) >= 6:             # honestly <- honest, basically <- basic, easily <- easy
        bases = {w[:-2], w[:-4] if w.endswith("ally") else "", w[:-3] + "y" if w.endswith("ily") else ""}
        return any(len(b) >= 4 and word_zipf(b, language) >= 3.5 for b in bases)
    return w.endswith(("ed", "ing")) and lemma != w


def form_weight(word: str, language: str, nominal: int, uses: int) -> float:
    """How much a term's form says it is about a thing: for a word :func:`nominal_weight`, and 0.15 for a
    verb form or adverb rarely seen after a determiner; for a phrase 1, or 0.15 when it ends in a verb form."""
    if " " in word:                                   # a phrase ending in a verb: "fire occurred"
        return 0.15 if verb_or_adverb(word.split()[-1], language) else 1.0
    weight = nominal_weight(nominal, uses)
    if weight < 1.0 and verb_or_adverb(word, language):
        return 0.15
    return weight


def _is_word(text: str) -> bool:
    return bool(_WORD_RE.match(text)) and (len(text) >= 3 or (len(text) == 2 and text.isupper()))


def sentence_terms(tokens, language: str, lex, skip: frozenset, names: frozenset = frozenset()):
    """The candidate terms of one sentence: ``[(key, surface, nominal), ...]``, ``key`` a tuple of stems.

    ``tokens`` are spaCy tokens; ``skip`` holds lowercase words and lemmas that end a run (function words,
    markers, generic words); ``names`` lowercase words that may be names (never part of a term);
    ``nominal`` says whether a determiner stands right before the term, or it is an acronym.
    """
    determiners = DETERMINERS.get(language, DETERMINERS["en"])
    runs: list[list[tuple[str, str]]] = [[]]
    after_det: list[bool] = []              # per run: does a determiner stand right before its first word
    depth = 0
    prev = ""
    for t in tokens:
        if t.text == "[":
            depth += 1
        elif t.text == "]":
            depth = max(0, depth - 1)
        low = t.lower_
        ok = (depth == 0 and _is_word(t.text) and not t.like_num and low not in skip and low not in names)
        if ok:
            lemma = lex.lemma(t.text, t.lemma_ or None)
            ok = lemma not in skip and lemma not in names
        if ok:
            if not runs[-1]:
                after_det.append(prev in determiners)
            # one key for every form of a word ("patiënt"/"patiënten", "record"/"records"): its shortest stem
            stems = [k for k in lex.keys(t.text, t.lemma_ or None) if k.startswith("~")]
            runs[-1].append((min(stems, key=lambda k: (len(k), k)) if stems else low, t.text))
        elif runs[-1]:
            runs.append([])
        prev = low
    out = []
    for run, det in zip([r for r in runs if r], after_det):
        for n in range(1, MAX_WORDS + 1):
            for i in range(len(run) - n + 1):
                gram = run[i:i + n]
                key = tuple(k for k, _ in gram)
                if len(set(key)) < n:                   # "records records"
                    continue
                surface = " ".join(w for _, w in gram)
                nominal = (i == 0 and det) or (n == 1 and surface.isupper())
                out.append((key, surface, nominal))
    return out
