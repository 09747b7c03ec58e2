"""culturemap import: REFI-QDA projects (.qdpx) and codebooks (.qdc) from ATLAS.ti, NVivo, MAXQDA, QualCoder.

The NVivo-, MAXQDA- and QualCoder-style projects are folders in tests/fixtures/refi (written by
make_fixtures.py there) that each test zips into a .qdpx; the real ATLAS.ti 8.4 export is read from
../shared/refi-qda and the tests that need it skip when it is absent.
"""
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.coding.codebook import load_codebook
from culturemap.errors import ExchangeError, ProjectError
from culturemap.ingest import load_transcripts
from culturemap.refi import qdpx
from culturemap.refi.importer import import_refi
from culturemap.review.handlinks import read_hand_links
from culturemap.store import load_all_codings

FIXTURES = Path(__file__).parent / "fixtures" / "refi"
ATLAS = Path(__file__).resolve().parents[2] / "shared" / "refi-qda" / "atlasti-8.4-sample" / "TestProject.qdpx"
needs_atlas = pytest.mark.skipif(not ATLAS.is_file(), reason=f"the real ATLAS.ti sample is not at {ATLAS}")


def make_qdpx(tmp_path: Path, tool: str, *, replace: dict | None = None, extra: dict | None = None) -> Path:
    """Zip a fixture folder into <tmp>/<tool>.qdpx; ``replace`` rewrites text in the .qde, ``extra`` adds members."""
    folder = FIXTURES / tool
    out = tmp_path / f"{tool}.qdpx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if path.suffix == ".qde":
                    for old, new in (replace or {}).items():
                        assert old.encode() in data, old
                        data = data.replace(old.encode(), new.encode())
                z.writestr(path.relative_to(folder).as_posix(), data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def tags_of(root: Path) -> dict[str, list[tuple]]:
    return {iid: [(t.code, t.text, t.status, t.origin) for t in c.tags] for iid, c in load_all_codings(root).items()}


# ---------------------------------------------------------------- the real ATLAS.ti export

@needs_atlas
def test_atlas_sample_missing_sources_is_a_clear_error_and_writes_nothing(tmp_path):
    target = tmp_path / "eng"
    with pytest.raises(ExchangeError) as err:
        import_refi(target, ATLAS)
    message = str(err.value)
    assert err.value.code == "E704"
    assert message.startswith(f"{ATLAS}: 6 text source(s) are missing from the archive: ")
    assert "'Mabel.txt' (sources/B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt is not in the archive)" in message
    assert "--skip-missing" in message
    assert not target.exists() and leftovers(tmp_path) == []


@needs_atlas
def test_atlas_sample_with_skip_missing_imports_the_codebook_and_says_what_it_skipped(tmp_path):
    result = import_refi(tmp_path / "eng", ATLAS, skip_missing=True)
    codebook = load_codebook(tmp_path / "eng" / "codebook.yaml")
    assert len(codebook.codes) == 14 and result.codes == 14
    diet = codebook.get("coke--diet-coke")
    assert diet is not None and diet.label == "Coke / diet Coke" and diet.description == "non sucré"
    assert (diet.kind, diet.effect) == ("belief", "ambivalent") and "coke--diet-coke" in result.defaulted
    assert codebook.get("rushed") is not None                 # '"rushed"' made a slug
    assert result.interviews == () and load_all_codings(tmp_path / "eng") == {}
    reasons = [i.message for i in result.skipped]
    assert sum("its text is not in the archive" in r for r in reasons) == 6
    assert "skipped source 'Kellogg's Passion for Nutrition.pdf': it is not a text source (PDF); culturemap reads text sources." in reasons
    assert any(r.startswith("skipped link 'Memo-Quotation Relation': it is not marked causal") for r in reasons)


# ---------------------------------------------------------------- NVivo style: Project.qde, Sources/, BOM + CRLF

def test_nvivo_style_project_becomes_transcripts_codebook_and_accepted_tags(tmp_path):
    root = tmp_path / "eng"
    result = import_refi(root, make_qdpx(tmp_path, "nvivo"))
    assert result.interviews == ("Bas", "Interview-Anna-klantcontact")
    transcripts, issues = load_transcripts(root)
    assert [i for i in issues if i.level == "error"] == []
    anna = next(t for t in transcripts if t.id == "Interview-Anna-klantcontact")
    assert "\r" not in anna.text and not anna.text.startswith("\ufeff")
    assert (anna.group, anna.role, anna.language) == ("klantcontact", "klantadviseur", "nl")
    assert [s.speaker for s in anna.segments] == ["Interviewer", "Anna", "Interviewer", "Anna"]
    assert [s.is_interviewer for s in anna.segments] == [True, False, True, False]
    tags = tags_of(root)
    assert tags["Interview-Anna-klantcontact"] == [
        ("klant-centraal", "Bij ons staat de klant echt centraal.", "accepted", "import"),
        ("werkdruk", "Maar de werkdruk is enorm hoog.", "accepted", "import"),
        ("werkdruk", "Daardoor hebben we geen tijd voor de klant.", "accepted", "import"),
        ("werkdruk--geen-tijd", "Daardoor hebben we geen tijd voor de klant.", "accepted", "import"),
        ("elkaar-helpen", "We helpen elkaar altijd, dat is mooi.", "accepted", "import"),
    ]
    helpen = next(t for t in load_all_codings(root)["Interview-Anna-klantcontact"].tags if t.code == "elkaar-helpen")
    assert anna.text[slice(*helpen.spans[0])] == "We helpen elkaar altijd"        # the imported span is kept
    assert tags["Bas"] == [("silos", "We werken hier echt in silo's.", "accepted", "import")]
    codebook = load_codebook(root / "codebook.yaml")
    assert codebook.get("werkdruk--geen-tijd").label == "Werkdruk / Geen tijd"
    assert (codebook.get("klant-centraal").kind, codebook.get("klant-centraal").effect) == ("belief", "enabling")
    assert "klant-centraal" not in result.defaulted and "werkdruk" in result.defaulted
    messages = [i.message for i in result.skipped]
    assert "skipped source 'Klantreis.pdf': it is not a text source (PDF); culturemap reads text sources." in messages
    assert "skipped case variable 'Gender': it names no group, role, language, name, date or interviewer." in messages


# ---------------------------------------------------------------- MAXQDA style: project.qde, sources/, LF positions

def test_maxqda_style_positions_counting_line_endings_once_and_a_selection_beyond_the_text(tmp_path):
    root = tmp_path / "eng"
    result = import_refi(root, make_qdpx(tmp_path, "maxqda"), colours={"#DC0000": "hindering"})
    assert tags_of(root)["Karin"] == [
        ("alleen-cijfers-tellen", "Alleen de cijfers tellen hier, de afhandeltijd vooral.", "accepted", "import"),
        ("angst-voor-fouten", "Daarom durft niemand een fout te maken.", "accepted", "import"),
        ("leiding-geeft-voorbeeld", "Mijn manager belt zelf klanten terug, dat vind ik sterk.", "accepted", "import"),
    ]
    assert [i.message for i in result.skipped] == [
        "skipped selection 400-450 of 'Karin': positions 400-450 lie beyond the end of the text (240 characters); "
        "not anchored (1 coding(s))."]
    karin = load_transcripts(root)[0][0]
    assert (karin.group, karin.role) == ("klantcontact", "teamleider")
    codebook = load_codebook(root / "codebook.yaml")
    assert codebook.get("angst-voor-fouten").effect == "hindering"            # from the colour mapping
    assert codebook.get("leiding-geeft-voorbeeld").effect == "ambivalent"     # no mapping: the default, to check
    assert result.defaulted == ("alleen-cijfers-tellen", "angst-voor-fouten", "leiding-geeft-voorbeeld")


# ---------------------------------------------------------------- QualCoder style: inline source, links, shifted selection

def test_qualcoder_style_links_inline_source_and_shifted_selection(tmp_path):
    root = tmp_path / "eng"
    result = import_refi(root, make_qdpx(tmp_path, "qualcoder"))
    assert result.interviews == ("Notities-teamoverleg", "joost")
    assert (root / "Notities-teamoverleg.txt").read_text(encoding="utf-8").startswith("Korte notitie zonder sprekers")
    assert tags_of(root)["Notities-teamoverleg"] == [
        ("silo--doorschuiven", "Korte notitie zonder sprekers: klanten worden van het kastje naar de muur gestuurd.",
         "accepted", "import")]
    codes = [t[0] for t in tags_of(root)["joost"]]
    assert "silo" not in codes                          # its selection is shifted off its quote: not anchored
    assert any("the text at positions 80-126 is not its quote 'Klachten worden doorgezet" in i.message
               for i in result.skipped)
    links = load_all_codings(root)["joost"].links
    assert [(l.cause, l.effect, l.sign, l.status, l.origin, l.text) for l in links] == [
        ("silo--doorschuiven", "klant-belt-opnieuw", "+", "accepted", "import",
         "Omdat iedereen de melding doorschuift, belt de klant drie keer.")]
    hand = read_hand_links(root, load_codebook(root / "codebook.yaml"))
    assert [(l.cause, l.effect, l.sign) for l in hand] == [("geen-eigenaarschap", "silo", "+")]
    assert any(i.message.startswith("skipped link 'is associated with': it is not marked causal; pass --causal")
               for i in result.skipped)


def test_a_negative_link_name_gives_sign_minus(tmp_path):
    root = tmp_path / "eng"
    import_refi(root, make_qdpx(tmp_path, "qualcoder", replace={'name="leads to"': 'name="reduces"'}))
    assert [(l.cause, l.effect, l.sign) for l in load_all_codings(root)["joost"].links] == [
        ("silo--doorschuiven", "klant-belt-opnieuw", "-")]


def test_a_link_name_mapped_as_causal_becomes_a_link(tmp_path):
    root = tmp_path / "eng"
    result = import_refi(root, make_qdpx(tmp_path, "qualcoder"), causal=("is associated with",))
    hand = read_hand_links(root, load_codebook(root / "codebook.yaml"))
    assert ("silo", "klant-belt-opnieuw", "+") in [(l.cause, l.effect, l.sign) for l in hand]
    assert result.hand_links == 2


# ---------------------------------------------------------------- .qdc

QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">
  <Codes>
    <Code guid="11111111-2222-3333-4444-555555555555" name="Silodenken" isCodable="true">
      <Description>Teams werken langs elkaar heen.
kind: belief
effect: hindering</Description>
      <Code guid="11111111-2222-3333-4444-666666666666" name="Over de muur gooien" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>
"""


def test_qdc_gives_the_codebook_only(tmp_path):
    source = tmp_path / "codes.qdc"
    source.write_text(QDC, encoding="utf-8")
    result = import_refi(tmp_path / "eng", source, language="en")
    codebook = load_codebook(tmp_path / "eng" / "codebook.yaml")
    assert [(c.id, c.label, c.kind, c.effect) for c in codebook.codes] == [
        ("silodenken", "Silodenken", "belief", "hindering"),
        ("silodenken--over-de-muur-gooien", "Silodenken / Over de muur gooien", "belief", "ambivalent")]
    assert codebook.language == "en" and result.codebook_only and result.defaulted == ("silodenken--over-de-muur-gooien",)
    assert load_transcripts(tmp_path / "eng")[0] == ()


# ---------------------------------------------------------------- broken and hostile files: coded errors, nothing written

@pytest.mark.parametrize("make, code, words", [
    (lambda t: make_qdpx(t, "qualcoder", replace={"</Project>": "</Projec>"}), "E702",
     "project.qde is not valid XML: "),
    (lambda t: make_qdpx(t, "qualcoder", replace={"urn:QDA-XML:project:1.0": "urn:QDA-XML:project:2.0"}), "E703",
     "project.qde uses the unknown schema version 'urn:QDA-XML:project:2.0'"),
    (lambda t: make_qdpx(t, "qualcoder", extra={"../../evil.txt": "x"}), "E705", "'../../evil.txt' points outside the archive"),
    (lambda t: make_qdpx(t, "qualcoder", replace={"internal://joost.txt": "internal://../../etc/passwd"}), "E705",
     "'internal://../../etc/passwd' points outside the archive"),
    (lambda t: make_qdpx(t, "qualcoder", replace={"internal://joost.txt": "internal://gone.txt"}), "E704",
     "1 text source(s) are missing from the archive: 'joost.txt' (sources/gone.txt is not in the archive)"),
])
def test_broken_projects_give_a_coded_error_naming_the_file(tmp_path, make, code, words):
    source = make(tmp_path)
    with pytest.raises(ExchangeError) as err:
        import_refi(tmp_path / "eng", source)
    assert err.value.code == code and str(err.value).startswith(f"{source}: ") and words in str(err.value)
    assert not (tmp_path / "eng").exists() and leftovers(tmp_path) == []


def test_not_a_zip_and_no_project_qde(tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"bad.qdpx: is not a REFI-QDA project: it is not a zip archive .*\[E701\]"):
        import_refi(tmp_path / "eng", bad)
    empty = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("sources/a.txt", "x")
    with pytest.raises(ExchangeError, match=r"empty.qdpx: has no project.qde inside.*\[E707\]"):
        import_refi(tmp_path / "eng", empty)


def test_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    source = make_qdpx(tmp_path, "qualcoder", extra={"sources/big.txt": "0" * 200_000})
    monkeypatch.setattr(qdpx, "MAX_TOTAL", 100_000)
    with pytest.raises(ExchangeError) as err:
        import_refi(tmp_path / "eng", source)
    assert err.value.code == "E706" and "looks like a zip bomb" in str(err.value)
    assert not (tmp_path / "eng").exists()


def test_xml_entity_declarations_are_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-2222-3333-4444-555555555555" '
            'name="&lol2;" isCodable="true"/></Codes></CodeBook>')
    source = tmp_path / "lol.qdc"
    source.write_text(bomb, encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"lol.qdc: the codebook is not valid XML: it declares a DOCTYPE .*\[E702\]"):
        qdpx.read_refi(source)


def test_a_failure_while_writing_leaves_no_half_written_engagement(tmp_path, monkeypatch):
    import culturemap.store

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(culturemap.store, "save_codings", broken)
    with pytest.raises(OSError):
        import_refi(tmp_path / "eng", make_qdpx(tmp_path, "nvivo"))
    assert not (tmp_path / "eng").exists() and leftovers(tmp_path) == []


def test_target_folder_rules(tmp_path):
    source = make_qdpx(tmp_path, "nvivo")
    (tmp_path / "empty").mkdir()
    assert import_refi(tmp_path / "empty", source).interviews      # an empty folder is fine
    with pytest.raises(ProjectError, match=r"E004"):
        import_refi(tmp_path / "empty", source)                      # now an engagement: never overwritten
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"busy: is not empty and holds no engagement.*\[E708\]"):
        import_refi(tmp_path / "busy", source)
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]


# ---------------------------------------------------------------- the command

def test_import_command_prints_what_it_imported_and_skipped(tmp_path):
    source = make_qdpx(tmp_path, "qualcoder")
    target = tmp_path / "eng"
    result = CliRunner().invoke(main, ["import", str(target), str(source)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:6] == [
        f"Imported qualcoder.qdpx (QualCoder 3.5 (style fixture)) into {target}:",
        "  2 sources as transcripts: Notities-teamoverleg, joost",
        "  4 codes in codebook.yaml",
        "  4 codings as accepted tags (origin import)",
        "  1 link in the interviews, 1 code-to-code link in links.csv",
        "Skipped 2:",
    ]
    assert lines[-2] == (f"Check kind and effect of 4 codes marked '# check' in {target / 'codebook.yaml'}: "
                         "silo, silo--doorschuiven, klant-belt-opnieuw, geen-eigenaarschap")
    assert lines[-1] == f"Next: culturemap run {target}  (or culturemap tag {target} to add the tagger's suggestions)"
    assert json.loads((target / "codings" / "joost.json").read_text(encoding="utf-8"))["interview"] == "joost"


@needs_atlas
def test_import_command_error_is_one_line_without_traceback(tmp_path):
    result = CliRunner().invoke(main, ["import", str(tmp_path / "eng"), str(ATLAS)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {ATLAS}: 6 text source(s) are missing") and result.output.endswith("[E704]\n")
    assert "Traceback" not in result.output and not (tmp_path / "eng").exists()


def test_import_command_rejects_a_bad_colour_mapping(tmp_path):
    result = CliRunner().invoke(main, ["import", str(tmp_path / "eng"), str(make_qdpx(tmp_path, "maxqda")),
                                       "--colour", "red"])
    assert result.exit_code == 1
    assert result.output == ("Error: 'red' is not a valid colour mapping. Use e.g. '#DC0000=hindering' "
                             "(effects: enabling, hindering, ambivalent). [E709]\n")


def test_positions_in_utf16_code_units_are_recognised(tmp_path):
    text = "Interviewer: En?\n\nSanne: Top \U0001F44D echt. Maar de klant staat nooit centraal hier.\n"
    quote = "Maar de klant staat nooit centraal hier."
    start = len(text[: text.index(quote)].encode("utf-16-le")) // 2        # the emoji counts twice
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="emoji" origin="a .NET tool">
  <CodeBook><Codes><Code guid="11111111-2222-3333-4444-555555555555" name="Klant centraal" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="11111111-2222-3333-4444-666666666666" name="sanne" plainTextPath="internal://sanne.txt">
      <PlainTextSelection guid="11111111-2222-3333-4444-777777777777" name="{quote}" startPosition="{start}" endPosition="{start + len(quote)}">
        <Coding guid="11111111-2222-3333-4444-888888888888"><CodeRef targetGUID="11111111-2222-3333-4444-555555555555"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""
    source = tmp_path / "emoji.qdpx"
    with zipfile.ZipFile(source, "w") as z:
        z.writestr("project.qde", xml)
        z.writestr("sources/sanne.txt", text.encode("utf-8"))
    import_refi(tmp_path / "eng", source)
    assert tags_of(tmp_path / "eng")["sanne"] == [("klant-centraal", quote, "accepted", "import")]


def test_a_relative_source_path_is_found_in_the_archive_by_its_name(tmp_path):
    source = make_qdpx(tmp_path, "qualcoder", replace={"internal://joost.txt": "relative://joost.txt"})
    assert "joost" in import_refi(tmp_path / "eng", source).interviews
