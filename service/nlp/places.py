"""Where an offset of an article lies (section and paragraph), looked up by search."""

from __future__ import annotations

import bisect

from service.nlp.types import Structure


class Places:
    """``Structure.locate`` for many offsets: the paragraph starts listed once, so that
    each look-up is a search rather than a walk over every paragraph."""

    def __init__(self, structure: Structure) -> None:
        self.pairs = structure.paragraphs()
        self.starts = [p.start for _, p in self.pairs]

    def locate(self, offset: int) -> tuple[int | None, int | None]:
        """Section and paragraph index holding ``offset`` (None outside the body)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return None, None
        section, paragraph = self.pairs[i]
        if offset >= paragraph.end:
            return None, None
        return section, paragraph.index
