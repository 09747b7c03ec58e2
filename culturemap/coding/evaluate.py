"""Score the tagger's suggestions against a gold coding: precision, recall, F1, negation or stance accuracy.

The suggestions are made fresh from the engagement's transcripts and current codebook (review decisions do
not count), so the figures measure the tagger, not the consultant. Gold is a folder or file in the CSV
export format (``tags.csv``: ``interview,speaker,start,end,code,negated,status,origin,text``; ``links.csv``:
``interview,cause,effect,sign,status,origin,text``; rows with status ``rejected`` are ignored), or a folder
of ``<id>.yaml`` quote files (``tags: [{code, negated, quote}]``, ``links: [{cause, effect, sign, quote}]``)
whose quotes are located in the transcripts. A gold tag may give its ``stance`` (``present|absent|wished``,
a ``stance`` column or key; ``negated`` then defaults to stance != present): the stance accuracy is scored
over the matched tags whose gold has one.

A suggestion matches a gold item of the same interview and code (for links: cause, effect AND sign) when
their character spans overlap; matching is one-to-one.

>>> s = Score(tp=9, fp=1, fn=3)
>>> (round(s.precision, 2), round(s.recall, 2), round(s.f1, 2))
(0.9, 0.75, 0.82)
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, EvaluateError

__all__ = ["Score", "Evaluation", "GoldItem", "read_gold", "evaluate_project", "score_items"]


@dataclass(frozen=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass(frozen=True)
class GoldItem:
    interview: str
    key: tuple            # (code,) for tags, (cause, effect, sign) for links
    start: int
    end: int
    negated: bool = False
    text: str = ""
    stance: str | None = None        # present | absent | wished, when the gold says


@dataclass(frozen=True)
class Evaluation:
    tags: Score
    links: Score
    per_code: dict                       # code -> Score (tags)
    negation_accuracy: float | None      # share of matched tags whose negated flag agrees
    negation_pairs: int
    misses: tuple = field(default=(), compare=False)           # (kind, interview, key, text) false negatives
    false_alarms: tuple = field(default=(), compare=False)     # (kind, interview, key, text) false positives
    interviews: int = 0
    pipelines: tuple = ()
    stance_accuracy: float | None = None  # share of matched tags with a gold stance whose stance agrees
    stance_pairs: int = 0

    def as_dict(self) -> dict:
        return {
            "interviews": self.interviews,
            "pipelines": list(self.pipelines),
            "tags": self.tags.as_dict(),
            "links": self.links.as_dict(),
            "negation_accuracy": None if self.negation_accuracy is None else round(self.negation_accuracy, 3),
            "negation_pairs": self.negation_pairs,
            "stance_accuracy": None if self.stance_accuracy is None else round(self.stance_accuracy, 3),
            "stance_pairs": self.stance_pairs,
            "per_code": {c: s.as_dict() for c, s in sorted(self.per_code.items())},
        }


def score_items(gold: list[GoldItem], predicted: list[GoldItem]):
    """One-to-one matching by (interview, key) and overlapping span.

    Returns (Score, matched pairs, unmatched gold, unmatched predicted).
    """
    by_key: dict[tuple, list[GoldItem]] = {}
    for g in gold:
        by_key.setdefault((g.interview, g.key), []).append(g)
    used: set[int] = set()
    pairs, fps = [], []
    for p in sorted(predicted, key=lambda x: (x.interview, x.start, x.key)):
        best = None
        for g in by_key.get((p.interview, p.key), ()):
            if id(g) in used:
                continue
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, g)
        if best is None:
            fps.append(p)
        else:
            used.add(id(best[1]))
            pairs.append((best[1], p))
    fns = [g for g in gold if id(g) not in used]
    return Score(tp=len(pairs), fp=len(fps), fn=len(fns)), pairs, fns, fps


def _truthy(value) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes", "ja", "y")


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise EvaluateError(Errors.E601, path=path, columns=", ".join(missing))
        return [dict(row, __line__=n) for n, row in enumerate(reader, 2)]


def interview_of(value: str, transcripts: dict) -> str:
    """The interview id an exported coding means: an exported file names interviews by their code
    (``I03``), never by id (ids are file names, often names), so a code is read back as its id."""
    from ..privacy.redact import interview_codes

    if value in transcripts:
        return value
    by_code = {code: iid for iid, code in interview_codes(transcripts.values()).items()}
    return by_code.get(value, value)


def read_gold(gold: Path, transcripts: dict) -> tuple[list[GoldItem], list[GoldItem]]:
    """Gold tags and links from CSV files or YAML quote files (see module docstring)."""
    gold = Path(gold)
    tags: list[GoldItem] = []
    links: list[GoldItem] = []
    tag_csv = gold if gold.is_file() else gold / "tags.csv"
    link_csv = gold.with_name("links.csv") if gold.is_file() else gold / "links.csv"
    yaml_files = sorted(gold.glob("*.yaml")) if gold.is_dir() else []
    def _iid(row):
        return interview_of(row["interview"], transcripts)

    if tag_csv.exists():
        for row in _read_csv(tag_csv, ("interview", "start", "end", "code", "negated")):
            if row.get("status", "accepted") == "rejected":
                continue
            tags.append(GoldItem(_iid(row), (row["code"],), int(row["start"]), int(row["end"]),
                                 _truthy(row["negated"]), row.get("text", ""),
                                 _gold_stance(row.get("stance"), tag_csv, row["__line__"])))
        if link_csv.exists():
            for row in _read_csv(link_csv, ("interview", "cause", "effect", "sign")):
                if row.get("status", "accepted") == "rejected":
                    continue
                start, end = _locate(transcripts, _iid(row), row.get("text", ""), link_csv, row["__line__"],
                                     row.get("start"), row.get("end"))
                links.append(GoldItem(_iid(row), (row["cause"], row["effect"], row["sign"]), start, end,
                                      False, row.get("text", "")))
        return tags, links
    if not yaml_files:
        raise EvaluateError(Errors.E602, path=gold)
    from .. import yamlfile

    for path in yaml_files:
        try:
            data = yamlfile.load(path.read_text(encoding="utf-8"))[0] or {}
        except yamlfile.YAMLProblem as exc:
            raise EvaluateError(Errors.E007 if exc.limit else Errors.E006, path=path, line=exc.line,
                                detail=exc.detail) from None
        interview = str(data.get("interview") or path.stem)
        for item in data.get("tags") or []:
            start, end = _locate(transcripts, interview, item["quote"], path, None)
            stance = _gold_stance(item.get("stance"), path, None)
            negated = item.get("negated", stance not in (None, "present"))
            tags.append(GoldItem(interview, (str(item["code"]),), start, end, bool(negated), item["quote"], stance))
        for item in data.get("links") or []:
            start, end = _locate(transcripts, interview, item["quote"], path, None)
            links.append(GoldItem(interview, (str(item["cause"]), str(item["effect"]), str(item.get("sign", "+"))),
                                  start, end, False, item["quote"]))
    return tags, links


def _gold_stance(value, path: Path, line) -> str | None:
    """A gold tag's stance (None when not given); E610 when it is not present, absent or wished."""
    from ..models import STANCES

    if value in (None, ""):
        return None
    value = str(value).strip().lower()
    if value not in STANCES:
        raise EvaluateError(Errors.E610, path=path, line=line, stance=value)
    return value


