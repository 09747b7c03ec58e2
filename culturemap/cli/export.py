"""Commands that write the session pack: export, run, privacy-check."""
from __future__ import annotations

import click

from .base import DIR_ARG, handle_errors, main
from .output import echo_issues, echo_table, new_table, plural, progress_bar, shown_path


def format_help() -> str:
    """The ``--format`` help, listing the registered formats (cheap: no writer imports anything heavy)."""
    from ..export.formats import format_names

    return f"Format to write; repeat for more. One of: {', '.join(format_names())}."


class FormatOption(click.Option):
    """``--format``: its help lists the formats registered when the help is shown, not at import."""

    def get_help_record(self, ctx):
        self.help = format_help()
        return super().get_help_record(ctx)


def __getattr__(name):
    if name == "EXPORT_FORMAT_NAMES":             # what --format accepts, from the registry
        from ..export.formats import format_names

        return tuple(format_names())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@main.command("export")
@DIR_ARG
@click.option("--format", "-f", "formats", cls=FormatOption, multiple=True, required=True, metavar="FMT",
              help="Format to write; repeat for more (the formats are listed when the help is shown).")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None, metavar="OUT",
              help="Output folder (default: DIR/out).")
@handle_errors
def export_cmd(directory, formats, out):
    """Write the map, loops and marks in other formats (diagrams, data for other tools, report, deck)."""
    from pathlib import Path

    from ..export import prepare_out_dir
    from ..export.formats import expand_formats, export_formats, format_notices
    from ..project import open_project

    names = expand_formats(formats)                 # E501 before any work
    project = open_project(directory)
    out_dir = Path(out) if out else project.root / "out"
    prepare_out_dir(out_dir, names)                 # E505 before any work: never over the engagement's files
    issues: list = []
    written = export_formats(project, names, out_dir, issues=issues)
    for path in written:
        click.echo(shown_path(path))
    click.echo(f"Wrote {len(written)} file(s) in {len(names)} format(s) to {shown_path(out_dir)}.")
    echo_issues(issues)
    for notice in format_notices(names):
        click.echo(f"Note: {notice}")


@main.command("run")
@DIR_ARG
@click.option("--out", "out", type=click.Path(file_okay=False), default=None, metavar="OUT",
              help="Output folder (default: DIR/out).")
@handle_errors
def run_cmd(directory, out):
    """Map, loops, marks, report, deck and diagrams in one go (into DIR/out)."""
    from ..project import open_project
    from ..run import run

    project = open_project(directory)
    bar, callback = progress_bar("Running")
    with bar:
        result = run(project, out, progress=callback)
    truncated = " (loop search stopped at a bound)" if result.truncated else ""
    click.echo(f"Map: {result.interviews} interviews, {result.codes} codes, {result.links} links; "
               f"loops: {result.reinforcing} reinforcing, {result.balancing} balancing{truncated}.")
    balance = "n/a" if result.balance is None else f"{round(100 * result.balance)}% hindering"
    extra = "".join(f", {n} {what}" for n, what in ((result.develop, "to develop"),
                                                   (result.unconfirmed, "unconfirmed"),
                                                   (result.redirect, "to redirect")) if n)
    click.echo(f"Marks: {result.cherish} to cherish, {result.reduce} to reduce{extra}; "
               f"culture balance {balance}.")
    if result.session is not None:
        click.echo(f"Session: recognition and actions from {shown_path(result.session)} are in the report and deck.")
    click.echo(f"Files in {shown_path(result.out_dir)} ({len(result.files)}):")
    first = ("report.html", "deck.pptx", "session-template.yaml")      # what the consultant opens first
    for path in sorted(result.files, key=lambda p: (first.index(p.name) if p.name in first else len(first), 0)):
        click.echo(f"  {shown_path(path)}")
    report = shown_path(result.out_dir / "report.html")
    if result.session is None:
        click.echo(f"Next: open {report}; after the group session fill in {shown_path(result.template)}, "
                   f"save it as {shown_path(project.session_path)} and run 'culturemap run {directory}' again.")
    else:
        click.echo(f"Next: open {report}; edit {shown_path(result.session)} and run again to update it.")
    if result.withheld:
        from ..errors import Issue, Warnings

        echo_issues([Issue(Warnings.W601, n=len(result.withheld), names=", ".join(result.withheld))])


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

    from ..errors import Errors
    from ..privacy.check import findings_csv, privacy_check
    from ..project import open_project

    project = open_project(directory)
    if out is not None:
        from ..export import check_output, write_export

        target = Path(out)
        if target.is_dir():
            target = target / "privacy-check.csv"
        check_output(target)                # E505 before the scan: never over a transcript or another own file
    report = privacy_check(project)
    if out is not None:
        write_export(target, findings_csv(report.findings))
    problems = report.problems
    allowed = len(report.findings) - len(problems)
    scanned = (f"{plural(report.quotes, 'export text')} of {plural(report.interviews, 'interview')} "
               f"({report.method})")
    if problems:
        table = new_table("Name", "Kind", "Where", "Context")
        for f in problems:
            table.add_row(f.name, f.kind, f"{shown_path(f.path)}:{f.line}:{f.column}", f.context)
        echo_table(table)
    click.echo(f"Scanned {scanned}: {plural(len(problems), 'possible name')}"
               + (f", {allowed} allowed by 'allow:'." if allowed else "."))
    if out is not None:
        click.echo(f"Wrote {shown_path(target)}.")
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
    from ..errors import CulturemapError

    click.echo(f"Error: {len(problems)} {CulturemapError(Errors.E603)}", err=True)
    click.get_current_context().exit(1)
