"""Readers: what a transcript format must provide, the registry of formats, and the decoding helpers.

A reader says which suffixes it accepts and turns one file into the text and the speaker turns ingest builds
segments from (markitdown-style)::

    class MyReader:
        name = "my format"
        suffixes = (".my",)

        def read(self, source: Source) -> Reading:
            text = source.text()                    # decoded, universal newlines; W101 when not UTF-8
            return parse_turns(text, 0, source.interviewers)

    register_reader(MyReader())

The reader registers itself in the module that defines it (``culturemap/ingest/formats/<name>.py``);
:func:`discover`, :func:`read_transcript` and every message that lists the supported file types (E112, E310,
``culturemap init``) ask the registry, so a new format is one new module plus its test.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import Errors, InputError, Issue, Warnings

__all__ = [
    "Turn", "Reading", "Source", "Reader", "register_reader", "unregister_reader", "readers", "reader_for",
    "transcript_suffixes", "suffix_text", "SUFFIXES", "decode_text", "read_bytes",
]


# ---------------------------------------------------------------- what a reader returns

@dataclass(frozen=True)
class Turn:
    """One speaker turn or unlabelled paragraph: ``text[start:end]``, from line ``line`` of the file."""

    speaker: str | None     # None: text without a label
    start: int
    end: int
    line: int               # 1-based line in the file (paragraph number for .docx, timing line for cues)


@dataclass(frozen=True)
class Reading:
    """A file as a reader understood it: the text segments point into, the turns, the labels in order."""

    text: str
    turns: tuple[Turn, ...]
    speakers: tuple[str, ...]
    interviewers: frozenset[str] = frozenset()     # casefolded labels the layout marks as the interviewer's


class Source:
    """One transcript file as a reader sees it: its bytes, its decoded text, its metadata.

    A reader calls :meth:`text` to decode the file (with the W101 warning for a file that is not UTF-8) and
    :meth:`metadata` (or :attr:`interviewers`) once it knows the metadata inside the file, e.g. front matter;
    the sidecar (``<file>.yaml``) is merged below it.
    """

    def __init__(self, path: Path, data: bytes, sidecar=None):
        self.path = Path(path)
        self.data = data
        self.warnings: list[Issue] = []
        self._sidecar = sidecar
        self._meta: dict | None = None

    def text(self) -> str:
        """The file decoded (UTF-8, UTF-16 with BOM, else cp1252/latin-1 with a warning); E101 when blank."""
        text, warnings = decode_text(self.data, self.path)
        self.warnings.extend(warnings)
        if not text.strip():
            raise InputError(Errors.E101, path=self.path)
        return text

    def metadata(self, front=None) -> dict:
        """Metadata of the transcript: the sidecar, overridden by ``front`` (metadata inside the file).

        Merged once; later calls return the same mapping. Raises E110/E113/E115 for bad values.
        """
        if self._meta is None:
            from .metadata import merge_metadata

            sources = [m for m in (self._sidecar, front) if m is not None]
            self._meta = merge_metadata(sources, self.path.stem, self.path)
        return self._meta

    @property
    def interviewers(self) -> frozenset[str]:
        """Casefolded speaker labels of the interviewer (always including ``interviewer``)."""
        from .speakers import interviewer_keys

        return interviewer_keys(self.metadata().get("interviewer", []))


@runtime_checkable
class Reader(Protocol):
    """A transcript format. ``suffixes`` are lowercase with the dot (``(".md", ".txt")``)."""

    @property
    def name(self) -> str:
        """Short name of the format (``text``, ``docx``...)."""

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Lowercase suffixes with the dot."""

    def read(self, source: Source) -> Reading:
        """The text and turns of ``source``; raise :class:`InputError` (never anything else) when it is bad."""
        ...


# ---------------------------------------------------------------- the registry

_READERS: list[Reader] = []


