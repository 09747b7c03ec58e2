"""Words that belong to names: the one list of name particles.

A particle (Dutch tussenvoegsel and its kin in other languages) is part of a full name but never a name by
itself: "Anna de Vries", "Jan van 't Hof", "Özlem el Amrani". The redactor does not redact a particle on its
own, privacy-check reads across particles to take in a whole name, and ingest accepts them inside a
speaker label.

>>> "van" in NAME_PARTICLES and "'t" in NAME_PARTICLES
True
"""
from __future__ import annotations

__all__ = ["NAME_PARTICLES"]

NAME_PARTICLES = frozenset(
    "de van der den het ten ter te op in 't van't von zu du da di del della dos das la le el mc".split())
