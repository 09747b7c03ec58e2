"""``deck.pptx``: the slides for the group session (python-pptx, 16:9).

The consultant goes back to the interviewees as a group (step 5 of the method). The deck walks them
through it in the project language: what we did, the map, each feedback loop as a story with a quote or
two, what to cherish and what to reduce, "do you recognise this?", and one brainstorm slide per priority
belief with the four perspectives (leaders, customer contact, HR, back office). Once ``DIR/session.yaml``
exists a slide with the agreed actions follows.

Slide order (``SLIDE_KINDS``): title, method, map, loop x N, cherish, reduce, [redirect], validate,
brainstorm x P, [actions x A]. Every slide's title sits in the layout's title placeholder, moved to fit
16:9 (the default template is 4:3). Pictures are PNG rendered by Graphviz and scaled without distortion.
Only redacted quotes under pseudonyms appear; never a name.
"""
from __future__ import annotations

import io
from pathlib import Path

from ..analysis.marks import MARKS, OPTIONAL_MARKS
from ..analysis.stories import loop_quotes, loop_story
from ..i18n import LANGUAGES, t
from . import write_export
from .html import kind_name, loop_ring_dot, vocab

__all__ = ["write_deck", "build_deck", "trim_png", "DECK_FILE", "SLIDE_WIDTH_IN", "SLIDE_HEIGHT_IN"]

DECK_FILE = "deck.pptx"
SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5

_ACCENT = "1F3A5F"
_INK = "1F2933"
_MUTED = "5F6B7A"
_LINE = "D9DEE5"
_TINT = "F4F6F9"
_COLOURS = {"cherish": ("2E7D32", "E8F5E9"), "develop": ("1565C0", "E3F0FB"), "reduce": ("C62828", "FDECEA"),
            "unconfirmed": ("8D6E63", "F3EEEC"), "redirect": ("6B7280", "EEF0F3")}
_PERSPECTIVES = ("leaders", "customer-contact", "hr", "back-office")



# ---------------------------------------------------------------------------------------------- drawing

def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour)


def _place_title(slide, left, top, width, height, *, size=30, colour=_ACCENT, align_left=True):
    """Move the title placeholder to a 16:9 position and style it."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches, Pt

    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(left), Inches(top), Inches(width), Inches(height)
    frame = title.text_frame
    frame.word_wrap = True
    frame.margin_left = Inches(0.02)            # flush with the rule and the text below it
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT if align_left else PP_ALIGN.CENTER
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True
            run.font.color.rgb = _rgb(colour)
    return title


def _text(slide, left, top, width, height, paragraphs, *, size=18, colour=_INK, bold=False, italic=False,
          anchor="top", align="left"):
    """A text box; ``paragraphs`` is a list of str or (str, {size, bold, italic, colour, space_before})."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}[anchor]
    _fill_frame(frame, paragraphs, size=size, colour=colour, bold=bold, italic=italic, align=align)
    return box


def _fill_frame(frame, paragraphs, *, size=18, colour=_INK, bold=False, italic=False, align="left"):
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    first = True
    for item in paragraphs:
        text, style = (item, {}) if isinstance(item, str) else item
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER,
                               "right": PP_ALIGN.RIGHT}[style.get("align", align)]
        if style.get("space_before") is not None:
            paragraph.space_before = Pt(style["space_before"])
        run = paragraph.add_run()
        run.text = text
        font = run.font
        font.size = Pt(style.get("size", size))
        font.bold = style.get("bold", bold)
        font.italic = style.get("italic", italic)
        font.color.rgb = _rgb(style.get("colour", colour))


def _box(slide, left, top, width, height, *, fill=_TINT, line=_LINE, rounded=True, line_width=1.0):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE,
                                   Inches(left), Inches(top), Inches(width), Inches(height))
    if rounded:
        shape.adjustments[0] = 0.08
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    if line:
        shape.line.color.rgb = _rgb(line)
        shape.line.width = Pt(line_width)
    else:
        shape.line.fill.background()
    shape.shadow.inherit = False
    shape.text_frame.text = ""
    return shape


