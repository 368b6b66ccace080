"""Words that stand just before a place in a text: "more than" before a figure, "Mr" before
a name."""

from __future__ import annotations

import re


class Preceding:
    """A pattern looked for only in the ``reach`` characters before a place, where it ends
    (anchored with ``$``): a long text costs no more than a short one.

    ``last``, when given, is a character class holding every character a match can end
    with: before any other character (but a line break, which ``$`` may stand before) the
    answer is None without a search, the common case for most places.
    """

    __slots__ = ("pattern", "reach", "last")

    def __init__(self, pattern: str, reach: int, last: str | None = None) -> None:
        self.pattern = re.compile(pattern)
        self.reach = reach
        self.last = re.compile(last) if last else None

    def before(self, text: str, pos: int) -> re.Match[str] | None:
        """The match that ends by ``pos``, in the ``reach`` characters before it."""
        if (self.last is not None and 0 < pos <= len(text) and text[pos - 1] != "\n"
                and not self.last.match(text, pos - 1)):
            return None
        return self.pattern.search(text, max(0, pos - self.reach), pos)
