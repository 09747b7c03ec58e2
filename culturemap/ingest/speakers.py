"""Speaker turns: which ``Label:`` starts a turn, where a turn ends, and the rendering of cue/paragraph turns.

A turn is a paragraph ``Label: text`` (``**Label:** text`` too); it runs until the next label, heading or
rule. Text without a label (notes, bullets) becomes one segment per paragraph or bullet with speaker None.
"""
from __future__ import annotations

import re
from collections import Counter

from ..privacy.names import NAME_PARTICLES
from .base import Turn

__all__ = ["DEFAULT_INTERVIEWER", "interviewer_keys", "label_at", "label_shape", "not_a_label", "parse_turns",
           "render_turns"]

DEFAULT_INTERVIEWER = "Interviewer"

_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_RULE = re.compile(r"[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$")
_BULLET = re.compile(r"[ \t]*(?:[-*+\u2022\u2013\u00b7]|\d{1,3}[.)])(?:[ \t]+|$)")
_LABEL = re.compile(
    r"[ \t]{0,3}(?:(?P<b>\*\*|__)(?P<bl>[^\n:*_]{1,60}?)[ \t]*(?::(?P=b)|(?P=b)[ \t]*:)"
    r"|(?P<pl>[^\n:]{1,60}?)[ \t]*:)(?=[ \t]|$)"
)
_LABEL_WORD = re.compile(r"[^\W_][\w'\u2019\-]*\.?\Z")
# words that start a line with a colon but are not speakers
_NOT_LABELS = frozenset(x.strip() for x in """
dus, kortom, maar, en, want, ook, nb, n.b., let op, noot, note, notes, notitie, notities, opmerking, opmerkingen,
conclusie, conclusies, samenvatting, summary, conclusion, conclusions, voorbeeld, bijvoorbeeld, example, e.g.,
bv, tip, actie, acties, action, actions, doel, goal, datum, date, tijd, time, locatie, location, plaats,
onderwerp, subject, topic, thema, theme, quote, citaat, so, but, and, also, ps, p.s., todo, context, aanleiding,
achtergrond, background, resultaat, result, uitkomst, outcome, observatie, observaties, observation, inzicht,
inzichten, insight, insights, rol, role, afdeling, department, groep, group, functie, naam, name, deelnemers,
aanwezig, participants, waarom, why, hoe, how, wat, what, let wel, zie, see, bron, source, link, url, vraag aan,
een, eén, één, twee, drie, vier, vijf, zes, zeven, acht, negen, tien, eerste, tweede, derde, vierde, vijfde,
ten eerste, ten tweede, ten derde, ten vierde, tot slot, ten slotte, en tot slot, one, two, three, four, five, six,
seven, eight, nine, ten, first, second, third, fourth, fifth, firstly, secondly, thirdly, finally, lastly, plus,
min, pluspunt, pluspunten, minpunt, minpunten, voordeel, voordelen, nadeel, nadelen, advantage, disadvantage,
pros, cons, wel, niet, ja, nee, yes, no,
""".replace("\n", " ").split(",") if x.strip())
# enumerations such as "Stap 2:" or "Punt 3:" are not speakers either ("Respondent 2:" is)
_NOT_LABEL_FIRST_WORDS = frozenset("""
stap step punt point fase phase deel part optie option hoofdstuk chapter bijlage appendix stelling statement
actie action thema theme doel goal
""".split())


def label_shape(label: str) -> bool:
    """1-4 words, at most 40 characters, starts with a letter, no sentence punctuation."""
    if not label or len(label) > 40 or not label[0].isalpha():
        return False
    words = label.split()
    if not 1 <= len(words) <= 4:
        return False
    for word in words:
        if not _LABEL_WORD.match(word) or (word.endswith(".") and len(word) > 4):
            return False
    return True


def _name_like(label: str) -> bool:
    words = label.split()
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.casefold() in NAME_PARTICLES for w in words)


def label_at(line: str, interviewers: frozenset[str]) -> tuple[str, int] | None:
    """(label, column where the turn's text starts) when ``line`` starts with a speaker label."""
    m = _LABEL.match(line)
    if not m:
        return None
    label = " ".join((m.group("bl") or m.group("pl") or "").split())
    if not label:
        return None
    if not (label_shape(label) or label.casefold() in interviewers):
        return None
    col = m.end()
    while col < len(line) and line[col] in " \t":
        col += 1
    return label, col


def not_a_label(label: str) -> bool:
    key = label.casefold()
    return key in _NOT_LABELS or key.split()[0] in _NOT_LABEL_FIRST_WORDS


