"""CSV export: the tags.csv / links.csv contract, every status, sorted rows, redacted text, pseudonyms."""
from __future__ import annotations

import csv

from culturemap.export.csv import LINK_COLUMNS, TAG_COLUMNS, write_codings_csv
from culturemap.models import Codings, Link, Tag


class FakeRedactor:
    """Replaces the listed names and records the language it was asked for."""

    def __init__(self, names):
        self.names, self.calls = names, []

    def redact(self, text, language):
        self.calls.append(language)
        for name in self.names:
            text = text.replace(name, "[naam]" if language == "nl" else "[name]")
        return text


def codings() -> dict[str, Codings]:
    kc = Codings("kc-03", "f1", tags=(
        Tag("kc-03", "Anna", 200, 240, "no-time", negated=True, status="rejected", text="Anna heeft nooit tijd."),
        Tag("kc-03", "Anna", 100, 150, "only-numbers", status="accepted", text="Piet rekent ons af op cijfers."),
        Tag("kc-03", "Anna", 100, 150, "fear", status="suggested", origin="manual", text="Piet, zegt Anna."),
        Tag("kc-03", "Anna", 300, 320, "help", status="accepted", orphaned=True, text="We helpen elkaar, zei Anna.")),
        links=(Link("kc-03", "only-numbers", "no-time", "+", status="accepted", text="Piet zegt: daardoor.",
                    start=100, end=240, speaker="Anna"),))
    ldg = Codings("ldg-01", "f2", tags=(
        Tag("ldg-01", "John Smith", 50, 80, "customer-first", status="accepted", text="John puts the customer first."),),
        links=(Link("ldg-01", "customer-first", "help", "-", status="suggested", text="Because John said so.",
                    start=50, end=120, speaker="John Smith"),))
    return {"ldg-01": ldg, "kc-03": kc}


def read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_tags_csv_has_the_contract_columns_every_status_sorted_and_redacted(tmp_path):
    redactor = FakeRedactor(["Anna", "Piet", "John Smith", "John"])
    paths = write_codings_csv(codings(), tmp_path / "out", redactor=redactor,
                              pseudonyms={"kc-03": "I01 · klantcontact", "ldg-01": "I02"},
                              languages={"ldg-01": "en"})
    assert paths == [tmp_path / "out" / "tags.csv", tmp_path / "out" / "links.csv"]
    rows = read(paths[0])
    assert tuple(rows[0]) == TAG_COLUMNS == (
        "interview", "speaker", "start", "end", "code", "negated", "stance", "status", "origin", "text")
    assert rows[1:] == [
        ["I01", "I01 · klantcontact", "100", "150", "fear", "false", "present", "suggested", "manual",
         "[naam], zegt [naam]."],
        ["I01", "I01 · klantcontact", "100", "150", "only-numbers", "false", "present", "accepted", "rule",
         "[naam] rekent ons af op cijfers."],
        ["I01", "I01 · klantcontact", "200", "240", "no-time", "true", "absent", "rejected", "rule",
         "[naam] heeft nooit tijd."],
        ["I01", "I01 · klantcontact", "300", "320", "help", "false", "present", "accepted", "rule",
         "We helpen elkaar, zei [naam]."],
        ["I02", "I02", "50", "80", "customer-first", "false", "present", "accepted", "rule",
         "[name] puts the customer first."]]


def test_links_csv_has_the_contract_columns_and_redacted_text(tmp_path):
    redactor = FakeRedactor(["Anna", "Piet", "John"])
    _, links = write_codings_csv(codings(), tmp_path, redactor=redactor, pseudonyms={"kc-03": "I01", "ldg-01": "I02"},
                                 languages={"ldg-01": "en"})
    rows = read(links)
    assert tuple(rows[0]) == LINK_COLUMNS == ("interview", "cause", "effect", "sign", "status", "origin", "text")
    assert rows[1:] == [
        ["I01", "only-numbers", "no-time", "+", "accepted", "rule", "[naam] zegt: daardoor."],
        ["I02", "customer-first", "help", "-", "suggested", "rule", "Because [name] said so."]]
    assert sorted(set(redactor.calls)) == ["en", "nl"]


def test_no_name_reaches_the_files_with_the_real_redactor(tmp_path):
    from culturemap.privacy.redact import Redactor

    names = ["Anna", "Piet", "John Smith"]
    paths = write_codings_csv(codings(), tmp_path, redactor=Redactor(names),
                              pseudonyms={"kc-03": "I01", "ldg-01": "I02"}, languages={"ldg-01": "en"})
    for path in paths:
        content = path.read_text(encoding="utf-8")
        for name in ("Anna", "Piet", "John", "Smith"):
            assert name not in content, (path.name, name)


def test_hand_links_are_written_with_an_empty_interview(tmp_path):
    hand = (Link("", "no-time", "complaints", "+", status="accepted", origin="hand", note="zie Piet"),)
    _, links = write_codings_csv({}, tmp_path, redactor=FakeRedactor(["Piet"]), pseudonyms={}, hand_links=hand)
    assert read(links) == [list(LINK_COLUMNS), ["", "no-time", "complaints", "+", "accepted", "hand", "zie [naam]"]]


def test_export_is_deterministic_and_overwrites(tmp_path):
    args = dict(redactor=FakeRedactor([]), pseudonyms={"kc-03": "I01", "ldg-01": "I02"})
    first = [p.read_bytes() for p in write_codings_csv(codings(), tmp_path, **args)]
    reordered = {k: Codings(v.interview, v.fingerprint, tuple(reversed(v.tags)), tuple(reversed(v.links)))
                 for k, v in reversed(list(codings().items()))}
    second = [p.read_bytes() for p in write_codings_csv(reordered, tmp_path, **args)]
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links.csv", "tags.csv"]
