"""Property-based tests (hypothesis): random input never crashes a parser with anything but a
CulturemapError, the tagger never crashes and its offsets always point at its quotes, and redaction never
lets a listed name through.

Gaps filled here (tests/test_ingest.py and tests/test_handlinks.py already feed random text, front matter,
sidecars, cues, bytes and damaged .docx to ``read_transcript`` and random text to ``parse_hand_links``):
random codebooks, random settings, random links.csv bytes and rows through ``read_hand_links``, whole
folders of random files, the tagger, the redactor and privacy-check's candidate finder.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from culturemap.coding.codebook import parse_codebook
from culturemap.coding.tagging import suggest
from culturemap.errors import CulturemapError, ProjectError, StoreError
from culturemap.ingest import load_transcripts, read_transcript
from culturemap.models import EFFECTS, KINDS, Segment, Transcript
from culturemap.privacy.check import capitalised_candidates
from culturemap.privacy.redact import Redactor
from culturemap.project import Settings
from culturemap.review.handlinks import read_hand_links

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CODEBOOK = parse_codebook("""\
version: 1
language: nl
codes:
  - {id: workload, label: Werkdruk, kind: outcome, effect: hindering, patterns: {nl: [hoge werkdruk, geen tijd], en: [high workload, no time]}}
  - {id: pass-on, label: Doorschuiven, kind: behaviour, effect: hindering, patterns: {nl: [klant doorschuiven], en: [pass the customer on]}}
  - {id: help-each-other, label: Elkaar helpen, kind: value, effect: ambivalent, patterns: {nl: [elkaar helpen], en: [help each other]}}
  - {id: only-numbers, label: Cijfers, kind: belief, effect: hindering, patterns: {nl: [alleen de cijfers tellen], en: [only the numbers count]}}