def _accepted_labels(candidates: dict[int, tuple[str, bool]], interviewers: frozenset[str]) -> set[str]:
    """Casefolded labels taken as speakers.

    ``candidates`` maps a line index to (label, the line starts a paragraph). Taken are: the interviewer's
    labels; labels used at least twice; name-like labels ("Anna", "Anna de Vries") that start a paragraph
    or follow a line with a taken label. Never taken: discourse words and enumerations ("Kortom:",
    "Twee:", "Stap 2:"), so "Drie dingen:\nEén: ...\nTwee: ..." stays one turn.

    >>> sorted(_accepted_labels({0: ("Int", True), 1: ("Piet", False), 3: ("Mijn baas zei", True),
    ...                          5: ("Twee", True), 7: ("Anna", False), 9: ("Sanne", True)},
    ...                         frozenset({"int", "interviewer"})))
    ['int', 'piet', 'sanne']
    """
    counts = Counter(label.casefold() for label, _ in candidates.values())
    accepted = set()
    for label, at_start in candidates.values():
        key = label.casefold()
        if key in interviewers:
            accepted.add(key)
        elif not not_a_label(label) and (counts[key] >= 2 or (at_start and _name_like(label))):
            accepted.add(key)
    changed = True
    while changed:      # a name-like label right after a speaker's line is a speaker too
        changed = False
        for idx, (label, _) in candidates.items():
            key = label.casefold()
            if key in accepted or not_a_label(label) or not _name_like(label):
                continue
            before = candidates.get(idx - 1)
            if before is not None and before[0].casefold() in accepted:
                accepted.add(key)
                changed = True
    return accepted


def parse_turns(text: str, start: int, interviewers: frozenset[str], first_line: int = 0) -> tuple[list[Turn], list[str]]:
    r"""Turns and note paragraphs of ``text[start:]`` and the speaker labels in order of appearance.

    Offsets point into ``text``; a turn's ``line`` is ``first_line`` plus its line index in ``text[start:]``.

    >>> turns, speakers = parse_turns("Interviewer: Hoe gaat het?\nPiet: Goed.\n", 0, frozenset({"interviewer"}), 1)
    >>> [(t.speaker, t.start, t.end, t.line) for t in turns], speakers
    ([('Interviewer', 13, 26, 1), ('Piet', 33, 38, 2)], ['Interviewer', 'Piet'])
    """
    lines = text[start:].split("\n")
    positions = []
    pos = start
    for line in lines:
        positions.append(pos)
        pos += len(line) + 1
    candidates: dict[int, tuple[str, int]] = {}
    starts: dict[int, tuple[str, bool]] = {}
    for idx, line in enumerate(lines):
        if ":" in line and not _HEADING.match(line) and not _RULE.match(line):
            found = label_at(line, interviewers)
            if found:
                candidates[idx] = found
                before = lines[idx - 1] if idx else ""
                starts[idx] = (found[0], not before.strip() or bool(_HEADING.match(before) or _RULE.match(before)))
    accepted = _accepted_labels(starts, interviewers)

    raws: list[Turn] = []
    speakers: list[str] = []
    cur: dict | None = None

    def close():
        nonlocal cur
        if cur is not None and cur["start"] is not None:
            raws.append(Turn(cur["speaker"], cur["start"], cur["end"], cur["line"] + first_line))
        cur = None

    def extend(pos: int, line: str, lead: int = 0):
        body = line[lead:]
        if not body.strip():
            return
        if cur["start"] is None:
            cur["start"] = pos + lead + (len(body) - len(body.lstrip()))
        cur["end"] = pos + len(line.rstrip())

    for idx, line in enumerate(lines):
        pos = positions[idx]
        if not line.strip():
            if cur is not None and cur["kind"] != "turn":
                close()
            continue
        if _HEADING.match(line) or _RULE.match(line):
            close()
            continue
        found = candidates.get(idx)
        if found and found[0].casefold() in accepted:
            close()
            label, col = found
            if label not in speakers:
                speakers.append(label)
            cur = {"kind": "turn", "speaker": label, "start": None, "end": None, "line": idx}
            extend(pos, line, col)
            continue
        if cur is not None and cur["kind"] == "turn":
            extend(pos, line)
            continue
        bullet = _BULLET.match(line)
        if bullet:
            close()
            cur = {"kind": "bullet", "speaker": None, "start": None, "end": None, "line": idx}
            extend(pos, line, bullet.end())
            continue
        if cur is None:
            cur = {"kind": "para", "speaker": None, "start": None, "end": None, "line": idx}
        extend(pos, line)
    close()
    return raws, speakers


def interviewer_keys(labels: list[str]) -> frozenset[str]:
    """Casefolded interviewer labels: ``labels`` and always ``interviewer``."""
    return frozenset({DEFAULT_INTERVIEWER.casefold(), *(label.casefold() for label in labels)})


def render_turns(turns: list[tuple[str | None, str, int]]) -> tuple[str, list[Turn]]:
    r"""(speaker, words, line) turns as one ``Label: text`` (or plain) paragraph each, joined by a blank line.

    >>> text, turns = render_turns([("Interviewer", "Vraag?", 2), (None, "Notitie.", 5)])
    >>> text, [(t.speaker, text[t.start:t.end], t.line) for t in turns]
    ('Interviewer: Vraag?\n\nNotitie.', [('Interviewer', 'Vraag?', 2), (None, 'Notitie.', 5)])
    """
    parts: list[str] = []
    raws: list[Turn] = []
    pos = 0
    for speaker, content, line in turns:
        if parts:
            pos += 2
        prefix = f"{speaker}: " if speaker else ""
        parts.append(prefix + content)
        raws.append(Turn(speaker, pos + len(prefix), pos + len(prefix) + len(content), line))
        pos += len(prefix) + len(content)
    return "\n\n".join(parts), raws

