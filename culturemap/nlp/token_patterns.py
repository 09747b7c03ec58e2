"""spaCy token patterns (lists of dicts) a power user writes in the codebook, run through spaCy's Matcher.

Each problem with one (an attribute the pipeline in use does not set, an invalid predicate) is a coded
:class:`~culturemap.errors.CodebookError` (E209) naming the code and the pattern.
"""
from __future__ import annotations

import re

# token attributes a blank pipeline does not set, and the component that would
_NEEDS_PIPE = {"POS": "tagger", "TAG": "tagger", "MORPH": "tagger", "DEP": "parser", "ENT_TYPE": "ner",
               "ENT_IOB": "ner", "ENT_ID": "ner", "ENT_KB_ID": "ner"}


def _annotations(nlp) -> set[str]:
    """The token attributes of :data:`_NEEDS_PIPE` that the pipeline sets."""
    names = " ".join(nlp.pipe_names)
    out = set()
    if "tagger" in names or "morphologizer" in names:
        out |= {"POS", "TAG", "MORPH"}
    if "parser" in names:
        out.add("DEP")
    if "ner" in names:
        out |= {"ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"}
    return out


def _plain(pattern) -> str:
    """A token pattern as the consultant wrote it: ``[{LOWER: nps}, {LIKE_NUM: true}]``."""
    import json

    if isinstance(pattern, str):
        return pattern
    return json.dumps([dict(t) for t in pattern], ensure_ascii=False).replace('"', "")


def compile_token_patterns(nlp, token_patterns: dict[str, list]):
    """``{code: [token pattern, ...]}`` -> (spaCy Matcher, ``{spaCy key: (code, pattern)}``)."""
    from spacy.matcher import Matcher as SpacyMatcher

    from ..errors import CodebookError, Errors

    spacy_matcher = SpacyMatcher(nlp.vocab, validate=True)
    keys: dict[str, tuple[str, object]] = {}
    provided = _annotations(nlp)
    for code, plist in token_patterns.items():
        for n, p in enumerate(plist):
            key = f"{code}#{n}"
            missing = sorted({str(a).upper() for t in p for a in t} - provided & _NEEDS_PIPE.keys())
            if missing:
                raise CodebookError(Errors.E209, id=code, pattern=[dict(t) for t in p], detail=(
                    f"{missing[0]} needs a trained spaCy pipeline with a {_NEEDS_PIPE[missing[0]]}, "
                    f"and the pipeline in use ({nlp.meta.get('culturemap_pipeline', nlp.meta.get('name'))}) "
                    "has none; install one (e.g. python -m spacy download en_core_web_sm) or use "
                    "LOWER, TEXT, LEMMA, LENGTH"))
            try:
                spacy_matcher.add(key, [[dict(t) for t in p]])
            except (ValueError, TypeError, KeyError) as exc:
                detail = " ".join(str(exc).split())
                detail = re.sub(r"^Invalid token patterns for matcher rule '[^']*' Pattern \d+: - ", "", detail)
                raise CodebookError(Errors.E209, id=code, pattern=[dict(t) for t in p],
                                    detail=detail[:300]) from None
            keys[key] = (code, p)
    return spacy_matcher, keys
