"""Stance: a tag says the coded thing is present, absent or wished for (issue 9, item 3).

Each stance form of the issue is a named test, in Dutch and English, on sentences of our own. An absent
or wished tag is negated; a present one is not.
"""
from pathlib import Path

import pytest

from culturemap.coding.codebook import parse_codebook
from culturemap.coding.tagging import suggest
from culturemap.models import Segment, Transcript

CODEBOOK = """
version: 1
language: en
codes:
  - id: vision
    label: Clear vision
    kind: belief
    effect: enabling
    patterns:
      en: [clear vision, clear goals]
      nl: [duidelijke visie, heldere doelen]
  - id: feedback
    label: Feedback
    kind: behaviour
    effect: enabling
    patterns:
      en: [regular feedback]
      nl: [regelmatig feedback]
  - id: pm-role
    label: Project manager role
    kind: behaviour
    effect: enabling
    patterns:
      en: [project manager role]
      nl: [rol van projectleider]
  - id: sprint
    label: Interrupted sprints
    kind: behaviour
    effect: hindering
    patterns:
      en: [interrupt sprint]
      nl: [sprint onderbreken]
  - id: micromanage
    label: Micromanagement
    kind: behaviour
    effect: hindering
    patterns:
      en: [micromanage]
      nl: [micromanagen]
  - id: team
    label: The team
    kind: value
    effect: enabling
    patterns:
      en: [team]
      nl: [team]
"""


@pytest.fixture(scope="module")
def codebook():
    return parse_codebook(CODEBOOK)


def stances(text, codebook, language):
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("", 0, len(text), 1),),
                   language=language)
    tags, _ = suggest(t, codebook)
    assert all(tag.negated == (tag.stance != "present") for tag in tags)
    return sorted((tag.code, tag.stance) for tag in tags)


def en(text, codebook):
    return stances(text, codebook, "en")


def nl(text, codebook):
    return stances(text, codebook, "nl")


# ----------------------------------------------------------------------------- present
def test_a_plain_statement_is_present(codebook):
    assert en("We have a clear vision here.", codebook) == [("vision", "present")]
    assert nl("We hebben hier een duidelijke visie.", codebook) == [("vision", "present")]


# ----------------------------------------------------------------------------- absent, English
def test_en_there_is_no_is_absent(codebook):
    assert en("There is no clear vision.", codebook) == [("vision", "absent")]


def test_en_lack_of_is_absent(codebook):
    assert en("What I see is a lack of clear goals.", codebook) == [("vision", "absent")]


def test_en_missing_is_absent(codebook):
    assert en("Regular feedback is missing in this department.", codebook) == [("feedback", "absent")]


def test_en_without_is_absent(codebook):
    assert en("We work without clear goals.", codebook) == [("vision", "absent")]


# ----------------------------------------------------------------------------- wished, English
def test_en_it_would_be_nice_to_have_is_wished(codebook):
    assert en("It would be nice to have clear goals.", codebook) == [("vision", "wished")]


def test_en_we_should_is_wished(codebook):
    assert en("We should give regular feedback.", codebook) == [("feedback", "wished")]


def test_en_we_need_is_wished(codebook):
    assert en("We really need a clear vision.", codebook) == [("vision", "wished")]


def test_en_i_wish_is_wished(codebook):
    assert en("I wish we had a clear vision.", codebook) == [("vision", "wished")]
    assert en("I wish that management gave regular feedback.", codebook) == [("feedback", "wished")]


# ----------------------------------------------------------------------------- absent, Dutch
def test_nl_geen_is_absent(codebook):
    assert nl("Er is geen duidelijke visie.", codebook) == [("vision", "absent")]


def test_nl_gebrek_aan_is_absent(codebook):
    assert nl("Er is een groot gebrek aan heldere doelen.", codebook) == [("vision", "absent")]


def test_nl_ontbreekt_is_absent(codebook):
    assert nl("Een duidelijke visie ontbreekt gewoon.", codebook) == [("vision", "absent")]


def test_nl_zonder_is_absent(codebook):
    assert nl("We werken hier zonder heldere doelen.", codebook) == [("vision", "absent")]


# ----------------------------------------------------------------------------- wished, Dutch
def test_nl_het_zou_fijn_zijn_als_is_wished(codebook):
    assert nl("Het zou fijn zijn als we heldere doelen hadden.", codebook) == [("vision", "wished")]


def test_nl_we_zouden_moeten_is_wished(codebook):
    assert nl("We zouden vaker regelmatig feedback moeten geven.", codebook) == [("feedback", "wished")]


