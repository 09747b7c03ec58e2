"""Re-anchoring (review.anchoring): merging a re-tag with earlier decisions, orphans, moved quotes."""
from __future__ import annotations

from dataclasses import replace

from culturemap.models import Codings, Tag
from culturemap.review import MergeReport, merge_suggestions
from culturemap.store import load_codings, save_codings
from tests.test_review import KC03, S_HELP, S_NUMBERS, S_TIME, suggestions, tag_on, transcript

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
