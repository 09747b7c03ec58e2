"""Tests for culturemap.ingest.metadata: sidecars (.yaml and .yml) and the fingerprint that drives re-tagging."""
from __future__ import annotations

import hashlib

from click.testing import CliRunner

from culturemap.ingest import fingerprint, read_transcript, sidecar_path

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
