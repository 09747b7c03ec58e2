"""build_graph / sign_conflicts / graph_to_json, and the ``culturemap build`` command.

``culture_evidence()`` and ``make_evidence()`` are shared with the other tests/test_analysis_*.py.
"""
from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from click.testing import CliRunner

from culturemap.analysis.graph import build_graph, graph_to_json, sign_conflicts
from culturemap.cli import main
from culturemap.errors import AnalysisError
from culturemap.models import Code, Codebook, Link, Tag
from culturemap.project import Evidence, Interview, Settings


def make_evidence(codes, interviews, tags, links=(), *, language="en", threshold=3, min_sources=1,
                  title="Test engagement"):
    """Evidence from compact rows.

    codes: (id, label, kind, effect); interviews: (id, group) or (id, group, role);
    tags: (interview, code[, negated[, text]]); links: (interview, cause, effect, sign), interview None = hand-drawn.
    """
    book = Codebook(1, language, tuple(Code(*c) for c in codes))
    ivs = []
    for n, row in enumerate(sorted(interviews), start=1):
        iv_id, group, role = (tuple(row) + (None,))[:3]
        ivs.append(Interview(iv_id, f"I{n:02d}", group, role, language))
    tag_values = []
    for n, row in enumerate(tags):
        iv_id, code, negated, text = tuple(row) + (False, f"quote {n} about {row[1]}")[len(row) - 2:]
        tag_values.append(Tag(iv_id, f"P-{iv_id}", 10 * n, 10 * n + 9, code, negated, "accepted", "rule", text))
    link_values = []
    for n, (iv_id, cause, effect, sign) in enumerate(links):
        if iv_id is None:
            link_values.append(Link("", cause, effect, sign, "accepted", "hand", note="drawn by hand"))
        else:
            link_values.append(Link(iv_id, cause, effect, sign, "accepted", "rule", f"{cause} so {effect}",
                                    100 * n, 100 * n + 50))
    settings = Settings(language=language, title=title, anonymity_threshold=threshold, min_sources=min_sources)
    return Evidence(book, settings, tuple(ivs), tuple(tag_values), tuple(link_values))


CODES = [
    ("customer-first", "The customer comes first", "belief", "enabling"),
    ("ownership", "Room to solve it yourself", "behaviour", "enabling"),
    ("feedback", "Customer feedback is fed back", "behaviour", "enabling"),
    ("help-each-other", "We always help each other", "value", "ambivalent"),
    ("only-numbers", "Only the numbers count", "belief", "hindering"),
    ("fear", "Fear of mistakes", "belief", "hindering"),
    ("no-time", "No time due to workload", "behaviour", "hindering"),
    ("complaints", "Customer complaints", "outcome", "hindering"),
    ("unused", "Never mentioned", "belief", "enabling"),
]
INTERVIEWS = [("l1", "leaders"), ("l2", "leaders"), ("l3", "leaders"),
              ("k1", "contact"), ("k2", "contact"), ("k3", "contact"), ("h1", "hr")]
TAGS = [
    ("l1", "customer-first"), ("l2", "customer-first"), ("l3", "customer-first"), ("k1", "customer-first", True),
    ("l1", "ownership"), ("k2", "ownership"), ("l2", "feedback"),
    ("k1", "help-each-other"), ("k2", "help-each-other"), ("k3", "help-each-other"), ("h1", "help-each-other"),
    ("k1", "only-numbers"), ("k2", "only-numbers"), ("k3", "only-numbers"), ("h1", "only-numbers"),
    ("l3", "only-numbers"), ("k1", "fear"), ("k2", "fear"), ("k2", "no-time"), ("k3", "no-time"),
    ("k3", "complaints"),
]
LINKS = [
    # vicious: only-numbers -> no-time -> fear -> only-numbers
    ("k1", "only-numbers", "no-time", "+"), ("k2", "only-numbers", "no-time", "+"), ("k3", "only-numbers", "no-time", "+"),
    ("k2", "no-time", "fear", "+"), ("k1", "fear", "only-numbers", "+"),
    # virtuous: customer-first -> ownership -> feedback -> customer-first
    ("l1", "customer-first", "ownership", "+"), ("l2", "customer-first", "ownership", "+"),
    ("l1", "ownership", "feedback", "+"), ("l2", "feedback", "customer-first", "+"),
    # only-numbers -| customer-first, told both ways (sign conflict); the way back drawn by hand
    ("k1", "only-numbers", "customer-first", "-"), ("l3", "only-numbers", "customer-first", "-"),
    ("l1", "only-numbers", "customer-first", "+"), (None, "customer-first", "only-numbers", "-"),
    # balancing: complaints -> help-each-other -| complaints
    ("k3", "no-time", "complaints", "+"), ("h1", "complaints", "help-each-other", "+"),
    ("k1", "help-each-other", "complaints", "-"),
]


