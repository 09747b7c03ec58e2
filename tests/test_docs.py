"""The README documents every command, and the quick start is what CI runs."""
import re
from pathlib import Path

from culturemap.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_command_reference():
    reference = README[README.index("## Command reference"):]
    documented = set(re.findall(r"^\| `([a-z-]+)", reference, flags=re.M))
    assert documented == set(main.commands), (
        f"undocumented: {sorted(set(main.commands) - documented)}; stale: {sorted(documented - set(main.commands))}")


def test_quick_start_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quick = README[README.index("## Quick start"):README.index("## The workflow")]
    assert "python3 -m pytest" in quick and "python3 -m pytest" in ci
    assert "bash setup.sh" in quick and "bash setup.sh" in ci


def test_every_command_has_help_text():
    for name, command in main.commands.items():
        assert command.help and len(command.help.strip()) > 20, name