def trim_png(png: bytes, margin: int = 24) -> bytes:
    """Crop the white border around a rendered diagram (keeping ``margin`` pixels), so it can be larger.

    Pillow comes with python-pptx.

    >>> from PIL import Image
    >>> im = Image.new("RGB", (200, 100), "white"); im.paste((0, 0, 0), (90, 40, 110, 60))
    >>> buf = io.BytesIO(); im.save(buf, "PNG")
    >>> Image.open(io.BytesIO(trim_png(buf.getvalue(), margin=5))).size
    (30, 30)
    """
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png))
    rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, (255, 255, 255))
    box = ImageChops.difference(rgb, background).getbbox()
    if not box:
        return png
    left, top, right, bottom = box
    box = (max(0, left - margin), max(0, top - margin), min(rgb.width, right + margin), min(rgb.height, bottom + margin))
    if box == (0, 0, rgb.width, rgb.height):
        return png
    out = io.BytesIO()
    image.crop(box).save(out, "PNG", dpi=image.info.get("dpi", (96, 96)))
    return out.getvalue()


def _picture_fit(slide, png: bytes, left, top, width, height):
    """Add a PNG scaled to fit the box (aspect ratio kept) and centred in it."""
    from pptx.parts.image import Image
    from pptx.util import Inches

    px_w, px_h = Image.from_blob(png).size
    scale = min(width / px_w, height / px_h)
    w, h = px_w * scale, px_h * scale
    return slide.shapes.add_picture(io.BytesIO(png), Inches(left + (width - w) / 2), Inches(top + (height - h) / 2),
                                    Inches(w), Inches(h))


def _content_slide(prs, title, *, notes=""):
    """A 'Title Only' slide with the title placeholder filled and placed for 16:9."""

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    _place_title(slide, 0.6, 0.3, SLIDE_WIDTH_IN - 1.2, 0.95)
    rule = _box(slide, 0.6, 1.25, 1.2, 0.06, fill=_ACCENT, line=None, rounded=False)
    rule.name = "Title rule"
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    return slide


def _footer(slide, language, number):
    _text(slide, 0.6, SLIDE_HEIGHT_IN - 0.45, 8, 0.3, [t("deck.confidential", language)], size=10, colour=_MUTED)
    _text(slide, SLIDE_WIDTH_IN - 1.6, SLIDE_HEIGHT_IN - 0.45, 1.0, 0.3, [str(number)], size=10, colour=_MUTED,
          align="left")


# ---------------------------------------------------------------------------------------------- slides

def _title_slide(prs, context, language, figures):
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    _box(slide, 0, 0, SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN, fill=_ACCENT, line=None, rounded=False)
    # the background box was added last: move it behind the placeholders
    tree = slide.shapes._spTree
    background = tree[-1]
    tree.remove(background)
    tree.insert(2, background)
    slide.shapes.title.text = context.title or t("deck.subtitle", language)
    _place_title(slide, 0.9, 2.2, SLIDE_WIDTH_IN - 1.8, 1.8, size=40, colour="FFFFFF")
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = Inches(0.9), Inches(4.1)
    subtitle.width, subtitle.height = Inches(SLIDE_WIDTH_IN - 1.8), Inches(1.3)
    org = context.evidence.settings.organisation
    lines = [t("deck.subtitle", language) + (f" · {org}" if org else ""), figures]
    subtitle.text_frame.clear()
    _fill_frame(subtitle.text_frame, [(lines[0], {"size": 22, "bold": True}), (lines[1], {"size": 18})],
                colour="FFFFFF")
    _text(slide, 0.9, 1.5, 6, 0.5, [t("deck.confidential", language).upper()], size=12, colour="C9D3E0", bold=True)
    return slide


def _method_slide(prs, language, n_interviews):
    slide = _content_slide(prs, t("deck.method", language))
    gap, left, top, height = 0.25, 0.6, 1.75, 3.4
    width = (SLIDE_WIDTH_IN - 2 * left - 4 * gap) / 5
    for i, (head, body) in enumerate(t("deck.steps", language)):
        x = left + i * (width + gap)
        _box(slide, x, top, width, height, fill=_TINT)
        circle = _circle(slide, x + 0.25, top + 0.3, 0.7, str(i + 1))
        circle.name = f"Step {i + 1}"
        _text(slide, x + 0.15, top + 1.15, width - 0.3, 0.6, [head], size=18, bold=True, colour=_ACCENT)
        _text(slide, x + 0.15, top + 1.75, width - 0.3, height - 1.9, [body.format(n=n_interviews)], size=15)
    _text(slide, 0.6, top + height + 0.35, SLIDE_WIDTH_IN - 1.2, 0.5, [t("deck.privacy", language)], size=14, colour=_MUTED)
    return slide


