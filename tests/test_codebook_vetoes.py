"""Word senses (issue 9, item 1): phrases under ``patterns: not:`` (alias ``exclude:``) veto a code's match
in the same clause; mistakes in them are coded errors with file and line."""
from pathlib import Path

import pytest

from culturemap.coding.codebook import load_codebook, parse_codebook
from culturemap.coding.tagging import suggest
from culturemap.errors import CodebookError
from culturemap.models import Segment, Transcript

EN = """\
version: 1
language: en
codes:
  - id: backlog-delay
    label: Customers wait
    kind: outcome
    effect: hindering
    patterns:
      en: [backlog, long wait]
      not: [product backlog, sprint backlog]
  - id: churn
    label: Customers leave
    kind: outcome
    effect: hindering
    patterns:
      en: [churn]
      exclude: {en: [code churn]}
"""

NL = """\
version: 1
language: nl
codes:
  - id: klachten
    label: Klachten
    kind: outcome
    effect: hindering
    patterns:
      nl: [klagen, klacht]
      not: {nl: [collega klagen], en: [staff complain]}
"""


def coded(text, cb, language):
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("", 0, len(text), 1),),
                   language=language)
    return sorted((tag.code, tag.negated) for tag in suggest(t, cb)[0])


def test_sense_veto_product_backlog_is_not_customers_waiting():
    cb = parse_codebook(EN)
    assert coded("The product backlog keeps growing every sprint.", cb, "en") == []
    assert coded("We have a backlog of two thousand requests.", cb, "en") == [("backlog-delay", False)]


def test_sense_veto_holds_only_in_its_own_clause():
    cb = parse_codebook(EN)
    text = "We groomed the product backlog, and meanwhile the backlog of tickets grew."
    assert coded(text, cb, "en") == [("backlog-delay", False)]


def test_exclude_is_an_alias_of_not():
    cb = parse_codebook(EN)
    assert coded("Our code churn in that module is ridiculous.", cb, "en") == []
    assert coded("Churn went up after the price change.", cb, "en") == [("churn", False)]


def test_sense_veto_in_dutch():
    cb = parse_codebook(NL)
    assert coded("Collega's klagen over het nieuwe rooster.", cb, "nl") == []
    assert coded("Klanten klagen over de wachttijd.", cb, "nl") == [("klachten", False)]


def test_a_veto_changes_the_codebook_hash_so_tag_runs_again():
    from culturemap.coding.codebook import codebook_hash

    without = EN.replace("      not: [product backlog, sprint backlog]\n", "")
    assert codebook_hash(parse_codebook(EN)) != codebook_hash(parse_codebook(without))


@pytest.mark.parametrize("veto, detail", [
    ("not: product backlog", "is not a list"),
    ("not: {de: [produkt]}", "unknown language 'de'"),
])
def test_a_bad_veto_is_a_coded_error_with_file_and_line(tmp_path, veto, detail):
    path = tmp_path / "codebook.yaml"
    path.write_text(EN.replace("not: [product backlog, sprint backlog]", veto), encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}:10: code 'backlog-delay': 'not:' under 'patterns' is invalid: ")
    assert detail in msg and msg.endswith("[E210]")


def test_not_and_exclude_together_is_an_error():
    text = EN.replace("      exclude: {en: [code churn]}\n", "      exclude: {en: [code churn]}\n      not: [x]\n")
    with pytest.raises(CodebookError, match=r"not both.*\[E210\]"):
        parse_codebook(text)


def test_a_veto_phrase_without_words_is_an_error():
    with pytest.raises(CodebookError, match=r"code 'backlog-delay': pattern '\?\?' can never match.*\[E205\]"):
        parse_codebook(EN.replace("[product backlog, sprint backlog]", "['??']"))
