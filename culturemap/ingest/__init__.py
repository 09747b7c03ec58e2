"""Ingest: transcript files in the engagement folder become :class:`~culturemap.models.Transcript` values.

Formats
-------
``.md`` / ``.txt``
    Optional YAML front matter between ``---`` lines at the very top. ``Transcript.text`` is the whole file
    as read (decoded, universal newlines, front matter included); segment offsets point into it.
``.docx``
    Paragraphs in body order, tables included (cell by cell, row by row, where they stand), manual line
    breaks as ``"\\n"``. ``text`` is a rendering: one ``Label: text`` paragraph per turn (or a plain
    paragraph for unlabelled text), joined by a blank line. ``Segment.line`` is the paragraph number.
``.vtt`` / ``.srt``
    Cues with a Teams voice (``<v Anna>``) or a ``Name: `` prefix; consecutive cues of one speaker are one
    turn (cue texts joined with a space); a cue without a speaker continues the turn before it. ``text`` is
    rendered as for ``.docx``; ``Segment.line`` is the line of the first cue's timing line.

Speaker turns are paragraphs ``Label: text`` (``**Label:** text`` too); a turn runs until the next label,
heading or rule. Text without a label (notes, bullets) becomes one segment per paragraph or bullet with
speaker ``""``: it is coded as the interviewee's words. Turns of the interviewer (the ``interviewer:`` label,
and always ``Interviewer``) get ``is_interviewer=True`` and are never coded.

Metadata comes from the front matter and from a sidecar ``<file>.yaml`` (the front matter wins):
``id`` (default: the file stem), ``name``, ``group``, ``role``, ``language``, ``date``, ``interviewer``;
other keys are kept in ``Transcript.meta``. Warnings (e.g. a file read as cp1252) are in
``Transcript.meta["warnings"]`` as :class:`~culturemap.errors.Issue` objects.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, InputError, Issue, ProjectError, Warnings
from ..models import Segment, Transcript
from ..privacy.names import NAME_PARTICLES

__all__ = [
    "TRANSCRIPT_SUFFIXES", "SIDECAR_SUFFIXES", "discover", "read_transcript", "load_transcripts",
    "detect_language", "fingerprint", "sidecar_path",
]

TRANSCRIPT_SUFFIXES = (".md", ".txt", ".docx", ".vtt", ".srt")
SIDECAR_SUFFIXES = (".yaml", ".yml")
METADATA_KEYS = ("id", "name", "group", "role", "language", "date", "interviewer")
_IGNORED_NAMES = frozenset({"culturemap.yaml", "codebook.yaml", "session.yaml", "links.csv"})
_LANGUAGE_ALIASES = {
    "nl": "nl", "nld": "nl", "dut": "nl", "dutch": "nl", "nederlands": "nl", "vlaams": "nl",
    "nl-nl": "nl", "nl_nl": "nl", "nl-be": "nl", "nl_be": "nl",
    "en": "en", "eng": "en", "english": "en", "engels": "en",
    "en-gb": "en", "en_gb": "en", "en-us": "en", "en_us": "en",
}
_DEFAULT_INTERVIEWER = "Interviewer"


# ---------------------------------------------------------------- discovery and fingerprints

def discover(directory: Path) -> list[Path]:
    """Transcript files directly in ``directory``, sorted by name.

    Parameters
    ----------
    directory : Path
        The engagement folder.

    Returns
    -------
    list of Path
        Files whose suffix is one of :data:`TRANSCRIPT_SUFFIXES` (any case). Settings, codebook, session,
        ``links.csv``, sidecars, ``README*``, hidden files, Word lock files (``~$...``) and sub-folders are
        ignored.

    Raises
    ------
    ProjectError
        E001 when the folder does not exist, E002 when it is not a folder.
    """
    directory = Path(directory)
    if not directory.exists():
        raise ProjectError(Errors.E001, path=directory, dir=directory)
    if not directory.is_dir():
        raise ProjectError(Errors.E002, path=directory)
    found = []
    for path in directory.iterdir():
        name = path.name
        if (name.startswith((".", "~$")) or name.endswith("~") or name.lower() in _IGNORED_NAMES
                or name.lower().startswith("readme")):
            continue
        if path.suffix.lower() not in TRANSCRIPT_SUFFIXES:
            continue
        try:
            if not path.is_file():
                continue
        except OSError:
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.name)


def sidecar_path(path: Path) -> Path | None:
    """The metadata sidecar of a transcript.

    Parameters
    ----------
    path : Path
        A transcript file, e.g. ``kc-07.vtt``.

    Returns
    -------
    Path or None
        ``kc-07.vtt.yaml`` (or ``kc-07.vtt.yml``) when it exists, else None.
    """
    path = Path(path)
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def fingerprint(path: Path) -> str:
    """sha256 (hex) of the file's bytes followed by its sidecar's bytes (when there is a sidecar).

    Without a sidecar this is simply the sha256 of the file, so a changed transcript or changed
    metadata both give a new fingerprint.

    Raises
    ------
    InputError
        E114 when the file cannot be read.
    """
    path = Path(path)
    data = _read_bytes(path)
    side = sidecar_path(path)
    return _fingerprint(data, _read_bytes(side) if side is not None else b"")


def _fingerprint(data: bytes, sidecar: bytes) -> str:
    digest = hashlib.sha256(data)
    digest.update(sidecar)
    return digest.hexdigest()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(Errors.E114, path=path, detail=exc.strerror or str(exc)) from None


# ---------------------------------------------------------------- language

_NL_WORDS = frozenset("""
de het een en van ik je jij dat die niet op zijn er maar met voor ook als dan naar bij nog wel geen wij ze zij
hij wordt worden heeft hebben hebt heb ben kunnen moet moeten omdat want echt gewoon altijd nooit heel veel meer
wat hoe waar zo dus daar hier mijn onze ons jullie zou zouden kan toch eigenlijk gaat gaan doen weet niks niets
iets klant klanten wie uit tegen zelf elkaar alles iedereen soms vaak wanneer welke deze dit mee om aan tot nu
al zich hun hem haar mensen waren werd zoals men omdat daardoor waardoor zodat terwijl misschien natuurlijk
""".split())
_EN_WORDS = frozenset("""
the and to a that it you not with for but they this on are be have has what so if just our do don't can would
there because always never customer customers very really about when it's we're i'm they're from at by an or
will their them been were which who how think know people all more get got like than then out up no yes my your
he she his her him us should could only every some other also does did doesn't didn't can't won't isn't
""".split())
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _detect(text: str) -> str | None:
    nl = en = 0
    for word in _WORD_RE.findall(text.lower().replace("\u2019", "'")):
        if word in _NL_WORDS:
            nl += 1
        if word in _EN_WORDS:
            en += 1
    if nl >= 3 and nl > 1.5 * en:
        return "nl"
    if en >= 3 and en > 1.5 * nl:
        return "en"
    return None


def detect_language(text: str, default: str) -> str:
    """Guess whether ``text`` is Dutch or English from stop-word counts.

    Parameters
    ----------
    text : str
        Any text.
    default : str
        Returned when the text has too few stop words or both languages score alike.

    Returns
    -------
    str
        ``"nl"``, ``"en"`` or ``default``.

    Examples
    --------
    >>> detect_language("Wij helpen elkaar altijd, maar de klant staat niet centraal.", "en")
    'nl'
    >>> detect_language("We always help each other, but the customer is not at the centre.", "nl")
    'en'
    >>> detect_language("OK, 12:30.", "nl")
    'nl'
    """
    return _detect(text) or default


def _language_value(value: str) -> str | None:
    return _LANGUAGE_ALIASES.get(" ".join(str(value).split()).lower())


# ---------------------------------------------------------------- decoding

def _decode(data: bytes, path: Path) -> tuple[str, list[Issue]]:
    """Bytes -> text with universal newlines; not-UTF-8 text falls back to cp1252/latin-1 with a warning."""
    warnings: list[Issue] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(Errors.E102, path=path, line=_byte_line(data, exc.start)) from None
        warnings.append(Issue(Warnings.W101, path=path, encoding="UTF-16"))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = _byte_line(data, exc.start)
            if b"\x00" in data:
                raise InputError(Errors.E102, path=path, line=line) from None
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
            if _looks_binary(text):
                raise InputError(Errors.E102, path=path, line=line) from None
            warnings.append(Issue(Warnings.W101, path=path, line=line, encoding=encoding))
    if "\x00" in text:
        raise InputError(Errors.E102, path=path, line=text.count("\n", 0, text.index("\x00")) + 1)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def _byte_line(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
    return controls > max(2, len(text) // 50)


# ---------------------------------------------------------------- metadata (front matter, sidecar)

def _yaml_load(text: str):
    """``yaml.safe_load``; returns (data, None) or (None, (line0, detail)) with a 0-based line (or None)."""
    import yaml

    try:
        return yaml.safe_load(text), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, (mark.line if mark is not None else None, str(detail).strip())
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:   # e.g. 'date: 2024-02-30'
        return None, (None, str(exc) or type(exc).__name__)


def _key_line(lines: list[str], key: str, first_line: int) -> int | None:
    pattern = re.compile(r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*:", re.IGNORECASE)
    for i, line in enumerate(lines):
        if pattern.match(line):
            return first_line + i
    return None


@dataclass
class _Meta:
    """Raw metadata of one source (front matter or sidecar) and where its keys are."""

    data: dict
    path: Path
    lines: list[str]
    first_line: int           # file line of lines[0]

    def line_of(self, key: str) -> int | None:
        return _key_line(self.lines, key, self.first_line)


def _split_front_matter(text: str, path: Path) -> tuple[_Meta | None, int, int]:
    """(front matter, body offset, body line). Raises E103/E104."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, 0, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            break
    else:
        raise InputError(Errors.E103, path=path, line=1)
    fm_lines = lines[1:i]
    data, problem = _yaml_load("\n".join(fm_lines))
    if problem is not None:
        line0, detail = problem
        raise InputError(Errors.E104, path=path, line=(line0 + 2) if line0 is not None else 1,
                         detail=f"YAML syntax error: {detail}")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Errors.E104, path=path, line=2, detail=f"found {_kind(data)} instead")
    offset = min(len(text), sum(len(line) + 1 for line in lines[:i + 1]))
    return _Meta(data, path, fm_lines, 2), offset, i + 2


