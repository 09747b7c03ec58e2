"""Page assembly: the sections filled into ``report.html.j2`` with the style sheet and script inlined."""
from __future__ import annotations

from pathlib import Path

from ...analysis.stories import clean_quote
from ...i18n import LANGUAGES, t
from .sections import _balance_rows, _decisions, _loop_items, _mark_sections, _node_views
from .svg import _map_svg
from .wording import kind_name, vocab

__all__ = ["write_report", "render_report", "REPORT_FILE"]

REPORT_FILE = "report.html"


def render_report(context, *, session=None) -> str:
    """The report as one HTML string (see :func:`write_report`).

    Parameters
    ----------
    context : culturemap.export.formats.ExportContext
        project, evidence, graph, loops, marks, language, title.
    session : culturemap.session.Session, optional
        Decisions of the group session; by default read from ``DIR/session.yaml``.

    Returns
    -------
    str
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ...session import load_session, priority_marks

    language = context.language if context.language in LANGUAGES else "en"
    evidence, graph, loops, marks = context.evidence, context.graph, context.loops, context.marks
    settings = evidence.settings
    if session is None:
        session = load_session(context.project, evidence.codebook, settings=evidence.settings)
    labels = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    kinds = {n: str(d.get("kind", "")) for n, d in graph.nodes(data=True)}
    mark_list = list(marks.marks) if marks is not None else []
    marks_by_code = {m.code: m for m in mark_list}
    for m in mark_list:
        labels.setdefault(m.code, m.label)
        kinds.setdefault(m.code, m.kind)
    codebook = evidence.codebook
    if codebook is not None:
        for code in codebook.codes:
            labels.setdefault(code.id, code.label_for(language))
            kinds.setdefault(code.id, code.kind)

    loop_items = _loop_items(context, labels, kinds, language)
    mark_sections = _mark_sections(mark_list, language)
    balance = marks.balance if marks is not None else {}
    balance_rows, suppressed = _balance_rows(balance or {}, settings, language)
    decisions = _decisions(session, labels, language)
    n_groups = len([g for g in evidence.group_sizes()])
    threshold = settings.anonymity_threshold
    map_svg = _map_svg(context, language, labels) if graph.number_of_nodes() else ""
    env = Environment(loader=PackageLoader("culturemap", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    from markupsafe import Markup

    def p(key, **fields):
        return t(key, language, **fields)

    env.filters["quote"] = clean_quote
    template = env.get_template("report.html.j2")
    return template.render(
        lang=language, title=context.title or t("doc.subtitle", language),
        organisation=settings.organisation, p=p, v=lambda key: vocab(key, language),
        kind_name=lambda k: kind_name(k, language),
        figures=p("doc.figures", interviews=len(evidence.interviews), groups=n_groups,
                  codes=graph.number_of_nodes(), links=graph.number_of_edges(),
                  loops=len(loop_items)),
        map_svg=Markup(map_svg), nodes=_node_views(context, marks_by_code, language),
        total=len(evidence.interviews), threshold=threshold, n_links=graph.number_of_edges(),
        loops=[dict(item, svg=Markup(item["svg"])) for item in loop_items],
        truncated=bool(getattr(loops, "truncated", False)),
        mark_sections=mark_sections, balance_rows=balance_rows, suppressed=suppressed,
        balance=balance or {}, session=session, decisions=decisions,
        priority=[m.code for m in priority_marks(mark_list)],
        css=Markup(_asset("report.css")), js=Markup(_asset("report.js")),
    )


def _asset(name: str) -> str:
    from importlib.resources import files

    return files("culturemap").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def write_report(context, out_dir) -> list[Path]:
    """Write ``report.html`` into ``out_dir``.

    Parameters
    ----------
    context : culturemap.export.formats.ExportContext
        The analysed engagement (project, evidence, graph, loops, marks, language, title).
    out_dir : str or Path
        Output folder (created when missing).

    Returns
    -------
    list of Path
        ``[out_dir / "report.html"]``.

    Raises
    ------
    ExportError
        E503 when the folder is not writable; E502 (from the diagrams) when Graphviz is missing.
    """
    html = render_report(context)
    path = Path(out_dir) / REPORT_FILE
    from .. import write_export

    write_export(path, html.encode("utf-8"))
    return [path]

