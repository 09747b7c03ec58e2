"""The lookup lemmatizer, a spaCy pipeline component registered where it is defined."""
from __future__ import annotations

from .lexicon import lexicon

__all__ = ["register_lemmatizer"]

def register_lemmatizer() -> str:
    """A lookup lemmatizer over the same tables the matcher uses (spacy-lookups-data's lemma_lookup plus the
    Dutch irregular verbs and inflection rules), registered once as a spaCy pipeline component. It replaces
    spaCy's own lookup lemmatizer, whose tables would be loaded a second time."""
    from spacy.language import Language

    name = "culturemap_lookup_lemmatizer"
    if name not in Language.factories:
        @Language.component(name)
        def lookup_lemmatizer(doc):
            # works on hash arrays (no Token objects): orth hash -> lemma hash, cached per word
            from spacy.attrs import LEMMA, ORTH

            lex = lexicon(doc.lang_)
            strings = doc.vocab.strings
            cache = _LEMMAS.setdefault(doc.lang_, {})
            orths = doc.to_array([ORTH])
            lemmas = orths.copy()
            for i, orth in enumerate(orths.tolist()):
                lemma = cache.get(orth)
                if lemma is None:
                    lemma = cache[orth] = lex.lemma(strings[orth])
                lemmas[i] = strings.add(lemma)       # this vocab must know the string, whatever the cache
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
            return doc
    return name


_LEMMAS: dict[str, dict[int, str]] = {}     # language -> orth hash -> lemma
