"""REFI-QDA export (.qdpx, .qdc): schema-valid, deterministic, and export -> import gives the engagement back."""
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from culturemap.coding.codebook import load_codebook
from culturemap.ingest import load_transcripts
from culturemap.models import Codings
from culturemap.refi.importer import import_refi
from culturemap.refi.write import NOTICE, write_qdc, write_qdpx
from culturemap.review.handlinks import read_hand_links
from culturemap.store import load_all_codings, save_codings

ROOT = Path(__file__).resolve().parent.parent
INTERVIEWS = ROOT / "interviews"
XSD = ROOT.parent / "shared" / "refi-qda" / "Project-mrt2019.xsd"
needs_xsd = pytest.mark.skipif(not XSD.is_file(), reason=f"the REFI-QDA schema is not at {XSD}")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """interviews/ exported to a .qdpx and imported again into a new engagement."""
    tmp = tmp_path_factory.mktemp("refi")
    result = write_qdpx(INTERVIEWS, tmp / "interviews.qdpx")
    back = import_refi(tmp / "back", tmp / "interviews.qdpx")
    return tmp, result, back


def _transcripts(root):
    transcripts, issues = load_transcripts(root)
    assert [i for i in issues if i.level == "error"] == []
    return {t.id: t for t in transcripts}


def _accepted(root):
    tags, links = set(), set()
    for iid, c in load_all_codings(root).items():
        tags |= {(iid, t.code, t.start, t.end, t.text, t.negated, t.speaker) for t in c.accepted_tags()}
        links |= {(iid, l.cause, l.effect, l.sign, l.start, l.end, l.text) for l in c.accepted_links()}
    return tags, links


@needs_xsd
def test_export_validates_against_the_refi_qda_project_schema(exported):
    from lxml import etree

    tmp, result, _ = exported
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    with zipfile.ZipFile(result.path) as z:
        names = z.namelist()
        doc = etree.fromstring(z.read("project.qde"))
    assert schema.validate(doc), schema.error_log
    assert names[0] == "project.qde" and sum(n.startswith("sources/") for n in names) == 14
    assert (result.sources, result.codes) == (14, 34) and result.codings > 300 and result.links > 50
    assert result.notice == NOTICE and "names included" in NOTICE


def test_export_is_deterministic(exported, tmp_path):
    _, result, _ = exported
    again = write_qdpx(INTERVIEWS, tmp_path / "again.qdpx")
    assert again.path.read_bytes() == result.path.read_bytes()


def test_round_trip_gives_the_same_transcripts(exported):
    tmp, _, back = exported
    before, after = _transcripts(INTERVIEWS), _transcripts(tmp / "back")
    assert sorted(after) == sorted(before) == list(back.interviews)
    for iid, t in before.items():
        u = after[iid]
        assert u.text == t.text, iid
        assert (u.name, u.group, u.role, u.language, u.date, u.interviewer) == \
               (t.name, t.group, t.role, t.language, t.date, t.interviewer), iid
        assert [(s.speaker, s.start, s.end, s.is_interviewer) for s in u.segments] == \
               [(s.speaker, s.start, s.end, s.is_interviewer) for s in t.segments], iid


def test_round_trip_gives_the_same_codebook(exported):
    tmp, _, back = exported
    a, b = load_codebook(INTERVIEWS / "codebook.yaml"), load_codebook(tmp / "back" / "codebook.yaml")
    assert back.defaulted == ()                     # kind and effect came back from the descriptions
    assert [(c.id, c.label, c.labels, c.kind, c.effect, c.description) for c in b.codes] == \
           [(c.id, c.label, c.labels, c.kind, c.effect, c.description) for c in a.codes]
    assert b.patterns_by_language == a.patterns_by_language


def test_round_trip_gives_the_same_accepted_codings(exported):
    tmp, _, back = exported
    tags_a, links_a = _accepted(INTERVIEWS)
    tags_b, links_b = _accepted(tmp / "back")
    assert tags_b == tags_a and len(tags_a) == back.codings
    assert any(t[5] for t in tags_a)                 # negated tags are among them and stay negated
    assert links_b == links_a and len(links_a) == back.links
    assert {t.origin for c in load_all_codings(tmp / "back").values() for t in c.tags} == {"import"}


