"""Words that stand just before a place in a text: "more than" before a figure, "Mr" before
a name."""

from __future__ import annotations

import re


class Preceding:
    """A pattern looked for only in the ``reach`` characters before a place, where it ends
    (anchored with ``$``): a long text costs no more than a short one."""

    __slots__ = ("pattern", "reach")

    def __init__(self, pattern: str, reach: int) -> None:
        self.pattern = re.compile(pattern)
        self.reach = reach

    def before(self, text: str, pos: int) -> re.Match[str] | None:
        """The match that ends by ``pos``, in the ``reach`` characters before it."""
        return self.pattern.search(text, max(0, pos - self.reach), pos)
