"""Causal-loop diagrams: deterministic DOT, conventions (colour + second cue, shapes, badges, signs, loop
markers, legend), escaping, and rendering that Graphviz, an XML parser and Pillow accept."""
from __future__ import annotations

import json
import math
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pydot
import pytest

from culturemap.errors import ExportError
from culturemap.export import diagram
from culturemap.export.diagram import graphviz_available, loop_dot, map_dot, render
from culturemap.models import Loop, LoopResult, Mark, MarkResult

GOLDEN = Path(__file__).parent / "golden"
needs_dot = pytest.mark.skipif(not graphviz_available(), reason="Graphviz 'dot' is not installed")

# ---------------------------------------------------------------- graphs following the graph contract

NODES = [  # code, label, kind, effect, mentions, sources
    ("only-numbers", "Alleen de cijfers tellen", "belief", "hindering", 14, 8),
    ("workload", "Geen tijd door werkdruk", "outcome", "hindering", 12, 9),
    ("pass-on", "Klant van het kastje naar de muur", "behaviour", "hindering", 9, 6),
    ("complaints", "Klachten en herhaalcontact", "outcome", "hindering", 10, 7),
    ("fear-of-mistakes", "Angst om afgerekend te worden", "belief", "hindering", 8, 6),
    ("ownership", "Ruimte om zelf op te lossen", "value", "enabling", 7, 5),
    ("help-each-other", "We helpen elkaar altijd", "value", "ambivalent", 11, 8),
    ("customer-helped", "Klant direct geholpen", "outcome", "enabling", 6, 4),
    ("celebrate-success", "Successen met klanten vieren", "behaviour", "enabling", 4, 3),
    ("leaders-listen-in", "Leidinggevenden luisteren mee", "behaviour", "enabling", 5, 4),
    ("feedback-followed-up", "Klantfeedback wordt opgevolgd", "behaviour", "enabling", 6, 5),
    ("customer-first", "Klantbelang staat voorop", "belief", "enabling", 9, 6),
    ("always-done", "Zo doen we het altijd", "belief", "hindering", 7, 5),
    ("silo", "Silodenken: over de muur gooien", "behaviour", "hindering", 8, 6),
    ("opposing-targets", "Tegengestelde doelen tussen teams", "belief", "hindering", 5, 4),
    ("managers-contradict", "Managers spreken elkaar tegen", "behaviour", "hindering", 3, 3),
    ("speak-up", "De roze olifant bespreekbaar maken", "value", "enabling", 3, 2),
    ("procedures-certainty", "Procedures geven zekerheid", "belief", "ambivalent", 4, 3),
    ("customer-satisfaction", "Klanttevredenheid", "outcome", "enabling", 6, 5),
    ("hr-no-customer", "Klant ontbreekt in HR-cyclus", "belief", "hindering", 4, 3),
    ("cx-blames", "CX komt alleen vertellen wat fout ging", "belief", "hindering", 3, 3),
    ("customer-minute", "Vergadering start met klantminuut", "behaviour", "enabling", 2, 2),
    ("budget-room", "Budget om klantprobleem op te lossen", "value", "enabling", 3, 2),
    ("handling-time", "Sturen op afhandeltijd", "behaviour", "hindering", 9, 7),
    ("werk:druk", 'Werk & "druk" <b>', "outcome", "ambivalent", 1, 1),
]
EDGES = [  # cause, effect, sign, sources
    ("only-numbers", "handling-time", "+", 5), ("handling-time", "workload", "+", 4),
    ("workload", "pass-on", "+", 4), ("pass-on", "complaints", "+", 5), ("complaints", "only-numbers", "+", 2),
    ("fear-of-mistakes", "ownership", "-", 3), ("ownership", "pass-on", "-", 3),
    ("complaints", "fear-of-mistakes", "+", 2), ("help-each-other", "customer-helped", "+", 3),
    ("customer-helped", "celebrate-success", "+", 2), ("celebrate-success", "help-each-other", "+", 2),
    ("complaints", "leaders-listen-in", "+", 2), ("leaders-listen-in", "feedback-followed-up", "+", 3),
    ("feedback-followed-up", "complaints", "-", 3), ("customer-first", "ownership", "+", 2),
    ("always-done", "silo", "+", 3), ("silo", "pass-on", "+", 4), ("opposing-targets", "silo", "+", 3),
    ("managers-contradict", "opposing-targets", "+", 1), ("speak-up", "managers-contradict", "-", 1),
    ("procedures-certainty", "always-done", "+", 2), ("customer-helped", "customer-satisfaction", "+", 3),
    ("complaints", "customer-satisfaction", "-", 4), ("hr-no-customer", "customer-first", "-", 2),
    ("cx-blames", "fear-of-mistakes", "+", 2), ("customer-minute", "customer-first", "+", 1),
    ("budget-room", "ownership", "+", 2), ("workload", "werk:druk", "+", 1),
]
UNLINKED = [  # mentioned, but no interview linked them to anything
    ("short-lines", "Korte lijntjes", "behaviour", "ambivalent", 4, 4),
    ("family", "We zijn een familie", "value", "ambivalent", 4, 2),
    ("backlog", "Achterstanden en wachttijden", "outcome", "hindering", 1, 1),
    ("rules-first", "Regels gaan boven de klant", "belief", "hindering", 1, 1),
    ("shared-goals", "Gezamenlijke doelen over teams heen", "value", "enabling", 4, 4),
    ("rituals", "Klantrituelen in overleggen", "behaviour", "enabling", 3, 3),
    ("learn", "We leren van fouten", "value", "enabling", 3, 3),
    ("see-customer", "Ook collega's zonder klantcontact zien de klant", "behaviour", "enabling", 11, 8),
]
LOOPS = [
    ("R1", "reinforcing", "vicious", ["complaints", "only-numbers", "handling-time", "workload", "pass-on"]),
    ("R2", "reinforcing", "vicious", ["complaints", "fear-of-mistakes", "ownership", "pass-on"]),
    ("R3", "reinforcing", "virtuous", ["celebrate-success", "help-each-other", "customer-helped"]),
    ("B1", "balancing", "mixed", ["complaints", "leaders-listen-in", "feedback-followed-up"]),
]


