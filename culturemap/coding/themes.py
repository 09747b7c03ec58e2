"""Red threads the codebook does not cover yet: recurring belief-like statements no code matched.

A *belief statement* is an interviewee's sentence that speaks for a collective ("we", "wij", "bij ons",
"men", "iedereen", "here", "everyone"...) or carries a marker of habit or norm ("altijd", "nooit", "moet",
"hoort", "always", "never", "must", "have to"...), e.g. "Bij ons moet alles via de mail", "We log every
complaint in the flexdesk". (Both at once was too rare in real speech: people tell how "we" work far more
often than they state a rule.) Statements that a code already matches are left out.

The rest are grouped by what they are about: a *key term* of the engagement (:mod:`culturemap.coding.keyterms`),
a multiword key phrase ("burned records", "de agenda is heilig" gives "agenda") or a word the interviewees
use much more often than ordinary language does, above all organisation jargon (a word rare in ordinary
language used in several interviews: "wachtlijst", "DBC's"). Function words, generic words ("thing",
"zeggen"), the collective and norm markers themselves and names never make a theme. A theme's label is the
term as the interviewees wrote it. Themes are ranked by keyness times spread (interviews, and half a point
per group) times how often it is voiced (1 + log10 of its statements), so a red thread voiced in many
interviews and groups comes first, and a jargon term beats a common word voiced as widely. A theme that
shares a word with a higher one counts half for each such theme (so "records", "accessioned records" and
"organizational records" do not fill the top together); one whose statements mostly sit in a higher theme
of about its size, or a word of a higher phrase, is left out.

>>> from culturemap.coding.themes import is_belief_statement
>>> is_belief_statement(["bij", "ons", "moet", "alles", "via", "de", "mail"], "nl")
True
>>> is_belief_statement(["de", "mail", "kwam", "gisteren"], "nl")
False
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

__all__ = ["Statement", "Theme", "ThemesResult", "Usage", "TermUse", "is_belief_statement", "belief_statements",
           "group_themes", "examples", "excerpt", "find_themes"]

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
                    "andere iets niks niets alles iedereen niemand wel hier daar "
                    # connectives and time adverbs that spaCy's Dutch stop words miss
                    "doordat zodat daardoor waardoor trouwens achteraf meteen ineens opeens vorig vorige volgend "
                    "volgende".split()),
    "en": frozenset("thing things people time times year day lot bit really just get got make made go going "
                    "say said think know see way yes no well kind sort always never every everyone nobody "
                    "something anything nothing everything actually one "
                    # sentence adverbs that spaCy's English stop words miss
                    "honestly basically probably maybe obviously anyways previous later earlier".split()),
}


@dataclass(frozen=True)
class Statement:
    interview: str
    group: str | None
    start: int
    end: int
    text: str
    lemmas: frozenset                       # the keys (stems) of the key-term candidates it holds ("~burn ~record")
    words: tuple = ()                       # (key, term as written) pairs, for readable labels


@dataclass(frozen=True)
class Theme:
    label: str                              # the term as written: "burned records"
    lemmas: tuple[str, ...]                 # its lemmas: ("burn", "record")
    interviews: tuple[str, ...]
    groups: tuple[str, ...]
    statements: tuple[Statement, ...]       # every statement of the theme, by interview and position
    kind: str = "word"                      # phrase | jargon | word (see keyterms.term_kind)
    score: float = 0.0                      # keyness x spread x form x voiced, the rank (see module doc)


@dataclass(frozen=True)
class TermUse:
    uses: int                               # in all interviewee speech of the engagement
    interviews: frozenset
    language: str
    nominal: int = 0                        # uses right after a determiner ("the fire")


@dataclass(frozen=True)
class Usage:
    """How often the engagement's interviewees use each candidate term (all their sentences)."""
    terms: dict                             # key -> TermUse
    words: int                              # words in all interviewee speech

    @staticmethod
    def of_statements(statements, language: str = "nl") -> "Usage":
        """The usage the statements alone show (when the engagement's other speech is not at hand)."""
        uses: Counter = Counter()
        seen: dict[str, set] = {}
        for s in statements:
            for key in s.lemmas:
                uses[key] += 1
                seen.setdefault(key, set()).add(s.interview)
        return Usage({k: TermUse(uses[k], frozenset(seen[k]), language) for k in uses},
                     sum(len(s.text.split()) for s in statements))


