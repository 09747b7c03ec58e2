"""Clauses and negation scope in a sentence (heuristics that need no parser).

A match is *negated* when its clause holds a negation cue (niet, geen, nooit, not, n't, never...) that is
not one of the pattern's own words, or when the clause is a complement ("dat ...", "that ...") of a negated
clause. "niet alleen" / "not only" is not a negation, nor is an answer "No, ...", nor an idiom ("no
matter", "no doubt", "geen wonder", "zonder twijfel"). ``without`` / ``zonder`` is a preposition: it negates
only the words after it ("a macro without reading the question" does not deny the macro), and a negation
before it cancels it ("we could not have done it without the team" affirms the team). Not knowing the details
does not deny a thing: "I don't remember how many records we lost", "ik weet niet meer wanneer we verhuisden".
"""
from __future__ import annotations

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
# negation words that do not deny: "no matter how", "no doubt", "no wonder", "not to mention", "geen wonder",
# "zonder twijfel", "without (a) doubt"
_IDIOMS = frozenset({("no", "matter"), ("no", "doubt"), ("no", "wonder"), ("not", "to", "mention"),
                     ("geen", "wonder"), ("zonder", "twijfel"), ("without", "doubt"), ("without", "a", "doubt"),
                     ("without", "question"), ("without", "a", "question")})
# "I don't know / remember how ...", "ik weet niet meer wanneer ...": not knowing the details of a thing does
# not deny it
_KNOW = frozenset("know knew remember remembered recall recalled sure understand weet weten wist herinner "
                  "herinneren zeker".split())
_WH = frozenset("how when where why who what which hoe wanneer waar waarom wie wat welke hoeveel".split())
# negation cues that are prepositions: they scope over the words after them
_PREPOSITIONS = frozenset({"without", "zonder"})
_CLAUSE_PUNCT = frozenset({",", ";", ":", "–", "—", "-", "(", ")", "…", '"', "“", "”"})


def word(tok) -> str:
    """A token's lowercase form with typographic apostrophes made straight (Word writes "don’t": do + n’t)."""
    w = tok.lower_
    return w.replace("’", "'").replace("‘", "'") if "’" in w or "‘" in w else w


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


def _not_knowing(toks, clause_ids, cue: int, first_used: int) -> bool:
    """Whether the negation at ``cue`` denies knowing (a knowing word near it) what a wh-word after it opens,
    before the match at ``first_used``: the match is then outside the negation."""
    c = clause_ids[cue]
    near = [p for p in range(max(0, cue - 3), min(len(toks), cue + 4))
            if clause_ids[p] == c and toks[p].lower_ in _KNOW]
    if not near:
        return False
    return any(toks[q].lower_ in _WH and clause_ids[q] == c for q in range(max(cue, near[0]) + 1, first_used))


def is_negated(toks, clause_ids, clause: int, used: set, own: set, negations, language: str) -> bool:
    """Whether the match in ``clause`` (its words at sentence positions ``used``) is negated.

    ``own``: the pattern's own negation words (they do not negate it); ``negations``: the language's cues.
    """
    neg = negations
    first_used = min(used) if used else len(toks)

    def has_neg(c):
        cues = 0                                  # negation cues met so far in the clause
        for pos, t in enumerate(toks):
            if clause_ids[pos] != c or pos in used:
                continue
            w = word(t)
            if w in neg and w not in own:
                nxt = word(toks[pos + 1]) if pos + 1 < len(toks) else ""
                after = word(toks[pos + 2]) if pos + 2 < len(toks) else ""
                if w in ("niet", "not") and nxt in ("alleen", "only", "just", "enkel", "slechts"):
                    continue                                                   # "niet alleen" = not only
                if w == "no" and (nxt in (",", ".", "!", "") or pos == 0 and nxt in (",",)):
                    continue                                                   # "No, ..." is an answer
                if (w, nxt) in _IDIOMS or (w, nxt, after) in _IDIOMS:
                    continue                                                   # "no matter", "no doubt"
                if _not_knowing(toks, clause_ids, pos, first_used):
                    continue              # "I don't remember how many records we lost": they were lost
                if w in _PREPOSITIONS:
                    if pos > first_used:
                        continue                  # "a macro without reading ...": negates what follows only
                    if cues:
                        return False              # "could not have done it without ...": two negations
                    return True
                cues += 1
        return cues > 0

    if has_neg(clause):
        return True
    # complement clause of a negated clause: "Ik heb nooit gezien dat ...", "I never felt that ..."
    first = next((p for p, c in enumerate(clause_ids) if c == clause), None)
    if first is not None and clause > 0 and toks[first].lower_ in _COMPLEMENTIZERS.get(language, ()):
        return has_neg(clause - 1)
    return False