def culture_evidence(language="en", **kw):
    """A small engagement: 7 interviews (hr below the threshold), one vicious, one virtuous, one mixed R, one B."""
    return make_evidence(CODES, INTERVIEWS, TAGS, LINKS, language=language, **kw)


# ---------------------------------------------------------------- nodes

def test_nodes_count_mentions_interviews_and_fold_small_groups():
    G = build_graph(culture_evidence())
    assert sorted(G.nodes) == sorted(c[0] for c in CODES if c[0] != "unused")
    node = G.nodes["only-numbers"]
    assert node["label"] == "Only the numbers count"
    assert (node["kind"], node["effect"]) == ("belief", "hindering")
    assert (node["mentions"], node["sources"]) == (5, 5)
    assert node["interviews"] == ["h1", "k1", "k2", "k3", "l3"]
    # hr has 1 interview (< threshold 3): folded into "other"
    assert node["groups"] == {"contact": 3, "leaders": 1, "other": 1}
    assert G.nodes["customer-first"]["negated_share"] == 0.25
    assert G.nodes["only-numbers"]["negated_share"] == 0.0


def test_node_label_follows_project_language():
    codes = [("a", "Klant eerst", "belief", "enabling")]
    ev = make_evidence(codes, [("i1", None)], [("i1", "a")], language="nl")
    ev = Evidence(Codebook(1, "nl", (Code("a", "Klant eerst", "belief", "enabling",
                                          labels={"nl": "Klant eerst", "en": "Customer first"}),)),
                  Settings(language="en"), ev.interviews, ev.tags, ev.links)
    assert build_graph(ev).nodes["a"]["label"] == "Customer first"


def test_graph_attributes():
    G = build_graph(culture_evidence(min_sources=1))
    assert G.graph["title"] == "Test engagement"
    assert G.graph["language"] == "en"
    assert G.graph["min_sources"] == 1
    assert G.graph["group"] is None
    assert G.graph["sign_conflicts"] == [{"cause": "only-numbers", "effect": "customer-first", "plus": 1, "minus": 2}]


# ---------------------------------------------------------------- edges

def test_edge_sign_is_majority_and_conflict_is_reported():
    G = build_graph(culture_evidence())
    edge = G.edges["only-numbers", "customer-first"]
    assert (edge["sign"], edge["plus"], edge["minus"], edge["sign_conflict"]) == ("-", 1, 2, True)
    assert edge["sources"] == 3 and edge["interviews"] == ["k1", "l1", "l3"]
    assert sign_conflicts(G) == G.graph["sign_conflicts"]


def test_edge_evidence_references_quotes_under_pseudonym():
    G = build_graph(culture_evidence())
    evidence = G.edges["customer-first", "ownership"]["evidence"]
    assert [(e["interview"], e["pseudonym"], e["text"]) for e in evidence] == [
        ("l1", "I05", "customer-first so ownership"), ("l2", "I06", "customer-first so ownership")]
    assert all(e["end"] > e["start"] for e in evidence)


def test_hand_drawn_link_has_no_sources_but_always_stays():
    G = build_graph(culture_evidence(), min_sources=3)
    edge = G.edges["customer-first", "only-numbers"]
    assert (edge["hand"], edge["sources"], edge["evidence"], edge["sign"]) == (True, 0, [], "-")
    # coded links told by fewer than 3 interviews are gone, those told by 3 stay
    assert sorted(G.edges) == [("customer-first", "only-numbers"), ("only-numbers", "customer-first"),
                               ("only-numbers", "no-time")]


