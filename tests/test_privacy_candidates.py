"""Name heuristics of privacy-check (culturemap.privacy.candidates): which words look like names."""
from __future__ import annotations

import pytest

from culturemap.privacy.candidates import _ner_candidates, _ner_pipeline, capitalised_candidates


@pytest.mark.parametrize("text, expected", [
    ("Gisteren belde Karin. Karin zei: Nee.", ["Karin"]),
    ("Toen zei Anna de Vries het al.", ["Anna de Vries"]),
    ("Het team van Jan Bakker helpt.", ["Jan Bakker"]),                 # Jan is also a lemma: still a name
    ("Dat vond Peter's baas ook.", ["Peter"]),
    ("We gebruiken Teams en Excel, en de NPS.", []),
    ("Zei [naam] dat? Ja, \"Nee\" zei ze.", []),
    ("But I'm sure that I've seen it.", []),
    ("Then SANDRA called back.", ["SANDRA"]),                           # ALL CAPS longer than 5 letters
])
def test_capitalised_candidates(text, expected):
    lang = "en" if text.startswith(("But", "Then")) else "nl"
    assert [name for name, _, _ in capitalised_candidates(text, lang)] == expected


def test_candidate_offsets_point_at_the_name_and_a_name_does_not_run_over_a_line_break():
    text = "Toen belde Karin\nDe Boer zei niets, maar Gerrit Veen wel."
    found = capitalised_candidates(text, "nl")
    assert [name for name, _, _ in found] == ["Karin", "Gerrit Veen"]
    assert all(text[start:end] == name for name, start, end in found)


def test_known_names_are_candidates_at_a_sentence_start_but_common_non_names_never_are():
    text = "Karin belt op Maandag. Maandag is druk."
    assert capitalised_candidates(text, "nl") == []
    assert capitalised_candidates(text, "nl", names={"karin", "maandag"}) == [("Karin", 0, 5)]


def test_ner_candidates_keep_person_entities_without_placeholder_or_punctuation():
    import spacy

    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": [{"TEXT": "["}, {"LOWER": "naam"}, {"TEXT": "]"}, {"TEXT": "Boer"}]},
                        {"label": "ORG", "pattern": "KCC"}])
    text = "Toen belde [naam] Boer de KCC."
    assert _ner_candidates(nlp, text) == [("Boer", text.index("Boer"), text.index("Boer") + 4)]


def test_a_broken_ner_model_means_no_ner_instead_of_a_crash(monkeypatch):
    import culturemap.nlp.pipeline

    def broken(language, **kwargs):
        raise OSError("model files missing")

    monkeypatch.setattr(culturemap.nlp.pipeline, "load_pipeline", broken)
    assert _ner_pipeline("nl") is None
