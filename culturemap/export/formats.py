"""The registry of export formats and :func:`export_formats`, which writes any set of them.

A format is anything with the :class:`Writer` shape: a ``name`` (what ``--format`` takes), a one-line
``description``, its default file name(s), whether it ``needs_graphviz``, and ``write(context, out_dir)``
returning the files written. Every writer gets one :class:`ExportContext` (the engagement analysed once:
redacted evidence, graph, loops, marks) and writes each file through :func:`culturemap.export.write_export`
(atomic; E503 naming the file when it cannot be written).

The built-in writers live in :mod:`culturemap.export.writers`, one module per format or family of formats,
and register themselves where they are defined (:func:`export_format` or :meth:`FormatRegistry.register`).
They are imported the first time :data:`FORMATS` is read; a writer module imports nothing heavy (spaCy,
networkx, pydot, python-pptx) at module level, so listing the formats (``culturemap export --help``) stays
fast. Adding a format is one new module in ``writers/`` (listed in its ``BUILTIN``) plus its row in the
README's format table (``tests/test_docs.py`` checks the two agree). ``all`` expands to every format.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..errors import AnalysisError, Errors, ExportError

if TYPE_CHECKING:
    import networkx as nx

    from ..models import LoopResult, MarkResult
    from ..project import Evidence, Project

__all__ = ["ExportContext", "Writer", "Format", "FormatRegistry", "FORMATS", "STANDARD_FORMATS", "ALL",
           "export_format", "check_graphviz", "build_context", "evidence_context", "export_formats", "expand_formats", "format_names"]

#: The pseudo-format that expands to every registered format.
ALL = "all"


@dataclass(frozen=True)
class ExportContext:
    """The engagement analysed once, handed to every writer."""

    project: Project
    evidence: Evidence              # redacted: quotes under pseudonyms, never names
    graph: nx.DiGraph | None        # None for formats that write from the evidence alone (needs_map False)
    loops: LoopResult | None
    marks: MarkResult | None
    language: str
    title: str
    out_dir: Path


@runtime_checkable
class Writer(Protocol):
    """What the registry needs of an export format."""

    @property
    def name(self) -> str:
        """What ``--format`` takes: lowercase, not ``all``."""

    @property
    def description(self) -> str:
        """One line, for ``--help``-like listings and the docs."""

    @property
    def files(self) -> tuple[str, ...]:
        """Default file name(s) (extra views not listed)."""

    @property
    def needs_graphviz(self) -> bool:
        """Checked before anything is written (E502)."""

    def write(self, context: ExportContext, out_dir: Path) -> Sequence[Path]:
        """Write the format's file(s) into ``out_dir``; return every path written."""
        ...


@dataclass(frozen=True)
class Format:
    """A :class:`Writer` made of a plain function ``writer(context, out_dir) -> list[Path]``."""

    name: str
    description: str
    files: tuple[str, ...]
    writer: Callable[[ExportContext, Path], Sequence[Path]]
    needs_graphviz: bool = False
    in_all: bool = True             # False: a working file with names (qdpx), never part of ``all``
    notice: str = ""                # one line the CLI shows after writing it (e.g. "holds names")
    needs_map: bool = True          # False: writes from the evidence alone (no E401 before anything is accepted)

    def write(self, context: ExportContext, out_dir: Path) -> list[Path]:
        return [Path(p) for p in self.writer(context, Path(out_dir))]


class FormatRegistry(Mapping):
    """Format name -> :class:`Writer`, in registration order (the order of ``all`` and of every listing).

    The built-in writers (:mod:`culturemap.export.writers`) are imported on first read.

    >>> reg = FormatRegistry(builtins=None)
    >>> fmt = reg.register(Format("txt", "plain text", ("map.txt",), lambda ctx, out: []))
    >>> list(reg), reg["txt"].needs_graphviz
    (['txt'], False)
    >>> reg.unregister("txt"); len(reg)
    0
    """

    def __init__(self, builtins: str | None = "culturemap.export.writers"):
        self._formats: dict[str, Writer] = {}
        self._builtins = builtins
        self._loaded = builtins is None

    def _load(self) -> None:
        if not self._loaded and self._builtins:
            self._loaded = True             # before the import: the writer modules register while it runs
            from importlib import import_module

            import_module(self._builtins)

    def register(self, fmt: Writer, *, replace: bool = False) -> Writer:
        """Add ``fmt`` under ``fmt.name`` (ValueError for a name already taken, unless ``replace``)."""
        self._load()                        # built-ins first, so they keep their places
        name = fmt.name
        if not name or name != name.lower() or name == ALL or "," in name or " " in name:
            raise ValueError(f"format name {name!r} must be lowercase, without spaces or commas, and not {ALL!r}")
        if name in self._formats and not replace:
            raise ValueError(f"format {name!r} is already registered")
        self._formats[name] = fmt
        return fmt

    def unregister(self, name: str) -> None:
        """Remove a format (KeyError when it is not registered)."""
        self._load()
        del self._formats[name]

    def __getitem__(self, name: str) -> Writer:
        self._load()
        return self._formats[name]

    def __iter__(self) -> Iterator[str]:
        self._load()
        return iter(list(self._formats))

    def __len__(self) -> int:
        self._load()
        return len(self._formats)


#: Every export format: name -> Writer (built-ins load on first read).
FORMATS = FormatRegistry()

#: What ``culturemap run`` writes.
STANDARD_FORMATS = ("svg", "png", "pdf", "dot", "graphml", "html", "pptx", "csv")


