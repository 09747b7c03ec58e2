"""Where a pattern's slots may land in a sentence: one clause, distinct tokens, a window, placement rules.

A sentence matches when every slot is filled by a distinct token of ONE clause within a window of
``3 * slots + 4`` tokens (:meth:`~culturemap.nlp.patterns.Pattern.max_span`); a separable verb's particle may
stand anywhere in the clause; two neighbouring nouns of a pattern (a compound) must not have a determiner
between them in the text ("customers ... each day" is not "customer day"); a one-content-word phrase stands
in order in English; words of a multiword name ("the Records Reconstruction Branch") fill no slot.
"""
from __future__ import annotations

from .patterns import Pattern

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

