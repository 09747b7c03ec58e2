"""The privacy boundary (culturemap.privacy.evidence): what downstream stages see, and that every other
output (session.yaml in report and deck, the themes command) leaves out the same names."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.coding.codebook import load_codebook
from culturemap.errors import AnalysisError
from culturemap.models import Codings, Link, Tag
from culturemap.privacy.evidence import build_evidence, load_evidence, load_map_evidence
from culturemap.project import Settings, open_project
from culturemap.session import load_session
from culturemap.store import save_codings

CODEBOOK = """\
version: 1
language: nl
codes:
  - {id: workload, label: Werkdruk, kind: outcome, effect: hindering, patterns: [hoge werkdruk]}
  - {id: pass-on, label: Doorschuiven, kind: behaviour, effect: hindering, patterns: [klant doorschuiven]}
"""

# every source of names: front-matter name (and its parts), interviewer, a speaker label, 'redact:'
NAMES = ("Samira El Amrani", "Samira", "Amrani", "Marloes", "Gerard", "Henk")
SAY = "Bij ons moet je altijd eerst Henk of Marloes bellen, zei Samira El Amrani tegen Gerard."

KC01 = f"""\
---
id: kc-01
name: Samira El Amrani
group: klantcontact
interviewer: Marloes
---
Marloes: Hoe gaat het?

Samira: {SAY}
"""

KC02 = f"""\
---
id: kc-02
group: klantcontact
---
Interviewer: Hoe gaat het?

Gerard: {SAY}
"""


@pytest.fixture
def eng(tmp_path) -> Path:
    root = tmp_path / "eng"
    root.mkdir()
    (root / "culturemap.yaml").write_text("language: nl\nanonymity_threshold: 1\nredact: [Henk]\n", encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "codings").mkdir()
    (root / "kc-01.md").write_text(KC01, encoding="utf-8")
    (root / "kc-02.md").write_text(KC02, encoding="utf-8")
    start = KC01.index(SAY)
    save_codings(root, Codings("kc-01", "f", tags=(
        Tag("kc-01", "Samira", start, start + len(SAY), "workload", status="accepted", text=SAY),)))
    (root / "session.yaml").write_text(f"version: 1\nbeliefs:\n  workload:\n    recognised: ja\n    note: \"{SAY}\"\n"
                                       f"    actions:\n      - what: \"{SAY}\"\n        who: Henk\n", encoding="utf-8")
    return root


def shows_a_name(text: str) -> bool:
    return any(name.lower() in text.lower() for name in NAMES)


def test_session_and_themes_redact_the_same_names_as_the_evidence_boundary(eng):
    project = open_project(eng)
    quote = load_evidence(project).tags[0].text
    assert "[naam]" in quote and not shows_a_name(quote)

    decision = load_session(project, load_codebook(project.codebook_path)).get("workload")
    assert decision.note == quote and decision.actions[0].what == quote
    assert decision.actions[0].who == "[naam]"

    result = CliRunner().invoke(main, ["themes", str(eng), "--json"])
    assert result.exit_code == 0, result.output
    themes = json.loads(result.output)["themes"]
    assert themes, result.output
    assert {e["text"] for t in themes for e in t["examples"]} == {quote}
    for theme in themes:                     # labels and lemmas are made of the statements' words
        assert not shows_a_name(theme["label"]), theme
        assert not any(shows_a_name(lemma) for lemma in theme["lemmas"]), theme


def test_evidence_holds_only_accepted_codings_redacted_under_pseudonyms(eng):
    start = KC01.index(SAY)
    save_codings(eng, Codings("kc-01", "f", tags=(
        Tag("kc-01", "Samira", start, start + len(SAY), "workload", status="accepted", text=SAY),
        Tag("kc-01", "Samira", start, start + len(SAY), "pass-on", status="suggested", text=SAY)),
        links=(Link("kc-01", "workload", "pass-on", status="rejected", text=SAY, start=start, end=start + 10),)))
    ev = load_evidence(open_project(eng))
    assert [(t.code, t.speaker) for t in ev.tags] == [("workload", "I01 · klantcontact")]
    assert ev.links == ()
    assert [(i.id, i.pseudonym) for i in ev.interviews] == [("I01", "I01 · klantcontact"),
                                                          ("I02", "I02 · klantcontact")]
    assert not any(shows_a_name(repr(i)) for i in ev.interviews)


def test_codings_of_a_removed_transcript_are_not_evidence_and_hand_links_have_no_speaker(eng):
    (eng / "kc-01.md").unlink()
    (eng / "links.csv").write_text("cause,effect,sign,note\nworkload,pass-on,+,zoals Henk zei\n", encoding="utf-8")
    ev = load_evidence(open_project(eng))
    assert ev.tags == ()
    assert [(l.cause, l.effect, l.speaker, l.note) for l in ev.links] == [("workload", "pass-on", "", "zoals [naam] zei")]


def test_small_groups_are_not_named_in_pseudonyms():
    from types import SimpleNamespace as NS

    t = NS(id="hr-01", name="Anna", speakers=("Anna",), interviewer="Interviewer", group="hr", role=None,
           language="nl")
    c = Codings("hr-01", "x", tags=(Tag("hr-01", "Anna", 0, 9, "silo", status="accepted", text="Anna zegt"),))
    ev = build_evidence(NS(codes=()), Settings(anonymity_threshold=2), [t], {"hr-01": c})
    assert (ev.tags[0].text, ev.tags[0].speaker, ev.interviews[0].pseudonym) == ("[naam] zegt", "I01", "I01")


def test_map_evidence_without_accepted_codings_is_E401(eng):
    save_codings(eng, Codings("kc-01", "f"))
    with pytest.raises(AnalysisError) as info:
        load_map_evidence(open_project(eng))
    assert "[E401]" in str(info.value) and str(eng) in str(info.value)
