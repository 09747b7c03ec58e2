"""REFI-QDA exchange with QDA tools (ATLAS.ti, NVivo, MAXQDA, QualCoder...): ``.qdpx`` projects, ``.qdc`` codebooks.

- :mod:`culturemap.refi.qdpx`: reading a ``.qdpx``/``.qdc`` safely (zip and XML checks, coded errors).
- :mod:`culturemap.refi.codebook`: REFI codes <-> ``codebook.yaml`` (hierarchy, kind/effect convention).
- :mod:`culturemap.refi.importer`: :func:`import_refi`, the engagement written from a REFI project.

Heavy libraries (lxml) are imported inside the functions.
"""
from __future__ import annotations

__all__ = ["import_refi"]


def import_refi(directory, source, **options):
    """See :func:`culturemap.refi.importer.import_refi`."""
    from .importer import import_refi as run

    return run(directory, source, **options)