def _circle(slide, left, top, size, text, *, fill=_ACCENT):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches, Pt

    shape = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(left), Inches(top), Inches(size), Inches(size))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(20 if len(text) < 3 else 14)
    run.font.bold = True
    run.font.color.rgb = _rgb("FFFFFF")
    return shape


def _map_slide(prs, context, language):
    from .diagram import map_dot, render
    notes = " ".join(t(k, language) for k in ("read.boxes", "read.colours", "read.arrows", "read.loops"))
    slide = _content_slide(prs, t("deck.map", language), notes=notes)
    png = trim_png(render(map_dot(context.graph, context.loops, context.marks, language=language, title=" "), "png"))
    picture = _picture_fit(slide, png, 0.4, 1.4, SLIDE_WIDTH_IN - 0.8, SLIDE_HEIGHT_IN - 1.4 - 0.3)
    picture.name = "Map"
    return slide


def _loop_slide(prs, context, loop, language, labels, kinds):
    from .diagram import render
    kind = vocab(f"polarity.{loop.polarity}", language)
    if loop.reading in ("vicious", "virtuous"):
        kind = vocab(f"reading.{loop.reading}", language) + f" ({kind})"
    title = t("deck.loop", language).format(id=loop.id, kind=kind[:1].upper() + kind[1:])
    story = loop_story(loop, labels, language, kinds)
    slide = _content_slide(prs, title, notes=story)
    png = trim_png(render(loop_ring_dot(context.graph, loop, language=language), "png"))
    picture = _picture_fit(slide, png, 0.4, 1.45, 6.3, SLIDE_HEIGHT_IN - 1.45 - 0.55)
    picture.name = f"Loop {loop.id}"
    colour = {"vicious": "C62828", "virtuous": "2E7D32"}.get(loop.reading, _ACCENT)
    if loop.polarity == "balancing":
        colour = "7C5E10"
    x = 7.0
    _box(slide, x, 1.6, 0.08, 2.5, fill=colour, line=None, rounded=False)
    _text(slide, x + 0.25, 1.55, SLIDE_WIDTH_IN - x - 0.85, 2.7, [story],
          size=20 if len(story) < 200 else 18 if len(story) < 330 else 16)
    quotes = loop_quotes(context.graph, loop, limit=2)
    if quotes:
        paragraphs = [(t("deck.quotes", language), {"size": 14, "bold": True, "colour": _MUTED})]
        for q in quotes:
            text = _shorten(q["text"], 170)     # already cleaned by loop_quotes
            paragraphs.append((f"“{text}”", {"size": 15, "italic": True, "space_before": 8}))
            paragraphs.append((f"— {q['interview']}", {"size": 12, "colour": _MUTED}))
        _text(slide, x + 0.25, 4.45, SLIDE_WIDTH_IN - x - 0.85, 2.5, paragraphs)
    return slide


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _marks_slide(prs, marks, name, language, settings, priority):
    slide = _content_slide(prs, t("deck." + name, language))
    intro = t(f"marks.{name}.intro", language)
    _text(slide, 0.6, 1.38, SLIDE_WIDTH_IN - 1.2, 0.45, [intro], size=15, colour=_MUTED)
    line, fill = _COLOURS.get(name, (_ACCENT, _TINT))
    shown = marks[:6]
    cols, gap = 2, 0.3
    width = (SLIDE_WIDTH_IN - 1.2 - gap) / cols
    top0, height = 1.9, 1.42
    for i, m in enumerate(shown):
        col, row = i % cols, i // cols
        x, y = 0.6 + col * (width + gap), top0 + row * (height + 0.12)
        _box(slide, x, y, width, height, fill="FFFFFF", line=_LINE)
        _box(slide, x, y, 0.09, height, fill=line, line=None, rounded=False)
        star = " ★" if m.code in priority else ""
        label_size = 16 if len(m.label) <= 38 else 14
        _text(slide, x + 0.25, y + 0.08, width - 0.4, 0.42, [m.label + star], size=label_size, bold=True)
        kind = f"{kind_name(m.kind, language)} · {vocab('effect.' + m.effect, language)}"
        _text(slide, x + 0.25, y + 0.47, width - 2.2, 0.3, [kind], size=11, colour=_MUTED)
        _text(slide, x + width - 2.0, y + 0.43, 1.85, 0.3,
              [(f"{t('marks.score', language)} {m.score:.2f}", {"size": 12, "bold": True, "colour": line})],
              align="right")
        reasons = [(f"• {r}", {"size": 12}) for r in m.reasons[:3]]
        _text(slide, x + 0.25, y + 0.72, width - 0.4, height - 0.74, reasons)
    notes = []
    if len(marks) > len(shown):
        notes.append(t("deck.more", language).format(n=len(marks) - len(shown)))
    if any(m.code in priority for m in shown):
        notes.append(t("deck.star", language))
    if notes:
        _text(slide, 0.6, SLIDE_HEIGHT_IN - 0.85, SLIDE_WIDTH_IN - 1.2, 0.35, ["   ·   ".join(notes)],
              size=13, colour=_MUTED)
    return slide


