"""
=============================
Where groups see it differently
=============================

:func:`compare_groups` puts the groups of an engagement side by side (managers, customer contact, HR,
back office, ...): per code, the share of each group's interviews that mention it and the share of its
mentions that are negated ("the customer does *not* come first here"). A code is flagged when the
groups differ by at least ``min_difference`` in either figure, e.g. all managers say the customer comes
first while only a few front-line colleagues do, or they do but negated.

Groups below the anonymity threshold are never shown (a note says why), interviews without a group are
left out (a note says how many).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import AnalysisError, Errors
from ..i18n import t

__all__ = ["compare_groups", "CompareResult", "CompareRow", "COMPARE_BY"]

COMPARE_BY = ("group", "role")


@dataclass(frozen=True)
class CompareRow:
    """One code across the groups. Shares are 0-1, rounded to 3 decimals."""

    code: str
    label: str
    kind: str
    effect: str
    shares: dict = field(hash=False)          # {group: share of its interviews that mention the code}
    negated: dict = field(hash=False)         # {group: share of its mentions that are negated}; mentioning groups only
    difference: float = 0.0                   # max - min of shares
    negated_difference: float = 0.0           # max - min of negated (over the groups that mention it)
    high: str = ""                            # group with the highest share
    low: str = ""                             # group with the lowest share
    flagged: bool = False

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "kind": self.kind, "effect": self.effect,
                "shares": dict(self.shares), "negated": dict(self.negated), "difference": self.difference,
                "negated_difference": self.negated_difference, "high": self.high, "low": self.low,
                "flagged": self.flagged}


@dataclass(frozen=True)
class CompareResult:
    by: str                                   # "group" | "role"
    groups: dict = field(hash=False)          # {group: interviews} for the groups shown
    suppressed: dict = field(hash=False)      # {group: note} below the anonymity threshold
    rows: tuple = ()                          # CompareRow, flagged first, then by difference
    notes: tuple = ()                         # plain-word notes in the project language
    min_difference: float = 0.5

    def as_dict(self) -> dict:
        return {"by": self.by, "groups": dict(self.groups), "suppressed": dict(self.suppressed),
                "notes": list(self.notes), "min_difference": self.min_difference,
                "codes": [r.as_dict() for r in self.rows]}


def compare_groups(evidence, *, by="group", min_difference=0.5):
    """Compare how often each group mentions each code, and how often negated.

    Parameters
    ----------
    evidence : culturemap.project.Evidence
    by : {"group", "role"}, optional (default="group")
        The interview attribute that defines the groups.
    min_difference : float, optional (default=0.5)
        Flag a code when the shares (or negated shares) of two groups differ by at least this much.

    Returns
    -------
    CompareResult
        Rows for every code mentioned in a shown group: flagged ones first, then by the larger of
        the two differences (highest first), then by code id.

    Raises
    ------
    AnalysisError
        E408 when ``by`` is not "group" or "role".

    Examples
    --------
    >>> from culturemap.models import Code, Codebook, Tag
    >>> from culturemap.project import Evidence, Interview, Settings
    >>> book = Codebook(1, "en", (Code("first", "Customer first", "belief", "enabling"),))
    >>> ivs = tuple(Interview(f"i{n}", f"I0{n}", "leaders" if n <= 2 else "contact", None, "en")
    ...             for n in range(1, 5))
    >>> tags = (Tag("i1", "", 0, 1, "first"), Tag("i2", "", 0, 1, "first"), Tag("i3", "", 0, 1, "first", negated=True))
    >>> result = compare_groups(Evidence(book, Settings(language="en", anonymity_threshold=2), ivs, tags, ()))
    >>> row = result.rows[0]
    >>> row.shares, row.negated, row.flagged
    ({'contact': 0.5, 'leaders': 1.0}, {'contact': 1.0, 'leaders': 0.0}, True)
    """
    if by not in COMPARE_BY:
        raise AnalysisError(Errors.E408, by=by)
    language = evidence.settings.language
    threshold = evidence.settings.anonymity_threshold
    group_of = {i.id: getattr(i, by) for i in evidence.interviews}

    sizes: dict[str, int] = {}
    for g in group_of.values():
        if g:
            sizes[g] = sizes.get(g, 0) + 1
    shown = {g: n for g, n in sorted(sizes.items()) if n >= threshold}
    suppressed = {g: t("group.suppressed", language, n=n, threshold=threshold)
                  for g, n in sorted(sizes.items()) if n < threshold}
    notes = []
    ungrouped = sum(1 for g in group_of.values() if not g)
    if ungrouped:
        notes.append(t("compare.ungrouped", language, n=ungrouped, by=by))
    if len(shown) < 2:
        notes.append(t("compare.too_few_groups", language))

    codes = {c.id: c for c in evidence.codebook.codes}
    told: dict[str, dict[str, set[str]]] = {}  # code -> group -> set of interviews
    mentions: dict[str, dict[str, list[int]]] = {}  # code -> group -> [mentions, negated]
    for tag in evidence.tags:
        g = group_of.get(tag.interview)
        if tag.code not in codes or g not in shown:
            continue
        told.setdefault(tag.code, {}).setdefault(g, set()).add(tag.interview)
        row = mentions.setdefault(tag.code, {}).setdefault(g, [0, 0])
        row[0] += 1
        row[1] += int(tag.negated)

    rows = []
    for code_id in sorted(told):
        code = codes[code_id]
        shares = {g: round(len(told[code_id].get(g, ())) / n, 3) for g, n in shown.items()}
        negated = {g: round(m[1] / m[0], 3) for g, m in sorted(mentions[code_id].items())}
        difference = round(max(shares.values()) - min(shares.values()), 3)
        negated_difference = round(max(negated.values()) - min(negated.values()), 3)
        high = min(shares, key=lambda g: (-shares[g], g))
        low = min(shares, key=lambda g: (shares[g], g))
        flagged = len(shown) >= 2 and max(difference, negated_difference) >= min_difference
        rows.append(CompareRow(code=code_id, label=code.label_for(language), kind=code.kind, effect=code.effect,
                               shares=shares, negated=negated, difference=difference,
                               negated_difference=negated_difference, high=high, low=low, flagged=flagged))
    rows.sort(key=lambda r: (not r.flagged, -max(r.difference, r.negated_difference), r.code))
    return CompareResult(by=by, groups=shown, suppressed=suppressed, rows=tuple(rows), notes=tuple(notes),
                         min_difference=min_difference)
