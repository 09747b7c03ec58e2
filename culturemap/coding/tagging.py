"""Suggest tags (a code on a sentence) and causal links (code -> code) for transcripts.

:func:`suggest` works on one transcript; :func:`tag_project` runs an engagement incrementally: a transcript
is tagged again only when its file, the codebook or the tagger changed (checked from file hashes in
``codings/.tagstate.json`` without loading spaCy), and every earlier review decision is kept by
:func:`culturemap.review.merge_suggestions`.

>>> from culturemap.coding.codebook import parse_codebook
>>> from culturemap.models import Transcript, Segment
>>> from pathlib import Path
>>> cb = parse_codebook('''
... version: 1
... language: nl
... codes:
...   - {id: werkdruk, label: Werkdruk, kind: outcome, effect: hindering, patterns: [hoge werkdruk, geen tijd]}
...   - {id: doorschuiven, label: Doorschuiven, kind: behaviour, effect: hindering, patterns: [klant doorschuiven]}
... ''')
>>> text = "Door de hoge werkdruk schuiven we de klant door."
>>> t = Transcript(id="t1", path=Path("t1.md"), text=text, segments=(Segment("", 0, len(text), 1),), language="nl")
>>> tags, links = suggest(t, cb)
>>> [(x.code, x.negated) for x in tags], [(l.cause, l.effect, l.sign) for l in links]
([('doorschuiven', False), ('werkdruk', False)], [('werkdruk', 'doorschuiven', '+')])
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..models import Codebook, Link, Tag, Transcript

__all__ = ["TAGGER_VERSION", "suggest", "build_matcher", "TagResult", "tag_project", "plan_tagging",
           "PatternCount", "runaway_patterns", "PatternReview", "pattern_review"]

TAGGER_VERSION = "3"
TAGSTATE_FILE = ".tagstate.json"

_MATCHERS: dict = {}


def build_matcher(codebook: Codebook, language: str, nlp=None):
    """The compiled :class:`~culturemap.nlp.matching.Matcher` for a codebook and language (cached)."""
    from ..nlp.expand import derived_phrases
    from ..nlp.matching import Matcher
    from ..nlp.pipeline import load_pipeline
    from .codebook import codebook_hash

    nlp = nlp or load_pipeline(language)
    key = (codebook_hash(codebook), language, id(nlp))
    if key not in _MATCHERS:
        from ..errors import CodebookError

        phrases = {c.id: list(codebook.patterns_for(c.id, language)) for c in codebook.codes}
        vetoes = {c.id: list(codebook.vetoes_for(c.id, language)) for c in codebook.codes}
        try:
            _MATCHERS[key] = Matcher.from_phrases(phrases, language, nlp, vetoes=vetoes,
                                                  derived=derived_phrases(codebook, language, nlp))
        except CodebookError as exc:
            if exc.path is not None or codebook.path is None:
                raise
            raise CodebookError(exc.template, path=codebook.path, line=exc.line, **exc.fields) from None
    return _MATCHERS[key]


def suggest(transcript: Transcript, codebook: Codebook, *, nlp=None, matcher=None,
            pattern_hits: dict | None = None) -> tuple[tuple[Tag, ...], tuple[Link, ...]]:
    """Tag and link suggestions for one transcript (interviewer turns are skipped).

    ``pattern_hits``, when given, is increased by one per suggested tag for each ``(code, pattern)`` that
    fired in it (see :func:`runaway_patterns`)."""
    from ..nlp.matching import clauses, find_link_hits
    from ..nlp.pipeline import load_pipeline

    lang = transcript.language
    nlp = nlp or load_pipeline(lang)
    matcher = matcher or build_matcher(codebook, lang, nlp)
    segments = transcript.coded_segments()
    texts = [transcript.text[s.start:s.end] for s in segments]
    tags: list[Tag] = []
    links: list[Link] = []
    for seg, doc in zip(segments, nlp.pipe(texts, batch_size=64)):
        prev: tuple[list, int] | None = None    # (hits, sentence start) of the previous sentence in this turn
        for sent in doc.sents:
            toks = list(sent)
            if not toks:
                continue
            cids = clauses(toks, lang)
            hits = matcher.match_sentence(sent, cids, toks)
            s_start = seg.start + sent.start_char
            s_end = seg.start + sent.end_char
            sentence_text = transcript.text[s_start:s_end]
            by_code: dict[str, list] = {}
            for h in hits:
                by_code.setdefault(h.code, []).append(h)
            for code, hs in sorted(by_code.items()):
                spans = sorted({(seg.start + doc[i].idx, seg.start + doc[i].idx + len(doc[i].text))
                                for h in hs for i in h.tokens})
                if pattern_hits is not None:
                    for pat in {h.pattern for h in hs}:
                        pattern_hits[(code, pat)] = pattern_hits.get((code, pat), 0) + 1
                tags.append(Tag(
                    interview=transcript.id, speaker=seg.speaker, start=s_start, end=s_end, code=code,
                    negated=all(h.negated for h in hs), status="suggested", origin="rule",
                    text=sentence_text, spans=tuple(spans), stance=_stance_of(hs),
                ))
            # a link needs two hits in this sentence, or one here and one in the previous sentence
            link_hits = find_link_hits(toks, hits, prev[0] if prev else None, lang) \
                if len(hits) >= 2 or (hits and prev) else ()
            for lh in link_hits:
                cross = prev is not None and any(i < sent.start for i in lh.cause.tokens + lh.effect.tokens)
                l_start = prev[1] if cross and prev is not None else s_start
                links.append(Link(
                    interview=transcript.id, cause=lh.cause.code, effect=lh.effect.code, sign=lh.sign,
                    status="suggested", origin="rule", text=transcript.text[l_start:s_end],
                    start=l_start, end=s_end, speaker=seg.speaker,
                ))
            prev = (hits, s_start) if hits else None
    tags.sort(key=lambda t: (t.start, t.end, t.code))
    links.sort(key=lambda l: (l.start, l.end, l.cause, l.effect))
    return tuple(tags), tuple(links)


def _stance_of(hits) -> str:
    """A tag's stance from its hits in the sentence: present when one of them is; wished when every one is
    wished; else absent."""
    stances = {h.stance for h in hits}
    if "present" in stances:
        return "present"
    return "wished" if stances == {"wished"} else "absent"


# --------------------------------------------------------------------------------------- the engagement
@dataclass(frozen=True)
class TagResult:
    tagged: tuple[str, ...]                 # interview ids tagged in this run
    unchanged: tuple[str, ...]              # interview ids skipped (nothing changed)
    suggestions: int                        # new suggestions (tags + links) made in this run
    orphaned: int                           # decisions whose quote vanished (kept, reported)
    issues: tuple = ()                      # errors.Issue for files that could not be read
    pipelines: tuple[str, ...] = ()         # spaCy pipelines used
    reports: dict = field(default_factory=dict, compare=False, hash=False)   # id -> MergeReport
    patterns: tuple = ()                    # PatternCount per pattern that fired in this run, most hits first
    runaway: tuple = ()                     # the PatternCounts that fire unusually often (runaway_patterns)


@dataclass(frozen=True)
class PatternCount:
    """How often one pattern of a code fired in the transcripts tagged in one run."""

    code: str
    pattern: str
    hits: int                               # suggested tags it fired in
    interviews: int                         # transcripts it fired in


def runaway_patterns(counts, *, min_hits: int = 10, share: float = 0.15, per_interview: float = 6.0) -> tuple:
    """The patterns that fire unusually often: at least ``min_hits`` hits, and either ``share`` of all the
    run's hits or ``per_interview`` hits per interview it fired in. Most hits first.

    A pattern like that usually matches a word in another sense ("backlog" in "product backlog"), a
    function word, or a stem of another word; a consultant should look at a few of its suggestions. A
    pattern that fires often because the theme recurs (a few hits in each of many interviews) is not one.

    >>> c = [PatternCount("a", "x", 40, 3)] + [PatternCount("b", f"p{i}", 3, 2) for i in range(40)]
    >>> [p.pattern for p in runaway_patterns(c)]
    ['x']
    >>> runaway_patterns([PatternCount("a", "klacht", 17, 9)] + [PatternCount("b", f"p{i}", 3, 2) for i in range(40)])
    ()
    """
    counts = [c for c in counts if c.hits > 0]
    total = sum(c.hits for c in counts)
    flagged = [c for c in counts if c.hits >= min_hits
               and (c.hits >= share * total or c.hits >= per_interview * max(c.interviews, 1))]
    return tuple(sorted(flagged, key=lambda c: (-c.hits, c.code, c.pattern)))


def _file_hash(path: Path) -> str:
    """The ingest fingerprint: the file's bytes and its sidecar's (``.yaml`` or ``.yml``), the hash
    ingest gives ``Transcript.fingerprint``, so the state holds the hash of what was tagged."""
    from ..ingest import fingerprint

    return fingerprint(path)


def _read_state(project) -> dict:
    path = project.codings_dir / TAGSTATE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def plan_tagging(project, codebook: Codebook, *, force: bool = False) -> tuple[list[Path], list[str], dict]:
    """Which transcript files need tagging: (files to tag, ids unchanged, new state skeleton).

    Cheap: hashes files and compares with ``codings/.tagstate.json``; spaCy is not loaded.
    """
    from ..ingest import discover
    from .codebook import codebook_hash

    state = _read_state(project)
    cb = codebook_hash(codebook) + ":" + TAGGER_VERSION
    files = state.get("files", {}) if state.get("codebook") == cb and not force else {}
    todo, unchanged, new_files = [], [], {}
    for path in discover(project.root):
        digest = _file_hash(path)
        old = files.get(path.name)
        if old and old.get("hash") == digest and (project.codings_dir / f"{old.get('id')}.json").exists():
            unchanged.append(old["id"])
            new_files[path.name] = old
        else:
            todo.append(path)
    return todo, sorted(unchanged), {"codebook": cb, "files": new_files}


def _count_new(old, tags, links) -> int:
    """Suggestions that did not exist before (same code/link on the same sentence text = not new)."""
    if old is None:
        return len(tags) + len(links)
    seen = {("t", t.code, t.text) for t in old.tags} | {("l", l.cause, l.effect, l.text) for l in old.links}
    return sum(("t", t.code, t.text) not in seen for t in tags) + \
        sum(("l", l.cause, l.effect, l.text) not in seen for l in links)


def tag_project(project, *, force: bool = False,
                progress: Callable[[str, int, int], None] | None = None) -> TagResult:
    """Tag every new or changed transcript of an engagement, keeping all review decisions.

    ``progress(name, done, total)`` is called after each transcript (for a progress bar).
    """
    from ..errors import Errors, InputError, Issue, StoreError
    from ..ingest import read_transcript
    from ..review import merge_suggestions
    from ..review.renames import previous_codings, retire_codings, unclaimed_codings
    from ..store import atomic_write, engagement_lock, save_codings
    from .codebook import load_codebook

    codebook = load_codebook(project.codebook_path)
    with engagement_lock(project):
        files_before = _read_state(project).get("files") or {}    # which id each file had: decisions follow it
        todo, unchanged, state = plan_tagging(project, codebook, force=force)
        if not todo and not unchanged:
            raise StoreError(Errors.E310, path=project.root)
        tagged, issues, reports, pipelines = [], [], {}, set()
        seen_ids = {v["id"].casefold(): name for name, v in state["files"].items()}   # KC-01 == kc-01 on disk
        suggestions = orphaned = 0
        matchers: dict = {}                     # language -> (pipeline, compiled matcher)
        per_pattern: dict = {}                  # (code, pattern) -> {interview: hits}
        project.codings_dir.mkdir(exist_ok=True)
        if progress and todo:
            progress("loading the language pipeline", 0, len(todo))
        for n, path in enumerate(todo, 1):
            try:
                transcript = read_transcript(path, default_language=project.settings.language)
            except InputError as exc:
                issues.append(Issue(exc.template, level="error", path=exc.path, line=exc.line, **exc.fields))
                if progress:
                    progress(path.name, n, len(todo))
                continue
            for w in transcript.meta.get("warnings", ()):
                issues.append(w)
            folded = transcript.id.casefold()
            if folded in seen_ids and seen_ids[folded] != path.name:
                issues.append(Issue(Errors.E108, level="error", path=path, id=transcript.id, other=seen_ids[folded]))
                continue
            seen_ids[folded] = path.name
            from ..nlp.pipeline import load_pipeline, pipeline_name

            lang = transcript.language
            if lang not in matchers:            # once per language, not per transcript (hashing the codebook)
                nlp = load_pipeline(lang)
                matchers[lang] = (nlp, build_matcher(codebook, lang, nlp))
                pipelines.add(pipeline_name(nlp))
            nlp, matcher = matchers[lang]
            fired: dict = {}
            tags, links = suggest(transcript, codebook, nlp=nlp, matcher=matcher, pattern_hits=fired)
            for key, n_hits in fired.items():
                per_pattern.setdefault(key, {})[transcript.id] = n_hits
            old, moved_from = previous_codings(project, transcript, path, files_before)
            codings, report = merge_suggestions(old, transcript, tags, links)
            save_codings(project, codings, language=transcript.language)
            if moved_from:                      # the transcript got another id: its decisions moved with it
                retire_codings(project, moved_from, transcript.id)
            reports[transcript.id] = report
            suggestions += _count_new(old, tags, links)
            orphaned += getattr(report, "orphaned", 0)
            tagged.append(transcript.id)
            state["files"][path.name] = {"id": transcript.id, "hash": transcript.fingerprint}  # of the text tagged
            if progress:
                progress(path.name, n, len(todo))
        atomic_write(project.codings_dir / TAGSTATE_FILE, json.dumps(state, indent=1, sort_keys=True))
        issues.extend(unclaimed_codings(project, {*tagged, *unchanged}))     # W303: never dropped silently
    counts = tuple(sorted((PatternCount(code, pat, sum(by_id.values()), len(by_id))
                           for (code, pat), by_id in per_pattern.items()),
                          key=lambda c: (-c.hits, c.code, c.pattern)))
    return TagResult(tagged=tuple(sorted(tagged)), unchanged=tuple(unchanged), suggestions=suggestions,
                     orphaned=orphaned, issues=tuple(issues), pipelines=tuple(sorted(pipelines)), reports=reports,
                     patterns=counts, runaway=runaway_patterns(counts))


# --------------------------------------------------------------------------------------- per pattern
@dataclass(frozen=True)
class PatternReview:
    """One pattern of a code over the whole engagement: its suggestions and what the consultant decided."""

    code: str
    pattern: str
    hits: int                               # rule suggestions of the code that this pattern matches
    interviews: int
    accepted: int
    rejected: int
    open: int                               # still suggested


def pattern_review(project) -> tuple[PatternReview, ...]:
    """Per pattern, its rule suggestions in the stored codings and how many were accepted, rejected or are
    still open, most hits first. A suggestion counts for every pattern of its code that matches its sentence
    (found again by matching the sentence; suggestions no pattern matches any more are left out)."""
    from ..nlp.pipeline import load_pipeline
    from ..store import codings_language, load_all_codings
    from .codebook import load_codebook

    codebook = load_codebook(project.codebook_path)
    acc: dict[tuple[str, str], list] = {}     # (code, pattern) -> [interviews, accepted, rejected, open]
    matchers: dict = {}
    for interview, codings in load_all_codings(project).items():
        tags = [t for t in codings.tags if t.origin == "rule"]
        if not tags:
            continue
        lang = codings_language(project, interview) or project.settings.language
        if lang not in matchers:
            nlp = load_pipeline(lang)
            matchers[lang] = (nlp, build_matcher(codebook, lang, nlp))
        nlp, matcher = matchers[lang]
        for tag, doc in zip(tags, nlp.pipe([t.text for t in tags])):
            fired = {h.pattern for sent in doc.sents for h in matcher.match_sentence(sent) if h.code == tag.code}
            for pat in fired:
                row = acc.setdefault((tag.code, pat), [set(), 0, 0, 0])
                row[0].add(interview)
                row[{"accepted": 1, "rejected": 2}.get(tag.status, 3)] += 1
    out = [PatternReview(code, pat, a + r + o, len(ids), a, r, o) for (code, pat), (ids, a, r, o) in acc.items()]
    return tuple(sorted(out, key=lambda p: (-p.hits, p.code, p.pattern)))
