"""Commands that set up and code an engagement: init, tag, themes, evaluate."""
from __future__ import annotations

import click

from .base import DIR_ARG, handle_errors, main
from .output import echo_issues, echo_json, echo_table, new_table, open_engagement, plural, progress_bar


@main.command("init")
@DIR_ARG
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Default transcript language and the language of every export.")
@handle_errors
def init_cmd(directory, language):
    """Create an engagement folder with settings, a starter codebook and codings/."""
    from ..ingest import transcript_suffixes
    from ..project import init_project

    project = init_project(directory, language=language)
    click.echo(f"Created engagement in {project.root}: culturemap.yaml, codebook.yaml, codings/")
    click.echo(f"Next: put the transcripts ({', '.join(transcript_suffixes())}) in {project.root} "
               f"and run: culturemap tag {project.root}")


@main.command("tag")
@DIR_ARG
@click.option("--force", is_flag=True, help="Tag every transcript again, even unchanged ones (decisions are kept).")
@click.option("--patterns", "show_patterns", is_flag=True,
              help="Then list every pattern with its suggestions and how many were accepted, rejected or are open.")
@handle_errors
def tag_cmd(directory, force, show_patterns):
    """Suggest codes and causal links for new or changed transcripts (keeps every review decision)."""
    from ..coding.tagging import tag_project

    project = open_engagement(directory)
    bar, callback = progress_bar("Tagging")
    with bar:
        result = tag_project(project, force=force, progress=callback)
    echo_issues(result.issues)
    n_tagged, n_same = len(result.tagged), len(result.unchanged)
    if n_tagged:
        click.echo(f"Tagged {plural(n_tagged, 'transcript')}: {plural(result.suggestions, 'new suggestion')}"
                   + (f" ({n_same} unchanged)." if n_same else "."))
        click.echo(f"Pipeline: {', '.join(result.pipelines)}")
        if result.runaway:
            n_run = len(result.runaway)
            click.echo(f"Warning: {plural(n_run, 'pattern')} {'fires' if n_run == 1 else 'fire'} unusually often; check a few of "
                       "their suggestions in review (a word in another sense can be vetoed with 'not:' under "
                       "the code's patterns in codebook.yaml):")
            for c in result.runaway[:5]:
                click.echo(f"  {c.pattern!r} ({c.code}): {plural(c.hits, 'hit')} in "
                           f"{plural(c.interviews, 'interview')}")
    else:
        click.echo(f"Nothing to tag: all {plural(n_same, 'transcript')} unchanged since the last run.")
    if result.orphaned:
        from ..errors import Issue, Warnings

        echo_issues([Issue(Warnings.W301, n=result.orphaned, dir=directory)])
    if show_patterns:
        from ..coding.tagging import pattern_review

        rows = pattern_review(project)
        table = new_table("code", "pattern", "hits", "interviews", "accepted", "rejected", "open")
        for r in rows:
            table.add_row(r.code, r.pattern, str(r.hits), str(r.interviews), str(r.accepted), str(r.rejected),
                          str(r.open))
        echo_table(table)
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
    from ..coding.themes import examples, excerpt, find_themes
    from ..ingest import load_transcripts
    from ..privacy.redact import pseudonyms

    project = open_engagement(directory)
    bar, callback = progress_bar("Reading")
    with bar:
        result = find_themes(project, min_interviews=min_interviews, limit=limit, progress=callback)
    transcripts, _ = load_transcripts(project.root, default_language=project.settings.language)
    names = pseudonyms(transcripts, threshold=project.settings.anonymity_threshold)
    if as_json:
        echo_json(result.as_dict(names))
        return
    if not result.themes:
        click.echo(f"No recurring uncovered beliefs found ({plural(result.statements, 'uncovered belief statement')}).")
        return
    click.echo(f"{plural(len(result.themes), 'candidate theme')} from "
               f"{plural(result.statements, 'belief statement')} that no code matches:")
    for n, theme in enumerate(result.themes, 1):
        click.echo(f"\n{n}. {theme.label}  ({plural(len(theme.interviews), 'interview')}, "
                   f"{plural(len(theme.groups), 'group')})")
        for s in examples(theme):
            click.echo(f"   {names.get(s.interview, s.interview)}: \"{excerpt(s.text, theme.label, 110)}\"")
    click.echo(f"\nNext: add a code for a theme to {project.codebook_path} and run: culturemap tag {directory}")


@main.command("evaluate")
@DIR_ARG
@click.option("--gold", required=True, type=click.Path(exists=True, path_type=None), metavar="GOLD",
              help="Gold coding: a folder with tags.csv/links.csv (export format) or <id>.yaml quote files.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="List every missed and every wrong suggestion.")
@handle_errors
def evaluate_cmd(directory, gold, as_json, show_errors):
    """Score the tagger's suggestions against a gold coding (precision, recall, F1, negation or stance)."""
    from ..coding.evaluate import evaluate_project

    project = open_engagement(directory)
    bar, callback = progress_bar("Evaluating")
    with bar:
        ev = evaluate_project(project, gold, progress=callback)
    if as_json:
        echo_json(ev.as_dict())
        return
    t, l = ev.tags, ev.links
    click.echo(f"Interviews scored: {ev.interviews} (pipeline: {', '.join(ev.pipelines)})")
    click.echo(f"Tags   precision {t.precision:.3f}  recall {t.recall:.3f}  F1 {t.f1:.3f}  "
               f"(tp {t.tp}, fp {t.fp}, fn {t.fn})")
    click.echo(f"Links  precision {l.precision:.3f}  recall {l.recall:.3f}  F1 {l.f1:.3f}  "
               f"(tp {l.tp}, fp {l.fp}, fn {l.fn})")
    if ev.stance_accuracy is not None:
        click.echo(f"Stance accuracy {ev.stance_accuracy:.3f} on {ev.stance_pairs} matched tags with a gold stance")
    elif ev.negation_accuracy is not None:
        click.echo(f"Negation accuracy {ev.negation_accuracy:.3f} on {ev.negation_pairs} matched tags")
    table = new_table("code", "precision", "recall", "F1", "tp", "fp", "fn")
    for code, s in sorted(ev.per_code.items()):
        table.add_row(code, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp), str(s.fp), str(s.fn))
    echo_table(table)
    if show_errors:
        for kind, interview, key, text in ev.misses:
            click.echo(f"missed  {kind} {interview} {'/'.join(key)}: {text}")
        for kind, interview, key, text in ev.false_alarms:
            click.echo(f"wrong   {kind} {interview} {'/'.join(key)}: {text}")
