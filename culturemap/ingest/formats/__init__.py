"""The built-in readers, one module per format; each registers itself when it is imported.

They are imported here in a fixed order, which is the order of :func:`~culturemap.ingest.base.readers` and of
the suffixes in messages: ``.md, .txt, .docx, .vtt, .srt``.
"""
from __future__ import annotations

import importlib

BUILTIN = ("text", "docx", "vtt", "srt")

for _name in BUILTIN:
    importlib.import_module(f"{__name__}.{_name}")
