"""Matching behaviour of the embedded default pipeline (blank spaCy + sentencizer + lookup lemmatizer).

Each required behaviour of the "Coding interviews" issue is a named test here.
"""
from pathlib import Path

import pytest

from culturemap.coding.codebook import parse_codebook
from culturemap.coding.tagging import build_matcher, suggest
from culturemap.models import Segment, Transcript
from culturemap.nlp.pipeline import load_pipeline

CODEBOOK = """
version: 1
language: nl
codes:
  - id: customer-first
    label: {nl: Klant centraal, en: Customer first}
    kind: belief
    effect: enabling
    patterns:
      nl: [klant centraal stellen, belang van de klant voorop]
      en: [put the customer first, customer comes first]
  - id: pass-on
    label: {nl: Van het kastje naar de muur, en: Passed from pillar to post}
    kind: behaviour
    effect: hindering
    patterns:
      nl: [klant doorschuiven, van het kastje naar de muur, werk doorschuiven]
      en: [pass the customer on, pillar to post]
  - id: workload
    label: {nl: Werkdruk, en: Workload}
    kind: outcome
    effect: hindering
    patterns:
      nl: [hoge werkdruk, geen tijd hebben]
      en: [high workload, no time]
  - id: help-each-other
    label: {nl: Elkaar helpen, en: Help each other}
    kind: value
    effect: ambivalent
    patterns:
      nl: [elkaar helpen]
      en: [help each other]
  - id: celebrate
    label: {nl: Successen vieren, en: Celebrate success}
    kind: behaviour
    effect: enabling
    patterns:
      nl: [succes vieren]
      en: [celebrate success]
  - id: fear
    label: {nl: Angst voor fouten, en: Fear of mistakes}
    kind: belief
    effect: hindering
    patterns:
      nl: [afgerekend worden, bang voor fouten]
      en: [blamed for mistakes, afraid of mistakes]
  - id: complaints
    label: {nl: Klachten, en: Complaints}
    kind: outcome
    effect: hindering
    patterns:
      nl: [klacht]
      en: [complaint]
  - id: managers-contradict
    label: {nl: Managers spreken elkaar tegen, en: Managers contradict each other}
    kind: behaviour
    effect: hindering
    patterns:
      nl: [manager elkaar tegenspreken]
      en: [managers contradict each other]
  - id: call-back
    label: {nl: Klant terugbellen, en: Call the customer back}
    kind: behaviour
    effect: enabling
    patterns:
      nl: [klant terugbellen]
      en: [call the customer back]
      
"""


@pytest.fixture(scope="module")
def codebook():
    return parse_codebook(CODEBOOK)


def run(text, codebook, language="nl", speaker=""):
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment(speaker, 0, len(text), 1),),
                   language=language)
    return suggest(t, codebook)


def codes(tags):
    return sorted((t.code, t.negated) for t in tags)


# ----------------------------------------------------------------------------- inflection and word order
def test_inflection_and_word_order_do_not_defeat_a_pattern(codebook):
    tags, _ = run("Eerlijk gezegd stelden we de klant nooit echt centraal.", codebook)
    assert codes(tags) == [("customer-first", True)]


def test_present_tense_and_participle_match_the_infinitive(codebook):
    assert codes(run("Hier stelt iedereen de klant centraal.", codebook)[0]) == [("customer-first", False)]
    assert codes(run("De klant wordt hier centraal gesteld.", codebook)[0]) == [("customer-first", False)]


def test_dutch_separable_verb_split_over_the_clause(codebook):
    tags, _ = run("Bij drukte schuiven we de klant gewoon door.", codebook)
    assert codes(tags) == [("pass-on", False)]


def test_dutch_separable_verb_participle(codebook):
    tags, _ = run("De klant werd weer doorgeschoven naar de backoffice.", codebook)
    assert codes(tags) == [("pass-on", False)]


def test_dutch_separable_verb_with_te(codebook):
    tags, _ = run("Het is makkelijker om de klant door te schuiven.", codebook)
    assert codes(tags) == [("pass-on", False)]


def test_dutch_irregular_past_forms(codebook):
    # 'vierden' (regular past) and 'werd' (irregular) on top of plain lookup forms
    tags, _ = run("Vorig jaar vierden we elk succes met taart.", codebook)
    assert codes(tags) == [("celebrate", False)]
    tags, _ = run("Ik was altijd bang voor fouten.", codebook)
    assert codes(tags) == [("fear", False)]


