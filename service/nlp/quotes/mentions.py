"""The mentions of an article's entities indexed for look-ups by search: by word (name,
surname, alias, description) and by pronoun class (type, gender)."""

from __future__ import annotations

import bisect

# key -> (the starts of the mentions listed under it, in order; their entities)
Index = dict[object, tuple[list[int], list[dict]]]


def latest(index: Index, key, offset: int, since: int = 0) -> dict | None:
    """The entity of the latest mention listed under ``key`` that starts in
    ``since..offset``, ends included."""
    starts, found = index.get(key, ((), ()))
    k = bisect.bisect_right(starts, offset)
    return found[k - 1] if k and starts[k - 1] >= since else None


def latest_of(index: Index, keys, offset: int, since: int = 0) -> dict | None:
    """``latest`` over several keys: the mention that starts last."""
    best, best_start = None, -1
    for key in keys:
        starts, found = index.get(key, ((), ()))
        k = bisect.bisect_right(starts, offset)
        if k and since <= starts[k - 1] and starts[k - 1] > best_start:
            best, best_start = found[k - 1], starts[k - 1]
    return best


def word_index(mentions, words_of) -> Index:
    """For each word, the starts of the mentions whose entity ``words_of`` gives it, in
    order, with their entities: one search per speaker instead of a walk over mentions."""
    index: Index = {}
    words: dict[str, frozenset] = {}
    for start, _, entity in mentions:
        if entity["id"] not in words:
            words[entity["id"]] = frozenset(words_of(entity))
        for word in words[entity["id"]]:
            starts, found = index.setdefault(word, ([], []))
            starts.append(start)
            found.append(entity)
    return index


def names_of(entity: dict) -> set[str]:
    if entity["type"] != "PERSON":
        return set()
    return {entity["name"].lower(), entity["name"].split()[-1].lower(),
            *(a.lower() for a in entity.get("aliases", []))}


def description_words(entity: dict) -> set[str]:
    return {w for d in entity.get("descriptions", []) for w in d.lower().split()}


def class_index(mentions, key_of) -> Index:
    """The mentions under the key ``key_of`` gives each entity (None: not listed)."""
    return word_index(mentions, lambda entity: {k for k in (key_of(entity),) if k is not None})


def starts_by_entity(mentions) -> dict[str, list[int]]:
    """Each entity's mention starts, in order."""
    starts: dict[str, list[int]] = {}
    for start, _, entity in mentions:
        starts.setdefault(entity["id"], []).append(start)
    return starts


def mentioned_between(starts: list[int], lo: int, hi: int) -> bool:
    """Whether one of the sorted ``starts`` lies in ``lo:hi``."""
    k = bisect.bisect_left(starts, lo)
    return k < len(starts) and starts[k] < hi
