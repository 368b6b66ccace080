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
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

TOP_LISTS = ("entities", "figures", "dates", "quotes")
INNER_LISTS = {"entities": ("mentions", "aliases", "descriptions"), "figures": ("entities",)}
CONTEXT_LISTS = ("figures", "dates", "quotes")
BASE_BYTES = 64 * 1024
# The key of an item whose extractor cut its ``sentence`` to the window itself (see
# ``sentence_window``): the window's offset, which ``cap_analysis`` makes its
# ``sentence_start``. A long text's sentences are never all copied whole.
WINDOW_START = "_window_start"


@dataclass(frozen=True)
class Caps:
    max_items: int = 1_000
    sentence_chars: int = 400
    bytes_per_char: int = 32


def cap_analysis(analysis: dict, caps: Caps, omitted: dict[str, int] | None = None) -> dict:
    """``analysis`` (as assembled) within ``caps``, with ``truncated`` counts; in place.

    ``omitted`` counts the items of a top list that its extractor found past
    ``caps.max_items`` and left out already: they are counted as if dropped here.
    """
    truncated: dict[str, int] = {}
    text = analysis.get("text") or ""
    for name in TOP_LISTS:
        items = analysis.get(name)
        if not isinstance(items, list):
            continue
        analysis[name] = _head(items, caps.max_items, name, truncated,
                               (omitted or {}).get(name, 0))
        for inner in INNER_LISTS.get(name, ()):
            for item in analysis[name]:
                if isinstance(item.get(inner), list):
                    item[inner] = _head(item[inner], caps.max_items, f"{name}.{inner}",
                                        truncated)
    for name in CONTEXT_LISTS:
        for item in analysis.get(name) or ():
            if not take_window(item):
                _clip_sentence(item, text, caps.sentence_chars)
    _fit(analysis, BASE_BYTES + caps.bytes_per_char * len(text), truncated)
    analysis["truncated"] = truncated
    return analysis


def _head(items: list, limit: int, name: str, truncated: dict[str, int],
          omitted: int = 0) -> list:
    if len(items) + omitted <= limit:
        return items
    truncated[name] = truncated.get(name, 0) + len(items) + omitted - limit
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


def give_sentence(item: dict, text: str, lo: int, hi: int, width: int | None) -> dict:
    """``item`` (at its ``start:end``) with its ``sentence``, ``text[lo:hi]``: whole without
    a ``width``; with one, only the window ``cap_analysis`` keeps of it, ``WINDOW_START``
    giving its offset. In place."""
    if width is None:
        item["sentence"] = text[lo:hi]
    else:
        item["sentence"], item[WINDOW_START] = sentence_window(
            text, lo, hi, item["start"], item["end"], width)
    return item


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


def take_window(item: dict) -> bool:
    """Whether the extractor gave ``item`` its window already (``WINDOW_START`` holds
    where it starts, or None): if so, the offset becomes its ``sentence_start``."""
    if WINDOW_START not in item:
        return False
    at = item.pop(WINDOW_START)
    if at is not None:
        item["sentence_start"] = at
    return True


def _fit(analysis: dict, max_bytes: int, truncated: dict[str, int]) -> None:
    while len(orjson.dumps(analysis, default=str)) > max_bytes:
        lists = [(len(analysis.get(name) or ()), name) for name in TOP_LISTS]
        size, name = max(lists)
        if size == 0:
            return
        keep = size // 2
        truncated[name] = truncated.get(name, 0) + size - keep
        analysis[name] = analysis[name][:keep]
