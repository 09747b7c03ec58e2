"""privacy-check: every possible name that would reach an export, with file, line, column and context.

The exports only ever see redacted text (:mod:`culturemap.privacy.redact`, :mod:`culturemap.privacy.evidence`), but the
redactor only knows the names it was given: the interviewees' ``name``, their speaker labels and
``redact:`` in culturemap.yaml. :func:`privacy_check` looks at the text exactly as the exports would
show it and reports

``listed``
    a name the redactor knows that still appears after redaction (should never happen: a regression guard;
    it also catches codings of a transcript that was removed, whose names the redactor no longer knows);
``unlisted``
    a word that looks like a name nobody listed: a PERSON/PER entity when a trained spaCy pipeline with
    NER is installed, otherwise a capitalised word inside a sentence (not sentence-initial, not after a
    quote or colon) that the lexicon does not know and that is not a common capitalised non-name (days,
    months, CX terms, short ALL-CAPS acronyms); a word found that way is also reported where it starts a
    sentence elsewhere;
``interview-id``
    an interview id holding a listed name (e.g. ``anna.md`` without ``id:``): ids reach the exports;
``metadata``
    a ``group`` or ``role`` holding a listed name (groups and roles reach the exports).

The quotes scanned are every tag and link the CSV export writes (all statuses; the accepted ones as
:func:`culturemap.privacy.evidence.build_evidence` redacts them for every other export), the notes of
``links.csv`` and the free text of ``session.yaml`` (note, what, who). Words in ``allow:`` (culturemap.yaml) are reported with ``allowed=True`` and never fail the
check.

Positions: for ``.md``/``.txt`` the line and column in the file; for ``.vtt``/``.srt`` the line in the
file where the word stands (the cue's timing line when it cannot be found); for ``.docx`` the paragraph
number and the column inside the turn; for ``links.csv`` the line and column in that file.

This module is the scan over an engagement's files (the texts, their positions, the check itself); the
name heuristics are in :mod:`culturemap.privacy.candidates`, the findings and their CSV rows in
:mod:`culturemap.privacy.report` (both re-exported here).

>>> from culturemap.privacy.check import capitalised_candidates
>>> [text for text, _, _ in capitalised_candidates("Dat zei Priya de Wit tegen [naam] op maandag.", "nl")]
['Priya de Wit']
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..models import Item, Link
from .candidates import (
    _WORD,
    COMMON_NON_NAMES,
    _name_regex,
    _ner_candidates,
    _ner_pipeline,
    capitalised_candidates,
    heuristic_candidates,
    is_allowed,
)
from .report import CSV_COLUMNS as CSV_COLUMNS
from .report import KINDS, NameFinding, PrivacyReport, _context, findings_csv

__all__ = ["NameFinding", "PrivacyReport", "privacy_check", "capitalised_candidates", "findings_csv",
           "KINDS", "COMMON_NON_NAMES"]


# ---------------------------------------------------------------- positions

def _offset_map(redacted: str, original: str):
    """A function mapping an offset in ``redacted`` to the same character's offset in ``original``."""
    if redacted == original:
        return lambda i: i
    blocks = difflib.SequenceMatcher(None, redacted, original, autojunk=False).get_matching_blocks()

    def to_original(i: int) -> int:
        for a, b, size in blocks:
            if a <= i < a + size:
                return b + (i - a)
        best = max((blk for blk in blocks if blk[0] <= i), default=(0, 0, 0), key=lambda blk: blk[0])
        return min(len(original), best[1] + best[2])

    return to_original


class _Source:
    """One transcript's text, its file lines and how an offset becomes (line, column)."""

    def __init__(self, transcript):
        self.t = transcript
        self.suffix = Path(transcript.path).suffix.lower()
        self._raw_lines: list[str] | None = None

    def raw_lines(self) -> list[str]:
        if self._raw_lines is None:
            try:
                data = Path(self.t.path).read_bytes()
                text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
            except OSError:
                text = ""
            self._raw_lines = text.split("\n")
        return self._raw_lines

    def anchor(self, item_text: str, start: int, end: int) -> int | None:
        """Offset of ``item_text`` in the transcript (at its recorded place, else its first occurrence)."""
        text = self.t.text
        if item_text and text[start:end] == item_text:
            return start
        if item_text:
            pos = text.find(item_text)
            if pos >= 0:
                return pos
        return None

    def position(self, offset: int, word: str) -> tuple[int, int]:
        text = self.t.text
        if self.suffix in (".md", ".txt"):
            line = text.count("\n", 0, offset) + 1
            return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
        seg = next((s for s in self.t.segments if s.start <= offset <= s.end), None)
        if seg is None:
            return 1, 1
        if self.suffix in (".vtt", ".srt"):
            lines = self.raw_lines()
            pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
            for n in range(max(0, seg.line - 1), min(len(lines), seg.line + 400)):
                m = pattern.search(lines[n])
                if m:
                    return n + 1, m.start() + 1
        return seg.line, offset - seg.start + 1


