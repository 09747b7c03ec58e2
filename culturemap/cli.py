"""The command line: parses arguments, calls one library function, prints the result.

Only this module turns :class:`culturemap.errors.CulturemapError` into ``Error: ...`` and exit code 1.
Heavy libraries (spaCy, networkx, pydot, python-pptx) are imported inside the commands, never at module
level, so ``culturemap --help`` stays fast.
"""
from __future__ import annotations

import functools
import sys

import click

from . import __version__
from .errors import CulturemapError, Issue

DIR_ARG = click.argument("directory", type=click.Path(file_okay=False, path_type=None), metavar="DIR")


class CulturemapGroup(click.Group):
    """Keeps commands in the order they were added (the order of the workflow)."""

    def list_commands(self, ctx):
        return list(self.commands)


@click.group(cls=CulturemapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="culturemap")
@click.option("--debug", is_flag=True, help="Show a traceback on errors (for bug reports).")
@click.pass_context
def main(ctx, debug):
    """culturemap: from culture dialogues to a causal-loop map and a session pack.

    \b
    Workflow:
      culturemap init DIR        create an engagement folder with a starter codebook
      culturemap tag DIR         suggest codes and causal links in the transcripts
      culturemap review DIR      accept / reject the suggestions
      culturemap run DIR         map, loops, marks, report, deck and diagrams in DIR/out
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def handle_errors(func):
    """Turn library errors into ``Error: ...`` + exit 1 (traceback only with --debug)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = (ctx.find_root().obj or {}).get("debug", False)
        try:
            return func(*args, **kwargs)
        except CulturemapError as exc:
            if debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted. Everything decided so far is saved.", err=True)
            ctx.exit(130)

    return wrapper


def echo_issues(issues) -> None:
    """Print collected warnings / non-fatal errors as ``Warning: ...`` / ``Error: ...`` on stderr."""
    for issue in issues:
        prefix = "Error" if getattr(issue, "level", "warning") == "error" else "Warning"
        click.echo(f"{prefix}: {issue}", err=True)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


# ---------------------------------------------------------------- commands: engagement and coding (issue 2)
# ---------------------------------------------------------------- commands: review and store (issue 2/5)
# ---------------------------------------------------------------- commands: map (issue 3)
def _map_evidence(directory):
    """Open the engagement and load its redacted evidence (E401 when nothing is accepted yet)."""
    from .errors import AnalysisError, Errors
    from .evidence import load_evidence
    from .project import open_project

    evidence = load_evidence(open_project(directory))
    if not evidence.tags and not evidence.links:
        raise AnalysisError(Errors.E401, dir=directory)
    return evidence


def _echo_json(data) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _echo_table(table) -> None:
    """Render a rich table as plain text (terminal width on a terminal, 120 columns otherwise)."""
    import shutil

    from rich.console import Console

    stream = click.get_text_stream("stdout")
    width = shutil.get_terminal_size((120, 24)).columns if stream.isatty() else 120
    console = Console(width=width, no_color=True, highlight=False, emoji=False, color_system=None)
    with console.capture() as capture:
        console.print(table)
    click.echo(capture.get(), nl=False)


def _new_table(*columns):
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in columns:
        justify = "right" if column in ("Mentions", "Interviews", "Sources", "Score", "Change", "Gap") else "left"
        table.add_column(column, justify=justify, overflow="fold")
    return table


def _label(graph, node) -> str:
    return str(graph.nodes[node].get("label") or node) if node in graph else str(node)


@main.command("build")
@DIR_ARG
@click.option("--min-sources", type=int, default=None, metavar="N",
              help="Drop coded links told by fewer than N interviews (default: min_sources in culturemap.yaml).")
