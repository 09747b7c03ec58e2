"""Reading REFI-QDA files: a ``.qdpx`` project (a zip with ``project.qde`` and ``sources/``) or a ``.qdc`` codebook.

Everything is read in memory, never unpacked to disk, and checked before it is trusted:

- member names that leave the archive (``../x``, ``/etc/x``, ``C:\\x``) and source paths that do: E705;
- more than :data:`MAX_MEMBERS` members, more than :data:`MAX_TOTAL` bytes unpacked, or a member that
  unpacks to more than its declared size or :data:`MAX_MEMBER` bytes (a zip bomb): E706;
- no ``project.qde`` (any case, ``Project.qde`` is common): E707; XML that does not parse: E702; a root
  element in another namespace than REFI-QDA 1.0 (``urn:QDA-XML:project:1.0`` / ``...:codebook:1.0``): E703;
- a text source whose plain text is neither inline (``PlainTextContent``) nor in the archive's ``sources/``
  (or ``Sources/``, any case): E704 listing them, unless ``skip_missing`` (then they are reported).

A file with a DOCTYPE or entity declarations is refused (E702); the parser resolves no entities, loads no
DTD and never goes to the network.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, ExchangeError, Issue, Warnings

__all__ = [
    "PROJECT_NS", "CODEBOOK_NS", "RefiCode", "RefiSelection", "RefiSource", "RefiLink", "RefiProject",
    "read_refi", "parse_project_xml", "parse_codebook_xml", "MAX_MEMBERS", "MAX_TOTAL", "MAX_MEMBER",
]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
MAX_MEMBERS = 20_000
MAX_TOTAL = 1 << 30            # 1 GiB unpacked in all
MAX_MEMBER = 256 << 20         # 256 MiB for one member
NON_TEXT_SOURCES = {"PictureSource": "picture", "PDFSource": "PDF", "AudioSource": "audio", "VideoSource": "video"}


@dataclass(frozen=True)
class RefiCode:
    guid: str
    name: str
    path: tuple[str, ...]          # names from the top of the hierarchy down to this code (nesting and "::")
    parent: str | None             # guid of the parent code (nested <Code>), None at the top
    description: str = ""
    color: str = ""
    codable: bool = True


@dataclass(frozen=True)
class RefiSelection:
    guid: str
    name: str
    start: int
    end: int
    description: str = ""
    codings: tuple[tuple[str, str], ...] = ()     # (coding guid, code guid)


@dataclass(frozen=True)
class RefiSource:
    guid: str
    name: str
    kind: str                              # "text", or "PDF", "picture", "audio", "video" (not imported)
    text: str | None = None                # the plain text as stored (BOM removed, line endings as stored)
    bom: bool = False                      # the stored file started with a byte order mark
    where: str = ""                        # the archive member, or "inline"
    selections: tuple[RefiSelection, ...] = ()
    whole_codings: int = 0                 # codings of the whole source (not of a text selection)
    variables: dict = field(default_factory=dict, compare=False, hash=False)   # name -> value (str)


@dataclass(frozen=True)
class RefiLink:
    guid: str
    name: str
    direction: str
    origin: str
    target: str


@dataclass(frozen=True)
class RefiProject:
    name: str
    origin: str                            # the exporting tool, e.g. "ATLAS.ti 8.4.0" or "culturemap 0.1.0"
    codes: tuple[RefiCode, ...]
    sources: tuple[RefiSource, ...] = ()
    links: tuple[RefiLink, ...] = ()
    issues: tuple[Issue, ...] = ()         # what was skipped while reading (missing sources with skip_missing)
    codebook_only: bool = False


# ---------------------------------------------------------------- XML

def _parse_xml(data: bytes, source: Path, member: str):
    from lxml import etree

    if re.search(rb"<!(DOCTYPE|ENTITY)", data.replace(b"\x00", b"")[:1 << 16], re.I):
        raise ExchangeError(Errors.E702, path=source, member=member,
                            detail="it declares a DOCTYPE or entities, which REFI-QDA files never do")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        msg = str(exc.msg if hasattr(exc, "msg") else exc).split(", line ")[0]
        detail = f"{msg} (line {line})" if line else msg
        raise ExchangeError(Errors.E702, path=source, member=member, detail=detail) from None
    if root is None:
        raise ExchangeError(Errors.E702, path=source, member=member, detail="the file is empty")
    return root


def _split(tag) -> tuple[str, str]:
    tag = str(tag)
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _children(el, local: str):
    return [c for c in el if isinstance(c.tag, str) and _split(c.tag)[1] == local]


def _child(el, local: str):
    found = _children(el, local)
    return found[0] if found else None


def _text(el, local: str) -> str:
    c = _child(el, local)
    return (c.text or "") if c is not None else ""


def _check_root(root, source: Path, member: str, want: str, expected_ns: str) -> None:
    ns, local = _split(root.tag)
    if local != want:
        raise ExchangeError(Errors.E701, path=source, what="project" if want == "Project" else "codebook",
                            detail=f"{member} starts with <{local}>, not <{want}>")
    if ns and ns != expected_ns:
        raise ExchangeError(Errors.E703, path=source, member=member, namespace=ns, expected=expected_ns)


def _codes(codebook_el) -> tuple[RefiCode, ...]:
    out: list[RefiCode] = []
    if codebook_el is None:
        return ()
    codes_el = _child(codebook_el, "Codes")
    if codes_el is None:
        return ()

    def walk(el, parent: RefiCode | None):
        for c in _children(el, "Code"):
            name = " ".join((c.get("name") or "").split()) or "code"
            own = tuple(p.strip() for p in name.split("::") if p.strip()) or (name,)
            path = (parent.path if parent else ()) + own
            code = RefiCode(guid=(c.get("guid") or "").strip("{}").upper(), name=name, path=path,
                            parent=parent.guid if parent else None, description=_text(c, "Description"),
                            color=c.get("color") or "", codable=(c.get("isCodable") or "true").lower() != "false")
            out.append(code)
            walk(c, code)

    walk(codes_el, None)
    return tuple(out)


def _guid(value) -> str:
    return (value or "").strip().strip("{}").upper()


def _int(value, default: int = -1) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _variable_values(el, variables: dict[str, str]) -> dict[str, str]:
    out = {}
    for vv in _children(el, "VariableValue"):
        ref = _child(vv, "VariableRef")
        name = variables.get(_guid(ref.get("targetGUID"))) if ref is not None else None
        if not name:
            continue
        for kind in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"):
            v = _child(vv, kind)
            if v is not None and (v.text or "").strip():
                out[name] = " ".join(v.text.split())
                break
    return out


# ---------------------------------------------------------------- the archive

class _Archive:
    """A zip opened for reading with every member name checked and every read capped."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ExchangeError(Errors.E701, path=path, what="project",
                                detail=f"it is not a zip archive ({exc})") from None
        infos = self.zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ExchangeError(Errors.E706, path=path, member="the archive", limit=f"{MAX_MEMBERS} files",
                                detail=f"{len(infos)} files")
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = self._safe_name(info.filename)
            total += info.file_size
            if total > MAX_TOTAL:
                raise ExchangeError(Errors.E706, path=path, member="the archive", limit=_size(MAX_TOTAL),
                                    detail="declared sizes of its files")
            if not info.is_dir():
                self.members.setdefault(name.lower(), info)

    def _safe_name(self, name: str) -> str:
        norm = name.replace("\\", "/")
        parts = norm.split("/")
        if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm) or ".." in parts:
            raise ExchangeError(Errors.E705, path=self.path, member=name, detail="an absolute path or '..'")
        return posixpath.normpath(norm) if norm.strip("/") else norm

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.members.get(name.lower())

    def read(self, info: zipfile.ZipInfo) -> bytes:
        limit = min(MAX_MEMBER, max(info.file_size, 0))
        out = io.BytesIO()
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    out.write(chunk)
                    if out.tell() > limit:
                        raise ExchangeError(Errors.E706, path=self.path, member=info.filename, limit=_size(limit),
                                            detail="more than the archive declares")
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise ExchangeError(Errors.E701, path=self.path, what="project",
                                detail=f"{info.filename} cannot be unpacked ({exc})") from None
        if info.file_size > MAX_MEMBER:
            raise ExchangeError(Errors.E706, path=self.path, member=info.filename, limit=_size(MAX_MEMBER),
                                detail=_size(info.file_size))
        return out.getvalue()