def _read_sidecar(path: Path) -> tuple[_Meta | None, bytes]:
    side = sidecar_path(path)
    if side is None:
        return None, b""
    try:
        data = side.read_bytes()
    except OSError as exc:
        raise InputError(Errors.E111, path=side, detail=exc.strerror or str(exc)) from None
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise InputError(Errors.E111, path=side, line=_byte_line(data, exc.start),
                         detail="it is not UTF-8; save it as UTF-8") from None
    loaded, problem = _yaml_load(text)
    if problem is not None:
        line0, detail = problem
        raise InputError(Errors.E111, path=side, line=line0 + 1 if line0 is not None else None,
                         detail=f"YAML syntax error: {detail}")
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InputError(Errors.E111, path=side, line=1, detail=f"found {_kind(loaded)} instead of 'key: value' lines")
    return _Meta(loaded, side, text.split("\n"), 1), data


def _kind(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    return f"a single value ({type(value).__name__})"


def _scalar(value) -> bool:
    import datetime

    return isinstance(value, (str, int, float, bool, datetime.date))


def _merge_metadata(sources: list[_Meta], stem: str, path: Path) -> dict:
    """Known keys normalised (later sources win), unknown keys under "extra"."""
    merged: dict = {}
    where: dict = {}
    for meta in sources:
        for key, value in meta.data.items():
            merged[str(key)] = value
            where[str(key)] = meta
    out: dict = {"extra": {}}
    for key, value in merged.items():
        norm = key.strip().lower()
        if norm not in METADATA_KEYS:
            out["extra"][key] = value
            continue
        meta = where[key]
        line = meta.line_of(key)
        if value is None:
            continue
        if norm == "interviewer" and isinstance(value, list) and value and all(_scalar(v) for v in value):
            labels = [" ".join(str(v).split()) for v in value if str(v).strip()]
            if labels:
                out["interviewer"] = labels
            continue
        if not _scalar(value):
            raise InputError(Errors.E115, path=meta.path, line=line, key=norm,
                             expected="a single value", value=value)
        text = " ".join(str(value).split())
        if not text:
            continue
        if norm == "language":
            lang = _language_value(text)
            if lang is None:
                raise InputError(Errors.E110, path=meta.path, line=line, language=text)
            out["language"] = lang
        elif norm == "interviewer":
            out["interviewer"] = [text]
        elif norm == "id":
            out["id"] = str(value).strip()
            out["id_source"] = (meta.path, line)
        else:
            out[norm] = text
    interview_id = out.get("id", stem)
    problem = _id_problem(interview_id)
    if problem:
        src_path, src_line = out.get("id_source", (path, None))
        raise InputError(Errors.E113, path=src_path, line=src_line, id=interview_id, detail=problem)
    out["id"] = interview_id
    return out


_BAD_ID_CHARS = re.compile(r"[/\\<>:\"|?*\x00-\x1f\x7f]")


def _id_problem(interview_id: str) -> str:
    if not interview_id:
        return "it is empty"
    if len(interview_id) > 100:
        return "it is longer than 100 characters"
    if interview_id.startswith(".") or interview_id != interview_id.strip():
        return "it may not start with a dot or a space"
    bad = _BAD_ID_CHARS.search(interview_id)
    if bad:
        return f"it contains {bad.group(0)!r}, which cannot be part of a file name"
    return ""


# ---------------------------------------------------------------- speaker labels and the body parser

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


def _label_shape(label: str) -> bool:
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


def _label_at(line: str, interviewers: frozenset[str]) -> tuple[str, int] | None:
    """(label, column where the turn's text starts) when ``line`` starts with a speaker label."""
    m = _LABEL.match(line)
    if not m:
        return None
    label = " ".join((m.group("bl") or m.group("pl") or "").split())
    if not label:
        return None
    if not (_label_shape(label) or label.casefold() in interviewers):
        return None
    col = m.end()
    while col < len(line) and line[col] in " \t":
        col += 1
    return label, col


def _not_a_label(label: str) -> bool:
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
        elif not _not_a_label(label) and (counts[key] >= 2 or (at_start and _name_like(label))):
            accepted.add(key)
    changed = True
    while changed:      # a name-like label right after a speaker's line is a speaker too
        changed = False
        for idx, (label, _) in candidates.items():
            key = label.casefold()
            if key in accepted or _not_a_label(label) or not _name_like(label):
                continue
            before = candidates.get(idx - 1)
            if before is not None and before[0].casefold() in accepted:
                accepted.add(key)
                changed = True
    return accepted


@dataclass
class _Raw:
    speaker: str | None     # None: text without a label
    start: int
    end: int
    line: int               # index into the parsed lines (0-based)


def _parse_body(text: str, start: int, interviewers: frozenset[str]) -> tuple[list[_Raw], list[str]]:
    """Turns and note paragraphs of ``text[start:]``; offsets into ``text``, lines relative to ``start``."""
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
            found = _label_at(line, interviewers)
            if found:
                candidates[idx] = found
                before = lines[idx - 1] if idx else ""
                starts[idx] = (found[0], not before.strip() or bool(_HEADING.match(before) or _RULE.match(before)))
    accepted = _accepted_labels(starts, interviewers)

    raws: list[_Raw] = []
    speakers: list[str] = []
    cur: dict | None = None

    def close():
        nonlocal cur
        if cur is not None and cur["start"] is not None:
            raws.append(_Raw(cur["speaker"], cur["start"], cur["end"], cur["line"]))
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


def _interviewer_keys(labels: list[str]) -> frozenset[str]:
    return frozenset({_DEFAULT_INTERVIEWER.casefold(), *(label.casefold() for label in labels)})


def _render(turns: list[tuple[str | None, str, int]]) -> tuple[str, list[_Raw]]:
    """One ``Label: text`` (or plain) paragraph per turn, joined by a blank line."""
    parts: list[str] = []
    raws: list[_Raw] = []
    pos = 0
    for speaker, content, line in turns:
        if parts:
            pos += 2
        prefix = f"{speaker}: " if speaker else ""
        parts.append(prefix + content)
        raws.append(_Raw(speaker, pos + len(prefix), pos + len(prefix) + len(content), line))
        pos += len(prefix) + len(content)
    return "\n\n".join(parts), raws


_BLANK_LINES = re.compile(r"\n\s*\n")


# ---------------------------------------------------------------- .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP_IN_PARAGRAPH = frozenset({
    "pPr", "rPr", "del", "moveFrom", "delText", "instrText", "drawing", "pict", "object", "AlternateContent",
    "footnoteReference", "endnoteReference", "commentReference", "fldChar",
})


