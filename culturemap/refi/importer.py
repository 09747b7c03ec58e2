"""``culturemap import DIR SOURCE``: a REFI-QDA project (``.qdpx``) or codebook (``.qdc``) becomes an engagement.

From a ``.qdpx``:

- every text source becomes ``DIR/<name>.txt`` (its plain text, UTF-8, line endings as ``\\n``), with a
  sidecar ``<name>.txt.yaml`` holding the case variables that name a group, role, language (and name, date,
  interviewer); speaker turns are recognised as for any transcript;
- the codebook becomes ``codebook.yaml`` (:mod:`culturemap.refi.codebook`);
- every coding of a text selection becomes an accepted tag, origin ``import``, on the sentence(s) holding the
  selection, with the selection kept in ``spans``. Positions are characters of the plain text; as tools
  disagree on byte order marks and line endings, each source's selections are read in the way (as stored,
  BOM counted or not, ``\\r\\n`` as one or two characters) under which their names match their text, and a
  selection that does not fit its text (beyond its end, empty, or its quoted name found elsewhere) is
  reported and not anchored;
- REFI links marked causal (a name like "is cause of", "causes (+)", "leads to", or one passed in
  ``causal``) become links: between codings (or selections with one code) as links in the interview,
  between codes as hand-drawn links in ``links.csv``.

From a ``.qdc``: only the codebook. The engagement is written into a temporary folder beside ``DIR`` and
moved in place at the end: an error leaves nothing behind.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, ExchangeError, InputError, Issue, ProjectError, Warnings
from ..models import Codings, Link, Tag

__all__ = ["ImportResult", "import_refi", "CAUSAL_NAMES", "variable_key", "parse_colours"]

CAUSAL_NAMES = re.compile(r"caus|leads? to|leidt tot|veroorza|influenc|be[iï]nvloed|results? in|increas|decreas|reduc|"
                          r"strengthen|weaken|versterkt|verzwakt|verhoogt|verlaagt|vermindert|->|\u2192", re.I)
_NEGATIVE = re.compile(r"\(\s*[-\u2212]\s*\)|negativ|decreas|reduc|weaken|vermindert|verzwakt|verlaagt|\u2212", re.I)
_OUR_LINK = re.compile(r"^causes \(([+-])\)(?:: (.*))?$", re.S)
_VARIABLES = {
    "group": "group", "groep": "group", "department": "group", "afdeling": "group", "team": "group",
    "role": "role", "rol": "role", "function": "role", "functie": "role", "job": "role", "job title": "role",
    "language": "language", "taal": "language", "lang": "language",
    "name": "name", "naam": "name", "interviewee": "name",
    "date": "date", "datum": "date", "interviewer": "interviewer",
}
_LANGS = {"nl": "nl", "nld": "nl", "dutch": "nl", "nederlands": "nl", "en": "en", "eng": "en", "english": "en",
          "engels": "en"}
_SOURCE_SUFFIXES = (".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".md", ".vtt", ".srt", ".html", ".htm")


@dataclass(frozen=True)
class ImportResult:
    root: Path
    source: Path
    codebook_only: bool
    origin: str
    interviews: tuple[str, ...]          # interview ids written
    codes: int
    codings: int                         # accepted tags written
    links: int                           # links in interviews
    hand_links: int                      # code-to-code links written to links.csv
    defaulted: tuple[str, ...]           # code ids whose kind/effect are defaults: the consultant checks them
    skipped: tuple[Issue, ...]           # what was not imported, and why


def variable_key(name: str) -> str | None:
    """The transcript metadata key a REFI variable feeds (``None`` when it names none of them).

    >>> variable_key("Afdeling"), variable_key("Role"), variable_key("gender")
    ('group', 'role', None)
    """
    return _VARIABLES.get(" ".join(name.split()).casefold())


def parse_colours(values) -> dict[str, str]:
    """``["#DC0000=hindering", ...]`` -> ``{"#DC0000": "hindering"}``; E709 for a malformed item.

    >>> parse_colours(["#dc0000=Hindering", "#0a0=enabling"])
    {'#DC0000': 'hindering', '#0A0': 'enabling'}
    """
    from ..models import EFFECTS

    out = {}
    for value in values:
        colour, sep, effect = str(value).partition("=")
        colour, effect = colour.strip().upper(), effect.strip().lower()
        if not sep or not re.fullmatch(r"#(?:[0-9A-F]{6}|[0-9A-F]{3})", colour) or effect not in EFFECTS:
            raise ExchangeError(Errors.E709, detail=repr(value), what="colour mapping",
                                example=f"'#DC0000=hindering' (effects: {', '.join(EFFECTS)})")
        out[colour] = effect
    return out


def _safe_stem(name: str, n: int) -> str:
    stem = unicodedata.normalize("NFC", name.strip())
    while Path(stem).suffix.lower() in _SOURCE_SUFFIXES and Path(stem).stem:
        stem = Path(stem).stem
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-._")[:80].strip("-._")
    if not stem or stem.casefold().startswith("readme") or stem.casefold() in {"culturemap", "codebook", "session", "links"}:
        stem = f"source-{n}" + (f"-{stem}" if stem else "")        # names ingest would not read as a transcript
    return stem


def _norm(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- positions

def _offset_map(raw: str) -> list[int]:
    """``m[i]`` = length of the ``\\n``-normalised text made from ``raw[:i]``."""
    m = [0] * (len(raw) + 1)
    n = 0
    for i, ch in enumerate(raw):
        if not (ch == "\n" and i > 0 and raw[i - 1] == "\r"):
            n += 1
        m[i + 1] = n
    return m


def _variants(source) -> list[tuple[str, object]]:
    """The ways a tool may have counted positions: (label, function tool position -> text position or None)."""
    raw = source.text
    text_len = len(raw.replace("\r\n", "\n").replace("\r", "\n"))
    m = _offset_map(raw)
    has_cr = "\r" in raw

    def stored(shift):
        return lambda p: m[p - shift] if 0 <= p - shift <= len(raw) else None

    def normalised(shift):
        return lambda p: p - shift if 0 <= p - shift <= text_len else None

    out: list[tuple[str, object]] = [("as stored", stored(0))]
    if source.bom:
        out.append(("byte order mark counted", stored(1)))
    if has_cr:
        out.append(("line endings counted as one character", normalised(0)))
        if source.bom:
            out.append(("byte order mark counted, line endings as one character", normalised(1)))
    if any(ord(ch) > 0xFFFF for ch in raw):           # .NET/Java tools count UTF-16 code units
        units: dict[int, int] = {}
        u = 0
        for i, ch in enumerate(raw):
            units[u] = i
            u += 2 if ord(ch) > 0xFFFF else 1
        units[u] = len(raw)
        out.append(("UTF-16 code units", lambda p: m[units[p]] if p in units else None))
    return out


def _name_hint(name: str) -> str:
    hint = _norm(name)
    for tail in ("\u2026", "..."):
        if hint.endswith(tail):
            hint = hint[: -len(tail)].rstrip()
    return hint


def _place(sel, fn, text: str, normalised: str) -> tuple[int, int] | str:
    """(start, end) in ``text`` of a selection, or why it does not fit (``normalised``: ``_norm(text)``)."""
    if sel.start < 0 or sel.end < 0:
        return "its positions are missing or not numbers"
    if sel.end <= sel.start:
        return f"it is empty (positions {sel.start}-{sel.end})"
    s, e = fn(sel.start), fn(sel.end)
    if s is None or e is None:
        return f"positions {sel.start}-{sel.end} lie beyond the end of the text ({len(text)} characters)"
    if not text[s:e].strip():
        return f"positions {sel.start}-{sel.end} hold only white space"
    hint = _name_hint(sel.name)
    if len(hint) >= 12 and not _norm(text[s:e]).startswith(hint) and hint in normalised:
        return f"the text at positions {sel.start}-{sel.end} is not its quote '{hint[:40]}' (the positions are shifted)"
    return s, e


def _matches(sel, span, text: str) -> bool:
    hint = _name_hint(sel.name)
    return isinstance(span, tuple) and len(hint) >= 3 and _norm(text[span[0]:span[1]]).startswith(hint)


def _choose(source, text: str, normalised: str):
    variants = _variants(source)
    best, best_score = variants[0], -1
    for variant in variants:
        score = sum(_matches(sel, _place(sel, variant[1], text, normalised), text) for sel in source.selections)
        if score > best_score:
            best, best_score = variant, score
    return best


# ---------------------------------------------------------------- anchoring

def _segments_over(transcript, s: int, e: int):
    return [seg for seg in transcript.segments if seg.start < e and s < seg.end]


def _anchor(transcript, qs: int, qe: int, exact: bool) -> tuple[int, int, str] | None:
    """(start, end, speaker) of the sentence(s) holding text[qs:qe]; None when no turn holds it."""
    from ..review import sentence_span

    text = transcript.text
    exact_span = (qs, qe)
    while qs < qe and text[qs].isspace():
        qs += 1
    while qe > qs and text[qe - 1].isspace():
        qe -= 1
    segs = _segments_over(transcript, qs, qe)
    if not segs:
        return None
    if exact:                               # a culturemap export: the selection is the tag's span already
        return exact_span[0], exact_span[1], segs[0].speaker
    s, e = sentence_span(text, max(qs, segs[0].start), min(qe, segs[-1].end), segs[0].start, segs[-1].end)
    return min(s, max(qs, segs[0].start)), max(e, min(qe, segs[-1].end)), segs[0].speaker


# ---------------------------------------------------------------- the engagement folder

def _check_target(root: Path, source: Path) -> None:
    if root.exists() and not root.is_dir():
        raise ProjectError(Errors.E002, path=root)
    if (root / "culturemap.yaml").exists():
        raise ProjectError(Errors.E004, path=root)
    if root.exists() and any(root.iterdir()):
        raise ProjectError(Errors.E708, path=root, dir=root, source=source)


def _settings_text(language: str, title: str) -> str:
    from ..project import SETTINGS_TEMPLATE

    return SETTINGS_TEMPLATE.format(language=language, title=json.dumps(title, ensure_ascii=False)[1:-1])


def _sidecar(meta: dict) -> str:
    lines = ["# metadata imported from the REFI-QDA case variables (culturemap import)"]
    lines += [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]
    return "\n".join(lines) + "\n"


def _metadata(source, issues: list[Issue], where: Path, unused: set[str]) -> dict:
    meta: dict = {}
    for name, value in sorted(source.variables.items()):
        key = variable_key(name)
        if key is None:
            unused.add(name)
            continue
        if key == "language":
            lang = _LANGS.get(value.casefold()) or _LANGS.get(value.casefold().split("-")[0].split("_")[0])
            if lang is None:
                issues.append(Issue(Warnings.W701, path=where, what=f"language {value!r} of '{source.name}'",
                                    reason="culturemap reads 'nl' and 'en'; the language is detected instead"))
                continue
            value = lang
        meta.setdefault(key, value)
    return meta


def import_refi(directory, source, *, language: str = "nl", skip_missing: bool = False,
                causal: tuple[str, ...] = (), colours: dict | None = None) -> ImportResult:
    """Create the engagement ``directory`` from a REFI-QDA ``.qdpx`` project or ``.qdc`` codebook.

    Parameters
    ----------
    directory : path
        The engagement folder to create; it may exist when it is empty.
    source : path
        A ``.qdpx`` or ``.qdc`` file.
    language : str
        The project language (``nl`` or ``en``), as for ``culturemap init``.
    skip_missing : bool
        Import the text sources that are in the archive and report the missing ones (default: E704).
    causal : tuple of str
        Names of REFI links to read as causal, besides the names that say so ("is cause of", "leads to"...).
    colours : dict
        ``{"#RRGGBB": effect}``: the effect of codes with that colour.

    Raises
    ------
    ExchangeError
        E701-E707 (see :func:`culturemap.refi.qdpx.read_refi`).
    ProjectError
        E002/E004/E005/E708 for ``directory``.
    """
    from ..project import LANGUAGES
    from .codebook import codebook_from_refi, codebook_yaml
    from .qdpx import read_refi

    root, source = Path(directory), Path(source)
    work = root.resolve()
    if language not in LANGUAGES:
        raise ProjectError(Errors.E005, language=language)
    _check_target(root, source)
    project = read_refi(source, skip_missing=skip_missing)
    issues: list[Issue] = list(project.issues)
    imported = codebook_from_refi(project.codes, language=language, colours=colours)

    work.parent.mkdir(parents=True, exist_ok=True)
    tmp = work.parent / f".{work.name}.import-{secrets.token_hex(4)}"
    try:
        result = _write(tmp, root, source, project, imported, issues, language, causal, codebook_yaml)
        if work.exists():
            work.rmdir()                         # empty, checked above
        os.replace(tmp, work)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def _write(tmp: Path, root: Path, source: Path, project, imported, issues: list[Issue], language: str,
           causal: tuple[str, ...], codebook_yaml) -> ImportResult:
    from ..coding.codebook import load_codebook
    from ..ingest import read_transcript
    from ..project import init_project
    from ..store import atomic_write, save_codings

    init_project(tmp, language=language)
    atomic_write(tmp / "culturemap.yaml", _settings_text(language, project.name))
    if imported.entries:
        atomic_write(tmp / "codebook.yaml", codebook_yaml(imported, source=source.name, origin=project.origin))
        load_codebook(tmp / "codebook.yaml", language=language)      # what we wrote must read back
    ours = project.origin.lower().startswith("culturemap")
    code_ids = imported.ids

    transcripts: dict = {}                              # source guid -> Transcript
    places: dict[str, tuple[str, int, int, str]] = {}   # selection guid -> (source guid, start, end, speaker)
    tags: dict[str, dict[tuple, Tag]] = {}
    coding_at: dict[str, tuple[str, str]] = {}          # coding guid -> (selection guid, code id)
    selection_codes: dict[str, list[str]] = {}
    link_only: set[str] = set()
    stems: set[str] = set()
    unused: set[str] = set()
    n_codings = 0
    for n, src in enumerate(project.sources, 1):
        if src.kind != "text":
            issues.append(Issue(Warnings.W701, path=source, what=f"source '{src.name}'",
                                reason=f"it is not a text source ({src.kind}); culturemap reads text sources"))
            continue
        stem = _safe_stem(src.name, n)
        base, i = stem, 2
        while stem.casefold() in stems:
            stem, i = f"{base}-{i}", i + 1
        stems.add(stem.casefold())
        text = src.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        if not text.strip():
            issues.append(Issue(Warnings.W701, path=source, what=f"source '{src.name}'", reason="its text is empty"))
            continue
        path = tmp / f"{stem}.txt"
        atomic_write(path, text)
        meta = _metadata(src, issues, source, unused)
        if meta:
            atomic_write(tmp / f"{stem}.txt.yaml", _sidecar(meta))
        try:
            transcript = read_transcript(path, default_language=language)
        except InputError as exc:
            issues.append(Issue(Warnings.W701, path=source, what=f"source '{src.name}'", reason=exc.message.rstrip(".")))
            path.unlink()
            (tmp / f"{stem}.txt.yaml").unlink(missing_ok=True)
            continue
        if transcript.id in {t.id for t in transcripts.values()}:
            issues.append(Issue(Warnings.W701, path=source, what=f"source '{src.name}'",
                                reason=f"its interview id '{transcript.id}' is taken by another source"))
            path.unlink()
            (tmp / f"{stem}.txt.yaml").unlink(missing_ok=True)
            continue
        transcripts[src.guid] = transcript
        if src.whole_codings:
            issues.append(Issue(Warnings.W701, path=source, what=f"{src.whole_codings} coding(s) of source '{src.name}'",
                                reason="they code the whole source, not a text selection"))
        normalised = _norm(text)
        _, fn = _choose(src, text, normalised)
        mine = tags.setdefault(transcript.id, {})
        for sel in src.selections:
            _, data = _split_marker(sel.description)
            where = f"selection {sel.start}-{sel.end} of '{src.name}'"
            if not sel.codings:
                continue
            span = _place(sel, fn, text, normalised)
            if isinstance(span, str):
                issues.append(Issue(Warnings.W701, path=source, what=where,
                                    reason=f"{span}; not anchored ({len(sel.codings)} coding(s))"))
                continue
            anchored = _anchor(transcript, span[0], span[1], exact=ours)
            if anchored is None:
                issues.append(Issue(Warnings.W701, path=source, what=where,
                                    reason="it holds no words of the interview (front matter or blank lines)"))
                continue
            s, e, speaker = anchored
            places[sel.guid] = (src.guid, s, e, speaker)
            codes_here = []
            if data.get("link"):
                link_only.add(sel.guid)
            for coding_guid, code_guid in sel.codings:
                code = code_ids.get(code_guid)
                if code is None:
                    issues.append(Issue(Warnings.W701, path=source, what=f"a coding in {where}",
                                        reason="its code is not in the codebook"))
                    continue
                coding_at[coding_guid] = (sel.guid, code)
                codes_here.append(code)
                if sel.guid in link_only:
                    continue
                key = (code, s, e)
                qs, qe = max(span[0], s), min(span[1], e)
                old = mine.get(key)
                spans = ((qs, qe),) if old is None else tuple(sorted(set(old.spans) | {(qs, qe)}))
                mine[key] = Tag(interview=transcript.id, speaker=speaker, start=s, end=e, code=code,
                                negated=bool(data.get("negated")), status="accepted", origin="import",
                                text=transcript.text[s:e], spans=spans)
                n_codings += old is None
            selection_codes[sel.guid] = codes_here

    for name in sorted(unused):
        issues.append(Issue(Warnings.W701, path=source, what=f"case variable '{name}'",
                            reason="it names no group, role, language, name, date or interviewer"))
    links, hand = _links(project, source, causal, code_ids, coding_at, selection_codes, places, transcripts,
                         issues, ours)
    by_interview: dict[str, list[Link]] = {}
    for l in links:
        by_interview.setdefault(l.interview, []).append(l)
    for transcript in transcripts.values():
        found = tuple(tags.get(transcript.id, {}).values())
        mine_links = tuple(by_interview.get(transcript.id, ()))
        if found or mine_links:
            save_codings(tmp, Codings(interview=transcript.id, fingerprint=transcript.fingerprint, tags=found,
                                      links=mine_links), language=transcript.language)
    if hand:
        rows = ["cause,effect,sign,note"]
        for cause, effect, sign, note in hand:
            rows.append(",".join(_csv(v) for v in (cause, effect, sign, note)))
        atomic_write(tmp / "links.csv", "\n".join(rows) + "\n")
    return ImportResult(root=root, source=source, codebook_only=project.codebook_only, origin=project.origin,
                        interviews=tuple(sorted(t.id for t in transcripts.values())),
                        codes=len(imported.entries), codings=n_codings, links=len(links), hand_links=len(hand),
                        defaulted=imported.defaulted, skipped=tuple(issues))


def _csv(value: str) -> str:
    value = str(value)
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',;"\n') else value


def _split_marker(description: str) -> tuple[str, dict]:
    from .codebook import split_description

    text, data = split_description(description)
    return text, data or {}


def _links(project, source: Path, causal, code_ids, coding_at, selection_codes, places, transcripts, issues,
           ours: bool):
    extra = {c.casefold() for c in causal}
    out: dict[tuple, Link] = {}
    hand: list[tuple[str, str, str, str]] = []

    def end(guid: str):
        if guid in code_ids:
            return ("code", code_ids[guid], None)
        if guid in coding_at:
            sel, code = coding_at[guid]
            return ("text", code, sel)
        if guid in selection_codes:
            codes = sorted(set(selection_codes[guid]))
            if len(codes) == 1:
                return ("text", codes[0], guid)
            return None
        return None

    for l in project.links:
        what = f"link '{l.name or l.guid}'"
        ourlink = _OUR_LINK.match(l.name) if ours else None
        if not (ourlink or CAUSAL_NAMES.search(l.name) or l.name.casefold() in extra):
            issues.append(Issue(Warnings.W701, path=source, what=what,
                                reason=f"it is not marked causal; pass --causal {json.dumps(l.name)} to import it as a link"))
            continue
        a, b = end(l.origin), end(l.target)
        if a is None or b is None:
            issues.append(Issue(Warnings.W701, path=source, what=what,
                                reason="it does not join two codes, or two codings or selections with one code each"))
            continue
        if a[1] == b[1]:
            issues.append(Issue(Warnings.W701, path=source, what=what, reason="cause and effect are the same code"))
            continue
        sign = ourlink.group(1) if ourlink else ("-" if _NEGATIVE.search(l.name) else "+")
        note = (ourlink.group(2) or "") if ourlink else ""
        if a[0] == "code" and b[0] == "code":
            hand.append((a[1], b[1], sign, note))
            continue
        spots = [places[x[2]] for x in (a, b) if x[0] == "text" and x[2] in places]
        if not spots or len({p[0] for p in spots}) > 1:
            issues.append(Issue(Warnings.W701, path=source, what=what,
                                reason="its two ends lie in different sources, or were not anchored"))
            continue
        transcript = transcripts[spots[0][0]]
        s, e = min(p[1] for p in spots), max(p[2] for p in spots)
        link = Link(interview=transcript.id, cause=a[1], effect=b[1], sign=sign, status="accepted", origin="import",
                    text=transcript.text[s:e], start=s, end=e, speaker=min(spots, key=lambda p: p[1])[3], note=note)
        out.setdefault(link.key, link)
    return list(out.values()), sorted(set(hand))