def register_reader(reader: Reader, *, replace: bool = False) -> Reader:
    """Add ``reader`` to the registry (after the readers already there) and return it.

    Raises
    ------
    ValueError
        When a suffix is not lowercase with a leading dot, or another reader already has it (unless
        ``replace``: then that reader gives up the suffix).
    """
    suffixes = tuple(reader.suffixes)
    for suffix in suffixes:
        if not suffix.startswith(".") or suffix != suffix.lower() or len(suffix) < 2:
            raise ValueError(f"reader {reader.name!r}: suffix {suffix!r} must be lowercase and start with a dot")
    for other in list(_READERS):
        taken = set(other.suffixes) & set(suffixes)
        if other is reader or not taken:
            continue
        if not replace:
            raise ValueError(f"reader {reader.name!r}: {', '.join(sorted(taken))} already read by {other.name!r}")
        _READERS.remove(other)
    if reader not in _READERS:
        _READERS.append(reader)
    return reader


def unregister_reader(reader: Reader) -> None:
    """Remove ``reader`` from the registry (nothing happens when it is not registered)."""
    if reader in _READERS:
        _READERS.remove(reader)


def readers() -> tuple[Reader, ...]:
    """The registered readers in registration order (the built-in ones: text, docx, vtt, srt)."""
    return tuple(_READERS)


def reader_for(path: Path | str) -> Reader | None:
    """The reader of the file's suffix (any case), or None when no reader accepts it."""
    suffix = Path(path).suffix.lower()
    for reader in _READERS:
        if suffix in reader.suffixes:
            return reader
    return None


def transcript_suffixes() -> tuple[str, ...]:
    """Every suffix a reader accepts, in registration order, e.g. ``('.md', '.txt', '.docx', '.vtt', '.srt')``."""
    return tuple(s for reader in _READERS for s in reader.suffixes)


def suffix_text(last: str = " or ") -> str:
    """The suffixes for a message: ``'.md, .txt, .docx, .vtt or .srt'`` (``last`` joins the last two)."""
    suffixes = transcript_suffixes()
    if len(suffixes) < 2:
        return "".join(suffixes)
    return ", ".join(suffixes[:-1]) + last + suffixes[-1]


class _Suffixes(Sequence):
    """A live, read-only view of :func:`transcript_suffixes` (it follows the registry)."""

    def __getitem__(self, index):
        return transcript_suffixes()[index]

    def __len__(self) -> int:
        return len(transcript_suffixes())

    def __contains__(self, suffix) -> bool:
        return suffix in transcript_suffixes()

    def __eq__(self, other) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, (tuple, list, _Suffixes)) else other)

    __hash__ = None  # type: ignore[assignment]   # equal to tuples, so not hashable like them

    def __repr__(self) -> str:
        return repr(transcript_suffixes())


SUFFIXES: Sequence[str] = _Suffixes()


# ---------------------------------------------------------------- decoding helpers

def read_bytes(path: Path) -> bytes:
    """The file's bytes; E114 when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(Errors.E114, path=path, detail=exc.strerror or str(exc)) from None


def byte_line(data: bytes, index: int) -> int:
    """1-based line of byte ``index``."""
    return data.count(b"\n", 0, index) + 1


def decode_text(data: bytes, path: Path) -> tuple[str, list[Issue]]:
    r"""Bytes -> text with universal newlines; not-UTF-8 text falls back to cp1252/latin-1 with a warning.

    UTF-16 needs a byte-order mark. Raises E102 for binary data.

    >>> text, [warning] = decode_text("Piet: café\r\n".encode("cp1252"), Path("a.txt"))
    >>> text, warning.code
    ('Piet: café\n', 'W101')
    """
    warnings: list[Issue] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(Errors.E102, path=path, line=byte_line(data, exc.start)) from None
        warnings.append(Issue(Warnings.W101, path=path, encoding="UTF-16"))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = byte_line(data, exc.start)
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


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
    return controls > max(2, len(text) // 50)
