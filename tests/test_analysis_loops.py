"""find_loops: checked against networkx on random signed graphs, on published causal-loop diagrams, on a
dense graph (must not hang), for stable ids; and the ``culturemap loops`` command."""
from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_analysis_graph import culture_evidence

from culturemap.analysis.graph import build_graph
from culturemap.analysis.loops import canonical_cycle, find_loops
from culturemap.cli import main
from culturemap.errors import AnalysisError


def signed(edges, effects=None, sources=None):
    G = nx.DiGraph()
    for u, v, s in edges:
        G.add_edge(u, v, sign=s, sources=(sources or {}).get((u, v), 1))
    for node, effect in (effects or {}).items():
        G.nodes[node]["effect"] = effect
    return G


def reference_loops(G, length_bound=None):
    """{canonical nodes: polarity} straight from networkx."""
    out = {}
    for cycle in nx.simple_cycles(G, length_bound=length_bound):
        nodes = canonical_cycle(cycle)
        minus = sum(G.edges[u, v]["sign"] == "-" for u, v in zip(nodes, nodes[1:] + nodes[:1]))
        out[nodes] = "balancing" if minus % 2 else "reinforcing"
    return out


@st.composite
def signed_digraphs(draw, max_nodes=7):
    n = draw(st.integers(1, max_nodes))
    pairs = [(u, v) for u in range(n) for v in range(n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for u, v in chosen:
        G.add_edge(u, v, sign=draw(st.sampled_from("+-")), sources=draw(st.integers(0, 4)))
    return G


# ---------------------------------------------------------------- against networkx

@settings(max_examples=150, deadline=None)
@given(signed_digraphs())
def test_loops_equal_networkx_simple_cycles_when_not_truncated(G):
    result = find_loops(G, max_length=max(G.number_of_nodes(), 1), max_loops=100_000, time_limit=60)
    assert not result.truncated
    found = {loop.nodes: loop.polarity for loop in result.loops}
    assert len(found) == len(result.loops)
    assert found == reference_loops(G)
    for loop in result.loops:
        assert loop.nodes == canonical_cycle(loop.nodes)
        assert [(c, e) for c, e, _ in loop.links] == list(zip(loop.nodes, loop.nodes[1:] + loop.nodes[:1]))
        assert [s for _, _, s in loop.links] == [G.edges[c, e]["sign"] for c, e, _ in loop.links]


@settings(max_examples=150, deadline=None)
@given(signed_digraphs(), st.integers(1, 4))
def test_length_bound_matches_networkx_and_sets_truncated(G, max_length):
    result = find_loops(G, max_length=max_length, max_loops=100_000, time_limit=60)
    found = {loop.nodes: loop.polarity for loop in result.loops}
    assert found == reference_loops(G, length_bound=max_length)
    longer = any(len(c) > max_length for c in nx.simple_cycles(G))
    assert result.truncated == longer
    assert result.truncated_by == ("length" if longer else "")


@settings(max_examples=100, deadline=None)
@given(signed_digraphs())
def test_components_are_the_knots(G):
    result = find_loops(G)
    expected = {tuple(sorted(c)) for c in nx.strongly_connected_components(G) if len(c) > 1}
    assert set(result.components) == expected
    assert [len(c) for c in result.components] == sorted((len(c) for c in result.components), reverse=True)


@settings(max_examples=100, deadline=None)
@given(signed_digraphs())
def test_ids_are_numbered_per_polarity(G):
    result = find_loops(G, max_length=7, max_loops=100_000, time_limit=60)
    r = [l.id for l in result.loops if l.polarity == "reinforcing"]
    b = [l.id for l in result.loops if l.polarity == "balancing"]
    assert r == [f"R{i}" for i in range(1, len(r) + 1)]
    assert b == [f"B{i}" for i in range(1, len(b) + 1)]
    assert [l.id for l in result.loops] == r + b


# ---------------------------------------------------------------- published causal-loop diagrams

def test_shifting_the_burden_archetype():
    """Senge, The Fifth Discipline (1990), appendix 2 "Shifting the burden": two balancing loops (the
    symptomatic fix B1, the fundamental solution B2) and a reinforcing side-effect loop R1."""
    G = signed([
        ("problem-symptom", "symptomatic-solution", "+"), ("symptomatic-solution", "problem-symptom", "-"),
        ("problem-symptom", "fundamental-solution", "+"), ("fundamental-solution", "problem-symptom", "-"),
        ("symptomatic-solution", "side-effect", "+"), ("side-effect", "fundamental-solution", "-"),
    ], sources={("problem-symptom", "symptomatic-solution"): 3, ("symptomatic-solution", "problem-symptom"): 3})
    result = find_loops(G)
    assert [l.as_dict() for l in result.loops] == [
        {"id": "R1", "polarity": "reinforcing", "reading": "mixed",
         "nodes": ["fundamental-solution", "problem-symptom", "symptomatic-solution", "side-effect"],
         "links": [{"cause": "fundamental-solution", "effect": "problem-symptom", "sign": "-"},
                   {"cause": "problem-symptom", "effect": "symptomatic-solution", "sign": "+"},
                   {"cause": "symptomatic-solution", "effect": "side-effect", "sign": "+"},
                   {"cause": "side-effect", "effect": "fundamental-solution", "sign": "-"}]},
        {"id": "B1", "polarity": "balancing", "reading": "mixed",
         "nodes": ["problem-symptom", "symptomatic-solution"],
         "links": [{"cause": "problem-symptom", "effect": "symptomatic-solution", "sign": "+"},
                   {"cause": "symptomatic-solution", "effect": "problem-symptom", "sign": "-"}]},
        {"id": "B2", "polarity": "balancing", "reading": "mixed",
         "nodes": ["fundamental-solution", "problem-symptom"],
         "links": [{"cause": "fundamental-solution", "effect": "problem-symptom", "sign": "-"},
                   {"cause": "problem-symptom", "effect": "fundamental-solution", "sign": "+"}]},
    ]
    assert result.components == (("fundamental-solution", "problem-symptom", "side-effect", "symptomatic-solution"),)
    assert not result.truncated


@pytest.mark.parametrize("name, edges, expected", [
    # Senge (1990): "Limits to growth": growing action drives performance (R), a slowing action brakes it (B)
    ("limits to growth",
     [("efforts", "performance", "+"), ("performance", "efforts", "+"),
      ("performance", "slowing-action", "+"), ("slowing-action", "performance", "-")],
     {("efforts", "performance"): "reinforcing", ("performance", "slowing-action"): "balancing"}),
    # Senge (1990): "Fixes that fail": the fix relieves the symptom (B), its unintended consequence feeds it (R)
    ("fixes that fail",
     [("problem", "fix", "+"), ("fix", "problem", "-"),
      ("fix", "unintended-consequence", "+"), ("unintended-consequence", "problem", "+")],
     {("fix", "problem"): "balancing", ("fix", "unintended-consequence", "problem"): "reinforcing"}),
    # Sterman, Business Dynamics (2000), ch. 1: chickens and eggs (R), road crossings (B)
    ("chicken and egg",
     [("chickens", "eggs", "+"), ("eggs", "chickens", "+"),
      ("chickens", "road-crossings", "+"), ("road-crossings", "chickens", "-")],
     {("chickens", "eggs"): "reinforcing", ("chickens", "road-crossings"): "balancing"}),
])
def test_system_archetypes(name, edges, expected):
    result = find_loops(signed(edges))
    assert {l.nodes: l.polarity for l in result.loops} == expected
    assert not result.truncated


# ---------------------------------------------------------------- readings

def test_readings_follow_the_effects_of_the_nodes():
    G = signed([("a", "b", "+"), ("b", "c", "+"), ("c", "a", "+"),          # 3 hindering: vicious
                ("p", "q", "+"), ("q", "r", "+"), ("r", "p", "+"),          # 2 of 3 enabling: virtuous
                ("x", "y", "+"), ("y", "x", "+"),                           # 1 of 2 hindering: mixed
                ("m", "n", "+"), ("n", "m", "-")],                          # balancing: always mixed
               effects={"a": "hindering", "b": "hindering", "c": "hindering", "p": "enabling", "q": "enabling",
                        "r": "ambivalent", "x": "hindering", "y": "enabling", "m": "hindering", "n": "hindering"})
    readings = {l.nodes: l.reading for l in find_loops(G).loops}
    assert readings == {("a", "b", "c"): "vicious", ("p", "q", "r"): "virtuous", ("x", "y"): "mixed",
                        ("m", "n"): "mixed"}


def test_culture_map_loops():
    G = build_graph(culture_evidence())
    result = find_loops(G)
    assert [(l.id, l.reading, l.nodes) for l in result.loops] == [
        ("R1", "mixed", ("customer-first", "only-numbers")),          # 3 interviews + a hand-drawn link
        ("R2", "vicious", ("fear", "only-numbers", "no-time")),       # (1 + 3 + 1) / 3 interviews
        ("R3", "virtuous", ("customer-first", "ownership", "feedback")),   # (2 + 1 + 1) / 3
        ("B1", "mixed", ("complaints", "help-each-other")),
    ]


# ---------------------------------------------------------------- importance and stable ids

def test_loops_are_ordered_by_evidence_then_length_then_ids():
    G = signed([("a", "b", "+"), ("b", "a", "+"),                       # mean 1
                ("c", "d", "+"), ("d", "e", "+"), ("e", "c", "+"),      # mean 4
                ("f", "g", "+"), ("g", "f", "+"),                       # mean 1, same length as a-b
                ("h", "i", "+"), ("i", "j", "+"), ("j", "h", "+")],     # mean 1, longer
               sources={("c", "d"): 4, ("d", "e"): 4, ("e", "c"): 4})
    assert [(l.id, l.nodes[0]) for l in find_loops(G).loops] == [("R1", "c"), ("R2", "a"), ("R3", "f"), ("R4", "h")]


def test_ids_are_stable_across_runs_and_insertion_order():
    rng = random.Random(3)
    edges = [(u, v, rng.choice("+-")) for u in "abcdefgh" for v in "abcdefgh" if u != v and rng.random() < 0.3]
    sources = {(u, v): rng.randint(1, 3) for u, v, _ in edges}
    first = find_loops(signed(edges, sources=sources)).as_dict()
    assert find_loops(signed(edges, sources=sources)).as_dict() == first
    for _ in range(5):
        shuffled = edges[:]
        rng.shuffle(shuffled)
        assert find_loops(signed(shuffled, sources=sources)).as_dict() == first


def test_count_bound_keeps_the_shortest_loops():
    G = signed([("a", "b", "+"), ("b", "a", "+"), ("b", "c", "+"), ("c", "a", "+"), ("c", "d", "+"), ("d", "a", "-")])
    result = find_loops(G, max_loops=2)
    assert (result.truncated, result.truncated_by) == (True, "count")
    assert [l.nodes for l in result.loops] == [("a", "b"), ("a", "b", "c")]
    assert find_loops(G, max_loops=3).truncated is False


# ---------------------------------------------------------------- never hang

def test_dense_graph_returns_truncated():
    rng = random.Random(42)
    G = nx.DiGraph()
    names = [f"n{i:03d}" for i in range(200)]
    for u in names:
        for v in rng.sample([x for x in names if x != u], 4):
            G.add_edge(u, v, sign=rng.choice("+-"))
    result = find_loops(G, time_limit=30.0)
    assert result.truncated is True
    assert result.truncated_by in ("count", "time")
    assert 0 < len(result.loops) <= 500
    assert len(result.components[0]) > 100


@pytest.mark.parametrize("kw, code", [({"max_length": 0}, "E405"), ({"max_loops": -1}, "E405"),
                                      ({"max_length": 2.5}, "E405"), ({"time_limit": 0}, "E409")])
def test_bad_bounds_raise(kw, code):
    with pytest.raises(AnalysisError) as info:
        find_loops(signed([("a", "b", "+")]), **kw)
    assert info.value.code == code


# ---------------------------------------------------------------- CLI: culturemap loops

@pytest.fixture
def engagement(fake_engagement):
    return fake_engagement(culture_evidence)


def test_cli_loops_json(engagement):
    result = CliRunner().invoke(main, ["loops", str(engagement), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == find_loops(build_graph(culture_evidence())).as_dict()
    assert set(data) == {"loops", "truncated", "components"}
    assert data["loops"][1] == {
        "id": "R2", "polarity": "reinforcing", "reading": "vicious", "nodes": ["fear", "only-numbers", "no-time"],
        "links": [{"cause": "fear", "effect": "only-numbers", "sign": "+"},
                  {"cause": "only-numbers", "effect": "no-time", "sign": "+"},
                  {"cause": "no-time", "effect": "fear", "sign": "+"}]}


def test_cli_loops_table(engagement):
    result = CliRunner().invoke(main, ["loops", str(engagement)])
    assert result.exit_code == 0, result.output
    lines = [l.rstrip() for l in result.output.splitlines()]
    assert lines[0].split() == ["Id", "Polarity", "Reading", "Loop"]
    assert "R2   reinforcing   vicious    Fear of mistakes → Only the numbers count → No time due to workload → " \
           "Fear of mistakes" in lines
    assert "B1   balancing     mixed      Customer complaints → We always help each other → Customer complaints" in lines
    assert lines[-1] == "Knot 2 (2 codes that all feed each other): Customer complaints, We always help each other"


def test_cli_loops_max_length_truncates(engagement):
    result = CliRunner().invoke(main, ["loops", str(engagement), "--max-length", "2"])
    assert result.exit_code == 0, result.output
    assert "Truncated: there are loops longer than 2 links; raise --max-length to list them." in result.output
    assert "R2" not in result.output
    data = json.loads(CliRunner().invoke(main, ["loops", str(engagement), "--max-length", "2", "--json"]).output)
    assert [l["id"] for l in data["loops"]] == ["R1", "B1"] and data["truncated"] is True


def test_cli_loops_bad_max_length(engagement):
    result = CliRunner().invoke(main, ["loops", str(engagement), "--max-length", "0"])
    assert result.exit_code == 1
    assert result.output == "Error: --max-length must be a whole number of at least 1, not 0. [E405]\n"
