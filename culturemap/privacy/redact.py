"""Confidentiality: redact names from quotes and show interviews under stable pseudonyms.

Names come from the transcripts' ``name`` (and each part of it), their speaker labels (except the plain
role labels such as "Interviewer"), and ``redact:`` in culturemap.yaml. Matching is whole-word and
case-insensitive; longer names are replaced first so "Anna de Vries" becomes one ``[naam]``.

>>> r = Redactor(["Anna de Vries", "Peter"])
>>> r.redact("Anna zei tegen peter: 'Anna de Vries regelt dat.'", "nl")
"[naam] zei tegen [naam]: '[naam] regelt dat.'"
>>> r.redact("Peters idea", "en")
'Peters idea'
"""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Iterable

from .names import NAME_PARTICLES

if TYPE_CHECKING:
    from ..models import Transcript
    from ..project import Settings

__all__ = ["Redactor", "PLACEHOLDER", "ROLE_LABELS", "pseudonyms", "redactor_for"]

PLACEHOLDER = {"nl": "[naam]", "en": "[name]"}
# Speaker labels that are roles, not names (never redacted as names, never needed).
ROLE_LABELS = frozenset("""interviewer interviewster consultant respondent deelnemer medewerker spreker
    int r i q a vraag antwoord speaker participant moderator onderzoeker teamleider teamleidster manager
    leidinggevende directeur adviseur klantadviseur hr-adviseur coördinator coordinator agent supervisor
    lead director advisor adviser employee colleague collega""".split())


class Redactor:
    """Replaces every listed name (and each significant part of a multi-word name) in text."""

    def __init__(self, names: Iterable[str]):
        variants: set[str] = set()
        for name in names:
            name = unicodedata.normalize("NFC", " ".join(str(name).split()))
            if not name or name.lower() in ROLE_LABELS:
                continue
            variants.add(name)
            parts = [p for p in re.split(r"[\s\-]+", name) if p]
            for p in parts:
                if len(p) >= 2 and p.lower() not in NAME_PARTICLES and p.lower() not in ROLE_LABELS:
                    variants.add(p)
        self.names = tuple(sorted(variants, key=lambda v: (-len(v), v.lower())))
        if self.names:
            alt = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in self.names)
            self._re = re.compile(rf"(?<![\w\[])(?:{alt})(?![\w\]])", re.IGNORECASE)
        else:
            self._re = None

    def redact(self, text: str, language: str = "nl") -> str:
        """``text`` with every name replaced by ``[naam]`` (nl) or ``[name]`` (en)."""
        if not text or self._re is None:
            return text
        # NFC first: "José" typed by the consultant must find "Jose\u0301" stored by some editors
        return self._re.sub(PLACEHOLDER.get(language, "[name]"), unicodedata.normalize("NFC", text))

    def contains_name(self, text: str) -> bool:
        return bool(text) and self._re is not None and self._re.search(unicodedata.normalize("NFC", text)) is not None


def pseudonyms(transcripts, *, threshold: int = 3) -> dict[str, str]:
    """Stable pseudonyms ``I01``, ``I02``... in order of interview id, with the group when the group has
    at least ``threshold`` interviews (a small group plus a quote could identify a person).

    >>> from types import SimpleNamespace as T
    >>> pseudonyms([T(id="b", group="hr"), T(id="a", group="kc"), T(id="c", group="kc")], threshold=2)
    {'a': 'I01 · kc', 'b': 'I02', 'c': 'I03 · kc'}
    """
    sizes: dict[str, int] = {}
    for t in transcripts:
        if getattr(t, "group", None):
            sizes[t.group] = sizes.get(t.group, 0) + 1
    out = {}
    for n, t in enumerate(sorted(transcripts, key=lambda t: t.id), 1):
        group = getattr(t, "group", None)
        out[t.id] = f"I{n:02d} · {group}" if group and sizes.get(group, 0) >= threshold else f"I{n:02d}"
    return out


def redactor_for(transcripts: Iterable[Transcript], settings: Settings) -> Redactor:
    """The Redactor of an engagement: interviewee names, speaker labels, interviewers and ``redact:`` names.

    The one factory: the evidence boundary (:func:`culturemap.privacy.evidence.build_evidence`), session.yaml
    (:func:`culturemap.session.load_session`), themes, privacy-check and the CSV export all redact with the
    Redactor it builds, so every output leaves out the same names. ``transcripts`` are the engagement's
    transcripts as :func:`culturemap.ingest.load_transcripts` reads them; ``settings`` its culturemap.yaml.
    """
    names: list[str] = list(getattr(settings, "redact", ()) or ())
    for t in transcripts:
        if t.name:
            names.append(t.name)
        names.extend(getattr(t, "speakers", ()) or ())       # role labels are skipped by Redactor
        names.append(t.interviewer or "")
    return Redactor(names)
