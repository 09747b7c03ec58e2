"""Issue 13, "Leaks" (items 1-6), and issue 9 item 7: each reproduced failure as a named test.

One engagement holds every way a name reached an export: file names that are names (``jan-de-vries.md``,
``tbakker.md``), a group below the anonymity threshold, listed names in the forms the redactor missed,
a Teams "Last, First" voice, names in what the consultant typed (codebook label, title, organisation,
session.yaml, links.csv notes) and a colleague nobody listed. Every export is scanned for all of them.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturemap.cli import main
from culturemap.export.diagram import graphviz_available
from culturemap.privacy.redact import Redactor

CODEBOOK = """\
version: 1
language: nl
codes:
  - id: workload
    label: {nl: Werkdruk, en: Workload}
    kind: outcome
    effect: hindering
    patterns: {nl: [hoge werkdruk], en: [high workload]}
  - id: pass-on
    label: {nl: Klant doorschuiven, en: Passing customers on}
    kind: behaviour
    effect: hindering
    patterns: {nl: [klant doorschuiven], en: [pass the customer on]}
  - id: complaints
    label: {nl: Klachten van Henk, en: Complaints of Henk}
    kind: outcome
    effect: hindering
    patterns: {nl: [klachten], en: [complaints]}
"""

SETTINGS = """\
language: nl
title: "Cultuurkaart voor Henk"
organisation: "Team Sanne"
anonymity_threshold: 2
redact: [Henk, Sanne, Özlem, Chloé, "O'Brien", Tom Bakker]
allow: []
"""

# item 1: the file name is the interviewee's name; item 2: listed names in every form the redactor missed
JAN = """\
---
name: Jan de Vries
group: klantcontact
---
Interviewer: Hoe gaat het?

Jan: [Henk] zegt dat er veel klachten komen. Henks team krijgt klachten. Sannes klanten hebben klachten.
Jantje had ook klachten. Ozlem had klachten. Chloe had klachten. O\u2019Brien had klachten.
Sa\u200bnne had klachten. San\u00adne had klachten. Mail jan.devries@kwartelhof.nl over de klachten.
Er kwamen klachten [gelach Sanne] binnen.
"""

# item 6: a colleague nobody listed
KC02 = """\
---
group: klantcontact
---
Interviewer: Hoe gaat het?

Anouk: Door de hoge werkdruk schuiven we de klant door, zegt Karin altijd.
"""

# item 1: a group of one (below anonymity_threshold 2)
HR01 = """\
---
group: hr
---
Interviewer: En bij HR?

Ilse: Er komen klachten omdat we de klant doorschuiven.
"""

# item 1: an initial and a listed surname as the file name
TBAKKER = """\
---
name: Tom Bakker
group: klantcontact
---
Interviewer: Hoe gaat het?

Tom: Door de hoge werkdruk komen er klachten.
"""

# item 3: Teams voices "Last, First (Organisation)"
TEAMS = """\
WEBVTT

00:00:01.000 --> 00:00:04.000
<v Interviewer>Wat valt je op?

00:00:05.000 --> 00:00:09.000
<v Mulder, Dennis (Kwartelhof)>Door de hoge werkdruk komen er klachten, zegt Mulder zelf.

00:00:10.000 --> 00:00:14.000
<v Janssen, Petra>Er komen klachten, Janssen en Dennis weten dat.
"""

LINKS = """\
cause,effect,sign,note
workload,complaints,+,volgens Henk en Sanne
"""

SESSION = """\
version: 1
beliefs:
  workload:
    recognised: ja
    note: "Herkend door Henk"
    actions:
      - what: "Sanne haalt de werkdruk weg"
        who: "Henk en Sanne"
        perspective: leaders
        direction: reduce