def test_nl_ik_mis_is_wished(codebook):
    assert nl("Ik mis een duidelijke visie.", codebook) == [("vision", "wished")]


# ----------------------------------------------------------------------------- negation scope, real English
def test_you_dont_define_a_role_is_absent(codebook):
    assert en("You don't define a project manager role.", codebook) == [("pm-role", "absent")]


def test_typographic_apostrophes_negate_like_straight_ones(codebook):
    assert en("You don’t define a project manager role.", codebook) == [("pm-role", "absent")]
    assert en("There wasn’t any clear vision.", codebook) == [("vision", "absent")]
    assert en("It’d be nice to have clear goals.", codebook) == [("vision", "wished")]


def test_negation_of_think_scopes_over_the_clause(codebook):
    assert en("I don't actually think we interrupted a sprint.", codebook) == [("sprint", "absent")]
    assert nl("Ik denk eigenlijk niet dat we een sprint onderbraken.", codebook) == [("sprint", "absent")]


def test_a_negated_aside_does_not_reach_the_next_clause(codebook):
    assert en("I don't know, we interrupted a sprint twice.", codebook) == [("sprint", "present")]


def test_not_knowing_the_details_does_not_deny_the_thing(codebook):
    assert en("I don't remember exactly when we interrupted a sprint.", codebook) == [("sprint", "present")]
    assert nl("Ik weet niet meer wanneer we een sprint onderbraken.", codebook) == [("sprint", "present")]
    assert en("I don't know, we never interrupted a sprint.", codebook) == [("sprint", "absent")]


def test_without_negates_only_what_follows_it(codebook):
    assert en("The team shipped it without asking anyone.", codebook) == [("team", "present")]
    assert en("The work gets done without the team.", codebook) == [("team", "absent")]


def test_a_negation_before_without_cancels_it(codebook):
    assert en("We could not have done it without the team.", codebook) == [("team", "present")]
    assert nl("We hadden het nooit gered zonder het team.", codebook) == [("team", "present")]


def test_idioms_with_no_are_not_negations(codebook):
    assert en("The team kept going no matter what happened.", codebook) == [("team", "present")]
    assert en("No doubt the team was the best part of it.", codebook) == [("team", "present")]


# ----------------------------------------------------------------------------- what is not a wish
def test_negation_wins_over_a_wish(codebook):
    assert en("Managers should not micromanage.", codebook) == [("micromanage", "absent")]
    assert nl("Managers zouden niet moeten micromanagen.", codebook) == [("micromanage", "absent")]


def test_a_condition_or_a_remark_on_the_talk_is_not_a_wish(codebook):
    assert en("If we need regular feedback, we ask for it.", codebook) == [("feedback", "present")]
    assert en("I'd like to add that we have a clear vision.", codebook) == [("vision", "present")]
    assert en("The team works as it should.", codebook) == [("team", "present")]
    assert en("We had everything we needed, and the team was great.", codebook) == [("team", "present")]


def test_a_question_or_an_offer_is_not_a_wish(codebook):
    assert en("Would you like clear goals?", codebook) == [("vision", "present")]
    assert nl("Wat zou je willen met heldere doelen?", codebook) == [("vision", "present")]
    assert nl("Ik zou willen zeggen dat het team goed werkt.", codebook) == [("team", "present")]
    assert en("They decided whether the team should stay.", codebook) == [("team", "present")]


def test_a_comparison_is_not_a_wish(codebook):
    assert en("The team is smaller than I would like.", codebook) == [("team", "present")]
    assert nl("Het team is kleiner dan ik zou willen.", codebook) == [("team", "present")]


def test_dutch_maybe_and_went_wrong_are_not_wishes(codebook):
    assert nl("Dat zou goed kunnen, we hebben een duidelijke visie.", codebook) == [("vision", "present")]
    assert nl("Het ging mis, maar het team bleef.", codebook) == [("team", "present")]
    assert nl("We hebben alles wat nodig is, ook een duidelijke visie.", codebook) == [("vision", "present")]


def test_the_patterns_own_words_are_not_cues(codebook):
    book = parse_codebook("""
version: 1
language: en
codes:
  - {id: no-vision, label: No vision, kind: belief, effect: hindering, patterns: [lack of vision]}
  - {id: need-speed, label: Need for speed, kind: belief, effect: hindering, patterns: [we need speed]}
""")
    assert en("There is a real lack of vision.", book) == [("no-vision", "present")]
    assert en("Here we need speed above all.", book) == [("need-speed", "present")]