@click.option("--group", "group", default=None, metavar="G", help="Only the interviews of group G.")
@click.option("--json", "as_json", is_flag=True, help="Print node-link JSON.")
@handle_errors
def build_cmd(directory, min_sources, group, as_json):
    """Build the causal map from accepted tags, accepted links and links.csv."""
    from .graph import build_graph, graph_to_json

    graph = build_graph(_map_evidence(directory), min_sources=min_sources, group=group)
    if as_json:
        _echo_json(graph_to_json(graph))
        return
    scope = f" (group {group})" if group else ""
    click.echo(f"Map{scope}: {graph.number_of_nodes()} codes, {graph.number_of_edges()} links "
               f"(coded links need {graph.graph['min_sources']}+ interviews; hand-drawn links always stay).")
    nodes = _new_table("Code", "Label", "Kind", "Effect", "Mentions", "Interviews")
    for node, data in sorted(graph.nodes(data=True)):
        nodes.add_row(node, str(data["label"]), data["kind"], data["effect"], str(data["mentions"]),
                      str(data["sources"]))
    _echo_table(nodes)
    links = _new_table("Link", "Sign", "Sources", "Note")
    for cause, effect, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        note = ", ".join(n for n, on in (("hand-drawn", data["hand"]), ("sign conflict", data["sign_conflict"])) if on)
        links.add_row(f"{_label(graph, cause)} → {_label(graph, effect)}", data["sign"], str(data["sources"]), note)
    if graph.number_of_edges():
        click.echo("")
        _echo_table(links)
    for c in graph.graph["sign_conflicts"]:
        click.echo(f"Sign conflict: {_label(graph, c['cause'])} → {_label(graph, c['effect'])} was told as "
                   f"'+' {c['plus']}x and as '-' {c['minus']}x; the map uses the majority. Check the quotes.")


@main.command("loops")
@DIR_ARG
@click.option("--max-length", type=int, default=None, metavar="N",
              help="Longest loop, in links (default: max_loop_length in culturemap.yaml, 8).")
@click.option("--max-loops", type=int, default=500, show_default=True, metavar="N", help="Stop after N loops.")
@click.option("--time-limit", type=float, default=2.0, show_default=True, metavar="SECONDS",
              help="Stop searching after this many seconds.")
@click.option("--json", "as_json", is_flag=True, help="Print the loops as JSON.")
@handle_errors
def loops_cmd(directory, max_length, max_loops, time_limit, as_json):
    """List the feedback loops (R reinforcing, B balancing) and where the map is knotted."""
    from .graph import build_graph
    from .loops import find_loops

    evidence = _map_evidence(directory)
    if max_length is None:
        max_length = evidence.settings.max_loop_length
    graph = build_graph(evidence)
    result = find_loops(graph, max_length=max_length, max_loops=max_loops, time_limit=time_limit)
    if as_json:
        _echo_json(result.as_dict())
        return
    if not result.loops:
        click.echo("No feedback loops found.")
    else:
        table = _new_table("Id", "Polarity", "Reading", "Loop")
        for loop in result.loops:
            path = " → ".join(_label(graph, n) for n in loop.nodes + loop.nodes[:1])
            table.add_row(loop.id, loop.polarity, loop.reading, path)
        _echo_table(table)
    if result.truncated_by == "count":
        click.echo(f"Truncated: stopped after {max_loops} loops; raise --max-loops or --min-sources to see more.")
    elif result.truncated_by == "time":
        click.echo(f"Truncated: stopped after {time_limit:g} seconds; raise --time-limit or use --max-length.")
    elif result.truncated_by == "length":
        click.echo(f"Truncated: there are loops longer than {max_length} links; raise --max-length to list them.")
    for i, component in enumerate(result.components, start=1):
        click.echo(f"Knot {i} ({len(component)} codes that all feed each other): "
                   + ", ".join(_label(graph, n) for n in component))


