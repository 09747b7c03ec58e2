"""REFI-QDA exchange with QDA tools (ATLAS.ti, NVivo, MAXQDA, QualCoder...): ``.qdpx`` projects, ``.qdc`` codebooks.

- :mod:`culturemap.refi.qdpx`: reading a ``.qdpx``/``.qdc`` safely (zip and XML checks, coded errors).
- :mod:`culturemap.refi.codebook`: REFI codes <-> ``codebook.yaml`` (hierarchy, kind/effect convention).
- :mod:`culturemap.refi.importer`: :func:`import_refi`, the engagement written from a REFI project.
- :mod:`culturemap.refi.write`: :func:`write_qdpx` and :func:`write_qdc`, the export for a QDA tool.

The functions here are thin lazy wrappers: lxml is imported only when one of them runs.
"""
from __future__ import annotations

__all__ = ["import_refi", "write_qdpx", "write_qdc"]


def import_refi(directory, source, **options):
    """Create an engagement from a ``.qdpx``/``.qdc``: see :func:`culturemap.refi.importer.import_refi`."""
    from .importer import import_refi as run

    return run(directory, source, **options)


def write_qdpx(project_or_dir, out_path):
    """Export the engagement as a ``.qdpx``: see :func:`culturemap.refi.write.write_qdpx`."""
    from .write import write_qdpx as run

    return run(project_or_dir, out_path)


def write_qdc(project_or_dir, out_path):
    """Export the codebook as a ``.qdc``: see :func:`culturemap.refi.write.write_qdc`."""
    from .write import write_qdc as run

    return run(project_or_dir, out_path)
