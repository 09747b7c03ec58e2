"""Tests for culturemap.ingest (the package): reading a folder, E101/E112, the balance warnings, no crash on junk.

Each module has its own tests/test_ingest_<module>.py (formats: test_ingest_text/docx/vtt/srt).
"""
from __future__ import annotations

import io
import shutil
import string
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_support import FIXTURES, make_docx, read_error, write

from culturemap.errors import InputError, ProjectError
from culturemap.ingest import (
    TRANSCRIPT_SUFFIXES,
    discover,
    load_transcripts,
    read_transcript,
)

REPO = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- errors

def test_empty_file_E101(tmp_path):
    err = read_error(FIXTURES / "empty.md")
    assert err.code == "E101" and str(err).startswith(str(FIXTURES / "empty.md") + ": is empty.")
    assert read_error(write(tmp_path / "blank.txt", " \n\n\t\n")).code == "E101"
    assert read_error(write(tmp_path / "fm-only.md", "---\nid: x\n---\n\n")).code == "E101"
    (tmp_path / "empty.docx").write_bytes(b"")
    assert read_error(tmp_path / "empty.docx").code == "E101"


def test_unsupported_suffix_E112(tmp_path):
    assert read_error(write(tmp_path / "a.pdf", "x")).code == "E112"


# ---------------------------------------------------------------- the folder

