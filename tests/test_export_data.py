"""Data exports re-open in real clients (networkx for GraphML/GEXF, json for node-link and Kumu), Mermaid
text, the format registry, export_formats and the `export` command."""
from __future__ import annotations

import io
import json
import os

import networkx as nx
import pytest
from click.testing import CliRunner
from test_export_diagram import EDGES, NODES, make_graph, make_loops, make_marks

from culturemap.cli import main
from culturemap.errors import ExportError
from culturemap.export import formats
from culturemap.export.data import to_gexf, to_graphml, to_json, to_kumu, to_mermaid
from culturemap.export.diagram import graphviz_available
from culturemap.export.formats import FORMATS, STANDARD_FORMATS, expand_formats, export_formats

needs_dot = pytest.mark.skipif(not graphviz_available(), reason="Graphviz 'dot' is not installed")


def _edge_signs(g):
    return {(u, v): d["sign"] for u, v, d in g.edges(data=True)}


def test_graphml_reads_back_with_the_same_nodes_edges_and_signs():
    graph = make_graph()
    back = nx.read_graphml(io.BytesIO(to_graphml(graph).encode("utf-8")))
    assert set(back.nodes) == set(graph.nodes) and back.is_directed()
    assert _edge_signs(back) == _edge_signs(graph)
    assert back.nodes["werk:druk"]["label"] == 'Werk & "druk" <b>'
    assert back.nodes["only-numbers"]["mentions"] == 14                      # ints stay ints
    assert json.loads(back.edges["pass-on", "complaints"]["evidence"]) == graph.edges["pass-on", "complaints"]["evidence"]
    assert json.loads(back.nodes["workload"]["groups"]) == {"klantcontact": 12}


def test_graphml_is_deterministic():
    assert to_graphml(make_graph()) == to_graphml(make_graph(reverse=True))


def test_gexf_reads_back_with_the_same_nodes_edges_and_signs():
    graph = make_graph()
    back = nx.read_gexf(io.BytesIO(to_gexf(graph).encode("utf-8")))
    assert set(back.nodes) == set(graph.nodes)
    assert _edge_signs(back) == _edge_signs(graph)
    assert back.nodes["complaints"]["label"] == "Klachten en herhaalcontact"


def test_json_is_node_link_with_loops_and_marks():
    graph = make_graph()
    data = json.loads(to_json(graph, make_loops(), make_marks()))
    back = nx.node_link_graph(data, edges="links")
    assert set(back.nodes) == set(graph.nodes) and _edge_signs(back) == _edge_signs(graph)
    assert [lp["id"] for lp in data["loops"]["loops"]] == ["R1", "R2", "R3", "B1"]
    assert {m["code"] for m in data["marks"]["marks"]} == {n[0] for n in NODES if n[2] in ("value", "belief")}
    assert to_json(graph, make_loops(), make_marks()) == to_json(make_graph(reverse=True), make_loops(), make_marks())


def test_mermaid_has_one_line_per_link_with_its_sign_and_escaped_labels():
    text = to_mermaid(make_graph(), make_loops(), language="nl")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    edge_lines = [l for l in lines if "-->" in l or ".->" in l]
    assert len(edge_lines) == len(EDGES)
    assert sum('-- "+" -->' in l for l in edge_lines) == sum(1 for e in EDGES if e[2] == "+")
    assert sum('-. "\u2212" .->' in l for l in edge_lines) == sum(1 for e in EDGES if e[2] == "-")
    assert any('Werk #amp; #quot;druk#quot; #lt;b#gt;' in l for l in lines)
    assert not any('"druk"' in l for l in lines)
    assert any(l.strip().startswith("classDef hindering") for l in lines)
    assert any(l.strip().startswith("%% R1 reinforcing vicious") for l in lines)


def test_kumu_blueprint_has_elements_connections_and_loops():
    graph = make_graph()
    data = json.loads(to_kumu(graph, make_loops(), make_marks()))
    assert len(data["elements"]) == len(NODES) and len(data["connections"]) == len(EDGES)
    labels = {e["label"] for e in data["elements"]}
    first = next(e for e in data["elements"] if e["code"] == "only-numbers")
    assert first["label"] == "Alleen de cijfers tellen" and first["type"] == "belief"
    assert first["tags"] == ["hindering", "reduce"] and first["mark"] == "reduce"
    for c in data["connections"]:
        assert c["from"] in labels and c["to"] in labels
        assert c["type"] in ("+", "-") and c["direction"] == "directed"
    pass_on = next(c for c in data["connections"]
                   if c["from"] == "Klant van het kastje naar de muur" and c["to"] == "Klachten en herhaalcontact")
    assert pass_on["interviews"] == 5 and "\u2014 I01 \u00b7 klantcontact" in pass_on["description"]
    ids = {c["id"] for c in data["connections"]}
    assert [lp["label"] for lp in data["loops"]] == ["R1", "R2", "R3", "B1"]
    assert all(set(lp["connections"]) <= ids and len(lp["connections"]) >= 3 for lp in data["loops"])


def test_kumu_keeps_two_codes_with_the_same_label_apart():
    graph = nx.DiGraph()
    graph.add_node("a", label="Zelfde", kind="belief", effect="hindering")
    graph.add_node("b", label="Zelfde", kind="outcome", effect="enabling")
    graph.add_edge("a", "b", sign="+", sources=1)
    data = json.loads(to_kumu(graph))
    assert [e["label"] for e in data["elements"]] == ["Zelfde (a)", "Zelfde (b)"]
    assert data["connections"][0]["from"] == "Zelfde (a)" and "loops" not in data


