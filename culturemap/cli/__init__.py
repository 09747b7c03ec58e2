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
from .errors import CulturemapError

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
def _open(directory):
    from .project import open_project

    return open_project(directory)


def _progress(label: str):
    """A rich progress bar on a terminal (stderr), nothing otherwise. Returns (context, callback)."""
    import contextlib

    if not stderr_is_terminal():
        return contextlib.nullcontext(), None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[name]}"), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task(label, total=None, name="")

    def callback(name, done, total):
        progress.update(task, completed=done, total=total, name=name)

    return progress, callback


@main.command("init")
@DIR_ARG
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Default transcript language and the language of every export.")
@handle_errors
def init_cmd(directory, language):
    """Create an engagement folder with settings, a starter codebook and codings/."""
    from .project import init_project

    project = init_project(directory, language=language)
    click.echo(f"Created engagement in {project.root}: culturemap.yaml, codebook.yaml, codings/")
    click.echo(f"Next: put the transcripts (.md, .txt, .docx, .vtt, .srt) in {project.root} "
               f"and run: culturemap tag {project.root}")


@main.command("tag")
@DIR_ARG
@click.option("--force", is_flag=True, help="Tag every transcript again, even unchanged ones (decisions are kept).")
@handle_errors
def tag_cmd(directory, force):
    """Suggest codes and causal links for new or changed transcripts (keeps every review decision)."""
    from .tagging import tag_project

    project = _open(directory)
    bar, callback = _progress("Tagging")
    with bar:
        result = tag_project(project, force=force, progress=callback)
    echo_issues(result.issues)
    n_tagged, n_same = len(result.tagged), len(result.unchanged)
    if n_tagged:
        click.echo(f"Tagged {_plural(n_tagged, 'transcript')}: {_plural(result.suggestions, 'new suggestion')}"
                   + (f" ({n_same} unchanged)." if n_same else "."))
        click.echo(f"Pipeline: {', '.join(result.pipelines)}")
    else:
        click.echo(f"Nothing to tag: all {_plural(n_same, 'transcript')} unchanged since the last run.")
    if result.orphaned:
        from .errors import Issue, Warnings

        echo_issues([Issue(Warnings.W301, n=result.orphaned, dir=directory)])
    click.echo(f"Next: culturemap review {directory}")
    if any(i.level == "error" for i in result.issues):
        click.get_current_context().exit(1)


@main.command("themes")
@DIR_ARG
@click.option("--min-interviews", type=click.IntRange(1), default=2, show_default=True, metavar="N",
              help="Only themes voiced in at least N interviews.")
@click.option("--limit", type=click.IntRange(1), default=15, show_default=True, metavar="N", help="Show at most N themes.")
@click.option("--json", "as_json", is_flag=True, help="Print the themes as JSON.")
@handle_errors
def themes_cmd(directory, min_interviews, limit, as_json):
    """Recurring beliefs no code covers yet (the red threads), to add to the codebook."""
    from .ingest import load_transcripts
    from .privacy import pseudonyms
    from .themes import find_themes

    project = _open(directory)
    bar, callback = _progress("Reading")
    with bar:
        result = find_themes(project, min_interviews=min_interviews, limit=limit, progress=callback)
    transcripts, _ = load_transcripts(project.root, default_language=project.settings.language)
    names = pseudonyms(transcripts, threshold=project.settings.anonymity_threshold)
    if as_json:
        _echo_json(result.as_dict(names))
        return
    if not result.themes:
        click.echo(f"No recurring uncovered beliefs found ({_plural(result.statements, 'uncovered belief statement')}).")
        return
    click.echo(f"{_plural(len(result.themes), 'candidate theme')} from "
               f"{_plural(result.statements, 'belief statement')} that no code matches:")
    for n, theme in enumerate(result.themes, 1):
        click.echo(f"\n{n}. {theme.label}  ({_plural(len(theme.interviews), 'interview')}, "
                   f"{_plural(len(theme.groups), 'group')})")
        for s in theme.statements[:3]:
            click.echo(f"   {names.get(s.interview, s.interview)}: \"{_quote(s.text, 110)}\"")
    click.echo(f"\nNext: add a code for a theme to {project.codebook_path} and run: culturemap tag {directory}")


