"""Tests for culturemap.ingest.formats.vtt (and the shared cue handling in formats.cues)."""
from __future__ import annotations

import shutil

from ingest_support import FIXTURES, read_error, texts, write

from culturemap.ingest import read_transcript


def test_teams_vtt_voices_merge_consecutive_cues(tmp_path):
    t = read_transcript(FIXTURES / "teams.vtt")
    assert t.text == (
        "Interviewer: Hoe merk je dat de klant centraal staat?\n\n"
        "Anna de Vries: Eerlijk gezegd merk ik dat niet zo. We kijken vooral naar de cijfers, "
        "de afhandeltijd & de targets.\n\n"
        "Interviewer: Waarom is dat zo?\n\n"
        "Anna de Vries: Omdat we daarop worden afgerekend."
    )
    assert texts(t)[1] == ("Anna de Vries", "Eerlijk gezegd merk ik dat niet zo. We kijken vooral naar de "
                                            "cijfers, de afhandeltijd & de targets.")
    assert [s.line for s in t.segments] == [4, 8, 17, 21]
    assert [s.is_interviewer for s in t.segments] == [True, False, True, False]
    assert t.speakers == ("Interviewer", "Anna de Vries")


def test_zoom_vtt_name_prefixes_merge_consecutive_cues(tmp_path):
    t = read_transcript(FIXTURES / "zoom.vtt")
    assert texts(t) == [
        ("Interviewer", "How do you handle complaints?"),
        ("Mark Jansen", "We always pass them on to the back office. Nobody really owns the customer."),
        ("Interviewer", "Why is that?"),
        ("Mark Jansen", "Because the targets are different for every team."),
    ]
    assert [s.line for s in t.segments] == [4, 8, 16, 20]
    assert t.language == "en"
    assert t.text.startswith("Interviewer: How do you handle complaints?\n\nMark Jansen: We always")


def test_vtt_interviewer_voice_from_sidecar_is_flagged(tmp_path):
    shutil.copy(FIXTURES / "teams.vtt", tmp_path / "kc-09.vtt")
    write(tmp_path / "kc-09.vtt.yaml", "interviewer: Anna de Vries\n")
    t = read_transcript(tmp_path / "kc-09.vtt")
    assert [(s.speaker, s.is_interviewer) for s in t.segments] == [
        ("Interviewer", True), ("Anna de Vries", True), ("Interviewer", True), ("Anna de Vries", True)]
    assert t.interviewer == "Anna de Vries"


def test_cue_without_speaker_continues_the_turn_before(tmp_path):
    path = write(tmp_path / "a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nPiet: Wij doen dat zo.\n\n"
                                     "00:02.000 --> 00:03.000\nAl jaren eigenlijk.\n")
    t = read_transcript(path)
    assert texts(t) == [("Piet", "Wij doen dat zo. Al jaren eigenlijk.")]
    assert t.segments[0].line == 3


def test_vtt_without_header_E106():
    err = read_error(FIXTURES / "noheader.vtt")
    assert err.code == "E106" and err.line == 1 and "the first line is not 'WEBVTT'" in str(err)


def test_vtt_without_cues_E106(tmp_path):
    err = read_error(write(tmp_path / "a.vtt", "WEBVTT\n\nNOTE nothing here\n"))
    assert err.code == "E106" and "no cues found" in str(err)