def make_graph(nodes=NODES, edges=EDGES, *, reverse=False):
    """A map as graph.build_graph makes it (graph contract in ARCHITECTURE.md), redacted quotes only."""
    g = nx.DiGraph(title="Demo", language="nl", sign_conflicts=[], min_sources=1, group=None)
    for code, label, kind, effect, mentions, sources in (reversed(nodes) if reverse else nodes):
        g.add_node(code, code=code, label=label, kind=kind, effect=effect, mentions=mentions, sources=sources,
                   interviews=[f"kc-{k:02d}" for k in range(sources)], groups={"klantcontact": mentions},
                   negated_share=0.0)
    labels = {n[0]: n[1] for n in nodes}
    for cause, effect, sign, n in (reversed(edges) if reverse else edges):
        evidence = [{"interview": f"kc-{k:02d}", "pseudonym": f"I{k + 1:02d} \u00b7 klantcontact", "start": 10 * k,
                     "end": 10 * k + 40,
                     "text": f"Omdat {labels[cause].lower()}, zie je dat {labels[effect].lower()}, zei [naam]."}
                    for k in range(n)]
        g.add_edge(cause, effect, sign=sign, sources=n, interviews=[f"kc-{k:02d}" for k in range(n)],
                   evidence=evidence, hand=False, sign_conflict=False, plus=n if sign == "+" else 0,
                   minus=n if sign == "-" else 0)
    return g


