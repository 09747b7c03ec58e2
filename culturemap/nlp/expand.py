"""Recall beyond the patterns' exact words: Dutch compounds, words of the code's own label, vectors.

Every expansion here is general behaviour, checked against the lexicon; none is a list of words.

- **Compounds** (Dutch): a word whose *head* (last part) is a pattern word fills that word's slot:
  "wachtlijst" and "wachtlijsten" fill ``lijst``, "patiëntervaringsmeting" fills ``meting``. The split comes
  from the lexicon: the head must be a noun the lexicon knows, the part before it (the *modifier*, after a
  linking ``s``/``e``/``en``) a noun or adjective it knows (not a verb form: "verg|adering" is no compound)
  or itself a compound of such words. A pattern word that is only
  the modifier does not match: a "wachtlijst" is a list, a "klantcontactmedewerker" an employee, and
  "ervaring" in "patiëntervaringsmeting" is what is measured, not an experience someone tells about.
  Derivational suffixes that happen to be words ("heid", "schap", "lijk") are never a head.
- **Label words**: the code's own label, split at "and"/"or" ("en"/"of"), gives extra patterns: a part with two
  or more content words is a pattern as it stands ("long waits", "recognition of staff"); one word after
  such a part replaces its last word ("Rigid rules and procedures": "Rigid procedures", not every
  "procedures"); a leading part of one word only when that word is specific (:func:`specific_word`): rare in
  ordinary language (English) or a long compound (Dutch). A matched sentence shows such a pattern as ``<phrase> (label)``.
- **Vectors**: when the pipeline has word vectors (a trained ``*_md``/``*_lg`` pipeline), a one-word pattern
  also matches its nearest neighbours above a similarity threshold that the lexicon knows as a noun, verb or
  adjective; without vectors (the embedded default) this adds nothing. Shown as ``<word> (vectors: <pattern>)``.

>>> from culturemap.nlp.lexicon import lexicon
>>> nl = lexicon("nl")
>>> compound_heads("wachtlijsten", nl), compound_heads("patiëntervaringsmeting", nl)
(('lijsten',), ('meting',))
>>> compound_heads("gelegenheid", nl), compound_heads("aanpak", nl)
((), ())
>>> label_phrases("Backlogs and long waits", lexicon("en"))
['Backlogs', 'long waits']
>>> label_phrases("Care and accuracy with records", lexicon("en"))
['accuracy with records']
>>> label_phrases("Rigid rules and procedures", lexicon("en"))
['Rigid rules', 'Rigid procedures']
"""
from __future__ import annotations

import functools
import re

__all__ = ["compound_heads", "compound_keys", "specific_word", "label_phrases", "derived_phrases",
           "vector_neighbours", "LABEL", "VECTORS"]

LABEL = "label"            # the origin shown after a pattern taken from a code's label
VECTORS = "vectors"        # ... and after a neighbour found by word vectors

# Dutch derivational suffixes that are also words (heath, shelf, ingot, corpse, ...): never a compound's head
_NOT_HEADS = frozenset("heid heden schap schappen baar lijk loos zaam achtig ling lingen isme teit ster sters "
                       "tje tjes ing ingen erij ering".split())
# Dutch prefixes that are also words ("ver" far, "mis" wrong): never a compound's modifier
_NOT_MODIFIERS = frozenset("ver her ont mis be ge er on".split())
_MIN_HEAD, _MIN_MODIFIER = 4, 4      # con|tact, dag|... : shorter parts split too many plain words


# ------------------------------------------------------------------------------------------------ compounds
def _is_noun(word: str, lex) -> bool:
    return any("noun" in lex.pos(k) for k in lex.keys(word) if not k.startswith("~"))


def _modifier_ok(m: str, lex, depth: int) -> bool:
    from .lexicon import PARTICLES

    forms = [m]
    if m.endswith("s"):
        forms.append(m[:-1])                       # klantenservice, ervaringsmeting
    if m.endswith("en"):
        forms.append(m[:-2])                       # patiëntenzorg
    if m.endswith("e"):
        forms.append(m[:-1])                       # ziektewet
    for f in forms:
        if len(f) < _MIN_MODIFIER or f in _NOT_MODIFIERS or f in PARTICLES or f in lex.function_words:
            continue
        if lex.pos(f) & {"noun", "adj"} or (depth > 0 and _split(f, lex, depth - 1)):
            return True
    return False


