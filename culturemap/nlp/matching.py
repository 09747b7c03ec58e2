"""Pattern matching on spaCy docs: codes on sentences, with negation (the :class:`Matcher`).

A phrase pattern such as ``"klant centraal stellen"`` is compiled to *slots*, one per content word (articles,
pronouns and auxiliaries are dropped: :mod:`culturemap.nlp.patterns`). A sentence matches when every slot is
filled by a distinct token of ONE clause, in any order, within a window of ``3 * slots + 4`` tokens (a
separable verb's particle may stand anywhere in the clause: :mod:`culturemap.nlp.placement`), where a token
fills a slot when their keys intersect (lowercase, lemma, rule lemma, stem: see :mod:`culturemap.nlp.lexicon`).
Dutch separable verbs fill their slot as one word (``doorgeschoven``) or as verb + particle in the same clause
(``schuiven ... door``). Power users may give spaCy token patterns (lists of dicts); those run through
spaCy's ``Matcher`` (:mod:`culturemap.nlp.token_patterns`).

Precision rules (real speech): a stem key only joins words the lexicon does not know as different lemmas
("quite" is not "quit"); a hyphenated pattern word is one slot, written hyphenated or as one word
("shout-out", never "shouts out"); two neighbouring nouns of a pattern (a compound) must not have a
determiner between them in the text ("customers ... each day" is not "customer day"); a pattern with one
content word keeps its function words and must stand together, in order in English ("who is
responsible"); words of a multiword name ("the Records Reconstruction Branch") fill no slot. A code's
``not:`` phrases veto its match in the clause where they match.

Clauses and negation scope are :mod:`culturemap.nlp.scope`; a hit's stance (present, absent, wished; negated
unless present) is :mod:`culturemap.nlp.stance`; causal links from connectives are
:mod:`culturemap.nlp.links`. Their public names stay importable from here.

>>> from culturemap.nlp.pipeline import load_pipeline
>>> nlp = load_pipeline("nl", trained=False)
>>> m = Matcher.from_phrases({"klant-centraal": ["klant centraal stellen"]}, "nl", nlp)
>>> [(h.code, h.negated) for h in m.match_sentence(next(nlp("We stelden de klant nooit echt centraal.").sents))]
[('klant-centraal', True)]
"""
from __future__ import annotations

from .expand import compound_keys
from .lexicon import lexicon
from .links import CONNECTIVES, LinkHit, find_link_hits
from .patterns import Hit, Pattern, Slot, compile_pattern, compile_phrase, merged_variants
from .placement import _best_window, _hyphenated, _name_positions, _particle_positions
from .scope import clauses
from .stance import PRESENT, stance
from .token_patterns import _plain, compile_token_patterns

