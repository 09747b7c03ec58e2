"""The review queue (review.queue): which suggestions are open, in which order, and the filters."""
from __future__ import annotations

from dataclasses import replace

import pytest

from culturemap.errors import StoreError
from culturemap.review import count_open, decide, open_item, open_queue, orphaned_items
from culturemap.store import load_codings, save_codings
from tests import test_review as shared
from tests.test_review import CODEBOOK, KC03, S_HELP, S_NUMBERS, S_TIME

eng = shared.eng        # the engagement the review tests share (a fixture)


def test_open_suggestions_by_interview_and_text_order_a_tag_before_a_link_at_the_same_place(eng):
    queue = open_queue(eng)
    kc = [key for iid, key in queue.items if iid == "kc-03"]
    start = KC03.index
    assert [(k[0], k[2]) for k in kc] == [("tag", "only-numbers"), ("link", "only-numbers"), ("tag", "no-time"),
                                          ("tag", "help-each-other")]
    assert [k[-2] for k in kc] == [start(S_NUMBERS), start(S_NUMBERS), start(S_TIME), start(S_HELP)]
    assert [iid for iid, _ in queue.items] == ["bo-01", "bo-01", "kc-03", "kc-03", "kc-03", "kc-03"]
    assert queue.tagged and queue.interviews == {"bo-01", "kc-03"}
    assert queue.labels["no-time"] == "Geen tijd door werkdruk"       # in the project language


def test_filters_by_interview_and_code_a_link_counts_for_its_cause_and_effect(eng):
    assert len(open_queue(eng, interview="kc-03").items) == 4
    by_code = open_queue(eng, code="no-time").items
    assert [(iid, key[0]) for iid, key in by_code] == [("kc-03", "link"), ("kc-03", "tag")]
    assert count_open(eng) == 6 and count_open(eng, interview="bo-01", code="only-numbers") == 1


def test_decided_and_orphaned_items_are_not_open(eng):
    iid, key = open_queue(eng, interview="kc-03").items[0]
    assert open_item(eng, iid, key).code == "only-numbers"
    decide(eng, iid, key, "accepted")
    assert open_item(eng, iid, key) is None
    assert key not in [k for _, k in open_queue(eng).items] and count_open(eng) == 5
    c = load_codings(eng, "kc-03")
    save_codings(eng, replace(c, tags=tuple(replace(t, orphaned=True) if t.code == "no-time" else t for t in c.tags)))
    assert count_open(eng, interview="kc-03") == 2
    assert [(t.code, t.status) for t in orphaned_items(eng)] == [("no-time", "suggested")]


def test_unknown_interview_and_code(eng):
    with pytest.raises(StoreError) as info:
        open_queue(eng, interview="kc-99")
    assert str(info.value) == "unknown interview 'kc-99'. Known interviews: bo-01, kc-03. [E307]"
    with pytest.raises(StoreError) as info:
        open_queue(eng, code="no-tijd")
    assert "unknown code 'no-tijd'" in str(info.value) and "did you mean 'no-time'?" in str(info.value)


def test_nothing_tagged_yet(tmp_path):
    (tmp_path / "culturemap.yaml").write_text("language: nl\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    queue = open_queue(tmp_path)
    assert queue.items == () and not queue.tagged and count_open(tmp_path) == 0
