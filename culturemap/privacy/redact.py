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

__all__ = ["Redactor", "PLACEHOLDER", "ROLE_LABELS", "INVISIBLE", "fold", "name_forms", "pseudonyms", "redactor_for",
           "interview_codes"]

PLACEHOLDER = {"nl": "[naam]", "en": "[name]"}
# Speaker labels that are roles, not names (never redacted as names, never needed).
ROLE_LABELS = frozenset("""interviewer interviewster consultant respondent deelnemer medewerker spreker
    int r i q a vraag antwoord speaker participant moderator onderzoeker teamleider teamleidster manager
    leidinggevende directeur adviseur klantadviseur hr-adviseur coördinator coordinator agent supervisor
    lead director advisor adviser employee colleague collega""".split())


#: Characters that are invisible in a name ("Sa\u200bnne", "Jan\u00adtje"): ignored when names are compared,
#: with every other format character (Unicode category Cf: bidi marks, word joiners...).
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")


def _invisible(ch: str) -> bool:
    return ch in INVISIBLE or unicodedata.category(ch) == "Cf"

#: Apostrophes compared as "'" ("O\u2019Brien" is "O'Brien").
APOSTROPHES = frozenset("\u2019\u2018\u02bc\u0060\u00b4\u2032")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+")
# Dutch endings a name takes: possessive "Henks", diminutive "Jantje", "Henkje", "Kimpje", "Sannetje", "Henkie"
# (+ s)
_NL_ENDINGS = r"(?:s|ie|je|tje|pje|kje|etje|[bdgklmnprst]etje)?(?:s)?"
_PARENS = re.compile(r"\([^)]*\)")


def fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` as the Redactor compares it, and for each folded character the index of its original one.

    Lowercase, accents dropped ("Özlem" is "ozlem"), compatibility forms decomposed (full-width letters,
    ligatures), every apostrophe a "'", invisible characters (zero-width space, soft hyphen, bidi marks) left
    out. The index list is None when nothing but the case changed.

    >>> fold("O\u2019Bri\u00e9n")[0], fold("Sa\u200bnne")
    ("o'brien", ('sanne', [0, 1, 3, 4, 5]))
    """
    if text.isascii():
        low = text.lower()
        if len(low) == len(text):
            return low, None
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if _invisible(ch):
            continue
        if ch in APOSTROPHES:
            ch = "'"
        # NFKD: full-width letters and ligatures ("\u0133" is "ij") too; "ı", "ſ", "ς" fold like "i", "s", "σ"
        for c in unicodedata.normalize("NFKD", ch.upper().lower()):
            if unicodedata.combining(c):
                continue
            out.append(c)
            index.append(i)
    return "".join(out), index


def name_forms(name: str) -> list[str]:
    """The forms of one given name the Redactor looks for: the name itself (without a parenthesised
    organisation) and, for a Teams-style "Last, First" label, "First Last" too.

    >>> name_forms("Mulder, Dennis (Kwartelhof)")
    ['Mulder, Dennis', 'Dennis Mulder']
    >>> name_forms("Vries, Jan de")
    ['Vries, Jan de', 'Jan de Vries']
    """
    name = unicodedata.normalize("NFC", " ".join(_PARENS.sub(" ", str(name)).split())).strip(" ,")
    if not name:
        return []
    forms = [name]
    last, comma, first = name.partition(",")
    if comma and last.strip() and first.strip() and "," not in first:
        forms.append(f"{first.strip()} {last.strip()}")
    return forms


class Redactor:
    """Replaces every listed name (and each significant part of a multi-word name) in text.

    Names are compared folded (:func:`fold`: case, accents, apostrophes, invisible characters), also right
    after a bracket ("[Henk]", "[gelach Sanne]"), in a Teams "Last, First" form, and in Dutch text with a
    possessive or diminutive ending ("Henks", "Jantje"). E-mail addresses are replaced as a whole.

    >>> r = Redactor(["Henk", "\u00d6zlem", "O'Brien", "Jan"])
    >>> r.redact("[Henk] en Henks idee; Ozlem, O\u2019Brien en Jantje; jan.devries@kwartelhof.nl", "nl")
    '[naam] en [naam] idee; [naam], [naam] en [naam]; [naam]'
    """

    def __init__(self, names: Iterable[str]):
        variants: set[str] = set()
        for given in names:
            for name in name_forms(given):
                if name.lower() in ROLE_LABELS:
                    continue
                variants.add(name)
                parts = [p for p in re.split(r"[\s\-,]+", name) if p]
                for p in parts:
                    if len(fold(p)[0]) >= 2 and p.lower() not in NAME_PARTICLES and p.lower() not in ROLE_LABELS:
                        variants.add(p)
        self.names = tuple(sorted(variants, key=lambda v: (-len(v), v.lower())))
        folded = sorted({fold(v)[0] for v in self.names} - {""}, key=lambda v: (-len(v), v))
        self._re: re.Pattern[str] | None = None
        self._re_nl: re.Pattern[str] | None = None
        if folded:
            alt = "|".join(re.escape(v).replace(r"\ ", r"\s+").replace(",", r",\s*") for v in folded)
            self._re = re.compile(rf"(?<!\w)(?:{alt})(?!\w)")
            self._re_nl = re.compile(rf"(?<!\w)(?:{alt}){_NL_ENDINGS}(?!\w)")

    def _spans(self, text: str, language: str) -> list[tuple[int, int]]:
        """Spans of ``text`` (NFC) to replace: e-mail addresses and names, bracketed names with their brackets."""
        spans = [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
        if self._re is not None:
            folded, index = fold(text)
            pattern = self._re_nl if language == "nl" and self._re_nl is not None else self._re
            for m in pattern.finditer(folded):
                a, b = m.span()
                if index is not None:
                    a, b = index[a], index[b - 1] + 1
                while b < len(text) and (_invisible(text[b]) or unicodedata.combining(text[b])):
                    b += 1
                if a > 0 and text[a - 1] == "[" and text[b:b + 1] == "]":
                    if text[a:b].lower() in ("naam", "name"):
                        continue                    # a placeholder is never redacted again
                    a, b = a - 1, b + 1             # "[Henk]" becomes "[naam]", not "[[naam]]"
                spans.append((a, b))
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def redact(self, text: str, language: str = "nl") -> str:
        """``text`` with every name replaced by ``[naam]`` (nl) or ``[name]`` (en)."""
        if not text or (self._re is None and "@" not in text):
            return text
        # NFC first: "José" typed by the consultant must find "Jose\u0301" stored by some editors
        text = unicodedata.normalize("NFC", text)
        spans = self._spans(text, language)
        if not spans:
            return text
        placeholder = PLACEHOLDER.get(language, "[name]")
        out, last = [], 0
        for a, b in spans:
            out.append(text[last:a])
            out.append(placeholder)
            last = b
        out.append(text[last:])
        return "".join(out)

    def contains_name(self, text: str) -> bool:
        return bool(text) and bool(self._spans(unicodedata.normalize("NFC", text), "nl"))

    def with_names(self, names: Iterable[str]) -> "Redactor":
        """A Redactor that also replaces ``names``."""
        return Redactor((*self.names, *names))


def interview_codes(transcripts) -> dict[str, str]:
    """The code every export shows instead of an interview id: ``I01``, ``I02``... in order of interview id.

    Interview ids are file names, and file names are often people's names (``jan-de-vries.md``) or tell a
    small group (``hr-01``); no export carries them (:func:`culturemap.privacy.evidence.build_evidence`).

    >>> from types import SimpleNamespace as T
    >>> interview_codes([T(id="jan-de-vries"), T(id="hr-01")])
    {'hr-01': 'I01', 'jan-de-vries': 'I02'}
    """
    ordered = sorted(transcripts, key=lambda t: t.id)
    width = max(2, len(str(len(ordered))))
    return {t.id: f"I{n:0{width}d}" for n, t in enumerate(ordered, 1)}


def pseudonyms(transcripts, *, threshold: int = 3) -> dict[str, str]:
    """Stable pseudonyms ``I01``, ``I02``... (:func:`interview_codes`), with the group when the group has
    at least ``threshold`` interviews (a small group plus a quote could identify a person).

    >>> from types import SimpleNamespace as T
    >>> pseudonyms([T(id="b", group="hr"), T(id="a", group="kc"), T(id="c", group="kc")], threshold=2)
    {'a': 'I01 · kc', 'b': 'I02', 'c': 'I03 · kc'}
    """
    transcripts = list(transcripts)
    sizes: dict[str, int] = {}
    for t in transcripts:
        if getattr(t, "group", None):
            sizes[t.group] = sizes.get(t.group, 0) + 1
    by_id = {t.id: t for t in transcripts}
    out = {}
    for iid, code in interview_codes(transcripts).items():
        group = getattr(by_id[iid], "group", None)
        out[iid] = f"{code} · {group}" if group and sizes.get(group, 0) >= threshold else code
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