__all__ = ["Slot", "Pattern", "Hit", "Matcher", "clauses", "CONNECTIVES", "find_link_hits", "LinkHit",
           "compile_pattern", "compile_phrase"]


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
        self.compounds = language == "nl"          # a compound's head fills its slot (nlp.expand)
        if self.compounds:
            patterns = patterns + [v for pat in patterns for v in merged_variants(pat, self.lex)]
            self.patterns = patterns
        self.merged_index: dict[str, list[tuple[int, int]]] = {}
        for pi, pat in enumerate(patterns):
            for si, slot in enumerate(pat.slots):
                if slot.modifier:                      # found by a compound's head or as written
                    for k in slot.keys:
                        self.merged_index.setdefault(k, []).append((pi, si))
                    for k in slot.joined:
                        self.joined_index.setdefault(k, []).append((pi, si))
                    continue
                for k in slot.keys:
                    (self.stem_index if k.startswith("~") else self.index).setdefault(k, []).append((pi, si))
                for k in slot.verb_keys:
                    self.verb_index.setdefault(k, []).append((pi, si))
                if slot.hyphen:
                    self.hyphen_index.setdefault(slot.hyphen[0], []).append((pi, si))
                for k in slot.joined:
                    self.joined_index.setdefault(k, []).append((pi, si))
        self.vocabulary: dict[str, set] = {}       # code -> the keys (no stems) of its patterns' words
        for pat in patterns:
            self.vocabulary.setdefault(pat.code, set()).update(
                k for slot in pat.slots for k in slot.keys if not k.startswith("~"))
        self.spacy_matcher = None
        self.token_patterns: dict[str, tuple[str, object]] = {}     # spaCy key -> (code, pattern)
        self.vetoes: Matcher | None = None
        if token_patterns and nlp is not None:
            self.spacy_matcher, self.token_patterns = compile_token_patterns(nlp, token_patterns)

    # ---------------------------------------------------------------- compile
    @classmethod
    def from_phrases(cls, phrases: dict[str, list], language: str, nlp,
                     vetoes: dict[str, list] | None = None, derived: dict[str, list] | None = None) -> "Matcher":
        """``{code: [phrase or token-pattern, ...]}`` -> Matcher. Phrases go through ``nlp.pipe``.

        ``vetoes``: ``{code: [phrase or token-pattern, ...]}``; a match of one of them in a clause vetoes
        the code's match in that clause ("product backlog" for a code whose pattern is "backlog").
        ``derived``: ``{code: [text, ...]}``, extra patterns whose text names their origin ("long waits
        (label)": :func:`culturemap.nlp.expand.derived_phrases`); a hit shows that text.
        """
        from .expand import phrase_of

        lex = lexicon(language)
        texts: list[str] = []
        owners: list[str] = []
        token_patterns: dict[str, list[dict]] = {}
        for code in sorted(phrases):
            for p in phrases[code]:
                if isinstance(p, str):
                    texts.append(p)
                    owners.append(code)
                else:
                    token_patterns.setdefault(code, []).append(p)
        derived = derived or {}
        for code in sorted(derived):
            for p in derived[code]:
                texts.append(p)
                owners.append(code)
        patterns = []
        for code, phrase, doc in zip(owners, texts, nlp.pipe([phrase_of(t) for t in texts])):
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
                    if slot.particle is None:      # only separable verbs are in verb_index
                        continue
                    for ppos in _particle_positions(lowers, clause_ids, pos, slot.particle):
                        add(pi, si, (pos, ppos))
                for pi, si in self.joined_index.get(k, ()):
                    add(pi, si, (pos, -1))
            if self.compounds and len(lowers[pos]) >= 7:     # Dutch compound: its head fills the slot ...
                modifier, head = compound_keys(lowers[pos], self.lex)
                for k in head - keys:
                    for pi, si in self.index.get(k, ()):      # ... when the code knows the modifier too
                        pat = self.patterns[pi]
                        if not pat.slots[si].hyphen and modifier & self.vocabulary[pat.code]:
                            add(pi, si, (pos, -1))
                for k in head:
                    for pi, si in self.merged_index.get(k, ()):   # "klantcontact" for "klant contact"
                        if modifier & self.patterns[pi].slots[si].modifier:
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
            found = self._stance(toks, clause_ids, clause, set(positions), pat)
            tok_idx = tuple(sorted(toks[p].i for p in positions))
            key = (pat.code, clause)
            old = hits.get(key)
            if old is None or len(tok_idx) > len(old.tokens):
                hits[key] = Hit(pat.code, pat.text, tok_idx, found != PRESENT, clause, found)
        if self.spacy_matcher is not None:
            doc = sent.doc
            for match_id, start, end in self.spacy_matcher(sent):
                code, p = self.token_patterns[doc.vocab.strings[match_id]]
                rel = list(range(start, end))          # offsets relative to the sentence span
                clause = clause_ids[rel[0]] if rel else 0
                found = self._stance(toks, clause_ids, clause, set(rel), None)
                key = (code, clause)
                if key not in hits and key not in vetoed:
                    hits[key] = Hit(code, _plain(p), tuple(toks[p].i for p in rel), found != PRESENT, clause, found)
        return sorted(hits.values(), key=lambda h: (h.tokens[0] if h.tokens else 0, h.code))

    def _stance(self, toks, clause_ids, clause, used: set, pat: Pattern | None) -> str:
        own = {s.word for s in pat.slots} if pat else set()
        return stance(toks, clause_ids, clause, used, own, self.lex.negations, self.language)
