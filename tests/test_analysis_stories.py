"""Loop stories: the sentences a reader of the report and the deck sees for each feedback loop."""
from __future__ import annotations

import networkx as nx
import pytest

from culturemap.analysis.stories import balancing_story, clean_quote, loop_quotes, loop_story, reinforcing_story
from culturemap.models import Loop

LABELS = {"numbers": "Alleen de cijfers tellen", "workload": "Hoge werkdruk", "complaints": "Klachten",
          "listen": "Leiding luistert mee", "help": "Elkaar helpen", "time": "Tijd voor de klant"}
KINDS = {"numbers": "belief", "workload": "outcome", "complaints": "outcome", "listen": "behaviour",
         "help": "value", "time": "outcome"}

VICIOUS = Loop("R1", "reinforcing", "vicious", ("complaints", "numbers", "workload"),
               (("complaints", "numbers", "+"), ("numbers", "workload", "+"), ("workload", "complaints", "+")))
VIRTUOUS = Loop("R2", "reinforcing", "virtuous", ("help", "time"), (("help", "time", "+"), ("time", "help", "+")))
BALANCING = Loop("B1", "balancing", "mixed", ("complaints", "listen"),
                 (("complaints", "listen", "+"), ("listen", "complaints", "-")))


def test_a_vicious_reinforcing_loop_reads_as_a_vicious_circle_in_dutch():
    # told from the belief, even though the loop's nodes start at the outcome
    assert reinforcing_story(VICIOUS, LABELS, "nl", KINDS) == (
        "Omdat ‘Alleen de cijfers tellen’ sterker wordt, neemt ‘Hoge werkdruk’ toe, waardoor ‘Klachten’ "
        "toeneemt. Zo wordt ‘Alleen de cijfers tellen’ nog sterker: een vicieuze cirkel die zichzelf in "
        "stand houdt.")


def test_a_vicious_reinforcing_loop_reads_as_a_vicious_circle_in_english():
    assert reinforcing_story(VICIOUS, LABELS, "en", KINDS) == (
        "Because “Alleen de cijfers tellen” grows stronger, “Hoge werkdruk” increases, so “Klachten” "
        "increases. And so “Alleen de cijfers tellen” grows stronger still: a vicious circle that keeps "
        "itself going.")


def test_a_virtuous_loop_reads_as_a_positive_spiral():
    assert reinforcing_story(VIRTUOUS, LABELS, "nl", KINDS) == (
        "Omdat ‘Elkaar helpen’ sterker wordt, neemt ‘Tijd voor de klant’ toe. Zo wordt ‘Elkaar helpen’ nog "
        "sterker: een positieve spiraal die zichzelf versterkt.")
    assert reinforcing_story(VIRTUOUS, LABELS, "en", KINDS).endswith(": a virtuous circle that feeds itself.")


def test_a_balancing_loop_turns_back_and_holds_itself_back_in_dutch_and_english():
    assert balancing_story(BALANCING, LABELS, "nl", KINDS) == (
        "Omdat ‘Klachten’ toeneemt, neemt ‘Leiding luistert mee’ toe. Zo neemt ‘Klachten’ weer af: een "
        "balancerende cirkel die zichzelf afremt.")
    assert balancing_story(BALANCING, LABELS, "en", KINDS) == (
        "Because “Klachten” increases, “Leiding luistert mee” increases. And so “Klachten” decreases again: "
        "a balancing loop that holds itself back.")


def test_a_minus_link_turns_the_direction_for_the_rest_of_the_story():
    loop = Loop("R3", "reinforcing", "mixed", ("listen", "numbers", "workload"),
                (("numbers", "listen", "-"), ("listen", "workload", "-"), ("workload", "numbers", "+")))
    assert reinforcing_story(loop, LABELS, "en", KINDS) == (
        "Because “Alleen de cijfers tellen” grows stronger, “Leiding luistert mee” decreases, so “Hoge "
        "werkdruk” increases. And so “Alleen de cijfers tellen” grows stronger still: a loop that "
        "reinforces itself.")


