"""Speaker turns: which line starts a turn, where a turn ends, whose turn is the interviewer's, and the
rendering of cue/paragraph turns.

The layouts real transcripts come in:

- ``Label: text`` (``**Label:** text`` too), or ``Label:`` alone with the words on the next lines;
- ``[ELICITOR] Name:`` / ``[RESPONDENT] Name:`` (oral histories): a known role in brackets, the name is the
  label, ELICITOR (INTERVIEWER, MODERATOR) is the interviewer;
- ``Name   0:03`` as Teams writes Word transcripts: the name, two or more spaces (or a tab), a timestamp,
  the words on the next lines (taken when a name has two such lines, or it is the interviewer's);
- ``Q:``/``A:``, ``I:``/``R:``, ``V:``/``A:``: Q, I and V are the interviewer, as are ``Interviewer``
  (``Interviewer 2``), ``Interviewster`` and every label in the metadata's ``interviewer:``.

A turn runs until the next label, heading or rule; an interviewer's turn also ends at a blank line after
its words, and the unlabelled paragraphs below it are the answer: a turn of the file's one interviewee
label, or of ``Respondent`` when there is none or more than one. Other text without a label (notes,
bullets) becomes one segment per paragraph or bullet with speaker None.
"""
from __future__ import annotations

import re
from collections import Counter

from ..privacy.names import NAME_PARTICLES
from .base import Reading, Turn

__all__ = ["DEFAULT_INTERVIEWER", "RESPONDENT", "interviewer_keys", "is_interviewer_label", "label_at", "label_shape",
           "not_a_label", "parse_turns", "render_turns"]

DEFAULT_INTERVIEWER = "Interviewer"
RESPONDENT = "Respondent"       # the interviewee of answers written without a label (and no single interviewee)
# labels that are always the interviewer's: Interviewer (1, 2...), Interviewster, Elicitor; Q (question),
# I (interviewer), V (vraag) as in Q:/A:, I:/R:, V:/A: transcripts
_INTERVIEWER_LABEL = re.compile(r"(?:interviewers?|interviewster|elicitor)(?: \d{1,2})?|[qiv]", re.IGNORECASE)
# "[ELICITOR] Stephanie Reynolds:" / "[RESPONDENT] Bill Seibert:" (a known role in brackets, a name, a colon)
_ROLE_LABEL = re.compile(r"[ \t]{0,3}\[(?P<role>[^\W\d_][^\W\d_ ]{0,19}(?: [^\W\d_]{1,20})?)\][ \t]*"
                         r"(?P<name>[^\n:\[\]]{0,60}?)[ \t]*:(?=[ \t]|$)")
_INTERVIEWER_ROLES = frozenset({"elicitor", "interviewer", "interviewster", "moderator", "q", "i", "v"})
_OTHER_ROLES = frozenset({"respondent", "interviewee", "narrator", "participant", "speaker", "geïnterviewde",
                          "deelnemer", "spreker"})
# "Anna de Vries   0:03" as Teams writes Word transcripts: a name, spaces, a timestamp, the words below
_STAMP_LABEL = re.compile(r"[ \t]{0,3}(?P<name>[^\W\d_][^\n:]{0,59}?)(?: {2,}|[ ]*\t[ \t]*)"
                          r"[(\[]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[)\]]?[ \t]*$")

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
        if is_interviewer_label(label, interviewers):
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


def _layout_label(line: str, interviewers: frozenset[str]) -> tuple[str, int, str | None] | None:
    """(label, column where the words start, role) for a line that starts a turn in one of the layouts.

    ``Label: words`` (role None); ``[ROLE] Name:`` (role "interviewer" or "other", the name is the label,
    the role when there is no name); ``Name   0:03`` alone on its line (role "stamp", the words are on the
    next lines; two or more spaces or a tab before the timestamp, so "Om 9:30" is not a speaker).
    """
    m = _ROLE_LABEL.match(line)
    if m:
        role = " ".join(m.group("role").split())
        name = " ".join(m.group("name").split())
        known = role.casefold() in _INTERVIEWER_ROLES or role.casefold() in _OTHER_ROLES
        if known and (not name or (label_shape(name) and not not_a_label(name))):
            col = m.end()
            while col < len(line) and line[col] in " \t":
                col += 1
            return name or role, col, "interviewer" if role.casefold() in _INTERVIEWER_ROLES else "other"
    found = label_at(line, interviewers)
    if found:
        return found[0], found[1], None
    m = _STAMP_LABEL.match(line)
    if m:
        name = " ".join(m.group("name").split())
        if (label_shape(name) and _name_like(name) and not not_a_label(name)) or name.casefold() in interviewers:
            return name, len(line), "stamp"
    return None