def _validate_slide(prs, language, loops):
    slide = _content_slide(prs, t("deck.validate", language))
    ids = ", ".join(lp.id for lp in loops) or "R1"
    y = 1.7
    for i, question in enumerate(t("deck.questions", language), start=1):
        _circle(slide, 0.8, y, 0.55, str(i))
        _text(slide, 1.6, y - 0.02, SLIDE_WIDTH_IN - 2.4, 0.6, [question.format(loops=ids)], size=22,
              anchor="middle")
        y += 0.98
    return slide


def _brainstorm_slide(prs, mark, language, session):
    slide = _content_slide(prs, t("deck.brainstorm", language).format(label=f"‘{mark.label}’" if language == "nl"
                                                            else f"“{mark.label}”"),
                           notes="\n".join(mark.reasons))
    line, _fill = _COLOURS.get(mark.mark, (_ACCENT, _TINT))
    mark_word = vocab(f"mark.{mark.mark}", language)
    _text(slide, 0.6, 1.4, SLIDE_WIDTH_IN - 1.2, 0.45,
          [(t("deck.brainstorm_sub", language).format(mark=mark_word[:1].upper() + mark_word[1:]), {"colour": line, "bold": True})],
          size=16)
    decision = session.get(mark.code) if session is not None else None
    gap = 0.3
    width = (SLIDE_WIDTH_IN - 1.2 - gap) / 2
    height = (SLIDE_HEIGHT_IN - 2.05 - 0.55 - gap) / 2
    for i, perspective in enumerate(_PERSPECTIVES):
        col, row = i % 2, i // 2
        x, y = 0.6 + col * (width + gap), 2.05 + row * (height + gap)
        box = _box(slide, x, y, width, height, fill=_TINT, line=_LINE)
        box.name = f"Perspective {perspective}"
        head = t(f"perspective.{perspective}", language)
        prompt = t("deck.prompt", language).get(mark.mark, t("deck.prompt", language)["cherish"]).format(who=t("deck.who", language)[perspective])
        paragraphs = [(head, {"size": 20, "bold": True, "colour": _ACCENT}), (prompt, {"size": 14, "colour": _MUTED})]
        agreed = [a for a in (decision.actions if decision else ()) if a.perspective == perspective]
        if agreed:
            paragraphs.append((t("deck.agreed", language), {"size": 13, "bold": True, "space_before": 6}))
            paragraphs += [(f"• {a.what}" + (f" ({a.who})" if a.who else ""), {"size": 13}) for a in agreed[:4]]
        _text(slide, x + 0.2, y + 0.12, width - 0.4, height - 0.24, paragraphs)
    return slide


def _actions_slides(prs, session, language, labels):
    from pptx.util import Inches
    rows = []
    for d in session.decisions:
        recognised = t(f"session.rec.{d.recognised or 'none'}", language)
        if not d.actions:
            rows.append((labels.get(d.code, d.code), recognised, "—", "", ""))
        for a in d.actions:
            rows.append((labels.get(d.code, d.code), recognised, a.what, a.who,
                         t(f"perspective.{a.perspective}", language) if a.perspective else ""))
    chunks = [rows[i:i + 8] for i in range(0, len(rows), 8)] or [[]]
    slides = []
    for n, chunk in enumerate(chunks, start=1):
        title = t("deck.actions", language) + (f" ({n}/{len(chunks)})" if len(chunks) > 1 else "")
        slide = _content_slide(prs, title)
        if session.date:
            _text(slide, 0.6, 1.4, 8, 0.4, [t("session.date", language, date=session.date)], size=14,
                  colour=_MUTED)
        if not chunk:
            _text(slide, 0.6, 2.0, 10, 0.6, [t("deck.no_actions", language)], size=20)
            slides.append(slide)
            continue
        widths = [2.9, 1.2, 4.3, 2.0, 1.733]
        shape = slide.shapes.add_table(len(chunk) + 1, 5, Inches(0.6), Inches(1.9), Inches(sum(widths)),
                                       Inches(0.45 * (len(chunk) + 1)))
        table = shape.table
        for c, w in enumerate(widths):
            table.columns[c].width = Inches(w)
        for c, head in enumerate(t("deck.actions_cols", language)):
            _cell(table.cell(0, c), head, bold=True, colour="FFFFFF", fill=_ACCENT)
        for r, row in enumerate(chunk, start=1):
            for c, value in enumerate(row):
                _cell(table.cell(r, c), value, fill="FFFFFF" if r % 2 else _TINT)
        slides.append(slide)
    return slides