def test_plural_nouns_match_singular_patterns(codebook):
    assert codes(run("Er komen steeds meer klachten binnen.", codebook)[0]) == [("complaints", False)]


def test_english_lemmas_are_case_insensitive(codebook):
    tags, _ = run("Managers contradict each other all the time.", codebook, "en")
    assert codes(tags) == [("managers-contradict", False)]
    tags, _ = run("Our MANAGERS keep contradicting each other.", codebook, "en")
    assert codes(tags) == [("managers-contradict", False)]


def test_english_first_is_not_read_as_a_number(codebook):
    tags, _ = run("Here we always put the customer first.", codebook, "en")
    assert codes(tags) == [("customer-first", False)]


# ----------------------------------------------------------------------------- negation
@pytest.mark.parametrize("text", [
    "We helpen elkaar niet.",
    "Niemand helpt elkaar hier.",
    "Successen vieren doen we nooit.",
    "We vieren geen successen.",
])
def test_dutch_negation_marks_the_tag_negated(codebook, text):
    tags, _ = run(text, codebook)
    assert tags and all(t.negated for t in tags), codes(tags)


@pytest.mark.parametrize("text", [
    "We don't help each other.",
    "We never celebrate success.",
    "Nobody helps each other here.",
    "We do not put the customer first.",
])
def test_english_negation_marks_the_tag_negated(codebook, text):
    tags, _ = run(text, codebook, "en")
    assert tags and all(t.negated for t in tags), codes(tags)


def test_negation_word_inside_the_pattern_is_not_a_negation(codebook):
    assert codes(run("We hebben gewoon geen tijd.", codebook)[0]) == [("workload", False)]
    assert codes(run("There is no time for that.", codebook, "en")[0]) == [("workload", False)]


def test_not_only_is_not_a_negation(codebook):
    assert codes(run("We helpen niet alleen elkaar, maar ook de klant.", codebook)[0]) == [("help-each-other", False)]


def test_negation_in_the_governing_clause_reaches_the_complement(codebook):
    tags, _ = run("Ik heb nooit gezien dat een manager de klant centraal stelt.", codebook)
    assert codes(tags) == [("customer-first", True)]


def test_negation_in_another_clause_does_not_leak(codebook):
    tags, _ = run("Ik snap het niet, maar we helpen elkaar altijd.", codebook)
    assert codes(tags) == [("help-each-other", False)]


# ----------------------------------------------------------------------------- precision
def test_words_far_apart_do_not_match(codebook):
    text = ("De klant belde over een factuur en daarna hebben we het in het teamoverleg over van alles gehad "
            "en uiteindelijk stond het nieuwe systeem centraal.")
    assert codes(run(text, codebook)[0]) == []


def test_words_in_different_clauses_do_not_match(codebook):
    assert codes(run("De klant was boos, centraal stond die dag de verhuizing.", codebook)[0]) == []
    assert codes(run("The customer called, but first we had lunch.", codebook, "en")[0]) == []


def test_a_single_word_of_a_multiword_pattern_does_not_match(codebook):
    assert codes(run("We helpen klanten met hun vragen.", codebook)[0]) == []


# ----------------------------------------------------------------------------- causal links
def links(result):
    return sorted((l.cause, l.effect, l.sign) for l in result[1])


def test_link_forward_connective_within_a_sentence(codebook):
    assert links(run("We hebben een hoge werkdruk, waardoor we de klant doorschuiven.", codebook)) == [
        ("workload", "pass-on", "+")]
    assert links(run("De hoge werkdruk leidt tot klachten.", codebook)) == [("workload", "complaints", "+")]


def test_link_backward_connective_within_a_sentence(codebook):
    assert links(run("We schuiven de klant door omdat we een hoge werkdruk hebben.", codebook)) == [
        ("workload", "pass-on", "+")]


def test_link_sentence_initial_connective(codebook):
    assert links(run("Omdat we bang zijn voor fouten, schuiven we de klant door.", codebook)) == [
        ("fear", "pass-on", "+")]


def test_link_across_adjacent_sentences(codebook):
    text = "De werkdruk is enorm hoog. Daardoor wordt de klant van het kastje naar de muur gestuurd."
    result = run(text, codebook)
    assert links(result) == [("workload", "pass-on", "+")]
    assert result[1][0].start == 0 and result[1][0].end == len(text)


