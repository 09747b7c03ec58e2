"""Red threads the codebook does not cover yet: recurring belief-like statements no code matched.

A *belief statement* is an interviewee's sentence that speaks for a collective ("we", "wij", "bij ons",
"men", "iedereen", "here", "everyone"...) together with a marker of habit or norm ("altijd", "nooit",
"moet", "hoort", "always", "never", "must", "have to"...), e.g. "Bij ons moet alles via de mail". Statements
that a code already matches are left out. The rest are grouped by shared content lemmas (a pair of lemmas
when possible, "mail + alles", else one) and ranked by how many interviews, then how many groups, voice
them, so the consultant can add a code for each red thread.

>>> from culturemap.coding.themes import is_belief_statement
>>> is_belief_statement(["bij", "ons", "moet", "alles", "via", "de", "mail"], "nl")
True
>>> is_belief_statement(["de", "mail", "kwam", "gisteren"], "nl")
False
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

__all__ = ["Statement", "Theme", "ThemesResult", "is_belief_statement", "belief_statements", "group_themes",
           "find_themes"]

_COLLECTIVE = {
    "nl": frozenset("we wij ons onze men iedereen niemand hier je jullie alles altijd".split()),
    "en": frozenset("we us our everyone everybody nobody people here you".split()),
}
_NORM = {
    "nl": frozenset("altijd nooit moet moeten moest mag mogen hoort horen steeds telkens iedereen niemand "
                    "gewoon zo overal elke".split()),
    "en": frozenset("always never must have has to should supposed everyone everybody nobody way every".split()),
}
_GENERIC = {
    "nl": frozenset("ding dingen mens mensen keer jaar dag heel goed beetje veel weinig eigenlijk natuurlijk "
                    "gewoon echt zeggen vinden denken weten gaan komen doen maken zien staan zitten krijgen "
                    "geven laten altijd nooit moeten mogen kunnen willen zullen hoor zo'n ja nee nou vaak ander "
                    "andere iets niks niets alles iedereen niemand wel hier daar".split()),
    "en": frozenset("thing things people time times year day lot bit really just get got make made go going "
                    "say said think know see way yes no well kind sort always never every everyone nobody "
                    "something anything nothing everything actually one".split()),
}


@dataclass(frozen=True)
class Statement:
    interview: str
    group: str | None
    start: int
    end: int
    text: str
    lemmas: frozenset
    words: tuple = ()                       # (key, word as written) pairs, for readable labels


@dataclass(frozen=True)
class Theme:
    label: str                              # "mail + alles"
    lemmas: tuple[str, ...]
    interviews: tuple[str, ...]
    groups: tuple[str, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class ThemesResult:
    themes: tuple[Theme, ...]
    statements: int                         # uncovered belief statements considered

    def as_dict(self, pseudonyms: dict | None = None) -> dict:
        ps = pseudonyms or {}
        return {"statements": self.statements, "themes": [
            {"label": t.label, "lemmas": list(t.lemmas), "interviews": len(t.interviews), "groups": list(t.groups),
             "examples": [{"interview": ps.get(s.interview, s.interview), "text": s.text} for s in t.statements[:3]]}
            for t in self.themes]}


def is_belief_statement(words: list[str], language: str) -> bool:
    """True when lowercase ``words`` speak for a collective and carry a habit/norm marker."""
    ws = set(words)
    coll, norm = _COLLECTIVE.get(language, _COLLECTIVE["en"]), _NORM.get(language, _NORM["en"])
    collective = bool(ws & coll) or ("bij" in ws and "ons" in ws)
    return collective and bool(ws & norm) and len(words) >= 4


def belief_statements(transcript, codebook, *, nlp=None, matcher=None) -> list[Statement]:
    """The transcript's belief statements that no code of ``codebook`` matches."""
    from ..nlp.lexicon import lexicon
    from ..nlp.matching import clauses
    from ..nlp.pipeline import load_pipeline
    from .tagging import build_matcher

    lang = transcript.language
    nlp = nlp or load_pipeline(lang)
    matcher = matcher or build_matcher(codebook, lang, nlp)
    lex = lexicon(lang)
    skip = lex.function_words | lex.negations | _COLLECTIVE.get(lang, frozenset()) | _GENERIC.get(lang, frozenset())
    out = []
    segments = transcript.coded_segments()
    for seg, doc in zip(segments, nlp.pipe([transcript.text[s.start:s.end] for s in segments])):
        for sent in doc.sents:
            toks = list(sent)
            words = [t.lower_ for t in toks]
            if not is_belief_statement(words, lang):
                continue
            if matcher.match_sentence(sent, clauses(toks, lang)):
                continue
            # one key per content word: its shortest lemma-like key, so "scherm"/"schermen" group together
            lemmas = set()
            for t in toks:
                if t.is_alpha and len(t.text) >= 3 and t.lower_ not in skip and not t.like_num:
                    keys = [k for k in lex.keys(t.text, t.lemma_ or None) if k.startswith("~")] or [t.lower_]
                    if lex.lemma(t.text, t.lemma_ or None) not in skip:
                        lemmas.add((min(keys), t.lower_))
            if lemmas:
                start, end = seg.start + sent.start_char, seg.start + sent.end_char
                out.append(Statement(transcript.id, transcript.group, start, end, transcript.text[start:end],
                                     frozenset(k for k, _ in lemmas), tuple(sorted(lemmas))))
    return out


