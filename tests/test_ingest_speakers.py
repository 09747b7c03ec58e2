"""Tests for culturemap.ingest.speakers: the transcript layouts real interviews come in (issue 9, item 6).

Small synthetic fixtures of each layout, in Dutch and English; read through ``read_transcript`` as a
consultant's file would be.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from culturemap.ingest import read_transcript


def read(tmp_path: Path, text: str, name: str = "a.txt", sidecar: str | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        (tmp_path / f"{name}.yaml").write_text(sidecar, encoding="utf-8")
    return read_transcript(path)


def turns(t):
    return [(s.speaker, s.text_of(t), s.is_interviewer) for s in t.segments]


# ---------------------------------------------------------------- questions, then unlabelled answers

def test_unlabelled_answers_after_interviewer_questions_nl(tmp_path):
    t = read(tmp_path, "Interviewer: Hoe merk je dat de klant centraal staat?\n\n"
                       "Eerlijk gezegd merk ik dat niet.\nWe kijken vooral naar de cijfers.\n\n"
                       "Dat is al jaren zo.\n\n"
                       "Interviewer: Waarom?\n\n"
                       "Omdat we daarop worden afgerekend.\n")
    assert turns(t) == [
        ("Interviewer", "Hoe merk je dat de klant centraal staat?", True),
        ("Respondent", "Eerlijk gezegd merk ik dat niet.\nWe kijken vooral naar de cijfers.\n\nDat is al jaren zo.", False),
        ("Interviewer", "Waarom?", True),
        ("Respondent", "Omdat we daarop worden afgerekend.", False),
    ]
    assert [s.line for s in t.segments] == [1, 3, 8, 10]
    assert t.speakers == ("Interviewer",) and t.language == "nl"


def test_unlabelled_answers_go_to_the_files_one_interviewee_en(tmp_path):
    t = read(tmp_path, "Interviewer 1: How do you handle complaints?\n\n"
                       "Mark: We pass them on to the back office.\n\n"
                       "Interviewer 2: And then?\n\n"
                       "Nobody really owns the customer.\n")
    assert turns(t) == [
        ("Interviewer 1", "How do you handle complaints?", True),
        ("Mark", "We pass them on to the back office.", False),
        ("Interviewer 2", "And then?", True),
        ("Mark", "Nobody really owns the customer.", False),
    ]


def test_interviewster_label_and_the_question_on_the_next_line_stay_the_interviewers(tmp_path):
    t = read(tmp_path, "Interviewster:\n\nWat valt je op aan de afdeling?\n\nDat iedereen voor zichzelf werkt.\n")
    assert turns(t) == [("Interviewster", "Wat valt je op aan de afdeling?", True),
                        ("Respondent", "Dat iedereen voor zichzelf werkt.", False)]


def test_a_question_running_on_without_a_blank_line_stays_the_interviewers(tmp_path):
    t = read(tmp_path, "Interviewer: Hoe gaat het?\nEn hoe gaat het met het team?\n\nPiet: Goed.\n")
    assert turns(t) == [("Interviewer", "Hoe gaat het?\nEn hoe gaat het met het team?", True),
                        ("Piet", "Goed.", False)]


def test_several_interviewees_make_unlabelled_answers_the_respondents(tmp_path):
    t = read(tmp_path, "Interviewer: Wat vinden jullie?\n\nAnna: Goed.\n\nPiet: Slecht.\n\n"
                       "Interviewer: En de klant?\n\nDie merkt het.\n")
    assert [s.speaker for s in t.segments] == ["Interviewer", "Anna", "Piet", "Interviewer", "Respondent"]


# ---------------------------------------------------------------- a label on its own line

NARA_LIKE = """\
# oral-history-0042
# Interviewee(s) (RESPONDENT): Jane Doe
# Interviewer(s) (ELICITOR): John Roe

[ELICITOR] John Roe:
Okay, the recording is on. Could you tell us how your branch was organised?

[RESPONDENT] Jane Doe:
Sure. We had a supervisor for every section, and you always knew who to ask.
[LAUGHS] It was a very close group of people.

[ELICITOR] John Roe:
And after the fire?

[RESPONDENT] Jane Doe:
We just kept working. Everybody helped each other.
"""


def test_role_label_on_its_own_line_elicitor_is_the_interviewer_en(tmp_path):
    t = read(tmp_path, NARA_LIKE)
    assert turns(t) == [
        ("John Roe", "Okay, the recording is on. Could you tell us how your branch was organised?", True),
        ("Jane Doe", "Sure. We had a supervisor for every section, and you always knew who to ask.\n"
                     "[LAUGHS] It was a very close group of people.", False),
        ("John Roe", "And after the fire?", True),
        ("Jane Doe", "We just kept working. Everybody helped each other.", False),
    ]
    assert [s.line for s in t.segments] == [5, 8, 12, 15]
    assert t.speakers == ("John Roe", "Jane Doe") and t.language == "en"
    assert t.meta["warnings"] == []


def test_role_label_on_its_own_line_nl(tmp_path):
    t = read(tmp_path, "[INTERVIEWER] Sanne Bakker:\nHoe gaat het op de afdeling?\n\n"
                       "[RESPONDENT] Piet de Boer:\nWe helpen elkaar altijd.\nMaar de klant komt op de tweede plaats.\n")
    assert turns(t) == [("Sanne Bakker", "Hoe gaat het op de afdeling?", True),
                        ("Piet de Boer", "We helpen elkaar altijd.\nMaar de klant komt op de tweede plaats.", False)]


TEAMS_LIKE = """\
Sanne Bakker   0:03
Hoe merk je dat de klant centraal staat?

