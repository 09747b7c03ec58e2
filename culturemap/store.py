"""The codings store: atomic writes, the engagement lock, review state per transcript and the decision log.

Layout inside an engagement folder ``DIR``::

    DIR/.culturemap.lock          held by every command that changes state (:func:`engagement_lock`)
    DIR/codings/<interview>.json  review state of one transcript (:func:`save_codings`, :func:`load_codings`)
    DIR/codings/log.jsonl         one JSON object per decision, append-only (:func:`append_log`)

Every file is written with :func:`atomic_write`: a kill -9 at any moment leaves the old or the new file,
never a truncated one. ``project`` arguments accept a :class:`culturemap.project.Project` or a folder path.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Literal, overload

from .errors import Errors, LockedError, StoreError
from .models import SIGNS, STANCES, STATUSES, Codings, Link, Tag

__all__ = [
    "LOCK_FILE", "LOG_FILE", "atomic_write", "engagement_lock", "load_codings", "load_all_codings",
    "save_codings", "append_log", "read_log", "codings_path", "codings_to_json", "codings_from_json",
    "item_to_dict", "item_from_dict", "project_root", "codings_language", "remove_stale_temps",
    "without_orphans",
]

LOCK_FILE = ".culturemap.lock"
LOG_FILE = "log.jsonl"
CODINGS_DIR = "codings"
FORMAT_VERSION = 1


def project_root(project) -> Path:
    """The engagement folder of a :class:`~culturemap.project.Project` or of a path.

    >>> project_root("eng"), project_root(Path("eng"))      # a Path's own .root ("/") is not used
    (PosixPath('eng'), PosixPath('eng'))
    """
    if isinstance(project, (str, os.PathLike)):
        return Path(project)
    return Path(project.root)


def _codings_dir(project) -> Path:
    return project_root(project) / CODINGS_DIR


def codings_path(project, interview_id: str) -> Path:
    """``DIR/codings/<interview_id>.json``."""
    return _codings_dir(project) / f"{interview_id}.json"


# ---------------------------------------------------------------- atomic writes

def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); silently skipped where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    The data goes to a temporary file in the same folder, is flushed and fsynced, and then renamed over
    ``path`` with :func:`os.replace` (atomic on POSIX and Windows). On any error the temporary file is
    removed and the old file is left untouched. Text is written as UTF-8, newlines unchanged. A new file
    gets the usual permissions (umask applied); an existing file keeps its mode.

    Parameters
    ----------
    path : Path
        The file to write; its folder is created when missing.
    data : str or bytes
        The complete new content.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.txt", "één")
    >>> (folder / "a.txt").read_text(encoding="utf-8")
    'één'
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt']
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":                  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:                         # e.g. PermissionError: it exists, under another user
        return True
    return True


def remove_stale_temps(folder, *, max_age: float = 3600.0) -> list[Path]:
    """Remove the temporary files of :func:`atomic_write` that a killed process left in ``folder``.

    A temporary file is stale when the process that made it (its id is in the name) is gone; where that
    cannot be checked (Windows), when it is older than ``max_age`` seconds. Files of a running process
    (another culturemap writing there right now) are left alone. Returns the files removed (sorted).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".map.svg.999999999.0123abcd.tmp").write_text("half")
    >>> _ = (folder / f".map.svg.{os.getpid()}.0123abcd.tmp").write_text("busy")
    >>> [p.name for p in remove_stale_temps(folder)], len(list(folder.iterdir()))
    (['.map.svg.999999999.0123abcd.tmp'], 1)
    """
    import time

    folder = Path(folder)
    removed: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        m = _TEMP_NAME.match(path.name)
        if m is None:
            continue
        try:
            if not path.is_file() or path.is_symlink():
                continue
            stale = not _alive(int(m.group(1)))
            if os.name != "posix":
                stale = now - path.stat().st_mtime > max_age
            if stale:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


# ---------------------------------------------------------------- the engagement lock

_LOCKS: dict[str, object] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path):
    from filelock import FileLock

    key = os.path.abspath(path)
    with _LOCKS_GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = FileLock(key)
            _LOCKS[key] = lock
        return lock


@contextlib.contextmanager
def engagement_lock(project, *, wait: float = 5.0) -> Iterator[Path]:
    """Hold the engagement lock ``DIR/.culturemap.lock`` for the duration of a ``with`` block.

    The lock is re-entrant inside one process (a command that holds it may call library functions that
    take it again), and exclusive between processes: a second culturemap process waits up to ``wait``
    seconds and then gets :class:`~culturemap.errors.LockedError` (E304) naming the lock file.

    Parameters
    ----------
    project : Project or path
        The engagement.
    wait : float
        Seconds to wait for another process to release the lock (0: fail at once).

    Yields
    ------
    Path
        The lock file.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with engagement_lock(folder) as lock:
    ...     with engagement_lock(folder, wait=0):    # re-entrant in the same process
    ...         lock.name
    '.culturemap.lock'
    """
    from filelock import Timeout

    root = project_root(project)
    path = root / LOCK_FILE
    if not root.is_dir():
        from .errors import ProjectError

        raise ProjectError(Errors.E001, path=root, dir=root)
    lock = _lock_for(path)
    try:
        lock.acquire(timeout=max(float(wait), 0.0))
    except Timeout:
        raise LockedError(Errors.E304, lock=path) from None
    try:
        yield path
    finally:
        lock.release()


# ---------------------------------------------------------------- codings JSON

def item_to_dict(item: Tag | Link) -> dict:
    """The JSON form of a tag or link (key order as in ARCHITECTURE.md; ``interview`` is the file's).

    A tag's ``stance`` is written when ``negated`` does not say it: ``"stance": "wished"`` (a tag without it
    is present, or absent when negated)."""
    if isinstance(item, Tag):
        return {"speaker": item.speaker, "start": item.start, "end": item.end, "code": item.code,
                "negated": item.negated, "status": item.status, "origin": item.origin, "text": item.text,
                "spans": [[a, b] for a, b in item.spans], "orphaned": item.orphaned,
                **({"stance": item.stance} if item.stance == "wished" else {})}
    out = {"cause": item.cause, "effect": item.effect, "sign": item.sign, "status": item.status,
           "origin": item.origin, "start": item.start, "end": item.end, "speaker": item.speaker,
           "text": item.text, "orphaned": item.orphaned}
    if item.note:
        out["note"] = item.note
    return out


def _stance(d: dict, where: str) -> str:
    """A tag's ``stance``; ``present`` when the file has none (older files; a negated tag reads as absent)."""
    value = d.get("stance", "present")
    if value not in STANCES:
        raise ValueError(f"{where}: stance '{value}' is not one of {', '.join(STANCES)}")
    return value


