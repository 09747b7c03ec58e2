"""The privacy boundary: accepted codings of an engagement, redacted, with interviews under pseudonyms.

Everything downstream (graph, loops, marks, compare, what-if, exports, report, deck) takes the
:class:`~culturemap.project.Evidence` this module builds and nothing else, so no name can reach an export
by another path.
"""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import TYPE_CHECKING, Iterable, Sequence

from ..project import Evidence, Interview, Project, Settings

if TYPE_CHECKING:
    from ..models import Codebook, Codings, Link, Transcript

__all__ = ["load_evidence", "load_map_evidence", "build_evidence", "withheld_names", "withheld_issue", "session_texts",
           "export_pseudonyms"]


def withheld_names(redactor, settings, transcripts, codings, hand_links=(), texts=()) -> tuple[str, ...]:
    """The possible names nobody listed that privacy-check would flag in what the exports show: every
    codings item of a known transcript (all statuses, as the CSV export has them), the hand links, the
    session texts ``texts`` (exactly what privacy-check scans). Words in ``allow:`` are never withheld.
    """
    from .candidates import _name_regex, heuristic_candidates, is_allowed

    langs = {t.id: t.language for t in transcripts}
    pieces: list[tuple[str, str]] = []
    for iid in sorted(codings):
        if iid not in langs:
            continue
        for item in (*codings[iid].tags, *codings[iid].links):
            pieces.extend((x, langs[iid]) for x in (item.text, getattr(item, "note", "")) if x)
    for link in hand_links:
        pieces.extend((x, settings.language) for x in (link.note, link.text) if x)
    pieces.extend((x, settings.language) for x in texts if x)
    redacted = [(redactor.redact(text, lang), lang) for text, lang in pieces]
    allow_re = _name_regex(settings.allow)
    found: dict[str, str] = {}
    models = {lang: _installed_ner(lang) for lang in sorted({lang for _, lang in redacted})}
    heuristic = [n for n, (_, lang) in enumerate(redacted) if models[lang] is None]
    hits = [(heuristic[n], name, start, end) for n, name, start, end in
            heuristic_candidates([redacted[n] for n in heuristic], allow=settings.allow)]
    if len(heuristic) < len(redacted):                 # privacy-check uses the entity recognizer where installed
        from .candidates import _ner_candidates

        hits += [(n, *c) for n, (text, lang) in enumerate(redacted) if models[lang] is not None
                 for c in _ner_candidates(models[lang], text)]
    for n, name, start, end in hits:
        if not is_allowed(redacted[n][0], start, end, allow_re):
            found.setdefault(name.lower(), name)
    return tuple(sorted(found.values(), key=lambda v: (v.lower(), v)))


def _installed_ner(language: str):
    """privacy-check's entity recognizer for ``language`` when a trained pipeline is installed, else None
    (looked up without importing spaCy, so an engagement without one stays fast)."""
    from importlib.util import find_spec

    from ..nlp.pipeline import TRAINED_PIPELINES

    if not any(find_spec(name) is not None for name in TRAINED_PIPELINES.get(language, ())):
        return None
    from .candidates import _ner_pipeline

    return _ner_pipeline(language)


def _redacted_codebook(codebook, redactor):
    codes = getattr(codebook, "codes", None)
    if not codes:
        return codebook
    language = getattr(codebook, "language", "nl")
    out = tuple(replace(c, label=redactor.redact(c.label, language), description=redactor.redact(c.description, language),
                        labels={lang: redactor.redact(str(label), lang) for lang, label in (c.labels or {}).items()})
                for c in codes)
    return replace(codebook, codes=out)