@dataclass
class _Para:
    text: str
    number: int
    heading: bool = False


def _docx_detail(data: bytes, exc: Exception) -> str:
    import zipfile

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is an old Word .doc file or is password-protected"
    if isinstance(exc, zipfile.BadZipFile) or not data.startswith(b"PK"):
        return "it is not a Word package; the file may be damaged or renamed"
    name = type(exc).__name__
    if name == "PackageNotFoundError":
        return "no Word document inside the package"
    message = " ".join(str(exc).split())[:80]
    return f"{name}: {message}" if message else name


def _docx_paragraph_text(p) -> str:
    out: list[str] = []

    def walk(el):
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag.rsplit("}", 1)[-1]
            if local in _SKIP_IN_PARAGRAPH:
                continue
            if local == "t":
                out.append(child.text or "")
            elif local in ("br", "cr"):
                out.append("\n")
            elif local == "tab":
                out.append("\t")
            elif local == "noBreakHyphen":
                out.append("-")
            elif local == "sym":
                out.append("")
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _docx_paragraphs(data: bytes, path: Path) -> list[_Para]:
    import io

    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        heading_styles = set()
        for style in document.styles:
            try:
                name = (style.name or "").lower()
                if name.startswith("heading") or name in ("title", "subtitle"):
                    heading_styles.add(style.style_id)
            except Exception:   # a damaged style entry: not a heading
                continue
    except Exception as exc:    # python-docx/lxml/zipfile raise many kinds on damaged files
        raise InputError(Errors.E105, path=path, detail=_docx_detail(data, exc)) from None

    paras: list[_Para] = []
    counter = [0]

    def paragraph(p) -> _Para:
        counter[0] += 1
        heading = False
        ppr = p.find(_W + "pPr")
        if ppr is not None:
            style = ppr.find(_W + "pStyle")
            if style is not None and style.get(_W + "val") in heading_styles:
                heading = True
        return _Para(_docx_paragraph_text(p), counter[0], heading)

    def blocks(el) -> list[_Para]:
        out: list[_Para] = []
        for child in el.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                out.append(paragraph(child))
            elif tag == _W + "tbl":
                out.extend(table(child))
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                out.extend(blocks(child))
        return out

    def children(el, name):
        for child in el.iterchildren():
            if child.tag == _W + name:
                yield child
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                yield from children(child, name)

    def table(tbl) -> list[_Para]:
        out: list[_Para] = []
        for tr in children(tbl, "tr"):
            cells = [[b for b in blocks(tc) if b.text.strip()] for tc in children(tr, "tc")]
            out.extend(_speaker_row(cells))
        return out

    try:
        paras = blocks(body)
    except Exception as exc:    # malformed XML inside an otherwise valid package
        raise InputError(Errors.E105, path=path, detail=_docx_detail(data, exc)) from None
    return paras


