"""The layout a newcomer relies on: small modules, tests that mirror the package, formats and readers in
registries (see ARCHITECTURE.md)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "culturemap"
MAX_LINES = 600


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these modules by responsibility: {long}"


def test_every_subpackage_has_tests_named_after_it():
    tests = {p.stem for p in (ROOT / "tests").glob("test_*.py")}
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    missing = [pkg for pkg in packages
               if not any(t == f"test_{pkg}" or t.startswith(f"test_{pkg}_") for t in tests)]
    assert missing == [], f"no tests/test_<package>_<module>.py for: {missing}"


def test_every_top_level_module_has_a_test_module():
    tests = {p.stem for p in (ROOT / "tests").glob("test_*.py")}
    exempt = {"__init__", "__main__", "errors"}   # errors: exercised by every test of an Error message
    missing = [p.stem for p in PACKAGE.glob("*.py") if p.stem not in exempt and f"test_{p.stem}" not in tests]
    assert missing == [], f"no tests/test_<module>.py for: {missing}"
