"""Tests for culturemap.ingest.metadata: sidecars (.yaml and .yml) and the fingerprint that drives re-tagging."""
from __future__ import annotations

import hashlib
import shutil

import pytest
from click.testing import CliRunner
from ingest_support import FIXTURES, read_error, write

from culturemap.ingest import detect_language, fingerprint, read_transcript, sidecar_path

ANNA = "Interviewer: Hoe gaat het?\n\nAnna: We helpen elkaar altijd, maar de klant schuiven we door.\n"


def test_yml_sidecar_gives_metadata_and_changes_the_fingerprint(tmp_path):
    path = tmp_path / "kc-01.md"
    path.write_text(ANNA, encoding="utf-8")
    before = fingerprint(path)
    (tmp_path / "kc-01.md.yml").write_text("group: klantcontact\n", encoding="utf-8")
    assert sidecar_path(path) == tmp_path / "kc-01.md.yml"
    assert fingerprint(path) == hashlib.sha256(ANNA.encode() + b"group: klantcontact\n").hexdigest() != before
    assert read_transcript(path).group == "klantcontact"


def test_tag_notices_an_edited_yml_sidecar(tmp_path):
    from culturemap.cli import main

    runner = CliRunner()
    root = tmp_path / "eng"
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    (root / "kc-01.md").write_text(ANNA, encoding="utf-8")
    (root / "kc-01.md.yml").write_text("group: klantcontact\n", encoding="utf-8")
    first = runner.invoke(main, ["tag", str(root)])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Tagged 1 transcript")
    again = runner.invoke(main, ["tag", str(root)])
    assert again.output.splitlines()[0] == "Nothing to tag: all 1 transcript unchanged since the last run."
    (root / "kc-01.md.yml").write_text("group: backoffice\n", encoding="utf-8")
    edited = runner.invoke(main, ["tag", str(root)])
    assert edited.exit_code == 0, edited.output
    assert edited.output.startswith("Tagged 1 transcript")


# ---------------------------------------------------------------- moved from tests/test_ingest.py

def test_front_matter_wins_over_sidecar_and_sidecar_fills_the_rest(tmp_path):
    md = write(tmp_path / "anna.md", "---\nid: from-front\ngroup: hr\n---\nInterviewer: Vraag?\nAnna: Antwoord.\n")
    write(tmp_path / "anna.md.yaml", "id: from-sidecar\ngroup: klantcontact\nrole: adviseur\nlanguage: en\nsite: Utrecht\n")
    t = read_transcript(md)
    assert (t.id, t.group, t.role, t.language) == ("from-front", "hr", "adviseur", "en")
    assert t.meta["site"] == "Utrecht"


def test_sidecar_gives_metadata_to_a_vtt(tmp_path):
    shutil.copy(FIXTURES / "ok-sidecar.vtt", tmp_path / "interview.vtt")
    shutil.copy(FIXTURES / "ok-sidecar.vtt.yaml", tmp_path / "interview.vtt.yaml")
    t = read_transcript(tmp_path / "interview.vtt")
    assert (t.id, t.group, t.language, t.name) == ("kc-07", "klantcontact", "nl", "Anna")


def test_fingerprint_covers_file_and_sidecar_bytes(tmp_path):
    md = write(tmp_path / "a.md", "Interviewer: Vraag?\n")
    plain = fingerprint(md)
    assert plain == hashlib.sha256(md.read_bytes()).hexdigest()
    write(tmp_path / "a.md.yaml", "group: hr\n")
    with_sidecar = fingerprint(md)
    assert with_sidecar == hashlib.sha256(md.read_bytes() + b"group: hr\n").hexdigest()
    assert read_transcript(md).fingerprint == with_sidecar


def test_interviewer_list_flags_every_listed_label(tmp_path):
    path = write(tmp_path / "a.md", "---\ninterviewer: [Int, Consultant]\n---\nInt: Een?\nConsultant: Twee?\nPiet: Drie.\n")
    t = read_transcript(path)
    assert [s.is_interviewer for s in t.segments] == [True, True, False]
    assert t.interviewer == "Int"
    assert t.meta["interviewers"] == ["Int", "Consultant"]


