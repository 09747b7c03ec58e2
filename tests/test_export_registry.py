"""The export-format registry: a registered format reaches --help, E501 and the export command; the README
table lists exactly the registered formats; listing them imports nothing heavy; every export file goes
through one atomic writer that turns an OSError into a one-line E503."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.errors import ExportError
from culturemap.export import formats, write_export
from culturemap.export.formats import FORMATS, Format, Writer, expand_formats, export_format, export_formats

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def context(tmp_path):
    from sessionpack_data import make_context

    return make_context(tmp_path / "eng")


@dataclass(frozen=True)
class CodeList:
    """A dummy format: one code id per line, in a file of its own."""

    name: str = "dummy"
    description: str = "one code id per line (a test format)"
    files: tuple[str, ...] = ("codes.txt",)
    needs_graphviz: bool = False

    def write(self, context, out_dir):
        return [write_export(Path(out_dir) / "codes.txt", "".join(f"{n}\n" for n in sorted(context.graph.nodes)))]


@pytest.fixture
def dummy():
    fmt = FORMATS.register(CodeList())
    try:
        yield fmt
    finally:
        FORMATS.unregister("dummy")


def _help_formats(output: str) -> list[str]:
    text = " ".join(output.split())
    listed = re.search(r"One of: ([a-z, ]+)\.", text)
    assert listed, output
    return listed.group(1).split(", ")


def test_a_registered_format_is_in_the_help_and_written_by_the_export_command(dummy, context, tmp_path,
                                                                                monkeypatch):
    assert isinstance(dummy, Writer)
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0, result.output
    assert _help_formats(result.output) == ["dot", "svg", "png", "pdf", "graphml", "gexf", "json", "mermaid", "kumu",
                                            "csv", "html", "pptx", "qdpx", "qdc", "dummy", "all"]
    monkeypatch.setattr(formats, "build_context", lambda project, out_dir: context)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "eng", "--format", "dummy", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [os.path.join("out", "codes.txt"), "Wrote 1 file(s) in 1 format(s) to out."]
    assert (tmp_path / "out" / "codes.txt").read_text("utf-8").split() == sorted(context.graph.nodes)
    assert "dummy" in expand_formats(["all"])


def test_an_unregistered_format_leaves_the_help_and_is_unknown_again(context, tmp_path):
    FORMATS.register(CodeList())
    FORMATS.unregister("dummy")
    assert "dummy" not in _help_formats(CliRunner().invoke(main, ["export", "--help"]).output)
    result = CliRunner().invoke(main, ["export", str(context.project.root), "-f", "dummy"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown format 'dummy'. Choose from: dot, svg,")
    assert "[E501]" in result.output and not (context.project.root / "out").exists()


def test_a_format_name_is_taken_once_and_all_is_reserved(dummy):
    with pytest.raises(ValueError, match="already registered"):
        FORMATS.register(CodeList())
    with pytest.raises(ValueError, match="'all'"):
        FORMATS.register(CodeList(name="all"))
    with pytest.raises(ValueError):
        FORMATS.register(CodeList(name="Dummy Two"))


def test_the_export_format_decorator_registers_a_function(context, tmp_path):
    @export_format("codes", description="code ids", files=("codes.txt",))
    def write_codes(ctx, out_dir):
        return [write_export(out_dir / "codes.txt", "\n".join(sorted(ctx.graph.nodes)))]

    try:
        assert isinstance(FORMATS["codes"], Format) and FORMATS["codes"].files == ("codes.txt",)
        paths = export_formats(context.project, ["dot", "codes"], tmp_path / "out", context=context)
        assert [p.name for p in paths] == ["map.dot", "codes.txt"]
    finally:
        FORMATS.unregister("codes")


def test_a_format_that_needs_graphviz_is_refused_before_anything_is_written(context, tmp_path, monkeypatch):
    import culturemap.export.diagram as diagram

    monkeypatch.setattr(diagram, "graphviz_available", lambda: False)
    FORMATS.register(CodeList(name="drawing", needs_graphviz=True))
    try:
        with pytest.raises(ExportError) as err:
            export_formats(context.project, ["drawing"], tmp_path / "out", context=context)
    finally:
        FORMATS.unregister("drawing")
    assert err.value.code == "E502" and "drawing" in str(err.value)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the README lists exactly the registry


def test_readme_format_table_lists_exactly_the_registered_formats():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Exports and the session pack"):readme.index("## Confidentiality")]
    rows = re.findall(r"^\| `([a-z]+)` \| ([^|]*) \|", section, flags=re.M)
    assert [name for name, _files in rows] == list(FORMATS)
    for name, files in rows:
        assert tuple(re.findall(r"`([^`]+)`", files)) == FORMATS[name].files, name


# ---------------------------------------------------------------- listing the formats stays light


def test_export_help_lists_the_formats_without_importing_heavy_libraries():
    code = ("import sys\n"
            "from click.testing import CliRunner\n"
            "from culturemap.cli import main\n"
            "print(CliRunner().invoke(main, ['export', '--help']).output)\n"
            "heavy = ('spacy', 'networkx', 'pydot', 'pptx', 'docx')\n"
            "print('HEAVY:', sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert _help_formats(out) == [*FORMATS, "all"]
    assert out.splitlines()[-1] == "HEAVY: []"


# ---------------------------------------------------------------- one atomic writer, E503 naming the file


def test_export_csv_where_tags_csv_is_a_folder_is_a_one_line_E503(context, tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "build_context", lambda project, out_dir: context)
    out = tmp_path / "out"
    (out / "tags.csv").mkdir(parents=True)
    result = CliRunner().invoke(main, ["export", str(context.project.root), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)                   # no IsADirectoryError traceback
    lines = result.output.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"Error: cannot write to {out / 'tags.csv'}: ") and lines[0].endswith("[E503]")
    assert sorted(p.name for p in out.iterdir()) == ["tags.csv"]     # no temporary file left behind
    assert (out / "tags.csv").is_dir()


def test_write_export_replaces_a_file_atomically_and_names_the_file_it_cannot_write(tmp_path):
    target = tmp_path / "a" / "map.dot"
    write_export(target, "old")
    write_export(target, b"new")
    assert target.read_text("utf-8") == "new" and [p.name for p in target.parent.iterdir()] == ["map.dot"]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError) as err:
        write_export(blocker / "map.dot", "x")
    assert err.value.code == "E503" and str(blocker / "map.dot") in str(err.value)


def test_privacy_check_out_that_cannot_be_written_is_a_one_line_E503(tmp_path):
    from test_privacy_check import code, make_project

    root = make_project(tmp_path / "eng", allow="[Karin de Boer]")
    code(root, "kc-01", ["Dan belt Karin de Boer de klant terug."])
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["privacy-check", str(root), "--out", str(blocker / "check.csv")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[-1].startswith(f"Error: cannot write to {blocker / 'check.csv'}: ")
    assert result.output.rstrip().endswith("[E503]") and "Traceback" not in result.output