def _text_position(text: str, needle: str, word: str) -> tuple[int, int]:
    """(line, column) of ``word`` inside the first occurrence of ``needle`` in ``text`` (1, 1 when absent)."""
    pos = text.find(needle) if needle else -1
    if pos < 0:
        pos = 0
    m = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE).search(text, pos)
    if m is None:
        return 1, 1
    off = m.start()
    return text.count("\n", 0, off) + 1, off - (text.rfind("\n", 0, off) + 1) + 1


def _meta_line(path: Path, key: str, value: str) -> tuple[Path, int, int]:
    """Where ``key: value`` is written: the transcript's front matter or its sidecar."""
    from ..ingest import sidecar_path

    candidates = [Path(path)]
    side = sidecar_path(path)
    if side is not None:
        candidates.insert(0 if Path(path).suffix.lower() in (".docx", ".vtt", ".srt") else 1, side)
    pattern = re.compile(r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*:", re.IGNORECASE)
    for candidate in candidates:
        if candidate.suffix.lower() == ".docx":
            continue
        try:
            lines = candidate.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
        except OSError:
            continue
        for n, line in enumerate(lines[:200]):
            if pattern.match(line):
                col = line.find(value) + 1 if value and value in line else 1
                return candidate, n + 1, col
    return Path(path), 1, 1


# ---------------------------------------------------------------- interview ids

def name_like_id(interview_id: str, listed=()) -> str | None:
    """What makes ``interview_id`` look like a person's name, or None.

    An initial and a listed surname (``tbakker`` for Tom Bakker, also ``t.bakker``, ``bakkert``), a
    first name and surname with a particle (``jan-de-vries``), or a common first name (``anna-01``).

    >>> name_like_id("tbakker", ["Tom Bakker"]), name_like_id("jan-de-vries"), name_like_id("kc-01")
    ('tbakker', 'jan-de-vries', None)
    """
    from .candidates import _NAME_WORDS
    from .names import NAME_PARTICLES
    from .redact import fold

    tokens = [w for w in re.split(r"[\W\d_]+", fold(interview_id)[0]) if w]
    letters = "".join(tokens)
    for name in listed:
        words = [w for w in re.split(r"[\s\-,]+", fold(name)[0]) if w]
        core = [w for w in words if w not in NAME_PARTICLES]
        if len(core) < 2:
            continue
        first, last = core[0], core[-1]
        between = "".join(w for w in words[words.index(first) + 1:len(words) - 1 - words[::-1].index(last)])
        forms = {first[0] + last, first[0] + between + last, last + first[0], first + last[0], first + between + last}
        if letters in forms or any(tok in forms for tok in tokens):
            return interview_id
    if len(tokens) >= 3 and any(tok in NAME_PARTICLES for tok in tokens[1:-1]):
        return interview_id
    if any(tok in _NAME_WORDS for tok in tokens):
        return interview_id
    return None


# ---------------------------------------------------------------- the check

@dataclass
class _Quote:
    redacted: str
    original: str
    start: int
    end: int
    language: str
    source: "_Source | None"        # None: no transcript (removed) or links.csv
    path: Path
    interview: str


def _quotes(project, transcripts, codings, hand, redactor, evidence, session_texts=()) -> list[_Quote]:
    """Every text an export shows: every codings item as the CSV export redacts it, the accepted ones
    exactly as :func:`~culturemap.privacy.evidence.build_evidence` gives them, the notes of links.csv and the free
    text of session.yaml (notes, actions, who: report and deck show them)."""
    settings = project.settings
    by_id = {t.id: t for t in transcripts}
    sources = {t.id: _Source(t) for t in transcripts}
    from .redact import interview_codes

    id_of = {code: iid for iid, code in interview_codes(transcripts).items()}
    in_evidence: dict[tuple, Item] = {}
    for item in (*evidence.tags, *evidence.links):      # evidence knows interviews by code: key them by id
        key = item.key
        in_evidence.setdefault((key[0], id_of.get(key[1], key[1]), *key[2:]), item)
    out: list[_Quote] = []
    seen: set = set()

    def add(redacted, original, start, end, language, source, path, interview):
        key = (interview, start, redacted)
        if redacted and key not in seen:
            seen.add(key)
            out.append(_Quote(redacted, original, start, end, language, source, path, interview))

    for iid in sorted(codings):
        t = by_id.get(iid)
        language = t.language if t is not None else settings.language
        path = Path(t.path) if t is not None else project.codings_dir / f"{iid}.json"
        for item in codings[iid].items():
            ev = in_evidence.get(item.key) if t is not None and item.status == "accepted" else None
            add(ev.text if ev is not None else redactor.redact(item.text, language), item.text,
                item.start, item.end, language, sources.get(iid), path, iid)
            note = item.note if isinstance(item, Link) else ""
            if note:
                add(ev.note if isinstance(ev, Link) else redactor.redact(note, language), note,
                    item.start, item.end, language, sources.get(iid), path, iid)
    for link in hand:
        for text in (link.note, link.text):
            if text:
                add(redactor.redact(text, settings.language), text, 0, 0, settings.language, None,
                    project.links_path, "")
    for text in session_texts:
        add(redactor.redact(text, settings.language), text, 0, 0, settings.language, None, project.session_path, "")
    return out


def _place(quote: _Quote, start: int, end: int, name: str) -> tuple[Path, int, int]:
    """File, line and column of the word at ``[start, end)`` of ``quote.redacted``."""
    o_start = _offset_map(quote.redacted, quote.original)(start)
    words = quote.original[o_start:o_start + (end - start)].split() or name.split() or [name]
    word = words[0]
    if quote.source is not None:
        base = quote.source.anchor(quote.original, quote.start, quote.end)
        if base is not None:
            return (quote.path, *quote.source.position(base + o_start, word))
        if quote.source.suffix not in (".md", ".txt"):
            return quote.path, 1, 1
        return (quote.path, *_text_position(quote.source.t.text, quote.original, word))
    try:
        text = quote.path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    except OSError:
        return quote.path, 1, 1
    if quote.path.suffix.lower() == ".json":          # codings of a removed transcript: the item's text
        import json

        return (quote.path, *_text_position(text, json.dumps(quote.original, ensure_ascii=False)[1:-1], word))
    return (quote.path, *_text_position(text, quote.original, word))


def privacy_check(project, *, nlp=None) -> "PrivacyReport":
    """Every possible name that would reach an export of ``project`` (see the module docstring).

    Parameters
    ----------
    project : culturemap.project.Project
        The engagement (:func:`culturemap.project.open_project`).
    nlp : spaCy Language, optional
        A pipeline with an entity recognizer to use instead of the installed one (tests, custom models).

    Returns
    -------
    PrivacyReport
        ``findings`` sorted by file, line, column and name; ``problems`` are those not in ``allow:``.

    Raises
    ------
    CulturemapError
        When the codebook, ``links.csv`` or a codings file cannot be read (the exports would fail too).
    """
    from ..coding.codebook import load_codebook
    from ..ingest import load_transcripts
    from ..review.handlinks import read_hand_links
    from ..store import load_all_codings
    from .evidence import build_evidence
    from .evidence import session_texts as evidence_session_texts
    from .redact import ROLE_LABELS, redactor_for

    settings = project.settings
    codebook = load_codebook(project.codebook_path, language=settings.language)
    transcripts, _issues = load_transcripts(project.root, default_language=settings.language)
    codings = load_all_codings(project)
    hand = read_hand_links(project, codebook) if project.links_path.exists() else ()
    redactor = redactor_for(transcripts, settings)
    evidence = build_evidence(codebook, settings, transcripts, codings, hand, fail_safe=False)
    known_ids = {t.id for t in transcripts}

    # names the exports must never show: the redactor's, plus the speakers of codings whose transcript is gone
    listed = set(redactor.names)
    orphan_speakers = {item.speaker for iid, c in codings.items() if iid not in known_ids
                       for item in c.items()
                       if item.speaker and item.speaker.lower() not in ROLE_LABELS}
    listed |= orphan_speakers
    listed_re = _name_regex(listed)
    allow_re = _name_regex(settings.allow)

    from ..session import load_session

    session = load_session(project, codebook, redact=False)
    session_texts = evidence_session_texts(session)
    quotes = _quotes(project, transcripts, codings, hand, redactor, evidence, session_texts)
    findings: dict[tuple, NameFinding] = {}

    def add(name, kind, path, line, col, context, interview, allowed=False):
        key = (str(path), line, col, name.lower(), kind)
        if key not in findings:
            findings[key] = NameFinding(name=name, kind=kind, path=Path(path), line=line, column=col,
                                        context=context, interview=interview, allowed=allowed)

    # (a) listed names that survive redaction
    listed_spans: dict[int, list[tuple[int, int]]] = {}
    for n, q in enumerate(quotes):
        if listed_re is None:
            break
        for m in listed_re.finditer(q.redacted):
            listed_spans.setdefault(n, []).append(m.span())
            path, line, col = _place(q, m.start(), m.end(), m.group())
            add(m.group(), "listed", path, line, col, _context(q.redacted, m.start(), m.end()), q.interview)

    # (b) names nobody listed
    pipelines: dict[str, object] = {}
    methods = set()

    def ner_for(language):
        if nlp is not None:
            return nlp
        if language not in pipelines:
            pipelines[language] = _ner_pipeline(language)
        return pipelines[language]

    found: list[tuple[_Quote, str, int, int]] = []
    heuristic: list[_Quote] = []
    for q in quotes:
        model = ner_for(q.language)
        if model is not None:
            from ..nlp.pipeline import pipeline_name

            methods.add(f"spaCy NER ({pipeline_name(model)})")
            found.extend((q, *c) for c in _ner_candidates(model, q.redacted))
        else:
            methods.add("capitalised words not in the lexicon")
            heuristic.append(q)
    found.extend((heuristic[n], name, start, end) for n, name, start, end in
                 heuristic_candidates([(q.redacted, q.language) for q in heuristic], allow=settings.allow))
    index = {id(q): n for n, q in enumerate(quotes)}
    for q, name, start, end in found:
        if any(a < end and start < b for a, b in listed_spans.get(index[id(q)], ())):
            continue                         # reported above as 'listed'
        allowed = is_allowed(q.redacted, start, end, allow_re)
        path, line, col = _place(q, start, end, name)
        add(name, "unlisted", path, line, col, _context(q.redacted, start, end), q.interview, allowed)

    # interview ids, groups and roles reach the exports too
    word_names = {n.lower() for n in listed if " " not in n.strip()}
    full_names = {re.sub(r"[\W\d_]+", "", n).lower() for n in listed if " " in n.strip()}
    for t in sorted(transcripts, key=lambda t: t.id):
        parts = [p.lower() for p in _WORD.findall(t.id.replace("_", " "))]
        letters = re.sub(r"[\W\d_]+", "", t.id).lower()
        hit = next((p for p in parts if p in word_names), None) or next(
            (n for n in sorted(full_names) if n and n in letters), None) or name_like_id(t.id, listed)
        if hit:
            path, line, col = _meta_line(Path(t.path), "id", t.id)
            if (path, line, col) == (Path(t.path), 1, 1):
                context = f"interview id '{t.id}' (the file name); give the transcript an 'id:' such as 'kc-07'"
            else:
                context = f"interview id '{t.id}'; give the transcript another 'id:' such as 'kc-07'"
            add(hit, "interview-id", path, line, col, context, t.id)
        for key in ("group", "role"):
            value = getattr(t, key) or ""
            value_hit = listed_re.search(value) if listed_re is not None and value else None
            if value_hit:
                path, line, col = _meta_line(Path(t.path), key, value)
                add(value_hit.group(), "metadata", path, line, col, f"{key}: {value}", t.id)
    for group, label in sorted(settings.groups.items()):
        label_hit = listed_re.search(str(label)) if listed_re is not None else None
        if label_hit:
            path = project.root / "culturemap.yaml"
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                text = ""
            line, col = _text_position(text, str(label), label_hit.group())
            add(label_hit.group(), "metadata", path, line, col, f"groups: {group}: {label}", "")

    ordered = sorted(findings.values(), key=lambda f: (str(f.path), f.line, f.column, f.name.lower(), f.kind))
    method = " + ".join(sorted(methods)) or "capitalised words not in the lexicon"
    return PrivacyReport(findings=tuple(ordered), method=method, quotes=len(quotes), interviews=len(transcripts))
