"""deck.pptx: python-pptx re-opens it; 16:9, slide order, titles in placeholders, pictures fit, no names."""
from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu, Inches
from sessionpack_data import NAMES, SESSION_YAML, make_context, write_engagement

from culturemap.export.pptx import write_deck
from culturemap.session import priority_marks

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


@pytest.fixture
def context(tmp_path):
    return make_context(tmp_path / "eng")


def _open(context, tmp_path):
    paths = write_deck(context, tmp_path / "out")
    assert paths == [tmp_path / "out" / "deck.pptx"]
    return Presentation(str(paths[0]))


def _title(slide):
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else None


def _texts(slide):
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    if slide.has_notes_slide:
        out.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(out)


def _expected_titles(context, *, session=False):
    titles = ["Cultuurkaart Testbedrijf", "Hoe we te werk gingen", "De cultuurkaart"]
    names = {"vicious": "Vicieuze cirkel (versterkend)", "virtuous": "Positieve spiraal (versterkend)"}
    for loop in context.loops.loops:
        kind = names[loop.reading] if loop.polarity == "reinforcing" else "Balancerend"
        titles.append(f"{loop.id} · {kind}")
    titles += ["Koesteren en uitbouwen", "Afzwakken of loslaten", "Ombuigen naar de klant", "Herkennen jullie dit?"]
    titles += [f"Acties: ‘{m.label}’" for m in priority_marks(context.marks)]
    if session:
        titles.append("Afgesproken acties")
    return titles


def test_deck_reopens_as_16_9_with_slides_in_the_session_order(context, tmp_path):
    prs = _open(context, tmp_path)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    assert [_title(s) for s in prs.slides] == _expected_titles(context)


def test_every_title_is_in_a_title_placeholder_that_fits_the_slide(context, tmp_path):
    prs = _open(context, tmp_path)
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title
        assert title is not None and title.is_placeholder, number
        assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        assert title.text_frame.text.strip(), number
        assert title.left >= 0 and title.top >= 0
        assert title.left + title.width <= prs.slide_width and title.top + title.height <= prs.slide_height
        for shape in slide.shapes:                           # nothing sticks out of the 16:9 slide
            assert shape.left + shape.width <= prs.slide_width + Emu(10), (number, shape.name)
            assert shape.top + shape.height <= prs.slide_height + Emu(10), (number, shape.name)


def test_map_picture_fits_the_slide_undistorted(context, tmp_path):
    prs = _open(context, tmp_path)
    slide = prs.slides[2]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert [p.name for p in pictures] == ["Map"]
    picture = pictures[0]
    assert picture.image.content_type == "image/png"
    px_w, px_h = picture.image.size
    assert px_w >= 1500                                            # rendered at high dpi
    assert abs((picture.width / picture.height) - (px_w / px_h)) < 0.01
    title = slide.shapes.title
    assert picture.top >= title.top + title.height                 # below the title
    assert picture.width >= prs.slide_width * 0.6 or picture.height >= Inches(5)


def test_each_loop_slide_has_its_diagram_story_and_quotes(context, tmp_path):
    prs = _open(context, tmp_path)
    for loop, slide in zip(context.loops.loops, list(prs.slides)[3:3 + len(context.loops.loops)]):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [p.name for p in pictures] == [f"Loop {loop.id}"]
        text = _texts(slide)
        assert "Omdat ‘" in text and "Uit de dialogen" in text
        assert len(re.findall(r"^— I\d\d", text, re.M)) in (1, 2)
    r1 = _texts(prs.slides[3])
    assert "Omdat ‘Alleen de cijfers tellen’ sterker wordt, neemt ‘Hoge werkdruk’ toe" in r1


def test_cherish_and_reduce_slides_list_the_marks(context, tmp_path):
    prs = _open(context, tmp_path)
    by_title = {_title(s): _texts(s) for s in prs.slides}
    for name, title in (("cherish", "Koesteren en uitbouwen"), ("reduce", "Afzwakken of loslaten")):
        marks = [m for m in context.marks.marks if m.mark == name]
        for m in marks[:6]:
            assert m.label in by_title[title]
            assert f"prioriteit {m.score:.2f}" in by_title[title]
    assert "Welke cirkel (R1, R2, R3, B1) merk je het sterkst" in by_title["Herkennen jullie dit?"]


