"""One writer per export format. Writers only see redacted Evidence / graphs (see culturemap.project)."""
from __future__ import annotations

from pathlib import Path

__all__ = ["write_export"]


def write_export(path: Path, data: str | bytes) -> Path:
    """Write one export file atomically (see :func:`culturemap.store.atomic_write`), creating its folder.

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
