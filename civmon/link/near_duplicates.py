"""Near-identical texts: word shingles, a MinHash signature and LSH band keys (deterministic, no extra package).

A repost of one text (a wire story on several sites, a statement copied by activists) is one source
when grading. Each document's text is cut into 5-word shingles of folded words; each shingle is
hashed once (blake2b) and 64 seeded universal hashes (a*x + b mod p) keep their minimum. Two
signatures agree in about the fraction of positions that equals the texts' Jaccard similarity. Band
keys (16 bands of 4 rows) find candidates without comparing every stored document.
"""

from __future__ import annotations

import hashlib
import random
import re
import struct
from collections.abc import Sequence
from functools import cache
from typing import Any

PERMUTATIONS = 64
SHINGLE_WORDS = 5
BANDS = 16
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.7
"""Estimated Jaccard similarity from which a text counts as a near-duplicate of an earlier one."""

_PRIME = 4294967311  # the first prime above 2**32
_SEED = 20170322
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def _params() -> tuple[Any, Any]:
    import numpy as np

    rng = random.Random(_SEED)
    a = np.array([rng.randrange(1, 2**31) for _ in range(PERMUTATIONS)], dtype=np.uint64)
    b = np.array([rng.randrange(0, 2**31) for _ in range(PERMUTATIONS)], dtype=np.uint64)
    return a, b


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """The distinct `size`-word shingles of a text (lower-cased words; a short text is one shingle)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature (PERMUTATIONS values) of a text's shingles; all-max for an empty text."""
    import numpy as np

    found = shingles(text)
    if not found:
        return (_PRIME,) * PERMUTATIONS
    blake = hashlib.blake2b
    # each shingle's 4-byte blake2b digest read as a little-endian integer, all at once
    x = np.frombuffer(b"".join([blake(s.encode(), digest_size=4).digest() for s in found]), dtype="<u4")
    a, b = _params()
    hashed = np.multiply.outer(x.astype(np.uint64), a)
    hashed += b
    hashed %= np.uint64(_PRIME)
    return tuple(hashed.min(axis=0).tolist())


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """The estimated Jaccard similarity of two signatures (the share of equal positions)."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def band_keys(sig: Sequence[int]) -> list[str]:
    """One key per band of ROWS values (for finding candidate near-duplicates by equality)."""
    raw, step = to_bytes(sig), ROWS * 8
    return [hashlib.blake2b(raw[i * step:(i + 1) * step], digest_size=10).hexdigest() for i in range(BANDS)]


def to_bytes(sig: Sequence[int]) -> bytes:
    """A signature packed for storage."""
    return struct.pack(f"<{len(sig)}Q", *sig)


def from_bytes(data: bytes) -> tuple[int, ...]:
    """The inverse of `to_bytes`."""
    return struct.unpack(f"<{len(data) // 8}Q", data)


def best_match(sig: Sequence[int], candidates: dict[str, bytes], *, threshold: float = THRESHOLD) -> str | None:
    """The candidate document most similar to `sig` at or above `threshold` (ties: the smallest id)."""
    best: tuple[float, str] | None = None
    for doc_id in sorted(candidates):
        s = similarity(sig, from_bytes(candidates[doc_id]))
        if s >= threshold and (best is None or s > best[0]):
            best = (s, doc_id)
    return best[1] if best else None
