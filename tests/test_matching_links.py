"""Causal links need a real causal connective between a cause clause and an effect clause (issue 9,
item 1): not "so far", not a filler "So," / "Dus," opening a turn, not items of a list."""
from pathlib import Path

import pytest

from culturemap.coding.codebook import parse_codebook
from culturemap.coding.tagging import suggest
from culturemap.models import Segment, Transcript

CODEBOOK = """
version: 1
language: nl
codes:
  - {id: workload, label: Workload, kind: outcome, effect: hindering,
     patterns: {nl: [hoge werkdruk], en: [high workload]}}
  - {id: pass-on, label: Pass on, kind: behaviour, effect: hindering,
     patterns: {nl: [klant doorschuiven], en: [pass the customer on]}}
  - {id: complaints, label: Complaints, kind: outcome, effect: hindering,
     patterns: {nl: [klacht], en: [complaint]}}
  - {id: training, label: Training, kind: behaviour, effect: enabling,
     patterns: {nl: [training], en: [training]}}
"""


@pytest.fixture(scope="module")
def cb():
    return parse_codebook(CODEBOOK)


def links(turns, cb, language):
    """``turns``: the respondent's turns (one segment each)."""
    text, segments, pos = "", [], 0
    for turn in turns:
        segments.append(Segment("R", pos, pos + len(turn), len(segments) + 1))
        text += turn + "\n\n"
        pos = len(text)
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=tuple(segments), language=language)
    return sorted((l.cause, l.effect) for l in suggest(t, cb)[1])


def test_so_far_is_not_a_connective(cb):
    assert links(["We have a high workload. So far we never pass the customer on."], cb, "en") == []
    assert links(["There is a high workload, so far no complaint came in."], cb, "en") == []


def test_a_real_so_still_links(cb):
    assert links(["We have a high workload. So we pass the customer on."], cb, "en") == [("workload", "pass-on")]
    assert links(["There is a high workload, so we pass the customer on."], cb, "en") == [("workload", "pass-on")]


@pytest.mark.parametrize("opening", ["So,", "So yeah,", "So, um,"])
def test_filler_so_opening_a_sentence_is_not_a_connective(cb, opening):
    text = f"We have a high workload. {opening} we pass the customer on sometimes."
    assert links([text], cb, "en") == []


@pytest.mark.parametrize("opening", ["Dus,", "Dus ja,", "Dus eh"])
def test_filler_dus_opening_a_sentence_is_not_a_connective(cb, opening):
    text = f"We hebben een hoge werkdruk. {opening} we schuiven de klant wel eens door."
    assert links([text], cb, "nl") == []


def test_a_real_dus_still_links(cb):
    text = "We hebben een hoge werkdruk. Dus schuiven we de klant door."
    assert links([text], cb, "nl") == [("workload", "pass-on")]


def test_filler_so_opening_a_turn_does_not_reach_into_the_previous_turn(cb):
    assert links(["We have a high workload.", "So we pass the customer on."], cb, "en") == []
    assert links(["We hebben een hoge werkdruk.", "Dus schuiven we de klant door."], cb, "nl") == []


def test_items_of_a_list_are_not_cause_and_effect(cb):
    text = "We talked about the training, the high workload, and then the complaint."
    assert links([text], cb, "en") == []
    text = "Op de agenda stonden de training, de hoge werkdruk en dan de klacht."
    assert links([text], cb, "nl") == []


def test_then_between_two_clauses_still_links(cb):
    text = "If we have a high workload, then we pass the customer on."
    assert links([text], cb, "en") == [("workload", "pass-on")]


def test_as_we_said_is_not_a_cause(cb):
    text = "We pass the customer on, as we said, and there is a high workload."
    assert links([text], cb, "en") == []
    text = "We pass the customer on as we have a high workload."
    assert links([text], cb, "en") == [("workload", "pass-on")]


def test_a_when_question_is_not_a_condition(cb):
    text = "When do you think the high workload will pass the customer on to us?"
    assert links([text], cb, "en") == []