def test_language_detected_from_the_text_when_not_given(tmp_path):
    en = write(tmp_path / "en.md", "Interviewer: What do you think?\nSam: We always help each other, "
                                   "but the customer is not really at the centre of what we do.\n")
    nl = write(tmp_path / "nl.md", "Interviewer: Wat vind jij?\nSanne: Wij helpen elkaar altijd, maar de klant "
                                   "staat niet echt centraal bij ons.\n")
    assert read_transcript(en, default_language="nl").language == "en"
    assert read_transcript(nl, default_language="en").language == "nl"


def test_language_from_metadata_wins_over_detection(tmp_path):
    path = write(tmp_path / "a.md", "---\nlanguage: English\n---\nPiet: Wij helpen elkaar altijd, maar de klant "
                                    "staat niet centraal.\n")
    assert read_transcript(path).language == "en"


def test_language_falls_back_to_default_with_a_warning(tmp_path):
    t = read_transcript(write(tmp_path / "a.md", "Piet: OK.\n"), default_language="en")
    assert t.language == "en"
    [warning] = t.meta["warnings"]
    assert warning.code == "W103" and warning.level == "warning"


@pytest.mark.parametrize("text, expected", [
    ("De klant is koning, zeggen we altijd, maar niemand doet er iets mee.", "nl"),
    ("The customer is king, we always say, but nobody does anything with it.", "en"),
    ("Klant. Customer.", "xx"),
    ("", "xx"),
])
def test_detect_language(text, expected):
    assert detect_language(text, "xx") == expected


def test_unterminated_front_matter_E103():
    err = read_error(FIXTURES / "unterminated.md")
    assert str(err) == f"{FIXTURES / 'unterminated.md'}:1: front matter is not closed. Add a line '---' after the metadata. [E103]"


def test_front_matter_yaml_syntax_error_E104_with_file_line():
    err = read_error(FIXTURES / "badyaml.md")
    assert err.code == "E104" and err.line == 4
    assert "YAML syntax error" in str(err) and str(err).startswith(f"{FIXTURES / 'badyaml.md'}:4:")


def test_front_matter_not_a_mapping_E104():
    err = read_error(FIXTURES / "listfm.md")
    assert err.code == "E104" and err.line == 2 and "found a list instead" in str(err)


def test_front_matter_impossible_date_E104(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\ndate: 2024-02-30\n---\nPiet: Hallo.\n"))
    assert err.code == "E104"


def test_front_matter_list_value_E115_with_line(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\nid: a\ngroup:\n  - hr\n  - it\n---\nPiet: Hallo.\n"))
    assert err.code == "E115" and err.line == 3 and "'group' must be a single value" in str(err)


def test_unknown_language_E110_in_front_matter_and_sidecar(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\nid: a\nlanguage: fr\n---\nPiet: Bonjour.\n"))
    assert err.code == "E110" and err.line == 3 and "unknown language 'fr'" in str(err)
    shutil.copy(FIXTURES / "ok-sidecar.vtt", tmp_path / "b.vtt")
    write(tmp_path / "b.vtt.yaml", "group: hr\nlanguage: klingon\n")
    err = read_error(tmp_path / "b.vtt")
    assert err.code == "E110" and err.path == tmp_path / "b.vtt.yaml" and err.line == 2


def test_bad_sidecar_E111_names_the_sidecar_and_line(tmp_path):
    shutil.copy(FIXTURES / "ok-sidecar.vtt", tmp_path / "b.vtt")
    write(tmp_path / "b.vtt.yaml", "group: hr\nrole: [staff\n")
    err = read_error(tmp_path / "b.vtt")
    assert err.code == "E111" and err.path == tmp_path / "b.vtt.yaml" and err.line == 3
    write(tmp_path / "b.vtt.yaml", "- a\n- b\n")
    err = read_error(tmp_path / "b.vtt")
    assert err.code == "E111" and "found a list" in str(err)
    (tmp_path / "b.vtt.yaml").write_bytes(b"group: \xff\xfe\n")
    assert read_error(tmp_path / "b.vtt").code == "E111"


def test_id_that_cannot_be_a_file_name_E113(tmp_path):
    err = read_error(write(tmp_path / "a.md", "---\nid: ../evil\n---\nPiet: Hallo.\n"))
    assert err.code == "E113" and err.line == 2