def test_link_explained_by_next_sentence(codebook):
    text = "Er komen veel klachten binnen. Dat komt doordat we de klant doorschuiven."
    assert links(run(text, codebook)) == [("pass-on", "complaints", "+")]


def test_link_sign_is_negative_when_the_cause_is_negated(codebook):
    text = "Omdat we elkaar niet helpen, komen er klachten."
    assert links(run(text, codebook)) == [("help-each-other", "complaints", "-")]


def test_link_sign_is_negative_for_a_decrease(codebook):
    assert links(run("Als we successen vieren, leidt dat tot minder klachten.", codebook)) == [
        ("celebrate", "complaints", "-")]


def test_english_links(codebook):
    assert links(run("We pass the customer on because we have a high workload.", codebook, "en")) == [
        ("workload", "pass-on", "+")]
    assert links(run("There is a high workload, so we pass the customer on.", codebook, "en")) == [
        ("workload", "pass-on", "+")]
    assert links(run("High workload leads to complaints.", codebook, "en")) == [("workload", "complaints", "+")]
    text = "We never celebrate success. That's why complaints keep coming."
    assert links(run(text, codebook, "en")) == [("celebrate", "complaints", "-")]


def test_no_link_without_a_connective(codebook):
    assert links(run("Er is een hoge werkdruk en er komen klachten.", codebook)) == []


# ----------------------------------------------------------------------------- transcript handling
def test_interviewer_turns_are_never_coded(codebook):
    q = "Helpen jullie elkaar?"
    a = "Ja, we helpen elkaar altijd."
    text = f"Interviewer: {q}\n\nAnna: {a}\n"
    segs = (Segment("Interviewer", 13, 13 + len(q), 1, is_interviewer=True),
            Segment("Anna", text.index(a), text.index(a) + len(a), 3))
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=segs, language="nl")
    tags, _ = suggest(t, codebook)
    assert [(x.code, x.speaker, text[x.start:x.end]) for x in tags] == [("help-each-other", "Anna", a)]


def test_offsets_and_highlight_spans_point_into_the_transcript(codebook):
    text = "---\nid: x\n---\nAnna: Intro. We stelden de klant nooit centraal."
    start = text.index("Intro")
    t = Transcript(id="x", path=Path("x.md"), text=text, segments=(Segment("Anna", start, len(text), 4),),
                   language="nl")
    tags, _ = suggest(t, codebook)
    (tag,) = tags
    assert text[tag.start:tag.end] == "We stelden de klant nooit centraal."
    assert [text[a:b] for a, b in tag.spans] == ["stelden", "klant", "centraal"]


def test_spacy_token_patterns_for_power_users():
    cb = parse_codebook("""
version: 1
language: en
codes:
  - id: nps
    label: NPS
    kind: outcome
    effect: ambivalent
    patterns: [[{LOWER: nps}, {LIKE_NUM: true}]]
""")
    assert codes(run("Our NPS 12 is low.", cb, "en")[0]) == [("nps", False)]


def test_the_embedded_pipeline_is_used_without_a_trained_one():
    nlp = load_pipeline("nl", trained=False)
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]


def test_matcher_is_compiled_once_per_codebook(codebook):
    nlp = load_pipeline("nl")
    assert build_matcher(codebook, "nl", nlp) is build_matcher(codebook, "nl", nlp)


# ----------------------------------------------------------------------------- reported by the sample writers
def test_filler_maar_does_not_split_the_clause(codebook):
    assert codes(run("Dan schuif ik de klant maar door.", codebook)[0]) == [("pass-on", False)]


def test_maar_before_a_subject_still_starts_a_clause(codebook):
    assert codes(run("De klant belt, maar wij stellen centraal wat de manager wil.", codebook)[0]) == []


def test_niks_and_geen_enkel_are_negations(codebook):
    assert codes(run("Aan elkaar helpen doen we hier niks.", codebook)[0]) == [("help-each-other", True)]
    assert codes(run("We vieren hier geen enkel succes.", codebook)[0]) == [("celebrate", True)]


