"""Quotes: finding a quote in a transcript, the sentence that holds it, and a sentence of context around it.

:func:`find_quote` is the one quote locator of culturemap: the review (re-anchoring, manual tags and links)
and the evaluation against a gold coding (``coding/evaluate.py``) both find their quotes with it.
"""
from __future__ import annotations

import re

__all__ = ["find_quote", "sentence_span", "quote_context"]

_SENT_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n")
_REDACTED = re.compile(r"\\\[(naam|name)\\\]")            # "[naam]" / "[name]" after re.escape
_NAME_WORDS = r"\\w[\\w'’.-]*(?:\\s+\\w[\\w'’.-]*){0,3}"   # what a redacted name stood for: one to four words


def find_quote(text: str, quote: str, *, redacted: bool = False) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote`` occurs in ``text``; whitespace-tolerant when not found as is.

    With ``redacted=True`` a ``[naam]``/``[name]`` in the quote also stands for the (one to four word) name
    the transcript has there, so a quote copied from a redacted export is found in the original transcript.

    >>> find_quote("we helpen elkaar. we helpen elkaar", "helpen elkaar")
    [(3, 16), (21, 34)]
    >>> find_quote("we helpen\\n elkaar", "helpen elkaar")
    [(3, 17)]
    >>> find_quote("Toen zei Anna de Vries het.", "zei [naam] het", redacted=True)
    [(5, 26)]
    """
    quote = quote.strip()
    if not quote:
        return []
    out = []
    pos = text.find(quote)
    while pos >= 0:
        out.append((pos, pos + len(quote)))
        pos = text.find(quote, pos + 1)
    if out:
        return out
    if redacted:
        words = [_REDACTED.sub(_NAME_WORDS, re.escape(w)) for w in quote.split()]
    else:
        words = [re.escape(w) for w in quote.split()]
    pattern = re.compile(r"\s+".join(words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def sentence_span(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The sentence(s) of ``text`` holding ``text[start:end]``, inside the bounds ``lo``..``hi``.

    Sentences end at ``.``, ``!``, ``?`` or ``…`` followed by white space, and at line breaks.

    >>> t = "Ja. We helpen elkaar altijd wel. Maar de klant?"
    >>> s, e = sentence_span(t, 7, 20)
    >>> t[s:e]
    'We helpen elkaar altijd wel.'
    """
    hi = len(text) if hi is None else hi
    s = lo
    for m in _SENT_END.finditer(text, lo, start):
        s = m.end()
    from_ = end - 1 if end > start and text[end - 1] in ".!?\u2026" else end
    stop = _SENT_END.search(text, from_, hi)
    if stop is None:
        e = hi
    else:
        e = stop.start() if stop.group() == "\n" else stop.end()
    e = max(e, end)
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def _body_start(text: str) -> int:
    """Offset just after YAML front matter (0 when there is none)."""
    if text.startswith("---"):
        m = re.search(r"\n---[ \t]*(\n|$)", text[3:])
        if m:
            return 3 + m.end()
    return 0


_PIECES = re.compile(r"(?<=[.!?\u2026])\s+|\n")
_LABEL_ONLY = re.compile(r"^[^\s:.!?]+(?: [^\s:.!?]+){0,3}:$")


def _pieces(chunk: str) -> list[str]:
    """Sentences of a chunk of text, without empty pieces and bare speaker labels ("Anna:")."""
    return [p.strip() for p in _PIECES.split(chunk) if p.strip() and not _LABEL_ONLY.match(p.strip())]


def quote_context(text: str, start: int, end: int) -> tuple[str, str]:
    """One sentence of context before and after ``text[start:end]`` (may be empty).

    >>> quote_context("Q: Hoe gaat het?\\n\\nAnna: Goed. Echt goed! Dank je.", 24, 29)
    ('Q: Hoe gaat het?', 'Echt goed!')
    """
    lo = _body_start(text)
    before = _pieces(text[max(lo, start - 800):start]) if start > lo else []
    after = _pieces(text[end:end + 800])
    return (before[-1] if before else ""), (after[0] if after else "")
