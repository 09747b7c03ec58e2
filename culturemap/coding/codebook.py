"""Load and validate ``codebook.yaml`` into a :class:`~culturemap.models.Codebook`.

Every problem is reported with the file and the line of the offending code, e.g.
``codebook.yaml:14: code id 'silo' appears twice (also on line 3). Give each code its own id. [E202]``.

>>> cb = parse_codebook('''
... version: 1
... language: en
... codes:
...   - id: help-each-other
...     label: {nl: Elkaar helpen, en: We help each other}
...     kind: value
...     effect: ambivalent
...     patterns: {nl: [elkaar helpen], en: [help each other]}
... ''')
>>> cb.codes[0].label, cb.patterns_for("help-each-other", "nl")
('We help each other', ('elkaar helpen',))
"""
from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

from ..errors import CodebookError, Errors, ProjectError
from ..models import EFFECTS, KINDS, Code, Codebook

__all__ = ["load_codebook", "parse_codebook", "starter_codebook_text", "codebook_hash", "SLUG"]

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LANGS = ("nl", "en")


def _loader():
    import yaml

    class LineLoader(yaml.SafeLoader):
        """SafeLoader that records the 1-based line of every mapping under the key ``__line__``."""

    def construct_mapping(loader, node, deep=False):
        mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def _per_language(value, language: str) -> dict:
    """``"x"`` or ``{"nl": "x", "en": "y"}`` -> ``{"nl": ..., "en": ...}`` (missing languages omitted)."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in _LANGS and v}
    if value is None or value == "":
        return {}
    return {language: value}


def parse_codebook(text: str, *, path: Path | None = None, language: str | None = None) -> Codebook:
    """Parse and validate codebook YAML text. ``language`` overrides the file's ``language:``."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CodebookError(Errors.E006, path=path, line=line, detail=detail) from None
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list) or not data["codes"]:
        raise CodebookError(Errors.E201, path=path, line=(data or {}).get("__line__") if isinstance(data, dict) else None)
    version = data.get("version", 1)
    if version != 1:
        raise CodebookError(Errors.E207, path=path, version=version)
    lang = (language or str(data.get("language") or "nl")).lower()
    if lang not in _LANGS:
        raise ProjectError(Errors.E005, path=path, language=lang)

    codes: list[Code] = []
    patterns_by_language: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for raw in data["codes"]:
        line = raw.get("__line__") if isinstance(raw, dict) else None
        if not isinstance(raw, dict):
            raise CodebookError(Errors.E204, path=path, id=str(raw), field="id")
        code_id = raw.get("id")
        if code_id is None or str(code_id).strip() == "":
            raise CodebookError(Errors.E204, path=path, line=line, id="?", field="id")
        code_id = str(code_id)
        if not SLUG.match(code_id):
            raise CodebookError(Errors.E206, path=path, line=line, id=code_id)
        if code_id in seen:
            raise CodebookError(Errors.E202, path=path, line=line, id=code_id, other_line=seen[code_id])
        seen[code_id] = line
        for fld in ("label", "kind", "effect", "patterns"):
            if raw.get(fld) in (None, "", [], {}):
                raise CodebookError(Errors.E204, path=path, line=line, id=code_id, field=fld)
        kind, effect = str(raw["kind"]).lower(), str(raw["effect"]).lower()
        if kind not in KINDS:
            raise CodebookError(Errors.E203, path=path, line=line, id=code_id, field="kind", value=kind, allowed=", ".join(KINDS))
        if effect not in EFFECTS:
            raise CodebookError(Errors.E203, path=path, line=line, id=code_id, field="effect", value=effect, allowed=", ".join(EFFECTS))
        labels = {k: str(v) for k, v in _per_language(raw["label"], lang).items()}
        descriptions = {k: str(v) for k, v in _per_language(raw.get("description"), lang).items()}
        pats = raw["patterns"]
        if isinstance(pats, list):
            per_lang = {lang: pats}
        elif isinstance(pats, dict):
            per_lang = {k: v for k, v in pats.items() if k in _LANGS}
            if not per_lang:
                raise CodebookError(Errors.E208, path=path, line=line, id=code_id)
        else:
            raise CodebookError(Errors.E208, path=path, line=line, id=code_id)
        clean: dict[str, tuple] = {}
        for pl, plist in per_lang.items():
            if plist is None:
                continue
            if not isinstance(plist, list):
                raise CodebookError(Errors.E208, path=path, line=line, id=code_id)
            items = []
            for p in plist:
                if isinstance(p, str):
                    if not re.search(r"[^\W_]", p):      # no letter or digit: can never match
                        raise CodebookError(Errors.E205, path=path, line=line, id=code_id, pattern=p)
                    items.append(p.strip())
                elif isinstance(p, list) and p and all(isinstance(t, dict) for t in p):
                    items.append(tuple({k: v for k, v in t.items() if k != "__line__"} for t in p))
                else:
                    raise CodebookError(Errors.E209, path=path, line=line, id=code_id, pattern=p,
                                        detail="a pattern is a phrase or a list of token dicts like [{LEMMA: klant}]")
            clean[pl] = tuple(items)
        label = labels.get(lang) or next(iter(labels.values()), code_id)
        codes.append(Code(
            id=code_id, label=label, kind=kind, effect=effect,
            description=descriptions.get(lang) or next(iter(descriptions.values()), ""),
            patterns=clean.get(lang) or next(iter(clean.values()), ()),
            labels=labels,
        ))
        patterns_by_language[code_id] = clean
    return Codebook(version=1, language=lang, codes=tuple(codes), path=path,
                    patterns_by_language=patterns_by_language)


def load_codebook(path: str | Path, *, language: str | None = None) -> Codebook:
    """Read ``codebook.yaml``; raises :class:`CodebookError` naming the file and line on any problem."""
    path = Path(path)
    if not path.exists():
        raise CodebookError(Errors.E201, path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CodebookError(Errors.E102, path=path) from None
    return parse_codebook(text, path=path, language=language)


def starter_codebook_text(language: str = "nl") -> str:
    """The starter codebook shipped with culturemap, with ``language:`` set to ``language``."""
    text = resources.files("culturemap").joinpath("data/codebook.yaml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^language:.*$", f"language: {language}", text, count=1)


def codebook_hash(codebook: Codebook) -> str:
    """A digest of everything in the codebook that changes what the tagger suggests."""
    h = hashlib.sha256()
    h.update(codebook.language.encode())
    for code in codebook.codes:
        h.update(repr((code.id, code.kind, code.effect, sorted(
            (k, repr(v)) for k, v in codebook.patterns_by_language.get(code.id, {}).items()))).encode())
    return h.hexdigest()