def make_loops(loops=LOOPS, edges=EDGES):
    signs = {(c, e): s for c, e, s, _n in edges}
    out = []
    for lid, polarity, reading, nodes in loops:
        links = tuple((nodes[i], nodes[(i + 1) % len(nodes)], signs[(nodes[i], nodes[(i + 1) % len(nodes)])])
                      for i in range(len(nodes)))
        out.append(Loop(lid, polarity, reading, tuple(nodes), links, score=1.0))
    return LoopResult(tuple(out), False, ())


def make_marks(nodes=NODES):
    marks = [Mark(code, label, kind, effect, {"enabling": "cherish", "hindering": "reduce",
                                               "ambivalent": "redirect"}[effect], mentions / 14, ("reden",))
             for code, label, kind, effect, mentions, _s in nodes if kind in ("value", "belief")]
    return MarkResult(tuple(sorted(marks, key=lambda m: (-m.score, m.code))), {"overall": 0.5})


SMALL_NODES = [
    ("graph", "graph", "belief", "hindering", 3, 2),
    ("werk:druk", 'Werk & "druk" <b>', "outcome", "hindering", 2, 2),
    ("help", "We helpen elkaar", "value", "enabling", 4, 3),
    ("zz-alone", "Korte lijntjes", "behaviour", "ambivalent", 1, 1),
]
SMALL_EDGES = [("graph", "werk:druk", "+", 2), ("werk:druk", "graph", "+", 1), ("help", "werk:druk", "-", 3)]
SMALL_LOOPS = [("R1", "reinforcing", "vicious", ["graph", "werk:druk"])]


def small_dot(*, reverse=False, language="nl", placed=False):
    g = make_graph(SMALL_NODES, SMALL_EDGES, reverse=reverse)
    return map_dot(g, make_loops(SMALL_LOOPS, SMALL_EDGES), make_marks(SMALL_NODES), language=language,
                   title="Kleine kaart", placed=placed)


def sample_dot(*, reverse=False, language="nl"):
    """The sample-sized map (25 linked codes, 4 loops, 8 codes without links), laid out by Graphviz."""
    nodes = NODES + UNLINKED
    return map_dot(make_graph(nodes, reverse=reverse), make_loops(), make_marks(nodes), language=language)


def drawn(src):
    """What Graphviz draws from a source: bounding box, node boxes {name: (x, y, w, h)} and edges, in points."""
    proc = subprocess.run(["dot", "-Tjson0"], input=src.encode(), capture_output=True, check=True)
    doc = json.loads(proc.stdout)
    names, boxes = {}, {}
    for obj in doc["objects"]:
        if "pos" in obj:
            x, y = (float(v) for v in obj["pos"].split(",")[:2])
            boxes[obj["name"]] = (x, y, 72 * float(obj["width"]), 72 * float(obj["height"]))
            names[obj["_gvid"]] = obj["name"]
    edges = {(names[e["tail"]], names[e["head"]]): e for e in doc.get("edges", [])}
    return tuple(float(v) for v in doc["bb"].split(",")), boxes, edges


def extent(boxes):
    return (min(x - w / 2 for x, y, w, h in boxes), min(y - h / 2 for x, y, w, h in boxes),
            max(x + w / 2 for x, y, w, h in boxes), max(y + h / 2 for x, y, w, h in boxes))


def curve(pos):
    """Points along a Graphviz spline (cubic Bézier pieces), for distances."""
    ctrl = [tuple(float(v) for v in t.split(",")) for t in pos.split() if not t.startswith(("e,", "s,"))]
    points = []
    for i in range(0, len(ctrl) - 3, 3):
        p = ctrl[i:i + 4]
        for k in range(21):
            t = k / 20
            c = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3)
            points.append((sum(c[j] * p[j][0] for j in range(4)), sum(c[j] * p[j][1] for j in range(4))))
    return points


# ---------------------------------------------------------------- DOT source