""")

#: words that make the tagger fire, mixed with anything
WORDS = ["hoge", "werkdruk", "geen", "tijd", "klant", "klanten", "doorschuiven", "schuiven", "door", "elkaar",
         "helpen", "helpt", "alleen", "de", "cijfers", "tellen", "niet", "nooit", "waardoor", "omdat", "daardoor",
         "high", "workload", "no", "time", "pass", "the", "customer", "on", "help", "each", "other", "because",
         "not", "only", "numbers", "count", "Anna:", "Interviewer:", ".", ",", "?", "!", "\n", "\n\n", "…", "\u00a0",
         "'", "\"", "(", ")", "-", ":", "\t", "Ë", "ß", "İ", "ﬁ", "\u0301", "\u200b", "😀", "١٢", "𝔘"]
MIXED_TEXT = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=60).map(" ".join)
ANY_TEXT = st.text(max_size=300) | MIXED_TEXT

YAML_SCALAR = st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
YAML_VALUE = st.recursive(YAML_SCALAR, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


def _temp() -> Path:
    return Path(tempfile.mkdtemp(prefix="cm-prop-"))


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# ---------------------------------------------------------------- codebook

CODE = st.fixed_dictionaries({}, optional={
    "id": st.sampled_from(["workload", "Work Load", "", "a", "x-1", "ü"]) | YAML_SCALAR,
    "label": YAML_VALUE | st.fixed_dictionaries({"nl": st.text(max_size=8), "en": st.text(max_size=8)}),
    "kind": st.sampled_from(KINDS + ("attitude", "", "VALUE")) | YAML_SCALAR,
    "effect": st.sampled_from(EFFECTS + ("positive", "")) | YAML_SCALAR,
    "patterns": YAML_VALUE | st.lists(st.text(max_size=15) | st.sampled_from(["!!!", " ", "hoge werkdruk"]), max_size=3)
    | st.fixed_dictionaries({"nl": st.lists(st.text(max_size=10), max_size=2)}),
    "description": YAML_VALUE,
})


@FAST
@given(st.text(max_size=400))
def test_codebook_random_text_raises_only_culturemap_errors(text):
    try:
        parse_codebook(text)
    except CulturemapError as exc:
        assert str(exc) and exc.code
    except RecursionError:                      # pragma: no cover - would be a bug
        pytest.fail("RecursionError")


@FAST
@given(codes=YAML_VALUE | st.lists(CODE, max_size=4),
       version=st.sampled_from([1, 2, "1", None]), language=st.sampled_from(["nl", "en", "fr", None, 3]))
def test_codebook_random_structure_raises_only_culturemap_errors(codes, version, language):
    doc = {"version": version, "language": language, "codes": codes}
    try:
        codebook = parse_codebook(_dump(doc))
    except CulturemapError as exc:
        assert exc.code.startswith("E")
        return
    assert codebook.codes and len(set(codebook.ids)) == len(codebook.ids)
    assert all(c.kind in KINDS and c.effect in EFFECTS for c in codebook.codes)


# ---------------------------------------------------------------- settings (culturemap.yaml)

@FAST
@given(data=st.dictionaries(st.sampled_from(["language", "title", "anonymity_threshold", "min_sources", "redact",
                                             "allow", "groups", "max_loop_length", "colour"]), YAML_VALUE, max_size=5))
def test_settings_from_random_mapping_raise_only_project_errors(data):
    try:
        s = Settings.from_mapping(data)
    except ProjectError as exc:
        assert exc.code in ("E003", "E005")
        return
    assert s.language in ("nl", "en") and s.anonymity_threshold >= 1
    assert all(isinstance(n, str) and n.strip() for n in s.redact + s.allow)


# ---------------------------------------------------------------- links.csv

ROW = st.lists(st.sampled_from(["workload", "Pass-On", "werkdruk", "", "+", "-", "\u2212", "++", "x"])
               | st.text(max_size=8), min_size=0, max_size=5)


@FAST
@given(rows=st.lists(ROW, max_size=6), sep=st.sampled_from([",", ";"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_links_csv_random_rows_in_any_encoding_raise_only_store_errors(rows, sep, encoding):
    root = _temp()
    header = sep.join(["cause", "effect", "sign", "note"])
    text = "\n".join([header] + [sep.join(r) for r in rows]) + "\n"
    (root / "links.csv").write_bytes(text.encode(encoding, errors="replace"))
    try:
        links = read_hand_links(root, CODEBOOK)
    except StoreError as exc:
        assert str(exc).startswith(str(root / "links.csv")) and exc.code.startswith("E3")
        return
    for link in links:
        assert link.cause in CODEBOOK.ids and link.effect in CODEBOOK.ids and link.sign in ("+", "-")
        assert link.origin == "hand" and link.status == "accepted"


@FAST
@given(data=st.binary(max_size=300))
def test_links_csv_random_bytes_raise_only_store_errors(data):
    root = _temp()
    (root / "links.csv").write_bytes(data)
    try:
        read_hand_links(root, CODEBOOK)
    except StoreError:
        pass


# ---------------------------------------------------------------- a folder of random files

FILE = st.tuples(st.sampled_from([".md", ".txt", ".docx", ".vtt", ".srt"]),
                 st.binary(max_size=200) | ANY_TEXT.map(lambda t: t.encode("utf-8", "replace")),
                 st.none() | YAML_VALUE.map(_dump))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(FILE, min_size=1, max_size=5))
def test_a_folder_of_random_files_is_read_file_by_file(files):
    root = _temp()
    good = "---\nid: good\n---\nAnna: Door de hoge werkdruk schuiven we de klant door.\n"
    (root / "zz-good.md").write_text(good, encoding="utf-8")
    for n, (suffix, data, sidecar) in enumerate(files):
        (root / f"f{n}{suffix}").write_bytes(data)
        if sidecar is not None:
            (root / f"f{n}{suffix}.yaml").write_text(sidecar, encoding="utf-8")
    transcripts, issues = load_transcripts(root)
    assert "good" in {t.id for t in transcripts}              # one bad file never stops the others
    for issue in issues:
        assert issue.level in ("error", "warning") and str(issue).startswith(str(root))
    read = {Path(t.path).name for t in transcripts}
    failed = {Path(i.path).name.removesuffix(".yaml") for i in issues if i.level == "error"}   # sidecar errors too
    every = {p.name for p in root.iterdir() if not p.name.endswith(".yaml")}
    assert read | failed == every                             # each file is read or reported, none vanishes
    assert not read & failed - {Path(i.path).name for i in issues if i.code == "E108"}


# ---------------------------------------------------------------- the tagger

def _check_tags(transcript, tags, links):
    text = transcript.text
    coded = [s for s in transcript.segments if not s.is_interviewer]
    for tag in tags:
        assert 0 <= tag.start < tag.end <= len(text)
        assert text[tag.start:tag.end] == tag.text
        assert tag.code in CODEBOOK.ids and tag.interview == transcript.id
        assert any(s.start <= tag.start and tag.end <= s.end for s in coded)        # never an interviewer turn
        assert tag.spans, tag
        for a, b in tag.spans:
            assert tag.start <= a < b <= tag.end                               # matched words inside the sentence
    for link in links:
        assert 0 <= link.start < link.end <= len(text)
        assert text[link.start:link.end] == link.text
        assert link.cause in CODEBOOK.ids and link.effect in CODEBOOK.ids and link.sign in ("+", "-")


@FAST
@given(text=ANY_TEXT, language=st.sampled_from(["nl", "en"]))
def test_tagger_never_crashes_and_offsets_point_at_the_quote(text, language):
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("", 0, len(text), 1),), language=language)
    tags, links = suggest(t, CODEBOOK)
    _check_tags(t, tags, links)
    assert list(tags) == sorted(tags, key=lambda x: (x.start, x.end, x.code))


@FAST
@given(turns=st.lists(st.tuples(st.sampled_from(["Anna", "Interviewer", "Piet de Vries", ""]), MIXED_TEXT),
                      min_size=1, max_size=5),
       front=st.none() | st.fixed_dictionaries({"id": st.just("kc-01")}, optional={
           "name": st.text(max_size=10), "language": st.sampled_from(["nl", "en", "NL", "english"]),
           "interviewer": st.sampled_from(["Interviewer", "Piet de Vries", "INT"])}))
def test_tagger_on_random_transcripts_read_from_a_file(turns, front):
    root = _temp()
    body = "\n\n".join(f"{speaker}: {words}" if speaker else words for speaker, words in turns)
    head = f"---\n{_dump(front)}---\n" if front is not None else ""
    path = root / "kc-01.md"
    path.write_text(head + body, encoding="utf-8")
    try:
        transcript = read_transcript(path)
    except CulturemapError:
        return
    tags, links = suggest(transcript, CODEBOOK)
    _check_tags(transcript, tags, links)


def test_tagger_property_really_exercises_tags():
    """The properties above only mean something if such text does produce tags."""
    text = "Anna: Door de hoge werkdruk schuiven we de klant door. We helpen elkaar niet."
    t = Transcript(id="t", path=Path("t.md"), text=text, segments=(Segment("Anna", 6, len(text), 1),), language="nl")
    tags, links = suggest(t, CODEBOOK)
    assert {x.code for x in tags} == {"workload", "pass-on", "help-each-other"} and links
    _check_tags(t, tags, links)


# ---------------------------------------------------------------- redaction and privacy-check

NAME_PART = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=2, max_size=8)
NAME = st.lists(NAME_PART, min_size=1, max_size=3).map(" ".join)


@FAST
@given(names=st.lists(NAME, min_size=1, max_size=3), filler=st.lists(st.sampled_from(
    ["zei", "tegen", "en", ",", ".", "'s", ":", "\n", " ", "-", "(", ")", "[", "]", "naam", "name"]), max_size=12),
       language=st.sampled_from(["nl", "en"]), data=st.data())
def test_redaction_never_lets_a_listed_name_through(names, filler, language, data):
    redactor = Redactor(names)
    assume(redactor.names)
    pieces = filler + [data.draw(st.sampled_from(names)) for _ in range(3)]
    pieces = data.draw(st.permutations(pieces))
    casing = data.draw(st.sampled_from([str, str.upper, str.lower]))
    text = " ".join(casing(p) for p in pieces)
    out = redactor.redact(text, language)
    assert not redactor.contains_name(out)
    for variant in redactor.names:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, variant.split())) + r"(?!\w)"
        leftover = [m for m in re.finditer(pattern, out, re.IGNORECASE) if not (
            out[max(0, m.start() - 1):m.start()] == "[" and out[m.end():m.end() + 1] == "]")]
        assert leftover == [], (variant, text, out)


@FAST
@given(text=ANY_TEXT, language=st.sampled_from(["nl", "en"]))
def test_capitalised_candidates_never_crash_and_point_at_their_text(text, language):
    for name, start, end in capitalised_candidates(text, language):
        assert text[start:end] == name and name[:1].isupper()