class _Counts:
    """Mutable tally behind :class:`Usage` while the transcripts are read."""

    def __init__(self):
        self.uses: Counter = Counter()
        self.interviews: dict[str, set] = {}
        self.language: dict[str, str] = {}
        self.nominal: Counter = Counter()
        self.words = 0

    def add(self, interview: str, language: str, terms) -> None:
        for key, nominal in terms:
            self.uses[key] += 1
            self.nominal[key] += bool(nominal)
            self.interviews.setdefault(key, set()).add(interview)
            self.language.setdefault(key, language)

    def usage(self) -> Usage:
        return Usage({k: TermUse(n, frozenset(self.interviews[k]), self.language[k], self.nominal[k])
                      for k, n in self.uses.items()}, self.words)


@dataclass(frozen=True)
class ThemesResult:
    themes: tuple[Theme, ...]
    statements: int                         # uncovered belief statements considered

    def as_dict(self, pseudonyms: dict | None = None) -> dict:
        ps = pseudonyms or {}

        def quote(s):
            return {"interview": ps.get(s.interview, s.interview), "text": s.text}

        return {"statements": self.statements, "themes": [
            {"label": t.label, "kind": t.kind, "lemmas": list(t.lemmas), "interviews": len(t.interviews),
             "groups": list(t.groups), "examples": [quote(s) for s in examples(t)],
             "statements": [quote(s) for s in t.statements]}
            for t in self.themes]}


def examples(theme: Theme, n: int = 3) -> tuple[Statement, ...]:
    """Up to ``n`` statements of ``theme``, one interview after the other (each interview's first first)."""
    by_interview: dict[str, list[Statement]] = {}
    for s in theme.statements:
        by_interview.setdefault(s.interview, []).append(s)
    out: list[Statement] = []
    rounds = max((len(v) for v in by_interview.values()), default=0)
    for i in range(rounds):
        out += [v[i] for v in by_interview.values() if i < len(v)]
    return tuple(out[:n])


