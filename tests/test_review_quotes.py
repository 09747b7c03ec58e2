"""Quotes (review.quotes): the one quote locator, the sentence that holds a quote, context around it."""
from __future__ import annotations

from culturemap.review.quotes import find_quote, quote_context, sentence_span

TEXT = "Anna: Toen zei Anna de Vries het. We helpen elkaar.\nWe helpen\n   elkaar altijd."


def test_every_exact_occurrence_in_text_order():
    assert [TEXT[s:e] for s, e in find_quote(TEXT, "We helpen")] == ["We helpen", "We helpen"]
    assert find_quote(TEXT, "We helpen") == [(34, 43), (52, 61)]


def test_white_space_may_differ_when_the_words_are_not_there_as_typed():
    (s, e), = find_quote(TEXT, "helpen elkaar altijd")
    assert TEXT[s:e] == "helpen\n   elkaar altijd"


def test_the_quote_is_stripped_and_an_empty_quote_is_nowhere():
    assert find_quote(TEXT, "  zei Anna \n") == [(11, 19)]
    assert find_quote(TEXT, "") == [] and find_quote(TEXT, " \n ") == []
    assert find_quote(TEXT, "dit staat er niet") == []


def test_a_redacted_name_stands_for_the_name_only_when_asked():
    quote = "Toen zei [naam] het."
    assert find_quote(TEXT, quote) == []                      # a consultant's quote is taken literally
    (s, e), = find_quote(TEXT, quote, redacted=True)          # an exported (redacted) quote finds the name
    assert TEXT[s:e] == "Toen zei Anna de Vries het."
    assert find_quote("Then [name] said so.", "Then [name] said", redacted=True) == [(0, 16)]   # literal first


def test_sentence_span_grows_the_quote_to_its_sentence_inside_the_bounds():
    s, e = sentence_span(TEXT, TEXT.index("helpen elkaar."), TEXT.index("helpen elkaar.") + 6)
    assert TEXT[s:e] == "We helpen elkaar."
    q = TEXT.index("de Vries")
    s, e = sentence_span(TEXT, q, q + 8)
    assert TEXT[s:e] == "Anna: Toen zei Anna de Vries het."
    s, e = sentence_span(TEXT, q, q + 8, TEXT.index("Toen"), TEXT.index(" het."))
    assert TEXT[s:e] == "Toen zei Anna de Vries"                  # kept inside the segment's bounds
    s, e = sentence_span(TEXT, TEXT.index("We helpen\n"), TEXT.index("We helpen\n") + 2)
    assert TEXT[s:e] == "We helpen"                               # a line break ends a sentence
    s, e = sentence_span(TEXT, TEXT.index("We helpen\n"), TEXT.index("altijd"))
    assert TEXT[s:e] == "We helpen\n   elkaar altijd."            # ... unless the quote runs on


def test_context_skips_front_matter_and_bare_speaker_labels():
    text = "---\nid: kc-03\n---\nAnna:\nEerst dit. Dan dat! Tot slot."
    start = text.index("Dan dat!")
    assert quote_context(text, start, start + len("Dan dat!")) == ("Eerst dit.", "Tot slot.")
    first = text.index("Eerst")
    assert quote_context(text, first, first + len("Eerst dit.")) == ("", "Dan dat!")
