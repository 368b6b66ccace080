"""Furniture known by repetition: a run of blocks that all open with the same words (the
items of a slideshow or a rail, each its shared title followed by its own caption)."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# Items that share this many opening words, this many in a row, are one repeated item.
SHARED_WORDS = 5
MIN_RUN = 3


def drop_repeated_runs(body: list[str]) -> tuple[list[str], list[str]]:
    """``body`` without runs of ``MIN_RUN`` blocks or more that open with the same
    ``SHARED_WORDS`` words and say more after them, and the blocks of those runs."""
    kept: list[str] = []
    removed: list[str] = []
    run: list[str] = []
    for block in [*body, None]:
        opening = _opening(block) if block is not None else None
        if run and opening is not None and opening == _opening(run[0]):
            run.append(block)
            continue
        (removed if len(run) >= MIN_RUN else kept).extend(run)
        run = [block] if opening is not None else []
        if block is not None and opening is None:
            kept.append(block)
    return kept, removed


def _opening(block: str) -> tuple[str, ...] | None:
    """The block's first words, when it has more words after them."""
    words = _WORD.findall(block.casefold())
    return tuple(words[:SHARED_WORDS]) if len(words) > SHARED_WORDS else None
