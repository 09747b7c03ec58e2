"""Every user-facing phrase of the analysis and the exports, in Dutch and English.

One table, :data:`PHRASES`, maps a key to its wording per language; :func:`t` looks a phrase up and fills
in its fields. The table is assembled from one module per area, so a translator finds a text where it is
shown:

- :mod:`.analysis`: the shared vocabulary (polarity, readings, marks, effects), marks' reasons, balance,
  compare, what-if, and the diagrams (``diagram.*``),
- :mod:`.report`: the headings, notes and labels of ``report.html`` (some shared with the deck),
- :mod:`.stories`: the sentence parts of a loop's story (``story.*``),
- :mod:`.deck`: the words of ``deck.pptx`` (``deck.*``),
- :mod:`.session`: the comments of ``session-template.yaml`` (``session.template.*``).

Add a phrase by adding a key with both an ``"nl"`` and an ``"en"`` entry to its area (the test suite
checks that every key has both; a key defined in two areas fails at import).

>>> t("mark.drives", "nl", n=5)
'Drijft 5 andere onderdelen van de kaart'
>>> t("mark.drives", "en", n=5)
'Drives 5 other parts of the map'
"""
from __future__ import annotations

from typing import Any

from . import analysis, deck, report, session, stories

__all__ = ["PHRASES", "LANGUAGES", "t"]

LANGUAGES = ("nl", "en")

PHRASES: dict[str, dict[str, Any]] = {}
for _table in (analysis.PHRASES, report.PHRASES, stories.PHRASES, deck.PHRASES, session.PHRASES):
    _twice = PHRASES.keys() & _table.keys()
    assert not _twice, f"phrase keys defined twice: {sorted(_twice)}"
    PHRASES.update(_table)
del _table, _twice


def t(key: str, language: str, **fields: object) -> Any:
    """The phrase ``key`` in ``language`` with ``fields`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`PHRASES`, e.g. ``"mark.spread"``.
    language : str
        ``"nl"`` or ``"en"``; any other language (or a missing or empty entry) falls back to English.
    **fields
        Values for the ``{placeholders}`` of the phrase. Without fields the template is returned as it is.

    Returns
    -------
    str
        The filled-in phrase (a few deck and template entries are lists or mappings of phrases; they are
        returned as they are).

    Raises
    ------
    KeyError
        When ``key`` is not in :data:`PHRASES` (a programming error, not a user error).

    Examples
    --------
    >>> t("mark.spread_groups", "nl", n=7, total=13, groups=4)
    'Genoemd in 7 van 13 dialogen, in 4 groepen'
    >>> t("mark.spread", "fr", n=1, total=2)
    'Mentioned in 1 of 2 dialogues'
    >>> t("deck.loop", "en")
    '{id} · {kind}'
    """
    entry = PHRASES[key]
    value = entry.get(language) or entry["en"]
    return value.format(**fields) if fields and isinstance(value, str) else value
