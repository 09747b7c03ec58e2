"""Export an engagement as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``) for a colleague's QDA tool.

:func:`write_qdpx` writes, valid against the REFI-QDA 1.0 Project schema (``Project-mrt2019.xsd``):

- every transcript as a plain-text source ``sources/<guid>.txt`` (``Transcript.text``: UTF-8, no byte order
  mark, ``\\n`` line endings; for .docx/.vtt/.srt the text rendering culturemap codes), named
  ``<interview id><suffix>``. It holds the transcripts *as they are, names included*: a working file for the
  consultant's team, never for the group session (:data:`NOTICE`);
- the codebook, child codes (``parent--child``) nested under their parent, each code's colour from its
  effect (:data:`EFFECT_COLOURS`) and its kind, effect, labels and patterns kept in the description's
  culturemap line (:mod:`culturemap.refi.codebook`);
- every accepted tag as a coding of a ``PlainTextSelection`` over its span (its sentence); a negated tag's
  selection has the description ``Negated: ...`` plus ``culturemap: {"negated": true}``;
- every accepted link as a selection over its span with a coding of the cause and one of the effect (the
  selection's description says it is link evidence: ``culturemap: {"link": true}``, so importing it back adds
  no tags) and a REFI ``Link`` from the cause coding to the effect coding named ``causes (+)`` / ``causes (-)``;
  hand-drawn links (``links.csv``) as a ``Link`` from code to code, the note after ``: `` in its name;
- interview metadata (group, role, language, name, date, interviewer) as case variables, one case per interview.

GUIDs are derived from the content, there are no timestamps: the same engagement gives the same bytes.
"""
from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import Errors, ExportError, Issue, Warnings
from .qdpx import CODEBOOK_NS, PROJECT_NS

__all__ = ["write_qdpx", "write_qdc", "RefiExport", "NOTICE", "EFFECT_COLOURS", "METADATA_VARIABLES"]

NOTICE = ("The .qdpx holds the transcripts as they are, names included: a working file for your team's QDA tool, "
          "never for the group session.")
EFFECT_COLOURS = {"enabling": "#2E7D32", "hindering": "#C62828", "ambivalent": "#F9A825"}
METADATA_VARIABLES = ("group", "role", "language", "name", "date", "interviewer")
_GUIDS = uuid.UUID("0c7e3f56-8a1d-4d7e-b1e4-6f3c2a9d5b70")
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class RefiExport:
    path: Path
    sources: int
    codes: int
    codings: int
    links: int
    issues: tuple[Issue, ...] = ()
    notice: str = ""


def _guid(*parts) -> str:
    return str(uuid.uuid5(_GUIDS, "\x1f".join(str(p) for p in parts))).upper()


def _clean(text: str) -> str:
    return _BAD_XML.sub(" ", str(text))


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _open(project_or_dir):
    from ..project import Project, open_project

    return project_or_dir if isinstance(project_or_dir, Project) else open_project(project_or_dir)


def _codebook(project):
    """(Codebook, raw entries by id) of the engagement."""
    from ..coding.codebook import load_codebook
    from ..project import read_yaml

    codebook = load_codebook(project.codebook_path, language=project.settings.language)
    raw = read_yaml(project.codebook_path) or {}
    entries = {str(e.get("id")): {k: v for k, v in e.items()} for e in raw.get("codes", []) if isinstance(e, dict)}
    return codebook, entries


def _codes_element(E, codebook, entries, language: str):
    from .codebook import refi_description

    ids = set(codebook.ids)
    children: dict[str | None, list] = {}
    for code in codebook.codes:
        head, sep, _ = code.id.rpartition("--")
        parent = head if sep and head in ids else None
        children.setdefault(parent, []).append(code)

    def element(code, parent):
        name = code.label_for(language)
        if parent is not None:
            prefix = parent.label_for(language) + " / "
            name = name[len(prefix):] if name.startswith(prefix) and len(name) > len(prefix) else name
        entry = entries.get(code.id) or {"id": code.id, "kind": code.kind, "effect": code.effect}
        el = E.Code(E.Description(_clean(refi_description(entry, language))), guid=_guid("code", code.id),
                    name=_clean(name), isCodable="true", color=EFFECT_COLOURS.get(code.effect, "#9E9E9E"))
        for child in children.get(code.id, ()):
            el.append(element(child, code))
        return el

    return E.Codes(*[element(c, None) for c in children.get(None, ())])