def _need(d: dict, key: str, kinds, where: str):
    if key not in d:
        raise ValueError(f"{where} has no '{key}'")
    value = d[key]
    if not isinstance(value, kinds) or (kinds is int and isinstance(value, bool)):
        raise ValueError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    return value


@overload
def item_from_dict(kind: Literal["tag"], d: dict, interview: str, where: str = ...) -> Tag: ...
@overload
def item_from_dict(kind: Literal["link"], d: dict, interview: str, where: str = ...) -> Link: ...
def item_from_dict(kind: str, d: dict, interview: str, where: str = "item") -> Tag | Link:
    """Build a :class:`Tag` (``kind="tag"``) or :class:`Link` from its JSON form; ``ValueError`` if invalid."""
    if not isinstance(d, dict):
        raise ValueError(f"{where} is not an object")
    status = d.get("status", "suggested")
    if status not in STATUSES:
        raise ValueError(f"{where}: status '{status}' is not one of {', '.join(STATUSES)}")
    common = dict(interview=interview, status=status, origin=str(d.get("origin", "rule")),
                  text=str(d.get("text", "")), speaker=str(d.get("speaker", "")),
                  orphaned=bool(d.get("orphaned", False)))
    if kind == "tag":
        spans = d.get("spans", [])
        if not isinstance(spans, list) or not all(
                isinstance(s, (list, tuple)) and len(s) == 2 and all(isinstance(x, int) for x in s) for s in spans):
            raise ValueError(f"{where}: 'spans' must be a list of [start, end] pairs")
        return Tag(start=_need(d, "start", int, where), end=_need(d, "end", int, where),
                   code=_need(d, "code", str, where), negated=bool(d.get("negated", False)),
                   spans=tuple((int(a), int(b)) for a, b in spans), stance=_stance(d, where), **common)
    sign = d.get("sign", "+")
    if sign not in SIGNS:
        raise ValueError(f"{where}: sign '{sign}' is not '+' or '-'")
    return Link(cause=_need(d, "cause", str, where), effect=_need(d, "effect", str, where), sign=sign,
                start=int(d.get("start", 0)), end=int(d.get("end", 0)), note=str(d.get("note", "")), **common)