def test_a_hyphen_inside_a_word_does_not_split_the_clause():
    cb = parse_codebook("""
version: 1
language: en
codes:
  - {id: focus, label: Focus, kind: value, effect: enabling, patterns: [customer-focused]}
""")
    assert codes(run("We are a customer-focused team.", cb, "en")[0]) == [("focus", False)]


def test_link_explained_by_next_sentence_with_words_in_between(codebook):
    text = "Er komen veel klachten binnen. Dat komt voor een groot deel doordat we de klant doorschuiven."
    assert links(run(text, codebook)) == [("pass-on", "complaints", "+")]
    text = "We pass the customer on. That's mostly because of the high workload."
    assert links(run(text, codebook, "en")) == [("workload", "pass-on", "+")]


# ----------------------------------------------------------------------------- stance (issue 9, item 3)
def test_a_wished_tag_keeps_its_stance_in_the_codings_and_tags_csv(codebook, tmp_path):
    import csv

    from culturemap.export.csv import write_codings_csv
    from culturemap.models import Codings
    from culturemap.store import load_codings, save_codings

    tags, _ = run("We zouden elkaar vaker moeten helpen. Er is geen hoge werkdruk.", codebook)
    assert [(t.code, t.negated, t.stance) for t in tags] == [("help-each-other", True, "wished"),
                                                             ("workload", True, "absent")]
    save_codings(tmp_path, Codings("t", "f", tags=tags))
    assert [(t.code, t.stance) for t in load_codings(tmp_path, "t").tags] == [("help-each-other", "wished"),
                                                                            ("workload", "absent")]

    class Plain:
        def redact(self, text, language):
            return text

    tags_csv, _ = write_codings_csv({"t": Codings("t", "f", tags=tags)}, tmp_path / "out", redactor=Plain(),
                                    pseudonyms={"t": "I01"})
    with tags_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["code"], r["negated"], r["stance"]) for r in rows] == [("help-each-other", "true", "wished"),
                                                                      ("workload", "true", "absent")]


def test_codings_without_a_stance_read_as_present_or_absent(tmp_path):
    import json

    from culturemap.store import load_codings

    (tmp_path / "codings").mkdir()
    tag = {"speaker": "", "start": 0, "end": 5, "code": "help-each-other", "status": "suggested"}
    (tmp_path / "codings" / "t.json").write_text(json.dumps({
        "version": 1, "interview": "t", "fingerprint": "f",
        "tags": [dict(tag, negated=False), dict(tag, code="workload", negated=True)], "links": []}))
    assert [(t.code, t.stance) for t in load_codings(tmp_path, "t").tags] == [("help-each-other", "present"),
                                                                            ("workload", "absent")]


def test_evaluate_reports_stance_accuracy_when_the_gold_has_stance(tmp_path):
    import json

    from click.testing import CliRunner

    from culturemap.cli import main

    runner = CliRunner()
    root = tmp_path / "eng"
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    text = "Interviewer: En?\n\nAnna: We zouden elkaar vaker moeten helpen. Er is geen hoge werkdruk.\n"
    (root / "kc-01.md").write_text("---\nid: kc-01\nlanguage: nl\n---\n" + text, encoding="utf-8")
    gold = root / "gold"
    gold.mkdir()
    (gold / "kc-01.yaml").write_text(
        "tags:\n- {code: help-each-other, stance: wished, quote: We zouden elkaar vaker moeten helpen.}\n"
        "- {code: workload, stance: wished, quote: Er is geen hoge werkdruk.}\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(root), "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    assert "Stance accuracy 0.500 on 2 matched tags with a gold stance" in result.output
    assert "Negation accuracy" not in result.output
    data = runner.invoke(main, ["evaluate", str(root), "--gold", str(gold), "--json"]).output
    assert (json.loads(data)["stance_accuracy"], json.loads(data)["negation_accuracy"]) == (0.5, 1.0)
    (gold / "kc-01.yaml").write_text("tags:\n- {code: workload, stance: maybe, quote: Er is geen hoge werkdruk.}\n",
                                     encoding="utf-8")
    bad = runner.invoke(main, ["evaluate", str(root), "--gold", str(gold)])
    assert bad.exit_code == 1 and "[E610]" in bad.output and "'maybe'" in bad.output


def test_a_typographic_apostrophe_in_a_connective_still_links(codebook):
    text = "We never celebrate success. That’s why complaints keep coming."
    assert links(run(text, codebook, "en")) == [("celebrate", "complaints", "-")]