def test_one_brainstorm_slide_per_priority_belief_with_four_perspectives(context, tmp_path):
    prs = _open(context, tmp_path)
    brainstorm = [s for s in prs.slides if _title(s).startswith("Acties: ")]
    priority = priority_marks(context.marks)
    assert len(brainstorm) == len(priority) >= 3
    for slide, mark in zip(brainstorm, priority):
        assert _title(slide) == f"Acties: ‘{mark.label}’"
        boxes = sorted(s.name for s in slide.shapes if s.name.startswith("Perspective "))
        assert boxes == ["Perspective back-office", "Perspective customer-contact", "Perspective hr",
                         "Perspective leaders"]
        text = _texts(slide)
        for head in ("Leidinggevenden", "Klantcontact", "HR", "Backoffice"):
            assert head in text


def test_session_actions_appear_on_brainstorm_and_actions_slides(context, tmp_path):
    (context.project.root / "session.yaml").write_text(SESSION_YAML, encoding="utf-8")
    prs = _open(context, tmp_path)
    assert [_title(s) for s in prs.slides] == _expected_titles(context, session=True)
    actions = _texts(prs.slides[-1])
    assert "Sessie van 2025-03-14." in actions
    assert "Afhandeltijd uit het teamoverleg halen" in actions and "Elke vrijdag een klantcompliment delen" in actions
    numbers = next(s for s in prs.slides if _title(s) == "Acties: ‘Alleen de cijfers tellen’")
    text = _texts(numbers)
    assert "Afgesproken:\n• Afhandeltijd uit het teamoverleg halen (teamleiders klantcontact)" in text


def test_no_name_reaches_any_slide_or_note(tmp_path):
    from culturemap.export.formats import build_context
    from culturemap.project import open_project

    root = write_engagement(tmp_path / "disk")
    (root / "session.yaml").write_text(SESSION_YAML.replace("alle teams", "Bram en Henk"), encoding="utf-8")
    prs = _open(build_context(open_project(root), tmp_path / "out"), tmp_path)
    text = "\n".join(_texts(s) for s in prs.slides)
    parts = {p for name in NAMES for p in name.split() if p != "de"}
    assert sorted(p for p in parts if re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE)) == []
    assert "[naam] en [naam]" in text


def test_english_deck(tmp_path):
    context = make_context(tmp_path / "eng", language="en", title="Culture map Testco")
    prs = _open(context, tmp_path)
    titles = [_title(s) for s in prs.slides]
    assert titles[:3] == ["Culture map Testco", "How we worked", "The culture map"]
    assert "Do you recognise this?" in titles and "Cherish and build out" in titles
    assert any(t.startswith("Actions: “") for t in titles)


def test_file_properties_name_the_engagement_not_the_template(context, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")   # 2025-12-02 00:00 UTC
    props = _open(context, tmp_path).core_properties
    assert props.title == "Cultuurkaart Testbedrijf"
    assert (props.author, props.last_modified_by) == ("culturemap", "culturemap")
    assert "python-pptx" not in props.comments and "Steve" not in props.last_modified_by
    assert props.created.isoformat() == props.modified.isoformat() == "2025-12-02T00:00:00"


def test_develop_and_unconfirmed_slides_appear_when_codes_have_those_marks(context, tmp_path):
    enabling = next(m for m in context.marks.marks if m.mark == "cherish")
    hindering = next(m for m in context.marks.marks if m.mark == "reduce")
    changed = {enabling.code: "develop", hindering.code: "unconfirmed"}
    marks = replace(context.marks, marks=tuple(replace(m, mark=changed.get(m.code, m.mark))
                                               for m in context.marks.marks))
    prs = _open(replace(context, marks=marks), tmp_path)
    by_title = {_title(s): _texts(s) for s in prs.slides}
    assert enabling.label in by_title["Ontwikkelen"]
    assert hindering.label in by_title["Niet bevestigd"]
    titles = [_title(s) for s in prs.slides]
    assert titles.index("Koesteren en uitbouwen") < titles.index("Ontwikkelen") < titles.index("Afzwakken of loslaten")
    brainstorm = [t for t in titles if t.startswith("Acties: ")]
    assert f"Acties: ‘{hindering.label}’" not in brainstorm   # denied: asked about first, not acted on