def _speaker_row(cells: list[list[_Para]]) -> list[_Para]:
    """A table row ``Speaker | text`` becomes ``Speaker: text``; other rows give their cells' paragraphs."""
    flat = [p for cell in cells for p in cell]
    if len(cells) >= 2 and len(cells[0]) == 1 and any(cells[1:]):
        label = " ".join(cells[0][0].text.split()).rstrip(":").strip()
        if _label_shape(label) and not _not_a_label(label):
            rest = [p for cell in cells[1:] for p in cell]
            first = rest[0]
            return [_Para(f"{label}: {first.text.strip()}", cells[0][0].number)] + rest[1:]
    return flat


def _docx_turns(paras: list[_Para], interviewers: frozenset[str]) -> tuple[list[tuple], list[str], list[int]]:
    pieces: list[str] = []
    line_numbers: list[int] = []       # line of the intermediate text -> paragraph number
    for para in paras:
        if not para.text.strip():
            continue
        text = "# " + " ".join(para.text.split()) if para.heading else para.text
        if pieces:
            pieces.append("")
            line_numbers.append(para.number)
        pieces.append(text)
        line_numbers.extend([para.number] * (text.count("\n") + 1))
    inter = "\n".join(pieces)
    raws, speakers = _parse_body(inter, 0, interviewers)
    turns = [(r.speaker, _BLANK_LINES.sub("\n", inter[r.start:r.end]), line_numbers[r.line]) for r in raws]
    return turns, speakers, line_numbers


