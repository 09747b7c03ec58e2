"""The command line: parses arguments, calls one library function, prints the result.

One module per group of commands (``coding``, ``review``, ``map``, ``export``), each command a thin
function; ``base`` holds the click group and error handling, ``output`` what the commands print. Heavy
libraries (spaCy, networkx, pydot, python-pptx) are imported inside the commands, never at module level, so
``culturemap --help`` stays fast. Commands are listed in the order of the workflow (the order of import).
"""
from __future__ import annotations

from . import coding, export, map, refi, review  # noqa: I001,E402,F401  (registers the commands in workflow order)
from .base import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    main()
