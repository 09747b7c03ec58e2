"""The helpers that name things in the report and the deck (kinds, groups, shared vocabulary).

Their phrases are in :mod:`culturemap.i18n` (``culturemap/i18n/report.py``), looked up with
:func:`culturemap.i18n.t`; the sentences that tell a loop's story are in :mod:`culturemap.analysis.stories`.
"""
from __future__ import annotations

from ...i18n import PHRASES, t

__all__ = ["vocab", "kind_name", "group_name"]


def vocab(key: str, language: str) -> str:
    """Shared vocabulary (``mark.cherish``, ``effect.hindering``, ...) from :mod:`culturemap.i18n`."""
    if key in PHRASES:
        return t(key, language)
    return key.split(".", 1)[-1]


def kind_name(kind: str, language: str) -> str:
    """The kind of a code in words: ``belief`` -> ``overtuiging``."""
    return t(f"kind.{kind}", language) if f"kind.{kind}" in PHRASES else kind


def group_name(group: str, settings, language: str) -> str:
    """Display label of a group: ``groups:`` in culturemap.yaml, ``other`` in the project language."""
    if group == "other":
        return vocab("group.other", language)
    labels = getattr(settings, "groups", None) or {}
    return str(labels.get(group) or group)
