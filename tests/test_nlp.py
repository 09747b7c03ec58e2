"""The pipeline choice and the lexicon behind matching."""
import pytest

import culturemap.nlp.pipeline as nlp_mod
from culturemap.nlp.lexicon import lexicon
from culturemap.nlp.pipeline import load_pipeline


def test_embedded_default_when_no_trained_pipeline_is_installed(monkeypatch):
    monkeypatch.setattr(nlp_mod, "_trained_name", lambda lang: None)
    load_pipeline.cache_clear()
    nlp = load_pipeline("en")
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]
    assert nlp_mod.pipeline_name(nlp) == "blank:en+sentencizer+lookup-lemmatizer"
    load_pipeline.cache_clear()


def test_a_trained_pipeline_is_used_automatically_when_installed(monkeypatch):
    import spacy

    loaded = {}

    def fake_load(name, exclude=()):
        loaded["name"], loaded["exclude"] = name, list(exclude)
        nlp = spacy.blank("nl")
        nlp.add_pipe("sentencizer")
        return nlp

    monkeypatch.setattr(nlp_mod, "_trained_name", lambda lang: "nl_core_news_md")
    monkeypatch.setattr(spacy, "load", fake_load)
    load_pipeline.cache_clear()
    try:
        nlp = load_pipeline("nl")
        assert loaded == {"name": "nl_core_news_md", "exclude": ["ner"]}
        assert nlp_mod.pipeline_name(nlp) == "nl_core_news_md"
    finally:
        load_pipeline.cache_clear()


def test_trained_pipelines_are_looked_up_largest_first():
    assert nlp_mod.TRAINED_PIPELINES["nl"][0] == "nl_core_news_lg"
    assert nlp_mod.TRAINED_PIPELINES["en"][-1] == "en_core_web_sm"


@pytest.mark.parametrize("form, lemma", [
    ("is", "zijn"), ("was", "zijn"), ("heeft", "hebben"), ("kwam", "komen"), ("vond", "vinden"),
    ("moest", "moeten"), ("stelt", "stellen"), ("gesteld", "stellen"), ("vierden", "vieren"),
    ("hoge", "hoog"), ("doorgeschoven", "doorschuiven"), ("klanten", "klant"),
])
def test_dutch_forms_the_lookup_table_misses_reach_their_lemma(form, lemma):
    assert lemma in lexicon("nl").keys(form)


def test_english_lookup_is_case_insensitive_and_ignores_number_lemmas():
    lex = lexicon("en")
    assert "customer" in lex.keys("Customers")
    assert "1" not in lex.keys("first")


def test_separable_verbs_split_only_into_a_known_verb():
    lex = lexicon("nl")
    assert lex.split_separable("terugbellen") == ("terug", "bellen")
    assert lex.split_separable("klant") is None
