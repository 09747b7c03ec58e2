"""spaCy token patterns (issue 9, item 8): valid nested predicates work; every problem is a coded error
naming the code and the pattern, never a traceback."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.coding.codebook import parse_codebook
from culturemap.coding.tagging import suggest
from culturemap.errors import CodebookError
from culturemap.models import Segment, Transcript


def codebook(pattern, language="en"):
    return parse_codebook(f"""\
version: 1
language: {language}
codes:
  - id: nps
    label: NPS
    kind: outcome
    effect: ambivalent
    patterns:
      - {pattern}
""")


def coded(text, cb, language="en"):
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("", 0, len(text), 1),),
                   language=language)
    return sorted((tag.code, tag.negated) for tag in suggest(t, cb)[0])


@pytest.mark.parametrize("pattern, hit, miss", [
    ("[{LOWER: {IN: [nps, csat]}}, {LIKE_NUM: true}]", "Our CSAT 70 is fine.", "Our score 70 is fine."),
    ("[{TEXT: {REGEX: '^[A-Z]{2,5}$'}}, {LOWER: score}]", "Our CSAT score is fine.", "Our csat score is fine."),
    ("[{LOWER: score}, {LENGTH: {'>=': 3}}]", "The score went up.", "The score is up."),
    ("[{LOWER: {NOT_IN: [low]}}, {LOWER: nps}]", "A high NPS helps.", "A low NPS hurts."),
])
def test_nested_token_predicates_work(pattern, hit, miss):
    cb = codebook(pattern)
    assert coded(hit, cb) == [("nps", False)]
    assert coded(miss, cb) == []


def test_a_nested_token_pattern_in_dutch():
    cb = codebook("[{LOWER: {IN: [nps, klantscore]}}, {LIKE_NUM: true}]", "nl")
    assert coded("Onze klantscore 40 is laag.", cb, "nl") == [("nps", False)]


@pytest.mark.parametrize("pattern, detail", [
    ("[{LOWR: nps}]", "unknown attribute 'LOWR'"),
    ("[{LOWER: {INN: [nps]}}]", "unknown predicate 'INN'"),
    ("[{LOWER: {IN: nps}}]", "IN takes a list"),
    ("[{TEXT: {REGEX: '(nps'}}]", "is not a valid regular expression"),
    ("[{LENGTH: {'>=': three}}]", "takes a number"),
    ("[{LOWER: nps, OP: '%'}]", "OP '%' is not one of"),
    ("[{LOWER: [nps, csat]}]", "a list is not a value"),
    ("[{}]", "an empty token"),
    ("[{IS_PUNCT: maybe}]", "IS_PUNCT takes true or false, not 'maybe'"),
    ("[{LOWER: {IN: [1, 2]}}]", "IN lists 1, which is not a word"),
    ("[{ORTH: 5}]", "ORTH takes a word (text), not 5"),
    ("[{_: {is_jargon: true}}]", "custom extension attributes"),
])
def test_a_bad_token_pattern_is_a_coded_error_naming_code_pattern_and_line(pattern, detail):
    with pytest.raises(CodebookError) as err:
        codebook(pattern)
    msg = str(err.value)
    assert msg.startswith("8: code 'nps': token pattern [") or msg.startswith("code 'nps': token pattern [")
    assert detail in msg and msg.endswith("[E209]")


def test_a_token_attribute_the_pipeline_does_not_set_is_a_coded_error():
    from culturemap.coding.tagging import build_matcher
    from culturemap.nlp.pipeline import load_pipeline

    cb = codebook("[{POS: NOUN}, {LOWER: nps}]")
    with pytest.raises(CodebookError, match=r"code 'nps': token pattern .*POS needs a trained spaCy pipeline.*\[E209\]"):
        build_matcher(cb, "en", load_pipeline("en", trained=False))


def test_tag_reports_a_bad_token_pattern_with_file_and_line_not_a_traceback(tmp_path):
    (tmp_path / "culturemap.yaml").write_text("language: en\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text("""\
version: 1
language: en
codes:
  - id: nps
    label: NPS
    kind: outcome
    effect: ambivalent
    patterns:
      - [{LOWER: nps},
         {LENGTH: {'>=': many}}]
""", encoding="utf-8")
    (tmp_path / "a.md").write_text("Interviewer: How is it?\nAnna: Our NPS is low.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["tag", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "codebook.yaml:10: code 'nps': token pattern" in result.output
    assert "LENGTH: >= takes a number" in result.output and "[E209]" in result.output


def test_a_problem_only_spacy_finds_is_still_a_coded_error_naming_code_and_pattern():
    from culturemap.coding.tagging import build_matcher
    from culturemap.nlp.pipeline import load_pipeline

    cb = codebook("[{LOWER: {FUZZY: 5}}]")
    with pytest.raises(CodebookError) as err:
        build_matcher(cb, "en", load_pipeline("en", trained=False))
    msg = str(err.value)
    assert msg.startswith("code 'nps': token pattern [{'LOWER': {'FUZZY': 5}}] is invalid: ")
    assert "a#0" not in msg and "nps#0" not in msg and msg.endswith("[E209]")
