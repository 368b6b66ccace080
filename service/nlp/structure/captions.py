"""A photo caption shown twice, decided here only: each copy of a caption-like line without a
full stop, or of a short caption a copy of which stands beside image evidence (a credit line,
"Photo: ...", a photographer after a slash, before or after it or at its end) and that
evidence; a caption-like sentence's later copies; a paragraph repeating a named caption."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from service.nlp.structure.credits import is_credit
from service.nlp.structure.shape import CLOSERS, is_table_row, word_count

CAPTION_SHOWN_TWICE = "caption shown twice"
_CAPS = r"[A-Z][\w.'’&\-]*(?:[ \t][A-Z][\w.'’&\-]*){0,3}"
# "Ken Ito/Valley Post", "(AP Photo/Jo Lind)", "[Valley Post/Ken Ito]"
_SLASHED = rf"[(\[]?{_CAPS}[ \t]?/[ \t]?{_CAPS}[)\]]?"
_SLASHED_LINE = re.compile(_SLASHED)
# A credit at the end of a caption: "... on Thursday. Photo: Ken Ito", "... (Ken Ito/AP)"
_CREDIT_TAIL = re.compile(
    rf"(?<=[.!?\"”’)])[ \t]{{1,3}}(?:{_SLASHED}"
    rf"|[(\[]?(?:Photo(?:graph)?|Picture|Image|Credit)s?(?:[ \t]by)?:?[ \t]{{1,3}}"
    rf"{_CAPS}(?:[ \t]?/[ \t]?{_CAPS})?[)\]]?)\.?$")
MAX_CAPTION_WORDS = 40


class ShownTwice:
    """A page's captions shown twice: ``by_form`` ahead of its other furniture, the rest after."""

    def __init__(self, blocks: list[str]):
        self._counts = Counter(blocks)
        copies, beside = defaultdict(list), defaultdict(list)  # by caption: copies, credits
        for i, block in enumerate(blocks):
            tail = _CREDIT_TAIL.search(block)  # a caption's own credit at its end counts
            core = " ".join((block[: tail.start()] if tail else block).casefold().split())
            if not 3 <= word_count(core) <= MAX_CAPTION_WORDS or not block[:1].isupper():
                continue
            copies[core].append(block)
            near = [b for b in blocks[max(i - 1, 0):i] + blocks[i + 1:i + 2]
                    if is_credit(b) or _SLASHED_LINE.fullmatch(b)]
            if tail or near:
                beside[core].extend(near)
        shown = [core for core in beside if len(copies[core]) > 1]
        self._beside = {b: "photo credit" for core in shown for b in beside[core]} | {
            b: CAPTION_SHOWN_TWICE for core in shown for b in copies[core]}

    def by_form(self, block: str) -> str | None:
        """A caption-like line without a full stop shown twice or more: every copy."""
        bare = self._counts[block] > 1 and is_caption_like(block) and not block.endswith(".")
        return CAPTION_SHOWN_TWICE if bare else None

    def beside_or_again(self, block: str, kept: list[str]) -> str | None:
        """A copy of a caption shown twice beside image evidence, or that evidence; a
        caption-like sentence the story ``kept`` a copy of already."""
        again = block in kept and block.endswith(".") and is_caption_like(block)
        return self._beside.get(block) or (CAPTION_SHOWN_TWICE if again else None)


def drop_shown_captions(body: list[str], named: set[str]) -> tuple[list[str], list[str]]:
    """Remove a paragraph that repeats a caption the page's markup ``named``."""
    return [b for b in body if b not in named], [b for b in body if b in named]


def is_caption_like(block: str) -> bool:
    """A short line opening with a capital that asks or introduces nothing: a caption's form
    (repeated pull quotes, code, list items and table rows keep their repeats)."""
    return (3 <= word_count(block) <= 30 and block[0].isupper() and not is_table_row(block)
            and not block.rstrip(CLOSERS).endswith((":", "?", "!", ";")))
