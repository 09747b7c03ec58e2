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

>>> from culturemap.privacy.check import capitalised_candidates
>>> [text for text, _, _ in capitalised_candidates("Dat zei Priya de Wit tegen [naam] op maandag.", "nl")]
['Priya de Wit']
"""
from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .names import NAME_PARTICLES

__all__ = ["NameFinding", "PrivacyReport", "privacy_check", "capitalised_candidates", "findings_csv",
           "KINDS", "COMMON_NON_NAMES"]

KINDS = ("listed", "unlisted", "interview-id", "metadata")

#: Capitalised words that are not names (compared lowercase): days, months, CX and workplace terms.
COMMON_NON_NAMES = frozenset("""
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
monday tuesday wednesday thursday friday saturday sunday
januari februari maart april mei juni juli augustus september oktober november december
january february march may june july august october
kerst kerstmis pasen pinksteren koningsdag sinterklaas christmas easter
customer customers journey journeys experience experiences promoter promoters net score effort
klantreis klantbeleving klantcontact klantcontactcentrum klantenservice klantgerichtheid servicedesk
backoffice frontoffice helpdesk callcenter contactcenter teamleider teamleiders
cx nps ces csat kto kpi kpis okr okrs
teams excel outlook word powerpoint sharepoint whatsapp zoom google microsoft linkedin
nederland nederlands nederlandse engels engelse english dutch europa europe europees european
god jezus oké okay
""".split())

# Common first names that are also dictionary words or lemmas (so the lexicon would hide them).
_NAME_WORDS = frozenset("""
jan peter pieter bas bob mark anna kees klaas piet roos iris rose will bill frank hans dirk henk
wouter eva lot daan sem fleur hugo bram thijs sanne lisa
""".split())

_PERSON_LABELS = frozenset({"PERSON", "PER"})
_LETTERS = r"(?:[^\W\d_][\u0300-\u036f]*)+"          # letters, with combining accents (NFD text)
_WORD = re.compile(_LETTERS + r"(?:['\u2019]" + _LETTERS + ")*")
_SENTENCE_END = set(".!?\u2026")
_OPENERS = set(":;\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\u2039\u203a([{")
_PLACEHOLDER = re.compile(r"\[(?:naam|name)\]")


@dataclass(frozen=True)
class NameFinding:
    """One possible name at one place in the text the exports would show."""

    name: str               # as it appears in the export text
    kind: str               # one of KINDS
    path: Path              # the transcript (or links.csv, codings/<id>.json, culturemap.yaml)
    line: int               # 1-based
    column: int             # 1-based
    context: str            # the export text around it
    interview: str = ""     # interview id ("" for links.csv)
    allowed: bool = False   # listed in 'allow:' in culturemap.yaml

    def as_row(self) -> list:
        return [self.name, self.kind, str(self.path), self.line, self.column, self.context, self.interview,
                "true" if self.allowed else "false"]


@dataclass(frozen=True)
class PrivacyReport:
    """Result of :func:`privacy_check`."""

    findings: tuple[NameFinding, ...]   # sorted by path, line, column, name
    method: str                         # how unlisted names were looked for
    quotes: int                         # distinct export texts scanned
    interviews: int                     # transcripts read

    @property
    def problems(self) -> tuple[NameFinding, ...]:
        """The findings that are not whitelisted by ``allow:``."""
        return tuple(f for f in self.findings if not f.allowed)

    @property
    def ok(self) -> bool:
        return not self.problems


CSV_COLUMNS = ("name", "kind", "file", "line", "column", "context", "interview", "allowed")


def findings_csv(findings) -> str:
    """The findings as CSV text (header :data:`CSV_COLUMNS`)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        writer.writerow(f.as_row())
    return buf.getvalue()


# ---------------------------------------------------------------- text helpers

def _context(text: str, start: int, end: int, width: int = 35) -> str:
    """``text`` around ``[start, end)``, whitespace collapsed, cut with an ellipsis.

    >>> _context("a" * 50 + " Anna " + "b" * 50, 51, 55, width=5)
    '\u2026aaaa Anna bbbb\u2026'
    """
    lo, hi = max(0, start - width), min(len(text), end + width)
    out = " ".join(text[lo:hi].split())
    return ("\u2026" if lo > 0 else "") + out + ("\u2026" if hi < len(text) else "")


