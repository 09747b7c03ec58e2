"""The review command: interactive (on a terminal) and batch decisions, manual codings, undo."""
from __future__ import annotations

import sys

import click

from .base import DIR_ARG, handle_errors, main
from .output import plural, shorten


def stdin_is_terminal() -> bool:
    """Whether the interactive review can read key presses (tests monkeypatch this)."""
    return sys.stdin.isatty()


def _review_filters(interview, code) -> str:
    parts = [f"interview {interview}" if interview else "", f"code {code}" if code else ""]
    parts = [p for p in parts if p]
    return f" ({', '.join(parts)})" if parts else ""




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
@click.option("--orphans", is_flag=True, help="List decisions whose quote vanished after a transcript was edited "
                                              "(they do not count until resolved).")
@click.option("--drop-orphans", "drop_orphans", is_flag=True,
              help="Resolve the orphaned decisions (filtered by --interview) by removing them; undo brings them back.")
@click.option("--apply", "apply_", default=None, metavar="CODING", type=click.Path(exists=True),
              help="Decide open suggestions by a reference coding (a colleague's or gold: tags.csv/links.csv or "
                   "<id>.yaml quote files): accept what it confirms, reject the rest, add what it adds.")
@click.option("--browser", is_flag=True,
              help="Review and code in the browser: the workbench on 127.0.0.1 (Ctrl-C stops it).")
@click.option("--port", type=int, default=0, show_default=True, help="With --browser: the port (0 picks a free one).")
@click.option("--no-open", "no_open", is_flag=True, help="With --browser: print the address, do not open the browser.")
@handle_errors
def review_cmd(directory, interview, code, accept_all, reject_all, undo_, add_tag, negated, add_link, cause, effect,
               sign, orphans, drop_orphans, apply_, browser, port, no_open):
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
      culturemap review DIR --orphans
      culturemap review DIR --drop-orphans --interview kc-03
      culturemap review DIR --undo
      culturemap review DIR --browser
    """
    if browser:
        from ..workbench import serve

        return serve(directory, port, not no_open)
    from ..project import open_project
    from ..store import engagement_lock

    actions = [name for name, on in (("--accept-all", accept_all), ("--reject-all", reject_all), ("--undo", undo_),
                                     ("--add-tag", add_tag is not None), ("--add-link", add_link is not None),
                                     ("--orphans", orphans), ("--drop-orphans", drop_orphans),
                                     ("--apply", apply_ is not None)) if on]
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
        from ..review.reference import apply_reference

        r = apply_reference(project, apply_)
        click.echo(f"Applied {apply_} to {plural(r.interviews, 'interview')}: accepted {r.accepted}, "
                   f"rejected {r.rejected}, added {r.added} manual coding{'s' if r.added != 1 else ''}.")
        click.echo(undo_hint)
        return
    if action == "--orphans":
        from ..review import orphaned_items
        from ..review.queue import transcripts_by_id
        from ..review.renames import unclaimed_decisions

        items = [i for i in orphaned_items(project) if interview is None or i.interview == interview]
        unclaimed = [i for i in unclaimed_decisions(project, transcripts_by_id(project))
                     if interview is None or i.interview == interview]
        if not items and not unclaimed:
            click.echo("No orphaned decisions" + _review_filters(interview, None) + ".")
            return
        for i in [*items, *unclaimed]:
            what = f"tag {i.code}" if hasattr(i, "code") else f"link {i.cause} -> {i.effect} ({i.sign})"
            click.echo(f"{i.interview}  {i.status:<8}  {what}  \"{shorten(i.text)}\"")
        if items:
            click.echo(f"{plural(len(items), 'orphaned decision')}: the quote is no longer in the transcript. "
                       f"Add it again with --add-tag/--add-link where the words are now.")
        if unclaimed:
            ids = sorted({i.interview for i in unclaimed})
            click.echo(f"{plural(len(unclaimed), 'decision')} of {', '.join(ids)}: no transcript has "
                       f"{'this id' if len(ids) == 1 else 'these ids'} now. Give the transcript back its 'id:', or "
                       f"delete codings/<id>.json if the interview is gone for good.")
        return

    with engagement_lock(project):
        if action == "--drop-orphans":
            from ..review import drop_orphans as drop

            n = drop(project, interview=interview)
            filters = _review_filters(interview, None)
            if n:
                click.echo(f"Removed {plural(n, 'orphaned decision')}{filters}. {undo_hint}")
            else:
                click.echo(f"No orphaned decisions{filters}.")
            return
        if action in ("--accept-all", "--reject-all"):
            from ..review import batch

            status = "accepted" if action == "--accept-all" else "rejected"
            n = batch(project, status, interview=interview, code=code)
            filters = _review_filters(interview, code)
            if n:
                verb = "Accepted" if status == "accepted" else "Rejected"
                click.echo(f"{verb} {plural(n, 'suggestion')}{filters}. {undo_hint}")
            else:
                click.echo(f"No open suggestions{filters}: nothing to {'accept' if status == 'accepted' else 'reject'}.")
            return
        if action == "--undo":
            from ..review import undo

            click.echo(undo(project) + ".")
            return
        if action == "--add-tag":
            from ..review import add_manual_tag

            tag = add_manual_tag(project, interview, add_tag, code, negated=negated)
            state = "accepted, negated" if tag.negated else "accepted"
            click.echo(f"Added tag {tag.code} ({state}) to {tag.interview}: \"{shorten(tag.text)}\". {undo_hint}")
            return
        if action == "--add-link":
            from ..review import add_manual_link

            link = add_manual_link(project, interview, add_link, cause, effect, sign)
            click.echo(f"Added link {link.cause} -> {link.effect} ({link.sign}) to {link.interview}: "
                       f"\"{shorten(link.text)}\". {undo_hint}")
            return

        from ..errors import Errors, StoreError
        from .review_ui import review_session

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
    click.echo(f"Reviewed: {', '.join(parts)}. {plural(summary.remaining, 'suggestion')} still open"
               f"{_review_filters(interview, code)}.")
    if summary.accepted or summary.rejected or summary.changed:
        click.echo(undo_hint)
