"""The sentences of one parsed article, found once: bounds in tokens and in characters."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from service.nlp.caps import Sentence
from service.nlp.types import Structure

_CLOSERS = frozenset('"”’»)')
_USER_DATA_KEY = "sentence_index"


class SentenceIndex:
    """spaCy's sentences of ``doc`` (the parse of ``structure.text``), looked up by character
    offset or by token. ``SentenceIndex.of`` builds it once per document."""

    @classmethod
    def of(cls, doc: Doc, structure: Structure) -> SentenceIndex:
        """The index of ``doc``: built on first use, then kept with the document."""
        index = doc.user_data.get(_USER_DATA_KEY)
        if index is None:
            index = doc.user_data[_USER_DATA_KEY] = cls(doc, structure)
        return index

    def __init__(self, doc: Doc, structure: Structure) -> None:
        self.text = structure.text
        self.bounds = [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
        self.token_starts = [b[0] for b in self.bounds]
        self.char_starts = [b[2] for b in self.bounds]
        dateline = structure.dateline
        self.dateline = (dateline.start, dateline.end) if dateline else None
        # where each "\n\n"-separated block starts and ends, found once
        self.block_starts, self.block_ends = _blocks(self.text)

    def __len__(self) -> int:
        return len(self.bounds)

    def at(self, offset: int) -> int:
        """The sentence holding character ``offset`` (the first one for an offset before it)."""
        return max(bisect.bisect_right(self.char_starts, offset) - 1, 0)

    def of_token(self, i: int) -> int:
        """The sentence holding token ``i``."""
        return bisect.bisect_right(self.token_starts, i) - 1

    def chars(self, k: int) -> tuple[int, int]:
        """Character bounds of sentence ``k``."""
        return self.bounds[k][2], self.bounds[k][3]

    def tokens(self, first: int, last: int) -> tuple[int, int]:
        """Token bounds of sentences ``first`` to ``last``."""
        return self.bounds[first][0], self.bounds[last][1]

    def around(self, start: int, end: int) -> str:
        """The text of the sentences holding ``start:end``, kept within its paragraph and after
        the dateline."""
        return self.text[slice(*self.around_bounds(start, end))]

    def around_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The character bounds of ``around(start, end)``, found without copying it."""
        if self.dateline and self.dateline[0] <= start < self.dateline[1]:
            start = end = self.dateline[1] + 1  # the dateline's date opens the next sentence
        lo = self.chars(self.at(start))[0]
        hi = self.chars(self.at(max(end - 1, start)))[1]
        k = bisect.bisect_right(self.block_starts, start) - 1
        block_lo, block_hi = self.block_starts[k], self.block_ends[k]
        lo = max(lo, block_lo, self.dateline[1] if self.dateline else 0)
        hi = min(hi, block_hi)
        while hi < block_hi and self.text[hi] in _CLOSERS:  # spaCy leaves a closing quote behind
            hi += 1
        return stripped(self.text, lo, hi)

    def give_sentence(self, item: dict) -> dict:
        """``item`` with ``around`` its ``start:end`` as its ``sentence`` (a ``Sentence``,
        read when the analysis is put out). In place."""
        item["sentence"] = Sentence(self.text, *self.around_bounds(item["start"], item["end"]))
        return item


_CHUNK = 256


def stripped(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The bounds of ``text[lo:hi].strip()`` in ``text``, a chunk at a time (a run of blanks
    costs its length, and no copy of the rest)."""
    while lo < hi:
        chunk = text[lo:min(hi, lo + _CHUNK)]
        kept = chunk.lstrip()
        lo += len(chunk) - len(kept)
        if kept:
            break
    while hi > lo:
        chunk = text[max(lo, hi - _CHUNK):hi]
        kept = chunk.rstrip()
        hi -= len(chunk) - len(kept)
        if kept:
            break
    return lo, hi


def _blocks(text: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the "\\n\\n"-separated blocks of ``text``."""
    starts, ends, at = [0], [], text.find("\n\n")
    while at >= 0:
        ends.append(at)
        starts.append(at + 2)
        at = text.find("\n\n", at + 2)
    ends.append(len(text))
    return starts, ends