def test_min_sources_defaults_to_settings():
    assert build_graph(culture_evidence(min_sources=2)).number_of_edges() == 4
    assert build_graph(culture_evidence(min_sources=2), min_sources=1).number_of_edges() == len(
        {(c, e) for _, c, e, _ in LINKS})


@pytest.mark.parametrize("hand_sign, expected", [("-", "-"), ("+", "+"), (None, "+")])
def test_sign_tie_goes_to_hand_drawn_else_plus(hand_sign, expected):
    codes = [("a", "A", "belief", "enabling"), ("b", "B", "belief", "hindering")]
    links = [("i1", "a", "b", "+"), ("i2", "a", "b", "-")]
    if hand_sign:
        links.append((None, "a", "b", hand_sign))
        links.append(("i3", "a", "b", "-" if hand_sign == "+" else "+"))
    ev = make_evidence(codes, [("i1", None), ("i2", None), ("i3", None)], [("i1", "a")], links)
    assert build_graph(ev).edges["a", "b"]["sign"] == expected


def test_self_links_and_unknown_codes_are_left_out():
    codes = [("a", "A", "belief", "enabling"), ("b", "B", "belief", "hindering")]
    ev = make_evidence(codes, [("i1", None)], [("i1", "a"), ("i1", "gone")],
                       [("i1", "a", "a", "+"), ("i1", "a", "gone", "+"), ("i1", "a", "b", "+")])
    G = build_graph(ev)
    assert sorted(G.nodes) == ["a", "b"] and list(G.edges) == [("a", "b")]
    assert G.nodes["b"]["mentions"] == 0 and G.nodes["b"]["groups"] == {}


# ---------------------------------------------------------------- groups

def test_group_restricts_to_its_interviews_and_keeps_hand_links():
    G = build_graph(culture_evidence(), group="leaders")
    assert G.graph["group"] == "leaders"
    assert G.nodes["customer-first"]["sources"] == 3
    assert G.nodes["only-numbers"]["interviews"] == ["l3"]
    assert G.nodes["only-numbers"]["groups"] == {"leaders": 1}
    assert sorted(G.edges) == [("customer-first", "only-numbers"), ("customer-first", "ownership"),
                               ("feedback", "customer-first"), ("only-numbers", "customer-first"),
                               ("ownership", "feedback")]
    assert "fear" not in G


def test_unknown_group_raises_e403():
    with pytest.raises(AnalysisError) as info:
        build_graph(culture_evidence(), group="finance")
    assert str(info.value) == "unknown group 'finance'. Groups in this engagement: contact, hr, leaders. [E403]"


def test_group_below_threshold_raises_e404():
    with pytest.raises(AnalysisError) as info:
        build_graph(culture_evidence(), group="hr")
    assert str(info.value) == ("group 'hr' has 1 interview(s), fewer than the anonymity threshold of 3; "
                               "its breakdown is not shown. [E404]")


def test_nothing_accepted_raises_e401():
    ev = make_evidence(CODES, INTERVIEWS, [], [])
    with pytest.raises(AnalysisError) as info:
        build_graph(ev)
    assert info.value.code == "E401"


@pytest.mark.parametrize("value", [0, -1, True, "2"])
def test_bad_min_sources_raises_e405(value):
    with pytest.raises(AnalysisError) as info:
        build_graph(culture_evidence(), min_sources=value)
    assert info.value.code == "E405"


# ---------------------------------------------------------------- determinism and JSON

def test_insertion_order_does_not_change_the_graph():
    ev = culture_evidence()
    rng = random.Random(7)
    tags, links = list(ev.tags), list(ev.links)
    rng.shuffle(tags)
    rng.shuffle(links)
    shuffled = Evidence(ev.codebook, ev.settings, tuple(reversed(ev.interviews)), tuple(tags), tuple(links))
    assert graph_to_json(build_graph(shuffled)) == graph_to_json(build_graph(ev))
    assert list(build_graph(shuffled).nodes) == sorted(build_graph(ev).nodes)