@main.command("evaluate")
@DIR_ARG
@click.option("--gold", required=True, type=click.Path(exists=True, path_type=None), metavar="GOLD",
              help="Gold coding: a folder with tags.csv/links.csv (export format) or <id>.yaml quote files.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="List every missed and every wrong suggestion.")
@handle_errors
def evaluate_cmd(directory, gold, as_json, show_errors):
    """Score the tagger's suggestions against a gold coding (precision, recall, F1, negation)."""
    from .evaluate import evaluate_project

    project = _open(directory)
    bar, callback = _progress("Evaluating")
    with bar:
        ev = evaluate_project(project, gold, progress=callback)
    if as_json:
        _echo_json(ev.as_dict())
        return
    t, l = ev.tags, ev.links
    click.echo(f"Interviews scored: {ev.interviews} (pipeline: {', '.join(ev.pipelines)})")
    click.echo(f"Tags   precision {t.precision:.3f}  recall {t.recall:.3f}  F1 {t.f1:.3f}  "
               f"(tp {t.tp}, fp {t.fp}, fn {t.fn})")
    click.echo(f"Links  precision {l.precision:.3f}  recall {l.recall:.3f}  F1 {l.f1:.3f}  "
               f"(tp {l.tp}, fp {l.fp}, fn {l.fn})")
    if ev.negation_accuracy is not None:
        click.echo(f"Negation accuracy {ev.negation_accuracy:.3f} on {ev.negation_pairs} matched tags")
    table = _new_table("code", "precision", "recall", "F1", "tp", "fp", "fn")
    for code, s in sorted(ev.per_code.items()):
        table.add_row(code, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp), str(s.fp), str(s.fn))
    _echo_table(table)
    if show_errors:
        for kind, interview, key, text in ev.misses:
            click.echo(f"missed  {kind} {interview} {'/'.join(key)}: {text}")
        for kind, interview, key, text in ev.false_alarms:
            click.echo(f"wrong   {kind} {interview} {'/'.join(key)}: {text}")


# ---------------------------------------------------------------- commands: review and store (issue 2/5)
def stdin_is_terminal() -> bool:
    """Whether the interactive review can read key presses (tests monkeypatch this)."""
    return sys.stdin.isatty()


