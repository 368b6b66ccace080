"""Offset conversion from Unicode code points to UTF-16 code units."""

from __future__ import annotations

import itertools

OFFSET_KEYS = frozenset({"start", "end", "sentence_start"})


def utf16_table(text: str) -> list[int] | None:
    """Prefix table mapping code-point offsets to UTF-16 offsets; None when they agree."""
    if text.isascii() or all(ord(ch) < 0x10000 for ch in text):
        return None
    widths = (2 if ord(ch) >= 0x10000 else 1 for ch in text)
    return [0, *itertools.accumulate(widths)]


def convert_offsets(data, table: list[int] | None):
    """A copy of ``data`` with every integer ``start``/``end`` mapped through ``table``."""
    if table is None:
        return data
    if isinstance(data, list):
        return [convert_offsets(item, table) for item in data]
    if isinstance(data, dict):
        return {
            key: (table[value] if key in OFFSET_KEYS and type(value) is int
                  else convert_offsets(value, table))
            for key, value in data.items()
        }
    return data
