"""The click group, the DIR argument and the one place that turns library errors into ``Error: ...``.

Only this package turns :class:`culturemap.errors.CulturemapError` into ``Error: ...`` and exit code 1.
"""
from __future__ import annotations

import functools

import click

from .. import __version__
from ..errors import CulturemapError

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
