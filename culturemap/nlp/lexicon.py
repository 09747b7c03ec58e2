"""The lexicon that turns a word into the keys the matcher compares.

The embedded default is ``spacy.blank(lang)`` + sentencizer + lookup lemmatizer (spacy-lookups-data),
topped up with a table of Dutch irregular verbs (``data/nl_irregular.tsv``) and rules for regular Dutch
inflection (stelt/gesteld/stelden -> stellen), because the Dutch lookup table misses many forms. When a
trained pipeline (nl_core_news_*, en_core_web_*) is installed it is used automatically.

A word's *keys* are every normal form it may match under: its lowercase form, its lemma, validated rule
lemmas, and a Snowball stem (prefixed with ``~`` so a stem never equals a real word by accident). Two words
match when their keys intersect; a stem may only stand in for a word the lexicon does not know as another
lemma (:meth:`Lexicon.stem_may_match`: "quite" is not "quit", "responsibility" is not "responsible").
The lexicon knows a lemma from spacy-lookups-data's lemma tables and its ``lemma_index`` (lemmas by part of
speech), which also says whether a word can be a verb.

>>> lex = lexicon("nl")
>>> sorted(k for k in lex.keys("gesteld") if not k.startswith("~"))
['gesteld', 'stellen']
>>> "stellen" in lex.keys("stelden") and "zijn" in lex.keys("was")
True
>>> lex.split_separable("doorschuiven")
('door', 'schuiven')
"""
from __future__ import annotations

import functools
from importlib import resources

__all__ = [
    "LANGUAGES", "lexicon", "Lexicon", "NEGATIONS", "FUNCTION_WORDS", "PARTICLES",
]

LANGUAGES = ("nl", "en")

# Negation cues (a clause holding one of these, outside the pattern's own words, is negated).
NEGATIONS = {
    "nl": frozenset("niet geen nooit niemand niets niks nergens noch nimmer geeneen zonder allerminst".split()),
    "en": frozenset("not n't never no nobody nothing nowhere neither nor none without cannot hardly".split()),
}

# Words a pattern does not require (articles, pronouns, auxiliaries, most prepositions).
FUNCTION_WORDS = {
    "nl": frozenset(
        """de het een 't 'n der des den ik je jij u hij zij ze we wij jullie men mij me ons onze mijn jouw
        uw zijn haar hun hen hem er daar hier dit deze die dat wat wie welk welke is ben bent was waren
        zijn worden wordt werd werden word heb hebt heeft had hadden hebben zal zou zouden kan kun kunt
        kunnen van in op aan te met voor naar bij om uit tot over door als dan ook nog wel al toch maar
        en of want dus even gewoon echt eigenlijk heel erg zo'n soms vaak zelf elk elke ieder iedere via
        alle""".split()
    ),
    "en": frozenset(
        """the a an i you he she it we they me him her us them my your his its our their mine ours this
        that these those is am are was were be been being do does did have has had will would shall
        should can could may might must of in on at to for with by from as than then also still just
        really quite very so and or but because if there here which who whom whose what s 's""".split()
    ),
}

# Articles and pronouns the lemma index also lists as verbs ("de"); never the verb of a clause.
_NEVER_VERBS = {
    "nl": frozenset("de het een 't 'n der des den ik je jij u hij zij ze we wij jullie men mij me ons onze mijn "
                    "jouw uw haar hun hen hem er daar hier dit deze die dat wat wie".split()),
    "en": frozenset("the a an i you he she it we they me him her us them my your his its our their this that "
                    "these those".split()),
}

# Dutch separable-verb particles.
PARTICLES = (
    "terug", "samen", "achter", "tegen", "binnen", "buiten", "door", "over", "voor", "onder", "mee", "aan",
    "af", "bij", "in", "na", "neer", "om", "op", "toe", "uit", "vast", "weg", "open", "dicht", "los",
    "langs", "rond", "vrij",
)

_VOWELS = set("aeiou")


def _read_lookup_table(language: str) -> dict[str, str]:
    """spacy-lookups-data's ``<lang>_lemma_lookup`` as a plain dict of strings (empty when not installed)."""
    import gzip
    import json

    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - declared dependency
        return {}
    path = resources.files(spacy_lookups_data).joinpath(f"data/{language}_lemma_lookup.json.gz")
    try:
        with path.open("rb") as fh:
            return {k.lower(): v for k, v in json.loads(gzip.decompress(fh.read())).items()}
    except (OSError, ValueError):  # pragma: no cover
        return {}


def _read_lemma_index(language: str) -> dict[str, frozenset]:
    """spacy-lookups-data's ``<lang>_lemma_index``: part of speech -> the lemmas that have it (lowercase)."""
    import gzip
    import json

    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - declared dependency
        return {}
    path = resources.files(spacy_lookups_data).joinpath(f"data/{language}_lemma_index.json.gz")
    try:
        with path.open("rb") as fh:
            table = json.loads(gzip.decompress(fh.read()))
    except (OSError, ValueError):  # pragma: no cover
        return {}
    return {pos: frozenset(map(str.lower, words)) for pos, words in table.items()}


