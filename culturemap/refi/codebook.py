"""REFI-QDA codes <-> the culturemap codebook.

Import (:func:`codebook_from_refi`): every REFI code becomes a code of ``codebook.yaml``.

- Hierarchy is kept in the id and the label: a child code (a nested ``<Code>``, or ATLAS.ti's
  ``Parent::Child`` name) gets the id ``parent--child`` and the label ``Parent / Child``.
- ``kind`` and ``effect`` come, in this order, from the culturemap line of the description (see below), from
  ``kind: ...`` / ``effect: ...`` lines in the description, from the colour mapping passed by the consultant
  (``colours={"#DC0000": "hindering"}``), else they default to :data:`DEFAULT_KIND` / :data:`DEFAULT_EFFECT`
  and the code is listed in :attr:`ImportedCodebook.defaulted` (the consultant is told to check them).
- ``patterns`` (REFI has none) default to the code's own name, so ``culturemap tag`` can suggest it.

Export (:func:`refi_description`): the code's description in the project language, then one line::

    culturemap: {"id": "silo-thinking", "kind": "belief", "effect": "hindering", "label": {...}, "patterns": {...}}

A QDA tool shows it as part of the description; culturemap reads it back, so kind, effect, labels in both
languages, descriptions and patterns survive a round trip. The line is JSON after ``culturemap: ``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from ..models import EFFECTS, KINDS

__all__ = [
    "DEFAULT_KIND", "DEFAULT_EFFECT", "MARKER", "ImportedCodebook", "codebook_from_refi", "codebook_yaml",
    "refi_description", "split_description", "slug",
]

DEFAULT_KIND = "belief"
DEFAULT_EFFECT = "ambivalent"
MARKER = "culturemap: "
_KIND_LINE = re.compile(r"^\s*(kind|effect)\s*[:=]\s*([A-Za-z]+)\s*$", re.IGNORECASE | re.MULTILINE)


def slug(text: str) -> str:
    """A code id part from a name: ascii, lowercase, words joined by ``-``.

    >>> slug("Diet Coke"), slug('"rushed"'), slug("Klantbelang één"), slug("Silo's"), slug("<->")
    ('diet-coke', 'rushed', 'klantbelang-een', 'silos', '')
    """
    ascii_ = unicodedata.normalize("NFKD", re.sub(r"['\u2019]", "", text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def split_description(description: str) -> tuple[str, dict | None]:
    """(the description without the culturemap line, the line's data or None).

    >>> split_description('Silos.\\n\\nculturemap: {"kind": "belief"}')
    ('Silos.', {'kind': 'belief'})
    """
    lines = (description or "").replace("\r\n", "\n").split("\n")
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].strip()
        if line.startswith(MARKER.strip()):
            try:
                data = json.loads(line[len(MARKER.strip()):].strip())
            except ValueError:
                return description.strip(), None
            if isinstance(data, dict):
                return "\n".join(lines[:i] + lines[i + 1:]).strip(), data
    return (description or "").strip(), None


def refi_description(entry: dict, language: str) -> str:
    """The REFI ``Description`` of a culturemap code (its raw codebook entry): text, blank line, culturemap line."""
    desc = entry.get("description")
    text = desc.get(language) or next(iter(desc.values()), "") if isinstance(desc, dict) else (desc or "")
    data = {k: entry[k] for k in ("id", "kind", "effect", "label", "description", "patterns") if k in entry}
    line = MARKER + json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    return f"{str(text).strip()}\n\n{line}" if str(text).strip() else line


@dataclass(frozen=True)
class ImportedCodebook:
    entries: tuple[dict, ...]                         # codebook.yaml entries, in REFI order
    ids: dict = field(default_factory=dict)           # REFI guid -> code id
    defaulted: tuple[str, ...] = ()                   # ids whose kind/effect were defaulted: to check
    language: str = "nl"


def _from_lines(text: str) -> dict:
    out = {}
    for m in _KIND_LINE.finditer(text):
        key, value = m.group(1).lower(), m.group(2).lower()
        if value in (KINDS if key == "kind" else EFFECTS):
            out[key] = value
    return out


def codebook_from_refi(codes, *, language: str = "nl", colours: dict | None = None) -> ImportedCodebook:
    """culturemap codebook entries for REFI codes (:class:`~culturemap.refi.qdpx.RefiCode`, parents first)."""
    colours = {k.upper(): v for k, v in (colours or {}).items()}
    ids: dict[str, str] = {}
    taken: set[str] = set()
    entries: list[dict] = []
    defaulted: list[str] = []
    by_path: dict[tuple, str] = {}
    for n, code in enumerate(codes, 1):
        text, data = split_description(code.description)
        data = data or {}
        parent_id = ids.get(code.parent) if code.parent else None
        if parent_id is None and len(code.path) > 1:
            parent_id = by_path.get(code.path[:-1])
        own = code.path[-1] if code.path else code.name
        base = slug(own) or f"code-{n}"
        if parent_id is None and len(code.path) > 1:          # "A::B" whose parent "A" is not (yet) a code
            base = "--".join(slug(p) or f"code-{n}" for p in code.path)
        cid = str(data.get("id") or (f"{parent_id}--{base}" if parent_id else base))
        if not re.match(r"^[a-z0-9][a-z0-9_-]*$", cid):
            cid = base
        unique, i = cid, 2
        while unique in taken:
            unique, i = f"{cid}-{i}", i + 1
        taken.add(unique)
        ids[code.guid] = unique
        by_path.setdefault(code.path, unique)
        found = {k: data[k] for k in ("kind", "effect") if str(data.get(k, "")).lower() in (KINDS + EFFECTS)}
        for k, v in _from_lines(text).items():
            found.setdefault(k, v)
        colour_effect = colours.get(code.color.upper()) if code.color else None
        if colour_effect in EFFECTS:
            found.setdefault("effect", colour_effect)
        if "kind" not in found or "effect" not in found:
            defaulted.append(unique)
        label = data.get("label") or " / ".join(code.path or (code.name,))
        name_pattern = own.lower() if re.search(r"[^\W_]", own) else unique.replace("-", " ")
        entry = {"id": unique, "label": label,
                 "kind": str(found.get("kind", DEFAULT_KIND)).lower(),
                 "effect": str(found.get("effect", DEFAULT_EFFECT)).lower()}
        description = data.get("description", text)
        if description:
            entry["description"] = description
        entry["patterns"] = data.get("patterns") or {language: [name_pattern]}
        entries.append(entry)
    return ImportedCodebook(entries=tuple(entries), ids=ids, defaulted=tuple(defaulted), language=language)


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def codebook_yaml(imported: ImportedCodebook, *, source: str, origin: str = "") -> str:
    """``codebook.yaml`` text for imported entries, with comments on what to check."""
    check = set(imported.defaulted)
    out = [f"# Codebook imported by 'culturemap import' from {source}" + (f" ({origin})" if origin else "") + ".",
           "# Hierarchy: a child code's id is 'parent--child', its label 'Parent / Child'."]
    if check:
        out += [f"# CHECK: codes marked '# check' got the default kind '{DEFAULT_KIND}' and effect '{DEFAULT_EFFECT}';",
                f"# set each to what the code means (kind: {' | '.join(KINDS)}; effect: {' | '.join(EFFECTS)})."]
    out += ["# Patterns start as the code's name: add the phrasings your interviewees use (see the starter codebook).",
            "version: 1", f"language: {imported.language}", "codes:"]
    for e in imported.entries:
        mark = "   # check" if e["id"] in check else ""
        out.append(f"  - id: {_j(e['id'])}")
        out.append(f"    label: {_j(e['label'])}")
        out.append(f"    kind: {e['kind']}{mark}")
        out.append(f"    effect: {e['effect']}{mark}")
        if e.get("description"):
            out.append(f"    description: {_j(e['description'])}")
        out.append(f"    patterns: {_j(e['patterns'])}")
    return "\n".join(out) + "\n"