"""

#: what must never appear in an export: every name in every form, and every interview id
LEAKS = ("Jan", "Vries", "devries", "Henk", "Henks", "Sanne", "Sannes", "Jantje", "Ozlem", "Chloe", "O'Brien",
         "Tom", "Bakker", "tbakker", "Mulder", "Dennis", "Janssen", "Petra", "Karin", "Anouk", "Ilse",
         "jan-de-vries", "kc-02", "hr-01", "kc-03")


def make_project(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "culturemap.yaml").write_text(SETTINGS, encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "jan-de-vries.md").write_text(JAN, encoding="utf-8")
    (root / "kc-02.md").write_text(KC02, encoding="utf-8")
    (root / "hr-01.md").write_text(HR01, encoding="utf-8")
    (root / "tbakker.md").write_text(TBAKKER, encoding="utf-8")
    (root / "kc-03.vtt").write_text(TEAMS, encoding="utf-8")
    (root / "kc-03.vtt.yaml").write_text("group: klantcontact\nlanguage: nl\n", encoding="utf-8")
    (root / "links.csv").write_text(LINKS, encoding="utf-8")
    (root / "session.yaml").write_text(SESSION, encoding="utf-8")
    return root


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def _plain(text: str) -> str:
    """Accents, invisible characters and curly apostrophes taken out, so no form of a name hides."""
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text).replace("\u2019", "'")


LEAK_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(LEAKS, key=len, reverse=True))
                     + r")(?![\w-])", re.IGNORECASE)


def _texts(path: Path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                raw = z.read(member).decode("utf-8", errors="ignore")
                yield f"{path.name}!{member}", raw
                if member.endswith((".xml", ".rels")):
                    yield f"{path.name}!{member} (text)", re.sub(r"<[^>]+>", "", raw)
    elif path.suffix.lower() == ".pdf":
        if shutil.which("pdftotext"):
            yield path.name, subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                            check=True).stdout
    elif path.suffix.lower() == ".png":
        yield path.name, "".join(_png_text(path.read_bytes()))      # compressed pixels are no text
    else:
        yield path.name, path.read_bytes().decode("utf-8")


def _png_text(data: bytes):
    """The text chunks (tEXt, iTXt) of a PNG: the only place a PNG carries words."""
    import struct

    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind in (b"tEXt", b"iTXt"):
            yield data[pos + 8:pos + 8 + length].decode("latin-1")
        pos += 12 + length


def leaks_in(folder: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for where, text in _texts(path):
            plain = _plain(text)
            out.extend((where, plain[max(0, m.start() - 30):m.end() + 30]) for m in LEAK_RE.finditer(plain))
    return out


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def eng(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("leaks") / "eng")
    tagged = invoke("tag", root)
    assert tagged.exit_code == 0, tagged.output
    accepted = invoke("review", root, "--accept-all")
    assert accepted.exit_code == 0, accepted.output
    formats = ["all"] if graphviz_available() else ["dot", "graphml", "gexf", "json", "mermaid", "kumu", "csv"]
    export = invoke("export", root, *sum((["--format", f] for f in formats), []), "--out", root / "export-all")
    assert export.exit_code == 0, export.output
    return root, export.output


def test_the_project_really_carries_the_names_into_its_codings(eng):
    """The scans below only mean something if the accepted quotes and ids did hold every leak."""
    root, _ = eng
    seen = set()
    for path in (p for p in (root / "codings").glob("*.json") if not p.name.startswith(".")):
        data = json.loads(path.read_text(encoding="utf-8"))
        seen.add(path.stem.lower())
        for item in data["tags"]:
            seen |= {m.group().lower() for m in LEAK_RE.finditer(_plain(item["text"] + " " + item["speaker"]))}
    assert {"jan-de-vries", "tbakker", "hr-01", "henk", "henks", "sannes", "jantje", "ozlem", "chloe",
            "o'brien", "sanne", "mulder", "janssen", "dennis", "karin", "jan"} <= seen


# ---------------------------------------------------------------- item 1: ids are names

def test_leak1_interview_ids_never_reach_tags_links_map_json_graphml_gexf_kumu_mermaid(eng):
    root, _ = eng
    out = root / "export-all"
    for name in ("tags.csv", "links.csv", "map.json", "map.graphml", "map.gexf", "map.kumu.json", "map.mmd"):
        text = (out / name).read_text(encoding="utf-8")
        for iid in ("jan-de-vries", "tbakker", "hr-01", "kc-02", "kc-03"):
            assert iid not in text, (name, iid)
    rows = read_csv(out / "tags.csv")
    assert {r["interview"] for r in rows} == {"I01", "I02", "I03", "I04", "I05"}
    assert all(r["speaker"].split(" \u00b7 ")[0] == r["interview"] for r in rows)
    nodes = json.loads((out / "map.json").read_text(encoding="utf-8"))["nodes"]
    assert {i for n in nodes for i in n["interviews"]} <= {"I01", "I02", "I03", "I04", "I05"}


def test_leak1_a_small_group_is_hidden_in_every_field_of_tags_csv_and_graphml(eng):
    root, _ = eng
    out = root / "export-all"
    hr_rows = [r for r in read_csv(out / "tags.csv") if r["interview"] == "I01"]     # hr-01 sorts first
    assert hr_rows and all(r["speaker"] == "I01" for r in hr_rows)                # no group, no id
    graphml = (out / "map.graphml").read_text(encoding="utf-8")
    assert "hr-01" not in graphml and '"hr"' not in graphml


def test_leak1_privacy_check_flags_name_like_ids_also_an_initial_and_listed_surname(eng):
    root, _ = eng
    result = invoke("privacy-check", root)
    lines = [line for line in result.output.splitlines() if " interview-id " in f" {line} "]
    flagged = {iid for iid in ("jan-de-vries", "tbakker", "kc-02", "kc-03", "hr-01")
               if any(f"'{iid}'" in line for line in lines)}
    assert flagged == {"jan-de-vries", "tbakker"}
    assert result.exit_code == 1


def test_leak1_a_group_holding_a_listed_name_reaches_no_export(tmp_path):
    root = tmp_path / "eng"
    root.mkdir()
    (root / "culturemap.yaml").write_text("language: nl\nanonymity_threshold: 1\nredact: [Henk]\n"
                                          "groups: {team-henk: Team Henk}\n", encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "kc-01.md").write_text("---\ngroup: team-henk\nrole: assistent van Henk\n---\nInterviewer: En?\n\n"
                                   "Anouk: Door de hoge werkdruk komen er klachten.\n", encoding="utf-8")
    assert invoke("tag", root).exit_code == 0
    assert invoke("review", root, "--accept-all").exit_code == 0
    result = invoke("export", root, "--format", "csv", "--format", "json", "--format", "graphml", "--out", root / "out")
    assert result.exit_code == 0, result.output
    for path in (root / "out").iterdir():
        assert "henk" not in path.read_text(encoding="utf-8").lower(), path.name
    assert {r["speaker"] for r in read_csv(root / "out" / "tags.csv")} == {"I01 \u00b7 team-[naam]"}


# ---------------------------------------------------------------- item 2: the redactor's blind spots

@pytest.mark.parametrize("text, expected", [
    ("Toen zei [Henk] het.", "Toen zei [naam] het."),
    ("Er kwamen klachten [gelach Sanne] binnen.", "Er kwamen klachten [gelach [naam]] binnen."),
    ("Henks team en Sannes klanten.", "[naam] team en [naam] klanten."),
    ("Jantje en Henkje.", "[naam] en [naam]."),
    ("Ozlem en Chloe.", "[naam] en [naam]."),
    ("O\u2019Brien belde.", "[naam] belde."),
    ("Sa\u200bnne en San\u00adne.", "[naam] en [naam]."),
    ("Mail jan.devries@kwartelhof.nl maar.", "Mail [naam] maar."),
    ("Henkie en \uff28\uff45\uff4e\uff4b en He\u200enk.", "[naam] en [naam] en [naam]."),   # nickname, full-width, bidi mark
])
def test_leak2_listed_names_are_redacted_in_every_form(text, expected):
    r = Redactor(["Henk", "Sanne", "Jan", "Özlem", "Chloé", "O'Brien"])
    assert r.redact(text, "nl") == expected


def test_leak2_english_possessive_without_apostrophe_is_not_a_dutch_ending():
    assert Redactor(["Peter"]).redact("Peters idea, Peter's idea", "en") == "Peters idea, [name]'s idea"


def test_leak2_no_form_of_a_listed_name_reaches_any_export(eng):
    root, _ = eng
    assert leaks_in(root / "export-all") == []


# ---------------------------------------------------------------- item 3: Teams "Last, First"

def test_leak3_teams_last_first_voices_lose_the_surname_too():
    r = Redactor(["Mulder, Dennis (Kwartelhof)", "Janssen, Petra"])
    assert r.redact("Mulder zei het, Dennis Mulder ook; Petra Janssen en Janssen, Petra.", "nl") == (
        "[naam] zei het, [naam] ook; [naam] en [naam].")
    assert r.redact("Kwartelhof", "nl") == "Kwartelhof"              # the organisation is not a name


def test_leak3_teams_transcript_surnames_reach_no_csv_row(eng):
    root, _ = eng
    rows = read_csv(root / "export-all" / "tags.csv")
    teams = sorted({r["text"] for r in rows if "werkdruk" in r["text"] and "zelf" in r["text"]})
    assert teams == ["Door de hoge werkdruk komen er klachten, zegt [naam] zelf."]
    assert not any(re.search(r"Mulder|Janssen|Dennis|Petra", r["text"]) for r in rows)


# ---------------------------------------------------------------- item 4: what the consultant types

@pytest.mark.skipif(not graphviz_available(), reason="report, deck and SVG need Graphviz")
def test_leak4_title_organisation_and_code_labels_are_redacted_in_report_deck_and_svg(eng):
    root, _ = eng
    out = root / "export-all"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Cultuurkaart voor [naam]" in html and "Team [naam]" in html
    assert "Klachten van [naam]" in html
    svg = (out / "map.svg").read_text(encoding="utf-8")
    assert "Cultuurkaart voor [naam]" in svg and "Henk" not in svg
    with zipfile.ZipFile(out / "deck.pptx") as z:
        slide1 = z.read("ppt/slides/slide1.xml").decode("utf-8")
    assert "[naam]" in slide1 and "Henk" not in slide1 and "Sanne" not in slide1


def test_leak4_session_who_and_note_and_links_csv_notes_are_redacted(eng):
    root, _ = eng
    out = root / "export-all"
    hand = [r for r in read_csv(out / "links.csv") if r["origin"] == "hand"]
    assert [r["text"] for r in hand] == ["volgens [naam] en [naam]"]
    if graphviz_available():
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "Herkend door [naam]" in html and "[naam] haalt de werkdruk weg" in html


# ---------------------------------------------------------------- item 5: privacy-check

def test_leak5_privacy_check_finds_surnames_that_are_words_after_a_title(tmp_path):
    from culturemap.privacy.candidates import capitalised_candidates

    text = ("Toen zei meneer Bakker dat mevrouw Visser belde, met collega De Jong, de heer Groot, "
            "meneer Kok en mevrouw Bos erbij. Ik ging naar de bakker in het bos.")
    assert [name for name, _, _ in capitalised_candidates(text, "nl")] == [
        "Bakker", "Visser", "De Jong", "Groot", "Kok", "Bos"]


def test_leak5_a_zero_width_name_is_reported_whole_so_redact_can_fix_it():
    from culturemap.privacy.candidates import capitalised_candidates

    found = capitalised_candidates("Toen belde Ka\u200brin op.", "nl")
    assert [name for name, _, _ in found] == ["Karin"]
    assert Redactor(["Karin"]).redact("Toen belde Ka\u200brin op.", "nl") == "Toen belde [naam] op."


def test_leak5_privacy_check_command_reports_a_title_surname(tmp_path):
    root = tmp_path / "eng"
    root.mkdir()
    (root / "culturemap.yaml").write_text("language: nl\nanonymity_threshold: 1\n", encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "kc-01.md").write_text("Interviewer: Hoe gaat het?\n\nAnouk: Er komen klachten, zegt meneer "
                                   "Bakker.\n", encoding="utf-8")
    assert invoke("tag", root).exit_code == 0
    result = invoke("privacy-check", root)
    assert result.exit_code == 1
    assert any(line.split()[:2] == ["Bakker", "unlisted"] for line in result.output.splitlines())


# ---------------------------------------------------------------- item 6: fail safe

def test_leak6_export_redacts_an_unlisted_name_and_says_how_to_allow_it(eng):
    root, output = eng
    assert "Karin" not in (root / "export-all" / "tags.csv").read_text(encoding="utf-8")
    warning = [line for line in output.splitlines() if line.startswith("Warning: ")]
    assert len(warning) == 1 and "Karin" in warning[0] and "'allow:'" in warning[0] and warning[0].endswith("[W601]")


def test_leak6_run_redacts_unlisted_names_and_allow_shows_the_word_again(eng, tmp_path):
    root, _ = eng
    copy = tmp_path / "eng"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("export-all"))
    formats = ["csv"]
    run = invoke("export", copy, "--format", *formats, "--out", copy / "a")
    assert run.exit_code == 0 and "Karin" in run.output
    if graphviz_available():
        full = invoke("run", copy, "--out", copy / "run-out")
        assert full.exit_code == 0, full.output
        assert "Warning: " in full.output and "Karin" in full.output.split("Warning: ", 1)[1]
        assert not [hit for hit in leaks_in(copy / "run-out") if "karin" in hit[1].lower()]
    settings = (copy / "culturemap.yaml").read_text(encoding="utf-8").replace("allow: []", "allow: [Karin]")
    (copy / "culturemap.yaml").write_text(settings, encoding="utf-8")
    allowed = invoke("export", copy, "--format", "csv", "--out", copy / "b")
    assert allowed.exit_code == 0 and "Warning:" not in allowed.output
    assert "zegt Karin altijd" in (copy / "b" / "tags.csv").read_text(encoding="utf-8")


# ---------------------------------------------------------------- issue 9 item 7

def test_issue9_item7_export_csv_right_after_tag_writes_open_suggestions(tmp_path):
    root = tmp_path / "eng"
    root.mkdir()
    (root / "culturemap.yaml").write_text("language: nl\nanonymity_threshold: 1\n", encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "kc-01.md").write_text("Interviewer: Hoe gaat het?\n\nAnouk: Door de hoge werkdruk komen er "
                                   "klachten.\n", encoding="utf-8")
    assert invoke("tag", root).exit_code == 0
    result = invoke("export", root, "--format", "csv", "--out", root / "out")
    assert result.exit_code == 0, result.output
    rows = read_csv(root / "out" / "tags.csv")
    assert rows and {r["status"] for r in rows} == {"suggested"}
    assert {r["code"] for r in rows} == {"workload", "complaints"}
    before_review = invoke("export", root, "--format", "json", "--out", root / "out")
    assert before_review.exit_code == 1 and "[E401]" in before_review.output     # the map still needs decisions