def test_discover_ignores_settings_sidecars_readme_hidden_and_subfolders(tmp_path):
    for name in ["b.md", "a.txt", "c.DOCX", "d.vtt", "e.srt", "culturemap.yaml", "codebook.yaml", "session.yaml",
                 "links.csv", "d.vtt.yaml", "README.md", "readme.txt", ".hidden.md", "~$lock.docx", "x.pdf"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.md").write_text("x")
    (tmp_path / "folder.md").mkdir()
    assert [p.name for p in discover(tmp_path)] == ["a.txt", "b.md", "c.DOCX", "d.vtt", "e.srt"]
    assert set(TRANSCRIPT_SUFFIXES) == {".md", ".txt", ".docx", ".vtt", ".srt"}


def test_discover_missing_folder_is_a_project_error(tmp_path):
    with pytest.raises(ProjectError) as info:
        discover(tmp_path / "nope")
    assert info.value.code == "E001"


def test_load_transcripts_reports_bad_files_and_reads_the_others(tmp_path):
    write(tmp_path / "a.md", "Interviewer: Hoe gaat het?\nPiet: Wij helpen elkaar altijd, maar de klant komt niet "
                             "op de eerste plaats.\n")
    shutil.copy(FIXTURES / "unterminated.md", tmp_path / "b.md")
    shutil.copy(FIXTURES / "notzip.docx", tmp_path / "c.docx")
    shutil.copy(FIXTURES / "cp1252.txt", tmp_path / "d.txt")
    transcripts, issues = load_transcripts(tmp_path)
    assert [t.id for t in transcripts] == ["a", "d"]
    assert [(i.level, i.code, Path(i.path).name) for i in issues] == [
        ("error", "E103", "b.md"), ("error", "E105", "c.docx"), ("warning", "W101", "d.txt")]
    assert str(issues[0]).startswith(f"{tmp_path / 'b.md'}:1: front matter is not closed.")


def test_duplicate_interview_ids_E108_keep_the_first(tmp_path):
    write(tmp_path / "a.md", "---\nid: kc-01\n---\nPiet: Wij helpen elkaar altijd, maar de klant niet.\n")
    write(tmp_path / "b.md", "---\nid: KC-01\n---\nSanne: De klant staat bij ons niet centraal, echt niet.\n")
    transcripts, issues = load_transcripts(tmp_path)
    assert [t.path.name for t in transcripts] == ["a.md"]
    [issue] = issues
    assert issue.level == "error" and issue.code == "E108"
    assert str(issue) == (f"{tmp_path / 'b.md'}: interview id 'KC-01' is used by {tmp_path / 'a.md'} as well. "
                          "Give one of them another 'id:' in its front matter or sidecar. [E108]")


def test_transcript_with_only_interviewer_turns_warns_E109(tmp_path):
    write(tmp_path / "a.md", "---\ninterviewer: Piet\n---\nPiet: Wij helpen elkaar altijd, maar de klant niet.\n")
    transcripts, issues = load_transcripts(tmp_path)
    assert len(transcripts) == 1
    assert [(i.level, i.code) for i in issues] == [("warning", "E109")]


def test_sample_engagement_loads_without_issues():
    folder = REPO / "interviews"
    if not folder.is_dir() or not discover(folder):
        pytest.skip("the sample engagement has no transcripts yet")
    transcripts, issues = load_transcripts(folder)
    assert [str(i) for i in issues] == []
    assert len(transcripts) == len(discover(folder))
    for t in transcripts:
        assert t.coded_segments(), t.path
        assert t.language in ("nl", "en")
        for s in t.segments:
            assert 0 <= s.start < s.end <= len(t.text)
            assert t.text[s.start:s.end] == t.text[s.start:s.end].strip()


# ---------------------------------------------------------------- property tests: never a traceback

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LABEL = st.sampled_from(["Interviewer", "Anna", "Anna de Vries", "Int", "R", "**Piet:**", "Kortom", "- ", "# ", ""])
LINE = st.builds(lambda label, body: f"{label}: {body}" if label else body, LABEL, st.text(max_size=60))


def check_segments(t):
    assert t.language in ("nl", "en")
    for s in t.segments:
        assert 0 <= s.start <= s.end <= len(t.text)
        assert s.line >= 1
        assert t.text[s.start:s.end].strip() == t.text[s.start:s.end]


def read_or_input_error(path: Path):
    try:
        t = read_transcript(path)
    except InputError as exc:
        assert exc.code and str(exc)
        return None
    check_segments(t)
    return t


@PROPERTY
@given(body=st.lists(LINE, max_size=12).map("\n".join) | st.text(max_size=300))
def test_property_random_text_never_crashes(tmp_path, body):
    data = body.encode("utf-8", "replace")
    path = tmp_path / "random.md"
    path.write_bytes(data)
    t = read_or_input_error(path)
    if t is not None:   # the text is the file as read: decoded, universal newlines
        assert t.text == data.decode("utf-8-sig").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


YAML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
FRONT_MATTER = st.dictionaries(
    st.sampled_from(["id", "name", "group", "role", "language", "date", "interviewer", "extra"]) | st.text(max_size=8),
    YAML_VALUE, max_size=6,
).map(lambda d: yaml.safe_dump(d, allow_unicode=True)) | st.text(max_size=120)


@PROPERTY
@given(front=FRONT_MATTER, body=st.lists(LINE, max_size=6).map("\n".join), close=st.booleans())
def test_property_random_front_matter_never_crashes(tmp_path, front, body, close):
    path = tmp_path / "fm.md"
    path.write_bytes(("---\n" + front + ("\n---\n" if close else "\n") + body).encode("utf-8", "replace"))
    read_or_input_error(path)


@PROPERTY
@given(front=FRONT_MATTER)
def test_property_random_sidecar_never_crashes(tmp_path, front):
    shutil.copy(FIXTURES / "zoom.vtt", tmp_path / "s.vtt")
    (tmp_path / "s.vtt.yaml").write_bytes(front.encode("utf-8", "replace"))
    read_or_input_error(tmp_path / "s.vtt")


@PROPERTY
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".docx", ".vtt", ".srt", ".md", ".txt"]))
def test_property_random_bytes_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"bytes{suffix}"
    path.write_bytes(data)
    read_or_input_error(path)


CUE_TEXT = st.text(alphabet=string.printable + "éëï<>&;v", max_size=50)


@PROPERTY
@given(cues=st.lists(st.tuples(st.integers(0, 5000), CUE_TEXT, st.sampled_from(["<v Anna>", "Piet: ", "", "<i>"])),
                     max_size=6),
       junk=st.text(max_size=30), fmt=st.sampled_from(["vtt", "srt"]))
def test_property_random_cues_never_crash(tmp_path, cues, junk, fmt):
    if fmt == "vtt":
        blocks = ["WEBVTT"] + [f"00:{s // 60:02d}:{s % 60:02d}.000 --> 00:{s // 60:02d}:{s % 60:02d}.500\n{p}{t}"
                               for s, t, p in cues]
    else:
        blocks = [f"{n + 1}\n00:{s // 60:02d}:{s % 60:02d},000 --> 00:{s // 60:02d}:{s % 60:02d},500\n{p}{t}"
                  for n, (s, t, p) in enumerate(cues)]
    path = tmp_path / f"cues.{fmt}"
    path.write_bytes(("\n\n".join(blocks) + "\n" + junk).encode("utf-8", "replace"))
    read_or_input_error(path)