def test_a_long_loop_starts_a_new_sentence_after_two_clauses():
    codes = ("numbers", "workload", "complaints", "listen")
    loop = Loop("R4", "reinforcing", "vicious", codes,
                tuple((a, b, "+") for a, b in zip(codes, codes[1:] + codes[:1])))
    nl = loop_story(loop, LABELS, "nl", KINDS)
    en = loop_story(loop, LABELS, "en", KINDS)
    assert ", waardoor ‘Klachten’ toeneemt. Daardoor neemt ‘Leiding luistert mee’ toe. Zo " in nl
    assert ", so “Klachten” increases. As a result, “Leiding luistert mee” increases. And so " in en


def test_loop_story_tells_each_loop_by_its_polarity():
    for loop in (VICIOUS, VIRTUOUS):
        assert loop_story(loop, LABELS, "nl", KINDS) == reinforcing_story(loop, LABELS, "nl", KINDS)
    assert loop_story(BALANCING, LABELS, "en", KINDS) == balancing_story(BALANCING, LABELS, "en", KINDS)


def test_a_story_of_the_wrong_kind_is_refused():
    with pytest.raises(ValueError, match="B1 is balancing"):
        reinforcing_story(BALANCING, LABELS, "nl", KINDS)
    with pytest.raises(ValueError, match="R1 is reinforcing"):
        balancing_story(VICIOUS, LABELS, "nl", KINDS)


def test_another_language_falls_back_to_english_and_unknown_codes_show_their_id():
    assert loop_story(BALANCING, {}, "de") == (
        "Because “complaints” increases, “listen” increases. And so “complaints” decreases again: a balancing "
        "loop that holds itself back.")


def test_the_story_does_not_depend_on_where_the_loop_was_entered():
    links = VICIOUS.links
    for k in range(len(links)):
        rotated = Loop("R1", "reinforcing", "vicious", VICIOUS.nodes, links[k:] + links[:k])
        assert loop_story(rotated, LABELS, "nl", KINDS) == loop_story(VICIOUS, LABELS, "nl", KINDS)


def _graph():
    g = nx.DiGraph()
    g.add_edge("complaints", "listen", sources=1, evidence=[
        {"interview": "i3", "pseudonym": "I03 · hr", "start": 5, "text": "Dus  luistert de **leiding** mee."}])
    g.add_edge("listen", "complaints", sources=3, evidence=[
        {"interview": "i2", "pseudonym": "I02 · klantcontact", "start": 40, "text": "Later minder klachten."},
        {"interview": "i1", "pseudonym": "I01 · leidinggevenden", "start": 90, "text": "Sindsdien minder klachten."},
        {"interview": "i1", "pseudonym": "I01 · leidinggevenden", "start": 10, "text": "Eerst luisteren."}])
    return g


def test_loop_quotes_come_from_distinct_interviews_best_supported_link_first():
    quotes = loop_quotes(_graph(), BALANCING)
    assert quotes == [
        {"interview": "I01 · leidinggevenden", "text": "Eerst luisteren.", "cause": "listen", "effect": "complaints"},
        {"interview": "I03 · hr", "text": "Dus luistert de leiding mee.", "cause": "complaints", "effect": "listen"},
    ]
    assert [q["interview"] for q in loop_quotes(_graph(), BALANCING, limit=1)] == ["I01 · leidinggevenden"]


def test_loop_quotes_skip_links_missing_from_the_map():
    g = _graph()
    g.remove_edge("listen", "complaints")
    assert [q["interview"] for q in loop_quotes(g, BALANCING)] == ["I03 · hr"]


def test_clean_quote_drops_markdown_emphasis_and_extra_space():
    assert clean_quote("**[naam]**:  zo doen we __het__\n nu eenmaal") == "[naam]: zo doen we het nu eenmaal"
    assert clean_quote(None) == ""
