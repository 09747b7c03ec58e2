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

__all__ = ["load_codebook", "parse_codebook", "starter_codebook_text", "codebook_hash", "SLUG", "VETO_KEYS",
           "token_problem"]

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LANGS = ("nl", "en")


def _per_language(value, language: str) -> dict:
    """``"x"`` or ``{"nl": "x", "en": "y"}`` -> ``{"nl": ..., "en": ...}`` (missing languages omitted)."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in _LANGS and v}
    if value is None or value == "":
        return {}
    return {language: value}


def parse_codebook(text: str, *, path: Path | None = None, language: str | None = None) -> Codebook:
    """Parse and validate codebook YAML text. ``language`` overrides the file's ``language:``."""
    from .. import yamlfile

    try:
        data, lines = yamlfile.load(text)
    except yamlfile.YAMLProblem as exc:
        raise CodebookError(Errors.E007 if exc.limit else Errors.E006, path=path, line=exc.line,
                            detail=exc.detail) from None
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list) or not data["codes"]:
        raise CodebookError(Errors.E201, path=path, line=lines.of(data))
    version = data.get("version", 1)
    if version != 1:
        raise CodebookError(Errors.E207, path=path, version=version)
    lang = (language or str(data.get("language") or "nl")).lower()
    if lang not in _LANGS:
        raise ProjectError(Errors.E005, path=path, language=lang)

    codes: list[Code] = []
    patterns_by_language: dict[str, dict] = {}
    vetoes_by_language: dict[str, dict] = {}
    seen: dict[str, int | None] = {}
    for raw in data["codes"]:
        line = lines.of(raw)
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
        veto_raw = None
        if isinstance(pats, list):
            per_lang = {lang: pats}
        elif isinstance(pats, dict):
            per_lang = {k: v for k, v in pats.items() if k in _LANGS}
            veto_keys = [k for k in VETO_KEYS if k in pats]
            if len(veto_keys) > 1:
                raise CodebookError(Errors.E210, path=path, line=lines.of(pats) or line, id=code_id,
                                    detail="give 'not:' or its alias 'exclude:', not both")
            if veto_keys:
                veto_raw = pats[veto_keys[0]]
                veto_line = lines.key_line(pats, veto_keys[0]) or line
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
            clean[pl] = _pattern_items(plist, lines, path=path, line=line, code_id=code_id)
        if veto_raw is not None:
            vetoes_by_language[code_id] = _vetoes(veto_raw, lang, lines, path=path, line=veto_line, code_id=code_id)
        label = labels.get(lang) or next(iter(labels.values()), code_id)
        codes.append(Code(
            id=code_id, label=label, kind=kind, effect=effect,
            description=descriptions.get(lang) or next(iter(descriptions.values()), ""),
            patterns=clean.get(lang) or next(iter(clean.values()), ()),
            labels=labels,
        ))
        patterns_by_language[code_id] = clean
    return Codebook(version=1, language=lang, codes=tuple(codes), path=path,
                    patterns_by_language=patterns_by_language, vetoes_by_language=vetoes_by_language)


VETO_KEYS = ("not", "exclude")          # "exclude:" is an alias of "not:"


def _pattern_items(plist: list, lines, *, path, line, code_id: str) -> tuple:
    """The phrases and token patterns of one list, validated."""
    items: list[str | tuple[dict, ...]] = []
    for p in plist:
        if isinstance(p, str):
            if not re.search(r"[^\W_]", p):      # no letter or digit: can never match
                raise CodebookError(Errors.E205, path=path, line=line, id=code_id, pattern=p)
            items.append(p.strip())
        elif isinstance(p, list) and p and all(isinstance(t, dict) for t in p):
            clean = tuple(p)
            for t in clean:
                problem = token_problem(t)
                if problem:
                    raise CodebookError(Errors.E209, path=path, line=lines.of(t) or line, id=code_id,
                                        pattern=p, detail=problem)
            items.append(clean)
        else:
            raise CodebookError(Errors.E209, path=path, line=line, id=code_id, pattern=p,
                                detail="a pattern is a phrase or a list of token dicts like [{LEMMA: klant}]")
    return tuple(items)


def _vetoes(raw, language: str, lines, *, path, line, code_id: str) -> dict:
    """``not: [...]`` (every language) or ``not: {nl: [...], en: [...]}`` -> ``{language: (phrases...)}``."""
    hint = "write 'not: [phrase, ...]' or 'not: {nl: [...], en: [...]}' with the phrases that veto a match"
    if isinstance(raw, dict):
        unknown = [k for k in raw if k not in _LANGS]
        if unknown:
            raise CodebookError(Errors.E210, path=path, line=line, id=code_id,
                                detail=f"unknown language {unknown[0]!r}; {hint}")
        per_lang = {k: v for k, v in raw.items() if k in _LANGS}
    elif isinstance(raw, list):
        per_lang = {k: raw for k in _LANGS}
    else:
        raise CodebookError(Errors.E210, path=path, line=line, id=code_id, detail=f"{raw!r} is not a list; {hint}")
    out = {}
    for pl, plist in per_lang.items():
        if plist is None:
            continue
        if not isinstance(plist, list):
            raise CodebookError(Errors.E210, path=path, line=line, id=code_id,
                                detail=f"{plist!r} is not a list; {hint}")
        out[pl] = _pattern_items(plist, lines, path=path, line=line, code_id=code_id)
    return out