def test_golden_dot_is_byte_identical_and_independent_of_insertion_order():
    # the source for one plain dot pass (what map.dot holds without Graphviz): pinned by the golden file
    first, again, reversed_order = small_dot(), small_dot(), small_dot(reverse=True)
    assert first == again == reversed_order
    assert first == (GOLDEN / "map_small.dot").read_text(encoding="utf-8")


@needs_dot
def test_laid_out_map_is_deterministic_too():
    assert sample_dot() == sample_dot() == sample_dot(reverse=True)
    assert small_dot(placed=True) == small_dot(placed=True, reverse=True)


def test_without_graphviz_the_dot_source_is_still_written(monkeypatch):
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    src = map_dot(make_graph(), make_loops(), make_marks())
    assert "layout=dot" in src and "pos=" not in src


def test_node_ids_are_synthetic_and_awkward_labels_are_escaped():
    for src in (small_dot(), small_dot(placed=True) if graphviz_available() else small_dot()):
        # codes never appear as DOT ids; ids follow the sorted code ids: graph, help, werk:druk, zz-alone
        assert "n1 [" in src and "n2 [" in src and "n3 [" in src and "n4 [" in src
        for code in ("graph", "help", "werk:druk", '"werk:druk"', "zz-alone"):
            assert not any(line.startswith(f"{code} [") or f"-> {code} " in line for line in src.splitlines())
        assert "Werk &amp; &quot;druk&quot; &lt;b&gt;" in src
        assert "n1 -> n3" in src and "n3 -> n1" in src and "n2 -> n3" in src
        parsed = pydot.graph_from_dot_data(src)
        names = {n.get_name() for n in parsed[0].get_nodes()}
        names |= {n.get_name() for sub in parsed[0].get_subgraphs() for n in sub.get_nodes()}
        assert names >= {"n1", "n2", "n3", "n4"}


def test_colour_second_cue_shape_and_badge_follow_the_conventions():
    src = map_dot(make_graph(), make_loops(), make_marks(), language="nl")
    lines = {line.split(" ", 1)[0]: line for line in src.splitlines() if line.startswith("n") and " -> " not in line}
    ids = diagram.dot_ids(make_graph())
    hindering_belief = lines[ids["only-numbers"]]
    assert 'fillcolor="#F9D7C2"' in hindering_belief and "dashed" in hindering_belief
    assert "shape=box" in hindering_belief and "rounded" in hindering_belief
    assert "\u25bc reduceren" in hindering_belief
    enabling_value = lines[ids["ownership"]]
    assert "shape=ellipse" in enabling_value and "solid" in enabling_value and "\u2665 koesteren" in enabling_value
    ambivalent_value = lines[ids["help-each-other"]]
    assert "dotted" in ambivalent_value and "\u21bb ombuigen" in ambivalent_value
    behaviour = lines[ids["handling-time"]]
    assert "shape=hexagon" in behaviour and "koesteren" not in behaviour and "reduceren" not in behaviour
    assert "7 gespr. \u00b7 9\u00d7" in behaviour                 # sources and mentions under the label


def test_edges_show_their_sign_and_get_thicker_with_more_sources():
    src = map_dot(make_graph(), language="en")
    ids = diagram.dot_ids(make_graph())
    plus = next(l for l in src.splitlines() if l.startswith(f'{ids["pass-on"]} -> {ids["complaints"]} '))
    minus = next(l for l in src.splitlines() if l.startswith(f'{ids["fear-of-mistakes"]} -> {ids["ownership"]} '))
    thin = next(l for l in src.splitlines() if l.startswith(f'{ids["speak-up"]} -> {ids["managers-contradict"]} '))
    assert "<B>+</B>" in plus and "<B>\u2212</B>" in minus and "#0060A8" in minus
    assert float(pydot.graph_from_dot_data(f"digraph{{{plus}}}")[0].get_edges()[0].get("penwidth")) > \
        float(pydot.graph_from_dot_data(f"digraph{{{thin}}}")[0].get_edges()[0].get("penwidth"))


