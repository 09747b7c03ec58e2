"""Fixtures shared by several test modules."""
import pytest


@pytest.fixture
def fake_engagement(tmp_path, monkeypatch):
    """An engagement folder whose evidence comes from ``make_evidence()`` instead of transcripts and codings.

    Usage: ``fake_engagement(culture_evidence)`` returns the folder to pass to a map command.
    """

    def make(make_evidence):
        import culturemap.privacy.evidence

        (tmp_path / "culturemap.yaml").write_text("language: en\n", encoding="utf-8")
        monkeypatch.setattr(culturemap.privacy.evidence, "load_evidence", lambda project: make_evidence())
        return tmp_path

    return make