def test_hand_links_and_orphans(tmp_path):
    eng = tmp_path / "eng"
    shutil.copytree(INTERVIEWS, eng)
    (eng / "links.csv").write_text("cause,effect,sign,note\nonly-numbers,workload,+,seen in every team\n"
                                   "help-each-other,silo-thinking,-,\n", encoding="utf-8")
    kc = load_all_codings(eng)["kc-01"]
    first = kc.accepted_tags()[0]
    moved = replace(first, start=first.start + 1)                                   # its quote no longer fits
    save_codings(eng, Codings(kc.interview, kc.fingerprint, tags=(moved, *kc.tags[1:]), links=kc.links))
    result = write_qdpx(eng, tmp_path / "eng.qdpx")
    assert [i.message for i in result.issues] == [
        f"skipped accepted tag {first.code} at {first.start + 1}-{first.end}: its quote is no longer in the "
        "transcript (orphaned) or its code is gone."]
    import_refi(tmp_path / "back", tmp_path / "eng.qdpx")
    hand = read_hand_links(tmp_path / "back", load_codebook(tmp_path / "back" / "codebook.yaml"))
    assert [(l.cause, l.effect, l.sign, l.note) for l in hand] == [
        ("help-each-other", "silo-thinking", "-", ""), ("only-numbers", "workload", "+", "seen in every team")]


def test_qdc_round_trip(tmp_path):
    result = write_qdc(INTERVIEWS, tmp_path / "codes.qdc")
    assert result.codes == 34 and result.path.read_bytes().startswith(b"<?xml")
    back = import_refi(tmp_path / "back", tmp_path / "codes.qdc")
    assert back.codebook_only and back.interviews == ()
    a, b = load_codebook(INTERVIEWS / "codebook.yaml"), load_codebook(tmp_path / "back" / "codebook.yaml")
    assert [(c.id, c.labels, c.kind, c.effect) for c in b.codes] == [(c.id, c.labels, c.kind, c.effect) for c in a.codes]


def test_child_codes_are_nested_in_the_export(tmp_path):
    from lxml import etree

    from culturemap.refi.qdpx import PROJECT_NS

    import_refi(tmp_path / "eng", _nvivo(tmp_path))
    result = write_qdpx(tmp_path / "eng", tmp_path / "out.qdpx")
    doc = etree.fromstring(zipfile.ZipFile(result.path).read("project.qde"))
    ns = {"q": PROJECT_NS}
    assert doc.xpath("//q:CodeBook/q:Codes/q:Code[@name='Werkdruk']/q:Code/@name", namespaces=ns) == ["Geen tijd"]
    assert doc.xpath("//q:Variable/@name", namespaces=ns) == ["group", "role", "language"]


def _nvivo(tmp_path):
    folder = ROOT / "tests" / "fixtures" / "refi" / "nvivo"
    out = tmp_path / "nvivo.qdpx"
    with zipfile.ZipFile(out, "w") as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(folder).as_posix())
    return out


def test_round_trip_gives_the_same_loops(exported):
    from click.testing import CliRunner

    from culturemap.cli import main

    tmp, _, _ = exported
    before = CliRunner().invoke(main, ["loops", str(INTERVIEWS)])
    after = CliRunner().invoke(main, ["loops", str(tmp / "back")])
    assert before.exit_code == after.exit_code == 0
    assert after.output == before.output and "R1" in before.output


def test_export_command_writes_qdpx_and_says_it_holds_names(tmp_path):
    from click.testing import CliRunner

    from culturemap.cli import main

    eng = tmp_path / "eng"
    shutil.copytree(INTERVIEWS, eng, ignore=shutil.ignore_patterns("out"))
    result = CliRunner().invoke(main, ["export", str(eng), "--format", "qdpx", "--format", "qdc",
                                       "--out", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x" / "engagement.qdpx").is_file() and (tmp_path / "x" / "codebook.qdc").is_file()
    assert result.output.splitlines()[-1] == f"Note: {NOTICE}"
    back = import_refi(tmp_path / "back", tmp_path / "x" / "engagement.qdpx")
    assert back is not None and _accepted(tmp_path / "back") == _accepted(eng)


def test_all_never_writes_the_qdpx_with_names():
    from culturemap.export.formats import expand_formats

    names = expand_formats(["all"])
    assert "qdpx" not in names and "qdc" not in names and "pptx" in names
