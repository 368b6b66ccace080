"""MinHash signatures of an article's body (its word shingles, paragraph by paragraph) and
the locality-sensitive band hashes that find its near-duplicates in one indexed lookup."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

# 120 permutations in 40 bands of 3 rows: two texts share at least one band with a
# probability of 1 - (1 - s**3)**40 for a Jaccard similarity s: 0.93 at 0.4, 0.99 at 0.5,
# under 1% at 0.06 (unrelated articles on the same subject).
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
    """The MinHash values of a text's shingles and how many distinct shingles it has."""

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
    """The MinHash signature of the paragraphs' shingles."""
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
    """The hash functions' parameters, made once per process (not per signature)."""
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
    """The estimated Jaccard similarity of two texts' shingle sets."""
    if not a.size or not b.size:
        return 1.0 if a.size == b.size else 0.0
    return float(np.count_nonzero(a.values == b.values)) / len(a.values)


def containment(a: Signature, b: Signature, similarity: float | None = None) -> float:
    """The estimated share of the smaller text's shingles found in the larger one (from
    the Jaccard similarity and the two sizes)."""
    j = jaccard(a, b) if similarity is None else similarity
    smaller = min(a.size, b.size)
    if not smaller:
        return 0.0
    shared = j / (1 + j) * (a.size + b.size)
    return min(1.0, shared / smaller)


def body_paragraphs(document: dict) -> list[str]:
    """The body's paragraphs of an analysis (its sections'), else its text's blocks."""
    paragraphs = [p["text"] for section in document.get("sections", [])
                  for p in section.get("paragraphs", [])]
    if paragraphs:
        return paragraphs
    return [block for block in document.get("text", "").split("\n\n") if block.strip()]
