"""The interactive review in the terminal: walk the open suggestions one by one, a key per decision.

Everything the consultant sees and types is here (click for keys and prompts, rich for the screen); the
work is done by :mod:`culturemap.review.queue` (what to walk over) and :mod:`culturemap.review.decisions`
(every key is saved and logged at once, so quitting never loses a decision).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import StoreError
from ..models import Tag, Transcript
from ..review.decisions import change_code, decide, undo
from ..review.queue import count_open, open_item, open_queue, transcripts_by_id
from ..review.quotes import quote_context
from ..store import engagement_lock, project_root

__all__ = ["ReviewSummary", "review_session"]


@dataclass(frozen=True)
class ReviewSummary:
    """Counts of one interactive session."""

    total: int = 0
    accepted: int = 0
    rejected: int = 0
    changed: int = 0
    skipped: int = 0
    undone: int = 0
    remaining: int = 0
    finished: bool = False


def _highlight(text: str, start: int, item) -> str:
    """Rich markup of an item's sentence with its matched words highlighted."""
    from rich.markup import escape

    spans = sorted(item.spans) if isinstance(item, Tag) else []
    out, pos = [], 0
    for a, b in spans:
        a, b = max(a - start, pos), min(b - start, len(text))
        if a >= b:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"[bold reverse]{escape(text[a:b])}[/bold reverse]")
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def review_session(project, *, interview: str | None = None, code: str | None = None, console=None,
                   getkey: Callable[[], str] | None = None,
                   prompt: Callable[[str], str] | None = None) -> ReviewSummary:
    """Walk the suggested tags and links one by one in the terminal; save and log after every key.

    Shows the interview (id, group, role: never the name), the sentence with one sentence of context
    before and after, the matched words highlighted, the code (label, negated or not) and progress
    ``12/57``. Keys: ``a`` accept, ``r`` reject, ``c`` change code (lists the codes, asks an id), ``s`` skip,
    ``u`` undo the last decision (and go back to it), ``q`` quit.

    Parameters
    ----------
    project : Project or path
    interview, code : str, optional
        Filters, as in :func:`culturemap.review.batch`.
    console : rich.console.Console
        Where the session is shown.
    getkey : callable
        Returns one key press (default :func:`click.getchar`).
    prompt : callable
        Asks for a line of text (default :func:`click.prompt`).

    Returns
    -------
    ReviewSummary
    """
    import click
    from rich.console import Console
    from rich.markup import escape

    console = console or Console()
    getkey = getkey or click.getchar
    if prompt is None:
        def prompt(text: str) -> str:
            return click.prompt(text, default="", show_default=False)

    with engagement_lock(project):
        queue = open_queue(project, interview=interview, code=code)
        labels = queue.labels
        total = len(queue.items)
        counts = {"accepted": 0, "rejected": 0, "changed": 0, "skipped": 0, "undone": 0}
        if not queue.tagged:
            console.print(f"Nothing to review yet: no transcript is tagged. Run 'culturemap tag "
                          f"{escape(str(project_root(project)))}' first.")
            return ReviewSummary()
        if not total:
            console.print("Nothing to review: no open suggestions" + _filters(interview, code) + ".")
            return ReviewSummary()
        transcripts = transcripts_by_id(project, want=queue.interviews)
        history: list[tuple[int, str]] = []
        i = 0
        finished = False
        show = True
        while True:
            if i >= total:
                finished = True
                break
            iid, key = queue.items[i]
            item = open_item(project, iid, key)
            if item is None:
                i += 1
                show = True
                continue
            if show:
                _show(console, i, total, item, transcripts.get(iid), labels)
                show = False
            try:
                key_pressed = getkey()
            except EOFError:
                break
            k = (key_pressed or "").lower()[:1]
            if k == "q":
                break
            if k in ("a", "r"):
                status = "accepted" if k == "a" else "rejected"
                decide(project, iid, key, status)
                counts[status] += 1
                history.append((i, status))
                console.print(f"[green]{status.capitalize()}.[/green]" if k == "a" else "[red]Rejected.[/red]")
                i += 1
                show = True
            elif k == "s":
                counts["skipped"] += 1
                history.append((i, "skipped"))
                i += 1
                show = True
            elif k == "c":
                if _change(console, prompt, project, iid, item, labels):
                    counts["changed"] += 1
                    history.append((i, "changed"))
                    i += 1
                show = True
            elif k == "u":
                while history and history[-1][1] == "skipped":
                    j, _ = history.pop()
                    counts["skipped"] -= 1
                    i = j
                try:
                    message = undo(project)
                except StoreError as exc:
                    console.print(f"[yellow]{escape(str(exc))}[/yellow]")
                else:
                    counts["undone"] += 1
                    console.print(escape(message))
                    if history:
                        j, what = history.pop()
                        counts[what] -= 1
                        i = j
                show = True
            else:
                console.print("Keys: [bold]a[/bold] accept  [bold]r[/bold] reject  [bold]c[/bold] change code  "
                              "[bold]s[/bold] skip  [bold]u[/bold] undo  [bold]q[/bold] quit")
        remaining = count_open(project, interview=interview, code=code)
        return ReviewSummary(total=total, remaining=remaining, finished=finished, **counts)


