"""Exports: the format registry (:mod:`.formats`), one writer module per format (:mod:`.writers`) and the
one path every export file is written by, :func:`write_export`. Writers only see redacted Evidence / graphs
(see culturemap.project)."""
from __future__ import annotations

from pathlib import Path

__all__ = ["write_export"]


def write_export(path: Path, data: str | bytes) -> Path:
    """Write one export file atomically (see :func:`culturemap.store.atomic_write`), creating its folder.

    Every export file (each format, ``session-template.yaml``, the privacy-check CSV) goes through here.

    Raises ``ExportError`` E503 naming the file when it cannot be written.
    """
    from ..errors import Errors, ExportError
    from ..store import atomic_write

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise ExportError(Errors.E503, target=path, detail=exc.strerror or str(exc)) from None
    return path