def group_themes(statements: list[Statement], *, min_interviews: int = 2, limit: int = 15) -> tuple[Theme, ...]:
    """Group statements by shared lemmas (pairs first), ranked by interviews then groups.

    >>> S = lambda i, g, *l: Statement(i, g, 0, 1, " ".join(l), frozenset(l))
    >>> themes = group_themes([S("a", "hr", "mail", "alles"), S("b", "kc", "mail", "alles", "via"),
    ...                        S("c", "kc", "laatst", "horen"), S("d", "bo", "laatst", "horen")])
    >>> [(t.label, len(t.interviews)) for t in themes]
    [('alles + mail', 2), ('horen + laatst', 2)]
    """
    remaining = list(statements)
    themes: list[Theme] = []
    while remaining and len(themes) < limit:
        index: dict[tuple, list[Statement]] = {}
        for s in remaining:
            lem = sorted(s.lemmas)
            for key in [(l,) for l in lem] + list(combinations(lem, 2)):
                index.setdefault(key, []).append(s)

        def rank(item):
            key, sts = item
            interviews = {s.interview for s in sts}
            groups = {s.group for s in sts if s.group}
            return (len(interviews), len(groups), len(key), len(sts), tuple(-ord(c) for c in " ".join(key)))

        candidates = [(k, v) for k, v in index.items() if len({s.interview for s in v}) >= min_interviews]
        if not candidates:
            break
        best_single = max(rank(c)[:2] for c in candidates)
        # prefer a pair that is as widely voiced as the best single lemma
        key, sts = max((c for c in candidates if rank(c)[:2] == best_single), key=rank)
        surface: dict[str, list[str]] = {}
        for s in sts:
            for k, w in s.words:
                surface.setdefault(k, []).append(w)
        label = " + ".join(min(sorted(surface[k]), key=len) if k in surface else k for k in key)
        themes.append(Theme(label=label, lemmas=key,
                            interviews=tuple(sorted({s.interview for s in sts})),
                            groups=tuple(sorted({s.group for s in sts if s.group})),
                            statements=tuple(sorted(sts, key=lambda s: (s.interview, s.start)))))
        used = {id(s) for s in sts}
        remaining = [s for s in remaining if id(s) not in used]
    return tuple(themes)


def _redacted(statement: Statement, redactor, language: str) -> Statement:
    """``statement`` with names replaced in its text and left out of its lemmas (theme labels are made of them)."""
    from dataclasses import replace

    names = {key for key, word in statement.words if redactor.contains_name(word)}
    return replace(statement, text=redactor.redact(statement.text, language), lemmas=statement.lemmas - names,
                   words=tuple((key, word) for key, word in statement.words if key not in names))


def find_themes(project, *, min_interviews: int = 2, limit: int = 15, progress=None) -> ThemesResult:
    """Candidate red threads of an engagement (quotes redacted)."""
    from ..ingest import load_transcripts
    from ..privacy.redact import redactor_for
    from .codebook import load_codebook

    codebook = load_codebook(project.codebook_path)
    transcripts, _ = load_transcripts(project.root, default_language=project.settings.language)
    redactor = redactor_for(transcripts, project.settings)
    statements: list[Statement] = []
    for n, t in enumerate(transcripts, 1):
        statements += [_redacted(s, redactor, t.language) for s in belief_statements(t, codebook)]
        if progress:
            progress(t.id, n, len(transcripts))
    return ThemesResult(themes=group_themes(statements, min_interviews=min_interviews, limit=limit),
                        statements=len(statements))
