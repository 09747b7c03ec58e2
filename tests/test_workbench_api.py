"""The workbench's JSON API over the codings store: every call is checked against what the store holds after."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from culturemap.coding.codebook import load_codebook  # noqa: E402
from culturemap.ingest import fingerprint  # noqa: E402
from culturemap.models import Codings  # noqa: E402
from culturemap.project import open_project  # noqa: E402
from culturemap.review import batch  # noqa: E402
from culturemap.store import load_codings, read_log, save_codings  # noqa: E402
from culturemap.workbench.app import build_app  # noqa: E402
from tests.test_review import BO01, CODEBOOK, KC03, S_CELEBRATE, suggestions, tag_on  # noqa: E402

PORT = 8765
TOKEN = "test-token"


def make_engagement(root: Path, language: str = "nl") -> Path:
    (root / "culturemap.yaml").write_text(f"language: {language}\n", encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "kc-03.md").write_text(KC03, encoding="utf-8")
    (root / "bo-01.md").write_text(BO01, encoding="utf-8")
    tags, links = suggestions()
    save_codings(root, Codings("kc-03", fingerprint(root / "kc-03.md"), tags=tags, links=links), language="nl")
    save_codings(root, Codings("bo-01", fingerprint(root / "bo-01.md"), tags=(
        tag_on(BO01, "bo-01", "We helpen elkaar altijd.", "help-each-other", "helpen elkaar", speaker="Pieter"),)),
        language="nl")
    return root


def client_for(root: Path, **kw) -> TestClient:
    app = build_app(open_project(root), token=TOKEN, port=PORT)
    return TestClient(app, base_url=f"http://127.0.0.1:{PORT}", headers={"X-Culturemap-Token": TOKEN}, **kw)


@pytest.fixture
def eng(tmp_path) -> Path:
    return make_engagement(tmp_path)


@pytest.fixture
def client(eng) -> TestClient:
    return client_for(eng)


def tag_of(root: Path, code: str, iid: str = "kc-03"):
    hits = [t for t in load_codings(root, iid).tags if t.code == code]
    assert len(hits) == 1, hits
    return hits[0]


def key_of(client, code: str, iid: str = "kc-03") -> list:
    return next(t["key"] for t in client.get(f"/api/interviews/{iid}").json()["tags"] if t["code"] == code)


def decide(client, which, status, **extra):
    return client.post("/api/decisions", json={"interview": "kc-03", "key": key_of(client, which),
                                               "status": status, **extra})


# ---------------------------------------------------------------- reading

def test_interview_list_has_progress_and_group_but_never_the_name(client):
    assert decide(client, "only-numbers", "accepted").status_code == 200
    r = client.get("/api/interviews")
    assert r.status_code == 200
    rows = {row["id"]: row for row in r.json()}
    assert list(rows) == ["bo-01", "kc-03"]
    assert rows["kc-03"]["group"] == "klantcontact"
    assert rows["kc-03"]["progress"] == {"open": 3, "accepted": 1, "rejected": 0, "manual": 0, "total": 4}
    assert rows["bo-01"]["progress"]["open"] == 1
    assert "Anna de Vries" not in r.text and "Pieter Jansen" not in r.text


def test_interview_has_text_segments_tags_and_links_with_offsets_into_the_text(client):
    d = client.get("/api/interviews/kc-03").json()
    assert {"id", "group", "language", "text", "segments", "tags", "links"} <= set(d)
    assert d["text"] == KC03
    speakers = [(s["speaker"], s["interviewer"]) for s in d["segments"]]
    assert speakers == [("Interviewer", True), ("Anna", False), ("Interviewer", True), ("Anna", False)]
    for t in d["tags"]:
        assert {"key", "start", "end", "code", "negated", "stance", "status", "origin", "spans"} <= set(t)
        assert d["text"][t["start"]:t["end"]] == t["text"]
    no_time = next(t for t in d["tags"] if t["code"] == "no-time")
    assert no_time["negated"] is True and no_time["stance"] == "denied"
    a, b = no_time["spans"][0]
    assert d["text"][a:b] == "tijd voor de klant"
    link = d["links"][0]
    assert {"key", "cause", "effect", "sign", "start", "end", "status", "origin"} <= set(link)
    assert (link["cause"], link["effect"], link["sign"]) == ("only-numbers", "no-time", "+")
    assert d["stale"] is False


def test_an_edited_transcript_is_flagged_stale_until_it_is_tagged_again(client, eng):
    (eng / "kc-03.md").write_text(KC03.replace("Hoe is het", "Hoe gaat het"), encoding="utf-8")
    assert client.get("/api/interviews/kc-03").json()["stale"] is True


def test_codebook_lists_codes_with_labels_in_both_languages_and_counts(client):
    assert decide(client, "help-each-other", "accepted").status_code == 200
    rows = {r["id"]: r for r in client.get("/api/codebook").json()}
    assert list(rows) == ["only-numbers", "no-time", "help-each-other", "celebrate-success"]
    assert rows["no-time"]["label"] == "Geen tijd door werkdruk"              # the project language (nl)
    assert rows["no-time"]["labels"]["en"] == "No time due to workload"
    assert (rows["no-time"]["kind"], rows["no-time"]["effect"]) == ("outcome", "hindering")
    assert rows["help-each-other"]["accepted"] == 1 and rows["help-each-other"]["open"] == 1   # bo-01 still open
    assert rows["help-each-other"]["recent"] == 0 and rows["no-time"]["recent"] is None


def test_unknown_interview_is_a_coded_404(client):
    r = client.get("/api/interviews/xx-99")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "E307" and "bo-01, kc-03" in r.json()["error"]["message"]


# ---------------------------------------------------------------- decisions

def test_accept_and_reject_are_saved_and_logged_at_once(client, eng):
    r = decide(client, "only-numbers", "accepted")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert tag_of(eng, "only-numbers").status == "accepted"
    assert decide(client, "help-each-other", "rejected").status_code == 200
    assert tag_of(eng, "help-each-other").status == "rejected"
    assert [e["action"] for e in read_log(eng)] == ["accept", "reject"]


def test_change_code_rejects_the_suggestion_and_adds_the_new_code_as_manual(client, eng):
    r = decide(client, "help-each-other", "accepted", code="celebrate-success")
    assert r.status_code == 200 and r.json()["code"] == "celebrate-success"
    assert tag_of(eng, "help-each-other").status == "rejected"
    new = tag_of(eng, "celebrate-success")
    assert (new.status, new.origin, new.text) == ("accepted", "manual", "We helpen elkaar wel altijd.")
    client.post("/api/undo")                                    # one undo reverses the whole change
    assert tag_of(eng, "help-each-other").status == "suggested"
    assert not [t for t in load_codings(eng, "kc-03").tags if t.code == "celebrate-success"]


def test_flip_negation_is_saved_survives_as_the_consultants_own_and_undoes(client, eng):
    assert tag_of(eng, "no-time").negated is True
    r = decide(client, "no-time", "accepted", negated=False)
    assert r.status_code == 200 and r.json()["stance"] == "affirmed"
    t = tag_of(eng, "no-time")
    assert (t.negated, t.status, t.origin) == (False, "accepted", "manual")
    assert client.post("/api/undo").status_code == 200
    t = tag_of(eng, "no-time")
    assert (t.negated, t.status, t.origin) == (True, "suggested", "rule")


def test_decision_on_an_item_that_is_gone_is_a_coded_404(client, eng):
    key = key_of(client, "only-numbers")
    key[3] += 1
    r = client.post("/api/decisions", json={"interview": "kc-03", "key": key, "status": "accepted"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "E312"
    assert tag_of(eng, "only-numbers").status == "suggested"


def test_a_bad_status_or_missing_field_is_a_coded_400(client):
    r = decide(client, "only-numbers", "maybe")
    assert r.status_code == 400 and r.json()["error"]["code"] == "E311"
    r = client.post("/api/decisions", json={"interview": "kc-03", "status": "accepted"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E802"
    r = client.post("/api/tags", content=b"not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E802"


# ---------------------------------------------------------------- manual tags and links

def test_manual_tag_codes_the_selected_occurrence_not_the_first(client, eng):
    second = KC03.index("nooit", KC03.index(S_CELEBRATE))        # 'nooit' occurs earlier too
    r = client.post("/api/tags", json={"interview": "kc-03", "start": second, "end": second + 5,
                                       "code": "celebrate-success", "negated": True})
    assert r.status_code == 200
    t = tag_of(eng, "celebrate-success")
    assert (t.text, t.negated, t.status, t.origin) == (S_CELEBRATE, True, "accepted", "manual")
    assert t.spans == ((second, second + 5),) and t.speaker == "Anna"
    assert read_log(eng)[-1]["action"] == "add-tag"


def test_interviewer_turns_are_never_coded(client, eng):
    pos = KC03.index("Hoe is het werken")
    r = client.post("/api/tags", json={"interview": "kc-03", "start": pos, "end": pos + 10, "code": "no-time"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E801"
    assert [t.code for t in load_codings(eng, "kc-03").tags].count("no-time") == 1
    assert read_log(eng) == []


def test_manual_tag_with_an_unknown_code_names_the_known_codes(client):
    pos = KC03.index("Bij ons")
    r = client.post("/api/tags", json={"interview": "kc-03", "start": pos, "end": pos + 7, "code": "no-tim"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E308"
    assert "did you mean 'no-time'" in r.json()["error"]["message"]


def test_draw_a_link_from_a_coded_sentence(client, eng):
    t = tag_of(eng, "help-each-other")
    r = client.post("/api/links", json={"interview": "kc-03", "start": t.start, "end": t.end,
                                        "cause": "help-each-other", "effect": "no-time", "sign": "-"})
    assert r.status_code == 200
    links = [l for l in load_codings(eng, "kc-03").links if l.cause == "help-each-other"]
    assert [(l.effect, l.sign, l.status, l.origin, l.text) for l in links] == \
        [("no-time", "-", "accepted", "manual", t.text)]
    r = client.post("/api/links", json={"interview": "kc-03", "start": t.start, "end": t.end,
                                        "cause": "no-time", "effect": "no-time", "sign": "+"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E311"


def test_undo_reverses_the_last_decision_and_says_so_when_there_is_none(client, eng):
    r = client.post("/api/undo")
    assert r.status_code == 409 and r.json()["error"]["code"] == "E306"
    decide(client, "only-numbers", "rejected")
    r = client.post("/api/undo")
    assert r.status_code == 200 and r.json()["message"].startswith("Undid reject of tag only-numbers in kc-03")
    assert tag_of(eng, "only-numbers").status == "suggested"


# ---------------------------------------------------------------- more like this

def test_more_like_this_finds_a_similar_sentence_elsewhere_with_its_reason(client, eng):
    key = key_of(client, "only-numbers")
    r = client.get("/api/similar", params={"interview": "kc-03", "key": json.dumps(key)})
    assert r.status_code == 200
    hits = r.json()
    assert hits and hits[0]["interview"] == "bo-01"
    assert hits[0]["text"] == "Maar de afhandeltijd is het enige wat telt."
    assert hits[0]["origin"] == "learned" and "afhandeltijd" in hits[0]["reason"]["shared"]
    assert hits[0]["reason"]["example"]["interview"] == "kc-03"
    assert all(h["text"] != "Het enige waar we op worden afgerekend is de afhandeltijd." for h in hits)
    # taking it stores a learned, accepted tag; it is not offered again
    h = hits[0]
    r = client.post("/api/tags", json={"interview": "bo-01", "start": h["start"], "end": h["end"],
                                       "code": "only-numbers", "origin": "learned"})
    assert r.status_code == 200
    t = tag_of(eng, "only-numbers", "bo-01")
    assert (t.status, t.origin, t.text) == ("accepted", "learned", h["text"])
    again = client.get("/api/similar", params={"interview": "kc-03", "key": json.dumps(key)}).json()
    assert all(x["text"] != h["text"] for x in again)


def test_a_rejected_learned_suggestion_is_kept_as_a_decision_and_not_offered_again(client, eng):
    key = key_of(client, "only-numbers")
    h = client.get("/api/similar", params={"interview": "kc-03", "key": json.dumps(key)}).json()[0]
    r = client.post("/api/tags", json={"interview": h["interview"], "start": h["start"], "end": h["end"],
                                       "code": "only-numbers", "origin": "learned", "status": "rejected"})
    assert r.status_code == 200
    t = tag_of(eng, "only-numbers", "bo-01")
    assert (t.status, t.origin) == ("rejected", "learned")
    again = client.get("/api/similar", params={"interview": "kc-03", "key": json.dumps(key)}).json()
    assert all(x["text"] != h["text"] for x in again)


# ---------------------------------------------------------------- new codes

def test_a_new_code_from_the_picker_is_written_to_codebook_yaml_that_tag_reads(client, eng):
    before = (eng / "codebook.yaml").read_text(encoding="utf-8")
    r = client.post("/api/codes", json={"id": "via-mail", "label": "Alles via de mail", "kind": "behaviour",
                                        "effect": "hindering", "pattern": "via de mail"})
    assert r.status_code == 200 and r.json()["label"] == "Alles via de mail"
    text = (eng / "codebook.yaml").read_text(encoding="utf-8")
    assert text.startswith(before)                                  # appended: the rest stays as written
    code = load_codebook(eng / "codebook.yaml").get("via-mail")
    assert (code.label, code.kind, code.effect, code.patterns) == \
        ("Alles via de mail", "behaviour", "hindering", ("via de mail",))
    pos = KC03.index("alles via de mail")
    r = client.post("/api/tags", json={"interview": "kc-03", "start": pos, "end": pos + 17, "code": "via-mail"})
    assert r.status_code == 200 and tag_of(eng, "via-mail").text == "Bij ons moet alles via de mail."
    r = client.post("/api/codes", json={"id": "via-mail", "label": "x", "kind": "behaviour", "effect": "hindering"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "E808"


def test_a_new_code_with_a_bad_kind_leaves_the_codebook_alone(client, eng):
    before = (eng / "codebook.yaml").read_text(encoding="utf-8")
    r = client.post("/api/codes", json={"id": "x", "label": "X", "kind": "feeling", "effect": "hindering"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E311"
    assert (eng / "codebook.yaml").read_text(encoding="utf-8") == before


# ---------------------------------------------------------------- one store with the CLI

def test_the_workbench_shows_what_a_batch_run_changed_and_both_sides_decisions_stay(client, eng):
    decide(client, "only-numbers", "rejected")                    # the browser's decision
    assert batch(eng, "accepted", interview="kc-03") == 3         # review --accept-all meanwhile
    d = client.get("/api/interviews/kc-03").json()
    assert {t["code"]: t["status"] for t in d["tags"]} == \
        {"only-numbers": "rejected", "no-time": "accepted", "help-each-other": "accepted"}
    assert d["progress"]["open"] == 0
    client.post("/api/undo")                                      # undo takes back the CLI's batch, as the CLI would
    assert tag_of(eng, "no-time").status == "suggested" and tag_of(eng, "only-numbers").status == "rejected"


def test_loops_are_empty_until_accepted_links_close_one(client, eng):
    assert client.get("/api/loops").json() == []
    for code in ("only-numbers", "no-time"):
        decide(client, code, "accepted")
    link = client.get("/api/interviews/kc-03").json()["links"][0]
    client.post("/api/decisions", json={"interview": "kc-03", "key": link["key"], "status": "accepted"})
    t = tag_of(eng, "no-time")
    client.post("/api/links", json={"interview": "kc-03", "start": t.start, "end": t.end, "cause": "no-time",
                                    "effect": "only-numbers", "sign": "+"})
    loops = client.get("/api/loops").json()
    assert [(lp["polarity"], sorted(lp["nodes"])) for lp in loops] == [("reinforcing", ["no-time", "only-numbers"])]


def test_a_re_tag_keeps_every_workbench_decision(client, eng):
    """`culturemap tag` merges new suggestions with the store: what the browser decided stays decided."""
    from culturemap.ingest import read_transcript
    from culturemap.review import merge_suggestions

    decide(client, "no-time", "accepted", negated=False)                 # flipped: the consultant's reading
    decide(client, "only-numbers", "rejected")
    pos = KC03.index("Bij ons")
    client.post("/api/tags", json={"interview": "kc-03", "start": pos, "end": pos + 7, "code": "no-time"})
    merged, _ = merge_suggestions(load_codings(eng, "kc-03"), read_transcript(eng / "kc-03.md"), *suggestions())
    got = {(t.code, t.text): (t.status, t.negated, t.origin) for t in merged.tags}
    assert got[("no-time", "Daardoor hebben we nooit tijd voor de klant.")] == ("accepted", False, "manual")
    assert got[("only-numbers", "Het enige waar we op worden afgerekend is de afhandeltijd.")][0] == "rejected"
    assert got[("no-time", "Bij ons moet alles via de mail.")] == ("accepted", False, "manual")


def test_more_like_this_learns_from_each_accepted_example(client, eng):
    (eng / "ld-02.md").write_text("---\nid: ld-02\ngroup: leiding\nlanguage: nl\n---\nInterviewer: En bij jou?\n\n"
                                  "Karin: Bij ons telt alleen de productie. Verder niets.\n", encoding="utf-8")
    key = key_of(client, "only-numbers")

    def found():
        hits = client.get("/api/similar", params={"interview": "kc-03", "key": json.dumps(key)}).json()
        return {h["text"]: h for h in hits}

    assert "Bij ons telt alleen de productie." not in found()       # nothing in common with this tag yet
    pos = BO01.index("het enige wat telt")                           # the consultant codes an example by hand
    assert client.post("/api/tags", json={"interview": "bo-01", "start": pos, "end": pos + 18,
                                          "code": "only-numbers"}).status_code == 200
    hit = found()["Bij ons telt alleen de productie."]
    assert hit["origin"] == "learned" and hit["interview"] == "ld-02"
    assert hit["reason"]["example"]["text"] == "Maar de afhandeltijd is het enige wat telt."
    assert hit["reason"]["shared"] == ["telt"] and hit["reason"]["examples"] == 2
