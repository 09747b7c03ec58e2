"""Recall beyond the patterns' exact words (issue 9, item 2): Dutch compounds, the code's own label, vectors.
Each expansion must find what a consultant would code, and not what they would call nonsense."""
from pathlib import Path

import pytest

from culturemap.coding.codebook import parse_codebook
from culturemap.coding.tagging import suggest
from culturemap.models import Segment, Transcript
from culturemap.nlp.expand import compound_heads, compound_keys
from culturemap.nlp.lexicon import lexicon


def codebook(language, codes):
    """``codes``: {id: (label, [patterns])}."""
    lines = "\n".join(
        f"  - {{id: {code}, label: \"{label}\", kind: belief, effect: hindering, patterns: {patterns}}}"
        for code, (label, patterns) in codes.items())
    return parse_codebook(f"version: 1\nlanguage: {language}\ncodes:\n{lines}\n")


def coded(text, cb, language):
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("", 0, len(text), 1),),
                   language=language)
    return sorted(tag.code for tag in suggest(t, cb)[0])


# ----------------------------------------------------------------------------- compounds: the split
@pytest.mark.parametrize("word, head", [
    ("wachtlijst", "lijst"), ("wachtlijsten", "lijsten"), ("patiëntervaringsmeting", "meting"),
    ("klantcontactmedewerker", "medewerker"), ("personeelstekort", "tekort"), ("avondspreekuur", "spreekuur"),
])
def test_a_dutch_compound_splits_into_modifier_and_head_by_the_lexicon(word, head):
    assert compound_heads(word, lexicon("nl")) == (head,)


@pytest.mark.parametrize("word", [
    "vergadering",      # verg|adering: a verb form is no modifier
    "gelegenheid",      # a derivational suffix is no head, even when it is a word (heid: heath)
    "aanpak",           # a particle is a prefix, not a modifier
    "verkeer",          # ver|keer: a prefix, not a modifier
])
def test_words_that_only_look_like_compounds_do_not_split(word):
    assert compound_heads(word, lexicon("nl")) == ()


def test_english_words_are_never_split():
    assert compound_heads("someone", lexicon("en")) == ()
    assert compound_keys("workload", lexicon("en")) == (frozenset(), frozenset())


# ----------------------------------------------------------------------------- compounds: matching
def test_two_pattern_nouns_written_as_one_compound_match():
    cb = codebook("nl", {"contact": ("Contact", "[klant contact]")})
    assert coded("Het klantcontact is hier heel persoonlijk.", cb, "nl") == ["contact"]
    assert coded("Onze klantcontacten lopen via de balie.", cb, "nl") == ["contact"]
    assert coded("Met een patiëntervaringsmeting weet je het.",
                 codebook("nl", {"meten": ("Meten", "[ervaring meting]")}), "nl") == ["meten"]


def test_the_head_alone_of_a_pattern_compound_does_not_match():
    cb = codebook("nl", {"contact": ("Contact", "[klant contact]")})
    assert coded("Het contact met de afdeling is goed.", cb, "nl") == []


def test_a_compound_head_matches_when_the_code_knows_its_modifier():
    cb = codebook("nl", {"wachten": ("Wachten", "[lijst, wacht]")})
    assert coded("De wachtlijsten worden steeds langer.", cb, "nl") == ["wachten"]


def test_a_compound_head_in_another_sense_does_not_match():
    # a payment arrears is not a backlog of work, house rules are not the rules the code is about
    cb = codebook("nl", {"backlog": ("Werk blijft liggen", "[achterstand]"),
                         "regels": ("Regels gaan voor", "[regels]")})
    assert coded("Een huurder met een betalingsachterstand belt drie keer.", cb, "nl") == []
    assert coded("Ik zoek het op in de huurregels.", cb, "nl") == []
    assert coded("We hebben een flinke achterstand.", cb, "nl") == ["backlog"]


def test_a_pattern_word_that_is_only_the_modifier_does_not_match():
    cb = codebook("nl", {"ervaring": ("Ervaring", "[ervaring]"), "klant": ("Klant", "[klant]")})
    assert coded("De patiëntervaringsmeting komt elk kwartaal.", cb, "nl") == []
    assert coded("Ze werkt als klantcontactmedewerker.", cb, "nl") == []


