"""Output caps of one analysis: a bounded number of items, of context and of bytes.

Whatever the text, an analysis is at most a small multiple of it:

- each list (entities, figures, dates, quotes, and the lists inside an item: an entity's
  mentions, aliases and descriptions, a figure's entities) keeps its first
  ``max_items`` items; the others are counted, not returned, in ``truncated``
  (``{"figures": 19000}``; a list inside items is named ``"entities.mentions"``);
- an item's ``sentence`` is clipped to a window of about ``sentence_chars`` characters
  around the item (the item itself is always whole), and ``sentence_start`` gives the
  offset of what is kept in the text, so that offsets stay exact;
- when the whole analysis is still larger than ``bytes_per_char`` bytes per character of
  the text (plus ``BASE_BYTES``), the longest list is halved until it fits, the items
  dropped counted in ``truncated`` too.

``counts`` always gives the full numbers found.

The extractors give each item a ``Sentence``, bounds in the text, and a list may be lazy
(a ``Sequence`` whose items are made when read): the caps take the first items and read
from the text only the windows they keep, so no long sentence is copied once per item and
no item past a cap is described.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import orjson

TOP_LISTS = ("entities", "figures", "dates", "quotes")
INNER_LISTS = {"entities": ("mentions", "aliases", "descriptions"), "figures": ("entities",)}
CONTEXT_LISTS = ("figures", "dates", "quotes")
BASE_BYTES = 64 * 1024
@dataclass(frozen=True)
class Caps:
    max_items: int = 1_000
    sentence_chars: int = 400
    bytes_per_char: int = 32


@dataclass(frozen=True, slots=True)
class Sentence:
    """The sentence around an item, ``text[lo:hi]``, read only when the analysis is put out:
    whole, or the window of it that the caps keep."""

    text: str
    lo: int
    hi: int

    def __str__(self) -> str:
        return self.text[self.lo:self.hi]

    def __repr__(self) -> str:
        return f"Sentence({self.lo}, {self.hi})"


class Lazy(Sequence):
    """A list whose ``len`` is known at once and whose items are made in order when first
    read (an item may take from the one before it)."""

    def __init__(self, size: int, make: Callable[[int, list], dict]) -> None:
        self._size, self._make, self._made = size, make, []

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(self._size))]
        k = range(self._size)[index]
        while len(self._made) <= k:
            self._made.append(self._make(len(self._made), self._made))
        return self._made[k]

    def __iter__(self) -> Iterator[dict]:
        return (self[k] for k in range(self._size))


def whole(items: Sequence[dict]) -> list[dict]:
    """``items`` made, each ``Sentence`` read whole; in place."""
    items = list(items)
    for item in items:
        if isinstance(item.get("sentence"), Sentence):
            item["sentence"] = str(item["sentence"])
    return items


def uncapped(analysis: dict) -> dict:
    """``analysis`` (as assembled) without caps: every list made, every sentence whole."""
    for name in TOP_LISTS:
        if isinstance(analysis.get(name), Sequence):
            analysis[name] = whole(analysis[name])
    return analysis


def cap_analysis(analysis: dict, caps: Caps) -> dict:
    """``analysis`` (as assembled) within ``caps``, with ``truncated`` counts; in place."""
    truncated: dict[str, int] = {}
    text = analysis.get("text") or ""
    for name in TOP_LISTS:
        items = analysis.get(name)
        if not isinstance(items, Sequence):
            continue
        analysis[name] = list(_head(items, caps.max_items, name, truncated))
        for inner in INNER_LISTS.get(name, ()):
            for item in analysis[name]:
                if isinstance(item.get(inner), list):
                    item[inner] = _head(item[inner], caps.max_items, f"{name}.{inner}",
                                        truncated)
    for name in CONTEXT_LISTS:
        for item in analysis.get(name) or ():
            sentence = item.get("sentence")
            if isinstance(sentence, Sentence):
                _give_window(item, sentence, caps.sentence_chars)
            else:
                _clip_sentence(item, text, caps.sentence_chars)
    _fit(analysis, BASE_BYTES + caps.bytes_per_char * len(text), truncated)
    analysis["truncated"] = truncated
    return analysis


def _head(items: Sequence, limit: int, name: str, truncated: dict[str, int]) -> Sequence:
    if len(items) <= limit:
        return items
    truncated[name] = truncated.get(name, 0) + len(items) - limit
    return items[:limit]


def _clip_sentence(item: dict, text: str, width: int) -> None:
    sentence, start, end = item.get("sentence"), item.get("start"), item.get("end")
    if not isinstance(sentence, str) or not isinstance(start, int) \
            or not isinstance(end, int):
        return
    # Where the sentence lies in the text: it holds the item.
    at = text.rfind(sentence, max(0, end - len(sentence)), start + len(sentence))
    if at < 0 or not at <= start <= end <= at + len(sentence):
        if len(sentence) > width:  # not found as such: keep its start, no offset claimed
            item["sentence"] = sentence[:width]
        return
    item["sentence"], item["sentence_start"] = _cut(text, at, len(sentence), start, end, width)


def _cut(text: str, at: int, size: int, start: int, end: int, width: int) -> tuple[str, int]:
    """The window of about ``width`` characters around ``start:end`` of the sentence
    ``text[at:at + size]``, and its offset."""
    if size <= width:
        return text[at:at + size], at
    pad = max(0, width - (end - start)) // 2
    lo = max(at, start - pad)
    hi = min(at + size, max(end, lo + width))
    lo = max(at, min(lo, hi - width, start))
    return text[lo:hi], lo


def _give_window(item: dict, sentence: Sentence, width: int) -> None:
    """The ``sentence`` and ``sentence_start`` of ``item`` within ``width``, as the clip of
    its whole sentence would give them, slicing only the window. In place."""
    item["sentence"], at = sentence_window(sentence.text, sentence.lo, sentence.hi,
                                           item["start"], item["end"], width)
    if at is not None:
        item["sentence_start"] = at


def sentence_window(text: str, lo: int, hi: int, start: int, end: int,
                    width: int) -> tuple[str, int | None]:
    """The ``sentence`` and ``sentence_start`` (None: not located) that ``cap_analysis``
    gives an item at ``start:end`` whose sentence is ``text[lo:hi]``, slicing only the
    window: the whole sentence is copied (for the moment of the clip) only when it is not
    around the item, or when it may repeat in the text right after itself (where the
    clip would find it)."""
    if not lo <= start <= end <= hi or _may_repeat(text, lo, hi, start):
        item = {"sentence": text[lo:hi], "start": start, "end": end}
        _clip_sentence(item, text, width)
        return item["sentence"], item.get("sentence_start")
    return _cut(text, lo, hi - lo, start, end, width)


_TAIL = 128


def _may_repeat(text: str, lo: int, hi: int, start: int) -> bool:
    """Whether ``text[lo:hi]`` may also occur at an offset in ``lo + 1 .. start``: if it
    does, so does its tail, ending after ``hi``."""
    if start <= lo:
        return False
    tail = text[max(lo, hi - _TAIL):hi]
    return text.find(tail, hi - len(tail) + 1, start + hi - lo) >= 0


def _fit(analysis: dict, max_bytes: int, truncated: dict[str, int]) -> None:
    while len(orjson.dumps(analysis, default=str)) > max_bytes:
        lists = [(len(analysis.get(name) or ()), name) for name in TOP_LISTS]
        size, name = max(lists)
        if size == 0:
            return
        keep = size // 2
        truncated[name] = truncated.get(name, 0) + size - keep
        analysis[name] = analysis[name][:keep]
