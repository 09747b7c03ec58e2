"""Stage values: the frozen dataclasses that flow from one stage to the next.

transcripts -> ingest (Transcript, Segment) -> codebook (Codebook, Code) -> tagging (Tag, Link suggestions)
-> review (Codings: tags and links with a status) -> graph -> loops -> marks -> export/report.

Offsets (``start``/``end``) are always character offsets into ``Transcript.text``: for ``.md``/``.txt``
that is the file as read (decoded, front matter included); for ``.docx``/``.vtt``/``.srt`` it is the plain
text rendering ingest makes (one ``Speaker: text`` paragraph per turn, separated by a blank line).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Union

__all__ = [
    "Segment", "Transcript", "Code", "Codebook", "Tag", "Link", "Item", "Codings",
    "Loop", "LoopResult", "Mark", "MarkResult", "KINDS", "EFFECTS", "STATUSES", "SIGNS",
    "SUGGESTED", "ACCEPTED", "REJECTED", "STANCES",
]

KINDS = ("value", "belief", "behaviour", "outcome")
EFFECTS = ("enabling", "hindering", "ambivalent")
SUGGESTED, ACCEPTED, REJECTED = "suggested", "accepted", "rejected"
STATUSES = (SUGGESTED, ACCEPTED, REJECTED)
SIGNS = ("+", "-")
STANCES = ("present", "absent", "wished")   # a tag's stance: negated unless present


@dataclass(frozen=True)
class Segment:
    """One speaker turn (or one paragraph/bullet of notes without speaker labels)."""

    speaker: str            # the label as written ("" for notes without labels)
    start: int              # offset of the turn's text (after "Label: ") in Transcript.text
    end: int
    line: int               # 1-based line in the source file where the turn starts (cue index for vtt/srt)
    is_interviewer: bool = False

    def text_of(self, transcript: "Transcript") -> str:
        return transcript.text[self.start:self.end]


@dataclass(frozen=True)
class Transcript:
    """One dialogue, read from one file (plus its optional sidecar ``<file>.yaml``)."""

    id: str
    path: Path
    text: str
    segments: tuple[Segment, ...]
    language: str                       # "nl" or "en"
    name: str | None = None             # the interviewee's real name: redaction only, never shown
    group: str | None = None
    role: str | None = None
    date: str | None = None
    interviewer: str = "Interviewer"
    fingerprint: str = ""               # sha256 of the file bytes (+ sidecar bytes)
    speakers: tuple[str, ...] = ()      # every speaker label seen (for redaction)
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def coded_segments(self) -> tuple[Segment, ...]:
        """Segments whose words are coded: everything but the interviewer's turns."""
        return tuple(s for s in self.segments if not s.is_interviewer)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in ``text``."""
        return self.text.count("\n", 0, offset) + 1


@dataclass(frozen=True)
class Code:
    id: str
    label: str
    kind: str                                   # one of KINDS
    effect: str                                 # one of EFFECTS
    description: str = ""
    patterns: tuple = ()                        # phrases (str) or spaCy token patterns (tuple of dicts) for ONE language
    labels: dict = field(default_factory=dict, compare=False, hash=False)  # {"nl": ..., "en": ...} when given

    def label_for(self, language: str) -> str:
        return self.labels.get(language) or self.label


@dataclass(frozen=True)
class Codebook:
    version: int
    language: str
    codes: tuple[Code, ...]
    path: Path | None = None
    # patterns per language: {code_id: {"nl": (...), "en": (...)}}
    patterns_by_language: dict = field(default_factory=dict, compare=False, hash=False)
    # phrases that veto a code's match in the same clause: {code_id: {"nl": (...), "en": (...)}}
    vetoes_by_language: dict = field(default_factory=dict, compare=False, hash=False)

    def get(self, code_id: str) -> Code | None:
        for c in self.codes:
            if c.id == code_id:
                return c
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.codes)

    def vetoes_for(self, code_id: str, language: str) -> tuple:
        """Phrases that veto a match of the code in the same clause (``not:`` under ``patterns``)."""
        per = self.vetoes_by_language.get(code_id, {})
        return tuple(per.get(language) or per.get(self.language) or ())

    def patterns_for(self, code_id: str, language: str) -> tuple:
        """Patterns of a code for a language (falls back to the codebook language)."""
        per = self.patterns_by_language.get(code_id, {})
        return tuple(per.get(language) or per.get(self.language) or ())


@dataclass(frozen=True)
class Tag:
    """A code on a sentence. ``start``/``end`` span the sentence; ``spans`` the matched words."""

    interview: str
    speaker: str
    start: int
    end: int
    code: str
    negated: bool = False
    status: str = "suggested"           # suggested | accepted | rejected
    origin: str = "rule"                # rule | manual | model | gold | ...
    text: str = ""                      # the sentence, unredacted (redaction happens on export)
    spans: tuple[tuple[int, int], ...] = ()   # matched words, offsets into Transcript.text
    orphaned: bool = False              # its quote vanished after an edit; kept, reported
    stance: str = "present"             # present | absent | wished: the thing is there, missing or wished for

    def __post_init__(self) -> None:
        # ``negated`` leads: a tag that is not negated is present, a negated one absent unless it says wished
        if self.stance not in STANCES:
            raise ValueError(f"stance '{self.stance}' is not one of {', '.join(STANCES)}")
        if not self.negated and self.stance != "present":
            object.__setattr__(self, "stance", "present")
        elif self.negated and self.stance == "present":
            object.__setattr__(self, "stance", "absent")

    @property
    def key(self) -> tuple:
        return ("tag", self.interview, self.code, self.start, self.end)

    def with_status(self, status: str) -> "Tag":
        return replace(self, status=status)


@dataclass(frozen=True)
class Link:
    """A causal claim cause -> effect found in one or two adjacent sentences."""

    interview: str
    cause: str
    effect: str
    sign: str = "+"                     # "+" or "-"
    status: str = "suggested"
    origin: str = "rule"                # rule | manual | hand (links.csv in DIR) | ...
    text: str = ""
    start: int = 0
    end: int = 0
    speaker: str = ""
    note: str = ""
    orphaned: bool = False

    @property
    def key(self) -> tuple:
        return ("link", self.interview, self.cause, self.effect, self.start, self.end)

    def with_status(self, status: str) -> "Link":
        return replace(self, status=status)


Item = Union[Tag, Link]   # one reviewable suggestion or decision: what the codings store holds


@dataclass(frozen=True)
class Codings:
    """Review state of one transcript: its suggestions and decisions."""

    interview: str
    fingerprint: str
    tags: tuple[Tag, ...] = ()
    links: tuple[Link, ...] = ()

    def items(self) -> tuple[Item, ...]:
        """Its tags, then its links."""
        return (*self.tags, *self.links)

    def accepted_tags(self) -> tuple[Tag, ...]:
        return tuple(t for t in self.tags if t.status == ACCEPTED)

    def accepted_links(self) -> tuple[Link, ...]:
        return tuple(l for l in self.links if l.status == ACCEPTED)


# ---------------------------------------------------------------- analysis values (graph -> loops -> marks)

@dataclass(frozen=True)
class Loop:
    """A feedback loop. ``nodes`` starts at the smallest node id; ``links`` follow the loop in order."""

    id: str                                   # "R1", "B2": stable between runs
    polarity: str                             # "reinforcing" | "balancing"
    reading: str                              # "vicious" | "virtuous" | "mixed"
    nodes: tuple[str, ...]
    links: tuple[tuple[str, str, str], ...]   # (cause, effect, sign)
    score: float = 0.0                        # importance used for ordering (evidence along the loop)

    def as_dict(self) -> dict:
        return {"id": self.id, "polarity": self.polarity, "reading": self.reading, "nodes": list(self.nodes),
                "links": [{"cause": c, "effect": e, "sign": s} for c, e, s in self.links]}


@dataclass(frozen=True)
class LoopResult:
    loops: tuple[Loop, ...]
    truncated: bool
    components: tuple[tuple[str, ...], ...]   # strongly connected components with > 1 node, sorted
    truncated_by: str = ""                    # "" | "length" | "count" | "time"

    def as_dict(self) -> dict:
        return {"loops": [l.as_dict() for l in self.loops], "truncated": self.truncated,
                "components": [list(c) for c in self.components]}


@dataclass(frozen=True)
class Mark:
    code: str
    label: str
    kind: str
    effect: str
    mark: str                                 # "cherish" | "reduce" | "redirect"
    score: float                              # priority 0.0 - 1.0
    reasons: tuple[str, ...]                  # plain words, project language
    quotes: tuple[dict, ...] = ()             # {"interview": pseudonym, "text": redacted quote}

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "kind": self.kind, "effect": self.effect,
                "mark": self.mark, "score": round(self.score, 3), "reasons": list(self.reasons),
                "quotes": [dict(q) for q in self.quotes]}


@dataclass(frozen=True)
class MarkResult:
    marks: tuple[Mark, ...]                   # sorted by score, highest first
    balance: dict                             # {"overall": share, "mentions": n, "hindering": n,
                                              #  "by_group": {group: share}, "suppressed": {group: note}}

    def as_dict(self) -> dict:
        return {"marks": [m.as_dict() for m in self.marks], "balance": self.balance}
