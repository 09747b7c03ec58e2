"""Commands that read the map: build, loops, mark, compare, whatif."""
from __future__ import annotations

import click

from .base import DIR_ARG, handle_errors, main
from .output import echo_json, echo_table, map_evidence, new_table, node_label


@main.command("build")
@DIR_ARG
@click.option("--min-sources", type=int, default=None, metavar="N",
              help="Drop coded links told by fewer than N interviews (default: min_sources in culturemap.yaml).")
@click.option("--group", "group", default=None, metavar="G", help="Only the interviews of group G.")
@click.option("--json", "as_json", is_flag=True, help="Print node-link JSON.")
@handle_errors
def build_cmd(directory, min_sources, group, as_json):
    """Build the causal map from accepted tags, accepted links and links.csv."""
    from ..analysis.graph import build_graph, graph_to_json

    graph = build_graph(map_evidence(directory), min_sources=min_sources, group=group)
    if as_json:
        echo_json(graph_to_json(graph))
        return
    scope = f" (group {group})" if group else ""
    click.echo(f"Map{scope}: {graph.number_of_nodes()} codes, {graph.number_of_edges()} links "
               f"(coded links need {graph.graph['min_sources']}+ interviews; hand-drawn links always stay).")
    nodes = new_table("Code", "Label", "Kind", "Effect", "Mentions", "Interviews")
    for node, data in sorted(graph.nodes(data=True)):
        nodes.add_row(node, str(data["label"]), data["kind"], data["effect"], str(data["mentions"]),
                      str(data["sources"]))
    echo_table(nodes)
    links = new_table("Link", "Sign", "Sources", "Note")
    for cause, effect, data in sorted(graph.edges(data=True), key=lambda e: (node_label(graph, e[0]), node_label(graph, e[1]))):
        note = ", ".join(n for n, on in (("hand-drawn", data["hand"]), ("sign conflict", data["sign_conflict"])) if on)
        links.add_row(f"{node_label(graph, cause)} → {node_label(graph, effect)}", data["sign"], str(data["sources"]), note)
    if graph.number_of_edges():
        click.echo("")
        echo_table(links)
    for c in graph.graph["sign_conflicts"]:
        click.echo(f"Sign conflict: {node_label(graph, c['cause'])} → {node_label(graph, c['effect'])} was told as "
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
    from ..analysis import analyse

    evidence = map_evidence(directory)
    if max_length is None:
        max_length = evidence.settings.max_loop_length
    analysis = analyse(evidence, max_length=max_length, max_loops=max_loops, time_limit=time_limit, marks=False)
    graph, result = analysis.graph, analysis.loops
    if as_json:
        echo_json(result.as_dict())
        return
    if not result.loops:
        click.echo("No feedback loops found.")
    else:
        table = new_table("Id", "Polarity", "Reading", "Loop")
        for loop in result.loops:
            path = " → ".join(node_label(graph, n) for n in loop.nodes + loop.nodes[:1])
            table.add_row(loop.id, loop.polarity, loop.reading, path)
        echo_table(table)
    if result.truncated_by == "count":
        click.echo(f"Truncated: stopped after {max_loops} loops; raise --max-loops or --min-sources to see more.")
    elif result.truncated_by == "time":
        click.echo(f"Truncated: stopped after {time_limit:g} seconds; raise --time-limit or use --max-length.")
    elif result.truncated_by == "length":
        click.echo(f"Truncated: there are loops longer than {max_length} links; raise --max-length to list them.")
    for i, component in enumerate(result.components, start=1):
        names = [node_label(graph, n) for n in component[:12]]
        more = f" and {len(component) - 12} more" if len(component) > 12 else ""
        click.echo(f"Knot {i} ({len(component)} codes that all feed each other): {', '.join(names)}{more}")


@main.command("mark")
@DIR_ARG
@click.option("--json", "as_json", is_flag=True, help="Print the marks and the culture balance as JSON.")
@handle_errors
def mark_cmd(directory, as_json):
    """Mark every value, belief and behaviour: cherish, reduce or redirect, with priority and reasons."""
    from ..analysis import analyse

    evidence = map_evidence(directory)
    result = analyse(evidence).marks
    assert result is not None  # the whole map is always marked
    if as_json:
        echo_json(result.as_dict())
        return
    table = new_table("Code", "Label", "Mark", "Score", "Reasons", "Quotes")
    for m in result.marks:
        quotes = "\n".join(f"“{q['text']}” ({q['interview']})" for q in m.quotes)
        table.add_row(m.code, m.label, m.mark, f"{m.score:.2f}", "\n".join(m.reasons), quotes)
    echo_table(table)
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
    from ..analysis.compare import compare_groups

    evidence = map_evidence(directory)
    result = compare_groups(evidence, by=by)
    if as_json:
        echo_json(result.as_dict())
        return
    names = {g: evidence.settings.groups.get(g, g) for g in result.groups}
    table = new_table("Code", "Label", *(f"{names[g]} (n={n})" for g, n in result.groups.items()), "Gap", "Differs")
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
        echo_table(table)
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
    from ..analysis import analyse
    from ..analysis.whatif import what_if

    analysis = analyse(map_evidence(directory), marks=False)
    result = what_if(analysis.graph, reduce=reduce, cherish=cherish, loops=analysis.loops)
    if as_json:
        echo_json(result.as_dict())
        return
    done = [f"reduce {', '.join(result.reduce)}"] if result.reduce else []
    done += [f"cherish {', '.join(result.cherish)}"] if result.cherish else []
    click.echo(f"What if we {' and '.join(done)}:")
    if result.moves:
        table = new_table("Code", "Label", "Effect", "Change", "Direction")
        for m in result.moves:
            table.add_row(m["code"], m["label"], m["effect"], f"{m['change']:+.2f}",
                          "up" if m["direction"] == "up" else "down")
        echo_table(table)
    else:
        click.echo("No other code moves.")
    for title, rows in (("Weakened loops", result.weakened), ("Strengthened loops", result.strengthened)):
        if rows:
            click.echo(f"{title}: " + ", ".join(f"{r['id']} ({r['reading']}, {r['change']:+.2f})" for r in rows))
    if not result.converged:
        click.echo(f"Note: the simulation had not settled after {result.steps} steps; read the figures as a trend.")
