"""Grouping articles into stories, without a store: MinHash signatures of an article's
body and the band hashes that find its near-duplicates in one indexed lookup; whether a
candidate belongs to a story, how members relate, and which is the origin."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
from datasketch import MinHash

# 40 bands of 3 rows: texts of Jaccard similarity s share a band with a probability of
# 1 - (1 - s**3)**40: 0.93 at 0.4, 0.99 at 0.5, under 1% at 0.06 (unrelated articles).
NUM_PERM = 120
ROWS = 3
BANDS = NUM_PERM // ROWS
SHINGLE = 4
_SEED = 1
# Named, so that signatures stored by one version of datasketch stay comparable.
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    values: np.ndarray
    size: int

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint64), size)


def shingles(paragraphs: list[str]) -> set[bytes]:
    """The word ``SHINGLE``-grams of each paragraph, lower-cased; a paragraph shorter than
    that is one shingle. Within paragraphs only, so that moving one changes nothing."""
    found: set[bytes] = set()
    for paragraph in paragraphs:
        words = _WORD.findall(paragraph.lower())
        if not words:
            continue
        if len(words) < SHINGLE:
            found.add(" ".join(words).encode())
            continue
        found.update(" ".join(words[i:i + SHINGLE]).encode()
                     for i in range(len(words) - SHINGLE + 1))
    return found


def signature(paragraphs: list[str]) -> Signature:
    found = shingles(paragraphs)
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(),
                      scheme=_SCHEME)
    if found:
        minhash.update_batch(list(found))
    return Signature(minhash.hashvalues.copy(), len(found))


# Odd 64-bit multipliers mixing a band's rows and its number into one hash.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0xD6E8FEB86659FD93][:ROWS + 1], dtype=np.uint64)


@functools.cache
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def band_hashes(sig: Signature) -> list[int]:
    """One signed 64-bit hash per band (of its number and its rows' values), distinct per
    band, so that one indexed column holds them all."""
    rows = sig.values.astype(np.uint64).reshape(BANDS, ROWS)
    numbered = np.hstack([rows, np.arange(BANDS, dtype=np.uint64).reshape(BANDS, 1)])
    mixed = (numbered * _MIX).sum(axis=1, dtype=np.uint64)  # wraps around 2**64
    mixed ^= mixed >> np.uint64(29)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(32)
    return mixed.view(np.int64).tolist()


def jaccard(a: Signature, b: Signature) -> float:
    if not a.size or not b.size:
        return 1.0 if a.size == b.size else 0.0
    return float(np.count_nonzero(a.values == b.values)) / len(a.values)


def containment(a: Signature, b: Signature, similarity: float | None = None) -> float:
    """The estimated share of the smaller text's shingles found in the larger one."""
    j = jaccard(a, b) if similarity is None else similarity
    smaller = min(a.size, b.size)
    if not smaller:
        return 0.0
    shared = j / (1 + j) * (a.size + b.size)
    return min(1.0, shared / smaller)


def body_paragraphs(document: dict) -> list[str]:
    paragraphs = [p["text"] for section in document.get("sections", [])
                  for p in section.get("paragraphs", [])]
    if paragraphs:
        return paragraphs
    return [block for block in document.get("text", "").split("\n\n") if block.strip()]


ORIGIN, COPY, REWRITE, UPDATE = "origin", "copy", "rewrite", "update"
# A candidate joins a story at SAME_STORY similarity with a member, or CONTAINED in it.
SAME_STORY = 0.4
CONTAINED = 0.75
# Between REWRITTEN and SAME_STORY, a rewrite joins sharing SHARED_FACTS figures and quotes.
REWRITTEN = 0.2
SHARED_FACTS = 2
# At least this similar: the same text apart from furniture and small edits.
COPY_SIMILARITY = 0.9
# Texts of fewer shingles than this are too short to call near-duplicates by containment.
MIN_SHINGLES = 12
# The origin among members of the same day is the most like this many others.
CENTRE_OF = 100


@dataclass(frozen=True)
class Member:
    pk: int
    signature: Signature
    agency: str | None = None
    published: dt.date | None = None
    source_url: str | None = None


def same_story(a: Signature, b: Signature, facts=None) -> tuple[bool, float]:
    """Whether two texts are versions of one story, and their similarity; ``facts()``
    counts the figures and quotes they share (asked only when the similarity is low)."""
    similarity = jaccard(a, b)
    if similarity >= SAME_STORY:
        return True, similarity
    if min(a.size, b.size) >= MIN_SHINGLES and containment(a, b, similarity) >= CONTAINED:
        return True, similarity
    rewritten = similarity >= REWRITTEN and facts is not None and facts() >= SHARED_FACTS
    return rewritten, similarity


def facts(document: dict) -> frozenset:
    """What a rewrite keeps of its source exactly: figures and quotes."""
    figures = {("figure", f["kind"], f.get("unit"), f["value"])
               for f in document.get("figures", [])}
    quotes = {("quote", " ".join(_WORD.findall(q["text"].lower())))
              for q in document.get("quotes", []) if len(q["text"]) >= 20}
    return frozenset(figures | quotes)


def relation(member: Member, origin: Member,
             members: list[Member] = ()) -> tuple[str, float]:
    """The relation of ``member`` to ``origin`` and their similarity: an update when an
    earlier member, or the origin, comes from the same site."""
    if member.pk == origin.pk:
        return ORIGIN, 1.0
    similarity = jaccard(member.signature, origin.signature)
    earlier = [m for m in members if (_day(m), m.pk) < (_day(member), member.pk)]
    if any(same_source(member.source_url, other.source_url) for other in [origin, *earlier]):
        return UPDATE, similarity
    return (COPY if similarity >= COPY_SIMILARITY else REWRITE), similarity


def same_source(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a_parts, b_parts = urlsplit(a), urlsplit(b)
    return _host(a_parts.netloc) == _host(b_parts.netloc) and bool(_host(a_parts.netloc))


def _host(netloc: str) -> str:
    return netloc.lower().rpartition("@")[2].split(":")[0].removeprefix("www.")


def choose_origin(members: list[Member]) -> Member:
    """The member the others derive from: the earliest of the agency copies nested with
    every other member, else of all; among those of one day, the one most like the others
    (every version derives from it), then the first stored."""
    agency_copies = [m for m in members if m.agency and all(
        other.pk == m.pk or containment(m.signature, other.signature) >= CONTAINED
        for other in members)]
    chosen = agency_copies or members
    first = min(_day(m) for m in chosen)
    tied = [m for m in chosen if _day(m) == first]
    if len(tied) == 1:
        return tied[0]
    others = members[:CENTRE_OF]
    return min(tied, key=lambda m: (-sum(jaccard(m.signature, o.signature) for o in others),
                                    m.pk))


def _day(member: Member) -> tuple:
    return (member.published is None, member.published or dt.date.min)
