"""The engagement folder: settings (culturemap.yaml), layout, and the evidence the analysis may see.

An engagement folder ``DIR`` holds::

    DIR/culturemap.yaml     settings (Settings)
    DIR/codebook.yaml       the codebook
    DIR/*.md|.txt|.docx|.vtt|.srt (+ optional sidecar <file>.yaml)   transcripts
    DIR/links.csv           optional hand-drawn links (cause,effect,sign[,note])
    DIR/session.yaml        optional outcome of the group session
    DIR/codings/<id>.json   review state per transcript; DIR/codings/log.jsonl the decision log

:func:`load_evidence` is the privacy boundary: everything downstream of it (graph, loops, marks, export,
report) sees interviews only under a pseudonym and quotes only redacted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import yamlfile
from .errors import Errors, ProjectError
from .i18n import LANGUAGES

if TYPE_CHECKING:
    from .models import Codebook, Link, Tag

__all__ = [
    "Settings", "Project", "Interview", "Evidence", "SETTINGS_FILE", "CODEBOOK_FILE", "CODINGS_DIR",
    "LINKS_FILE", "SESSION_FILE", "open_project", "load_settings", "init_project", "read_yaml",
]

SETTINGS_FILE = "culturemap.yaml"
CODEBOOK_FILE = "codebook.yaml"
CODINGS_DIR = "codings"
LINKS_FILE = "links.csv"
SESSION_FILE = "session.yaml"


@dataclass(frozen=True)
class Settings:
    language: str = "nl"                 # project default language and output language
    title: str = ""                      # title on diagrams, report and deck
    organisation: str = ""
    anonymity_threshold: int = 3         # min interviews per group before a group breakdown is shown
    min_sources: int = 1                 # default --min-sources for build
    max_loop_length: int = 8
    redact: tuple[str, ...] = ()         # extra names never to show
    allow: tuple[str, ...] = ()          # capitalised words privacy-check must not flag
    groups: dict = field(default_factory=dict, compare=False, hash=False)   # group id -> display label

    @classmethod
    def from_mapping(cls, data: dict, path: Path | None = None) -> "Settings":
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ProjectError(Errors.E003, path=path, detail="expected 'key: value' lines")
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ProjectError(Errors.E003, path=path, detail=f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        kw = dict(data)
        lang = str(kw.get("language", "nl")).lower()
        if lang not in LANGUAGES:
            raise ProjectError(Errors.E005, path=path, language=lang)
        kw["language"] = lang
        for key in ("anonymity_threshold", "min_sources", "max_loop_length"):
            if key in kw:
                value = kw[key]
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise ProjectError(Errors.E003, path=path, detail=f"'{key}' must be a whole number of at least 1, not {value!r}")
        for key in ("redact", "allow"):
            if key in kw:
                value = kw[key] or []
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, list):
                    raise ProjectError(Errors.E003, path=path, detail=f"'{key}' must be a list of names")
                kw[key] = tuple(str(v) for v in value if str(v).strip())
        if "groups" in kw and not isinstance(kw["groups"] or {}, dict):
            raise ProjectError(Errors.E003, path=path, detail="'groups' must map a group id to its label")
        kw["groups"] = dict(kw.get("groups") or {})
        for key in ("title", "organisation"):
            if key in kw:
                kw[key] = "" if kw[key] is None else str(kw[key])
        return cls(**kw)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file (bounded, see :mod:`culturemap.yamlfile`); syntax errors become ``ProjectError``
    E006 naming file and line, files over the limits E007."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectError(Errors.E102, path=path) from None
    try:
        return yamlfile.load(text)[0]
    except yamlfile.YAMLProblem as exc:
        raise ProjectError(Errors.E007 if exc.limit else Errors.E006, path=path, line=exc.line,
                           detail=exc.detail) from None


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings()
    return Settings.from_mapping(read_yaml(path), path=path)


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings

    @property
    def codebook_path(self) -> Path:
        return self.root / CODEBOOK_FILE

    @property
    def codings_dir(self) -> Path:
        return self.root / CODINGS_DIR

    @property
    def links_path(self) -> Path:
        return self.root / LINKS_FILE

    @property
    def session_path(self) -> Path:
        return self.root / SESSION_FILE


def open_project(root: str | Path) -> Project:
    """Open an existing engagement folder (E001 when it does not exist or has no culturemap.yaml)."""
    root = Path(root)
    if not root.exists():
        raise ProjectError(Errors.E001, path=root, dir=root)
    if not root.is_dir():
        raise ProjectError(Errors.E002, path=root)
    if not (root / SETTINGS_FILE).exists():
        raise ProjectError(Errors.E001, path=root, dir=root)
    return Project(root=root, settings=load_settings(root))


@dataclass(frozen=True)
class Interview:
    """What the analysis may know of a transcript: never the name."""

    id: str                              # the interview code ("I03"), never the file name
    pseudonym: str                       # e.g. "I03 (klantcontact)": stable, shown instead of the person
    group: str | None
    role: str | None
    language: str


@dataclass(frozen=True)
class Evidence:
    """Accepted codings of an engagement, redacted: the only input of graph/loops/marks/export.

    Interviews appear only under their code (``Interview.id`` and every ``interview`` is ``I01``, ``I02``...,
    never the file name); ``codebook`` labels and ``settings`` title, organisation and group labels are
    redacted like the quotes, and ``settings.redact`` also holds the ``withheld`` names.
    """

    codebook: Codebook
    settings: Settings
    interviews: tuple[Interview, ...]
    tags: tuple[Tag, ...]                # accepted tags, text redacted, speaker = pseudonym
    links: tuple[Link, ...]              # accepted + hand-drawn links, text and note redacted
    withheld: tuple[str, ...] = ()       # possible names nobody listed, redacted anyway (the fail-safe)

    def interview(self, interview_id: str) -> Interview | None:
        for i in self.interviews:
            if i.id == interview_id:
                return i
        return None

    def group_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for i in self.interviews:
            if i.group:
                sizes[i.group] = sizes.get(i.group, 0) + 1
        return dict(sorted(sizes.items()))


SETTINGS_TEMPLATE = """\
# culturemap engagement settings
language: {language}            # nl or en: the default transcript language and the language of every export
title: "{title}"
organisation: ""
anonymity_threshold: 3          # a group needs this many interviews before its breakdown is shown
min_sources: 1                  # a link must be told in this many interviews to reach the map (hand links always do)
max_loop_length: 8
redact: []                      # names never to show, e.g. colleagues the interviewees mention
allow: []                       # capitalised words privacy-check should not flag (product names, places)
"""


def init_project(root: str | Path, *, language: str = "nl") -> Project:
    """Create an engagement folder: culturemap.yaml, a starter codebook.yaml and codings/.

    Raises E004 when ``root`` already holds an engagement; nothing is overwritten.
    """
    from .coding.codebook import starter_codebook_text
    from .store import atomic_write

    root = Path(root)
    language = language.lower()
    if language not in LANGUAGES:
        raise ProjectError(Errors.E005, language=language)
    if root.exists() and not root.is_dir():
        raise ProjectError(Errors.E002, path=root)
    if (root / SETTINGS_FILE).exists():
        raise ProjectError(Errors.E004, path=root)
    root.mkdir(parents=True, exist_ok=True)
    title = "Cultuurkaart klantgerichtheid" if language == "nl" else "Customer-centricity culture map"
    atomic_write(root / SETTINGS_FILE, SETTINGS_TEMPLATE.format(language=language, title=title))
    if not (root / CODEBOOK_FILE).exists():
        atomic_write(root / CODEBOOK_FILE, starter_codebook_text(language))
    (root / CODINGS_DIR).mkdir(exist_ok=True)
    return Project(root=root, settings=load_settings(root))