def export_format(name: str, *, description: str, files: tuple[str, ...], needs_graphviz: bool = False,
                  in_all: bool = True, notice: str = "", needs_map: bool = True,
                  registry: FormatRegistry | None = None):
    """Decorator: register ``writer(context, out_dir) -> list[Path]`` as the format ``name``.

    >>> reg = FormatRegistry(builtins=None)
    >>> @export_format("txt", description="plain text", files=("map.txt",), registry=reg)
    ... def write_txt(context, out_dir):
    ...     return []
    >>> reg["txt"].files, callable(write_txt)
    (('map.txt',), True)
    """
    def decorate(writer):
        (FORMATS if registry is None else registry).register(
            Format(name, description, tuple(files), writer, needs_graphviz, in_all=in_all, notice=notice,
                   needs_map=needs_map))
        return writer

    return decorate


def format_names(*, with_all: bool = True) -> list[str]:
    """The registered format names in order, plus ``all`` (what ``--format`` accepts).

    >>> format_names()[:3], format_names()[-1]
    (['dot', 'svg', 'png'], 'all')
    """
    return [*FORMATS, ALL] if with_all else list(FORMATS)


def expand_formats(formats) -> list[str]:
    """Validate format names, expand ``all``, drop repeats (order kept).

    >>> expand_formats(["png", "dot", "png"])
    ['png', 'dot']
    >>> "qdpx" in expand_formats(["all"])     # a working file with names is never part of all
    False
    """
    out: list[str] = []
    for name in formats:
        name = str(name).lower()
        names = [n for n in FORMATS if getattr(FORMATS[n], "in_all", True)] if name == ALL else [name]
        for n in names:
            if n not in FORMATS:
                raise ExportError(Errors.E501, fmt=name, known=", ".join(format_names()))
            if n not in out:
                out.append(n)
    return out


def format_notices(formats) -> list[str]:
    """The one-line notices of the given formats (what the user must know about the files), in order.

    >>> format_notices(["csv"])
    []
    """
    return [n for n in (getattr(FORMATS[name], "notice", "") for name in expand_formats(formats)) if n]


def build_context(project, out_dir, *, language: str | None = None, title: str | None = None) -> ExportContext:
    """Load the evidence of ``project`` and analyse it once: graph, loops and marks.

    Raises :class:`~culturemap.errors.AnalysisError` E401 (from the graph) when nothing is accepted yet.
    """
    from ..analysis import analyse_project

    settings = project.settings
    analysis = analyse_project(project)
    evidence, graph, loops, marks = analysis.evidence, analysis.graph, analysis.loops, analysis.marks
    assert marks is not None                # the whole map is always marked (only group views are not)
    return ExportContext(project=project, evidence=evidence, graph=graph, loops=loops, marks=marks,
                         language=language or settings.language,
                         title=evidence.settings.title if title is None else title, out_dir=Path(out_dir))


def evidence_context(project, out_dir) -> ExportContext:
    """A context without the map (graph, loops and marks None) for formats that write from the evidence
    alone (``needs_map`` False: ``csv``); nothing needs to be accepted yet, so no E401."""
    from ..privacy.evidence import load_evidence

    evidence = load_evidence(project)
    return ExportContext(project=project, evidence=evidence, graph=None, loops=None, marks=None,
                         language=project.settings.language, title=evidence.settings.title, out_dir=Path(out_dir))


def check_graphviz(names) -> None:
    """E502 naming the formats of ``names`` that need Graphviz, when ``dot`` is not installed."""
    from .diagram import graphviz_available

    missing = [n for n in names if FORMATS[n].needs_graphviz]
    if missing and not graphviz_available():
        raise ExportError(Errors.E502, fmt=", ".join(missing))


def export_formats(project, formats, out_dir, *, progress=None, context: ExportContext | None = None,
                   issues: list | None = None) -> list[Path]:
    """Write the given formats of an engagement into ``out_dir``.

    Parameters
    ----------
    project : culturemap.project.Project
        The engagement (see :func:`culturemap.project.open_project`).
    formats : list of str
        Names from :data:`FORMATS`, or ``"all"``.
    out_dir : Path
        Output folder (created when missing).
    progress : callable, optional
        Called as ``progress(name)`` before each format is written (for a progress display).
    context : ExportContext, optional
        An already built context (``culturemap run`` builds it once); default :func:`build_context`, or
        :func:`evidence_context` when no format needs the map (``csv`` before anything is accepted).
    issues : list, optional
        Receives the W601 warning naming the possible names nobody listed that were redacted anyway.

    Returns
    -------
    list of Path
        Every file written, in the order of ``formats``.

    Raises
    ------
    ExportError
        E501 for an unknown format (before anything is written), E502 when a format needs Graphviz and
        ``dot`` is missing (checked before anything is written), E503 when a file cannot be written.
    """
    names = expand_formats(formats)
    check_graphviz(names)
    out_dir = Path(out_dir)
    if context is None:
        try:
            context = build_context(project, out_dir)
        except AnalysisError as exc:        # E401 (nothing accepted yet) matters only to formats that need the map
            if exc.code != "E401" or any(getattr(FORMATS[n], "needs_map", True) for n in names):
                raise
            context = evidence_context(project, out_dir)
    if issues is not None:
        from ..privacy.evidence import withheld_issue

        issue = withheld_issue(context.evidence)
        if issue is not None:
            issues.append(issue)
    if Path(context.out_dir) != out_dir:
        from dataclasses import replace

        context = replace(context, out_dir=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(Errors.E503, target=out_dir, detail=exc.strerror or str(exc)) from None
    written: list[Path] = []
    for name in names:
        if progress is not None:
            progress(name)
        written.extend(Path(p) for p in FORMATS[name].write(context, out_dir))
    return written