def parse_turns(text: str, start: int, interviewers: frozenset[str], first_line: int = 0) -> Reading:
    r"""Turns and note paragraphs of ``text[start:]``, the speaker labels in order, the interviewer's labels.

    Offsets point into ``text``; a turn's ``line`` is ``first_line`` plus its line index in ``text[start:]``.
    ``Reading.interviewers`` holds the labels the layout itself gives to the interviewer (``[ELICITOR] Name:``).

    An interviewer turn ends at a blank line after its words: an unlabelled paragraph after it is the
    answer, a turn of the file's one interviewee label (or of ``Respondent`` when there is none or several).

    >>> r = parse_turns("Interviewer: Hoe gaat het?\nPiet: Goed.\n", 0, frozenset({"interviewer"}), 1)
    >>> [(t.speaker, t.start, t.end, t.line) for t in r.turns], r.speakers
    ([('Interviewer', 13, 26, 1), ('Piet', 33, 38, 2)], ('Interviewer', 'Piet'))
    >>> r = parse_turns("Interviewer: Hoe gaat het?\n\nGoed, dank je.\n", 0, frozenset({"interviewer"}))
    >>> [(t.speaker, r.text[t.start:t.end]) for t in r.turns]
    [('Interviewer', 'Hoe gaat het?'), ('Respondent', 'Goed, dank je.')]
    """
    lines = text[start:].split("\n")
    positions = []
    pos = start
    for line in lines:
        positions.append(pos)
        pos += len(line) + 1
    candidates: dict[int, tuple[str, int, str | None]] = {}
    starts: dict[int, tuple[str, bool]] = {}
    for idx, line in enumerate(lines):
        if ":" in line and not _HEADING.match(line) and not _RULE.match(line):
            found = _layout_label(line, interviewers)
            if found:
                candidates[idx] = found
                if found[2] is None:
                    before = lines[idx - 1] if idx else ""
                    at_start = not before.strip() or bool(_HEADING.match(before) or _RULE.match(before))
                    starts[idx] = (found[0], at_start)
    role_interviewers = frozenset(c[0].casefold() for c in candidates.values() if c[2] == "interviewer")
    interviewers = interviewers | role_interviewers
    stamped = Counter(c[0].casefold() for c in candidates.values() if c[2] == "stamp")
    if not any(n >= 2 or is_interviewer_label(key, interviewers) for key, n in stamped.items()):
        stamped.clear()     # one "Name  0:03" line is no Teams layout; two of a name (or the interviewer's) are
    accepted = (_accepted_labels(starts, interviewers) | set(stamped)
                | {c[0].casefold() for c in candidates.values() if c[2] in ("interviewer", "other")})
    interviewees = {c[0].casefold(): c[0] for c in candidates.values()
                    if c[0].casefold() in accepted and not is_interviewer_label(c[0], interviewers)}
    respondent = next(iter(interviewees.values())) if len(interviewees) == 1 else RESPONDENT

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
        assert cur is not None, "extend() follows start()"
        if cur["start"] is None:
            cur["start"] = pos + lead + (len(body) - len(body.lstrip()))
        cur["end"] = pos + len(line.rstrip())
        cur["blank"] = False

    for idx, line in enumerate(lines):
        pos = positions[idx]
        if not line.strip():
            if cur is not None and cur["kind"] != "turn":
                close()
            elif cur is not None:
                cur["blank"] = True
            continue
        if _HEADING.match(line) or _RULE.match(line):
            close()
            continue
        found = candidates.get(idx)
        if found and found[0].casefold() in accepted:
            close()
            label, col, _ = found
            if label not in speakers:
                speakers.append(label)
            cur = {"kind": "turn", "speaker": label, "start": None, "end": None, "line": idx, "blank": False}
            extend(pos, line, col)
            continue
        if (cur is not None and cur["kind"] == "turn" and cur["blank"] and cur["start"] is not None
                and is_interviewer_label(cur["speaker"], interviewers)):
            close()     # the answer to the interviewer's question, written without a label
            cur = {"kind": "turn", "speaker": respondent, "start": None, "end": None, "line": idx, "blank": False}
            extend(pos, line)
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
    return Reading(text, tuple(raws), tuple(speakers), role_interviewers)


def interviewer_keys(labels: list[str]) -> frozenset[str]:
    """Casefolded interviewer labels: ``labels`` and always ``interviewer``."""
    return frozenset({DEFAULT_INTERVIEWER.casefold(), *(label.casefold() for label in labels)})


def is_interviewer_label(label: str | None, interviewers: frozenset[str]) -> bool:
    """Whether turns of ``label`` are the interviewer's: a listed label, or one that always is.

    >>> [is_interviewer_label(x, frozenset({"int"})) for x in ("INT", "Interviewer 2", "Interviewster", "Q", "V",
    ...                                                          "A", "R", "Anna", "", None)]
    [True, True, True, True, True, False, False, False, False, False]
    """
    if not label:
        return False
    return label.casefold() in interviewers or bool(_INTERVIEWER_LABEL.fullmatch(" ".join(label.split())))


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

