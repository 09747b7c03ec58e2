"""compare_groups and the ``culturemap compare`` command."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_analysis_graph import culture_evidence, make_evidence

from culturemap.analysis.compare import compare_groups
from culturemap.cli import main
from culturemap.errors import AnalysisError

CODES = [("customer-first", "The customer comes first", "belief", "enabling"),
         ("only-numbers", "Only the numbers count", "belief", "hindering"),
         ("help-each-other", "We always help each other", "value", "ambivalent")]
IVS = [("m1", "leaders", "manager"), ("m2", "leaders", "manager"), ("m3", "leaders", "director"),
       ("c1", "contact", "agent"), ("c2", "contact", "agent"), ("c3", "contact", "agent"),
       ("h1", "hr", "advisor"), ("x1", None, "agent")]
TAGS = [
    # managers believe the customer comes first; front-line staff say it is not so, and that only numbers count
    ("m1", "customer-first"), ("m2", "customer-first"), ("m3", "customer-first"),
    ("c1", "customer-first", True), ("c2", "customer-first", True),
    ("c1", "only-numbers"), ("c2", "only-numbers"), ("c3", "only-numbers"), ("m1", "only-numbers"),
    # everybody helps each other: no difference
    ("m1", "help-each-other"), ("m2", "help-each-other"), ("c1", "help-each-other"), ("c3", "help-each-other"),
    ("h1", "help-each-other"),
]


def evidence(**kw):
    return make_evidence(CODES, IVS, TAGS, **kw)


def test_leaders_and_customer_contact_see_it_differently():
    result = compare_groups(evidence())
    assert result.groups == {"contact": 3, "leaders": 3}
    rows = {r.code: r for r in result.rows}
    first = rows["customer-first"]
    assert first.shares == {"contact": 0.667, "leaders": 1.0}       # 2 of 3, 3 of 3
    assert first.negated == {"contact": 1.0, "leaders": 0.0}         # every contact mention is negated
    assert (first.difference, first.negated_difference, first.flagged) == (0.333, 1.0, True)
    numbers = rows["only-numbers"]
    assert numbers.shares == {"contact": 1.0, "leaders": 0.333}
    assert (numbers.high, numbers.low, numbers.flagged) == ("contact", "leaders", True)
    helping = rows["help-each-other"]
    assert helping.shares == {"contact": 0.667, "leaders": 0.667} and helping.flagged is False


def test_rows_flagged_first_then_by_largest_difference():
    assert [r.code for r in compare_groups(evidence()).rows] == ["customer-first", "only-numbers", "help-each-other"]


def test_small_groups_are_suppressed_and_ungrouped_interviews_noted():
    result = compare_groups(evidence())
    assert result.suppressed == {"hr": "1 interview(s), fewer than the anonymity threshold of 3: not shown separately"}
    assert result.notes == ("1 interview(s) without a group are left out of the comparison.",)
    assert all("hr" not in r.shares and "hr" not in r.negated for r in result.rows)


def test_notes_in_dutch_and_too_few_groups():
    result = compare_groups(evidence(language="nl", threshold=4))
    assert result.groups == {} and result.rows == ()
    assert result.suppressed["leaders"] == ("3 dialoog/dialogen, minder dan de anonimiteitsgrens van 4: "
                                            "niet apart getoond")
    assert result.notes[-1] == "Minder dan 2 groepen zijn groot genoeg om te vergelijken."


def test_compare_by_role():
    result = compare_groups(evidence(threshold=2), by="role")
    assert result.by == "role"
    assert result.groups == {"agent": 4, "manager": 2}
    assert set(result.suppressed) == {"advisor", "director"}
    rows = {r.code: r for r in result.rows}
    assert rows["customer-first"].shares == {"agent": 0.5, "manager": 1.0}


def test_unknown_by_raises_e408():
    with pytest.raises(AnalysisError) as info:
        compare_groups(evidence(), by="team")
    assert str(info.value) == "cannot compare by 'team'. Choose 'group' or 'role'. [E408]"


def test_min_difference_controls_flags():
    rows = {r.code: r for r in compare_groups(evidence(), min_difference=0.9).rows}
    assert (rows["customer-first"].flagged, rows["only-numbers"].flagged) == (True, False)


# ---------------------------------------------------------------- CLI: culturemap compare

@pytest.fixture
def engagement(fake_engagement):
    return fake_engagement(evidence)


def test_cli_compare_json(engagement):
    result = CliRunner().invoke(main, ["compare", str(engagement), "--by", "group", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == compare_groups(evidence()).as_dict()
    assert data["codes"][0] == {
        "code": "customer-first", "label": "The customer comes first", "kind": "belief", "effect": "enabling",
        "shares": {"contact": 0.667, "leaders": 1.0}, "negated": {"contact": 1.0, "leaders": 0.0},
        "difference": 0.333, "negated_difference": 1.0, "high": "leaders", "low": "contact", "flagged": True}


def test_cli_compare_table(engagement):
    result = CliRunner().invoke(main, ["compare", str(engagement), "--by", "group"])
    assert result.exit_code == 0, result.output
    lines = [l.rstrip() for l in result.output.splitlines()]
    assert lines[0].split() == ["Code", "Label", "contact", "(n=3)", "leaders", "(n=3)", "Gap", "Differs"]
    assert lines[2].split() == ["customer-first", "The", "customer", "comes", "first", "67%", "(100%", "negated)",
                                "100%", "100%", "yes"]
    assert lines[-2:] == ["hr: 1 interview(s), fewer than the anonymity threshold of 3: not shown separately",
                          "1 interview(s) without a group are left out of the comparison."]


def test_cli_compare_on_culture_map(engagement, monkeypatch):
    import culturemap.privacy.evidence

    monkeypatch.setattr(culturemap.privacy.evidence, "load_evidence", lambda project: culture_evidence())
    result = CliRunner().invoke(main, ["compare", str(engagement), "--by", "role"])
    assert result.exit_code == 0, result.output
    assert "Fewer than 2 groups are large enough to compare." in result.output