def _locate(transcripts: dict, interview: str, quote: str, path: Path, line, start=None, end=None) -> tuple[int, int]:
    if start not in (None, "") and end not in (None, ""):
        return int(start), int(end)
    t = transcripts.get(interview)
    if t is None:
        raise EvaluateError(Errors.E307, path=path, line=line, id=interview, known=", ".join(sorted(transcripts)))
    from ..review.quotes import find_quote

    # tolerates differences in white space (line breaks inside a quote) and redacted names: an exported
    # quote says "[naam]" where the transcript has the name
    found = find_quote(t.text, quote, redacted=True)
    if not found:
        raise EvaluateError(Errors.E309, path=path, line=line, quote=quote[:60])
    return found[0]


def evaluate_project(project, gold: Path, *, progress=None) -> Evaluation:
    """Suggest codings for every transcript of ``project`` and score them against ``gold``."""
    from ..ingest import load_transcripts
    from ..nlp.pipeline import load_pipeline, pipeline_name
    from .codebook import load_codebook
    from .tagging import suggest

    codebook = load_codebook(project.codebook_path)
    transcripts, _ = load_transcripts(project.root, default_language=project.settings.language)
    by_id = {t.id: t for t in transcripts}
    gold_tags, gold_links = read_gold(Path(gold), by_id)
    pred_tags: list[GoldItem] = []
    pred_links: list[GoldItem] = []
    pipelines = set()
    gold_ids = {g.interview for g in gold_tags} | {g.interview for g in gold_links}
    scored = [t for t in transcripts if t.id in gold_ids]
    for n, t in enumerate(scored, 1):
        nlp = load_pipeline(t.language)
        pipelines.add(pipeline_name(nlp))
        tags, links = suggest(t, codebook, nlp=nlp)
        pred_tags += [GoldItem(t.id, (x.code,), x.start, x.end, x.negated, x.text, x.stance) for x in tags]
        pred_links += [GoldItem(t.id, (l.cause, l.effect, l.sign), l.start, l.end, False, l.text) for l in links]
        if progress:
            progress(t.id, n, len(scored))
    tag_score, pairs, fn_tags, fp_tags = score_items(gold_tags, pred_tags)
    link_score, _, fn_links, fp_links = score_items(gold_links, pred_links)
    per_code: dict[str, Score] = {}
    for code in sorted({g.key[0] for g in gold_tags} | {p.key[0] for p in pred_tags}):
        s, _, _, _ = score_items([g for g in gold_tags if g.key[0] == code], [p for p in pred_tags if p.key[0] == code])
        per_code[code] = s
    agree = sum(1 for g, p in pairs if g.negated == p.negated)
    with_stance = [(g, p) for g, p in pairs if g.stance is not None]
    misses = tuple(("tag", g.interview, g.key, g.text) for g in fn_tags) + \
        tuple(("link", g.interview, g.key, g.text) for g in fn_links)
    alarms = tuple(("tag", p.interview, p.key, p.text) for p in fp_tags) + \
        tuple(("link", p.interview, p.key, p.text) for p in fp_links)
    return Evaluation(tags=tag_score, links=link_score, per_code=per_code,
                      negation_accuracy=agree / len(pairs) if pairs else None, negation_pairs=len(pairs),
                      misses=misses, false_alarms=alarms, interviews=len(scored), pipelines=tuple(sorted(pipelines)),
                      stance_accuracy=(sum(1 for g, p in with_stance if g.stance == p.stance) / len(with_stance)
                                       if with_stance else None), stance_pairs=len(with_stance))
