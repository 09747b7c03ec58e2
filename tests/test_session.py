"""session.yaml: what the group session decided, validated with file and line; the template run writes."""
from __future__ import annotations

import pytest
from sessionpack_data import CODES, SESSION_YAML, write_engagement

from culturemap.errors import ProjectError
from culturemap.models import Mark
from culturemap.project import Project, Settings
from culturemap.session import load_session, parse_session, priority_marks, session_template

KNOWN = [c[0] for c in CODES]


def test_valid_session_is_read_in_file_order_with_dutch_words_normalised():
    session = parse_session(SESSION_YAML, known_codes=KNOWN)
    assert session.date == "2025-03-14"
    assert [d.code for d in session.decisions] == ["only-numbers", "help-each-other"]
    numbers = session.get("only-numbers")
    assert numbers.recognised == "yes"
    assert numbers.note == "Herkend, vooral door klantcontact"
    assert [(a.what, a.who, a.perspective, a.direction) for a in numbers.actions] == [
        ("Afhandeltijd uit het teamoverleg halen", "teamleiders klantcontact", "leaders", "reduce"),
        ("Klanttevredenheid als eerste punt op het dashboard", "directie", "leaders", "reduce"),
    ]
    helping = session.get("help-each-other")
    assert helping.recognised == "partly"
    assert helping.actions[0].perspective == "customer-contact" and helping.actions[0].direction == "cherish"
    assert session.get("ownership") is None


def test_yaml_yes_and_no_booleans_count_as_recognised_answers():
    session = parse_session("beliefs:\n  ownership:\n    recognised: yes\n  only-numbers:\n    recognised: no\n",
                            known_codes=KNOWN)
    assert [d.recognised for d in session.decisions] == ["yes", "no"]


@pytest.mark.parametrize("text, line, code, words", [
    ("beliefs:\n  ownership:\n    recognised: yes\n  numbers-only:\n    recognised: no\n", 4, "E520",
     "unknown code 'numbers-only'"),
    ("beliefs:\n  ownership:\n    recognised: misschien\n", 3, "E521",
     "'misschien' is not a valid 'recognised'. Use one of: yes, partly, no (or ja, deels, nee)"),
    ("beliefs:\n  ownership:\n    actions:\n      - what: Bellen\n        perspective: finance\n", 5, "E521",
     "'finance' is not a valid 'perspective'"),
    ("beliefs:\n  ownership:\n    actions:\n      - what: Bellen\n        direction: stop\n", 5, "E521",
     "'stop' is not a valid 'direction'"),
    ("beliefs:\n  ownership:\n    actions:\n      - who: teamleiders\n", 4, "E523", "action is missing 'what'"),
    ("beliefs:\n  ownership:\n    recognised: yes\n    decided: true\n", 4, "E522", "unknown key 'decided'"),
    ("beliefs:\n  ownership:\n    actions: Bellen\n", 3, "E522", "'actions' of 'ownership' must be a list"),
    ("beliefs:\n  ownership: {}\n  ownership: {}\n", 3, "E522", "belief 'ownership' appears twice"),
    ("beliefs:\n  ownership:\n    recognised: [yes\n", 4, "E006", "YAML syntax error"),
])
def test_bad_session_file_names_file_line_and_what_to_do(text, line, code, words):
    with pytest.raises(ProjectError) as info:
        parse_session(text, known_codes=KNOWN, path="eng/session.yaml")
    message = str(info.value)
    assert message.startswith(f"eng/session.yaml:{line}: ")
    assert words in message
    assert message.endswith(f"[{code}]")


def test_load_session_is_none_without_file_and_reads_it_from_the_engagement(tmp_path):
    root = write_engagement(tmp_path / "eng")
    project = Project(root=root, settings=Settings(language="nl"))
    assert load_session(project, None) is None
    (root / "session.yaml").write_text(SESSION_YAML, encoding="utf-8")
    session = load_session(project, None)
    assert session.path == root / "session.yaml"
    assert session.get("only-numbers").recognised == "yes"


def test_names_typed_into_the_session_file_are_redacted(tmp_path):
    root = write_engagement(tmp_path / "eng")
    from culturemap.project import open_project

    project = open_project(root)
    (root / "session.yaml").write_text(
        "beliefs:\n  ownership:\n    note: Anna vond het herkenbaar, Henk niet\n"
        "    actions:\n      - what: Bram gaat meeluisteren\n        who: Daan Visser\n", encoding="utf-8")
    decision = load_session(project, None).get("ownership")
    assert decision.note == "[naam] vond het herkenbaar, [naam] niet"
    assert decision.actions[0].what == "[naam] gaat meeluisteren"
    assert decision.actions[0].who == "[naam]"


def _marks():
    rows = [("only-numbers", "belief", "reduce", 0.9), ("fear-of-mistakes", "belief", "reduce", 0.7),
            ("workload", "outcome", "reduce", 0.95), ("pass-on", "behaviour", "reduce", 0.8),
            ("silo", "belief", "reduce", 0.3), ("extra", "belief", "reduce", 0.2),
            ("ownership", "value", "cherish", 0.6), ("help-each-other", "value", "redirect", 0.5)]
    return [Mark(code, code.replace("-", " ").capitalize(), kind, "hindering", mark, score, ())
            for code, kind, mark, score in rows]


def test_priority_beliefs_are_the_top_values_and_beliefs_of_each_mark():
    chosen = [m.code for m in priority_marks(_marks())]
    assert chosen == ["only-numbers", "fear-of-mistakes", "ownership", "help-each-other", "silo"]


def test_template_lists_priority_beliefs_and_loads_unchanged():
    text = session_template(_marks(), language="nl", session_path="eng/session.yaml")
    assert "# Sessieverslag van de groepssessie" in text
    assert "eng/session.yaml" in text
    session = parse_session(text, known_codes=[m.code for m in _marks()])
    assert [d.code for d in session.decisions] == ["only-numbers", "fear-of-mistakes", "ownership",
                                                   "help-each-other", "silo"]
    assert all(d.recognised is None and d.actions == () for d in session.decisions)
    assert "  only-numbers:  # Only numbers · afzwakken · prioriteit 0.90" in text


def test_template_in_english_and_keeps_what_the_session_already_decided():
    existing = parse_session("beliefs:\n  ownership:\n    recognised: partly\n    note: 'Yes: \"mostly\"'\n"
                             "    actions:\n      - {what: Call customers, who: team leads, perspective: hr,"
                             " direction: cherish}\n  customer-first:\n    recognised: no\n")
    text = session_template(_marks(), language="en", session=existing)
    assert "# Record of the group session" in text
    again = parse_session(text)
    assert again.get("ownership") == existing.get("ownership")
    assert again.get("customer-first").recognised == "no"       # not a priority, but decided: kept
