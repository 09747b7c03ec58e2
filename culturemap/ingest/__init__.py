"""Ingest: transcript files in the engagement folder become :class:`~culturemap.models.Transcript` values.

Formats
-------
One reader each (``culturemap/ingest/formats/``), registered in :mod:`culturemap.ingest.base`.

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

Speaker turns are paragraphs ``Label: text`` (``**Label:** text`` too), ``[ROLE] Name:`` and Teams'
``Name   0:03`` lines with the words below (:mod:`culturemap.ingest.speakers`); a turn runs until the next
label, heading or rule, and an interviewer's turn until a blank line after its words (an unlabelled answer
below it is the interviewee's). Other text without a label (notes, bullets) becomes one segment per paragraph
or bullet with speaker ``""``: it is coded as the interviewee's words. Turns of the interviewer (the
``interviewer:`` labels, and always ``Interviewer``, ``Interviewster``, ``Q``/``I``/``V`` and ``[ELICITOR]``)
get ``is_interviewer=True`` and are never coded.

Metadata comes from the front matter and from a sidecar ``<file>.yaml``/``.yml`` (the front matter wins):
``id`` (default: the file stem), ``name``, ``group``, ``role``, ``language``, ``date``, ``interviewer``;
other keys are kept in ``Transcript.meta``. Warnings (e.g. a file read as cp1252) are in
``Transcript.meta["warnings"]`` as :class:`~culturemap.errors.Issue` objects.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import Errors, InputError, Issue, ProjectError, Warnings
from ..models import Segment, Transcript
from . import formats  # noqa: F401  (registers the built-in readers, in order)
from .base import (
    SUFFIXES,
    Reader,
    Reading,
    Source,
    Turn,
    read_bytes,
    reader_for,
    readers,
    register_reader,
    suffix_text,
    transcript_suffixes,
    unregister_reader,
)
from .metadata import (
    METADATA_KEYS,
    SIDECAR_SUFFIXES,
    detect,
    detect_language,
    fingerprint,
    fingerprint_bytes,
    read_sidecar,
    sidecar_path,
)
from .speakers import DEFAULT_INTERVIEWER, is_interviewer_label

__all__ = [
    "TRANSCRIPT_SUFFIXES", "SIDECAR_SUFFIXES", "METADATA_KEYS", "discover", "read_transcript", "load_transcripts",
    "detect_language", "fingerprint", "sidecar_path", "outside_links", "Reader", "Reading", "Source", "Turn", "register_reader",
    "unregister_reader", "readers", "reader_for", "transcript_suffixes", "suffix_text",
]

TRANSCRIPT_SUFFIXES = SUFFIXES      # a live view of the registry: a registered reader's suffixes are in it
_IGNORED_NAMES = frozenset({"culturemap.yaml", "codebook.yaml", "session.yaml", "links.csv"})


# ---------------------------------------------------------------- discovery

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
        ignored, and so are links that point outside the folder (see :func:`outside_links`).

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
            if not path.is_file() or _leaves(path, directory):
                continue
        except OSError:
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.name)


def _leaves(path: Path, directory: Path) -> bool:
    """True for a symbolic link whose target is outside ``directory`` (``passwd.txt -> /etc/passwd``)."""
    if not path.is_symlink():
        return False
    return not path.resolve().is_relative_to(directory.resolve())


def outside_links(directory: Path) -> list[Path]:
    """Files in ``directory`` with a transcript suffix that link to a file outside it: never read (the
    engagement folder is what the consultant shares and exports from), reported as a warning."""
    directory = Path(directory)
    out = []
    for path in directory.iterdir():
        try:
            if path.suffix.lower() in TRANSCRIPT_SUFFIXES and path.is_symlink() and _leaves(path, directory):
                out.append(path)
        except OSError:
            continue
    return sorted(out, key=lambda p: p.name)



# ---------------------------------------------------------------- reading one transcript

def read_transcript(path: Path, *, default_language: str = "nl") -> Transcript:
    """Read one transcript file (and its sidecar ``<file>.yaml``) into a :class:`Transcript`.

    Parameters
    ----------
    path : Path
        A file with a suffix of a registered reader (``.md``, ``.txt``, ``.docx``, ``.vtt``, ``.srt``).
    default_language : str
        Used when neither the metadata nor :func:`detect_language` gives the language.

    Returns
    -------
    Transcript
        ``segments`` in file order; ``meta["warnings"]`` lists :class:`Issue` warnings (W101 not UTF-8,
        W103 language not detected, E109 nothing to code, W104 the interviewer holds most words); unknown
        metadata keys are kept in ``meta``.

    Raises
    ------
    InputError
        E101 empty, E102 not decodable, E103/E104 front matter, E105 bad .docx, E106 bad .vtt, E107 bad .srt,
        E110 unknown language, E111 bad sidecar, E112 unsupported type, E113 bad id, E114 unreadable,
        E115 a metadata key with a list/mapping value. Never any other exception.
    """
    path = Path(path)
    reader = reader_for(path)
    if reader is None:
        raise InputError(Errors.E112, path=path, suffix=path.suffix or path.name)
    if path.is_dir():
        raise InputError(Errors.E114, path=path, detail="it is a folder")
    data = read_bytes(path)
    sidecar, sidecar_bytes = read_sidecar(path)
    try:
        return _read(reader, Source(path, data, sidecar), sidecar_bytes, default_language)
    except RecursionError:
        raise InputError(Errors.E114, path=path, detail="it is nested too deeply to read") from None


def _read(reader: Reader, source: Source, sidecar_bytes: bytes, default_language: str) -> Transcript:
    path = source.path
    if not source.data.strip():
        raise InputError(Errors.E101, path=path)
    reading = reader.read(source)
    meta = source.metadata()
    interviewers = source.interviewers | reading.interviewers
    warnings = list(source.warnings)
    text = reading.text
    segments = tuple(
        Segment(speaker=t.speaker or "", start=t.start, end=t.end, line=t.line,
                is_interviewer=is_interviewer_label(t.speaker, interviewers))
        for t in reading.turns
    )
    warnings.extend(_balance_warnings(path, text, segments))
    language = meta.get("language")
    if language is None:
        language = detect(" ".join(text[s.start:s.end] for s in segments))
        if language is None:
            language = default_language
            warnings.append(Issue(Warnings.W103, path=path, language=default_language))
    interviewer_labels = meta.get("interviewer") or [DEFAULT_INTERVIEWER]
    extra = dict(meta["extra"])
    if len(interviewer_labels) > 1:
        extra["interviewers"] = list(interviewer_labels)
    extra["warnings"] = warnings
    return Transcript(
        id=meta["id"], path=path, text=text, segments=segments, language=language,
        name=meta.get("name"), group=meta.get("group"), role=meta.get("role"), date=meta.get("date"),
        interviewer=interviewer_labels[0], fingerprint=fingerprint_bytes(source.data, sidecar_bytes),
        speakers=reading.speakers, meta=extra,
    )


_WORD = re.compile(r"\w+")
_MIN_WORDS = 40             # below this the interviewer's share says nothing


def _balance_warnings(path: Path, text: str, segments: tuple[Segment, ...]) -> list[Issue]:
    """E109 when no words are left to code; W104 when the interviewer's turns hold most of the words."""
    asked = sum(len(_WORD.findall(text[s.start:s.end])) for s in segments if s.is_interviewer)
    said = sum(len(_WORD.findall(text[s.start:s.end])) for s in segments if not s.is_interviewer)
    if not any(not s.is_interviewer for s in segments):
        return [Issue(Errors.E109, level="warning", path=path)]
    if asked > said and asked + said >= _MIN_WORDS:
        share = round(100 * asked / (asked + said))
        return [Issue(Warnings.W104, path=path, share=share, words=asked, total=asked + said)]
    return []


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
        the second file is skipped); ``level="warning"`` for the transcripts' warnings (among them E109, a
        transcript with nothing to code).

    Raises
    ------
    ProjectError
        When ``directory`` does not exist or is not a folder.
    """
    transcripts: list[Transcript] = []
    issues: list[Issue] = []
    seen: dict[str, Transcript] = {}
    paths = discover(Path(directory))
    for link in outside_links(Path(directory)):
        issues.append(Issue(Warnings.W102, path=link, reason="it links to a file outside the engagement folder; "
                            "copy the transcript into the folder if it belongs to this engagement"))
    for path in paths:
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
        transcripts.append(transcript)
    return tuple(transcripts), tuple(issues)
