"""``culturemap run``: the main job in one call.

Load the redacted evidence, build the map, find its loops, mark the values and beliefs, then write the
standard exports (:data:`culturemap.export.formats.STANDARD_FORMATS`: svg, png, pdf, dot, graphml, the
HTML report, the deck, csv) and ``session-template.yaml`` into the output folder (default ``DIR/out``).

A ``DIR/session.yaml`` is validated first, so a typo in it stops the run before anything is written; the
report and deck then show what the group recognised and agreed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis import STEPS
from .analysis.marks import MARKS

if TYPE_CHECKING:
    from .project import Project

__all__ = ["RunResult", "run", "OUT_DIR", "STEPS"]

OUT_DIR = "out"


@dataclass(frozen=True)
class RunResult:
    """What ``run`` wrote and the headline figures of the analysis."""

    out_dir: Path
    files: tuple[Path, ...]          # every file written, in the order written
    interviews: int
    groups: int
    codes: int                       # nodes on the map
    links: int                       # edges on the map
    reinforcing: int                 # loops
    balancing: int
    truncated: bool                  # loop search hit a bound
    cherish: int
    reduce: int
    redirect: int
    develop: int                     # enabling codes that most mentions say are missing or wished for
    unconfirmed: int                 # hindering codes that most mentions deny
    balance: float | None            # share of hindering mentions overall (None without mentions)
    session: Path | None             # the session.yaml folded into report and deck, if any
    template: Path | None            # session-template.yaml
    withheld: tuple[str, ...] = ()   # possible names nobody listed, redacted in every file (Evidence.withheld)

    def as_dict(self) -> dict:
        return {"out_dir": str(self.out_dir), "files": [str(f) for f in self.files],
                "interviews": self.interviews, "groups": self.groups, "codes": self.codes, "links": self.links,
                "loops": {"reinforcing": self.reinforcing, "balancing": self.balancing, "truncated": self.truncated},
                "marks": {"cherish": self.cherish, "develop": self.develop, "reduce": self.reduce,
                          "unconfirmed": self.unconfirmed, "redirect": self.redirect},
                "balance": self.balance, "session": str(self.session) if self.session else None}


def run(project: Project | str | Path, out_dir: str | Path | None = None, *,
        progress: Callable[[str, int, int], None] | None = None,
        formats: Iterable[str] | None = None) -> RunResult:
    """Analyse an engagement and write the session pack.

    Parameters
    ----------
    project : culturemap.project.Project or path
        The engagement (a folder path is opened with :func:`culturemap.project.open_project`).
    out_dir : path, optional
        Output folder; default ``DIR/out``.
    progress : callable, optional
        Called as ``progress(step, done, total)`` before each step: the analysis steps of :data:`STEPS`,
        then one per export format, then ``"session-template"``.
    formats : list of str, optional
        Export formats; default :data:`culturemap.export.formats.STANDARD_FORMATS`.

    Returns
    -------
    RunResult

    Raises
    ------
    CulturemapError
        E001 (no engagement), E401 (nothing accepted yet), E52x (session.yaml invalid), E502 (Graphviz
        missing), E503 (output not writable), E505 (the output would overwrite one of the engagement's own
        files, e.g. ``--out DIR``; checked before any work), ...
    """
    from .analysis import analyse
    from .export import prepare_out_dir, write_export
    from .export.formats import STANDARD_FORMATS, ExportContext, check_graphviz, expand_formats, export_formats
    from .privacy.evidence import load_map_evidence
    from .project import Project, open_project
    from .session import TEMPLATE_FILE, load_session, session_template

    if not isinstance(project, Project):
        project = open_project(project)
    settings = project.settings
    out = Path(out_dir) if out_dir is not None else project.root / OUT_DIR
    names = expand_formats(formats if formats is not None else STANDARD_FORMATS)
    check_graphviz(names)                               # say so before the slow part, not after it
    prepare_out_dir(out, names, files=(TEMPLATE_FILE,))  # E505: never over the engagement's own files
    total = len(STEPS) + len(names) + 1
    done = 0

    def step(name: str) -> None:
        nonlocal done
        if progress is not None:
            progress(name, done, total)
        done += 1

    step("evidence")
    evidence = load_map_evidence(project)
    session = load_session(project, evidence.codebook, settings=evidence.settings)   # fail early on a bad one
    analysis = analyse(evidence, progress=step)
    graph, loops, marks = analysis.graph, analysis.loops, analysis.marks
    assert marks is not None                                    # the whole map is always marked
    context = ExportContext(project=project, evidence=evidence, graph=graph, loops=loops, marks=marks,
                            language=settings.language, title=evidence.settings.title, out_dir=out)
    files = export_formats(project, names, out, context=context, progress=lambda name: step(name))
    step("session-template")
    template = out / TEMPLATE_FILE
    write_export(template, session_template(marks, language=settings.language,
                                            session_path=str(project.session_path), session=session).encode("utf-8"))
    files = [*files, template]
    counts = {name: sum(1 for m in marks.marks if m.mark == name) for name in MARKS}
    overall = (marks.balance or {}).get("overall")
    return RunResult(
        out_dir=out, files=tuple(files), interviews=len(evidence.interviews), groups=len(evidence.group_sizes()),
        codes=graph.number_of_nodes(), links=graph.number_of_edges(),
        reinforcing=sum(1 for lp in loops.loops if lp.polarity == "reinforcing"),
        balancing=sum(1 for lp in loops.loops if lp.polarity == "balancing"), truncated=bool(loops.truncated),
        cherish=counts["cherish"], reduce=counts["reduce"], redirect=counts["redirect"],
        develop=counts["develop"], unconfirmed=counts["unconfirmed"],
        balance=None if not (marks.balance or {}).get("mentions") else overall,
        session=project.session_path if session is not None else None, template=template,
        withheld=evidence.withheld,
    )