# spaCy token-pattern attributes and predicates (spacy.schemas.TokenPattern), checked here so that a mistake
# is reported with its file and line without loading spaCy
_TOKEN_ATTRS = frozenset("""ORTH TEXT LOWER POS TAG MORPH DEP LEMMA SHAPE ENT_TYPE ENT_IOB ENT_ID ENT_KB_ID NORM
    LENGTH SPACY IS_ALPHA IS_ASCII IS_DIGIT IS_LOWER IS_UPPER IS_TITLE IS_PUNCT IS_SPACE IS_BRACKET IS_QUOTE
    IS_LEFT_PUNCT IS_RIGHT_PUNCT IS_CURRENCY IS_STOP IS_SENT_START SENT_START LIKE_NUM LIKE_URL LIKE_EMAIL OP
    _""".split())
_LIST_PREDICATES = frozenset({"IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS"})
_NUM_PREDICATES = frozenset({"==", "!=", ">=", "<=", ">", "<"})
_OP = re.compile(r"^(!|\?|\+|\*|\{\d+\}|\{\d*,\d*\})$")


def token_problem(token: dict) -> str | None:
    """What is wrong with one token dict of a spaCy token pattern, or None.

    >>> token_problem({"LOWER": {"IN": ["nps", "klantscore"]}}) is None
    True
    >>> token_problem({"LOWR": "nps"})
    "unknown attribute 'LOWR' (use e.g. LOWER, TEXT, LEMMA, LENGTH, IS_PUNCT, LIKE_NUM, OP)"
    """
    if not token:
        return "an empty token {} matches nothing; give at least one attribute, e.g. {LOWER: nps}"
    for key, value in token.items():
        attr = str(key).upper()
        if attr not in _TOKEN_ATTRS:
            return f"unknown attribute {key!r} (use e.g. LOWER, TEXT, LEMMA, LENGTH, IS_PUNCT, LIKE_NUM, OP)"
        if attr == "OP":
            if not isinstance(value, str) or not _OP.match(value):
                return f"OP {value!r} is not one of !, ?, +, *, {{n}}, {{n,m}}"
            continue
        if attr == "_":
            return "'_' (custom extension attributes) cannot be used: culturemap's pipeline registers none"
        kind = "bool" if attr in _BOOL_ATTRS else "int" if attr == "LENGTH" else "str"
        if isinstance(value, dict):
            for pred, arg in value.items():
                p = str(pred).upper()
                if p in _LIST_PREDICATES:
                    if not isinstance(arg, list):
                        return f"{key}: {pred} takes a list, e.g. {{{pred}: [a, b]}}"
                    bad = next((a for a in arg if not _of_kind(a, kind)), None)
                    if bad is not None:
                        return f"{key}: {pred} lists {bad!r}, which is not {_KIND_NAMES[kind]}"
                elif p == "REGEX":
                    if not isinstance(arg, str):
                        return f"{key}: REGEX takes a string"
                    try:
                        re.compile(arg)
                    except re.error as exc:
                        return f"{key}: REGEX {arg!r} is not a valid regular expression ({exc})"
                elif p in _NUM_PREDICATES:
                    if isinstance(arg, bool) or not isinstance(arg, (int, float)) and attr != "MORPH":
                        return f"{key}: {pred} takes a number, e.g. {{'>=': 3}}"
                elif not re.match(r"^FUZZY\d?$", p):
                    return (f"{key}: unknown predicate {pred!r} (use IN, NOT_IN, REGEX, ==, !=, >=, <=, >, <, "
                            "IS_SUBSET, IS_SUPERSET, INTERSECTS)")
        elif isinstance(value, list):
            return f"{key}: a list is not a value; write {{{key}: {{IN: [...]}}}}"
        elif not _of_kind(value, kind):
            return f"{key} takes {_KIND_NAMES[kind]}, not {value!r}"
    return None


_BOOL_ATTRS = frozenset(a for a in _TOKEN_ATTRS if a.startswith(("IS_", "LIKE_"))) | {"SPACY", "SENT_START"}
_KIND_NAMES = {"bool": "true or false", "int": "a whole number", "str": "a word (text)"}


def _of_kind(value, kind: str) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


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
        h.update(repr(("label", sorted(code.labels.items()) or code.label)).encode())   # label parts are patterns
        vetoes = codebook.vetoes_by_language.get(code.id)
        if vetoes:
            h.update(repr(("not", sorted((k, repr(v)) for k, v in vetoes.items()))).encode())
    return h.hexdigest()