def excerpt(text: str, term: str, width: int = 110) -> str:
    """``text`` on one line, cut to ``width`` characters around the first ``term`` in it (ellipses mark cuts).

    >>> excerpt("So we talked for hours and in the end everyone always had to use the flexdesk for it.", "flexdesk", 40)
    '…always had to use the flexdesk for it.'
    >>> excerpt("The flexdesk is where we log every complaint, every refund and every note of the day.", "flexdesk", 40)
    'The flexdesk is where we log every…'
    >>> excerpt("At the start of the year we always said that the technological advancement would help us.",
    ...         "technological advancements", 50)
    '…said that the technological advancement would…'
    >>> excerpt("Bij ons moet alles via de mail.", "mail")
    'Bij ons moet alles via de mail.'
    """
    import re

    text = " ".join(text.split())
    if len(text) <= width:
        return text
    loose = r"\s+".join(re.escape(w[:max(4, len(w) - 3)]) + r"\w*" for w in term.split())   # other forms
    found = (re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, re.IGNORECASE)
             or re.search(r"(?<!\w)" + loose, text, re.IGNORECASE))
    at = found.start() if found else 0
    start = max(0, min(at - width // 3, len(text) - width + 1))
    if start:
        start = text.find(" ", start) + 1 if " " in text[start:at] else start
    head = "\u2026" if start else ""
    room = width - len(head)
    body = text[start:]
    if len(body) > room:
        cut = body.rfind(" ", 0, room)
        body = body[:cut if cut > len(term) else room - 1].rstrip(" ,;:") + "\u2026"
    return head + body


def is_belief_statement(words: list[str], language: str) -> bool:
    """True when lowercase ``words`` (four or more) speak for a collective or carry a habit/norm marker.

    >>> is_belief_statement(["i", "was", "a", "file", "clerk"], "en")
    False
    """
    ws = set(words)
    coll, norm = _COLLECTIVE.get(language, _COLLECTIVE["en"]), _NORM.get(language, _NORM["en"])
    collective = bool(ws & coll) or ("bij" in ws and "ons" in ws)
    return (collective or bool(ws & norm)) and len(words) >= 4


def _skip_words(language: str, lex) -> frozenset:
    """Words that are never (part of) a theme: function words, negations, markers, generic words."""
    return (lex.function_words | lex.negations | _COLLECTIVE.get(language, frozenset())
            | _NORM.get(language, frozenset()) | _GENERIC.get(language, frozenset()))


def _possible_names(texts, language: str) -> frozenset:
    """Lowercase words the privacy heuristics take for a name somewhere, unless also written lowercase."""
    from ..privacy.candidates import capitalised_candidates

    flagged: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for cand, _, _ in capitalised_candidates(text, language):
            flagged.update(w.lower() for w in cand.split())
        lower.update(w for w in text.split() if w.islower())
    return frozenset(w for w in flagged if w not in lower)


def belief_statements(transcript, codebook, *, nlp=None, matcher=None, counts: _Counts | None = None
                      ) -> list[Statement]:
    """The transcript's belief statements that no code of ``codebook`` matches.

    ``counts`` (optional) tallies the key-term candidates of every interviewee sentence, for keyness.
    """
    from ..nlp.lexicon import lexicon
    from ..nlp.matching import clauses
    from ..nlp.pipeline import load_pipeline
    from .keyterms import sentence_terms
    from .tagging import build_matcher

    lang = transcript.language
    nlp = nlp or load_pipeline(lang)
    matcher = matcher or build_matcher(codebook, lang, nlp)
    lex = lexicon(lang)
    skip = _skip_words(lang, lex) | frozenset(nlp.Defaults.stop_words)   # spaCy's stop words end a phrase too
    out = []
    segments = transcript.coded_segments()
    texts = [transcript.text[s.start:s.end] for s in segments]
    names = _possible_names(texts, lang)
    for seg, doc in zip(segments, nlp.pipe(texts)):
        for sent in doc.sents:
            toks = list(sent)
            terms = sentence_terms(toks, lang, lex, skip, names)
            keys = [" ".join(key) for key, _, _ in terms]
            if counts is not None:
                counts.words += sum(1 for t in toks if t.is_alpha)
                counts.add(transcript.id, lang, [(k, nominal) for k, (_, _, nominal) in zip(keys, terms)])
            if not terms or not is_belief_statement([t.lower_ for t in toks], lang):
                continue
            if matcher.match_sentence(sent, clauses(toks, lang)):
                continue
            start, end = seg.start + sent.start_char, seg.start + sent.end_char
            out.append(Statement(transcript.id, transcript.group, start, end, transcript.text[start:end],
                                 frozenset(keys), tuple(sorted({(k, w) for k, (_, w, _) in zip(keys, terms)}))))
    return out


def _label(key: str, statements, language: str) -> str:
    """The term as the interviewees wrote it most often (lowercase unless always capitalised: "NPRC"), a
    noun-like form before a verb form ("benefits" before "benefiting") when both are as frequent."""
    from .keyterms import verb_or_adverb

    written = Counter(w for s in statements for k, w in s.words if k == key)
    if not written:
        return key
    by_lower: Counter = Counter()
    for w, n in written.items():
        by_lower[w.lower()] += n
    lower = min(by_lower, key=lambda w: (-by_lower[w], verb_or_adverb(w.split()[-1], language), w))
    if lower in written:
        return lower
    return min((w for w in written if w.lower() == lower), key=lambda w: (-written[w], w))


def group_themes(statements: list[Statement], *, usage: Usage | None = None, language: str = "nl",
                 min_interviews: int = 2, limit: int = 15) -> tuple[Theme, ...]:
    """Group statements by key term, ranked by keyness times spread (interviews, groups).

    ``usage`` is how the whole engagement uses each term (default: as the statements alone use it).

    >>> S = lambda i, g, *keys: Statement(i, g, 0, 1, " ".join(keys), frozenset(keys), tuple((k, k) for k in keys))
    >>> themes = group_themes([S("a", "hr", "mail", "verzuimregistratie"), S("b", "kc", "verzuimregistratie"),
    ...                        S("c", "kc", "mail"), S("d", "bo", "mail")])
    >>> [(t.label, t.kind, len(t.interviews), len(t.groups)) for t in themes]
    [('verzuimregistratie', 'jargon', 2, 2), ('mail', 'word', 3, 3)]
    """
    from .keyterms import COMMON_ZIPF, form_weight, general_zipf, keyness, term_kind, word_zipf

    usage = usage or Usage.of_statements(statements, language)
    by_key: dict[str, list[Statement]] = {}
    for s in statements:
        for key in s.lemmas:
            by_key.setdefault(key, []).append(s)
    candidates = []
    for key, sts in by_key.items():
        interviews = {s.interview for s in sts}
        use = usage.terms.get(key)
        if len(interviews) < min_interviews or use is None:
            continue
        lang = use.language
        label = _label(key, sts, lang)
        words = tuple(label.lower().split())
        if min(word_zipf(w, lang) for w in words) >= COMMON_ZIPF or word_zipf(words[-1], lang) >= COMMON_ZIPF:
            continue                                    # "people", "good work", "look like": about nothing
        if len(words) > 1 and use.uses < 2:
            continue                                    # a phrase is a key phrase when it recurs
        zipf = general_zipf(words, lang)
        key_ness = keyness(use.uses, usage.words, zipf)
        if key_ness < _MIN_KEYNESS:
            continue
        groups = {s.group for s in sts if s.group}
        score = (key_ness * (len(interviews) + 0.5 * len(groups)) * form_weight(label, lang, use.nominal, use.uses)
                 * (1 + math.log10(len(sts))))
        candidates.append((score, label, key, sts, term_kind(len(words), zipf, len(use.interviews)), groups, lang))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    themes: list[Theme] = []
    chosen: list[tuple[set, set]] = []                  # (stem keys, statement ids) of each theme so far
    while candidates and len(themes) < limit:
        # the best candidate, at half its score for each higher theme it shares a word with (so "records",
        # "accessioned records", "organizational records" do not fill the top together)
        def now(c):
            stems = set(c[2].split())
            return c[0] * _SAME_WORD ** sum(1 for their_stems, _ in chosen if stems & their_stems)

        best = max(range(len(candidates)), key=lambda i: (now(candidates[i]), -i))
        score, label, key, sts, kind, groups, lang = candidates.pop(best)
        ids = {id(s) for s in sts}
        stems = set(key.split())
        if any(_redundant(stems, ids, *higher) for higher in chosen):
            continue
        chosen.append((stems, ids))
        themes.append(Theme(label=label, lemmas=tuple(_lemma(w, lang) for w in label.lower().split()),
                            interviews=tuple(sorted({s.interview for s in sts})), groups=tuple(sorted(groups)),
                            statements=tuple(sorted(sts, key=lambda s: (s.interview, s.start))),
                            kind=kind, score=round(score, 3)))
    return tuple(themes)


_MIN_KEYNESS = 0.3          # used at least twice as often as in ordinary language
_REDUNDANT = 0.75           # share of a theme's statements already in one higher theme of about its size
_RELATED = 0.5              # the same for a word of a higher phrase ("section" after "correspondence section")
_SAME_WORD = 0.5            # score factor per higher theme that shares a word


def _lemma(word: str, language: str) -> str:
    """The lexicon's lemma of ``word``, but not its plural (the Dutch lookup table maps some nouns to their
    plural: "patiënt" -> "patiënten")."""
    from ..nlp.lexicon import lexicon
    from .keyterms import dutch_plural_of

    lemma = lexicon(language).lemma(word)
    return word if language == "nl" and dutch_plural_of(lemma, word) else lemma


def _redundant(stems: set, ids: set, their_stems: set, their_ids: set) -> bool:
    """Whether a theme says little beside a higher one: mostly the same statements (a phrase inside a much
    wider word theme, "accessioned records" under "records", still says something), or one of its words."""
    shared = len(ids & their_ids)
    if shared >= _REDUNDANT * len(ids) and shared >= _RELATED * len(their_ids):
        return True
    return len(stems) == 1 and stems < their_stems and shared >= _RELATED * len(ids)


def _redacted(statement: Statement, redactor, language: str) -> Statement:
    """``statement`` with names replaced in its text and left out of its terms (theme labels are made of them)."""
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
    counts = _Counts()
    for n, t in enumerate(transcripts, 1):
        statements += [_redacted(s, redactor, t.language) for s in belief_statements(t, codebook, counts=counts)]
        if progress:
            progress(t.id, n, len(transcripts))
    return ThemesResult(themes=group_themes(statements, usage=counts.usage(), language=project.settings.language,
                                            min_interviews=min_interviews, limit=limit),
                        statements=len(statements))
