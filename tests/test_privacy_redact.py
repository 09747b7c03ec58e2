"""Redaction and pseudonyms (culturemap.privacy.redact): what a quote looks like once names are taken out."""
from __future__ import annotations

import unicodedata
from types import SimpleNamespace as NS

from culturemap.privacy.redact import Redactor, pseudonyms, redactor_for
from culturemap.project import Settings


def test_full_name_and_each_part_are_redacted_but_particles_stay():
    r = Redactor(["Anna de Vries"])
    assert r.redact("Anna de Vries belde. Later zei Anna dat De Vries gelijk had, en de klant ook.", "nl") == (
        "[naam] belde. Later zei [naam] dat De [naam] gelijk had, en de klant ook.")


def test_full_name_split_over_a_line_break_becomes_one_placeholder():
    assert Redactor(["Anna de Vries"]).redact("Toen zei Anna\nde  Vries het.", "nl") == "Toen zei [naam] het."


def test_matching_is_case_insensitive_and_whole_word():
    r = Redactor(["Anna", "Bas"])
    assert r.redact("ANNA, anna en Anna's team; Annabel en basis blijven.", "nl") == (
        "[naam], [naam] en [naam]'s team; Annabel en basis blijven.")


def test_english_placeholder_and_hyphenated_names():
    assert Redactor(["Jan-Peter Smit"]).redact("Jan-Peter and Peter and Smit agreed.", "en") == (
        "[name]-[name] and [name] and [name] agreed.")


def test_role_labels_are_not_names():
    r = Redactor(["Interviewer", "Respondent", "Q", "Medewerker"])
    assert r.names == ()
    assert r.redact("De interviewer vroeg het de medewerker.", "nl") == "De interviewer vroeg het de medewerker."


def test_a_placeholder_is_never_redacted_again():
    r = Redactor(["Naam", "Name"])
    assert r.redact("[naam] en Naam", "nl") == "[naam] en [naam]"
    assert r.redact(r.redact("Name said it", "en"), "en") == "[name] said it"


def test_contains_name_finds_what_redact_removes():
    r = Redactor(["Priya"])
    assert r.contains_name("Dat zei priya.")
    assert not r.contains_name(r.redact("Dat zei priya.", "nl"))
    assert not Redactor([]).contains_name("Priya")


def test_decomposed_unicode_in_the_text_is_redacted():
    text = unicodedata.normalize("NFD", "Toen zei José het.")
    assert Redactor(["José"]).redact(text, "nl") == "Toen zei [naam] het."


def test_pseudonyms_are_numbered_by_interview_id_and_show_only_large_groups():
    ts = [NS(id="ldg-01", group="leidinggevenden"), NS(id="kc-02", group="klantcontact"),
          NS(id="kc-01", group="klantcontact"), NS(id="hr-01", group="hr"), NS(id="x", group=None)]
    assert pseudonyms(ts, threshold=2) == {"hr-01": "I01", "kc-01": "I02 · klantcontact",
                                           "kc-02": "I03 · klantcontact", "ldg-01": "I04", "x": "I05"}
    assert pseudonyms(list(reversed(ts)), threshold=2) == pseudonyms(ts, threshold=2)
    assert set(pseudonyms(ts, threshold=3).values()) == {"I01", "I02", "I03", "I04", "I05"}


def test_redactor_for_collects_names_speakers_interviewer_and_redact_list():
    ts = [NS(name="Samira El Amrani", speakers=("Samira", "Interviewer"), interviewer="Interviewer"),
          NS(name=None, speakers=("Gerard",), interviewer="Marieke")]
    r = redactor_for(ts, Settings(redact=("Priya",)))
    assert set(r.names) == {"Samira El Amrani", "Samira", "Amrani", "Gerard", "Marieke", "Priya"}
    assert r.redact("Samira, Gerard, Marieke en Priya; de interviewer niet.", "nl") == (
        "[naam], [naam], [naam] en [naam]; de interviewer niet.")


def test_role_speaker_labels_are_not_redacted_as_names():
    from culturemap.privacy.redact import Redactor

    r = Redactor(["Teamleider", "Manager", "Anna"])
    assert r.redact("De teamleider en de manager spraken Anna.", "nl") == "De teamleider en de manager spraken [naam]."
