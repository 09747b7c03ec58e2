"""Exports: the format registry (:mod:`.formats`), one writer module per format (:mod:`.writers`) and the
one path every export file is written by, :func:`write_export`. Writers only see redacted Evidence / graphs
(see culturemap.project).

The output-path guard lives here too: no command writes over an engagement's own files (transcripts and
their sidecars, ``links.csv``, ``codebook.yaml``, ``culturemap.yaml``, ``session.yaml``, ``codings/``),
whatever ``--out`` says (:func:`check_output`, called by :func:`write_export` for every file, and
:func:`prepare_out_dir`, which commands call before any work).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["write_export", "check_output", "engagement_file", "prepare_out_dir"]

#: File names (lowercase) directly in an engagement folder that are the engagement's own, and what they are.
OWN_FILES = {
    "culturemap.yaml": "the settings file",
    "codebook.yaml": "the codebook",
    "session.yaml": "the session notes",
    "links.csv": "the file of hand-drawn links",
    ".culturemap.lock": "the lock file",
}
CODINGS = "codings"
MARKER = "culturemap.yaml"


def _engagement_root(folder: Path) -> Path | None:
    """``folder`` or the nearest ancestor holding ``culturemap.yaml`` (``None`` when there is none)."""
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / MARKER).is_file():
                return candidate
        except OSError:
            return None
    return None


def engagement_file(path) -> tuple[Path, str] | None:
    """``(engagement folder, what it is)`` when ``path`` is (or would become) one of an engagement's own files.

    An engagement is a folder with ``culturemap.yaml``. Its own files are the settings, the codebook,
    ``session.yaml``, ``links.csv``, the lock, every transcript (``.md``, ``.txt``, ``.docx``, ``.vtt``,
    ``.srt``: a new one would be read as an interview) and its sidecar directly in the folder, and everything
    under ``codings/``. Symbolic links and ``..`` are resolved first; names are compared case-insensitively.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); _ = (root / "culturemap.yaml").write_text("language: nl\\n")
    >>> engagement_file(root / "links.csv")[1], engagement_file(root / "kc-01.md")[1]
    ('the file of hand-drawn links', 'a transcript')
    >>> engagement_file(root / "codings" / "map.json")[1], engagement_file(root / "out" / "links.csv")
    ('in the codings store', None)
    """
    from ..ingest import SIDECAR_SUFFIXES, TRANSCRIPT_SUFFIXES

    path = Path(path)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = Path(path).absolute()
    root = _engagement_root(resolved.parent)
    if root is None:
        return None
    parts = resolved.relative_to(root).parts
    if parts and parts[0].lower() == CODINGS:
        return root, "in the codings store"
    if len(parts) != 1:
        return None
    name = parts[0].lower()
    if name in OWN_FILES:
        return root, OWN_FILES[name]
    suffix = Path(name).suffix
    if suffix in TRANSCRIPT_SUFFIXES:
        return root, "a transcript"
    if suffix in SIDECAR_SUFFIXES and Path(Path(name).stem).suffix in TRANSCRIPT_SUFFIXES:
        return root, "a transcript's sidecar"
    return None


def check_output(path, *, shown=None) -> None:
    """Raise ``ExportError`` E505 when ``path`` is one of an engagement's own files (see :func:`engagement_file`).

    The message names the file (or ``shown``), what it is and the folder to write to instead (the
    engagement's ``out``).
    """
    found = engagement_file(path)
    if found is None:
        return
    from ..errors import Errors, ExportError

    root, what = found
    raise ExportError(Errors.E505, target=Path(shown if shown is not None else path), what=what, dir=root,
                      suggest=root / "out")


def prepare_out_dir(out_dir, formats: Iterable[str] = (), files: Iterable[str] = ()) -> list[Path]:
    """Check an output folder before a command writes into it; clean a killed run's leftovers.

    Raises ``ExportError`` E505 (before anything is written) when the folder is inside an engagement's
    ``codings/`` or a file the ``formats`` (registered names) or ``files`` (names) write would be one of its
    own files (names holding ``<`` are patterns, checked when written). Temporary files a killed culturemap
    process left in the folder are removed (see :func:`culturemap.store.remove_stale_temps`).

    Returns
    -------
    list of Path
        The leftover temporary files removed.
    """
    from ..store import remove_stale_temps

    out_dir = Path(out_dir)
    check_output(out_dir / "x", shown=out_dir)      # any file in codings/ is the store's
    names = list(files)
    if formats:
        from .formats import FORMATS

        names = [f for fmt in formats for f in FORMATS[fmt].files] + names
    for name in names:
        if "<" not in name:
            check_output(out_dir / name)
    return remove_stale_temps(out_dir)


def write_export(path: Path, data: str | bytes) -> Path:
    """Write one export file atomically (see :func:`culturemap.store.atomic_write`), creating its folder.

    Every export file (each format, ``session-template.yaml``, the privacy-check CSV) goes through here.

    Raises ``ExportError`` E505 when ``path`` is one of an engagement's own files (:func:`check_output`),
    E503 naming the file when it cannot be written.
    """
    from ..errors import Errors, ExportError
    from ..store import atomic_write

    path = Path(path)
    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise ExportError(Errors.E503, target=path, detail=exc.strerror or str(exc)) from None
    return path
