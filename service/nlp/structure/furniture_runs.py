"""Furniture that spans several blocks: a postal address written over several short lines,
an "About the author" box ending the page."""

from __future__ import annotations

import re

from service.nlp.structure.furniture import address_parts, is_address, is_contact
from service.nlp.structure.shape import ends_sentence, word_count

MAX_ADDRESS_LINES = 5
MAX_ADDRESS_LINE_WORDS = 8
MAX_BIO_BOX_WORDS = 90
MAX_BIO_BOX_BLOCKS = 3
_ABOUT_LABEL = re.compile(r"about\s{1,3}the\s{1,3}(?:authors?|writers?|reporters?|contributors?)"
                          r"\s{0,3}:?", re.I)


def drop_address_runs(body: list[str]) -> tuple[list[str], list[str]]:
    """Remove a run of short lines (no sentence) that together make a postal address:
    "Example Post" / "45 Mill Lane" / "Dunmere, DV4 7QP"."""
    kept: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(body):
        end = i
        while end < len(body) and end - i < MAX_ADDRESS_LINES and _is_address_line(body[end]):
            end += 1
        # the run ends with its last line that the address needs (not a title after it)
        while end - i > 2 and not (address_parts(body[end - 1]) or is_contact(body[end - 1])):
            end -= 1
        if i > 0 and end - i >= 2 and is_address(", ".join(body[i:end])):
            removed += body[i:end]
            i = end
            continue
        kept.append(body[i])
        i += 1
    return kept, removed


def _is_address_line(block: str) -> bool:
    words = word_count(block)  # "Example Ltd." may end with a full stop
    return 0 < words <= MAX_ADDRESS_LINE_WORDS and (words <= 4 or not ends_sentence(block))


def drop_about_box(body: list[str]) -> tuple[list[str], list[str]]:
    """Remove an "About the author" label among the last blocks and the short bio after it."""
    for i in range(max(1, len(body) - MAX_BIO_BOX_BLOCKS - 1), len(body) - 1):
        if _ABOUT_LABEL.fullmatch(body[i].strip()) and all(
                word_count(b) <= MAX_BIO_BOX_WORDS for b in body[i + 1:]):
            return body[:i], body[i:]
    return body, []