def _tag_order(t: Tag):
    return (t.start, t.end, t.code, t.orphaned, t.status, t.origin)


def _link_order(l: Link):
    return (l.start, l.end, l.cause, l.effect, l.orphaned, l.sign, l.status, l.origin)


def sort_items(codings: Codings) -> Codings:
    """The same codings with tags sorted by (start, end, code) and links by (start, end, cause, effect)."""
    return Codings(interview=codings.interview, fingerprint=codings.fingerprint,
                   tags=tuple(sorted(codings.tags, key=_tag_order)),
                   links=tuple(sorted(codings.links, key=_link_order)))


def codings_to_json(codings: Codings, language: str = "") -> str:
    """Serialise codings deterministically (sorted items, indent 1, UTF-8 text, trailing newline).

    >>> c = Codings("kc-03", "abc", tags=(Tag("kc-03", "Anna", 5, 9, "b"), Tag("kc-03", "Anna", 0, 4, "a")))
    >>> [t["code"] for t in json.loads(codings_to_json(c, "nl"))["tags"]]
    ['a', 'b']
    """
    c = sort_items(codings)
    doc = {"version": FORMAT_VERSION, "interview": c.interview, "fingerprint": c.fingerprint,
           "language": language or "",
           "tags": [item_to_dict(t) for t in c.tags], "links": [item_to_dict(l) for l in c.links]}
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def codings_from_json(text: str, where: str = "codings") -> tuple[Codings, str]:
    """Parse the JSON form; returns ``(codings, language)``. Raises ``ValueError`` describing the damage."""
    doc = json.loads(text)
    if not isinstance(doc, dict):
        raise ValueError("expected a JSON object")
    version = doc.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ValueError(f"version {version!r} is not supported (expected {FORMAT_VERSION})")
    interview = _need(doc, "interview", str, where)
    tags = doc.get("tags", [])
    links = doc.get("links", [])
    if not isinstance(tags, list) or not isinstance(links, list):
        raise ValueError("'tags' and 'links' must be lists")
    codings = Codings(
        interview=interview, fingerprint=str(doc.get("fingerprint", "")),
        tags=tuple(item_from_dict("tag", t, interview, f"tag {i + 1}") for i, t in enumerate(tags)),
        links=tuple(item_from_dict("link", l, interview, f"link {i + 1}") for i, l in enumerate(links)))
    return codings, str(doc.get("language") or "")


def _read_codings_file(path: Path) -> tuple[Codings, str]:
    root = path.parent.parent
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(Errors.E305, path=path, detail=f"not UTF-8 ({exc.reason})", dir=root) from None
    try:
        return codings_from_json(text, where=path.name)
    except json.JSONDecodeError as exc:
        raise StoreError(Errors.E305, path=path, line=exc.lineno, detail=exc.msg, dir=root) from None
    except (ValueError, TypeError) as exc:
        raise StoreError(Errors.E305, path=path, detail=str(exc), dir=root) from None


def load_codings(project, interview_id: str) -> Codings | None:
    """The review state of one transcript, or ``None`` when it was never tagged.

    Raises
    ------
    StoreError
        E305 when the file is damaged (names the file and, for JSON syntax errors, the line).
    """
    path = codings_path(project, interview_id)
    if not path.is_file():
        return None
    return _read_codings_file(path)[0]