@PROPERTY
@given(data=st.binary(min_size=1, max_size=300), member=st.sampled_from(
    ["word/document.xml", "[Content_Types].xml", "word/styles.xml"]))
def test_property_damaged_docx_never_crashes(tmp_path, data, member):
    good = make_docx(tmp_path / "good.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == member else src.read(item))
    path = tmp_path / "damaged.docx"
    path.write_bytes(buffer.getvalue())
    read_or_input_error(path)


# ---------------------------------------------------------------- warnings about the balance of turns

ANSWERS_IN_THE_QUESTION_NL = """\
Interviewer: Hoe merk je dat de klant centraal staat?
Eerlijk gezegd merk ik dat niet zo. We kijken vooral naar de cijfers en de afhandeltijd.
Iedereen werkt voor zijn eigen target en de klant schuiven we door naar de backoffice.
Interviewer: Dank je.
Piet: Graag gedaan.
"""


def test_interviewer_holding_most_words_warns_W104_naming_the_file_nl(tmp_path):
    path = write(tmp_path / "kc-04.txt", ANSWERS_IN_THE_QUESTION_NL)
    t = read_transcript(path)
    [warning] = t.meta["warnings"]
    assert warning.code == "W104" and warning.level == "warning"
    assert str(warning) == (
        f"{path}: the interviewer's turns hold 95% of the words (41 of 43). Check the interviewer's label "
        "('interviewer:' in the front matter or sidecar) and that the answers have their own speaker label. [W104]")
    transcripts, issues = load_transcripts(tmp_path)
    assert [(i.code, Path(i.path).name) for i in issues] == [("W104", "kc-04.txt")]


def test_interviewer_holding_most_words_warns_W104_en(tmp_path):
    text = ("Q: How do you handle complaints? I mean, when a customer calls you and is angry, what do you do, who "
            "do you ask, and do you think the back office helps you or do they pass the customer on again?\n"
            "A: We pass them on.\n\nQ: Thank you, that is all I wanted to ask you about the complaints for now.\n"
            "A: Sure.\n")
    assert [w.code for w in read_transcript(write(tmp_path / "a.md", text)).meta["warnings"]] == ["W104"]


def test_short_or_balanced_transcripts_do_not_warn_W104(tmp_path):
    short = read_transcript(write(tmp_path / "a.md", "Interviewer: Hoe gaat het met het team?\nPiet: Goed.\n"))
    assert short.meta["warnings"] == []
    balanced = read_transcript(write(tmp_path / "b.md", ANSWERS_IN_THE_QUESTION_NL.replace(
        "\nEerlijk", "\n\nPiet: Eerlijk")))
    assert balanced.meta["warnings"] == []


def test_no_interviewee_words_warns_E109_when_tagging_too(tmp_path):
    from click.testing import CliRunner

    from culturemap.cli import main

    runner = CliRunner()
    root = tmp_path / "eng"
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    write(root / "a.md", "Interviewer: Hoe merk je dat de klant centraal staat?\nInterviewer: En verder?\n")
    write(root / "b.md", "Interviewer: Hoe gaat het?\n\nPiet: Wij helpen elkaar altijd, maar de klant niet.\n")
    result = runner.invoke(main, ["tag", str(root)])
    assert result.exit_code == 0, result.output
    assert (f"Warning: {root / 'a.md'}: has no words to code (only interviewer turns?). Check the 'interviewer:' "
            "label in its front matter. [E109]") in result.output.splitlines()


def test_a_link_to_a_file_outside_the_folder_is_skipped_with_a_warning(tmp_path):
    import os

    from culturemap.ingest import load_transcripts

    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Interviewer: Wat?\nRoot: secret stuff from outside.\n", encoding="utf-8")
    eng = tmp_path / "eng"
    eng.mkdir()
    (eng / "kc-01.md").write_text("Interviewer: Hoe gaat het?\nAnna: We helpen elkaar.\n", encoding="utf-8")
    (eng / "kc-02.md").write_text("Interviewer: En?\nPiet: De klant staat centraal.\n", encoding="utf-8")
    os.symlink(outside, eng / "passwd.txt")
    os.symlink(eng / "kc-02.md", eng / "inside.md")      # a link within the folder is an ordinary file
    transcripts, issues = load_transcripts(eng)
    assert "passwd" not in [t.id for t in transcripts]
    assert any("passwd.txt" in str(i) and "outside the engagement folder" in str(i) and i.level == "warning"
               for i in issues)
