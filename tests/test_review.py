"""The review command (cli.review), and the small engagement the review tests share (fixture ``eng``)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import culturemap.cli.review as cli_review
from culturemap.cli import main as cli_main
from culturemap.models import Codings, Link, Tag, Transcript
from culturemap.store import load_codings, save_codings

CODEBOOK = """\
version: 1
language: nl
codes:
  - id: only-numbers
    label: {nl: "Alleen cijfers tellen", en: "Only numbers count"}
    kind: belief
    effect: hindering
    patterns: {nl: ["afgerekend worden", "afhandeltijd"], en: ["handling time"]}
  - id: no-time
    label: {nl: "Geen tijd door werkdruk", en: "No time due to workload"}
    kind: outcome
    effect: hindering
    patterns: {nl: ["tijd voor de klant"], en: ["no time"]}
  - id: help-each-other
    label: {nl: "We helpen elkaar", en: "We help each other"}
    kind: value
    effect: ambivalent
    patterns: {nl: ["elkaar helpen"], en: ["help each other"]}
  - id: celebrate-success
    label: {nl: "Successen vieren", en: "Celebrate success"}
    kind: behaviour
    effect: enabling
    patterns: {nl: ["succes vieren"], en: ["celebrate success"]}
"""

KC03 = """\
---
id: kc-03
name: Anna de Vries
group: klantcontact
role: medewerker
language: nl
---
Interviewer: Hoe is het werken hier?

Anna: Het enige waar we op worden afgerekend is de afhandeltijd. Daardoor hebben we nooit tijd voor de klant. We helpen elkaar wel altijd.

Interviewer: En verder?

Anna: Successen vieren we eigenlijk nooit. Bij ons moet alles via de mail.
"""

BO01 = """\
---
id: bo-01
name: Pieter Jansen
group: backoffice
language: nl
---
Consultant: Wat valt je op?

