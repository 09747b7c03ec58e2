"""Pattern matching on spaCy docs: codes on sentences, negation, clauses and causal connectives.

A phrase pattern such as ``"klant centraal stellen"`` is compiled to *slots*, one per content word (articles,
pronouns and auxiliaries are dropped). A sentence matches when every slot is filled by a distinct token of
ONE clause, in any order, within a window of ``3 * slots + 4`` tokens (a separable verb's particle may
stand anywhere in the clause), where a token fills a slot when their
keys intersect (lowercase, lemma, rule lemma, stem: see :mod:`culturemap.nlp.lexicon`). Dutch separable verbs fill
their slot as one word (``doorgeschoven``) or as verb + particle in the same clause (``schuiven ... door``).
Power users may give spaCy token patterns (lists of dicts); those run through spaCy's ``Matcher``.

Precision rules (real speech): a stem key only joins words the lexicon does not know as different lemmas
("quite" is not "quit"); a hyphenated pattern word is one slot, written hyphenated or as one word
("shout-out", never "shouts out"); two neighbouring nouns of a pattern (a compound) must not have a
determiner between them in the text ("customers ... each day" is not "customer day"); a pattern with one
content word keeps its function words and must stand together, in order in English ("who is
responsible"); words of a multiword name ("the Records Reconstruction Branch") fill no slot. A code's
``not:`` phrases veto its match in the clause where they match.

A match is *negated* when its clause holds a negation cue (niet, geen, nooit, not, n't, never...) that is
not one of the pattern's own words, or when the clause is a complement ("dat ...", "that ...") of a negated
clause. "niet alleen" / "not only" is not a negation.

Causal links come from connectives: ``X waardoor/zodat/dus/leidt tot Y`` and ``Omdat/Doordat X, Y`` give
X -> Y; ``X omdat/doordat/want Y`` gives Y -> X; a sentence opening with ``Daardoor/Daarom/Dus/Hierdoor``
(``Therefore/So/As a result/That's why``) links the previous sentence's codes to its own, and one opening
with ``Dat komt doordat`` (``That's because``) links its codes to the previous sentence's. The sign is "-"
when exactly one side is negated or the effect is phrased as a decrease (minder, less, prevents...).
A conjunction links only clauses with a verb on each side (not items of a list); "so far", a filler "So," /
"Dus ja" and "as we said" are not connectives (:func:`_not_causal`).

>>> from culturemap.nlp.pipeline import load_pipeline
>>> nlp = load_pipeline("nl", trained=False)
>>> m = Matcher.from_phrases({"klant-centraal": ["klant centraal stellen"]}, "nl", nlp)
>>> [(h.code, h.negated) for h in m.match_sentence(next(nlp("We stelden de klant nooit echt centraal.").sents))]
[('klant-centraal', True)]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .lexicon import lexicon

__all__ = ["Slot", "Pattern", "Hit", "Matcher", "clauses", "CONNECTIVES", "find_link_hits", "LinkHit"]


@dataclass(frozen=True)
class Slot:
    word: str
    keys: frozenset
    particle: str | None = None          # separable verb: particle ...
    verb_keys: frozenset = frozenset()   # ... and the keys of the verb without it
    negation: bool = False               # the pattern's own negation word
    known: frozenset = frozenset()       # the lemmas the lexicon knows the word as (stems stand in for others)
    verb: bool = False                   # the word can be a verb (a verb may take its own object between)
    noun: bool = False                   # the word can be a noun
    noun_only: bool = False              # ... and nothing else (a noun that modifies the next: "customer day")
    hyphen: tuple = ()                   # "shout-out": the lowercase parts before the last (matched written so)
    joined: frozenset = frozenset()      # ... and the keys of the word written as one ("shoutout")


@dataclass(frozen=True)
class Pattern:
    code: str
    text: str
    slots: tuple[Slot, ...]
    phrase: bool = False                 # function words kept ("who is responsible"): a tight span, in order in en
    adjacent: tuple[bool, ...] = ()      # slot i and i + 1 stand next to each other in the pattern

    @property
    def max_span(self) -> int:
        if self.phrase:
            return len(self.slots) + 2
        return 3 * len(self.slots) + 4


@dataclass(frozen=True)
class Hit:
    code: str
    pattern: str
    tokens: tuple[int, ...]              # doc token indices of the matched words
    negated: bool
    clause: int                          # index of the clause in the sentence


# ------------------------------------------------------------------------------------------- clauses
_SUBORDINATORS = {
    "nl": frozenset("""omdat doordat waardoor zodat terwijl wanneer toen hoewel ofschoon nadat voordat totdat
        sinds indien tenzij zodra want waarbij waarmee waarop waarin waarna zodra aangezien""".split()),
    "en": frozenset("""because since while whereas although though unless until after before which who
        whom whose but so therefore whenever once""".split()),
}
# coordinators start a clause only after a comma or before a subject ("maar" is often a filler: "schuif
# ik de klant maar door")
_COORD = {"nl": frozenset({"en", "of", "maar"}), "en": frozenset({"and", "or"})}
_COMPLEMENTIZERS = {"nl": frozenset({"dat", "die", "wat", "om", "als", "of"}), "en": frozenset({"that", "if", "whether", "to", "when"})}
_SUBJECTS = {
    "nl": frozenset("ik je jij u hij zij ze we wij jullie men het er de een dat dit die daar dan toen niemand iedereen".split()),
    "en": frozenset("i you he she it we they there the a an this that nobody everybody everyone people".split()),
}
_CLAUSE_PUNCT = frozenset({",", ";", ":", "–", "—", "-", "(", ")", "…", '"', "“", "”"})


def clauses(tokens, language: str) -> list[int]:
    """Clause index for each token of a sentence (heuristic, works without a parser).

    A new clause starts after , ; : and dashes, and at subordinating conjunctions; ``en/of`` (``and/or``)
    start one only after a comma or before a subject-like word; ``dat``/``that`` when a subject follows.

    >>> import spacy
    >>> doc = spacy.blank("nl")("Ik help de klant, maar de manager kijkt alleen naar cijfers")
    >>> clauses(list(doc), "nl")
    [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    """
    lang = language if language in _SUBORDINATORS else "en"
    sub, coord, comp, subj = _SUBORDINATORS[lang], _COORD[lang], _COMPLEMENTIZERS[lang], _SUBJECTS[lang]
    out, current, prev_punct = [], 0, False
    n = len(tokens)
    for i, tok in enumerate(tokens):
        w = tok.lower_
        nxt = tokens[i + 1].lower_ if i + 1 < n else ""
        boundary = False
        if i > 0 and not prev_punct:
            if w in sub:
                boundary = True
            elif w in coord and (nxt in subj):
                boundary = True
            elif w in comp and w in ("dat", "that") and nxt in subj:
                boundary = True
        if boundary:
            current += 1
        out.append(current)
        inner_hyphen = w in ("-", "–") and i > 0 and not tokens[i - 1].whitespace_   # customer-focused
        if (w in _CLAUSE_PUNCT or tok.is_punct and w not in ("'", "’")) and not inner_hyphen:
            if w in _CLAUSE_PUNCT and i + 1 < n:
                current += 1
                prev_punct = True
                continue
        prev_punct = False
    return out


# ------------------------------------------------------------------------------------------- matcher
class Matcher:
    """Compiled codebook patterns for one language; see the module docstring for the rules."""

    def __init__(self, patterns: list[Pattern], language: str, nlp=None, token_patterns=None):
        self.language = language
        self.lex = lexicon(language)
        self.patterns = patterns
        self.index: dict[str, list[tuple[int, int]]] = {}
        self.stem_index: dict[str, list[tuple[int, int]]] = {}
        self.verb_index: dict[str, list[tuple[int, int]]] = {}
        self.hyphen_index: dict[str, list[tuple[int, int]]] = {}
        self.joined_index: dict[str, list[tuple[int, int]]] = {}
        for pi, pat in enumerate(patterns):
            for si, slot in enumerate(pat.slots):
                for k in slot.keys:
                    (self.stem_index if k.startswith("~") else self.index).setdefault(k, []).append((pi, si))
                for k in slot.verb_keys:
                    self.verb_index.setdefault(k, []).append((pi, si))
                if slot.hyphen:
                    self.hyphen_index.setdefault(slot.hyphen[0], []).append((pi, si))
                for k in slot.joined:
                    self.joined_index.setdefault(k, []).append((pi, si))
        self.spacy_matcher = None
        self.token_patterns: dict[str, tuple[str, object]] = {}     # spaCy key -> (code, pattern)
        self.vetoes: Matcher | None = None
        if token_patterns and nlp is not None:
            from spacy.matcher import Matcher as SpacyMatcher

            from ..errors import CodebookError, Errors

            self.spacy_matcher = SpacyMatcher(nlp.vocab, validate=True)
            provided = _annotations(nlp)
            for code, plist in token_patterns.items():
                for n, p in enumerate(plist):
                    key = f"{code}#{n}"
                    missing = sorted({str(a).upper() for t in p for a in t} - provided & _NEEDS_PIPE.keys())
                    if missing:
                        raise CodebookError(Errors.E209, id=code, pattern=[dict(t) for t in p], detail=(
                            f"{missing[0]} needs a trained spaCy pipeline with a {_NEEDS_PIPE[missing[0]]}, "
                            f"and the pipeline in use ({nlp.meta.get('culturemap_pipeline', nlp.meta.get('name'))}) "
                            "has none; install one (e.g. python -m spacy download en_core_web_sm) or use "
                            "LOWER, TEXT, LEMMA, LENGTH"))
                    try:
                        self.spacy_matcher.add(key, [[dict(t) for t in p]])
                    except (ValueError, TypeError, KeyError) as exc:
                        detail = " ".join(str(exc).split())
                        detail = re.sub(r"^Invalid token patterns for matcher rule '[^']*' Pattern \d+: - ", "", detail)
                        raise CodebookError(Errors.E209, id=code, pattern=[dict(t) for t in p],
                                            detail=detail[:300]) from None
                    self.token_patterns[key] = (code, p)

    # ---------------------------------------------------------------- compile
    @classmethod
    def from_phrases(cls, phrases: dict[str, list], language: str, nlp,
                     vetoes: dict[str, list] | None = None) -> "Matcher":
        """``{code: [phrase or token-pattern, ...]}`` -> Matcher. Phrases go through ``nlp.pipe``.

        ``vetoes``: ``{code: [phrase or token-pattern, ...]}``; a match of one of them in a clause vetoes
        the code's match in that clause ("product backlog" for a code whose pattern is "backlog").
        """
        lex = lexicon(language)
        texts, owners, token_patterns = [], [], {}
        for code in sorted(phrases):
            for p in phrases[code]:
                if isinstance(p, str):
                    texts.append(p)
                    owners.append(code)
                else:
                    token_patterns.setdefault(code, []).append(p)
        patterns = []
        for code, phrase, doc in zip(owners, texts, nlp.pipe(texts)):
            pat = compile_pattern(code, phrase, doc, lex)
            if pat is not None:
                patterns.append(pat)
        matcher = cls(patterns, language, nlp, token_patterns)
        if vetoes and any(vetoes.values()):
            matcher.vetoes = cls.from_phrases(vetoes, language, nlp)
        return matcher

    # ---------------------------------------------------------------- match
    def token_keys(self, tok) -> frozenset:
        if tok.like_num:                      # "vier" is four, not a form of "vieren"
            return frozenset({tok.lower_})
        return self.lex.keys(tok.text, tok.lemma_ or None)

    def match_sentence(self, sent, clause_ids: list[int] | None = None, toks: list | None = None) -> list[Hit]:
        """All pattern hits in one sentence (a spaCy Span), at most one per (code, clause).

        ``toks`` (``list(sent)``) and ``clause_ids`` may be passed when the caller has them already.
        """
        if toks is None:
            toks = list(sent)
        if clause_ids is None:
            clause_ids = clauses(toks, self.language)
        lowers = [t.lower_ for t in toks]
        # candidates[pi][si] -> list of (position, particle_position or -1)
        candidates: dict[int, dict[int, list[tuple[int, int]]]] = {}

        def add(pi, si, cand):
            lst = candidates.setdefault(pi, {}).setdefault(si, [])
            if cand not in lst:
                lst.append(cand)

        names = _name_positions(toks, self.lex.function_words)
        for pos, tok in enumerate(toks):
            if tok.is_punct or tok.is_space or pos in names:
                continue
            keys = self.token_keys(tok)
            known = None
            for k in keys:
                for pi, si in self.index.get(k, ()):
                    if not self.patterns[pi].slots[si].hyphen:
                        add(pi, si, (pos, -1))
                for pi, si in self.stem_index.get(k, ()):
                    slot = self.patterns[pi].slots[si]
                    if known is None:
                        known = self.lex.known(tok.text, tok.lemma_ or None)
                    if not slot.hyphen and self.lex.stem_may_match(known, slot.known):
                        add(pi, si, (pos, -1))
                for pi, si in self.verb_index.get(k, ()):
                    slot = self.patterns[pi].slots[si]
                    for ppos in _particle_positions(lowers, clause_ids, pos, slot.particle):
                        add(pi, si, (pos, ppos))
                for pi, si in self.joined_index.get(k, ()):
                    add(pi, si, (pos, -1))
            for pi, si in self.hyphen_index.get(lowers[pos], ()):
                slot = self.patterns[pi].slots[si]
                last = _hyphenated(toks, lowers, pos, slot.hyphen)
                if last is not None and (self.token_keys(toks[last]) & slot.keys):
                    add(pi, si, (pos, last))     # the last part rides along like a particle (highlighted)
        hits: dict[tuple[str, int], Hit] = {}
        vetoed: set[tuple[str, int]] = set()     # (code, clause) where a veto phrase of the code matched
        if self.vetoes is not None and candidates:
            vetoed = {(h.code, h.clause) for h in self.vetoes.match_sentence(sent, clause_ids, toks)}
        for pi, by_slot in candidates.items():
            pat = self.patterns[pi]
            if len(by_slot) < len(pat.slots):
                continue
            skip = {c for code, c in vetoed if code == pat.code}
            best = _best_window(pat, by_slot, clause_ids, lowers, self.language, skip)
            if best is None:
                continue
            positions, clause = best
            negated = self._negated(toks, clause_ids, clause, set(positions), pat)
            tok_idx = tuple(sorted(toks[p].i for p in positions))
            key = (pat.code, clause)
            old = hits.get(key)
            if old is None or len(tok_idx) > len(old.tokens):
                hits[key] = Hit(pat.code, pat.text, tok_idx, negated, clause)
        if self.spacy_matcher is not None:
            doc = sent.doc
            for match_id, start, end in self.spacy_matcher(sent):
                code, p = self.token_patterns[doc.vocab.strings[match_id]]
                rel = list(range(start, end))          # offsets relative to the sentence span
                clause = clause_ids[rel[0]] if rel else 0
                negated = self._negated(toks, clause_ids, clause, set(rel), None)
                key = (code, clause)
                if key not in hits and key not in vetoed:
                    hits[key] = Hit(code, _plain(p), tuple(toks[p].i for p in rel), negated, clause)
        return sorted(hits.values(), key=lambda h: (h.tokens[0] if h.tokens else 0, h.code))

    def _negated(self, toks, clause_ids, clause, used: set, pat: Pattern | None) -> bool:
        neg = self.lex.negations
        own = {s.word for s in pat.slots if s.negation} if pat else set()

        def has_neg(c):
            for pos, t in enumerate(toks):
                if clause_ids[pos] != c or pos in used:
                    continue
                w = t.lower_
                if w in neg and w not in own:
                    nxt = toks[pos + 1].lower_ if pos + 1 < len(toks) else ""
                    if w in ("niet", "not") and nxt in ("alleen", "only", "just", "enkel", "slechts"):
                        continue                                                   # "niet alleen" = not only
                    if w == "no" and (nxt in (",", ".", "!", "") or pos == 0 and nxt in (",",)):
                        continue                                                   # "No, ..." is an answer
                    return True
            return False

        if has_neg(clause):
            return True
        # complement clause of a negated clause: "Ik heb nooit gezien dat ...", "I never felt that ..."
        first = next((p for p, c in enumerate(clause_ids) if c == clause), None)
        if first is not None and clause > 0 and toks[first].lower_ in _COMPLEMENTIZERS.get(self.language, ()):
            return has_neg(clause - 1)
        return False


_DETERMINERS = frozenset("de het een die deze dit dat mijn je jouw zijn haar ons onze hun jullie elke alle "
                         "ieder iedere zo'n".split())


def _particle_positions(lowers: list[str], clause_ids, verb: int, particle: str) -> list[int]:
    """Where the separated particle of the verb at ``verb`` may stand: later in its clause (main clause:
    "schuiven we de klant door"), or just before it ("door te schuiven", "door moeten schuiven"); never a
    preposition ("door de werkdruk"). Nearest after the verb first. ``lowers``: the sentence's words."""
    after, before = [], []
    for ppos, w in enumerate(lowers):
        if w != particle or ppos == verb or clause_ids[ppos] != clause_ids[verb]:
            continue
        nxt = lowers[ppos + 1] if ppos + 1 < len(lowers) else ""
        if nxt in _DETERMINERS:
            continue
        if ppos > verb:
            after.append(ppos)
        elif verb - ppos <= 3:
            before.append(ppos)
    return after + before[::-1]


def _name_positions(toks, function_words) -> set[int]:
    """Positions of the words of a multiword proper name ("the Records Reconstruction Branch", "the Career
    Intern Development Program"): two or more capitalised words in a row, not only the sentence's first
    word and "I". Such a name is what a unit or programme is called, not what the speaker says about it."""
    out: set[int] = set()
    run: list[int] = []

    def close():
        if len(run) >= 2 and not (run[0] == 0 and len(run) == 2):
            out.update(run)
        run.clear()

    for pos, tok in enumerate(toks):
        text = tok.text
        if text[:1].isupper() and text[1:].islower() and tok.lower_ not in function_words:
            run.append(pos)
        else:
            close()
    close()
    return out


# token attributes a blank pipeline does not set, and the component that would
_NEEDS_PIPE = {"POS": "tagger", "TAG": "tagger", "MORPH": "tagger", "DEP": "parser", "ENT_TYPE": "ner",
               "ENT_IOB": "ner", "ENT_ID": "ner", "ENT_KB_ID": "ner"}


def _annotations(nlp) -> set[str]:
    """The token attributes of :data:`_NEEDS_PIPE` that the pipeline sets."""
    names = " ".join(nlp.pipe_names)
    out = set()
    if "tagger" in names or "morphologizer" in names:
        out |= {"POS", "TAG", "MORPH"}
    if "parser" in names:
        out.add("DEP")
    if "ner" in names:
        out |= {"ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"}
    return out


def _plain(pattern) -> str:
    """A token pattern as the consultant wrote it: ``[{LOWER: nps}, {LIKE_NUM: true}]``."""
    import json

    if isinstance(pattern, str):
        return pattern
    return json.dumps([dict(t) for t in pattern], ensure_ascii=False).replace('"', "")


def _hyphenated(toks, lowers, pos: int, parts: tuple) -> int | None:
    """Position of the last part when ``parts`` - ... - <last> are written hyphenated from ``pos`` on."""
    p = pos
    for part in parts:
        if p + 2 >= len(toks) or lowers[p] != part or lowers[p + 1] not in ("-", "–"):
            return None
        if toks[p].whitespace_ or toks[p + 1].whitespace_:
            return None
        p += 2
    return p


def compile_phrase(doc, lex) -> tuple[Slot, ...]:
    """Slots for a pattern phrase (a spaCy Doc). Empty when no word is left (the pattern can never match)."""
    pat = compile_pattern("", doc.text, doc, lex)
    return pat.slots if pat is not None else ()


def compile_pattern(code: str, text: str, doc, lex) -> Pattern | None:
    """A :class:`Pattern` for a phrase (a spaCy Doc), or None when no word is left.

    Articles, pronouns, auxiliaries and most prepositions are dropped, unless the phrase has at most one
    content word: then its function words carry the meaning ("who is responsible", "by the book", "do as
    told") and stay, and the phrase must stand together (in order in English). A hyphenated word
    ("shout-out") is one slot, matched only when written hyphenated or as one word ("shouts out" is not it).
    """
    toks = [t for t in doc if not t.is_space]
    # join hyphenated words: shout - out -> one item (first parts, last token)
    items: list[tuple[tuple[str, ...], object, int]] = []     # (parts before last, last token, index)
    i = 0
    while i < len(toks):
        t = toks[i]
        parts: list[str] = []
        while (i + 2 < len(toks) and toks[i + 1].lower_ in ("-", "–") and not toks[i].whitespace_
               and not toks[i + 1].whitespace_ and not toks[i].is_punct and not toks[i + 2].is_punct):
            parts.append(toks[i].lower_)
            i += 2
            t = toks[i]
        if not t.is_punct:
            items.append((tuple(parts), t, i))
        i += 1
    if not items:
        return None

    def is_function(item):
        parts, t, _ = item
        return not parts and t.lower_ in lex.function_words and t.lower_ not in lex.negations

    content = [it for it in items if not is_function(it)]
    phrase = False
    if not content:          # a pattern of only function words: keep them all rather than nothing
        content = items
    elif len(content) == 1 and len(items) > 1:
        content, phrase = items, True
    slots = []
    for parts, t, _ in content:
        if parts:
            joined = "".join(parts) + t.lower_
            last = lex.keys(t.text, t.lemma_ or None)
            keys = frozenset(k for k in last if not k.startswith("~"))
            slots.append(Slot(word="-".join(parts + (t.lower_,)), keys=keys, hyphen=parts, noun=True,
                              joined=frozenset(k for k in lex.keys(joined) if not k.startswith("~"))))
            continue
        keys = lex.keys(t.text, t.lemma_ or None)
        particle, verb_keys = None, frozenset()
        for k in sorted(keys):
            split = lex.split_separable(k)
            if split:
                particle, verb = split
                verb_keys = lex.keys(verb, verb)
                break
        slots.append(Slot(word=t.lower_, keys=keys, particle=particle, verb_keys=verb_keys,
                          negation=t.lower_ in lex.negations, known=lex.known(t.text, t.lemma_ or None),
                          verb=lex.can_be_verb(keys), noun=lex.can_be_noun(keys),
                          noun_only=lex.can_be_noun(keys, only=True)))
    index = [ix for _, _, ix in content]
    pos_in_items = {ix: n for n, (_, _, ix) in enumerate(items)}
    adjacent = tuple(pos_in_items[b] - pos_in_items[a] == 1 for a, b in zip(index, index[1:]))
    return Pattern(code=code, text=text, slots=tuple(slots), phrase=phrase, adjacent=adjacent)


# a determiner opens another noun phrase: "customers come in each day" is not "customer day" (a noun compound)
_NP_START = {
    "nl": frozenset("de een elke iedere ieder deze alle".split()),
    "en": frozenset("the a an each every these those another".split()),
}


def _best_window(pat: Pattern, by_slot, clause_ids, lowers=None, language="en", skip=()):
    """Smallest set of distinct positions filling every slot inside one clause (not one in ``skip``, where
    a veto phrase matched) and the span limit."""
    n = len(pat.slots)
    best = None
    clauses_seen = sorted({clause_ids[p] for cands in by_slot.values() for p, _ in cands} - set(skip))
    accept = _placement_rule(pat, lowers, language) if lowers is not None else None
    for clause in clauses_seen:
        per_slot = []
        for si in range(n):
            cands = [(p, pp) for p, pp in by_slot.get(si, []) if clause_ids[p] == clause]
            if not cands:
                break
            per_slot.append(cands)
        else:
            choice = _assign(per_slot, pat.max_span, accept)
            if choice is not None:
                positions, span = choice
                if best is None or span < best[2]:
                    best = (positions, clause, span)
    if best is None:
        return None
    return best[0], best[1]


def _placement_rule(pat: Pattern, lowers, language):
    """A check on where each slot landed (slot index -> position): phrases in order (English), and no
    determiner between two neighbouring nouns of the pattern (a noun compound: the first only a noun, the
    second not a verb) that appear in the pattern's order."""
    np_start = _NP_START.get(language, _NP_START["en"])
    ordered = pat.phrase and language == "en"
    pairs = [i for i, adj in enumerate(pat.adjacent)
             if adj and pat.slots[i].noun_only and pat.slots[i + 1].noun and not pat.slots[i + 1].verb]
    if not ordered and not pairs:
        return None

    def accept(placed: dict[int, int]) -> bool:
        if ordered and any(placed[i] >= placed[i + 1] for i in range(len(pat.slots) - 1)):
            return False
        for i in pairs:
            a, b = placed[i], placed[i + 1]
            if a < b and any(w in np_start for w in lowers[a + 1:b]):
                return False
        return True

    return accept


def _assign(per_slot, max_span, accept=None):
    """Backtracking over slot candidates (few per slot): distinct tokens, minimal span <= max_span.

    ``accept(placed)`` (slot index -> position) may refuse a complete placement."""
    best = [None, max_span + 1]
    order = sorted(range(len(per_slot)), key=lambda si: len(per_slot[si]))

    def rec(i, used, lo, hi, chosen, placed):
        if hi - lo + 1 >= best[1]:
            return
        if i == len(order):
            if accept is None or accept(placed):
                best[0], best[1] = tuple(chosen), hi - lo + 1
            return
        si = order[i]
        for pos, ppos in per_slot[si][:12]:
            if pos in used or (ppos >= 0 and ppos in used):
                continue
            extra = [pos] + ([ppos] if ppos >= 0 else [])
            nlo, nhi = min(lo, pos), max(hi, pos)       # the particle does not count towards the span
            rec(i + 1, used | set(extra), nlo, nhi, chosen + extra, {**placed, si: pos})

    rec(0, frozenset(), 10**9, -1, [], {})
    if best[0] is None:
        return None
    return tuple(sorted(best[0])), best[1]


# ------------------------------------------------------------------------------------------- links
@dataclass(frozen=True)
class LinkHit:
    cause: Hit
    effect: Hit
    sign: str
    connective: str


# kind "forward": X <conn> Y means X -> Y; "backward": X <conn> Y means Y -> X.
# "lead": at the start of a sentence: "Omdat X, Y" -> X -> Y. "next": at sentence start, previous -> this.
# "prev": at sentence start, this -> previous ("Dat komt doordat ...").
CONNECTIVES = {
    "nl": {
        "forward": ["waardoor", "zodat", "daardoor", "hierdoor", "dus", "daarom", "zodoende", "leidt tot",
                    "leiden tot", "leidde tot", "leidden tot", "geleid tot", "zorgt ervoor dat", "zorgen ervoor dat",
                    "zorgde ervoor dat", "zorgt voor", "zorgen voor", "zorgde voor", "met als gevolg",
                    "resulteert in", "veroorzaakt", "als gevolg", "daarvan", "betekent dat", "maakt dat",
                    "waarop", "en dan", "dan"],
        "backward": ["omdat", "doordat", "want", "vanwege", "dankzij", "komt door", "komt doordat",
                     "ligt aan", "door"],
        "lead": ["omdat", "doordat", "als", "wanneer", "zolang", "vanwege", "dankzij", "door"],
        "next": ["daardoor", "daarom", "dus", "hierdoor", "zodoende", "als gevolg", "gevolg is", "het gevolg",
                 "dat leidt tot", "dat zorgt ervoor", "dat zorgt voor", "dat betekent", "dan", "en dan",
                 "uiteindelijk"],
        "prev": ["dat komt doordat", "dat komt omdat", "dat komt door", "dat ligt aan", "komt doordat",
                 "komt omdat", "oorzaak is"],
    },
    "en": {
        "forward": ["so", "therefore", "thus", "hence", "leads to", "lead to", "led to", "leading to",
                    "causes", "caused", "results in", "resulted in", "which means", "means that", "so that",
                    "as a result", "that's why", "which is why", "makes", "made", "then"],
        "backward": ["because", "since", "due to", "because of", "thanks to", "caused by", "comes from",
                     "is down to", "as"],
        "lead": ["because", "since", "as", "if", "when", "whenever", "as long as", "due to", "thanks to"],
        "next": ["so", "therefore", "as a result", "that's why", "this is why", "that is why", "because of that",
                 "this leads to", "that leads to", "this means", "that means", "thus", "hence",
                 "consequently", "then", "in the end", "eventually"],
        "prev": ["that's because", "that is because", "this is because", "it's because", "it is because",
                 "the reason is"],
    },
}
_EXPLAINS = {
    "nl": ((["dat", "komt"], {"doordat", "omdat", "door"}), (["dat", "ligt"], {"aan"}),
           (["het", "komt"], {"doordat", "omdat", "door"})),
    "en": ((["that", "'s"], {"because"}), (["that", "is"], {"because"}), (["this", "is"], {"because"}),
           (["it", "'s"], {"because"}), (["it", "is"], {"because"})),
}
_DECREASE = {   # lemmas: an effect phrased as a decrease flips the sign ("leidt tot minder klachten")
    "nl": frozenset("minder verminderen vermindering voorkomen verlagen dalen afnemen belemmeren ondermijnen "
                    "remmen weinig kleiner afname daling lager verdwijnen".split()),
    "en": frozenset("less fewer reduce reduction lower prevent decrease drop fall decline hinder undermine "
                    "little disappear".split()),
}


@functools.lru_cache(maxsize=4)
def _connectives(language: str) -> dict[str, list[list[str]]]:
    """Connective phrases split like spaCy splits the text ("that's why" -> that 's why), longest first.

    >>> _connectives("en")["prev"][0]
    ['that', "'s", 'because']
    """
    table = CONNECTIVES.get(language, CONNECTIVES["en"])

    def split(phrase: str) -> list[str]:
        return re.sub(r"(\w)('s|n't|'re|'ll|'ve|'d)\b", r"\1 \2", phrase.lower()).split()

    return {kind: sorted((split(p) for p in phrases), key=lambda p: -len(p)) for kind, phrases in table.items()}


def _find_phrase(words: list[str], phrase: list[str], start: int = 0) -> int:
    n = len(phrase)
    for i in range(start, len(words) - n + 1):
        if words[i:i + n] == phrase:
            return i
    return -1


def find_link_hits(sent_toks, hits: list[Hit], prev_hits: list[Hit] | None, language: str) -> list[LinkHit]:
    """Causal links inside one sentence, and from the previous sentence into this one.

    ``sent_toks`` are the sentence's tokens; ``hits`` its code hits (doc token indices); ``prev_hits`` the
    previous sentence's hits in the same speaker turn (or None).
    """
    conn = _connectives(language)
    words = [t.lower_ for t in sent_toks]
    base = sent_toks[0].i if sent_toks else 0
    decrease = _DECREASE.get(language, _DECREASE["en"])
    lex = lexicon(language)
    is_decrease = [bool(lex.keys(t.text, t.lemma_ or None) & decrease) for t in sent_toks]
    out: list[LinkHit] = []

    def pos_of(h: Hit) -> float:
        return sum(h.tokens) / len(h.tokens) - base

    def pairs(causes, effects, connective, effect_region=None):
        for c in causes:
            for e in effects:
                if c.code == e.code:
                    continue
                dec = False
                if effect_region is not None:
                    lo, hi = effect_region
                    dec = any(is_decrease[i] for i in range(lo, min(hi, len(words))) if (i + base) not in e.tokens)
                sign = "-" if (c.negated != e.negated) != dec else "+"
                out.append(LinkHit(c, e, sign, connective))

    def skip_start(ws):
        i = 0
        while i < len(ws) and (ws[i] in ("en", "and", "maar", "but", "ja", "yes", "nou", "well", "'", '"', "-", "–")
                               or ws[i] in (",",)):
            i += 1
        return i

    s0 = skip_start(words)
    verbish: list[bool] | None = None

    def has_verb(lo: int, hi: int) -> bool:
        nonlocal verbish
        if verbish is None:
            verbish = [lex.can_be_verb(lex.keys(t.text, t.lemma_ or None)) for t in sent_toks]
        return any(verbish[lo:hi])

    def real(ph: list[str], at: int, kind: str) -> bool:
        """Whether the connective ``ph`` at word ``at`` is causal here (see :func:`_not_causal`)."""
        return not _not_causal(words, ph, at, kind, lex, has_verb, language)
    # "Dat komt (voor een groot deel) doordat ...", "That's (mostly) because ...": this sentence explains the
    # previous one, with a few words between the opening and the connective
    if prev_hits and hits:
        for opening, because in _EXPLAINS.get(language, ()):
            if words[s0:s0 + len(opening)] == opening:
                rest = words[s0 + len(opening):s0 + len(opening) + 6]
                if any(w in because for w in rest):
                    pairs(hits, prev_hits, " ".join(opening))
                    return _dedupe(out)
    # sentence-initial connectives first (longest phrase wins)
    for kind in ("prev", "next", "lead"):
        for ph in conn[kind]:
            phrase = " ".join(ph)
            if words[s0:s0 + len(ph)] == ph:
                if not real(ph, s0, kind):
                    break
                if kind == "prev" and prev_hits:
                    pairs(hits, prev_hits, phrase)
                    return _dedupe(out)
                if kind == "next" and prev_hits:
                    pairs(prev_hits, hits, phrase, (s0 + len(ph), len(words)))
                    return _dedupe(out)
                if kind == "lead":
                    # "Omdat X, Y": cause up to the first clause comma, effect after it
                    try:
                        comma = words.index(",", s0 + len(ph))
                    except ValueError:
                        comma = -1
                    if comma < 0 and len(hits) >= 2:
                        # "Door de werkdruk schuiven we ... door": no comma, the cause is the first hit
                        ordered = sorted(hits, key=pos_of)
                        first = ordered[0]
                        comma = int(max(first.tokens) - base) + 1
                    if comma > 0:
                        causes = [h for h in hits if pos_of(h) < comma]
                        effects = [h for h in hits if pos_of(h) > comma]
                        if causes and effects:
                            pairs(causes, effects, phrase, (comma + 1, len(words)))
                            return _dedupe(out)
                break
    # connectives inside the sentence
    for kind in ("forward", "backward"):
        for ph in conn[kind]:
            phrase = " ".join(ph)
            i = _find_phrase(words, ph, s0 + 1)
            while i > 0:
                left = [h for h in hits if pos_of(h) < i]
                right = [h for h in hits if pos_of(h) >= i + len(ph)]
                if left and right and real(ph, i, kind):
                    if kind == "forward":
                        pairs(left, right, phrase, (i + len(ph), len(words)))
                    else:
                        pairs(right, left, phrase, (0, i))
                    return _dedupe(out)
                i = _find_phrase(words, ph, i + 1)
    return _dedupe(out)


# conjunctions join a cause CLAUSE and an effect CLAUSE (each needs a verb); a verb ("leads to") or a
# preposition ("because of", "door") as connective takes noun phrases
_CONJUNCTIONS = {
    "nl": frozenset("waardoor zodat daardoor hierdoor dus daarom zodoende waarop dan omdat doordat want".split()),
    "en": frozenset("so therefore thus hence then because since as".split()),
}
# a filler, not a conclusion: "So, ...", "So yeah", "Dus ja", "Nou dus"
_FILLERS = frozenset("yeah yes um uh er erm anyway basically okay ok well like ja eh ehm uhm nou goed oké".split())
# "as we said", "as I told you": a comment on the talk, not a cause
_SPEECH = frozenset("say said mention mentioned tell told know knew call called remember see saw think "
                    "thought put explain explained".split())
_EN_SUBJECTS = frozenset("i you he she it we they".split())
# "so far", "so much", "and so on": a degree word or the end of a list
_SO_NOT_CAUSAL = frozenset("far much many long often few little well on forth to called what".split())
_AUXILIARIES = {
    "en": frozenset("do does did will would can could is are was were should shall have has had".split()),
    "nl": frozenset("is zijn was waren heb hebt heeft hebben had hadden kan kun kunt kunnen zal zou zouden "
                    "wil wilt willen moet moeten doe doet doen".split()),
}


def _not_causal(words, ph, at, kind, lex, has_verb, language) -> bool:
    """Whether the connective ``ph`` found at word ``at`` is not a causal connective in this sentence.

    - "so far", "so much", "so many": "so" before an adjective or adverb is a degree word; "and so on"
      ends a list;
    - "So," / "Dus," (a comma or a filler after it) opens a turn or a sentence as a filler;
    - "as we said", "as I told you" comment on the talk; "When do you ...?" asks, it does not condition;
    - a conjunction (so, because, then, omdat, waardoor, dan...) needs a clause with a verb on each side:
      between items of a list ("training, awards and then promotions") there is no cause and effect.
    """
    n = len(ph)
    nxt = words[at + n] if at + n < len(words) else ""
    first = ph[0]
    if kind == "lead" and n == 1 and nxt in _AUXILIARIES.get(language, ()):
        return True                                       # "When do you think ...?", "Als je ...?": a question
    if n == 1 and first in ("so", "dus"):
        if nxt in (",", "") or nxt in _FILLERS:
            return True
        if first == "so":
            if nxt in _SO_NOT_CAUSAL:
                return True
            pos = lex.pos(nxt)
            if pos and pos <= {"adj", "adv"} and nxt not in ("now", "then"):
                return True                               # "so busy", "so important"
    if n == 1 and first == "as" and language == "en":
        after = words[at + 2] if at + 2 < len(words) else ""
        if nxt not in _EN_SUBJECTS and nxt not in ("the", "a", "an", "this", "that", "there", "people"):
            return True                                   # "as a result" is its own phrase; "as well", "as a trainee"
        if after in _SPEECH:
            return True
    if ph[-1] in _CONJUNCTIONS.get(language, ()) and kind in ("forward", "backward"):
        if not has_verb(0, at) or not has_verb(at + n, len(words)):
            return True
    return False


def _dedupe(links: list[LinkHit]) -> list[LinkHit]:
    seen, out = set(), []
    for l in links:
        key = (l.cause.code, l.effect.code)
        if key not in seen:
            seen.add(key)
            out.append(l)
    return out