def _split(word: str, lex, depth: int) -> tuple[str, ...]:
    """Heads ``word`` may end in (longest first) with a valid modifier before them."""
    out = []
    for i in range(_MIN_MODIFIER, len(word) - _MIN_HEAD + 1):
        head = word[i:]
        if head in _NOT_HEADS or not _is_noun(head, lex):
            continue
        if _modifier_ok(word[:i], lex, depth):
            out.append(head)
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def _heads(word: str, language: str) -> tuple[str, ...]:
    from .lexicon import lexicon

    lex = lexicon(language)
    if language != "nl" or len(word) < _MIN_HEAD + _MIN_MODIFIER or not word.isalpha():
        return ()
    return _split(word, lex, 1)[:1]


def compound_heads(word: str, lex) -> tuple[str, ...]:
    """The head a Dutch compound ends in, the longest the lexicon knows ("avondspreekuur": spreekuur, not
    kuur), as a 1-tuple; empty for English and for words that do not split."""
    return _heads(word.lower(), lex.language)


@functools.lru_cache(maxsize=100_000)
def _parts(word: str, language: str) -> tuple[frozenset, frozenset]:
    from .lexicon import lexicon

    lex = lexicon(language)
    heads = _heads(word, language)
    if not heads:
        return frozenset(), frozenset()
    head = heads[0]
    modifier = word[: len(word) - len(head)]
    forms = {modifier} | {modifier[: -len(link)] for link in ("s", "en", "e") if modifier.endswith(link)}
    forms = {f for f in forms if len(f) >= _MIN_MODIFIER}
    forms |= {h for f in forms for h in _split(f, lex, 0)[:1]}       # patiëntervarings-: ervaring too
    mod_keys = frozenset(k for f in forms for k in lex.keys(f) if not k.startswith("~"))
    return mod_keys, frozenset(k for k in lex.keys(head) if not k.startswith("~"))


def compound_keys(word: str, lex) -> tuple[frozenset, frozenset]:
    """(modifier keys, head keys) of a Dutch compound, no stems ("wachtlijsten" -> ({wacht, ...}, {lijst,
    lijsten})); a modifier that is a compound itself gives its head's keys too ("patiëntervarings-":
    ervaring). Two empty sets for a word that does not split."""
    return _parts(word.lower(), lex.language)


# ------------------------------------------------------------------------------------------------ labels
@functools.lru_cache(maxsize=2)
def _log_probs(language: str) -> dict:
    """spacy-lookups-data's ``<lang>_lexeme_prob`` (natural log of a word's share of ordinary text)."""
    import gzip
    import json
    from importlib import resources

    try:
        import spacy_lookups_data
        path = resources.files(spacy_lookups_data).joinpath(f"data/{language}_lexeme_prob.json.gz")
        with path.open("rb") as fh:
            return json.loads(gzip.decompress(fh.read()))
    except (ImportError, OSError, ValueError):
        return {}


_RARE = -11.0          # a word rarer than about 1 in 60,000 words of ordinary English is specific
_LONG_NL = 9           # a Dutch word of 9+ letters is mostly a compound or derivation: specific


def specific_word(word: str, lex) -> bool:
    """Whether one word is specific enough to stand for a code alone.

    English: rarer than about 1 in 60,000 words of ordinary text (spacy-lookups-data's word probabilities),
    lemma and form alike. Dutch (no such table ships): a compound or a word of 9+ letters.

    >>> from culturemap.nlp.lexicon import lexicon
    >>> [w for w in "care workload health understaffing".split() if specific_word(w, lexicon("en"))]
    ['workload', 'understaffing']
    """
    w = word.lower()
    if w in lex.function_words or not w.isalpha():
        return False
    probs = _log_probs(lex.language)
    if probs:
        forms = {w, lex.lemma(w)}
        return all(probs.get(f, -20.0) <= _RARE for f in forms)
    return len(w) >= _LONG_NL or bool(compound_heads(w, lex))