def test_without_layout_every_loop_marker_is_tied_to_its_nodes():
    graph, loops = make_graph(), make_loops()
    src = map_dot(graph, loops, language="nl", placed=False)
    ids = diagram.dot_ids(graph)
    for loop in loops.loops:
        assert f"loop_{loop.id} [" in src and f"<B>{loop.id}</B>" in src
        tied = {l.split(" -> ")[0] for l in src.splitlines() if "style=invis" in l and f"-> loop_{loop.id} " in l}
        assert tied == {ids[n] for n in loop.nodes}


@needs_dot
def test_each_loop_marker_sits_inside_its_loop_clear_of_every_code():
    graph, loops = make_graph(NODES + UNLINKED), make_loops()
    ids = diagram.dot_ids(graph)
    _bb, boxes, _edges = drawn(sample_dot())
    markers = []
    for loop in loops.loops:
        x, y, w, _h = boxes[f"loop_{loop.id}"]
        x0, y0, x1, y1 = extent([boxes[ids[n]] for n in loop.nodes])
        assert x0 <= x <= x1 and y0 <= y <= y1, loop.id                 # within the loop's bounding box
        for code, (nx_, ny, nw, nh) in ((c, boxes[ids[c]]) for c in graph.nodes):
            gap = math.hypot(max(abs(x - nx_) - nw / 2, 0), max(abs(y - ny) - nh / 2, 0))
            assert gap >= w / 2, (loop.id, code)                        # covers no code
        assert all(math.dist((x, y), m) >= w for m in markers), loop.id  # nor another marker
        markers.append((x, y))


@needs_dot
def test_every_sign_sits_on_or_right_beside_its_link():
    graph = make_graph()
    ids = diagram.dot_ids(graph)
    _bb, _boxes, edges = drawn(map_dot(graph, make_loops(), make_marks()))
    assert len(edges) == graph.number_of_edges()
    for cause, effect, sign, _n in EDGES:
        edge = edges[(ids[cause], ids[effect])]
        assert diagram.SIGN_TEXT[sign] in edge["label"]
        spot = tuple(float(v) for v in edge["lp"].split(","))
        # the tag is 20 points wide: its centre on the line, or at most a tag's width beside it
        assert min(math.dist(spot, p) for p in curve(edge["pos"])) <= diagram.SIGN_BOX, (cause, effect)


@needs_dot
def test_codes_without_links_form_a_compact_block_apart_from_the_map():
    graph = make_graph(NODES + UNLINKED)
    ids = diagram.dot_ids(graph)
    src = sample_dot(language="en")
    assert "Also mentioned, not linked" in src and "Ook genoemd, zonder verband" in sample_dot()
    _bb, boxes, _edges = drawn(src)
    linked = [boxes[ids[c]] for c, *_ in NODES]
    lonely = [boxes[ids[c]] for c, *_ in UNLINKED]
    # a grid: more than one column and more than one row, not one long column
    assert len({round(x) for x, *_ in lonely}) >= 2 and len({round(y) for _x, y, *_ in lonely}) >= 2
    mx0, my0, mx1, my1 = extent(linked)
    bx0, by0, bx1, by1 = extent(lonely)
    assert bx0 >= mx1 or bx1 <= mx0 or by0 >= my1 or by1 <= my0          # beside or below the map, not in it
    assert (bx1 - bx0) * (by1 - by0) < 0.5 * (mx1 - mx0) * (my1 - my0)    # and compact
    small = [l for l in src.splitlines() if l.split(" ", 1)[0] in {ids[c] for c, *_ in UNLINKED}]
    assert len(small) == len(UNLINKED) and all("fontsize=11" in l for l in small)


