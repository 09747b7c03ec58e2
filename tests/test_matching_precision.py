"""Precision on real speech (issue 9, item 1): no false friends from stemming, hyphenated words and noun
compounds kept together, function words that carry the meaning kept in the pattern."""
from pathlib import Path

import pytest

from culturemap.coding.codebook import parse_codebook
from culturemap.coding.tagging import suggest
from culturemap.models import Segment, Transcript


def codebook(language, patterns):
    codes = "\n".join(
        f"  - {{id: {code}, label: {code}, kind: belief, effect: hindering, patterns: {plist}}}"
        for code, plist in patterns.items())
    return parse_codebook(f"version: 1\nlanguage: {language}\ncodes:\n{codes}\n")


def coded(text, cb, language):
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("", 0, len(text), 1),),
                   language=language)
    return sorted((tag.code, tag.negated) for tag in suggest(t, cb)[0])


# ----------------------------------------------------------------------------- false friends from stemming
@pytest.mark.parametrize("text", ["Quite a few, actually.", "It was quite hard to keep up."])
def test_false_friend_quite_is_not_quit(text):
    cb = codebook("en", {"turnover": "[quit]"})
    assert coded(text, cb, "en") == []


def test_a_stem_still_reaches_the_inflections_of_the_same_lemma():
    cb = codebook("en", {"turnover": "[quit]"})
    assert coded("Two of my colleagues quit last year.", cb, "en") == [("turnover", False)]
    assert coded("People are quitting all the time.", cb, "en") == [("turnover", False)]


def test_false_friend_different_is_not_do_it_differently():
    cb = codebook("en", {"learn": "[differently]"})
    assert coded("We moved records from three different buildings.", cb, "en") == []
    assert coded("Next time we would plan it differently.", cb, "en") == [("learn", False)]


def test_false_friend_dutch_leiden_is_not_leiding():
    cb = codebook("nl", {"leadership": "[leiding]"})
    assert coded("Dat leidt tot veel fouten.", cb, "nl") == []
    assert coded("De leiding komt vaak op de werkvloer.", cb, "nl") == [("leadership", False)]


def test_false_friend_dutch_tijdig_is_not_tijd():
    cb = codebook("nl", {"workload": "[tijd]"})
    assert coded("Ze betalen altijd tijdig.", cb, "nl") == []


# ----------------------------------------------------------------------------- hyphenated words, compounds
def test_shouts_out_is_not_a_shout_out():
    cb = codebook("en", {"recognition": "[shout-out]"})
    assert coded("He always shouts out the numbers at the stand-up.", cb, "en") == []
    assert coded("She gave the team a shout-out in the town hall.", cb, "en") == [("recognition", False)]
    assert coded("Every Friday there are shout-outs for the best calls.", cb, "en") == [("recognition", False)]
    assert coded("A shoutout from the director means a lot.", cb, "en") == [("recognition", False)]


def test_customers_each_day_is_not_a_customer_day():
    cb = codebook("en", {"meet-customer": "[customer day]"})
    assert coded("Customers come in each day with questions.", cb, "en") == []
    assert coded("Last year we held a customer day for the whole team.", cb, "en") == [("meet-customer", False)]


def test_a_verb_and_its_object_may_still_take_a_determiner_between():
    cb = codebook("en", {"celebrate": "[celebrate success]"})
    assert coded("We celebrate every success with cake.", cb, "en") == [("celebrate", False)]


# ----------------------------------------------------------------------------- function words
def test_who_is_responsible_does_not_match_every_responsibility():
    cb = codebook("en", {"unclear-roles": "[who is responsible]"})
    assert coded("It is my responsibility to answer the phone.", cb, "en") == []
    assert coded("I am responsible for the archive.", cb, "en") == []
    assert coded("Who is responsible for the export, then?", cb, "en") == [("unclear-roles", False)]
    assert coded("And who was responsible for that?", cb, "en") == [("unclear-roles", False)]


def test_wie_is_verantwoordelijk_does_not_match_every_verantwoordelijkheid():
    cb = codebook("nl", {"unclear-roles": "[wie is verantwoordelijk]"})
    assert coded("Dat is mijn verantwoordelijkheid.", cb, "nl") == []
    assert coded("Ik ben verantwoordelijk voor het archief.", cb, "nl") == []
    assert coded("Niemand weet wie er verantwoordelijk is.", cb, "nl") == [("unclear-roles", True)]


def test_by_the_book_is_not_booking_a_meeting():
    cb = codebook("en", {"rules": "[by the book]"})
    assert coded("I will book a meeting by the end of the week.", cb, "en") == []
    assert coded("Everything here is done by the book.", cb, "en") == [("rules", False)]


def test_patterns_with_two_content_words_still_drop_their_function_words():
    cb = codebook("en", {"pass-on": "[pass the customer on]"})
    assert coded("We just pass customers on to the next team.", cb, "en") == [("pass-on", False)]


# ----------------------------------------------------------------------------- names of units and programmes
def test_a_word_inside_a_multiword_name_is_not_the_concept():
    cb = codebook("en", {"learning": "[career development]"})
    assert coded("I joined as a trainee in the Career Intern Development Program.", cb, "en") == []
    assert coded("There was a lot of career development for us.", cb, "en") == [("learning", False)]
    assert coded("Career development was taken seriously.", cb, "en") == [("learning", False)]


def test_a_word_inside_a_multiword_name_is_not_the_concept_in_dutch():
    cb = codebook("nl", {"workload": "[werkdruk]"})
    assert coded("Ik zit in de Werkgroep Werkdruk Verlagen.", cb, "nl") == []
    assert coded("Werkdruk is hier het grootste probleem.", cb, "nl") == [("workload", False)]
