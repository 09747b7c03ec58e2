"""Loading the spaCy pipeline: a trained one when installed, else the embedded default.

The embedded default is ``spacy.blank(lang)`` + sentencizer + the lookup lemmatizer of
:mod:`culturemap.nlp.lemmatizer` (over the tables of :mod:`culturemap.nlp.lexicon`). When a trained pipeline
(nl_core_news_*, en_core_web_*) is installed it is used automatically.
"""
from __future__ import annotations

import functools

from .lemmatizer import register_lemmatizer

__all__ = ["TRAINED_PIPELINES", "load_pipeline", "pipeline_name"]

TRAINED_PIPELINES = {
    "nl": ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm"),
    "en": ("en_core_web_lg", "en_core_web_md", "en_core_web_sm"),
}


def _trained_name(language: str) -> str | None:
    import spacy.util

    for name in TRAINED_PIPELINES.get(language, ()):
        if spacy.util.is_package(name):
            return name
    return None


@functools.lru_cache(maxsize=4)
def load_pipeline(language: str, *, trained: bool | None = None, with_ner: bool = False):
    """The spaCy pipeline for ``language``: a trained one when installed, else the embedded default.

    ``trained=False`` forces the embedded default; ``trained=True`` requires a trained pipeline.
    """
    import spacy

    name = _trained_name(language) if trained is not False else None
    if name:
        exclude = [] if with_ner else ["ner"]
        nlp = spacy.load(name, exclude=exclude)
        nlp.meta["culturemap_pipeline"] = name
        return nlp
    if trained:
        raise RuntimeError(f"no trained spaCy pipeline for {language} is installed")
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(register_lemmatizer(), name="lemmatizer")
    nlp.meta["culturemap_pipeline"] = f"blank:{language}+sentencizer+lookup-lemmatizer"
    return nlp


def pipeline_name(nlp) -> str:
    return nlp.meta.get("culturemap_pipeline", nlp.meta.get("name", "?"))