@needs_dot
def test_sample_sized_map_is_wide_and_legible_on_a_16_9_slide():
    bb, _boxes, _edges = drawn(sample_dot())
    width, height = bb[2] - bb[0], bb[3] - bb[1]
    assert 1.5 <= width / height <= 2.2                 # near 16:9 (1.78), not square
    page = min(13.33 * 72 / width, 7.5 * 72 / height)   # how much the drawing shrinks to fit the slide
    assert diagram.FONT_SIZE * page >= 8                # node labels still at least 8 pt on the slide (was 5)


def test_legend_and_title_in_the_project_language():
    nl = map_dot(make_graph(), make_loops(), make_marks(), language="nl")
    en = map_dot(make_graph(), make_loops(), make_marks(), language="en")
    for text in ("Zo lees je de kaart", "meer A leidt tot meer B", "meer A leidt tot minder B",
                 "versterkend", "balancerend", "koesteren", "reduceren", "bevorderend", "belemmerend", "waarde",
                 "overtuiging", "gedrag", "resultaat", "Cultuurkaart"):
        assert text in nl, text
    for text in ("How to read the map", "more A leads to more B", "more A leads to less B", "reinforcing",
                 "balancing", "cherish", "reduce", "enabling", "hindering", "value", "belief", "behaviour",
                 "outcome", "Culture map"):
        assert text in en, text
    assert "Zo lees je" not in en


def test_only_nodes_and_highlight_loop():
    graph, loops = make_graph(), make_loops()
    ids = diagram.dot_ids(graph)
    part = map_dot(graph, loops, only_nodes=["complaints", "leaders-listen-in", "feedback-followed-up"])
    assert f'{ids["complaints"]} [' in part and f'{ids["workload"]} [' not in part
    assert "loop_B1" in part and "loop_R1" not in part                # only loops fully drawn
    hl = map_dot(graph, loops, highlight_loop="R3")
    line = next(l for l in hl.splitlines() if l.startswith(f'{ids["complaints"]} ['))
    assert "#F4F4F4" in line                                         # outside the loop: pale
    assert "loop_R3" in hl and "loop_R1" not in hl


def test_no_name_or_speaker_reaches_the_diagram():
    graph = make_graph()
    src = map_dot(graph, make_loops(), make_marks()) + loop_dot(graph, make_loops().loops[0], language="nl")
    assert "[naam]" in src and "I01 \u00b7 klantcontact" in src     # quotes only redacted, under pseudonyms
    assert "speaker" not in src


def test_loop_view_tells_the_loop_with_quotes():
    graph, loop = make_graph(), make_loops().loops[1]
    src = loop_dot(graph, loop, language="en")
    assert src.startswith("digraph")
    assert "R2: reinforcing loop (vicious circle)" in src
    assert "What the interviews tell" in src
    text = src.replace('<BR ALIGN="LEFT"/>', " ")                      # long heads wrap over two lines
    for cause, effect, _sign in loop.links:
        assert f"{graph.nodes[cause]['label']} \u2192 {graph.nodes[effect]['label']}" in text
    assert src.count("\u2014 I01 \u00b7 klantcontact") == len(loop.links)
    assert len([l for l in src.splitlines() if "pos=" in l and l.startswith("n") and " -> " not in l]) == \
        len(loop.nodes)


@needs_dot
def test_loop_view_keeps_the_quotes_clear_of_the_ring_and_signs_on_their_links():
    graph = make_graph()
    ids = diagram.dot_ids(graph)
    for loop in make_loops().loops:
        _bb, boxes, edges = drawn(loop_dot(graph, loop, language="nl"))
        ring = [boxes[ids[n]] for n in loop.nodes] + [boxes[f"loop_{loop.id}"]]
        qx0, qy0, qx1, qy1 = extent([boxes["quotes"]])
        rx0, ry0, rx1, ry1 = extent(ring)
        assert qx0 > rx1, loop.id                                       # the table is right of the ring
        assert boxes["title"][1] - boxes["title"][3] / 2 > max(ry1, qy1), loop.id   # the title above both
        for x, y, w, h in ring:                                         # ring nodes do not overlap
            others = [b for b in ring if b != (x, y, w, h)]
            assert all(abs(x - ox) >= (w + ow) / 2 or abs(y - oy) >= (h + oh) / 2 for ox, oy, ow, oh in others)
        for (tail, head), edge in edges.items():
            spot = tuple(float(v) for v in edge["lp"].split(","))
            assert min(math.dist(spot, p) for p in curve(edge["pos"])) <= diagram.SIGN_BOX, (tail, head)