def _tostring(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _write(out: Path, data: bytes) -> None:
    from ..store import atomic_write

    try:
        atomic_write(out, data)
    except OSError as exc:
        raise ExportError(Errors.E503, path=out, target=out, detail=exc.strerror or str(exc)) from None


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buffer.getvalue()


def write_qdc(project_or_dir, out_path) -> RefiExport:
    """Write the engagement's codebook as a REFI-QDA codebook (``.qdc``) to ``out_path``."""
    from lxml.builder import ElementMaker

    project = _open(project_or_dir)
    codebook, entries = _codebook(project)
    E = ElementMaker(namespace=CODEBOOK_NS, nsmap={None: CODEBOOK_NS})
    root = E.CodeBook(_codes_element(E, codebook, entries, project.settings.language))
    out = Path(out_path)
    _write(out, _tostring(root))
    return RefiExport(path=out, sources=0, codes=len(codebook.codes), codings=0, links=0)


def write_qdpx(project_or_dir, out_path) -> RefiExport:
    """Write the engagement as a REFI-QDA project (``.qdpx``) to ``out_path`` (see the module docstring).

    Parameters
    ----------
    project_or_dir : Project or path
        The engagement.
    out_path : path
        The ``.qdpx`` file to write (replaced atomically).

    Returns
    -------
    RefiExport
        What was written; ``issues`` lists transcripts that could not be read and accepted items left out
        (orphaned: their quote is no longer in the transcript); ``notice`` is the one line to show the user.

    Raises
    ------
    ExportError
        E503 when the file cannot be written. Codebook, transcript and store errors as for every command.
    """
    from lxml.builder import ElementMaker

    from ..ingest import load_transcripts
    from ..review.handlinks import read_hand_links
    from ..store import load_all_codings

    project = _open(project_or_dir)
    language = project.settings.language
    codebook, entries = _codebook(project)
    transcripts, read_issues = load_transcripts(project.root, default_language=language)
    issues = [i for i in read_issues if i.level == "error"]
    codings = load_all_codings(project)
    hand = read_hand_links(project, codebook)
    known = set(codebook.ids)

    E = ElementMaker(namespace=PROJECT_NS, nsmap={None: PROJECT_NS})
    used = [k for k in METADATA_VARIABLES if any(_meta(t, k) for t in transcripts)]
    members: list[tuple[str, bytes]] = []
    sources, cases = [], []
    links = []
    n_codings = n_links = 0
    for t in transcripts:
        sguid = _guid("source", t.id)
        source = E.TextSource(guid=sguid, name=_clean(f"{t.id}{t.path.suffix}"), plainTextPath=f"internal://{sguid}.txt")
        members.append((f"sources/{sguid}.txt", t.text.encode("utf-8")))
        c = codings.get(t.id)
        spans: dict[tuple, list] = {}
        for tag in (c.accepted_tags() if c else ()):
            if tag.orphaned or t.text[tag.start:tag.end] != tag.text or tag.code not in known:
                issues.append(Issue(Warnings.W701, path=t.path, what=f"accepted tag {tag.code} at {tag.start}-{tag.end}",
                                    reason="its quote is no longer in the transcript (orphaned) or its code is gone"))
                continue
            spans.setdefault((tag.start, tag.end, tag.negated), []).append(tag)
        for (s, e, negated), tags in sorted(spans.items()):
            sel = E.PlainTextSelection(guid=_guid("selection", t.id, s, e, negated), name=_clean(_short(t.text[s:e])),
                                       startPosition=str(s), endPosition=str(e))
            if negated:
                sel.append(E.Description("Negated: the speaker says this is not so.\n\nculturemap: {\"negated\": true}"))
            for tag in sorted(tags, key=lambda x: x.code):
                sel.append(E.Coding(E.CodeRef(targetGUID=_guid("code", tag.code)), guid=_guid("coding", *tag.key)))
                n_codings += 1
            source.append(sel)
        for link in (c.accepted_links() if c else ()):
            if (link.orphaned or t.text[link.start:link.end] != link.text or link.end <= link.start
                    or link.cause not in known or link.effect not in known):
                issues.append(Issue(Warnings.W701, path=t.path, what=f"accepted link {link.cause} -> {link.effect}",
                                    reason="its quote is no longer in the transcript (orphaned) or a code is gone"))
                continue
            key = "\x1f".join(map(str, link.key))
            cause, effect = _guid("link-cause", key), _guid("link-effect", key)
            source.append(E.PlainTextSelection(
                E.Description(f"Link evidence: {link.cause} -> {link.effect} ({link.sign})\n\nculturemap: {{\"link\": true}}"),
                E.Coding(E.CodeRef(targetGUID=_guid("code", link.cause)), guid=cause),
                E.Coding(E.CodeRef(targetGUID=_guid("code", link.effect)), guid=effect),
                guid=_guid("link-selection", key), name=_clean(_short(t.text[link.start:link.end])),
                startPosition=str(link.start), endPosition=str(link.end)))
            links.append(E.Link(guid=_guid("link", key), name=f"causes ({link.sign})", direction="OneWay",
                                originGUID=cause, targetGUID=effect))
            n_links += 1
        sources.append(source)
        values = [E.VariableValue(E.VariableRef(targetGUID=_guid("variable", k)), E.TextValue(_clean(_meta(t, k))))
                  for k in used if _meta(t, k)]
        cases.append(E.Case(*values, E.SourceRef(targetGUID=sguid), guid=_guid("case", t.id), name=_clean(t.id)))
    for l in hand:
        name = f"causes ({l.sign})" + (f": {l.note}" if l.note else "")
        links.append(E.Link(guid=_guid("hand-link", l.cause, l.effect, l.sign, l.note), name=_clean(name),
                            direction="OneWay", originGUID=_guid("code", l.cause), targetGUID=_guid("code", l.effect)))
        n_links += 1

    title = project.settings.title or project.root.resolve().name
    root = E.Project(name=_clean(title), origin=f"culturemap {__version__}")
    root.append(E.CodeBook(_codes_element(E, codebook, entries, language)))
    if used:
        root.append(E.Variables(*[E.Variable(guid=_guid("variable", k), name=k, typeOfVariable="Text") for k in used]))
    if cases:
        root.append(E.Cases(*cases))
    if sources:
        root.append(E.Sources(*sources))
    if links:
        root.append(E.Links(*links))
    out = Path(out_path)
    _write(out, _zip([("project.qde", _tostring(root))] + members))
    return RefiExport(path=out, sources=len(sources), codes=len(codebook.codes), codings=n_codings, links=n_links,
                      issues=tuple(issues), notice=NOTICE)


def _meta(transcript, key: str) -> str:
    value = getattr(transcript, key, None) if key != "interviewer" else transcript.interviewer
    if key == "interviewer" and value == "Interviewer":
        return ""                                        # the default: nothing to carry
    return "" if value is None else str(value)
