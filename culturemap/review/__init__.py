"""Review: merge re-tag suggestions with earlier decisions, record decisions, undo, and the queue of open items.

The package is split by job; every name is importable from ``culturemap.review`` as well:

- :mod:`.quotes`: :func:`find_quote` (the one quote locator) and :func:`sentence_span`;
- :mod:`.anchoring`: :func:`merge_suggestions`, decisions following edited text;
- :mod:`.decisions`: accept, reject, change code, manual tags and links, batches, :func:`undo`, and
  :func:`commit_batch`, the one step that logs and saves a decision;
- :mod:`.queue`: the open suggestions and their filters, what an interactive review walks over.

The library never prints: the interactive review in the terminal is ``culturemap.cli.review_ui``.
"""
from __future__ import annotations

from .anchoring import MergeReport, merge_suggestions
from .decisions import (
    Change,
    add_manual_link,
    add_manual_tag,
    batch,
    change_code,
    commit_batch,
    decide,
    drop_orphans,
    undo,
)
from .queue import ReviewQueue, count_open, open_item, open_queue, orphaned_items
from .quotes import find_quote, sentence_span

__all__ = [
    "MergeReport", "merge_suggestions", "decide", "batch", "change_code", "add_manual_tag", "add_manual_link",
    "undo", "drop_orphans", "Change", "commit_batch", "ReviewQueue", "open_queue", "open_item", "count_open", "orphaned_items",
    "find_quote", "sentence_span",
]