def codings_language(project, interview_id: str) -> str:
    """The ``language`` recorded in an interview's codings file ("" when unknown or absent)."""
    path = codings_path(project, interview_id)
    if not path.is_file():
        return ""
    return _read_codings_file(path)[1]


def without_orphans(codings: Codings) -> Codings:
    """The same codings without the orphaned items (decisions whose quote vanished after an edit).

    >>> c = Codings("kc-03", "f", tags=(Tag("kc-03", "A", 0, 4, "a", orphaned=True), Tag("kc-03", "A", 5, 9, "b")))
    >>> [t.code for t in without_orphans(c).tags]
    ['b']
    """
    if not any(i.orphaned for i in codings.items()):
        return codings
    return Codings(interview=codings.interview, fingerprint=codings.fingerprint,
                   tags=tuple(t for t in codings.tags if not t.orphaned),
                   links=tuple(l for l in codings.links if not l.orphaned))


def load_all_codings(project, *, orphaned: bool = True) -> dict[str, Codings]:
    """Every transcript's review state, keyed and sorted by interview id.

    With ``orphaned=False`` the orphaned items are left out: what counts as evidence (every export, the
    map, tags.csv). An orphan leaves the evidence until the consultant resolves it in the review (add it
    again where the words are now, or ``review --drop-orphans``), so an edited sentence never counts twice.

    Raises
    ------
    StoreError
        E305 naming the first damaged file.
    """
    folder = _codings_dir(project)
    if not folder.is_dir():
        return {}
    out: dict[str, Codings] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("."):
            continue
        codings, _ = _read_codings_file(path)
        out[codings.interview] = codings if orphaned else without_orphans(codings)
    return dict(sorted(out.items()))


def save_codings(project, codings: Codings, *, language: str | None = None) -> Path:
    """Write one transcript's review state atomically to ``DIR/codings/<interview>.json``.

    Parameters
    ----------
    project : Project or path
    codings : Codings
    language : str, optional
        The transcript's language, stored in the file's ``language`` key. ``None`` keeps the value the
        file already has.

    Returns
    -------
    Path
        The file written.
    """
    interview = codings.interview
    if not interview or "/" in interview or "\\" in interview or interview.startswith("."):
        raise StoreError(Errors.E311, value=interview, detail="an interview id cannot be used as a file name")
    path = codings_path(project, interview)
    if language is None:
        language = ""
        if path.is_file():
            with contextlib.suppress(StoreError):
                language = _read_codings_file(path)[1]
    atomic_write(path, codings_to_json(codings, language))
    return path


# ---------------------------------------------------------------- the decision log

def log_path(project) -> Path:
    return _codings_dir(project) / LOG_FILE


def new_entry_id() -> str:
    """A short random id for a log entry."""
    return secrets.token_hex(6)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def append_entries(project, entries: list[dict]) -> None:
    """Append several entries with one write and one fsync (see :func:`append_log`)."""
    if not entries:
        return
    path = log_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for entry in entries:
        entry = dict(entry)
        entry.setdefault("id", new_entry_id())
        entry.setdefault("at", now_iso())
        lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
    data = "\n".join(lines) + "\n"
    with open(path, "a+b") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() > 0:                     # a crash may have left a partial last line: start a fresh one
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                data = "\n" + data
            fh.seek(0, os.SEEK_END)
        fh.write(data.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def append_log(project, entry: dict) -> None:
    """Append one decision to ``DIR/codings/log.jsonl`` (append + flush + fsync).

    ``entry`` is a JSON-able dict, normally ``{"interview", "item", "before", "after", "action"}``; an
    ``id`` and a UTC timestamp ``at`` are added when missing.
    """
    append_entries(project, [entry])


def read_log(project) -> list[dict]:
    """All entries of the decision log, oldest first (``[]`` when there is none).

    A line that is not valid JSON (a write cut off by a crash) is skipped: it never completed, so there is
    nothing to undo.
    """
    path = log_path(project)
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict):
                out.append(entry)
    return out
