"""`culturemap themes`: red threads about something (key phrases, organisation jargon), in nl and en.

The engagements below are synthetic: each interview voices the same organisation jargon and key phrase,
and all of them are full of ordinary words ("work", "team", "office", "werk", "kantoor") in more interviews
still. A consultant must see the jargon and the phrases first, labelled as the interviewees wrote them.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from culturemap.cli import main

CODEBOOK = """\
version: 1
language: {lang}
codes:
  - {{id: workload, label: Workload, kind: outcome, effect: hindering, patterns: [{pattern}]}}
"""

EN = {
    "sup-01": ("support", [
        "Here we always log every complaint in the flexdesk before lunch.",
        "We always have to put a customer on the callback queue when the chat is full.",
        "People here really work hard for the team, you know, in the office every day.",
        "The team has to be in the office, that is the way we work.",
    ]),
    "sup-02": ("support", [
        "Everyone has to check the flexdesk first thing in the morning.",
        "You never skip the callback queue, everyone knows that.",
        "We work as a team, people here always say so in the office.",
    ]),
    "fin-01": ("finance", [
        "Nobody is supposed to close a refund without a note in the flexdesk.",
        "We should look at the callback queue more, it is always long.",
        "Here the team must work late, the office is open until eight.",
    ]),
    "it-01": ("it", [
        "We always work in the office with the whole team.",
        "People have to work with what the team has, that is how it goes here.",
    ]),
}

NL = {
    "kc-01": ("klantcontact", [
        "Bij ons moet alles eerst in de verzuimregistratie, anders gebeurt er niks.",
        "We hebben altijd die roze olifant in de kamer bij het overleg.",
        "Wij werken hier altijd hard in het team op kantoor, dat is ons werk.",
        "Het team moet elke dag naar kantoor komen voor het werk.",
    ]),
    "kc-02": ("klantcontact", [
        "Iedereen moet de verzuimregistratie bijhouden, ook als je maar een uur ziek bent.",
        "Niemand durft die roze olifant te benoemen, dat hoort hier zo.",
        "We doen het werk altijd samen met het team op kantoor.",
    ]),
    "bo-01": ("backoffice", [
        "Bij ons moet de teamleider de verzuimregistratie elke week controleren.",
        "We praten nooit over de roze olifant, dat mag gewoon niet.",
        "Wij moeten met het team het werk op kantoor afmaken.",
    ]),
    "hr-01": ("hr", [
        "Bij ons moet het team altijd op kantoor werken, dat is het werk.",
        "Iedereen moet hier met het team het werk doen op kantoor.",
    ]),
}


def _engagement(root, lang: str, interviews: dict, *, extra: str = "") -> str:
    root.mkdir()
    (root / "culturemap.yaml").write_text(f"language: {lang}\nanonymity_threshold: 1\n", encoding="utf-8")
    pattern = "high workload" if lang == "en" else "hoge werkdruk"
    (root / "codebook.yaml").write_text(CODEBOOK.format(lang=lang, pattern=pattern), encoding="utf-8")
    (root / "codings").mkdir()
    asks = "What stands out?" if lang == "en" else "Wat valt je op?"
    for n, (iid, (group, sentences)) in enumerate(interviews.items()):
        body = " ".join(sentences) + extra
        (root / f"{iid}.md").write_text(
            f"---\nid: {iid}\ngroup: {group}\nlanguage: {lang}\n---\nInterviewer: {asks}\n\nR{n}: {body}\n",
            encoding="utf-8")
    return str(root)


def _themes(path: str, *args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["themes", path, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["themes"]


@pytest.mark.parametrize("lang, interviews, jargon, phrase, common", [
    ("en", EN, "flexdesk", "callback queue", {"work", "team", "office", "people", "here", "always"}),
    ("nl", NL, "verzuimregistratie", "roze olifant", {"werk", "werken", "team", "kantoor", "bij", "ons", "altijd"}),
])
def test_jargon_and_key_phrases_come_before_common_words(tmp_path, lang, interviews, jargon, phrase, common):
    themes = _themes(_engagement(tmp_path / lang, lang, interviews))
    labels = [t["label"] for t in themes]
    assert labels[:2] == [jargon, phrase], labels
    assert [t["kind"] for t in themes[:2]] == ["jargon", "phrase"]
    assert (themes[0]["interviews"], themes[1]["interviews"]) == (3, 3)
    # an ordinary word voiced in all four interviews and three groups still ranks below them
    assert labels[2] in common and themes[2]["interviews"] == 4 and len(themes[2]["groups"]) == 3, labels
    assert set(labels[3:]) <= common, labels
    assert not ({"here", "always", "bij", "ons", "altijd"} & set(labels)), labels   # markers, not topics


def test_theme_labels_are_never_function_words_or_generic_verbs(tmp_path):
    themes = _themes(_engagement(tmp_path / "en", "en", EN))
    from culturemap.nlp.lexicon import FUNCTION_WORDS

    for t in themes:
        words = t["label"].lower().split()
        assert not all(w in FUNCTION_WORDS["en"] for w in words), t["label"]
        assert t["label"] not in {"have", "has", "is", "know", "say", "like", "need", "take", "mean", "goes"}


def test_json_keeps_label_interviews_groups_examples_and_adds_every_statement(tmp_path):
    themes = _themes(_engagement(tmp_path / "en", "en", EN))
    flexdesk = themes[0]
    assert flexdesk["label"] == "flexdesk"
    assert flexdesk["interviews"] == 3
    assert flexdesk["groups"] == ["finance", "support"]
    assert flexdesk["lemmas"] == ["flexdesk"]
    assert [s["text"] for s in flexdesk["statements"]] == [
        "Nobody is supposed to close a refund without a note in the flexdesk.",
        "Here we always log every complaint in the flexdesk before lunch.",
        "Everyone has to check the flexdesk first thing in the morning.",
    ]
    # examples: at most three, one interview after another, under pseudonyms
    assert len(flexdesk["examples"]) == 3
    assert len({e["interview"] for e in flexdesk["examples"]}) == 3
    assert all(e["interview"].startswith("I0") for e in flexdesk["examples"])


def test_human_output_shows_the_jargon_first_with_quotes_from_different_interviews(tmp_path):
    path = _engagement(tmp_path / "nl", "nl", NL)
    result = CliRunner().invoke(main, ["themes", path])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = lines.index("1. verzuimregistratie  (3 interviews, 2 groups)")
    quotes = lines[first + 1:first + 4]
    assert len({q.split(":")[0] for q in quotes}) == 3, quotes
    assert all("verzuimregistratie" in q for q in quotes)


def test_a_colleague_named_in_every_interview_is_no_theme(tmp_path):
    named = {iid: (group, [*sentences, "We always have to ask Priyanka first."])
             for iid, (group, sentences) in EN.items()}
    themes = _themes(_engagement(tmp_path / "en", "en", named))
    assert themes
    assert not any("priyanka" in t["label"].lower() or "priyanka" in " ".join(t["lemmas"]) for t in themes)


def test_transcribers_notes_in_brackets_are_no_theme(tmp_path):
    themes = _themes(_engagement(tmp_path / "en", "en", EN, extra=" We always [inaudible] have to [crosstalk] go."))
    labels = {t["label"].lower() for t in themes}
    assert "flexdesk" in labels
    assert not labels & {"inaudible", "crosstalk"}


def test_without_wordfreq_rarity_comes_from_the_lexicon(tmp_path, monkeypatch):
    from culturemap.coding import keyterms

    monkeypatch.setattr(keyterms, "_wordfreq", lambda language: None)
    keyterms.word_zipf.cache_clear()
    try:
        themes = _themes(_engagement(tmp_path / "en", "en", EN))
    finally:
        keyterms.word_zipf.cache_clear()
    top = {t["label"]: t["kind"] for t in themes[:2]}
    assert top == {"flexdesk": "jargon", "callback queue": "phrase"}, themes


def test_a_theme_leaves_the_list_once_a_code_covers_it(tmp_path):
    path = _engagement(tmp_path / "en", "en", EN)
    assert "callback queue" in [t["label"] for t in _themes(path)]
    (tmp_path / "en" / "codebook.yaml").write_text(CODEBOOK.format(lang="en", pattern="callback queue"),
                                                    encoding="utf-8")
    labels = [t["label"] for t in _themes(path)]
    assert "callback queue" not in labels and labels[0] == "flexdesk", labels


def test_one_topic_does_not_fill_the_top(tmp_path):
    """Phrases around one jargon word ("flexdesk report", "flexdesk export") give way to another red thread."""
    interviews = {
        "sup-01": ("support", ["We always fill in the flexdesk report on Friday.",
                               "We always open the flexdesk first.", "Here the flexdesk is slow.",
                               "We always check the flexdesk export at noon.",
                               "Everyone has to read the escalation board twice."]),
        "sup-02": ("support", ["We never trust the flexdesk export.", "Here the flexdesk report has to be signed.",
                               "We close the flexdesk at five.", "You have to log in to the flexdesk again."]),
        "fin-01": ("finance", ["We always send the flexdesk export to finance.", "You must update the flexdesk.",
                               "We print the flexdesk report for support.", "Here the flexdesk is down a lot.",
                               "We must put every refund on the escalation board."]),
    }
    labels = [t["label"] for t in _themes(_engagement(tmp_path / "en", "en", interviews))]
    assert labels[0].startswith("flexdesk"), labels
    assert labels.index("escalation board") < min(i for i, label in enumerate(labels[1:], 1)
                                                  if label.startswith("flexdesk")), labels


def test_labels_keep_the_interviewees_spelling_of_acronyms_and_names_of_units(tmp_path):
    interviews = {iid: (group, [*sentences, "We always have to wait for the KCC."])
                  for iid, (group, sentences) in EN.items()}
    themes = _themes(_engagement(tmp_path / "en", "en", interviews))
    assert "KCC" in [t["label"] for t in themes]