def _review_filters(interview, code) -> str:
    parts = [f"interview {interview}" if interview else "", f"code {code}" if code else ""]
    parts = [p for p in parts if p]
    return f" ({', '.join(parts)})" if parts else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _quote(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


@main.command("review")
@DIR_ARG
@click.option("--interview", "interview", default=None, metavar="ID",
              help="Only this interview (required with --add-tag/--add-link).")
@click.option("--code", "code", default=None, metavar="ID",
              help="Only suggestions with this code; with --add-tag: the code to add.")
@click.option("--accept-all", "accept_all", is_flag=True, help="Accept every open suggestion (filtered by --interview/--code).")
@click.option("--reject-all", "reject_all", is_flag=True, help="Reject every open suggestion (filtered by --interview/--code).")
@click.option("--undo", "undo_", is_flag=True, help="Undo the last decision (a whole --accept-all/--reject-all at once).")
@click.option("--add-tag", "add_tag", default=None, metavar="QUOTE",
              help="Tag the sentence holding QUOTE with --code in --interview (a manual tag, accepted).")
@click.option("--negated", is_flag=True, help="With --add-tag: the sentence denies the code (e.g. 'we never ...').")
@click.option("--add-link", "add_link", default=None, metavar="QUOTE",
              help="Add a causal link --cause -> --effect with --sign, anchored on QUOTE in --interview.")
@click.option("--cause", default=None, metavar="ID", help="With --add-link: the code that influences.")
@click.option("--effect", default=None, metavar="ID", help="With --add-link: the code influenced.")
@click.option("--sign", type=click.Choice(["+", "-"]), default=None, help="With --add-link: + same direction, - opposite.")
@click.option("--orphans", is_flag=True, help="List decisions whose quote vanished after a transcript was edited.")
@click.option("--apply", "apply_", default=None, metavar="CODING", type=click.Path(exists=True),
              help="Decide open suggestions by a reference coding (a colleague's or gold: tags.csv/links.csv or "
                   "<id>.yaml quote files): accept what it confirms, reject the rest, add what it adds.")
@handle_errors
def review_cmd(directory, interview, code, accept_all, reject_all, undo_, add_tag, negated, add_link, cause, effect,
               sign, orphans, apply_):
    """Accept or reject the suggestions, interactively or in batch.

    \b
    On a terminal, without options, walks every open suggestion:
      a accept   r reject   c change code   s skip   u undo   q quit
    Every key is saved at once; nothing is lost when you quit.

    \b
    Examples:
      culturemap review DIR --interview kc-03
      culturemap review DIR --accept-all --code only-numbers
      culturemap review DIR --add-tag "we vieren nooit iets" --code celebrate-success --negated --interview kc-03
      culturemap review DIR --add-link "daardoor blijft alles liggen" --cause workload --effect complaints --sign + --interview kc-03
      culturemap review DIR --apply colleague/tags.csv
      culturemap review DIR --undo
    """
    from .project import open_project
    from .store import engagement_lock

    actions = [name for name, on in (("--accept-all", accept_all), ("--reject-all", reject_all), ("--undo", undo_),
                                     ("--add-tag", add_tag is not None), ("--add-link", add_link is not None),
                                     ("--orphans", orphans), ("--apply", apply_ is not None)) if on]
    if len(actions) > 1:
        raise click.UsageError(f"{' and '.join(actions)} cannot be combined; give one of them.")
    action = actions[0] if actions else None
    if negated and action != "--add-tag":
        raise click.UsageError("--negated only goes with --add-tag.")
    link_opts = [n for n, v in (("--cause", cause), ("--effect", effect), ("--sign", sign)) if v is not None]
    if link_opts and action != "--add-link":
        raise click.UsageError(f"{', '.join(link_opts)} only go(es) with --add-link.")
    if code and action == "--add-link":
        raise click.UsageError("--add-link takes --cause and --effect, not --code.")
    if action in ("--add-tag", "--add-link"):
        need = [("--interview", interview)] + ([("--code", code)] if action == "--add-tag" else
                                               [("--cause", cause), ("--effect", effect), ("--sign", sign)])
        missing = [n for n, v in need if not v]
        if missing:
            raise click.UsageError(f"{action} needs {', '.join(missing)}.")

    project = open_project(directory)
    undo_hint = f"Undo with: culturemap review {directory} --undo"
    if action == "--apply":
        from .reference import apply_reference

        r = apply_reference(project, apply_)
        click.echo(f"Applied {apply_} to {_plural(r.interviews, 'interview')}: accepted {r.accepted}, "
                   f"rejected {r.rejected}, added {r.added} manual coding{'s' if r.added != 1 else ''}.")
        click.echo(undo_hint)
        return
    if action == "--orphans":
        from .review import orphaned_items

        items = [i for i in orphaned_items(project) if interview is None or i.interview == interview]
        if not items:
            click.echo("No orphaned decisions" + _review_filters(interview, None) + ".")
            return
        for i in items:
            what = f"tag {i.code}" if hasattr(i, "code") else f"link {i.cause} -> {i.effect} ({i.sign})"
            click.echo(f"{i.interview}  {i.status:<8}  {what}  \"{_quote(i.text)}\"")
        click.echo(f"{_plural(len(items), 'orphaned decision')}: the quote is no longer in the transcript. "
                   f"Add it again with --add-tag/--add-link where the words are now.")
        return

    with engagement_lock(project):
        if action in ("--accept-all", "--reject-all"):
            from .review import batch

            status = "accepted" if action == "--accept-all" else "rejected"
            n = batch(project, status, interview=interview, code=code)
            filters = _review_filters(interview, code)
            if n:
                verb = "Accepted" if status == "accepted" else "Rejected"
                click.echo(f"{verb} {_plural(n, 'suggestion')}{filters}. {undo_hint}")
            else:
                click.echo(f"No open suggestions{filters}: nothing to {'accept' if status == 'accepted' else 'reject'}.")
            return
        if action == "--undo":
            from .review import undo

            click.echo(undo(project) + ".")
            return
        if action == "--add-tag":
            from .review import add_manual_tag

            tag = add_manual_tag(project, interview, add_tag, code, negated=negated)
            state = "accepted, negated" if tag.negated else "accepted"
            click.echo(f"Added tag {tag.code} ({state}) to {tag.interview}: \"{_quote(tag.text)}\". {undo_hint}")
            return
        if action == "--add-link":
            from .review import add_manual_link

            link = add_manual_link(project, interview, add_link, cause, effect, sign)
            click.echo(f"Added link {link.cause} -> {link.effect} ({link.sign}) to {link.interview}: "
                       f"\"{_quote(link.text)}\". {undo_hint}")
            return

        from .errors import Errors, StoreError
        from .review import review_session

        if not stdin_is_terminal():
            raise StoreError(Errors.E314, dir=directory)
        from rich.console import Console

        summary = review_session(project, interview=interview, code=code, console=Console(highlight=False),
                                 getkey=click.getchar)
    if not summary.total:
        return
    parts = [f"{summary.accepted} accepted", f"{summary.rejected} rejected"]
    if summary.changed:
        parts.append(f"{summary.changed} code(s) changed")
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped")
    if summary.undone:
        parts.append(f"{summary.undone} undone")
    click.echo(f"Reviewed: {', '.join(parts)}. {_plural(summary.remaining, 'suggestion')} still open"
               f"{_review_filters(interview, code)}.")
    if summary.accepted or summary.rejected or summary.changed:
        click.echo(undo_hint)


# ---------------------------------------------------------------- commands: map (issue 3)
def _map_evidence(directory):
    """Open the engagement and load its redacted evidence (E401 when nothing is accepted yet)."""
    from .evidence import load_map_evidence
    from .project import open_project

    return load_map_evidence(open_project(directory))


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
    for cause, effect, data in sorted(graph.edges(data=True), key=lambda e: (_label(graph, e[0]), _label(graph, e[1]))):
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
        names = [_label(graph, n) for n in component[:12]]
        more = f" and {len(component) - 12} more" if len(component) > 12 else ""
        click.echo(f"Knot {i} ({len(component)} codes that all feed each other): {', '.join(names)}{more}")


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

EXPORT_FORMAT_NAMES = ("dot", "svg", "png", "pdf", "graphml", "gexf", "json", "mermaid", "kumu", "csv", "html",
                       "pptx", "all")   # mirrors culturemap.export.formats.FORMATS (kept here: no heavy import)


def _shown_path(path) -> str:
    """A written file as the user should see it: relative to the current folder when it is below it."""
    import os

    try:
        return os.path.relpath(path)
    except ValueError:          # another drive on Windows
        return str(path)


@main.command("export")
@DIR_ARG
@click.option("--format", "-f", "formats", multiple=True, required=True, metavar="FMT",
              help=f"Format to write; repeat for more. One of: {', '.join(EXPORT_FORMAT_NAMES)}.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None, metavar="OUT",
              help="Output folder (default: DIR/out).")
@handle_errors
def export_cmd(directory, formats, out):
    """Write the map, loops and marks in other formats (diagrams, data for other tools, report, deck)."""
    from pathlib import Path

    from .export.formats import expand_formats, export_formats
    from .project import open_project

    names = expand_formats(formats)                 # E501 before any work
    project = open_project(directory)
    out_dir = Path(out) if out else project.root / "out"
    written = export_formats(project, names, out_dir)
    for path in written:
        click.echo(_shown_path(path))
    click.echo(f"Wrote {len(written)} file(s) in {len(names)} format(s) to {_shown_path(out_dir)}.")


@main.command("run")
@DIR_ARG
@click.option("--out", "out", type=click.Path(file_okay=False), default=None, metavar="OUT",
              help="Output folder (default: DIR/out).")
@handle_errors
def run_cmd(directory, out):
    """Map, loops, marks, report, deck and diagrams in one go (into DIR/out)."""
    from .pipeline import run
    from .project import open_project

    project = open_project(directory)
    bar, callback = _progress("Running")
    with bar:
        result = run(project, out, progress=callback)
    truncated = " (loop search stopped at a bound)" if result.truncated else ""
    click.echo(f"Map: {result.interviews} interviews, {result.codes} codes, {result.links} links; "
               f"loops: {result.reinforcing} reinforcing, {result.balancing} balancing{truncated}.")
    balance = "n/a" if result.balance is None else f"{round(100 * result.balance)}% hindering"
    redirect = f", {result.redirect} to redirect" if result.redirect else ""
    click.echo(f"Marks: {result.cherish} to cherish, {result.reduce} to reduce{redirect}; "
               f"culture balance {balance}.")
    if result.session is not None:
        click.echo(f"Session: recognition and actions from {_shown_path(result.session)} are in the report and deck.")
    click.echo(f"Files in {_shown_path(result.out_dir)} ({len(result.files)}):")
    first = ("report.html", "deck.pptx", "session-template.yaml")      # what the consultant opens first
    for path in sorted(result.files, key=lambda p: (first.index(p.name) if p.name in first else len(first), 0)):
        click.echo(f"  {_shown_path(path)}")
    report = _shown_path(result.out_dir / "report.html")
    if result.session is None:
        click.echo(f"Next: open {report}; after the group session fill in {_shown_path(result.template)}, "
                   f"save it as {_shown_path(project.session_path)} and run 'culturemap run {directory}' again.")
    else:
        click.echo(f"Next: open {report}; edit {_shown_path(result.session)} and run again to update it.")

# ---------------------------------------------------------------- commands: privacy (issue 5)
@main.command("privacy-check")
@DIR_ARG
@click.option("--out", "out", type=click.Path(dir_okay=True), default=None, metavar="OUT",
              help="Also write every finding (allowed ones too) as CSV to OUT (a file, or a folder for "
                   "OUT/privacy-check.csv).")
@handle_errors
def privacy_check_cmd(directory, out):
    """List every possible name that would reach an export (exit 1 when one is not whitelisted).

    \b
    Looks at the quotes exactly as the exports show them (redacted) and reports:
      listed        a name from front matter, speaker labels or 'redact:' that survived (a bug: report it)
      unlisted      a capitalised word inside a sentence the lexicon does not know (or a PERSON entity
                    when a trained spaCy pipeline is installed)
      interview-id  an interview id holding a name: ids reach the exports
      metadata      a group or role holding a name
    Words in 'allow:' in culturemap.yaml are not counted.
    """
    from pathlib import Path

    from .errors import Errors
    from .privacycheck import findings_csv, privacy_check
    from .project import open_project

    project = open_project(directory)
    report = privacy_check(project)
    if out is not None:
        from .store import atomic_write

        target = Path(out)
        if target.is_dir():
            target = target / "privacy-check.csv"
        try:
            atomic_write(target, findings_csv(report.findings))
        except OSError as exc:
            from .errors import ExportError

            err = ExportError(Errors.E503, detail=exc.strerror or str(exc))
            err.message = Errors.E503.format(path=target, detail=exc.strerror or str(exc))  # 'path' is the location keyword
            raise err from None
    problems = report.problems
    allowed = len(report.findings) - len(problems)
    scanned = (f"{_plural(report.quotes, 'export text')} of {_plural(report.interviews, 'interview')} "
               f"({report.method})")
    if problems:
        table = _new_table("Name", "Kind", "Where", "Context")
        for f in problems:
            table.add_row(f.name, f.kind, f"{_shown_path(f.path)}:{f.line}:{f.column}", f.context)
        _echo_table(table)
    click.echo(f"Scanned {scanned}: {_plural(len(problems), 'possible name')}"
               + (f", {allowed} allowed by 'allow:'." if allowed else "."))
    if out is not None:
        click.echo(f"Wrote {_shown_path(target)}.")
    if not problems:
        return
    kinds = {f.kind for f in problems}
    if "listed" in kinds:
        click.echo("A 'listed' name survived redaction. In codings/<id>.json: its transcript was removed; put "
                   "it back or delete that codings file. Elsewhere it is a culturemap bug: do not share the "
                   "exports and report it.")
    if "interview-id" in kinds:
        click.echo("An interview id holds a name: give that transcript an 'id:' such as 'kc-07' in its "
                   "front matter or sidecar.")
    if "metadata" in kinds:
        click.echo("A group or role holds a name: rename it in the front matter, sidecar or 'groups:'.")
    from .errors import CulturemapError

    click.echo(f"Error: {len(problems)} {CulturemapError(Errors.E603)}", err=True)
    click.get_current_context().exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