_SPLIT = {"en": re.compile(r"[,;/()]|\b(?:and|or)\b", re.I), "nl": re.compile(r"[,;/()]|\b(?:en|of)\b", re.I)}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def label_phrases(label: str, lex) -> list[str]:
    """The parts of a label that may stand as patterns (see the module docstring), in label order.

    One word after a longer part is coordinated with that part's last word and takes its place ("Rigid
    rules and procedures": "Rigid procedures"; "Cooperation across units and agencies": "Cooperation across
    agencies"), never a pattern alone; one word before a longer part stands alone only when specific."""
    out: list[str] = []
    prev: list[str] = []
    for part in _SPLIT.get(lex.language, _SPLIT["en"]).split(label or ""):
        words = _WORD.findall(part or "")
        content = [w for w in words if w.lower() not in lex.function_words]
        if not content:
            continue
        if len(content) == 1 and len(prev) >= 2 and len(words) == 1:
            last = max(i for i, w in enumerate(prev) if w.lower() not in lex.function_words)
            words = prev[:last] + words + prev[last + 1:]
        elif len(content) == 1 and not specific_word(content[0], lex):
            prev = words
            continue
        phrase = " ".join(words)
        if phrase not in out:
            out.append(phrase)
        prev = words
    return out


# ------------------------------------------------------------------------------------------------ vectors
_MIN_SIMILARITY = 0.75


def vector_neighbours(word: str, vectors, strings, lex, *, n: int = 8,
                      min_similarity: float = _MIN_SIMILARITY) -> list[str]:
    """Nearest neighbours of ``word`` by word vectors (``vectors``: a spaCy ``Vectors``, ``strings``: its
    ``StringStore``), most similar first: other lemmas the lexicon knows as noun, verb or adjective, at
    least ``min_similarity`` similar. Empty when there are no vectors or the word has none."""
    if vectors is None or not getattr(vectors, "shape", (0,))[0]:
        return []
    key = strings[word.lower()] if word.lower() in strings else None
    if key is None or key not in vectors:
        return []
    import numpy

    keys, _rows, scores = vectors.most_similar(numpy.asarray([vectors[key]]), n=n + 1)
    own = lex.lemma(word.lower())
    out: list[str] = []
    for k, score in zip(keys[0], scores[0]):
        if float(score) < min_similarity:
            continue
        cand = strings[int(k)].lower()
        lemma = lex.lemma(cand)
        if lemma == own or cand in lex.function_words or not cand.isalpha() or lemma in out:
            continue
        if lex.pos(lemma) & {"noun", "verb", "adj"}:
            out.append(lemma)
    return out


# ------------------------------------------------------------------------------------------------ together
def derived_phrases(codebook, language: str, nlp=None) -> dict[str, list[str]]:
    """``{code: [pattern text, ...]}``: the extra patterns of every code (label parts, vector neighbours),
    each text ending in its origin ("long waits (label)"); none that repeats one of the code's own patterns.
    """
    from .lexicon import lexicon

    lex = lexicon(language)
    vocab = getattr(nlp, "vocab", None)
    vectors = getattr(vocab, "vectors", None)
    out: dict[str, list[str]] = {}
    for code in codebook.codes:
        own = [p for p in codebook.patterns_for(code.id, language) if isinstance(p, str)]
        seen = {p.lower() for p in own}
        extra = []
        label = code.label_for(language)
        if re.sub(r"[\W_]+", "", label).lower() == re.sub(r"[\W_]+", "", code.id).lower():
            label = ""                      # a label that only repeats the id ("NPS") has no words of its own
        for phrase in label_phrases(label, lex):
            if phrase.lower() not in seen:
                seen.add(phrase.lower())
                extra.append(f"{phrase} ({LABEL})")
        if vectors is not None and vocab is not None and getattr(vectors, "shape", (0,))[0]:       # no vectors: a no-op
            for p in own:
                words = [w for w in _WORD.findall(p) if w.lower() not in lex.function_words]
                if len(words) != 1:
                    continue
                for nb in vector_neighbours(words[0], vectors, vocab.strings, lex):
                    if nb not in seen:
                        seen.add(nb)
                        extra.append(f"{nb} ({VECTORS}: {p})")
        if extra:
            out[code.id] = extra
    return out


def phrase_of(text: str) -> str:
    """The phrase to compile of a derived pattern's text: ``"long waits (label)"`` -> ``"long waits"``."""
    return re.sub(r"\s*\((?:%s|%s)(?::[^)]*)?\)$" % (LABEL, VECTORS), "", text)
