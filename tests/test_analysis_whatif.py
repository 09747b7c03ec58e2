"""what_if (fuzzy-cognitive-map propagation) on small graphs with known answers, and ``culturemap whatif``."""
from __future__ import annotations

import json
import math

import networkx as nx
import pytest
from click.testing import CliRunner
from test_analysis_graph import culture_evidence

from culturemap.analysis.graph import build_graph
from culturemap.analysis.loops import find_loops
from culturemap.analysis.whatif import what_if
from culturemap.cli import main
from culturemap.errors import AnalysisError


def signed(edges, effects=None):
    G = nx.DiGraph()
    for u, v, s in edges:
        G.add_edge(u, v, sign=s)
    for node, effect in (effects or {}).items():
        G.nodes[node]["effect"] = effect
    return G


def changes(result):
    return {m["code"]: m["change"] for m in result.moves}


# ---------------------------------------------------------------- known answers

def test_chain_reduce_lowers_the_next_and_raises_the_one_after_a_minus_link():
    result = what_if(signed([("A", "B", "+"), ("B", "C", "-")]), reduce=["A"])
    # fixed point: B = tanh(-1), C = tanh(-B)
    b = math.tanh(-1)
    assert changes(result) == {"B": round(b, 3), "C": round(math.tanh(-b), 3)}
    assert [(m["code"], m["direction"]) for m in result.moves] == [("B", "down"), ("C", "up")]
    assert result.converged


def test_cherish_is_the_mirror_of_reduce():
    G = signed([("A", "B", "+"), ("B", "C", "-"), ("C", "D", "+")])
    down, up = changes(what_if(G, reduce=["A"])), changes(what_if(G, cherish=["A"]))
    assert up == {code: -value for code, value in down.items()}


def test_effects_fade_with_distance_and_upstream_does_not_move():
    G = signed([("up", "A", "+"), ("A", "B", "+"), ("B", "C", "+"), ("C", "D", "+")])
    result = what_if(G, reduce=["A"])
    assert [m["code"] for m in result.moves] == ["B", "C", "D"]
    assert abs(changes(result)["B"]) > abs(changes(result)["C"]) > abs(changes(result)["D"])
    assert "up" not in changes(result) and "A" not in changes(result)


def test_two_opposite_causes_cancel():
    G = signed([("A", "C", "+"), ("B", "C", "+")])
    assert changes(what_if(G, reduce=["A"], cherish=["B"])) == {}


def test_balancing_loop_settles():
    G = signed([("X", "A", "+"), ("A", "B", "+"), ("B", "A", "-")])
    result = what_if(G, cherish=["X"], steps=200)
    assert result.converged
    a, b = changes(result)["A"], changes(result)["B"]
    # fixed point of A = tanh(1 - B), B = tanh(A)
    assert a == pytest.approx(math.tanh(1 - math.tanh(a)), abs=2e-3)
    assert b == pytest.approx(math.tanh(a), abs=2e-3)


# ---------------------------------------------------------------- loops

EFFECTS = {"numbers": "hindering", "no-time": "hindering", "first": "enabling", "room": "enabling",
           "feedback": "enabling"}
LOOPED = [("numbers", "no-time", "+"), ("no-time", "numbers", "+"),         # vicious R
          ("first", "room", "+"), ("room", "feedback", "+"), ("feedback", "first", "+"),   # virtuous R
          ("first", "numbers", "-")]


def test_reducing_a_member_weakens_the_vicious_circle():
    G = signed(LOOPED, EFFECTS)
    result = what_if(G, reduce=["numbers"])
    assert [(r["id"], r["reading"]) for r in result.weakened] == [("R1", "vicious")]
    assert result.strengthened == ()
    assert result.weakened[0]["change"] < 0