def _filters(interview: str | None, code: str | None) -> str:
    parts = []
    if interview:
        parts.append(f"interview {interview}")
    if code:
        parts.append(f"code {code}")
    return f" ({', '.join(parts)})" if parts else ""


def _show(console, i: int, total: int, item, transcript: Transcript | None, labels: dict[str, str]) -> None:
    from rich.markup import escape

    head = f"{i + 1}/{total} \u00b7 {item.interview}"
    if transcript is not None:
        head += "".join(f" \u00b7 {v}" for v in (transcript.group, transcript.role) if v)
    console.rule(escape(head))
    sentence = item.text
    before = after = ""
    if transcript is not None and transcript.text[item.start:item.end] == item.text:
        before, after = quote_context(transcript.text, item.start, item.end)
    elif transcript is not None:
        console.print("[yellow](the transcript changed since tagging; run 'culturemap tag' to re-anchor)[/yellow]")
    if before:
        console.print(f"  [dim]{escape(before)}[/dim]")
    speaker = f"[bold]{escape(item.speaker)}:[/bold] " if item.speaker else ""
    console.print("\u25b6 " + speaker + _highlight(sentence, item.start, item))
    if after:
        console.print(f"  [dim]{escape(after)}[/dim]")
    if isinstance(item, Tag):
        label = labels.get(item.code, "")
        line = f"Code: [bold]{escape(item.code)}[/bold]" + (f" \u00b7 {escape(label)}" if label else "")
        line += "  [bold magenta]NEGATED[/bold magenta]" if item.negated else "  (not negated)"
    else:
        line = (f"Link: [bold]{escape(item.cause)}[/bold] ({escape(labels.get(item.cause, ''))}) \u2192 "
                f"[bold]{escape(item.effect)}[/bold] ({escape(labels.get(item.effect, ''))})  sign {item.sign}")
    console.print(line)
    console.print("[bold]a[/bold] accept  [bold]r[/bold] reject  [bold]c[/bold] change code  [bold]s[/bold] skip  "
                  "[bold]u[/bold] undo  [bold]q[/bold] quit")


def _resolve(typed: str, labels: dict[str, str]) -> str:
    """A code id from what was typed: the id itself, or a prefix only one code id starts with.

    >>> _resolve("help", {"help-each-other": "", "no-time": ""}), _resolve("x", {"no-time": ""})
    ('help-each-other', 'x')
    """
    if not typed or typed in labels:
        return typed
    hits = [c for c in labels if c.startswith(typed)]
    return hits[0] if len(hits) == 1 else typed


def _change(console, prompt, project, iid: str, item, labels: dict[str, str]) -> bool:
    """Ask for a new code (or cause/effect) and apply it; False when cancelled or invalid."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    for cid, label in labels.items():
        table.add_row(escape(cid), escape(label))
    console.print(table)
    try:
        if isinstance(item, Tag):
            new = _resolve(prompt("New code id (Enter to cancel)").strip(), labels)
            if not new:
                console.print("Unchanged.")
                return False
            change_code(project, iid, item.key, new)
            console.print(f"Changed {escape(item.code)} -> {escape(new)}.")
        else:
            cause = _resolve(prompt(f"Cause (Enter keeps {item.cause})").strip(), labels) or item.cause
            effect = _resolve(prompt(f"Effect (Enter keeps {item.effect})").strip(), labels) or item.effect
            if (cause, effect) == (item.cause, item.effect):
                console.print("Unchanged.")
                return False
            change_code(project, iid, item.key, cause=cause, effect=effect)
            console.print(f"Changed link to {escape(cause)} -> {escape(effect)}.")
    except StoreError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        return False
    return True