def _flex(name: str) -> str:
    """A regex for ``name`` that also matches its other Unicode normal form and any white space."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    parts = []
    for ch in name:
        if ch == " ":
            parts.append(r"\s+")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        parts.append(f"(?:{re.escape(ch)}|{re.escape(decomposed)})" if decomposed != ch else re.escape(ch))
    return "".join(parts)


def _name_regex(names) -> re.Pattern | None:
    """Whole-word, case-insensitive search for any of ``names`` (independent of the Redactor's regex)."""
    names = sorted({n for n in names if n and n.strip()}, key=lambda n: (-len(n), n))
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(_flex(n) for n in names) + r")(?!\w)", re.IGNORECASE)


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` starts a sentence, a line, or follows a quote mark or colon."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        if text[i] == "\n":
            return True
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in _SENTENCE_END or ch in _OPENERS:
        return True
    if ch in "-\u2013\u2014\u2022*" and (i == 0 or text[i - 1] == "\n"):
        return True          # a bullet or dialogue dash at the start of a line
    return False


def _known_word(word: str, lex) -> bool:
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _NAME_WORDS:
        return False
    return (w in lex.lookup or w in lex.lemmas or w in lex.irregular or w in lex.function_words
            or w in lex.negations)


_CONTRACTIONS = ("m", "ve", "d", "ll", "re", "s", "t")


def _capitalised(word: str) -> bool:
    """Starts with a capital, is not a short ALL-CAPS acronym and not "I'm"/"I've"."""
    head, _, tail = word.replace("\u2019", "'").partition("'")
    if tail.lower() in _CONTRACTIONS:
        word = head
    return len(word) >= 2 and word[:1].isupper() and not (word.isupper() and len(word) <= 5)


def _allowed_spans(text: str, allow_re: re.Pattern | None) -> list[tuple[int, int]]:
    return [m.span() for m in allow_re.finditer(text)] if allow_re is not None else []


def _inside(spans, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def capitalised_candidates(text: str, language: str, *, names=frozenset()) -> list[tuple[str, int, int]]:
    """Possible names in ``text`` by capitalisation: ``(name, start, end)`` in text order.

    A candidate is a capitalised word inside a sentence (not sentence-initial, not after a quote mark or
    colon) that the lexicon of ``language`` does not know and that is not in :data:`COMMON_NON_NAMES`;
    ALL-CAPS words of up to 5 letters are acronyms. Words whose lowercase form is in ``names`` are
    candidates wherever they stand. A candidate swallows the capitalised words that follow it, with name
    particles in between ("Priya de Wit").

    >>> capitalised_candidates("Gisteren belde Karin. Karin zei: Nee, op Maandag niet bij de KCC.", "nl")
    [('Karin', 15, 20)]
    >>> capitalised_candidates("Karin zei het.", "nl", names={"karin"})
    [('Karin', 0, 5)]
    """
    from ..nlp.lexicon import lexicon

    lex = lexicon(language if language in ("nl", "en") else "nl")
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(words):
        word, start, end = words[i]
        if start > 0 and text[start - 1] == "[" and _PLACEHOLDER.match(text, start - 1):
            i += 1
            continue
        low = word.lower()
        hit = False
        if _capitalised(word) and low not in COMMON_NON_NAMES:
            if low in names:
                hit = True
            elif not _sentence_initial(text, start) and not _known_word(word, lex):
                hit = True
        if not hit:
            i += 1
            continue
        j, last_end = i + 1, end
        while True:                               # "Anna de Vries", "Jan Bakker": take the rest of the name
            k, gap = j, last_end
            while k < len(words) and words[k][0].lower() in NAME_PARTICLES and text[gap:words[k][1]].isspace() \
                    and "\n" not in text[gap:words[k][1]]:
                gap, k = words[k][2], k + 1
            if (k < len(words) and text[gap:words[k][1]].isspace() and "\n" not in text[gap:words[k][1]]
                    and _capitalised(words[k][0]) and not words[k][0].isupper()
                    and words[k][0].lower() not in COMMON_NON_NAMES):
                last_end, j = words[k][2], k + 1
                continue
            break
        if text[last_end - 2:last_end].replace("\u2019", "'") == "'s":
            last_end -= 2                         # "Peter's idea": the name is "Peter"
        out.append((text[start:last_end], start, last_end))
        i = j
    return out


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


# ---------------------------------------------------------------- NER

def _ner_pipeline(language: str):
    """A spaCy pipeline with an entity recognizer for ``language``, or None when none is installed."""
    from ..nlp.pipeline import load_pipeline

    try:
        nlp = load_pipeline(language, with_ner=True)
    except Exception:     # noqa: BLE001 - a broken optional model must not stop the check
        return None
    return nlp if "ner" in getattr(nlp, "pipe_names", ()) else None


def _ner_candidates(nlp, text: str) -> list[tuple[str, int, int]]:
    out = []
    for ent in nlp(text).ents:
        if ent.label_ not in _PERSON_LABELS:
            continue
        name = _PLACEHOLDER.sub(" ", ent.text).strip(" \t\n.,;:!?'\"")
        if not _WORD.search(name):
            continue
        start = ent.start_char + ent.text.find(name)
        out.append((name, start, start + len(name)))
    return out


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
    in_evidence = {}
    for item in (*evidence.tags, *evidence.links):
        in_evidence.setdefault(item.key, item)
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
        for item in (*codings[iid].tags, *codings[iid].links):
            ev = in_evidence.get(item.key) if t is not None and item.status == "accepted" else None
            add(ev.text if ev is not None else redactor.redact(item.text, language), item.text,
                item.start, item.end, language, sources.get(iid), path, iid)
            note = getattr(item, "note", "")
            if note:
                add(ev.note if ev is not None else redactor.redact(note, language), note,
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
    word = quote.original[o_start:o_start + (end - start)].split() or name.split() or [name]
    word = word[0]
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
    from .redact import ROLE_LABELS, redactor_for

    settings = project.settings
    codebook = load_codebook(project.codebook_path, language=settings.language)
    transcripts, _issues = load_transcripts(project.root, default_language=settings.language)
    codings = load_all_codings(project)
    hand = read_hand_links(project, codebook) if project.links_path.exists() else ()
    redactor = redactor_for(transcripts, settings)
    evidence = build_evidence(codebook, settings, transcripts, codings, hand)
    known_ids = {t.id for t in transcripts}

    # names the exports must never show: the redactor's, plus the speakers of codings whose transcript is gone
    listed = set(redactor.names)
    orphan_speakers = {item.speaker for iid, c in codings.items() if iid not in known_ids
                       for item in (*c.tags, *c.links)
                       if item.speaker and item.speaker.lower() not in ROLE_LABELS}
    listed |= orphan_speakers
    listed_re = _name_regex(listed)
    allow_re = _name_regex(settings.allow)

    from ..session import load_session

    session = load_session(project, codebook, redact=False)
    session_texts = [] if session is None else [
        text for d in session.decisions for text in (d.note, *(x for a in d.actions for x in (a.what, a.who)))
        if text]
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
    first = {q_id: [(q, *c) for c in capitalised_candidates(q.redacted, q.language)]
             for q_id, q in enumerate(heuristic)}
    seen_names = {name.split()[0].lower() for hits in first.values() for _, name, _, _ in hits}
    seen_names -= {a.lower() for a in settings.allow}
    for q_id, q in enumerate(heuristic):
        hits = first[q_id]
        if seen_names:
            again = capitalised_candidates(q.redacted, q.language, names=seen_names)
            spans = {(s, e) for _, _, s, e in hits}
            hits = hits + [(q, *c) for c in again if (c[1], c[2]) not in spans
                           and not any(s <= c[1] < e for s, e in spans)]
        found.extend(hits)
    index = {id(q): n for n, q in enumerate(quotes)}
    for q, name, start, end in found:
        if any(a < end and start < b for a, b in listed_spans.get(index[id(q)], ())):
            continue                         # reported above as 'listed'
        spans = _allowed_spans(q.redacted, allow_re)
        words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(name) if _capitalised(m.group())]
        allowed = bool(spans) and (_inside(spans, start, end) or all(_inside(spans, a, b) for a, b in words))
        path, line, col = _place(q, start, end, name)
        add(name, "unlisted", path, line, col, _context(q.redacted, start, end), q.interview, allowed)

    # interview ids, groups and roles reach the exports too
    word_names = {n.lower() for n in listed if " " not in n.strip()}
    full_names = {re.sub(r"[\W\d_]+", "", n).lower() for n in listed if " " in n.strip()}
    for t in sorted(transcripts, key=lambda t: t.id):
        parts = [p.lower() for p in _WORD.findall(t.id.replace("_", " "))]
        letters = re.sub(r"[\W\d_]+", "", t.id).lower()
        hit = next((p for p in parts if p in word_names), None) or next(
            (n for n in sorted(full_names) if n and n in letters), None)
        if hit:
            path, line, col = _meta_line(Path(t.path), "id", t.id)
            if (path, line, col) == (Path(t.path), 1, 1):
                context = f"interview id '{t.id}' (the file name); give the transcript an 'id:' such as 'kc-07'"
            else:
                context = f"interview id '{t.id}'; give the transcript another 'id:' such as 'kc-07'"
            add(hit, "interview-id", path, line, col, context, t.id)
        for key in ("group", "role"):
            value = getattr(t, key) or ""
            m = listed_re.search(value) if listed_re is not None and value else None
            if m:
                path, line, col = _meta_line(Path(t.path), key, value)
                add(m.group(), "metadata", path, line, col, f"{key}: {value}", t.id)
    for group, label in sorted(settings.groups.items()):
        m = listed_re.search(str(label)) if listed_re is not None else None
        if m:
            path = project.root / "culturemap.yaml"
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                text = ""
            line, col = _text_position(text, str(label), m.group())
            add(m.group(), "metadata", path, line, col, f"groups: {group}: {label}", "")

    ordered = sorted(findings.values(), key=lambda f: (str(f.path), f.line, f.column, f.name.lower(), f.kind))
    method = " + ".join(sorted(methods)) or "capitalised words not in the lexicon"
    return PrivacyReport(findings=tuple(ordered), method=method, quotes=len(quotes), interviews=len(transcripts))
