"""Engagement settings (culturemap.yaml via culturemap.project): what a consultant may write, and the coded
message naming file and line for what they may not."""
import pytest

from culturemap.errors import ProjectError
from culturemap.project import load_settings, open_project


def _settings(tmp_path, text):
    (tmp_path / "culturemap.yaml").write_text(text, encoding="utf-8")
    return load_settings(tmp_path)


def test_settings_are_read_with_their_defaults(tmp_path):
    s = _settings(tmp_path, "language: EN\ntitle: Acme\nredact: Jan de Vries\ngroups: {kc: klantcontact}\n")
    assert (s.language, s.title, s.redact, s.groups) == ("en", "Acme", ("Jan de Vries",), {"kc": "klantcontact"})
    assert s.anonymity_threshold == 3 and s.min_sources == 1


def test_no_settings_file_means_the_defaults(tmp_path):
    assert load_settings(tmp_path).language == "nl"


@pytest.mark.parametrize("text, code, where", [
    ("language: fr\n", "E005", "culturemap.yaml"),
    ("colour: blue\n", "E003", "unknown setting(s) colour"),
    ("anonymity_threshold: 0\n", "E003", "'anonymity_threshold' must be a whole number"),
    ("redact: {a: b}\n", "E003", "'redact' must be a list of names"),
    ("language: en\ntitle: [unclosed\n", "E006", "culturemap.yaml:"),
])
def test_bad_settings_name_the_problem(tmp_path, text, code, where):
    with pytest.raises(ProjectError) as info:
        _settings(tmp_path, text)
    assert f"[{code}]" in str(info.value) and where in str(info.value)


def test_a_folder_without_settings_is_no_engagement(tmp_path):
    with pytest.raises(ProjectError, match=r"\[E001\]"):
        open_project(tmp_path / "missing")
