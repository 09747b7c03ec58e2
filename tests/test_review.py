"""Review: merging re-tags (re-anchoring, orphans), decisions, batch, manual codings, undo, the session, the CLI."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

import culturemap.cli.review as cli_review
from culturemap.cli import main as cli_main
from culturemap.errors import StoreError
from culturemap.models import Codings, Link, Tag, Transcript
from culturemap.review import (
    MergeReport,
    add_manual_link,
    add_manual_tag,
    batch,
    decide,
    merge_suggestions,
    review_session,
    undo,
)
from culturemap.store import load_codings, read_log, save_codings

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


# ---------------------------------------------------------------- merge_suggestions and re-anchoring

def decided_codings(text: str = KC03) -> Codings:
    tags, links = suggestions(text)
    return Codings("kc-03", "f0", tags=(tags[0].with_status("accepted"), tags[1].with_status("rejected"), tags[2]),
                   links=(links[0].with_status("accepted"),))


def test_first_tag_makes_every_suggestion_new():
    tags, links = suggestions()
    merged, report = merge_suggestions(None, transcript(KC03), tags, links)
    assert report == MergeReport(new=4, kept=0, reanchored=0, orphaned=0)
    assert merged.fingerprint == "f1" and all(t.status == "suggested" for t in merged.tags)


def test_reanchor_after_text_inserted_above_keeps_every_decision():
    old = decided_codings()
    edited = KC03.replace("Interviewer: Hoe is het", "Interviewer: Dank je wel voor je tijd. Hoe is het")
    shift = len("Dank je wel voor je tijd. ")
    new_tags, new_links = suggestions(edited)
    merged, report = merge_suggestions(old, transcript(edited), new_tags, new_links)
    assert report == MergeReport(new=1, kept=3, reanchored=3, orphaned=0)
    by_code = {t.code: t for t in merged.tags}
    assert by_code["only-numbers"].status == "accepted"
    assert by_code["only-numbers"].start == old.tags[0].start + shift
    assert edited[by_code["only-numbers"].start:by_code["only-numbers"].end] == S_NUMBERS
    assert by_code["no-time"].status == "rejected"
    assert by_code["help-each-other"].status == "suggested"          # undecided: the new suggestion
    assert merged.links[0].status == "accepted" and merged.links[0].start == old.links[0].start + shift
    # matched words move with the sentence
    a, b = by_code["only-numbers"].spans[0]
    assert edited[a:b] == "afgerekend"


def test_reanchor_without_new_suggestions_moves_decisions_and_spans():
    old = decided_codings()
    edited = "Extra regel bovenaan.\n" + KC03
    merged, report = merge_suggestions(old, transcript(edited), (), ())
    assert report == MergeReport(new=0, kept=3, reanchored=3, orphaned=0)
    tag = next(t for t in merged.tags if t.code == "no-time")
    assert edited[tag.start:tag.end] == S_TIME and tag.status == "rejected"
    assert edited[tag.spans[0][0]:tag.spans[0][1]] == "tijd voor de klant"


def test_reanchor_after_a_sentence_changed_elsewhere():
    old = decided_codings()
    edited = KC03.replace("Interviewer: Hoe is het werken hier?", "Interviewer: Vertel eens, hoe bevalt het werk?")
    merged, report = merge_suggestions(old, transcript(edited), (), ())
    assert report.orphaned == 0 and report.reanchored == 3
    assert {t.code: t.status for t in merged.tags} == {"only-numbers": "accepted", "no-time": "rejected"}
    assert all(edited[t.start:t.end] == t.text for t in merged.tags)


def test_text_appended_keeps_decisions_in_place():
    old = decided_codings()
    edited = KC03 + "\nAnna: Nog een laatste punt: we vieren nooit iets.\n"
    merged, report = merge_suggestions(old, transcript(edited), *suggestions(edited))
    assert report == MergeReport(new=1, kept=3, reanchored=0, orphaned=0)
    assert [(t.code, t.start, t.status) for t in merged.tags if t.status != "suggested"] == \
        [(t.code, t.start, t.status) for t in old.tags if t.status != "suggested"]


def test_deleted_quote_is_kept_as_orphaned_and_reported(tmp_path):
    old = decided_codings()
    edited = KC03.replace(S_NUMBERS + " ", "")
    tags, links = suggestions(KC03)
    keep = tuple(tag_on(edited, "kc-03", s, c, w, negated=n) for s, c, w, n in (
        (S_TIME, "no-time", "tijd voor de klant", True), (S_HELP, "help-each-other", "helpen elkaar", False)))
    merged, report = merge_suggestions(old, transcript(edited), keep, ())
    # the accepted tag and the accepted link both quoted the deleted sentence
    assert report == MergeReport(new=1, kept=3, reanchored=1, orphaned=2)
    orphan = next(t for t in merged.tags if t.code == "only-numbers")
    assert orphan.orphaned and orphan.status == "accepted" and orphan.text == S_NUMBERS
    assert merged.links[0].orphaned and merged.links[0].status == "accepted"
    # orphans survive a save/load round trip and a second re-tag
    save_codings(tmp_path, merged)
    again, report2 = merge_suggestions(load_codings(tmp_path, "kc-03"), transcript(edited), keep, ())
    assert report2.orphaned == 2 and any(t.orphaned for t in again.tags)


def test_orphan_comes_back_when_its_quote_returns():
    old = decided_codings()
    gone = KC03.replace(S_NUMBERS + " ", "")
    merged, _ = merge_suggestions(old, transcript(gone), (), ())
    back, report = merge_suggestions(merged, transcript(KC03), (), ())
    tag = next(t for t in back.tags if t.code == "only-numbers")
    assert not tag.orphaned and tag.start == KC03.index(S_NUMBERS) and report.orphaned == 0


def test_repeated_quote_goes_to_the_occurrence_nearest_its_old_place():
    text = "Anna: Ja. Dat klopt.\n\nInterviewer: Echt?\n\nAnna: Ja. Dat klopt. We helpen elkaar wel altijd.\n"
    second = text.index("Ja. Dat klopt.", 10)
    old = Codings("kc-03", "f0", tags=(
        Tag("kc-03", "Anna", second, second + 14, "help-each-other", status="accepted", text="Ja. Dat klopt."),
        Tag("kc-03", "Anna", text.index(S_HELP), text.index(S_HELP) + len(S_HELP), "help-each-other",
            status="accepted", text=S_HELP)))
    edited = "Anna: Ja. Dat klopt. Zeker.\n\n" + text          # a third copy inserted above
    merged, report = merge_suggestions(old, transcript(edited), (), ())
    tag = next(t for t in merged.tags if t.text == "Ja. Dat klopt.")
    assert tag.start == second + len("Anna: Ja. Dat klopt. Zeker.\n\n")
    assert report.orphaned == 0


def test_new_suggestion_identical_to_a_decision_takes_it_and_manual_codings_stay():
    tags, links = suggestions()
    manual = Tag("kc-03", "Anna", tags[2].start, tags[2].end - 6, "help-each-other", status="accepted",
                 origin="manual", text=KC03[tags[2].start:tags[2].end - 6])
    old = Codings("kc-03", "f0", tags=(tags[0].with_status("rejected"), manual))
    improved = replace(tags[0], negated=True)                  # a better tagger: same code and span
    merged, report = merge_suggestions(old, transcript(KC03), (improved, tags[1], tags[2]), ())
    assert report == MergeReport(new=1, kept=2, reanchored=0, orphaned=0)
    first = next(t for t in merged.tags if t.code == "only-numbers")
    assert first.status == "rejected" and first.negated is True
    helps = [t for t in merged.tags if t.code == "help-each-other"]
    assert [(t.origin, t.status) for t in helps] == [("manual", "accepted")]    # overlapping suggestion dropped
    assert [t.code for t in merged.tags] == sorted([t.code for t in merged.tags], key=lambda c: [
        t.start for t in merged.tags if t.code == c][0])


# ---------------------------------------------------------------- decisions, batch, undo

def test_decide_saves_and_logs_before_and_after(eng):
    key = load_codings(eng, "kc-03").tags[0].key
    codings = decide(eng, "kc-03", key, "accepted")
    assert next(t for t in codings.tags if t.key == key).status == "accepted"
    assert statuses(eng)["only-numbers"] == "accepted"
    entry = read_log(eng)[-1]
    assert entry["action"] == "accept" and entry["interview"] == "kc-03" and entry["item"] == list(key)
    assert entry["before"]["status"] == "suggested" and entry["after"]["status"] == "accepted"
    assert undo(eng) == f'Undid accept of tag only-numbers in kc-03: "{S_NUMBERS}"'
    assert statuses(eng)["only-numbers"] == "suggested"


def test_decide_unknown_interview_and_item(eng):
    with pytest.raises(StoreError) as info:
        decide(eng, "kc-99", ("tag", "kc-99", "x", 0, 1), "accepted")
    assert str(info.value) == "unknown interview 'kc-99'. Known interviews: bo-01, kc-03. [E307]"
    with pytest.raises(StoreError) as info:
        decide(eng, "kc-03", ("tag", "kc-03", "no-time", 0, 1), "accepted")
    assert str(info.value) == (f"no tag 'no-time' at 0-1 in interview 'kc-03' (it changed or was removed). "
                               f"Run 'culturemap review {eng}' to see the current items. [E312]")


def test_batch_accept_filtered_by_interview_then_undo_reverses_the_whole_batch(eng):
    assert batch(eng, "accepted", interview="kc-03") == 4
    assert set(statuses(eng).values()) == {"accepted"}
    assert set(statuses(eng, "bo-01").values()) == {"suggested"}
    assert undo(eng) == "Undid accept-all of 4 items (kc-03): open suggestions again"
    assert set(statuses(eng).values()) == {"suggested"}


def test_batch_reject_filtered_by_code_across_interviews_and_links(eng):
    assert batch(eng, "rejected", code="only-numbers") == 3        # 2 tags + the link with it as cause
    assert statuses(eng)["only-numbers"] == "rejected" and statuses(eng)["only-numbers>no-time"] == "rejected"
    assert statuses(eng)["no-time"] == "suggested"
    assert statuses(eng, "bo-01") == {"help-each-other": "suggested", "only-numbers": "rejected"}


def test_batch_leaves_earlier_decisions_alone(eng):
    key = load_codings(eng, "kc-03").tags[0].key
    decide(eng, "kc-03", key, "rejected")
    assert batch(eng, "accepted", interview="kc-03") == 3
    assert statuses(eng)["only-numbers"] == "rejected"
    assert batch(eng, "accepted", interview="kc-03", only_suggested=False) == 1
    assert statuses(eng)["only-numbers"] == "accepted"


def test_batch_unknown_code_and_interview(eng):
    with pytest.raises(StoreError) as info:
        batch(eng, "accepted", code="only-number")
    assert str(info.value) == ("unknown code 'only-number'. Known codes: celebrate-success, help-each-other, no-time, "
                               "only-numbers (did you mean 'only-numbers'?). [E308]")
    with pytest.raises(StoreError) as info:
        batch(eng, "accepted", interview="x")
    assert "[E307]" in str(info.value)


def test_undo_with_an_empty_log_is_E306(eng):
    with pytest.raises(StoreError) as info:
        undo(eng)
    assert str(info.value) == "nothing to undo: the decision log is empty. [E306]"


def test_undo_steps_back_one_decision_at_a_time(eng):
    c = load_codings(eng, "kc-03")
    decide(eng, "kc-03", c.tags[0].key, "accepted")
    decide(eng, "kc-03", c.tags[1].key, "rejected")
    undo(eng)
    assert statuses(eng)["only-numbers"] == "accepted" and statuses(eng)["no-time"] == "suggested"
    undo(eng)
    assert statuses(eng)["only-numbers"] == "suggested"
    with pytest.raises(StoreError):
        undo(eng)
    assert [e["action"] for e in read_log(eng)] == ["accept", "reject", "undo", "undo"]


def test_undo_after_a_retag_moved_the_item(eng):
    c = load_codings(eng, "kc-03")
    decide(eng, "kc-03", c.tags[0].key, "accepted")
    edited = "Vooraf: een extra zin.\n" + KC03
    (eng / "kc-03.md").write_text(edited, encoding="utf-8")
    merged, _ = merge_suggestions(load_codings(eng, "kc-03"), transcript(edited), *suggestions(edited))
    save_codings(eng, merged)
    undo(eng)
    tag = next(t for t in load_codings(eng, "kc-03").tags if t.code == "only-numbers")
    assert tag.status == "suggested" and edited[tag.start:tag.end] == S_NUMBERS


# ---------------------------------------------------------------- manual codings

def test_add_manual_tag_on_the_sentence_holding_the_quote(eng):
    tag = add_manual_tag(eng, "kc-03", "vieren we eigenlijk nooit", "celebrate-success", negated=True)
    start = KC03.index(S_CELEBRATE)
    assert (tag.start, tag.end, tag.text) == (start, start + len(S_CELEBRATE), S_CELEBRATE)
    q = KC03.index("vieren we eigenlijk nooit")
    assert tag.spans == ((q, q + len("vieren we eigenlijk nooit")),)
    assert (tag.origin, tag.status, tag.negated, tag.speaker) == ("manual", "accepted", True, "Anna")
    assert tag in load_codings(eng, "kc-03").tags
    assert read_log(eng)[-1]["action"] == "add-tag"
    assert undo(eng) == f'Undid manual tag celebrate-success in kc-03: "{S_CELEBRATE}"'
    assert tag not in load_codings(eng, "kc-03").tags


def test_add_manual_tag_on_a_never_tagged_transcript_does_not_claim_it_tagged(eng):
    (eng / "hr-02.md").write_text("---\nid: hr-02\n---\nRespondent: Wij vieren elk succes samen.\n", encoding="utf-8")
    tag = add_manual_tag(eng, "hr-02", "Wij vieren elk succes", "celebrate-success")
    assert tag.text == "Wij vieren elk succes samen."
    assert load_codings(eng, "hr-02").fingerprint == ""      # `culturemap tag` still tags it


def test_add_manual_tag_errors(eng):
    with pytest.raises(StoreError) as info:
        add_manual_tag(eng, "kc-03", "dit staat er niet", "no-time")
    assert str(info.value) == (f"{eng / 'kc-03.md'}: no text 'dit staat er niet' in this interview. "
                               "Copy the words exactly as they appear in the transcript. [E309]")
    with pytest.raises(StoreError) as info:
        add_manual_tag(eng, "kc-03", "afhandeltijd", "nope")
    assert str(info.value).startswith("unknown code 'nope'. Known codes: celebrate-success, help-each-other")
    with pytest.raises(StoreError) as info:
        add_manual_tag(eng, "kc-04", "afhandeltijd", "no-time")
    assert str(info.value) == "unknown interview 'kc-04'. Known interviews: bo-01, kc-03. [E307]"


def test_add_manual_link_spans_two_sentences(eng):
    quote = "de afhandeltijd. Daardoor hebben we nooit tijd"
    link = add_manual_link(eng, "kc-03", quote, "only-numbers", "celebrate-success", "-")
    assert link.text == S_NUMBERS + " " + S_TIME
    assert (link.origin, link.status, link.sign, link.interview) == ("manual", "accepted", "-", "kc-03")
    assert link in load_codings(eng, "kc-03").links
    with pytest.raises(StoreError) as info:
        add_manual_link(eng, "kc-03", quote, "only-numbers", "no-time", "x")
    assert str(info.value) == "'x' is not valid here: the sign of a link is '+' or '-'. [E311]"


def test_adding_a_manual_tag_equal_to_a_suggestion_accepts_it(eng):
    tag = add_manual_tag(eng, "kc-03", "afgerekend", "only-numbers")
    assert (tag.origin, tag.status) == ("rule", "accepted")
    assert [t.code for t in load_codings(eng, "kc-03").tags].count("only-numbers") == 1


# ---------------------------------------------------------------- the interactive session

class Keys:
    """A fake getkey that records the saved state of kc-03 before each key press."""

    def __init__(self, root: Path, keys: str):
        self.root, self.keys, self.seen = root, list(keys), []

    def __call__(self) -> str:
        self.seen.append(statuses(self.root))
        if not self.keys:
            raise EOFError
        return self.keys.pop(0)


def session(root, keys, answers=(), **kw):
    console = Console(record=True, width=120, color_system=None)
    getkey = Keys(root, keys)
    answers = list(answers)
    summary = review_session(root, console=console, getkey=getkey, prompt=lambda text: answers.pop(0), **kw)
    return summary, console.export_text(), getkey


def test_session_accept_reject_skip_quit_saved_after_every_key(eng):
    summary, out, keys = session(eng, "arsq", interview="kc-03")
    # kc-03 items in text order: only-numbers tag, the link (same start), no-time, help-each-other
    assert keys.seen[1]["only-numbers"] == "accepted"                # saved before the next key
    assert keys.seen[2]["only-numbers>no-time"] == "rejected"
    assert statuses(eng) == {"only-numbers": "accepted", "no-time": "suggested", "help-each-other": "suggested",
                             "only-numbers>no-time": "rejected"}
    assert (summary.accepted, summary.rejected, summary.skipped, summary.remaining, summary.total) == (1, 1, 1, 2, 4)
    assert "1/4 · kc-03 · klantcontact · medewerker" in out and "3/4" in out
    assert "Anna de Vries" not in out                                   # the interviewee's name is never shown
    assert "Code: only-numbers · Alleen cijfers tellen  (not negated)" in out
    assert "Code: no-time · Geen tijd door werkdruk  NEGATED" in out
    assert "Link: only-numbers (Alleen cijfers tellen) → no-time (Geen tijd door werkdruk)  sign +" in out
    assert "Interviewer: Hoe is het werken hier?" in out                 # one sentence of context before
    assert S_TIME in out                                                  # ... and after


def test_session_highlights_the_matched_words(eng):
    console = Console(record=True, width=120, force_terminal=True, color_system="standard")
    review_session(eng, interview="kc-03", console=console, getkey=Keys(eng, "q"), prompt=lambda t: "")
    assert "\x1b[1;7mafgerekend\x1b[0m" in console.export_text(styles=True)


def test_session_change_code_lists_codes_and_applies_the_new_one(eng):
    summary, out, _ = session(eng, "sscq", ["celebrate-success"], interview="kc-03")
    assert "celebrate-success  Successen vieren" in out
    c = load_codings(eng, "kc-03")
    assert [(t.code, t.status, t.origin) for t in c.tags if t.start == KC03.index(S_TIME)] == [
        ("celebrate-success", "accepted", "manual"), ("no-time", "rejected", "rule")]
    assert summary.changed == 1
    assert undo(eng).startswith("Undid code change no-time -> celebrate-success in kc-03")
    assert statuses(eng)["no-time"] == "suggested" and "celebrate-success" not in statuses(eng)


def test_session_change_code_to_an_unknown_code_changes_nothing(eng):
    summary, out, _ = session(eng, "cq", ["bogus"], interview="kc-03")
    assert "unknown code 'bogus'" in out and summary.changed == 0
    assert set(statuses(eng).values()) == {"suggested"}


def test_session_undo_goes_back_to_the_previous_item(eng):
    summary, out, keys = session(eng, "aua", interview="kc-03")
    assert keys.seen[1]["only-numbers"] == "accepted"
    assert keys.seen[2]["only-numbers"] == "suggested"                 # undone and saved
    assert "Undid accept of tag only-numbers in kc-03" in out
    assert statuses(eng)["only-numbers"] == "accepted"                  # decided again on the same item
    assert (summary.accepted, summary.undone) == (1, 1)


def test_session_filtered_by_code_and_nothing_to_review(eng):
    summary, out, _ = session(eng, "a", code="help-each-other")
    assert summary.total == 2 and summary.accepted == 1
    batch(eng, "accepted")
    summary, out, _ = session(eng, "a")
    assert out.strip() == "Nothing to review: no open suggestions."


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


def test_session_change_code_accepts_a_unique_prefix(eng):
    session(eng, "cq", ["celeb"], interview="kc-03")
    assert statuses(eng)["celebrate-success"] == "accepted" and statuses(eng)["only-numbers"] == "rejected"


def test_session_change_link_cause_and_effect(eng):
    summary, out, _ = session(eng, "scq", ["", "celebrate-success"], interview="kc-03")
    links = {(l.cause, l.effect): (l.status, l.origin) for l in load_codings(eng, "kc-03").links}
    assert links == {("only-numbers", "no-time"): ("rejected", "rule"),
                     ("only-numbers", "celebrate-success"): ("accepted", "manual")}
    assert "Changed link to only-numbers -> celebrate-success." in out


def test_session_before_anything_is_tagged(tmp_path):
    (tmp_path / "culturemap.yaml").write_text("language: nl\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    summary, out, _ = session(tmp_path, "q")
    assert summary.total == 0
    assert " ".join(out.split()) == f"Nothing to review yet: no transcript is tagged. Run 'culturemap tag {tmp_path}' first."


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


def test_undo_of_another_kind_of_batch_names_its_size(eng):
    from culturemap.review import _commit, _entry

    c = load_codings(eng, "kc-03")
    after = [t.with_status("accepted") for t in c.tags[:2]]
    entries = [_entry("apply-reference", "kc-03", t, a, "b1") for t, a in zip(c.tags[:2], after)]
    _commit(eng, entries, {"kc-03": replace(c, tags=tuple(after) + c.tags[2:])})
    assert undo(eng) == "Undid apply-reference of 2 items (kc-03)"
    assert set(statuses(eng).values()) == {"suggested"}