# ---------------------------------------------------------------- .vtt / .srt

_VTT_TIMING = re.compile(r"\s*((?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3})\s*-->")
_SRT_TIMING = re.compile(r"\s*(\d+:\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?)\s*-->")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def _ms(stamp: str) -> int:
    clock, _, frac = stamp.strip().replace(",", ".").partition(".")
    hms = clock.split(":")
    total = 0
    for part in hms:
        total = total * 60 + int(part)
    return total * 1000 + int(frac.ljust(3, "0")[:3])


def _timing_lines(text: str, pattern) -> list[tuple[int, int]]:
    out = []
    for idx, line in enumerate(text.split("\n")):
        if "-->" in line:
            m = pattern.match(line)
            if m:
                try:
                    out.append((_ms(m.group(1)), idx + 1))
                except ValueError:
                    continue
    return out


def _align(starts: list[int], timings: list[tuple[int, int]]) -> list[int]:
    """Line of each cue's timing line: match cue start times to timing lines in order."""
    lines = []
    j = 0
    for n, start in enumerate(starts):
        for k in range(j, min(len(timings), j + 50)):
            if timings[k][0] == start:
                lines.append(timings[k][1])
                j = k + 1
                break
        else:
            lines.append(lines[-1] if lines else (timings[0][1] if timings else n + 1))
    return lines


