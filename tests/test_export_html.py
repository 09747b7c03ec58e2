"""report.html: one self-contained offline file with the clickable map, loops, marks, balance, session."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from sessionpack_data import NAMES, SESSION_YAML, make_context, write_engagement

from culturemap.export.html import loop_story, write_report
from culturemap.session import priority_marks

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
pytestmark = needs_dot


@pytest.fixture
def context(tmp_path):
    return make_context(tmp_path / "eng")


def _report(context, tmp_path):
    paths = write_report(context, tmp_path / "out")
    assert paths == [tmp_path / "out" / "report.html"]
    return paths[0].read_text(encoding="utf-8")


def _section(text, section_id):
    start = text.index(f'<section id="{section_id}"')
    return text[start:text.index("</section>", start)]


def test_report_is_one_file_without_any_outside_reference(context, tmp_path):
    text = _report(context, tmp_path)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.html"]
    assert text.startswith("<!DOCTYPE html>")
    assert "http:" not in text and "https:" not in text and "//" + "www" not in text
    assert not re.search(r"\ssrc\s*=", text)                       # no external script/image
    assert "<link" not in text and "@import" not in text and "@font-face" not in text
    assert not re.search(r"url\((?!#)", text)                       # CSS url() only to in-page ids
    assert not re.search(r'href="(?!#)', text)                      # links only within the page
    assert '<html lang="nl">' in text


def test_report_has_the_inline_map_with_clickable_keyboard_focusable_nodes(context, tmp_path):
    text = _report(context, tmp_path)
    map_section = _section(text, "map")
    svg = map_section[map_section.index("<svg"):map_section.index("</svg>")]
    codes = set(re.findall(r'<g id="[^"]*" class="node cm-node" data-code="([^"]+)" tabindex="0" role="button"', svg))
    assert codes == set(context.graph.nodes)
    for code in context.graph.nodes:                             # every node has a detail block for the panel
        assert f'id="detail-{code}" data-code="{code}"' in map_section
    script = text[text.rindex("<script>"):]
    assert 'querySelectorAll(".cm-node[data-code]")' in script and 'addEventListener("click"' in script
    assert 'addEventListener("keydown"' in script


def test_node_details_show_groups_and_redacted_quotes_under_pseudonyms(context, tmp_path):
    text = _report(context, tmp_path)
    detail = text[text.index('id="detail-only-numbers"'):]
    detail = detail[:detail.index("</article>")]
    assert "Klantcontact</span> <strong>3</strong>" in detail
    assert "Leidinggevenden</span> <strong>2</strong>" in detail
    assert "Bij ons tellen alleen de cijfers, zegt [naam] altijd, dus de werkdruk loopt op." in detail
    assert "I02 · klantcontact" in detail
    # HR has one interview (threshold 3): its mentions are folded into 'overig' with a note
    helping = text[text.index('id="detail-help-each-other"'):]
    helping = helping[:helping.index("</article>")]
    assert "overig</span>" in helping and "HR</span>" not in helping
    assert "Groepen met minder dan 3 dialogen staan samen onder ‘overig’" in helping


def test_loops_are_told_as_stories_with_their_own_diagram(context, tmp_path):
    text = _report(context, tmp_path)
    loops = _section(text, "loops")
    labels = {n: d["label"] for n, d in context.graph.nodes(data=True)}
    kinds = {n: d["kind"] for n, d in context.graph.nodes(data=True)}
    assert [lp.id for lp in context.loops.loops] == ["R1", "R2", "R3", "B1"]
    for loop in context.loops.loops:
        article = loops[loops.index(f'id="loop-{loop.id}"'):]
        article = article[:article.index("</article>")]
        story = loop_story(loop, labels, "nl", kinds)
        assert f'<p class="story">{html.escape(story, quote=False)}</p>' in article.replace("&#39;", "'")
        assert article.count("<svg") == 1
        assert f"Diagram van cirkel {loop.id}" in article
    assert "Omdat ‘Alleen de cijfers tellen’ sterker wordt, neemt ‘Hoge werkdruk’ toe" in loops
    assert "Zo neemt ‘Klachten en herhaalcontact’ weer af: een balancerende cirkel die zichzelf afremt." in loops


def test_cherish_and_reduce_lists_with_reasons_and_scores(context, tmp_path):
    text = _report(context, tmp_path)
    for name in ("cherish", "reduce", "redirect"):
        section = _section(text, f"marks-{name}")
        marks = [m for m in context.marks.marks if m.mark == name]
        assert marks, name
        positions = [section.index(f'id="mark-{m.code}"') for m in marks]
        assert positions == sorted(positions)                     # highest priority first
        for m in marks:
            item = section[section.index(f'id="mark-{m.code}"'):]
            item = item[:item.index('<li class="mark-item"') if '<li class="mark-item"' in item else len(item)]
            assert html.escape(m.label) in item
            assert f"{m.score:.2f}" in item
            for reason in m.reasons:
                assert html.escape(reason) in item
    assert "Koesteren en uitbouwen" in text and "Afzwakken of loslaten" in text
    # the priority beliefs (those the session discusses) are flagged
    for m in priority_marks(context.marks):
        item = text[text.index(f'id="mark-{m.code}"'):]
        assert "★ in de sessie" in item[:item.index("</h3>")]


def test_balance_overall_and_per_group_as_bars(context, tmp_path):
    text = _report(context, tmp_path)
    balance = _section(text, "balance")
    b = context.marks.balance
    overall = round(100 * b["overall"])
    assert f'aria-label="Totaal: {overall}% van de vermeldingen is belemmerend"' in balance
    assert f'style="width: {overall}%"' in balance
    for group, share in b["by_group"].items():
        label = {"klantcontact": "Klantcontact", "leidinggevenden": "Leidinggevenden"}[group]
        assert f"{label}: {round(100 * share)}% van de vermeldingen is belemmerend" in balance
    assert "HR: 1 dialoog/dialogen, minder dan de anonimiteitsgrens van 3" in balance
    assert f"{b['hindering']} van de {b['mentions']} vermeldingen zijn belemmerend." in balance


def test_no_name_from_the_transcripts_or_redact_list_reaches_the_report(tmp_path):
    from culturemap.export.formats import build_context
    from culturemap.project import open_project

    root = write_engagement(tmp_path / "disk")          # real transcripts with names in their front matter
    (root / "session.yaml").write_text(
        SESSION_YAML.replace("teamleiders klantcontact", "Henk en Anna").replace("directie", "Daan Visser"),
        encoding="utf-8")
    context = build_context(open_project(root), tmp_path / "out")
    text = _report(context, tmp_path)
    parts = {p for name in NAMES for p in name.split() if p not in ("de",)}
    leaked = sorted(p for p in parts if re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE))
    assert leaked == []
    assert "[naam]" in text


def test_without_session_the_report_says_how_to_record_it(context, tmp_path):
    session = _section(_report(context, tmp_path), "session")
    assert "De groepssessie is nog niet vastgelegd" in session
    assert "session-template.yaml" in session


def test_session_recognition_and_actions_are_folded_in(context, tmp_path):
    (context.project.root / "session.yaml").write_text(SESSION_YAML, encoding="utf-8")
    session = _section(_report(context, tmp_path), "session")
    assert "Sessie van 2025-03-14." in session
    assert "Alleen de cijfers tellen <span class=\"pill rec-yes\">Herkend: ja</span>" in session
    assert "We helpen elkaar <span class=\"pill rec-partly\">Herkend: deels</span>" in session
    assert ("<tr><td>Afhandeltijd uit het teamoverleg halen</td><td>teamleiders klantcontact</td>"
            "<td>Leidinggevenden</td><td>afzwakken</td></tr>") in session
    assert "<td>Elke vrijdag een klantcompliment delen</td><td>alle teams</td><td>Klantcontact</td><td>koesteren</td>" in session


def test_a_bad_session_file_stops_the_report_with_file_and_line(context, tmp_path):
    from culturemap.errors import ProjectError

    (context.project.root / "session.yaml").write_text("beliefs:\n  no-such-code:\n    recognised: ja\n",
                                                       encoding="utf-8")
    with pytest.raises(ProjectError, match=r"session\.yaml:2: unknown code 'no-such-code'.*\[E520\]"):
        write_report(context, tmp_path / "out")
    assert not (tmp_path / "out" / "report.html").exists()


def test_report_in_english(tmp_path):
    context = make_context(tmp_path / "eng", language="en", title="Culture map Testco")
    text = _report(context, tmp_path)
    assert '<html lang="en">' in text and "<title>Culture map Testco</title>" in text
    assert "How to read the map" in text and "Cherish and build out" in text and "Reduce or let go" in text
    assert "Because “Only the numbers count” grows stronger, “High workload” increases" in text
    assert "Hoe lees" not in text


def test_report_is_printable_and_accessible(context, tmp_path):
    text = _report(context, tmp_path)
    assert "@media print" in text
    assert re.search(r"<h1>[^<]+</h1>", text) and text.count("<h2 ") >= 7
    assert 'role="img" aria-labelledby="loop-R1-title"' in text       # loop diagrams have a text alternative
    assert '<title id="map-title">' in text and "<desc>Causaal diagram met 12 onderdelen en 14 verbanden" in text
    assert 'aria-live="polite"' in text


# ---------------------------------------------------------------------------------------- in a browser

def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


needs_chromium = pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (Debian: apt-get install "
                                    "chromium); the browser check of report.html is skipped")


def _dump_dom(path):
    proc = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom",
                           path.as_uri()], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    return proc.stdout, console


@needs_chromium
def test_report_renders_in_headless_chromium_without_script_errors(context, tmp_path):
    write_report(context, tmp_path / "out")
    dom, console = _dump_dom(tmp_path / "out" / "report.html")
    assert console == []
    assert f'data-report-ready="{context.graph.number_of_nodes()}"' in dom       # the script ran to the end
    assert "<svg" in dom and 'id="panel"' in dom


@needs_chromium
def test_clicking_a_node_in_chromium_opens_its_details(context, tmp_path):
    path = write_report(context, tmp_path / "out")[0]
    clicked = tmp_path / "clicked.html"
    click = ('<script>document.querySelector(\'.cm-node[data-code="only-numbers"]\')'
             '.dispatchEvent(new MouseEvent("click", {bubbles: true}));</script></body>')
    clicked.write_text(path.read_text(encoding="utf-8").replace("</body>", click), encoding="utf-8")
    dom, console = _dump_dom(clicked)
    assert console == []
    panel = dom[dom.index('<aside class="panel"'):dom.index("</aside>")]
    assert " hidden" not in panel[:panel.index(">")]
    assert '<h3 id="panel-h" class="panel-title">Alleen de cijfers tellen</h3>' in panel
    assert "zegt [naam] altijd" in panel
    assert 'class="node cm-node cm-selected" data-code="only-numbers"' in dom


def test_report_has_a_develop_section_when_a_code_is_a_gap(context, tmp_path):
    first = next(m for m in context.marks.marks if m.mark == "cherish")
    marks = replace(context.marks, marks=tuple(replace(m, mark="develop") if m is first else m
                                               for m in context.marks.marks))
    text = _report(replace(context, marks=marks), tmp_path)
    section = _section(text, "marks-develop")
    assert "Ontwikkelen" in section and f'id="mark-{first.code}"' in section
    assert "marks-unconfirmed" not in text                     # shown only when a code has it
    assert f'id="mark-{first.code}"' not in _section(text, "marks-cherish")
