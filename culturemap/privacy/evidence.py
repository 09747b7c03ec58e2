"""The privacy boundary: accepted codings of an engagement, redacted, with interviews under pseudonyms.

Everything downstream (graph, loops, marks, compare, what-if, exports, report, deck) takes the
:class:`~culturemap.project.Evidence` this module builds and nothing else, so no name can reach an export
by another path.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Iterable, Sequence

from ..project import Evidence, Interview, Project, Settings

if TYPE_CHECKING:
    from ..models import Codebook, Codings, Link, Transcript

__all__ = ["load_evidence", "load_map_evidence", "build_evidence"]


def build_evidence(codebook: Codebook, settings: Settings, transcripts: Sequence[Transcript],
                   codings: dict[str, Codings], hand_links: Iterable[Link] = ()) -> Evidence:
    """Evidence from already loaded parts (see :func:`load_evidence`).

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
    """
    from .redact import pseudonyms, redactor_for

    redactor = redactor_for(transcripts, settings)
    names = pseudonyms(transcripts, threshold=settings.anonymity_threshold)
    by_id = {t.id: t for t in transcripts}
    interviews = tuple(
        Interview(id=t.id, pseudonym=names[t.id], group=t.group, role=t.role, language=t.language)
        for t in sorted(transcripts, key=lambda t: t.id)
    )
    tags, links = [], []
    for interview_id in sorted(codings):
        c = codings[interview_id]
        t = by_id.get(interview_id)
        if t is None:              # codings of a transcript that was removed: not evidence any more
            continue
        lang = t.language
        for tag in c.tags:
            if tag.status == "accepted":
                tags.append(replace(tag, text=redactor.redact(tag.text, lang), speaker=names[interview_id]))
        for link in c.links:
            if link.status == "accepted":
                links.append(replace(link, text=redactor.redact(link.text, lang), speaker=names[interview_id],
                                     note=redactor.redact(link.note, lang)))
    for link in hand_links:
        links.append(replace(link, text=redactor.redact(link.text, settings.language),
                             note=redactor.redact(link.note, settings.language), speaker=""))
    return Evidence(codebook=codebook, settings=settings, interviews=interviews,
                    tags=tuple(sorted(tags, key=lambda t: (t.interview, t.start, t.end, t.code))),
                    links=tuple(sorted(links, key=lambda l: (l.interview, l.start, l.end, l.cause, l.effect))))


def load_evidence(project: Project) -> Evidence:
    """Read codebook, transcripts, codings and ``links.csv`` of an engagement into redacted Evidence.

    Transcripts that cannot be read are left out (``culturemap tag`` reports them).
    """
    from ..coding.codebook import load_codebook
    from ..ingest import load_transcripts
    from ..review.handlinks import read_hand_links
    from ..store import load_all_codings

    codebook = load_codebook(project.codebook_path, language=project.settings.language)
    transcripts, _issues = load_transcripts(project.root, default_language=project.settings.language)
    codings = load_all_codings(project, orphaned=False)     # an orphan is not evidence until resolved
    hand = read_hand_links(project, codebook) if project.links_path.exists() else ()
    return build_evidence(codebook, project.settings, transcripts, codings, hand)


def load_map_evidence(project: Project) -> Evidence:
    """:func:`load_evidence`, but E401 (naming the engagement folder) when nothing is accepted yet: the map,
    loops, marks and every export need accepted codings."""
    from ..errors import AnalysisError, Errors

    evidence = load_evidence(project)
    if not evidence.tags and not evidence.links:
        raise AnalysisError(Errors.E401, dir=project.root)
    return evidence