def _clean_cue(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _cue_speaker(text: str, interviewers: frozenset[str]) -> tuple[str | None, str]:
    found = _label_at(text, interviewers)
    if found:
        label, col = found
        if label.casefold() in interviewers or not _not_a_label(label):
            return label, text[col:].strip()
    return None, text


def _merge_cues(cues: list[tuple[str | None, str, int]]) -> tuple[list[tuple], list[str]]:
    """Consecutive cues of one speaker -> one turn; a cue without a speaker continues the turn before."""
    turns: list[list] = []
    speakers: list[str] = []
    for speaker, text, line in cues:
        if speaker and speaker not in speakers:
            speakers.append(speaker)
        if not text:
            if speaker and (not turns or turns[-1][0] != speaker):
                turns.append([speaker, "", line])
            continue
        if turns and (speaker is None or speaker == turns[-1][0]):
            turns[-1][1] = f"{turns[-1][1]} {text}".strip()
        else:
            turns.append([speaker, text, line])
    return [tuple(t) for t in turns if t[1]], speakers


def _vtt_cues(text: str, path: Path, interviewers: frozenset[str]) -> list[tuple[str | None, str, int]]:
    try:
        import webvtt

        captions = list(webvtt.WebVTT.from_string(text).captions)
        raw = [(c.start, c.voice, c.text) for c in captions]
    except Exception as exc:    # webvtt raises MalformedFileError/MalformedCaptionError, and more on junk
        first = text.split("\n", 1)[0]
        if not first.startswith("WEBVTT"):
            raise InputError(Errors.E106, path=path, line=1, detail="the first line is not 'WEBVTT'") from None
        detail = " ".join(str(exc).split())[:100] or type(exc).__name__
        raise InputError(Errors.E106, path=path, detail=detail) from None
    if not raw:
        raise InputError(Errors.E106, path=path, detail="no cues found")
    lines = _align([_ms(start) for start, _, _ in raw], _timing_lines(text, _VTT_TIMING))
    cues = []
    for (_start, voice, body), line in zip(raw, lines):
        content = _clean_cue(body)
        speaker = " ".join(html.unescape(voice).split()) if voice else None
        if not speaker:
            speaker, content = _cue_speaker(content, interviewers)
        cues.append((speaker or None, content, line))
    return cues


def _srt_cues(text: str, path: Path, interviewers: frozenset[str]) -> list[tuple[str | None, str, int]]:
    import srt

    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        at = exc.expected_start
        while at < len(text) and text[at] in "\n \t":
            at += 1
        snippet = " ".join(str(exc.unmatched_content).split())[:40]
        raise InputError(Errors.E107, path=path, line=text.count("\n", 0, at) + 1,
                         detail=f"unexpected text {snippet!r}") from None
    except Exception as exc:    # srt raises plain ValueError/TypeError on some malformed timestamps
        detail = " ".join(str(exc).split())[:100] or type(exc).__name__
        raise InputError(Errors.E107, path=path, detail=detail) from None
    if not subs:
        raise InputError(Errors.E107, path=path, line=1, detail="no subtitles found")
    starts = [int(round(s.start.total_seconds() * 1000)) for s in subs]
    lines = _align(starts, _timing_lines(text, _SRT_TIMING))
    cues = []
    for sub, line in zip(subs, lines):
        speaker, content = _cue_speaker(_clean_cue(sub.content), interviewers)
        cues.append((speaker, content, line))
    return cues


# ---------------------------------------------------------------- reading one transcript

def read_transcript(path: Path, *, default_language: str = "nl") -> Transcript:
    """Read one transcript file (and its sidecar ``<file>.yaml``) into a :class:`Transcript`.

    Parameters
    ----------
    path : Path
        A ``.md``, ``.txt``, ``.docx``, ``.vtt`` or ``.srt`` file.
    default_language : str
        Used when neither the metadata nor :func:`detect_language` gives the language.

    Returns
    -------
    Transcript
        ``segments`` in file order; ``meta["warnings"]`` lists :class:`Issue` warnings (W101 not UTF-8,
        W103 language not detected); unknown metadata keys are kept in ``meta``.

    Raises
    ------
    InputError
        E101 empty, E102 not decodable, E103/E104 front matter, E105 bad .docx, E106 bad .vtt, E107 bad .srt,
        E110 unknown language, E111 bad sidecar, E112 unsupported type, E113 bad id, E114 unreadable,
        E115 a metadata key with a list/mapping value. Never any other exception.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise InputError(Errors.E112, path=path, suffix=path.suffix or path.name)
    if path.is_dir():
        raise InputError(Errors.E114, path=path, detail="it is a folder")
    data = _read_bytes(path)
    sidecar, sidecar_bytes = _read_sidecar(path)
    try:
        return _read(path, suffix, data, sidecar, sidecar_bytes, default_language)
    except RecursionError:
        raise InputError(Errors.E114, path=path, detail="it is nested too deeply to read") from None


def _read(path: Path, suffix: str, data: bytes, sidecar: _Meta | None, sidecar_bytes: bytes,
          default_language: str) -> Transcript:
    if not data.strip():
        raise InputError(Errors.E101, path=path)
    warnings: list[Issue] = []
    sources = [sidecar] if sidecar is not None else []

    if suffix == ".docx":
        meta = _merge_metadata(sources, path.stem, path)
        interviewers = _interviewer_keys(meta.get("interviewer", []))
        turns, speakers, _ = _docx_turns(_docx_paragraphs(data, path), interviewers)
        if not turns and not speakers:
            raise InputError(Errors.E101, path=path)
        text, raws = _render(turns)
    else:
        text, warnings = _decode(data, path)
        if not text.strip():
            raise InputError(Errors.E101, path=path)
        if suffix in (".md", ".txt"):
            front, body_offset, body_line = _split_front_matter(text, path)
            if front is not None:
                sources.append(front)
            meta = _merge_metadata(sources, path.stem, path)
            if not text[body_offset:].strip():
                raise InputError(Errors.E101, path=path, line=body_line)
            interviewers = _interviewer_keys(meta.get("interviewer", []))
            raws, speakers = _parse_body(text, body_offset, interviewers)
            for raw in raws:
                raw.line += body_line
        else:
            meta = _merge_metadata(sources, path.stem, path)
            interviewers = _interviewer_keys(meta.get("interviewer", []))
            cues = (_vtt_cues if suffix == ".vtt" else _srt_cues)(text, path, interviewers)
            turns, speakers = _merge_cues(cues)
            if not turns and not speakers:
                raise InputError(Errors.E101, path=path)
            text, raws = _render(turns)

    segments = tuple(
        Segment(speaker=r.speaker or "", start=r.start, end=r.end, line=r.line,
                is_interviewer=bool(r.speaker) and r.speaker.casefold() in interviewers)
        for r in raws
    )
    language = meta.get("language")
    if language is None:
        language = _detect(" ".join(text[s.start:s.end] for s in segments))
        if language is None:
            language = default_language
            warnings.append(Issue(Warnings.W103, path=path, language=default_language))
    interviewer_labels = meta.get("interviewer") or [_DEFAULT_INTERVIEWER]
    extra = dict(meta["extra"])
    if len(interviewer_labels) > 1:
        extra["interviewers"] = list(interviewer_labels)
    extra["warnings"] = warnings
    return Transcript(
        id=meta["id"], path=path, text=text, segments=segments, language=language,
        name=meta.get("name"), group=meta.get("group"), role=meta.get("role"), date=meta.get("date"),
        interviewer=interviewer_labels[0], fingerprint=_fingerprint(data, sidecar_bytes),
        speakers=tuple(speakers), meta=extra,
    )


# ---------------------------------------------------------------- the whole folder

def load_transcripts(directory: Path, *, default_language: str = "nl") -> tuple[tuple[Transcript, ...], tuple[Issue, ...]]:
    """Read every transcript in ``directory``; a bad file is reported, the others are still read.

    Parameters
    ----------
    directory : Path
        The engagement folder.
    default_language : str
        The project language (used when a transcript's language is neither given nor detected).

    Returns
    -------
    (transcripts, issues)
        Transcripts in file-name order. Issues in the same order: ``level="error"`` for a file that could
        not be read (its :class:`InputError` as an :class:`Issue`) and for a duplicate interview id (E108,
        the second file is skipped); ``level="warning"`` for the transcripts' warnings and for a transcript
        with nothing to code (E109).

    Raises
    ------
    ProjectError
        When ``directory`` does not exist or is not a folder.
    """
    transcripts: list[Transcript] = []
    issues: list[Issue] = []
    seen: dict[str, Transcript] = {}
    for path in discover(Path(directory)):
        try:
            transcript = read_transcript(path, default_language=default_language)
        except InputError as exc:
            issues.append(Issue(exc.template, level="error", path=exc.path, line=exc.line, **exc.fields))
            continue
        issues.extend(transcript.meta.get("warnings", ()))
        key = transcript.id.casefold()
        if key in seen:
            issues.append(Issue(Errors.E108, level="error", path=path, id=transcript.id, other=seen[key].path))
            continue
        seen[key] = transcript
        if not transcript.coded_segments():
            issues.append(Issue(Errors.E109, level="warning", path=path))
        transcripts.append(transcript)
    return tuple(transcripts), tuple(issues)