@main.command("mark")
@DIR_ARG
@click.option("--json", "as_json", is_flag=True, help="Print the marks and the culture balance as JSON.")
@handle_errors
def mark_cmd(directory, as_json):
    """Mark every value, belief and behaviour: cherish, reduce or redirect, with priority and reasons."""
    from .graph import build_graph
    from .loops import find_loops
    from .marks import mark_codes

    evidence = _map_evidence(directory)
    graph = build_graph(evidence)
    result = mark_codes(graph, find_loops(graph, max_length=evidence.settings.max_loop_length), evidence)
    if as_json:
        _echo_json(result.as_dict())
        return
    table = _new_table("Code", "Label", "Mark", "Score", "Reasons", "Quotes")
    for m in result.marks:
        quotes = "\n".join(f"“{q['text']}” ({q['interview']})" for q in m.quotes)
        table.add_row(m.code, m.label, m.mark, f"{m.score:.2f}", "\n".join(m.reasons), quotes)
    _echo_table(table)
    b = result.balance
    click.echo(f"Culture balance: {round(100 * b['overall'])}% of {b['mentions']} mentions are hindering.")
    for group, share in b["by_group"].items():
        click.echo(f"  {evidence.settings.groups.get(group, group)}: {round(100 * share)}% hindering")
    for group, note in b["suppressed"].items():
        click.echo(f"  {evidence.settings.groups.get(group, group)}: {note}")


@main.command("compare")
@DIR_ARG
@click.option("--by", "by", type=click.Choice(["group", "role"]), default="group", show_default=True,
              help="Compare the groups or the roles of the interviewees.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@handle_errors
def compare_cmd(directory, by, as_json):
    """Where groups see it differently: share of each group's interviews that mention each code."""
    from .compare import compare_groups

    evidence = _map_evidence(directory)
    result = compare_groups(evidence, by=by)
    if as_json:
        _echo_json(result.as_dict())
        return
    names = {g: evidence.settings.groups.get(g, g) for g in result.groups}
    table = _new_table("Code", "Label", *(f"{names[g]} (n={n})" for g, n in result.groups.items()), "Gap", "Differs")
    for row in result.rows:
        cells = []
        for g in result.groups:
            cell = f"{round(100 * row.shares[g])}%"
            if row.negated.get(g):
                cell += f" ({round(100 * row.negated[g])}% negated)"
            cells.append(cell)
        gap = max(row.difference, row.negated_difference)
        table.add_row(row.code, row.label, *cells, f"{round(100 * gap)}%", "yes" if row.flagged else "")
    if result.rows:
        _echo_table(table)
    for group, note in result.suppressed.items():
        click.echo(f"{evidence.settings.groups.get(group, group)}: {note}")
    for note in result.notes:
        click.echo(note)


@main.command("whatif")
@DIR_ARG
@click.option("--reduce", "reduce", multiple=True, metavar="CODE", help="A code to reduce (repeatable).")
@click.option("--cherish", "cherish", multiple=True, metavar="CODE", help="A code to cherish (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def whatif_cmd(directory, reduce, cherish, as_json):
    """What if we reduce or cherish some codes? Which codes move, which loops weaken."""
    from .graph import build_graph
    from .loops import find_loops
    from .whatif import what_if

    evidence = _map_evidence(directory)
    graph = build_graph(evidence)
    loops = find_loops(graph, max_length=evidence.settings.max_loop_length)
    result = what_if(graph, reduce=reduce, cherish=cherish, loops=loops)
    if as_json:
        _echo_json(result.as_dict())
        return
    done = [f"reduce {', '.join(result.reduce)}"] if result.reduce else []
    done += [f"cherish {', '.join(result.cherish)}"] if result.cherish else []
    click.echo(f"What if we {' and '.join(done)}:")
    if result.moves:
        table = _new_table("Code", "Label", "Effect", "Change", "Direction")
        for m in result.moves:
            table.add_row(m["code"], m["label"], m["effect"], f"{m['change']:+.2f}",
                          "up" if m["direction"] == "up" else "down")
        _echo_table(table)
    else:
        click.echo("No other code moves.")
    for title, rows in (("Weakened loops", result.weakened), ("Strengthened loops", result.strengthened)):
        if rows:
            click.echo(f"{title}: " + ", ".join(f"{r['id']} ({r['reading']}, {r['change']:+.2f})" for r in rows))
    if not result.converged:
        click.echo(f"Note: the simulation had not settled after {result.steps} steps; read the figures as a trend.")


# ---------------------------------------------------------------- commands: exports and session pack (issue 4)
# ---------------------------------------------------------------- commands: privacy (issue 5)


if __name__ == "__main__":  # pragma: no cover
    main()