Piet de Boer   0:09
Eerlijk gezegd merk ik dat niet zo.
We kijken vooral naar de cijfers.

Sanne Bakker   1:02:15
Dank je wel.
"""


def test_teams_name_and_timestamp_line_with_the_words_below_nl(tmp_path):
    t = read(tmp_path, TEAMS_LIKE, sidecar="interviewer: Sanne Bakker\n")
    assert turns(t) == [
        ("Sanne Bakker", "Hoe merk je dat de klant centraal staat?", True),
        ("Piet de Boer", "Eerlijk gezegd merk ik dat niet zo.\nWe kijken vooral naar de cijfers.", False),
        ("Sanne Bakker", "Dank je wel.", True),
    ]
    assert [s.line for s in t.segments] == [1, 4, 8]


def test_teams_word_transcript_docx_en(tmp_path):
    from docx import Document

    doc = Document()
    for para in ["Mark Jansen   0:04", "How do you handle complaints?", "Lisa de Wit   0:10",
                 "We always pass them on to the back office.", "Mark Jansen   0:31", "Why is that?",
                 "Lisa de Wit   0:35", "Because the targets are different for every team."]:
        doc.add_paragraph(para)
    path = tmp_path / "teams.docx"
    doc.save(str(path))
    (tmp_path / "teams.docx.yaml").write_text("interviewer: Mark Jansen\n", encoding="utf-8")
    t = read_transcript(path)
    assert turns(t) == [
        ("Mark Jansen", "How do you handle complaints?", True),
        ("Lisa de Wit", "We always pass them on to the back office.", False),
        ("Mark Jansen", "Why is that?", True),
        ("Lisa de Wit", "Because the targets are different for every team.", False),
    ]
    assert [s.line for s in t.segments] == [1, 3, 5, 7]       # the paragraph of the name and timestamp
    assert t.text.startswith("Mark Jansen: How do you handle complaints?\n\nLisa de Wit: We always")


def test_a_time_in_a_sentence_is_not_a_speaker(tmp_path):
    t = read(tmp_path, "Om 9:30\nbegint de dag met de cijfers.\n\nDaarna 10:00\nkomt het overleg.\n")
    assert [s.speaker for s in t.segments] == ["", ""]


# ---------------------------------------------------------------- Q/A, I/R, V/A

@pytest.mark.parametrize("text, asked, answered", [
    ("Q: How do you handle complaints?\nA: We pass them on.\n\nQ: Why?\nA: Because of the targets.\n", "Q", "A"),
    ("I: What strikes you?\nR: Everything has to go by e-mail.\n\nI: And then?\nR: Then we wait.\n", "I", "R"),
    ("V: Hoe ga je om met klachten?\nA: We schuiven ze door.\n\nV: Waarom?\nA: Door de targets.\n", "V", "A"),
    ("I: Wat valt je op?\nR: Alles moet via de mail.\n\nI: En dan?\nR: Dan wachten we.\n", "I", "R"),
])
def test_question_and_answer_letters_q_i_v_are_the_interviewer(tmp_path, text, asked, answered):
    t = read(tmp_path, text)
    assert [(s.speaker, s.is_interviewer) for s in t.segments] == [
        (asked, True), (answered, False), (asked, True), (answered, False)]
    assert [s.speaker for s in t.coded_segments()] == [answered, answered]
    assert t.meta["warnings"] == []


def test_q_and_a_prefixes_in_captions_en(tmp_path):
    t = read(tmp_path, "WEBVTT\n\n00:01.000 --> 00:03.000\nQ: How do you handle complaints?\n\n"
                       "00:04.000 --> 00:06.000\nA: We always pass them on.\n", name="call.vtt")
    assert turns(t) == [("Q", "How do you handle complaints?", True), ("A", "We always pass them on.", False)]


def test_a_bracketed_note_is_not_a_role_label(tmp_path):
    t = read(tmp_path, "Interviewer: Hoe gaat het?\nPiet: Goed.\n[NB] Let op: dit is een notitie.\n"
                       "[Klik hier] Meer: zie de bijlage.\n")
    assert [s.speaker for s in t.segments] == ["Interviewer", "Piet"]
    assert t.segments[1].text_of(t).endswith("[Klik hier] Meer: zie de bijlage.")