def _cell(cell, text, *, bold=False, colour=_INK, fill="FFFFFF"):
    from pptx.util import Pt

    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    frame = cell.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = ""
    run = frame.paragraphs[0].add_run()
    run.text = str(text)
    run.font.size = Pt(13)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)


# ---------------------------------------------------------------------------------------------- entry

def build_deck(context, *, session=None):
    """The session deck as a ``pptx.Presentation`` (see :func:`write_deck`).

    Parameters
    ----------
    context : culturemap.export.formats.ExportContext
    session : culturemap.session.Session, optional
        By default read from ``DIR/session.yaml``.

    Returns
    -------
    pptx.presentation.Presentation
    """
    from pptx import Presentation
    from pptx.util import Inches

    from ..session import load_session, priority_marks

    language = context.language if context.language in LANGUAGES else "en"
    evidence, graph = context.evidence, context.graph
    if session is None:
        session = load_session(context.project, evidence.codebook, settings=evidence.settings)
    labels = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    kinds = {n: str(d.get("kind", "")) for n, d in graph.nodes(data=True)}
    mark_list = list(context.marks.marks) if context.marks is not None else []
    for m in mark_list:
        labels.setdefault(m.code, m.label)
    if evidence.codebook is not None:
        for code in evidence.codebook.codes:
            labels.setdefault(code.id, code.label_for(language))
    loops = list(context.loops.loops) if context.loops is not None else []
    priority = priority_marks(mark_list)

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    figures = t("deck.figures", language).format(interviews=len(evidence.interviews), groups=len(evidence.group_sizes()),
                                             codes=graph.number_of_nodes(), loops=len(loops))
    _title_slide(prs, context, language, figures)
    _method_slide(prs, language, len(evidence.interviews))
    if graph.number_of_nodes():
        _map_slide(prs, context, language)
    for loop in loops:
        _loop_slide(prs, context, loop, language, labels, kinds)
    priority_codes = {m.code for m in priority}
    for name in MARKS:
        items = [m for m in mark_list if m.mark == name]
        if items or name not in OPTIONAL_MARKS:
            _marks_slide(prs, items, name, language, evidence.settings, priority_codes)
    _validate_slide(prs, language, loops)
    for mark in priority:
        _brainstorm_slide(prs, mark, language, session)
    if session is not None:
        _actions_slides(prs, session, language, labels)
    for number, slide in enumerate(prs.slides, start=1):
        if number > 1:
            _footer(slide, language, number)
    _core_properties(prs, context.title or t("deck.subtitle", language))
    return prs


def _core_properties(prs, title: str) -> None:
    """File > Properties of the deck: our title and tool, the time of export (``SOURCE_DATE_EPOCH`` when set,
    for reproducible files), never the template's author, dates or "generated using python-pptx"."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit()
           else datetime.datetime.now(datetime.timezone.utc)).replace(microsecond=0, tzinfo=None)
    props = prs.core_properties
    props.title, props.subject, props.author, props.last_modified_by = title, "", "culturemap", "culturemap"
    props.comments, props.keywords, props.category, props.revision = "", "", "", 1
    props.created = props.modified = now


def write_deck(context, out_dir) -> list[Path]:
    """Write ``deck.pptx`` (16:9) for the group session into ``out_dir``.

    Parameters
    ----------
    context : culturemap.export.formats.ExportContext
        The analysed engagement (project, evidence, graph, loops, marks, language, title).
    out_dir : str or Path
        Output folder (created when missing).

    Returns
    -------
    list of Path
        ``[out_dir / "deck.pptx"]``.

    Raises
    ------
    ExportError
        E502 when Graphviz is missing (the map and loop pictures), E503 when the folder is not writable.
    """
    prs = build_deck(context)
    buffer = io.BytesIO()
    prs.save(buffer)
    path = Path(out_dir) / DECK_FILE
    write_export(path, buffer.getvalue())
    return [path]
