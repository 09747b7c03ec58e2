"""Metadata of a transcript: front matter, the sidecar ``<file>.yaml``/``.yml``, the interview id, the
language, and the fingerprint that tells a changed transcript (or changed metadata) from an unchanged one.

Keys: ``id`` (default: the file stem), ``name``, ``group``, ``role``, ``language``, ``date``, ``interviewer``
(one label or a list); other keys are kept under ``"extra"``. The front matter wins over the sidecar.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, InputError
from .base import byte_line, read_bytes

__all__ = [
    "SIDECAR_SUFFIXES", "METADATA_KEYS", "Meta", "sidecar_path", "fingerprint", "detect_language",
    "split_front_matter", "read_sidecar", "merge_metadata", "fingerprint_bytes", "detect", "language_value",
]

SIDECAR_SUFFIXES = (".yaml", ".yml")
METADATA_KEYS = ("id", "name", "group", "role", "language", "date", "interviewer")
_LANGUAGE_ALIASES = {
    "nl": "nl", "nld": "nl", "dut": "nl", "dutch": "nl", "nederlands": "nl", "vlaams": "nl",
    "nl-nl": "nl", "nl_nl": "nl", "nl-be": "nl", "nl_be": "nl",
    "en": "en", "eng": "en", "english": "en", "engels": "en",
    "en-gb": "en", "en_gb": "en", "en-us": "en", "en_us": "en",
}


# ---------------------------------------------------------------- sidecars and fingerprints

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
    data = read_bytes(path)
    side = sidecar_path(path)
    return fingerprint_bytes(data, read_bytes(side) if side is not None else b"")


def fingerprint_bytes(data: bytes, sidecar: bytes) -> str:
    """The fingerprint of a file's bytes and its sidecar's bytes (``b""`` without a sidecar)."""
    digest = hashlib.sha256(data)
    digest.update(sidecar)
    return digest.hexdigest()



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


def detect(text: str) -> str | None:
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
    return detect(text) or default


def language_value(value: str) -> str | None:
    return _LANGUAGE_ALIASES.get(" ".join(str(value).split()).lower())


# ---------------------------------------------------------------- metadata (front matter, sidecar)

def _yaml_load(text: str):
    """Bounded YAML (:mod:`culturemap.yamlfile`): (data, None) or (None, (line0, detail)) with a 0-based line
    (or None); ``detail`` says whether the syntax is wrong or the text is too large or too deeply nested."""
    from .. import yamlfile

    try:
        return yamlfile.load(text)[0], None
    except yamlfile.YAMLProblem as exc:
        detail = f"it cannot be read safely: {exc.detail}" if exc.limit else f"YAML syntax error: {exc.detail}"
        return None, (exc.line - 1 if exc.line is not None else None, detail)


def _key_line(lines: list[str], key: str, first_line: int) -> int | None:
    pattern = re.compile(r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*:", re.IGNORECASE)
    for i, line in enumerate(lines):
        if pattern.match(line):
            return first_line + i
    return None


@dataclass
class Meta:
    """Raw metadata of one source (front matter or sidecar) and where its keys are."""

    data: dict
    path: Path
    lines: list[str]
    first_line: int           # file line of lines[0]

    def line_of(self, key: str) -> int | None:
        return _key_line(self.lines, key, self.first_line)


def split_front_matter(text: str, path: Path) -> tuple[Meta | None, int, int]:
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
        raise InputError(Errors.E104, path=path, line=(line0 + 2) if line0 is not None else 1, detail=detail)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Errors.E104, path=path, line=2, detail=f"found {_kind(data)} instead")
    offset = min(len(text), sum(len(line) + 1 for line in lines[:i + 1]))
    return Meta(data, path, fm_lines, 2), offset, i + 2


def read_sidecar(path: Path) -> tuple[Meta | None, bytes]:
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
        raise InputError(Errors.E111, path=side, line=byte_line(data, exc.start),
                         detail="it is not UTF-8; save it as UTF-8") from None
    loaded, problem = _yaml_load(text)
    if problem is not None:
        line0, detail = problem
        raise InputError(Errors.E111, path=side, line=line0 + 1 if line0 is not None else None, detail=detail)
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InputError(Errors.E111, path=side, line=1, detail=f"found {_kind(loaded)} instead of 'key: value' lines")
    return Meta(loaded, side, text.split("\n"), 1), data


def _kind(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    return f"a single value ({type(value).__name__})"


def _scalar(value) -> bool:
    import datetime

    return isinstance(value, (str, int, float, bool, datetime.date))


def merge_metadata(sources: list[Meta], stem: str, path: Path) -> dict:
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
            lang = language_value(text)
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