Pieter: We helpen elkaar altijd. Maar de afhandeltijd is het enige wat telt.
"""

S_NUMBERS = "Het enige waar we op worden afgerekend is de afhandeltijd."
S_TIME = "Daardoor hebben we nooit tijd voor de klant."
S_HELP = "We helpen elkaar wel altijd."
S_CELEBRATE = "Successen vieren we eigenlijk nooit."


def tag_on(text: str, iid: str, sentence: str, code: str, words: str, **kw) -> Tag:
    start = text.index(sentence)
    w = text.index(words, start)
    return Tag(iid, kw.pop("speaker", "Anna"), start, start + len(sentence), code, text=sentence,
               spans=((w, w + len(words)),), **kw)


def link_on(text: str, iid: str, first: str, second: str, cause: str, effect: str, sign="+", **kw) -> Link:
    start = text.index(first)
    end = text.index(second) + len(second)
    return Link(iid, cause, effect, sign, text=text[start:end], start=start, end=end, speaker="Anna", **kw)


def transcript(text: str, iid: str = "kc-03", fingerprint: str = "f1") -> Transcript:
    return Transcript(iid, Path(f"{iid}.md"), text, (), "nl", fingerprint=fingerprint)


def suggestions(text: str = KC03, iid: str = "kc-03"):
    tags = (tag_on(text, iid, S_NUMBERS, "only-numbers", "afgerekend"),
            tag_on(text, iid, S_TIME, "no-time", "tijd voor de klant", negated=True),
            tag_on(text, iid, S_HELP, "help-each-other", "helpen elkaar"))
    links = (link_on(text, iid, S_NUMBERS, S_TIME, "only-numbers", "no-time"),)
    return tags, links


@pytest.fixture
def eng(tmp_path) -> Path:
    """An engagement with two transcripts and open suggestions in codings/ (written directly)."""
    (tmp_path / "culturemap.yaml").write_text("language: nl\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "kc-03.md").write_text(KC03, encoding="utf-8")
    (tmp_path / "bo-01.md").write_text(BO01, encoding="utf-8")
    tags, links = suggestions()
    save_codings(tmp_path, Codings("kc-03", "f1", tags=tags, links=links), language="nl")
    bo = (tag_on(BO01, "bo-01", "We helpen elkaar altijd.", "help-each-other", "helpen elkaar", speaker="Pieter"),
          tag_on(BO01, "bo-01", "Maar de afhandeltijd is het enige wat telt.", "only-numbers", "afhandeltijd",
                 speaker="Pieter"))
    save_codings(tmp_path, Codings("bo-01", "f2", tags=bo), language="nl")
    return tmp_path


def statuses(root: Path, iid: str = "kc-03") -> dict:
    c = load_codings(root, iid)
    out = {t.code: t.status for t in c.tags}
    out.update({f"{l.cause}>{l.effect}": l.status for l in c.links})
    return out

# ---------------------------------------------------------------- the CLI

def run(args, input=None):
    return CliRunner().invoke(cli_main, [str(a) for a in args], input=input)


def test_cli_accept_all_prints_a_summary_with_the_undo_hint(eng):
    result = run(["review", eng, "--accept-all", "--interview", "kc-03"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Accepted 4 suggestions (interview kc-03). Undo with: culturemap review {eng} --undo\n"
    result = run(["review", eng, "--accept-all", "--interview", "kc-03"])
    assert result.output == "No open suggestions (interview kc-03): nothing to accept.\n"
    result = run(["review", eng, "--undo"])
    assert result.output == "Undid accept-all of 4 items (kc-03): open suggestions again.\n"


def test_cli_reject_all_with_code(eng):
    result = run(["review", eng, "--reject-all", "--code", "help-each-other"])
    assert result.output == (f"Rejected 2 suggestions (code help-each-other). "
                             f"Undo with: culturemap review {eng} --undo\n")


def test_cli_without_a_terminal_asks_for_a_batch_flag(eng):
    result = run(["review", eng])
    assert result.exit_code == 1
    assert result.output == (
        "Error: the interactive review needs a terminal. Pass --accept-all or --reject-all (optionally with "
        f"--interview/--code), or run 'culturemap review {eng}' in a terminal. [E314]\n")


def test_cli_interactive_session_on_a_terminal(eng, monkeypatch):
    monkeypatch.setattr(cli_review, "stdin_is_terminal", lambda: True)
    result = run(["review", eng, "--interview", "kc-03"], input="arq")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "Reviewed: 1 accepted, 1 rejected. 2 suggestions still open (interview kc-03).\n"
        f"Undo with: culturemap review {eng} --undo\n")
    assert statuses(eng)["only-numbers"] == "accepted"


def test_cli_add_tag_and_add_link(eng):
    result = run(["review", eng, "--add-tag", "Successen vieren", "--code", "celebrate-success", "--negated",
                  "--interview", "kc-03"])
    assert result.exit_code == 0, result.output
    assert result.output == (f'Added tag celebrate-success (accepted, negated) to kc-03: "{S_CELEBRATE}". '
                             f"Undo with: culturemap review {eng} --undo\n")
    result = run(["review", eng, "--add-link", "nooit tijd voor de klant", "--cause", "only-numbers",
                  "--effect", "no-time", "--sign", "-", "--interview", "kc-03"])
    assert result.exit_code == 0, result.output
    assert result.output == (f'Added link only-numbers -> no-time (-) to kc-03: "{S_TIME}". '
                             f"Undo with: culturemap review {eng} --undo\n")


def test_cli_add_tag_needs_code_and_interview(eng):
    result = run(["review", eng, "--add-tag", "afhandeltijd"])
    assert result.exit_code == 2
    assert "Error: --add-tag needs --interview, --code." in result.output


def test_cli_conflicting_actions_are_a_usage_error(eng):
    result = run(["review", eng, "--accept-all", "--reject-all"])
    assert result.exit_code == 2
    assert "Error: --accept-all and --reject-all cannot be combined; give one of them." in result.output


def test_cli_unknown_quote_names_the_file(eng):
    result = run(["review", eng, "--add-tag", "bestaat niet", "--code", "no-time", "--interview", "kc-03"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {eng / 'kc-03.md'}: no text 'bestaat niet' in this interview. "
                             "Copy the words exactly as they appear in the transcript. [E309]\n")


def test_cli_undo_with_nothing_to_undo(eng):
    result = run(["review", eng, "--undo"])
    assert result.exit_code == 1
    assert result.output == "Error: nothing to undo: the decision log is empty. [E306]\n"


def test_cli_lists_orphans(eng):
    c = load_codings(eng, "kc-03")
    save_codings(eng, replace(c, tags=(replace(c.tags[0], status="accepted", orphaned=True),) + c.tags[1:]))
    result = run(["review", eng, "--orphans"])
    assert result.output == (f'kc-03  accepted  tag only-numbers  "{S_NUMBERS}"\n'
                             "1 orphaned decision: the quote is no longer in the transcript. "
                             "Add it again with --add-tag/--add-link where the words are now.\n")


def test_cli_batch_waits_for_the_lock_and_refuses_with_E304(eng, monkeypatch):
    from filelock import FileLock

    other = FileLock(str(eng / ".culturemap.lock"))          # another process's lock (its own file handle)
    import culturemap.store as store

    real = store.engagement_lock
    monkeypatch.setattr(store, "engagement_lock", lambda project, wait=5.0: real(project, wait=0))
    with other:
        result = run(["review", eng, "--accept-all"])
    assert result.exit_code == 1
    assert "[E304]" in result.output and "another culturemap process is working on this engagement" in result.output
    assert set(statuses(eng).values()) == {"suggested"}


def test_cli_add_link_with_code_is_a_usage_error(eng):
    result = run(["review", eng, "--add-link", "x", "--code", "no-time", "--cause", "a", "--effect", "b",
                  "--sign", "+", "--interview", "kc-03"])
    assert result.exit_code == 2
    assert "Error: --add-link takes --cause and --effect, not --code." in result.output


def test_cli_ctrl_c_in_the_session_keeps_what_was_decided(eng, monkeypatch):
    import click

    keys = iter("a")

    def getchar():
        for k in keys:
            return k
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_review, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(click, "getchar", getchar)
    result = run(["review", eng, "--interview", "kc-03"])
    assert result.exit_code == 130
    assert result.output.endswith("Interrupted. Everything decided so far is saved.\n")
    assert statuses(eng)["only-numbers"] == "accepted"
    run(["review", eng, "--accept-all"])                      # the lock was released
    assert set(statuses(eng).values()) == {"accepted"}