# ---------------------------------------------------------------- the registry and export_formats


def test_registry_lists_every_format_of_the_issue():
    assert set(FORMATS) == {"dot", "svg", "png", "pdf", "graphml", "gexf", "json", "mermaid", "kumu", "csv",
                            "html", "pptx", "qdpx", "qdc"}
    assert set(STANDARD_FORMATS) == {"svg", "png", "pdf", "dot", "graphml", "html", "pptx", "csv"}
    assert FORMATS["png"].needs_graphviz and not FORMATS["dot"].needs_graphviz
    from culturemap.cli.export import EXPORT_FORMAT_NAMES
    assert set(EXPORT_FORMAT_NAMES) == set(FORMATS) | {"all"}


def test_unknown_format_lists_the_choices():
    with pytest.raises(ExportError) as err:
        expand_formats(["svg", "visio"])
    assert err.value.code == "E501"
    assert "unknown format 'visio'" in str(err.value) and "kumu" in str(err.value) and "all" in str(err.value)


@pytest.fixture
def context(tmp_path):
    from sessionpack_data import make_context

    return make_context(tmp_path / "eng")


DATA_FORMATS = ["dot", "graphml", "gexf", "json", "mermaid", "kumu"]


def test_export_formats_writes_each_data_format(context, tmp_path):
    out = tmp_path / "out"
    seen = []
    paths = export_formats(context.project, DATA_FORMATS, out, progress=seen.append, context=context)
    assert seen == DATA_FORMATS
    assert [p.name for p in paths] == ["map.dot", "map.graphml", "map.gexf", "map.json", "map.mmd", "map.kumu.json"]
    assert nx.read_graphml(out / "map.graphml").number_of_edges() == context.graph.number_of_edges()
    assert len(json.loads((out / "map.kumu.json").read_text("utf-8"))["connections"]) == context.graph.number_of_edges()


def test_no_interviewee_or_colleague_name_reaches_an_export(context, tmp_path):
    from sessionpack_data import NAMES

    out = tmp_path / "out"
    export_formats(context.project, DATA_FORMATS, out, context=context)
    for path in sorted(out.iterdir()):
        text = path.read_text("utf-8")
        for name in NAMES:
            for part in name.split():
                if len(part) > 3 and part[0].isupper():
                    assert part not in text, (path.name, part)


@needs_dot
def test_svg_writes_group_maps_above_the_threshold_and_one_view_per_loop(context, tmp_path):
    out = tmp_path / "out"
    paths = export_formats(context.project, ["svg"], out, context=context)
    names = sorted(p.name for p in paths)
    loops = [lp.id for lp in context.loops.loops]
    assert len(loops) >= 3
    # klantcontact and leidinggevenden have 3 interviews each (threshold 3); hr has 1: no map of its own
    assert names == sorted(["map.svg", "map-klantcontact.svg", "map-leidinggevenden.svg"]
                           + [f"loop-{i}.svg" for i in loops])
    import xml.etree.ElementTree as ET
    for p in paths:
        ET.parse(p)                                                     # every file is valid XML
    text = (out / "map-klantcontact.svg").read_text("utf-8")
    assert "Klantcontact" in text and "Zo lees je de kaart" in text


@needs_dot
def test_pdf_is_the_map_only(context, tmp_path):
    paths = export_formats(context.project, ["pdf"], tmp_path / "out", context=context)
    assert [p.name for p in paths] == ["map.pdf"] and paths[0].read_bytes().startswith(b"%PDF")


def test_missing_graphviz_is_reported_before_anything_is_written(context, tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "graphviz_available", lambda: False, raising=False)
    import culturemap.export.diagram as diagram
    monkeypatch.setattr(diagram, "graphviz_available", lambda: False)
    out = tmp_path / "out"
    with pytest.raises(ExportError) as err:
        export_formats(context.project, ["dot", "png"], out, context=context)
    assert err.value.code == "E502" and "png" in str(err.value)
    assert not out.exists()
    assert [p.name for p in export_formats(context.project, ["dot"], out, context=context)] == ["map.dot"]


# ---------------------------------------------------------------- the export command


def test_export_command_prints_each_file_and_a_summary(context, tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "build_context", lambda project, out_dir: context)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "eng", "--format", "dot", "--format", "mermaid"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [os.path.join("eng", "out", "map.dot"),
                                          os.path.join("eng", "out", "map.mmd"),
                                          f"Wrote 2 file(s) in 2 format(s) to {os.path.join('eng', 'out')}."]
    assert (tmp_path / "eng" / "out" / "map.mmd").read_text("utf-8").startswith("flowchart LR")


def test_export_command_out_option(context, tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "build_context", lambda project, out_dir: context)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "eng", "-f", "kumu", "--out", "elsewhere"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == os.path.join("elsewhere", "map.kumu.json")


def test_export_command_unknown_format(tmp_path):
    result = CliRunner().invoke(main, ["export", str(tmp_path), "--format", "visio"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: unknown format 'visio'. Choose from: dot, svg, png, pdf, graphml, gexf, json, mermaid, kumu, "
        "csv, html, pptx, qdpx, qdc, all. [E501]")