def _read_irregular() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("culturemap").joinpath("data/nl_irregular.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, forms = line.partition("\t")
        for form in forms.split():
            table.setdefault(form, lemma)
    return table


class Lexicon:
    """Lemma tables and normalisation for one language (shared by the matcher and themes)."""

    def __init__(self, language: str):
        import snowballstemmer

        self.language = language
        self.lookup = _read_lookup_table(language)
        self.irregular = _read_irregular() if language == "nl" else {}
        self.lemmas = frozenset(self.lookup.values()) | frozenset(self.irregular.values())
        self.pos_index = _read_lemma_index(language)
        self.stemmer = snowballstemmer.stemmer("dutch" if language == "nl" else "english")
        self.negations = NEGATIONS[language]
        self.function_words = FUNCTION_WORDS[language]

    # ---------------------------------------------------------------- lemmas
    @functools.lru_cache(maxsize=200_000)  # noqa: B019 (one Lexicon per language, kept for the process)
    def lemma(self, word: str, spacy_lemma: str | None = None) -> str:
        """The best single lemma for a lowercase word."""
        w = word.lower()
        if w in self.irregular:
            return self.irregular[w]
        if spacy_lemma:
            sl = spacy_lemma.lower()
            if not (sl.isdigit() and not w.isdigit()) and sl != w:
                return sl
        lk = self.lookup.get(w)
        if lk and not (lk.isdigit() and not w.isdigit()):
            return lk.lower()
        for cand in self._rule_lemmas(w):
            return cand
        return w

    def _verb_infinitives(self, stem: str) -> list[str]:
        """Infinitives a Dutch verb stem may belong to, by the spelling rules (stel -> stellen, maak -> maken)."""
        if len(stem) < 2 or not stem.isalpha():
            return []
        last, prev = stem[-1], stem[-2]
        syllables = sum(1 for i, ch in enumerate(stem) if ch in _VOWELS and (i == 0 or stem[i - 1] not in _VOWELS))
        if last in _VOWELS:
            return [stem + "en"]
        if len(stem) >= 3 and stem[-2] == stem[-3] and stem[-2] in "aeou":      # maak -> maken, geloof -> geloven
            base = stem[:-2]
            return [base + {"f": "v", "s": "z"}.get(last, last) + "en", base + last + "en"]
        if prev in _VOWELS and (len(stem) < 3 or stem[-3] not in _VOWELS):
            if syllables > 1 and stem[-2:] in ("er", "el", "en", "em", "ig"):   # luister -> luisteren
                return [stem + "en"]
            return [stem + last + "en"]                                          # stel -> stellen
        out = [stem + "en"]                                                      # werk -> werken, denk -> denken
        if last == "f":
            out.append(stem[:-1] + "ven")                                        # leef -> leven
        if last == "s":
            out.append(stem[:-1] + "zen")                                        # reis -> reizen
        return out

    def _rule_lemmas(self, w: str) -> list[str]:
        """Dutch (and a little English) inflection rules, kept only when they give a known lemma."""
        if self.language != "nl" or len(w) < 3 or not w.isalpha():
            return []
        cands: list[str] = []
        for particle in PARTICLES:                                # doorgeschoven, terugbelde
            if w.startswith(particle) and len(w) > len(particle) + 3:
                rest = w[len(particle):]
                for sub in [self.irregular.get(rest), self.lookup.get(rest), *self._rule_lemmas_simple(rest)]:
                    if sub:
                        cands.append(particle + sub)
        cands.extend(self._rule_lemmas_simple(w))
        seen, out = set(), []
        for c in cands:
            if c and c != w and (c in self.lemmas or c in self.lookup) and c not in seen:
                seen.add(c)
                out.append(c)
        return out

    def _rule_lemmas_simple(self, w: str) -> list[str]:
        cands: list[str] = []
        if w in self.irregular:
            cands.append(self.irregular[w])
        core = w
        if w.startswith("ge") and len(w) > 5:                    # gesteld, gevierd, gemaakt, gegeven
            core = w[2:]
            if core.endswith(("d", "t")):
                cands += self._verb_infinitives(core[:-1])
            if core.endswith("en"):
                cands.append(core)
                if core in self.irregular:
                    cands.append(self.irregular[core])
        for suf in ("den", "ten", "de", "te"):                  # vierden, maakte
            if w.endswith(suf) and len(w) - len(suf) >= 2:
                cands += self._verb_infinitives(w[: -len(suf)])
        if w.endswith("t") and len(w) > 3:                       # stelt
            cands += self._verb_infinitives(w[:-1])
        cands += self._verb_infinitives(w)                       # stel
        if w.endswith(("'s", "’s")):                             # DBC's, klant's
            cands.append(w[:-2])
        if w.endswith("s"):
            cands.append(w[:-1])
        if w.endswith("en") and len(w) > 4:                      # klanten, bedrijven
            base = w[:-2]
            cands += [base, base[:-1] if len(base) > 2 and base[-1] == base[-2] else base]
            if base.endswith("v"):
                cands.append(base[:-1] + "f")
            if base.endswith("z"):
                cands.append(base[:-1] + "s")
            if len(base) >= 2 and base[-1] not in _VOWELS and base[-2] in _VOWELS:
                cands.append(base[:-1] + base[-2] + base[-1])   # vragen -> vraag
        if w.endswith("n") and len(w) > 4:                       # leidinggevenden
            cands.append(w[:-1])
        for suf in ("ste", "er", "e"):                          # adjectives: hoge/hoger/hoogste -> hoog
            if w.endswith(suf) and len(w) - len(suf) >= 2:
                cands += self._adjective_bases(w[: -len(suf)])
        return cands

    @staticmethod
    def _adjective_bases(base: str) -> list[str]:
        out = [base]
        last = base[-1]
        if len(base) >= 2 and base[-1] == base[-2] and last not in _VOWELS:
            out.append(base[:-1])                                # dikke -> dik
        elif len(base) >= 3 and last not in _VOWELS and base[-2] in "aeou" and base[-3] not in _VOWELS:
            long = {"v": "f", "z": "s"}.get(last, last)
            out.append(base[:-2] + base[-2] * 2 + long)          # hog -> hoog, boz -> boos
        elif last in "vz":
            out.append(base[:-1] + {"v": "f", "z": "s"}[last])   # lieve -> lief
        return out

    # ---------------------------------------------------------------- keys
    @functools.lru_cache(maxsize=200_000)  # noqa: B019 (one Lexicon per language, kept for the process)
    def keys(self, word: str, spacy_lemma: str | None = None) -> frozenset:
        """Every normal form ``word`` may match under (see module docstring)."""
        w = word.lower()
        out = {w}
        if spacy_lemma:
            sl = spacy_lemma.lower()
            if not (sl.isdigit() and not w.isdigit()):
                out.add(sl)
        if w in self.irregular:
            out.add(self.irregular[w])
        lk = self.lookup.get(w)
        if lk and not (lk.isdigit() and not w.isdigit()):
            out.add(lk.lower())
        out.update(self._rule_lemmas(w))
        if w.endswith(("'s", "’s")) and len(w) > 3:             # plural/possessive of acronyms: DBC's
            out.add(w[:-2])
        if w.isalpha():
            for form in list(out):
                stem = self.stemmer.stemWord(form)
                if len(stem) >= 4:
                    out.add("~" + stem)
        return frozenset(out)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 (one Lexicon per language, kept for the process)
    def pos(self, lemma: str) -> frozenset:
        """The parts of speech the lemma index gives ``lemma`` (``{"noun", "verb"}``; empty when unknown)."""
        return frozenset(p for p, words in self.pos_index.items() if lemma in words)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 (one Lexicon per language, kept for the process)
    def known(self, word: str, spacy_lemma: str | None = None) -> frozenset:
        """The lemmas the lexicon knows ``word`` as (empty for a word it does not know)."""
        return frozenset(k for k in self.keys(word, spacy_lemma)
                         if not k.startswith("~") and (k in self.lemmas or self.pos(k)))

    def stem_may_match(self, known_a: frozenset, known_b: frozenset) -> bool:
        """Whether two words that share only a Snowball stem may match: not when the lexicon knows them as
        different lemmas ("quite" ~ "quit", "different" ~ "differently", "reconstruction" ~ "reconstruct").

        >>> lex = lexicon("en")
        >>> lex.stem_may_match(lex.known("quite"), lex.known("quit"))
        False
        """
        return not known_a or not known_b or bool(known_a & known_b)

    def can_be_verb(self, keys) -> bool:
        """Whether one of the (non-stem) keys is a verb lemma; Dutch infinitives count when not in the index."""
        for k in keys:
            if k.startswith("~") or k in _NEVER_VERBS.get(self.language, ()):
                continue
            pos = self.pos(k)
            if "verb" in pos:
                return True
            if self.language == "nl" and not pos and k.endswith("en") and k in self.lemmas:
                return True
        return False

    def can_be_noun(self, keys, *, only: bool = False) -> bool:
        """Whether one of the (non-stem) keys is a noun lemma (``only``: and never anything else), or none is
        known at all (jargon: "DBC")."""
        known = [p for p in (self.pos(k) for k in keys if not k.startswith("~")) if p]
        if only:
            return all(pos <= {"noun"} for pos in known)
        return not known or any("noun" in pos for pos in known)

    def split_separable(self, lemma: str) -> tuple[str, str] | None:
        """``doorschuiven`` -> ``("door", "schuiven")`` for a Dutch separable verb, else None."""
        if self.language != "nl" or not lemma.endswith("en"):
            return None
        for particle in PARTICLES:
            rest = lemma[len(particle):]
            if lemma.startswith(particle) and len(rest) >= 4 and rest.endswith("en"):
                if rest in self.lemmas or rest in self.irregular.values():
                    return particle, rest
        return None


@functools.lru_cache(maxsize=4)
def lexicon(language: str) -> Lexicon:
    """The (cached) :class:`Lexicon` for ``nl`` or ``en``."""
    return Lexicon(language)