# ----------------------------------------------------------------------------- the code's own label
def test_a_label_part_of_two_content_words_finds_what_the_patterns_miss():
    cb = codebook("en", {"backlog-delay": ("Backlogs and long waits", "[pile up]")})
    assert coded("People had long waits for an answer.", cb, "en") == ["backlog-delay"]
    assert coded("The backlogs grew every month.", cb, "en") == ["backlog-delay"]   # rare word: alone


def test_a_hit_from_the_label_names_its_origin():
    from culturemap.nlp.pipeline import load_pipeline

    cb = codebook("en", {"backlog-delay": ("Backlogs and long waits", "[pile up]")})
    text = "People had long waits for an answer."
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("", 0, len(text), 1),), language="en")
    fired = {}
    suggest(t, cb, nlp=load_pipeline("en"), pattern_hits=fired)
    assert fired == {("backlog-delay", "long waits (label)"): 1}


def test_a_common_word_of_the_label_does_not_stand_alone():
    cb = codebook("en", {"care": ("Care and accuracy with records", "[double-check]")})
    assert coded("We care about our families.", cb, "en") == []
    assert coded("Accuracy with these records mattered to all of us.", cb, "en") == ["care"]


def test_one_coordinated_word_of_the_label_takes_the_place_of_the_word_before():
    cb = codebook("en", {"rigid": ("Rigid rules and procedures", "[red tape]")})
    assert coded("We wrote the procedures down for the new staff.", cb, "en") == []
    assert coded("The procedures were rigid and nobody could deviate.", cb, "en") == ["rigid"]


def test_a_label_that_only_repeats_the_id_adds_nothing():
    cb = codebook("en", {"backlog": ("Backlog", "[pile up]")})
    assert coded("The backlog grew every month.", cb, "en") == []


def test_a_dutch_label_part_is_a_pattern_too():
    cb = codebook("nl", {"wachttijd": ("Achterstanden en lange wachttijden", "[op de lijst]")})
    assert coded("Patiënten hebben hier lange wachttijden.", cb, "nl") == ["wachttijd"]


# ----------------------------------------------------------------------------- vectors
class FakeStrings:
    def __init__(self, words):
        self.ids = {w: i + 1 for i, w in enumerate(words)}
        self.words = {i: w for w, i in self.ids.items()}

    def __contains__(self, word):
        return word in self.ids

    def __getitem__(self, item):
        return self.ids[item] if isinstance(item, str) else self.words[item]


class FakeVectors:
    """What spaCy's ``Vectors`` offers the expansion: shape, membership, rows, most_similar."""

    def __init__(self, table, strings):
        import numpy

        self.keys = [strings[w] for w in table]
        self.rows = numpy.array([table[w] for w in table], dtype="float32")
        self.shape = self.rows.shape

    def __contains__(self, key):
        return key in self.keys

    def __getitem__(self, key):
        return self.rows[self.keys.index(key)]

    def most_similar(self, queries, n=1):
        import numpy

        norm = self.rows / numpy.linalg.norm(self.rows, axis=1, keepdims=True)
        q = queries / numpy.linalg.norm(queries, axis=1, keepdims=True)
        sims = q @ norm.T
        order = numpy.argsort(-sims, axis=1)[:, :n]
        keys = numpy.array([[self.keys[i] for i in row] for row in order])
        return keys, order, numpy.take_along_axis(sims, order, axis=1)


def fake_nlp(table):
    from types import SimpleNamespace

    strings = FakeStrings(list(table))
    return SimpleNamespace(vocab=SimpleNamespace(strings=strings, vectors=FakeVectors(table, strings)))


def test_vector_neighbours_of_a_one_word_pattern_become_patterns():
    from culturemap.nlp.expand import derived_phrases

    nlp = fake_nlp({"backlog": [1.0, 0.0, 0.1], "arrears": [0.95, 0.05, 0.1], "banana": [0.0, 1.0, 0.0],
                    "the": [0.99, 0.0, 0.1]})
    cb = codebook("en", {"delay": ("Delay", "[backlog]")})
    assert derived_phrases(cb, "en", nlp) == {"delay": ["arrears (vectors: backlog)"]}


def test_without_vectors_nothing_is_added():
    from types import SimpleNamespace

    from culturemap.nlp.expand import derived_phrases, vector_neighbours

    empty = SimpleNamespace(shape=(0, 0))
    assert vector_neighbours("backlog", empty, FakeStrings(["backlog"]), lexicon("en")) == []
    cb = codebook("en", {"delay": ("Delay", "[backlog]")})
    assert derived_phrases(cb, "en", SimpleNamespace(vocab=SimpleNamespace(vectors=empty))) == {}