def test_graph_to_json_is_node_link_data():
    codes = [("a", "A", "belief", "enabling"), ("b", "B", "behaviour", "hindering")]
    ev = make_evidence(codes, [("i1", "g")], [("i1", "a", False, "we put the customer first")],
                       [("i1", "a", "b", "-")], threshold=1)
    data = graph_to_json(build_graph(ev))
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "directed": True, "multigraph": False,
        "graph": {"group": None, "language": "en", "min_sources": 1, "sign_conflicts": [],
                  "title": "Test engagement"},
        "nodes": [
            {"id": "a", "code": "a", "effect": "enabling", "groups": {"g": 1}, "interviews": ["i1"], "kind": "belief",
             "label": "A", "mentions": 1, "negated_share": 0.0, "sources": 1},
            {"id": "b", "code": "b", "effect": "hindering", "groups": {}, "interviews": [], "kind": "behaviour",
             "label": "B", "mentions": 0, "negated_share": 0.0, "sources": 0},
        ],
        "links": [
            {"source": "a", "target": "b",
             "evidence": [{"end": 50, "interview": "i1", "pseudonym": "I01", "start": 0, "text": "a so b"}],
             "hand": False, "interviews": ["i1"], "minus": 1, "plus": 0, "sign": "-", "sign_conflict": False,
             "sources": 1},
        ],
    }
    back = nx.node_link_graph(data, edges="links")
    assert back.edges["a", "b"]["sign"] == "-"


# ---------------------------------------------------------------- CLI: culturemap build

@pytest.fixture
def engagement(tmp_path, monkeypatch):
    """An engagement folder whose evidence is ``culture_evidence()`` (load_evidence is replaced)."""
    import culturemap.privacy.evidence

    (tmp_path / "culturemap.yaml").write_text("language: en\ntitle: Test engagement\n", encoding="utf-8")
    holder = {"evidence": culture_evidence()}
    monkeypatch.setattr(culturemap.privacy.evidence, "load_evidence", lambda project: holder["evidence"])
    return tmp_path, holder


def test_cli_build_json_prints_node_link_data(engagement):
    root, holder = engagement
    result = CliRunner().invoke(main, ["build", str(root), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == graph_to_json(build_graph(holder["evidence"]))


def test_cli_build_min_sources_and_group(engagement):
    root, holder = engagement
    result = CliRunner().invoke(main, ["build", str(root), "--json", "--min-sources", "3"])
    assert [(l["source"], l["target"]) for l in json.loads(result.output)["links"]] == [
        ("customer-first", "only-numbers"), ("only-numbers", "customer-first"), ("only-numbers", "no-time")]
    result = CliRunner().invoke(main, ["build", str(root), "--json", "--group", "leaders"])
    assert json.loads(result.output)["graph"]["group"] == "leaders"


def test_cli_build_human_output(engagement):
    root, _ = engagement
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Map: 8 codes, 11 links (coded links need 1+ interviews; hand-drawn links always stay).")
    row = next(l for l in lines if l.startswith("only-numbers "))
    assert row.split() == ["only-numbers", "Only", "the", "numbers", "count", "belief", "hindering", "5", "5"]
    link = next(l for l in lines if l.startswith("The customer comes first → Only the numbers count "))
    assert link.split()[-3:] == ["-", "0", "hand-drawn"]
    link = next(l for l in lines if l.startswith("Only the numbers count → The customer comes first "))
    assert link.split()[-4:] == ["-", "3", "sign", "conflict"]
    assert lines[-1] == ("Sign conflict: Only the numbers count → The customer comes first was told as '+' 1x "
                         "and as '-' 2x; the map uses the majority. Check the quotes.")


def test_cli_build_errors(engagement):
    root, holder = engagement
    result = CliRunner().invoke(main, ["build", str(root), "--group", "hr"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: group 'hr' has 1 interview(s)")
    holder["evidence"] = make_evidence(CODES, INTERVIEWS, [], [])
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 1
    assert result.output == (f"Error: nothing accepted yet: the map needs accepted tags. Run 'culturemap tag {root}' "
                             f"and 'culturemap review {root}' first. [E401]\n")
