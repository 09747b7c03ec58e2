"""What the commands print: plain tables, JSON, shortened quotes, paths as the user should see them, the
progress bar, and how an engagement is opened for a command."""
from __future__ import annotations

import sys

import click


def echo_issues(issues) -> None:
    """Print collected warnings / non-fatal errors as ``Warning: ...`` / ``Error: ...`` on stderr."""
    for issue in issues:
        prefix = "Error" if getattr(issue, "level", "warning") == "error" else "Warning"
        click.echo(f"{prefix}: {issue}", err=True)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def open_engagement(directory):
    from ..project import open_project

    return open_project(directory)


def progress_bar(label: str):
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



def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def shorten(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"



def map_evidence(directory):
    """Open the engagement and load its redacted evidence (E401 when nothing is accepted yet)."""
    from ..privacy.evidence import load_map_evidence
    from ..project import open_project

    return load_map_evidence(open_project(directory))


def echo_json(data) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def stdout_is_terminal() -> bool:
    """True when standard output is an interactive terminal (not a pipe, file or CliRunner)."""
    return sys.stdout.isatty()


def echo_table(table) -> None:
    """Render a rich table as plain text (terminal width on a terminal, 120 columns otherwise)."""
    import shutil

    from rich.console import Console

    width = shutil.get_terminal_size((120, 24)).columns if stdout_is_terminal() else 120
    console = Console(width=width, no_color=True, highlight=False, emoji=False, color_system=None)
    with console.capture() as capture:
        console.print(table)
    click.echo(capture.get(), nl=False)


def new_table(*columns):
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in columns:
        numeric = column in ("Mentions", "Interviews", "Sources", "Score", "Change", "Gap")
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    return table


def node_label(graph, node) -> str:
    return str(graph.nodes[node].get("label") or node) if node in graph else str(node)



def shown_path(path) -> str:
    """A written file as the user should see it: relative to the current folder when it is below it."""
    import os

    try:
        return os.path.relpath(path)
    except ValueError:          # another drive on Windows
        return str(path)

