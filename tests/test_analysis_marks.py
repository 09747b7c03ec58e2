"""mark_codes and balance on hand-built evidence, and the ``culturemap mark`` command."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner
from test_analysis_graph import CODES, INTERVIEWS, LINKS, TAGS, culture_evidence, make_evidence

from culturemap.analysis.graph import build_graph
from culturemap.analysis.loops import find_loops
from culturemap.analysis.marks import balance, mark_codes
from culturemap.cli import main
from culturemap.models import LoopResult


def marks_of(evidence):
    G = build_graph(evidence)
    return mark_codes(G, find_loops(G), evidence)


def by_code(result):
    return {m.code: m for m in result.marks}


# ---------------------------------------------------------------- which mark

def test_every_value_belief_and_behaviour_gets_its_mark():
    marks = by_code(marks_of(culture_evidence()))
    assert {c: m.mark for c, m in marks.items()} == {
        "customer-first": "cherish", "ownership": "cherish", "feedback": "cherish",
        "only-numbers": "reduce", "fear": "reduce", "no-time": "reduce",
        "help-each-other": "redirect",
    }   # "complaints" is an outcome, "unused" is not on the map


def test_reduce_for_hindering_belief_in_a_vicious_circle():
    m = by_code(marks_of(culture_evidence()))["only-numbers"]
    assert (m.label, m.kind, m.effect, m.mark) == ("Only the numbers count", "belief", "hindering", "reduce")
    assert m.reasons == ("Mentioned in 5 of 7 dialogues, in 3 groups",   # k1 k2 k3 h1 l3; contact, hr, leaders
                         "Part of vicious circle R2",
                         "Part of reinforcing loop R1",
                         "Drives 7 other parts of the map")          # every other node is downstream


def test_cherish_for_enabling_belief_in_a_virtuous_circle():
    m = by_code(marks_of(culture_evidence()))["ownership"]
    assert m.mark == "cherish"
    assert m.reasons == ("Mentioned in 2 of 7 dialogues, in 2 groups", "Part of virtuous circle R3",
                         "Drives 7 other parts of the map")


def test_redirect_for_ambivalent_value():
    m = by_code(marks_of(culture_evidence()))["help-each-other"]
    assert m.mark == "redirect"
    assert m.reasons == ("Mentioned in 4 of 7 dialogues, in 2 groups", "Part of balancing loop B1",
                         "Drives 1 other part of the map", "Keep it, but point it at the customer too")


def test_reasons_in_dutch():
    m = by_code(marks_of(culture_evidence(language="nl")))["only-numbers"]
    assert m.reasons == ("Genoemd in 5 van 7 dialogen, in 3 groepen", "Zit in vicieuze cirkel R2",
                         "Zit in versterkende lus R1", "Drijft 7 andere onderdelen van de kaart")
    m = by_code(marks_of(culture_evidence(language="nl")))["help-each-other"]
    assert m.reasons[-1] == "Behouden, maar richt het ook op de klant"


def _mostly_negated(code, language="en", negated=(True, True, True, False)):
    tags = [t for t in TAGS if t[1] != code] + [
        (iv, code, neg) for iv, neg in zip(("l1", "l2", "k1", "l3"), negated)]
    return by_code(marks_of(make_evidence(CODES, INTERVIEWS, tags, LINKS, language=language)))[code]


def test_enabling_code_mostly_missing_or_wished_is_a_gap_to_develop():
    m = _mostly_negated("customer-first")
    assert m.mark == "develop"
    assert "Named as missing or wished for in 75% of the mentions" in m.reasons
    assert m.reasons[-1] == "Wished for but not there yet: develop it"


def test_develop_reasons_in_dutch():
    m = _mostly_negated("customer-first", language="nl")
    assert m.mark == "develop"
    assert "In 75% van de vermeldingen genoemd als iets wat ontbreekt of gewenst is" in m.reasons
    assert m.reasons[-1] == "Gewenst maar nog niet aanwezig: ontwikkelen"


def test_hindering_code_mostly_denied_is_unconfirmed_not_reduce():
    m = _mostly_negated("only-numbers")
    assert m.mark == "unconfirmed"
    assert m.reasons[-1] == "Most mentions deny it: ask the group whether it plays at all"


def test_code_denied_in_half_its_mentions_keeps_its_mark():
    assert _mostly_negated("customer-first", negated=(True, True, False, False)).mark == "cherish"
    assert _mostly_negated("only-numbers", negated=(True, False, False, False)).mark == "reduce"


# ---------------------------------------------------------------- priority

def test_marks_are_sorted_by_score_and_scores_are_between_0_and_1():
    result = marks_of(culture_evidence())
    scores = [m.score for m in result.marks]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert result.marks[0].code == "only-numbers"      # widest spread, in the vicious circle, strongest pull


def test_vicious_circle_raises_reduce_priority():
    ev = culture_evidence()
    G = build_graph(ev)
    loops = find_loops(G)
    without = LoopResult(loops=tuple(l for l in loops.loops if l.reading != "vicious"), truncated=False,
                         components=loops.components)
    with_loop = by_code(mark_codes(G, loops, ev))
    no_loop = by_code(mark_codes(G, without, ev))
    for code in ("only-numbers", "fear", "no-time"):
        assert with_loop[code].score > no_loop[code].score
    assert with_loop["customer-first"].score == no_loop["customer-first"].score


def test_virtuous_circle_raises_cherish_priority():
    ev = culture_evidence()
    G = build_graph(ev)
    loops = find_loops(G)
    without = replace(loops, loops=tuple(l for l in loops.loops if l.reading != "virtuous"))
    assert by_code(mark_codes(G, loops, ev))["ownership"].score > by_code(mark_codes(G, without, ev))["ownership"].score


def test_wider_spread_raises_priority():
    codes = [("a", "A", "belief", "hindering"), ("b", "B", "belief", "hindering")]
    ivs = [("i1", "x"), ("i2", "x"), ("i3", "y")]
    ev = make_evidence(codes, ivs, [("i1", "a"), ("i2", "a"), ("i3", "a"), ("i1", "b")], threshold=1)
    marks = by_code(marks_of(ev))
    assert marks["a"].score > marks["b"].score
    assert marks["a"].reasons == ("Mentioned in 3 of 3 dialogues, in 2 groups",)
    assert marks["b"].reasons == ("Mentioned in 1 of 3 dialogues, in 1 group",)


# ---------------------------------------------------------------- quotes

def test_quotes_one_per_interview_first_at_most_three_under_pseudonym():
    codes = [("a", "A", "belief", "enabling")]
    ivs = [("i1", None), ("i2", None), ("i3", None)]
    tags = [("i1", "a", False, "first in one"), ("i1", "a", False, "second in one"), ("i2", "a", False, "in two"),
            ("i3", "a", False, "   "), ("i2", "a", False, "in  two")]
    m = by_code(marks_of(make_evidence(codes, ivs, tags)))["a"]
    assert m.quotes == ({"interview": "I01", "text": "first in one"}, {"interview": "I02", "text": "in two"},
                        {"interview": "I01", "text": "second in one"})


def test_quotes_come_only_from_the_graphs_group():
    ev = culture_evidence()
    G = build_graph(ev, group="leaders")
    m = by_code(mark_codes(G, find_loops(G), ev))["only-numbers"]
    assert [q["interview"] for q in m.quotes] == ["I07"]               # l3 is the 7th interview id
    assert m.reasons[0] == "Mentioned in 1 of 3 dialogues"             # one group only: no group count


# ---------------------------------------------------------------- balance

def test_balance_overall_and_per_group_with_small_group_suppressed():
    b = balance(culture_evidence())
    # 20 mentions of values/beliefs/behaviours (the outcome "complaints" does not count); hindering:
    # only-numbers 5 + fear 2 + no-time 2 + one negated "customer first" = 10
    assert (b["mentions"], b["hindering"], b["overall"]) == (20, 10, 0.5)
    # contact: 12 mentions, 8 hindering; leaders: 6 mentions, 1 hindering
    assert b["by_group"] == {"contact": 0.667, "leaders": 0.167}
    assert b["suppressed"] == {"hr": "1 interview(s), fewer than the anonymity threshold of 3: not shown separately"}


def test_balance_note_in_project_language_and_negated_hindering_is_not_hindering():
    codes = [("silo", "Silodenken", "belief", "hindering")]
    ev = make_evidence(codes, [("a", "kc"), ("b", "kc"), ("c", "hr")], [("a", "silo"), ("b", "silo", True)],
                       language="nl", threshold=2)
    b = balance(ev)
    assert (b["overall"], b["by_group"]) == (0.5, {"kc": 0.5})
    assert b["suppressed"] == {"hr": "1 dialoog/dialogen, minder dan de anonimiteitsgrens van 2: niet apart getoond"}


def test_balance_without_mentions():
    b = balance(make_evidence(CODES, INTERVIEWS, [("k3", "complaints")]))
    assert (b["overall"], b["mentions"], b["hindering"]) == (0.0, 0, 0)
    assert b["by_group"] == {"contact": 0.0, "leaders": 0.0}


# ---------------------------------------------------------------- CLI: culturemap mark

@pytest.fixture
def engagement(fake_engagement):
    return fake_engagement(culture_evidence)


def test_cli_mark_json(engagement):
    result = CliRunner().invoke(main, ["mark", str(engagement), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == marks_of(culture_evidence()).as_dict()
    assert list(data) == ["marks", "balance"]
    first = data["marks"][0]
    assert list(first) == ["code", "label", "kind", "effect", "mark", "score", "reasons", "quotes"]
    assert first["quotes"][0] == {"interview": "I01", "text": "quote 14 about only-numbers"}


def test_cli_mark_table_and_balance(engagement):
    result = CliRunner().invoke(main, ["mark", str(engagement)])
    assert result.exit_code == 0, result.output
    lines = [l.rstrip() for l in result.output.splitlines()]
    assert lines[0].split() == ["Code", "Label", "Mark", "Score", "Reasons", "Quotes"]
    top = lines[2].split()
    assert top[:6] == ["only-numbers", "Only", "the", "numbers", "count", "reduce"]
    assert lines[-4:] == ["Culture balance: 50% of 20 mentions are hindering.",
                          "  contact: 67% hindering",
                          "  leaders: 17% hindering",
                          "  hr: 1 interview(s), fewer than the anonymity threshold of 3: not shown separately"]