def test_loop_view_without_quotes_or_title():
    src = loop_dot(make_graph(), make_loops().loops[2], title=" ", quotes=False)
    assert "Wat de gesprekken vertellen" not in src and "quotes" not in src and "title" not in src
    assert "loop_R3" in src


# ---------------------------------------------------------------- rendering (a real client re-reads every file)


@needs_dot
def test_graphviz_accepts_the_dot_source():
    for src in (small_dot(), map_dot(make_graph(), make_loops(), make_marks()),
                loop_dot(make_graph(), make_loops().loops[0], language="nl")):
        proc = subprocess.run(["dot", "-Tsvg"], input=src.encode(), capture_output=True)
        assert proc.returncode == 0, proc.stderr.decode()
        assert b"Warning" not in proc.stderr and b"Error" not in proc.stderr, proc.stderr.decode()


@needs_dot
def test_svg_is_xml_with_title_legend_and_escaped_labels():
    svg = render(map_dot(make_graph(), make_loops(), make_marks(), language="en", title="Acme & co"), "svg")
    root = ET.fromstring(svg)
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for expected in ("Acme & co", "How to read the map", "more A leads to less B", 'Werk & "druk" <b>', "R1",
                     "B1", "\u2665 cherish"):
        assert expected in text, expected


@needs_dot
def test_png_has_the_signature_and_the_slide_size():
    import io

    from PIL import Image

    data = render(map_dot(make_graph(), make_loops(), make_marks()), "png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = Image.open(io.BytesIO(data)).size
    # size "13.33,7.5!" at 160 dpi: the drawing fills the 16:9 box in one dimension
    assert width <= 2134 and height <= 1201
    assert width >= 2132 or height >= 1199
    assert width >= 1600                                             # readable on a projector


@needs_dot
def test_pdf_is_a_pdf():
    assert render(small_dot(), "pdf").startswith(b"%PDF")


def test_render_without_graphviz_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    assert graphviz_available() is False
    with pytest.raises(ExportError) as err:
        render(small_dot(), "png")
    assert err.value.code == "E502" and "apt-get install graphviz" in str(err.value)


def test_render_rejects_other_formats():
    with pytest.raises(ExportError) as err:
        render(small_dot(), "gif")
    assert err.value.code == "E501"


@needs_dot
def test_render_reports_graphviz_errors():
    with pytest.raises(ExportError) as err:
        render("digraph { a -> }", "svg")
    assert err.value.code == "E504"


def test_develop_badge_and_legend_row_only_when_a_code_is_to_develop():
    marks = make_marks()
    first = next(m for m in marks.marks if m.effect == "enabling")
    with_develop = MarkResult(tuple(replace(m, mark="develop") if m is first else m for m in marks.marks),
                              marks.balance)
    nl = map_dot(make_graph(), make_loops(), with_develop, language="nl")
    en = map_dot(make_graph(), make_loops(), with_develop, language="en")
    assert "\u25b2 ontwikkelen" in nl                      # the badge on the code
    assert "ontwikkelen: gewenst, nog niet" in nl           # and its legend row (wrapped)
    assert "develop: wished for, not there" in en
    plain = map_dot(make_graph(), make_loops(), marks, language="nl")
    assert "ontwikkelen" not in plain and "niet bevestigd" not in plain
