"""Every YAML culturemap reads is bounded (size, depth, aliases) and keeps line numbers (culturemap.yamlfile)."""
import time

import pytest
from click.testing import CliRunner

from culturemap import yamlfile
from culturemap.cli import main

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi"))


def test_billion_laughs_fails_fast_with_the_line():
    started = time.process_time()
    with pytest.raises(yamlfile.YAMLProblem) as info:
        yamlfile.load(BILLION_LAUGHS)
    assert info.value.limit and "aliases expand" in info.value.detail
    assert info.value.line is not None and info.value.line <= 9
    assert time.process_time() - started < 5   # not minutes: it never expands


def test_deep_nesting_is_refused_instead_of_recursion_error():
    with pytest.raises(yamlfile.YAMLProblem) as info:
        yamlfile.load("codes: " + "[" * 50_000 + "]" * 50_000)
    assert info.value.limit and "nested more than" in info.value.detail


def test_huge_file_is_refused():
    with pytest.raises(yamlfile.YAMLProblem, match="characters"):
        yamlfile.load("x: " + "a" * (yamlfile.MAX_CHARS + 1))


def test_aliases_within_limits_still_work():
    data, _ = yamlfile.load("base: &b {kind: value}\ncopy: *b\n")
    assert data == {"base": {"kind": "value"}, "copy": {"kind": "value"}}


def test_nested_mappings_keep_no_marker_keys_and_lines_are_known():
    text = "codes:\n  - id: a\n    patterns:\n      - {LOWER: {IN: [x, y]}}\n  - id: b\n"
    data, lines = yamlfile.load(text)
    assert data["codes"][0]["patterns"][0] == {"LOWER": {"IN": ["x", "y"]}}
    assert [lines.of(c) for c in data["codes"]] == [2, 5]


def test_syntax_error_names_the_line():
    with pytest.raises(yamlfile.YAMLProblem) as info:
        yamlfile.load("language: en\ntitle: [unclosed\n")
    assert not info.value.limit and info.value.line is not None


@pytest.mark.parametrize("body", [BILLION_LAUGHS, "groups: " + "[" * 50_000 + "]" * 50_000])
def test_hostile_settings_give_a_coded_error_naming_the_file(tmp_path, body):
    (tmp_path / "culturemap.yaml").write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith("Error: ") and "culturemap.yaml" in result.output and "[E007]" in result.output


@pytest.mark.parametrize("where", ["front matter", "sidecar"])
def test_hostile_transcript_metadata_gives_a_coded_error_naming_the_file(tmp_path, where):
    from culturemap.errors import InputError
    from culturemap.ingest import load_transcripts

    (tmp_path / "culturemap.yaml").write_text("language: en\n", encoding="utf-8")
    body = "Interviewer: How is it?\nAnna: We help each other here.\n"
    if where == "front matter":
        (tmp_path / "a.md").write_text("---\n" + BILLION_LAUGHS + "---\n" + body, encoding="utf-8")
    else:
        (tmp_path / "a.md").write_text(body, encoding="utf-8")
        (tmp_path / "a.md.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.process_time()
    try:
        _, issues = load_transcripts(tmp_path)
        messages = [str(i) for i in issues]
    except InputError as exc:
        messages = [str(exc)]
    assert time.process_time() - started < 5
    assert any("a.md" in m and "cannot be read safely" in m and "aliases expand" in m for m in messages), messages


def test_hostile_codebook_gives_a_coded_error_naming_the_file(tmp_path):
    from culturemap.coding.codebook import load_codebook
    from culturemap.errors import CodebookError

    path = tmp_path / "codebook.yaml"
    path.write_text("codes: " + "[" * 50_000 + "]" * 50_000, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert "codebook.yaml:1:" in str(info.value) and "[E007]" in str(info.value)


def test_codebook_errors_still_name_the_line_of_the_code(tmp_path):
    from culturemap.coding.codebook import load_codebook
    from culturemap.errors import CodebookError

    path = tmp_path / "codebook.yaml"
    path.write_text("codes:\n  - id: a\n    label: A\n    kind: value\n    effect: enabling\n    patterns: [x]\n"
                    "  - id: b\n    label: B\n    kind: nonsense\n    effect: enabling\n    patterns: [y]\n",
                    encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert "codebook.yaml:7:" in str(info.value) and "[E203]" in str(info.value)


@pytest.mark.parametrize("body", [BILLION_LAUGHS, "beliefs: " + "[" * 50_000 + "]" * 50_000])
def test_hostile_session_yaml_gives_a_coded_error_fast(tmp_path, body):
    from culturemap.errors import ProjectError
    from culturemap.session import parse_session

    started = time.process_time()
    with pytest.raises(ProjectError) as info:
        parse_session(body, path=tmp_path / "session.yaml")
    assert "session.yaml" in str(info.value) and "[E007]" in str(info.value)
    assert time.process_time() - started < 5
