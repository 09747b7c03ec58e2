"""Exchange with QDA tools (ATLAS.ti, NVivo, MAXQDA, QualCoder...): ``import`` of REFI-QDA .qdpx / .qdc files."""
from __future__ import annotations

import click

from .base import DIR_ARG, handle_errors, main
from .output import plural


@main.command("import")
@DIR_ARG
@click.argument("source", type=click.Path(dir_okay=False, path_type=None), metavar="SOURCE")
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Default transcript language and the language of every export (as for init).")
@click.option("--skip-missing", is_flag=True,
              help="Import the text sources that are in the archive and list the missing ones (default: stop).")
@click.option("--causal", multiple=True, metavar="NAME",
              help="Also read REFI links with this name as causal links (repeatable).")
@click.option("--colour", "colours", multiple=True, metavar="#RRGGBB=EFFECT",
              help="Codes with this colour get this effect: enabling, hindering or ambivalent (repeatable).")
@handle_errors
def import_cmd(directory, source, language, skip_missing, causal, colours):
    """Create an engagement from a REFI-QDA project (.qdpx) or codebook (.qdc) of a QDA tool."""
    from ..refi.importer import import_refi, parse_colours

    r = import_refi(directory, source, language=language, skip_missing=skip_missing, causal=tuple(causal),
                    colours=parse_colours(colours))
    tool = f" ({r.origin})" if r.origin else ""
    if r.codebook_only:
        click.echo(f"Imported the codebook {r.source.name}{tool} into {r.root}: {plural(r.codes, 'code')} in codebook.yaml.")
    else:
        click.echo(f"Imported {r.source.name}{tool} into {r.root}:")
        names = ", ".join(r.interviews)
        click.echo(f"  {plural(len(r.interviews), 'source')} as transcripts" + (f": {names}" if names else ""))
        click.echo(f"  {plural(r.codes, 'code')} in codebook.yaml")
        click.echo(f"  {plural(r.codings, 'coding')} as accepted tags (origin import)")
        click.echo(f"  {plural(r.links, 'link')} in the interviews, {plural(r.hand_links, 'code-to-code link')} in links.csv")
    if r.skipped:
        click.echo(f"Skipped {len(r.skipped)}:")
        for issue in r.skipped:
            click.echo(f"  - {issue.message}")
    if r.defaulted:
        click.echo(f"Check kind and effect of {plural(len(r.defaulted), 'code')} marked '# check' in "
                   f"{r.root / 'codebook.yaml'}: {', '.join(r.defaulted)}")
    if r.codebook_only:
        click.echo(f"Next: put the transcripts in {r.root} and run: culturemap tag {r.root}")
    else:
        click.echo(f"Next: culturemap run {r.root}  (or culturemap tag {r.root} to add the tagger's suggestions)")
