"""The form of a block of text: its words, and whether it ends a sentence or opens a heading."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")

_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？")
_CLAUSE_ENDS = (*_SENTENCE_ENDS, ":", ";", ",", "，", "：")
OPENING_QUOTES = "\"“‘«„"
CLOSERS = "\"'”’»)]"
QUOTES = "\"'“”‘’«»„"

MAX_DISPLAY_CHARS = 250


def is_display(block: str, max_words: int) -> bool:
    """Short enough for a headline or dek: in words, and in characters for scripts
    written without spaces."""
    return word_count(block) <= max_words and len(block) <= MAX_DISPLAY_CHARS


def starts_heading(block: str) -> bool:
    return bool(block) and (block[0].isupper() or block[0].isdigit())


def ends_clause(block: str) -> bool:
    return block.rstrip(CLOSERS).endswith(_CLAUSE_ENDS)


def ends_sentence(block: str) -> bool:
    return block.rstrip(CLOSERS).endswith(_SENTENCE_ENDS)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