def test_cherishing_a_belief_that_holds_a_vicious_circle_back_weakens_it_and_strengthens_the_virtuous_one():
    G = signed(LOOPED, EFFECTS)
    loops = find_loops(G)
    result = what_if(G, cherish=["first"], loops=loops)
    assert [r["reading"] for r in result.weakened] == ["vicious"]
    assert [r["reading"] for r in result.strengthened] == ["virtuous"]
    assert changes(result)["numbers"] < 0 and changes(result)["room"] > 0


def test_reducing_an_enabling_member_weakens_the_virtuous_circle():
    result = what_if(signed(LOOPED, EFFECTS), reduce=["room"])
    assert [r["reading"] for r in result.weakened] == ["virtuous"]
    assert [r["reading"] for r in result.strengthened] == ["vicious"]   # less "customer first" feeds the numbers


def test_balancing_loop_with_a_reduced_node_is_weakened():
    G = signed([("A", "B", "+"), ("B", "A", "-")])
    result = what_if(G, reduce=["A"])
    assert [(r["id"], r["polarity"]) for r in result.weakened] == [("B1", "balancing")]


# ---------------------------------------------------------------- errors

def test_unknown_code_raises_e402():
    with pytest.raises(AnalysisError) as info:
        what_if(signed([("a", "b", "+")]), reduce=["c"])
    assert str(info.value) == "unknown code 'c' for --reduce. Known codes: a, b. [E402]"


def test_code_both_reduced_and_cherished_raises_e406():
    with pytest.raises(AnalysisError) as info:
        what_if(signed([("a", "b", "+")]), reduce=["a"], cherish=["a"])
    assert info.value.code == "E406"


def test_nothing_to_simulate_raises_e407():
    with pytest.raises(AnalysisError) as info:
        what_if(signed([("a", "b", "+")]))
    assert info.value.code == "E407"


def test_bad_steps_raise_e405():
    with pytest.raises(AnalysisError) as info:
        what_if(signed([("a", "b", "+")]), reduce="a", steps=0)
    assert info.value.code == "E405"


# ---------------------------------------------------------------- CLI: culturemap whatif

@pytest.fixture
def engagement(fake_engagement):
    return fake_engagement(culture_evidence)


def test_cli_whatif_json(engagement):
    result = CliRunner().invoke(main, ["whatif", str(engagement), "--reduce", "only-numbers", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    G = build_graph(culture_evidence())
    assert data == what_if(G, reduce=["only-numbers"], loops=find_loops(G)).as_dict()
    assert list(data) == ["reduce", "cherish", "moves", "weakened_loops", "strengthened_loops", "steps", "converged"]
    assert data["moves"][0]["code"] == "customer-first" and data["moves"][0]["direction"] == "up"
    assert [l["id"] for l in data["weakened_loops"]] == ["R1", "R2"]
    assert [l["id"] for l in data["strengthened_loops"]] == ["R3"]


def test_cli_whatif_table(engagement):
    result = CliRunner().invoke(main, ["whatif", str(engagement), "--reduce", "only-numbers",
                                       "--cherish", "help-each-other"])
    assert result.exit_code == 0, result.output
    lines = [l.rstrip() for l in result.output.splitlines()]
    assert lines[0] == "What if we reduce only-numbers and cherish help-each-other:"
    assert lines[1].split() == ["Code", "Label", "Effect", "Change", "Direction"]
    # helping each other more lowers complaints directly (a "-" link), less "only numbers" frees "customer first"
    assert [(l.split()[0], l.split()[-1]) for l in lines[3:5]] == [("complaints", "down"), ("customer-first", "up")]
    assert "help-each-other" not in result.output.split("Direction")[1].split()    # interventions are not moves
    assert any(l.startswith("Weakened loops: R1 (mixed, -") for l in lines)
    assert any(l.startswith("Strengthened loops: R3 (virtuous, +") for l in lines)


def test_cli_whatif_unknown_code(engagement):
    result = CliRunner().invoke(main, ["whatif", str(engagement), "--reduce", "silo"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown code 'silo' for --reduce. Known codes: complaints, customer-first,")
