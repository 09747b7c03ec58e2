"""Possible names in the text an export would show: the name heuristics of privacy-check.

Two ways to find a name nobody listed: :func:`capitalised_candidates` (a capitalised word inside a sentence
that the lexicon does not know and that is not a common capitalised non-name) and, when a trained spaCy
pipeline with an entity recognizer is installed, its PERSON/PER entities (:func:`_ner_candidates`).
:func:`_name_regex` finds given names again, independent of the Redactor's own regex.

>>> [text for text, _, _ in capitalised_candidates("Toen belde Karin de Boer op Maandag.", "nl")]
['Karin de Boer']
"""
from __future__ import annotations

import re
import unicodedata

from .names import NAME_PARTICLES

__all__ = ["capitalised_candidates", "heuristic_candidates", "is_allowed", "COMMON_NON_NAMES"]

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
# letters, with combining accents (NFD text) and invisible characters inside a word ("Sa\u200bnne")
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u180e"
_LETTERS = r"(?:[^\W\d_][\u0300-\u036f" + _INVISIBLE + r"]*)+"
_INVISIBLE_RE = re.compile("[" + _INVISIBLE + "]")
#: Words after which a capitalised word is a surname even when it is also a word ("meneer Bakker",
#: "mevrouw Visser", "collega De Jong", "de heer Groot").
TITLES = frozenset("""meneer mevrouw mevr mw mevr. mw. dhr dhr. heer collega juffrouw juf meester dokter dr dr.
    mr mr. mrs mrs. ms ms. mister miss madam sir colleague""".split())
_TITLE_BEFORE = re.compile(r"(?<![^\W\d_])(?:" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
                           + r")\s+$", re.IGNORECASE)
_WORD = re.compile(_LETTERS + r"(?:['\u2019]" + _LETTERS + ")*")
_SENTENCE_END = set(".!?\u2026")
_OPENERS = set(":;\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\u2039\u203a([{")
_PLACEHOLDER = re.compile(r"\[(?:naam|name)\]")


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
    w = _INVISIBLE_RE.sub("", word).lower().replace("\u2019", "'")
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
        low = _INVISIBLE_RE.sub("", word).lower()
        hit = False
        if _capitalised(word) and low not in COMMON_NON_NAMES:
            if low in names:
                hit = True
            elif _TITLE_BEFORE.search(text, max(0, start - 20), start):
                # "meneer Bakker", "collega De Jong": a surname that is also a word (a particle needs a name)
                hit = low not in NAME_PARTICLES or (
                    i + 1 < len(words) and _capitalised(words[i + 1][0]) and text[end:words[i + 1][1]].isspace())
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
        # the name without invisible characters: what 'redact:' needs ("Sa\u200bnne" is "Sanne")
        out.append((_INVISIBLE_RE.sub("", text[start:last_end]), start, last_end))
        i = j
    return out


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
        out.append((_INVISIBLE_RE.sub("", name), start, start + len(name)))
    return out


# ---------------------------------------------------------------- the heuristic over many texts

def _first_name_word(name: str) -> str:
    """The first word of a candidate that is not a particle ("De Jong" -> "jong")."""
    return next((w.lower() for w in name.split() if w.lower() not in NAME_PARTICLES), "")


def heuristic_candidates(texts, *, allow=()) -> list[tuple[int, str, int, int]]:
    """privacy-check's capitalised-word search over ``texts`` (``(text, language)`` pairs, already redacted):
    ``(index into texts, name, start, end)``.

    A word found as a name in one text is a candidate in every text, also where it starts a sentence
    (the second pass of :func:`capitalised_candidates` with ``names=``), unless it is in ``allow``. privacy-check and the fail-safe of
    the exports (:func:`culturemap.privacy.evidence.build_evidence`) both use it, so an export never shows a
    word privacy-check would flag.

    >>> heuristic_candidates([("Toen belde Karin op.", "nl"), ("Karin zei het.", "nl")])
    [(0, 'Karin', 11, 16), (1, 'Karin', 0, 5)]
    """
    texts = list(texts)
    first = [capitalised_candidates(text, language) for text, language in texts]
    seen = {_first_name_word(name) for hits in first for name, _, _ in hits} - {a.lower() for a in allow} - {""}
    out: list[tuple[int, str, int, int]] = []
    for n, ((text, language), hits) in enumerate(zip(texts, first)):
        if seen:
            spans = {(s, e) for _, s, e in hits}
            again = capitalised_candidates(text, language, names=seen)
            hits = hits + [c for c in again if (c[1], c[2]) not in spans and not any(s <= c[1] < e for s, e in spans)]
        out.extend((n, name, s, e) for name, s, e in hits)
    return out


def is_allowed(text: str, start: int, end: int, allow_re: re.Pattern | None) -> bool:
    """Whether the candidate ``text[start:end]`` is covered by ``allow:`` (as a whole, or each capitalised
    word of it)."""
    spans = _allowed_spans(text, allow_re)
    if not spans:
        return False
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end]) if _capitalised(m.group())]
    return _inside(spans, start, end) or all(_inside(spans, a, b) for a, b in words)