def _size(n: int) -> str:
    return f"{n / (1 << 20):.0f} MiB" if n >= 1 << 20 else f"{n} bytes"


def _decode(data: bytes) -> tuple[str, bool]:
    """Bytes of a plain-text source -> (text with line endings as stored, had a BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), True
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text, bom


# ---------------------------------------------------------------- project

def parse_codebook_xml(data: bytes, source: Path, member: str = "the codebook") -> RefiProject:
    """A ``.qdc`` (``<CodeBook>``) as a codebook-only :class:`RefiProject`."""
    root = _parse_xml(data, source, member)
    _check_root(root, source, member, "CodeBook", CODEBOOK_NS)
    return RefiProject(name=Path(source).stem, origin=root.get("origin") or "", codes=_codes(root),
                       codebook_only=True)


def parse_project_xml(data: bytes, source: Path, member: str = "project.qde", *, archive=None,
                      skip_missing: bool = False) -> RefiProject:
    """A ``project.qde`` as a :class:`RefiProject`; plain texts are looked up in ``archive`` (an _Archive)."""
    root = _parse_xml(data, source, member)
    _check_root(root, source, member, "Project", PROJECT_NS)
    codes = _codes(_child(root, "CodeBook"))

    variables: dict[str, str] = {}
    vars_el = _child(root, "Variables")
    if vars_el is not None:
        for v in _children(vars_el, "Variable"):
            variables[_guid(v.get("guid"))] = " ".join((v.get("name") or "").split())
    per_source: dict[str, dict[str, str]] = {}
    cases_el = _child(root, "Cases")
    if cases_el is not None:
        for case in _children(cases_el, "Case"):
            values = _variable_values(case, variables)
            for ref in _children(case, "SourceRef"):
                per_source.setdefault(_guid(ref.get("targetGUID")), {}).update(values)
    sets_el = _child(root, "Sets")                  # ATLAS.ti: document groups named "key: value"
    if sets_el is not None:
        for s in _children(sets_el, "Set"):
            key, sep, value = (s.get("name") or "").partition(":")
            if not sep or not key.strip() or not value.strip():
                continue
            for ref in _children(s, "MemberSource"):
                per_source.setdefault(_guid(ref.get("targetGUID")), {}).setdefault(key.strip(), value.strip())

    sources: list[RefiSource] = []
    missing: list[str] = []
    issues: list[Issue] = []
    sources_el = _child(root, "Sources")
    for el in (list(sources_el) if sources_el is not None else []):
        if not isinstance(el.tag, str):
            continue
        local = _split(el.tag)[1]
        guid = _guid(el.get("guid"))
        name = " ".join((el.get("name") or "").split()) or guid
        values = dict(per_source.get(guid, {}))
        values.update(_variable_values(el, variables))
        if local != "TextSource":
            kind = NON_TEXT_SOURCES.get(local, local)
            sources.append(RefiSource(guid=guid, name=name, kind=kind, variables=values))
            continue
        selections = []
        for sel in _children(el, "PlainTextSelection"):
            codings = tuple((_guid(c.get("guid")), _guid(r.get("targetGUID")))
                            for c in _children(sel, "Coding") for r in _children(c, "CodeRef"))
            selections.append(RefiSelection(guid=_guid(sel.get("guid")), name=sel.get("name") or "",
                                            start=_int(sel.get("startPosition")), end=_int(sel.get("endPosition")),
                                            description=_text(sel, "Description"), codings=codings))
        whole = len(_children(el, "Coding"))
        content = _child(el, "PlainTextContent")
        text, bom, where = None, False, ""
        if content is not None and content.text:
            text, where = content.text, "inline"
        else:
            ref = (el.get("plainTextPath") or "").strip()
            text, bom, where, problem = _source_text(archive, source, ref)
            if text is None:
                missing.append(f"'{name}' ({problem})")
                if skip_missing:
                    issues.append(Issue(Warnings.W701, path=source, what=f"source '{name}'",
                                        reason=f"its text is not in the archive ({problem})"))
                continue
        sources.append(RefiSource(guid=guid, name=name, kind="text", text=text, bom=bom, where=where,
                                  selections=tuple(selections), whole_codings=whole, variables=values))
    if missing and not skip_missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise ExchangeError(Errors.E704, path=source, n=len(missing), missing=shown)

    links = []
    links_el = _child(root, "Links")
    if links_el is not None:
        for l in _children(links_el, "Link"):
            links.append(RefiLink(guid=_guid(l.get("guid")), name=" ".join((l.get("name") or "").split()),
                                  direction=l.get("direction") or "", origin=_guid(l.get("originGUID")),
                                  target=_guid(l.get("targetGUID"))))
    return RefiProject(name=root.get("name") or Path(source).stem, origin=root.get("origin") or "", codes=codes,
                       sources=tuple(sources), links=tuple(links), issues=tuple(issues))


def _source_text(archive, source: Path, ref: str) -> tuple[str | None, bool, str, str]:
    """(text, bom, member, problem) of a ``plainTextPath``; text None (and the problem) when absent."""
    if not ref:
        return None, False, "", "no plainTextPath and no PlainTextContent"
    scheme, sep, rest = ref.partition("://")
    if not sep or scheme.lower() != "internal":
        base = re.split(r"[/\\]", ref)[-1]
        info = archive.find(f"sources/{base}") if archive is not None and base else None
        if info is None:                        # relative:// or an absolute path: not in the archive
            return None, False, "", f"it refers to {ref}, a file outside the archive"
        text, bom = _decode(archive.read(info))
        return text, bom, info.filename, ""
    rest = rest.replace("\\", "/")
    if rest.startswith("/") or ".." in rest.split("/") or re.match(r"^[A-Za-z]:", rest):
        raise ExchangeError(Errors.E705, path=source, member=ref, detail="the source path leaves sources/")
    if archive is None:
        return None, False, "", f"sources/{rest} is not in the archive"
    info = archive.find(f"sources/{rest}")
    if info is None:
        return None, False, "", f"sources/{rest} is not in the archive"
    text, bom = _decode(archive.read(info))
    return text, bom, info.filename, ""


def read_refi(path: str | Path, *, skip_missing: bool = False) -> RefiProject:
    """Read a ``.qdpx`` project or a ``.qdc`` codebook (by suffix; a zip is read as a project).

    Raises
    ------
    ExchangeError
        E701 not a REFI-QDA file, E702 invalid XML, E703 unknown schema version, E704 missing sources,
        E705 a path outside the archive, E706 a zip bomb, E707 no project.qde.
    """
    path = Path(path)
    if not path.is_file():
        raise ExchangeError(Errors.E701, path=path, what="file", detail="there is no such file")
    if path.suffix.lower() == ".qdc" and not zipfile.is_zipfile(path):
        try:
            size = path.stat().st_size
            if size > MAX_MEMBER:
                raise ExchangeError(Errors.E706, path=path, member=path.name, limit=_size(MAX_MEMBER), detail=_size(size))
            data = path.read_bytes()
        except OSError as exc:
            raise ExchangeError(Errors.E701, path=path, what="codebook", detail=exc.strerror or str(exc)) from None
        return parse_codebook_xml(data, path)
    archive = _Archive(path)
    info = next((i for n, i in sorted(archive.members.items()) if "/" not in n and n.endswith(".qde")), None)
    info = archive.find("project.qde") or info
    if info is None:
        raise ExchangeError(Errors.E707, path=path, member="project.qde")
    return parse_project_xml(archive.read(info), path, info.filename, archive=archive, skip_missing=skip_missing)