def build_evidence(codebook: Codebook, settings: Settings, transcripts: Sequence[Transcript],
                   codings: dict[str, Codings], hand_links: Iterable[Link] = (), *, texts: Iterable[str] = (),
                   fail_safe: bool = True) -> Evidence:
    """Evidence from already loaded parts (see :func:`load_evidence`).

    The one id-to-pseudonym boundary: every interview id becomes its code (``I01``...,
    :func:`~culturemap.privacy.redact.interview_codes`), every speaker its pseudonym. Quotes, notes, code
    labels, the title, the organisation and group labels are redacted. With ``fail_safe`` (the default)
    the possible names privacy-check would flag (:func:`withheld_names`, also in ``texts``: session.yaml's
    free text) are redacted too and listed in ``Evidence.withheld``; privacy-check itself passes False.

    >>> from types import SimpleNamespace as NS
    >>> from culturemap.models import Tag, Codings
    >>> from culturemap.project import Settings
    >>> t = NS(id="kc-01", name="Anna Jansen", speakers=("Anna", "Interviewer"), interviewer="Interviewer",
    ...        group="klantcontact", role="agent", language="nl")
    >>> c = Codings("kc-01", "x", tags=(Tag("kc-01", "Anna", 0, 20, "silo", status="accepted",
    ...                                    text="Anna Jansen zegt: silo."),))
    >>> ev = build_evidence(NS(codes=()), Settings(anonymity_threshold=1), [t], {"kc-01": c})
    >>> ev.tags[0].text, ev.tags[0].speaker, ev.interviews[0].pseudonym
    ('[naam] zegt: silo.', 'I01 · klantcontact', 'I01 · klantcontact')
    >>> ev.tags[0].interview, ev.interviews[0].id
    ('I01', 'I01')
    """
    from .redact import interview_codes, pseudonyms, redactor_for

    hand_links = tuple(hand_links)
    redactor = redactor_for(transcripts, settings)
    withheld: tuple[str, ...] = ()
    if fail_safe:
        withheld = withheld_names(redactor, settings, transcripts, codings, hand_links, texts)
        if withheld:
            settings = replace(settings, redact=(*settings.redact, *withheld))
            redactor = redactor_for(transcripts, settings)
    red = redactor.redact

    def meta(value):               # a group or role holding a name (privacy-check's 'metadata') loses it
        return red(value, settings.language) if isinstance(value, str) and value else value

    settings = replace(settings, title=red(settings.title, settings.language),
                       organisation=red(settings.organisation, settings.language),
                       groups={meta(k): meta(v) for k, v in settings.groups.items()})
    codebook = _redacted_codebook(codebook, redactor)
    shown = [SimpleNamespace(id=t.id, group=meta(t.group), role=meta(t.role), language=t.language)
             for t in transcripts]
    names = pseudonyms(shown, threshold=settings.anonymity_threshold)
    codes = interview_codes(transcripts)
    by_id = {t.id: t for t in transcripts}
    interviews = tuple(
        Interview(id=codes[t.id], pseudonym=names[t.id], group=t.group, role=t.role, language=t.language)
        for t in sorted(shown, key=lambda t: t.id)
    )
    tags, links = [], []
    for interview_id in sorted(codings):
        c = codings[interview_id]
        t = by_id.get(interview_id)
        if t is None:              # codings of a transcript that was removed: not evidence any more
            continue
        lang, code = t.language, codes[interview_id]
        for tag in c.tags:
            if tag.status == "accepted":
                tags.append(replace(tag, interview=code, text=red(tag.text, lang), speaker=names[interview_id]))
        for link in c.links:
            if link.status == "accepted":
                links.append(replace(link, interview=code, text=red(link.text, lang), speaker=names[interview_id],
                                     note=red(link.note, lang)))
    for link in hand_links:
        links.append(replace(link, text=red(link.text, settings.language),
                             note=red(link.note, settings.language), speaker=""))
    return Evidence(codebook=codebook, settings=settings, interviews=interviews,
                    tags=tuple(sorted(tags, key=lambda t: (t.interview, t.start, t.end, t.code))),
                    links=tuple(sorted(links, key=lambda l: (l.interview, l.start, l.end, l.cause, l.effect))),
                    withheld=withheld)


def export_pseudonyms(evidence: Evidence, transcripts) -> dict[str, str]:
    """Interview id -> the pseudonym ``evidence`` shows it under (for the CSV export, which reads the codings
    store by id)."""
    from .redact import interview_codes

    by_code = {i.id: i.pseudonym for i in evidence.interviews}
    return {iid: by_code[code] for iid, code in interview_codes(transcripts).items() if code in by_code}


def session_texts(session) -> list[str]:
    """The free text of a session (notes, actions, who): what report and deck show of it."""
    if session is None:
        return []
    return [text for d in session.decisions for text in (d.note, *(x for a in d.actions for x in (a.what, a.who)))
            if text]


def withheld_issue(evidence: Evidence):
    """The warning (W601) that names the possible names the fail-safe redacted, or None."""
    from ..errors import Issue, Warnings

    if not evidence.withheld:
        return None
    return Issue(Warnings.W601, n=len(evidence.withheld), names=", ".join(evidence.withheld))


def load_evidence(project: Project) -> Evidence:
    """Read codebook, transcripts, codings and ``links.csv`` of an engagement into redacted Evidence.

    Transcripts that cannot be read are left out (``culturemap tag`` reports them). The free text of
    ``session.yaml`` is part of the fail-safe scan (an invalid session.yaml is reported by the exports that
    show it, not here).
    """
    from ..coding.codebook import load_codebook
    from ..errors import CulturemapError
    from ..ingest import load_transcripts
    from ..review.handlinks import read_hand_links
    from ..session import load_session
    from ..store import load_all_codings

    codebook = load_codebook(project.codebook_path, language=project.settings.language)
    transcripts, _issues = load_transcripts(project.root, default_language=project.settings.language)
    codings = load_all_codings(project, orphaned=False)     # an orphan is not evidence until resolved
    hand = read_hand_links(project, codebook) if project.links_path.exists() else ()
    try:
        texts = session_texts(load_session(project, codebook, redact=False))
    except CulturemapError:
        texts = []
    return build_evidence(codebook, project.settings, transcripts, codings, hand, texts=texts)


def load_map_evidence(project: Project) -> Evidence:
    """:func:`load_evidence`, but E401 (naming the engagement folder) when nothing is accepted yet: the map,
    loops, marks and every export need accepted codings."""
    from ..errors import AnalysisError, Errors

    evidence = load_evidence(project)
    if not evidence.tags and not evidence.links:
        raise AnalysisError(Errors.E401, dir=project.root)
    return evidence
