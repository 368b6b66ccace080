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
# A numbered item: "7. Open", "12) Close".
_NUMBERED = re.compile(r"(\d{1,3})[.)]\s")


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


def numbered_run(blocks: list[str]) -> bool:
    """Whether each block is the next item of a numbered list after the one before it
    ("9. Spain", "10. United States")."""
    numbers = [int(m[1]) if (m := _NUMBERED.match(b)) else None for b in blocks]
    return len(numbers) > 1 and None not in numbers and all(
        b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def is_table_row(block: str) -> bool:
    """The cells of a table's row, as the page's reading joins them ("Kelvay | 14 | 4.50")."""
    return " | " in block
