"""Decisions (review.decisions): decide, batch, manual codings, undo, and the one commit-and-log step."""
from __future__ import annotations

from dataclasses import replace

import pytest

from culturemap.errors import StoreError
from culturemap.models import Tag
from culturemap.review import (
    Change,
    add_manual_link,
    add_manual_tag,
    batch,
    commit_batch,
    decide,
    merge_suggestions,
    undo,
)
from culturemap.store import load_codings, read_log, save_codings
from tests import test_review as shared
from tests.test_review import KC03, S_CELEBRATE, S_NUMBERS, S_TIME, statuses, suggestions, transcript

eng = shared.eng        # the engagement the review tests share (a fixture)


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


def test_undo_of_another_kind_of_batch_names_its_size(eng):
    c = load_codings(eng, "kc-03")
    after = [t.with_status("accepted") for t in c.tags[:2]]
    changes = [Change("apply-reference", "kc-03", t, a) for t, a in zip(c.tags[:2], after)]
    commit_batch(eng, changes, {"kc-03": replace(c, tags=tuple(after) + c.tags[2:])}, batch_id="b1")
    assert undo(eng) == "Undid apply-reference of 2 items (kc-03)"
    assert set(statuses(eng).values()) == {"suggested"}


# ---------------------------------------------------------------- the public commit-and-log step

def test_commit_batch_logs_before_it_saves_and_one_undo_takes_the_batch_back(eng):
    c = load_codings(eng, "kc-03")
    accepted = c.tags[0].with_status("accepted")
    manual = Tag("kc-03", "Anna", KC03.index(S_CELEBRATE), KC03.index(S_CELEBRATE) + len(S_CELEBRATE),
                 "celebrate-success", status="accepted", origin="manual", text=S_CELEBRATE)
    new = replace(c, tags=(accepted, manual) + c.tags[1:])
    n = commit_batch(eng, [Change("my-import", "kc-03", c.tags[0], accepted),
                           Change("add-tag", "kc-03", None, manual)], {"kc-03": new}, batch_id="imp-1")
    assert n == 2
    assert statuses(eng)["only-numbers"] == "accepted" and statuses(eng)["celebrate-success"] == "accepted"
    log = read_log(eng)
    assert [(e["action"], e["kind"], e["batch"]) for e in log] == [("my-import", "tag", "imp-1"),
                                                                    ("add-tag", "tag", "imp-1")]
    assert log[0]["item"] == list(c.tags[0].key) and log[0]["before"]["status"] == "suggested"
    assert log[1]["before"] is None and log[1]["after"]["code"] == "celebrate-success"
    assert all(e["id"] and e["at"] for e in log)
    assert undo(eng) == "Undid my-import of 2 items (kc-03)"
    assert set(statuses(eng).values()) == {"suggested"}                 # the manual tag is gone again


def test_commit_batch_without_a_batch_id_is_undone_one_change_at_a_time(eng):
    c = load_codings(eng, "kc-03")
    first, second = c.tags[0].with_status("accepted"), c.tags[1].with_status("rejected")
    commit_batch(eng, [Change("accept", "kc-03", c.tags[0], first)], {"kc-03": replace(c, tags=(first,) + c.tags[1:])})
    c = load_codings(eng, "kc-03")
    commit_batch(eng, [Change("reject", "kc-03", c.tags[1], second)],
                 {"kc-03": replace(c, tags=(c.tags[0], second) + c.tags[2:])})
    assert "batch" not in read_log(eng)[0]
    undo(eng)
    assert statuses(eng)["only-numbers"] == "accepted" and statuses(eng)["no-time"] == "suggested"


def test_commit_batch_logs_nothing_without_changes(eng):
    assert commit_batch(eng, [], {}) == 0
    assert read_log(eng) == []
