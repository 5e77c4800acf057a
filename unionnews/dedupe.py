"""Near-duplicate articles: the same story syndicated on two sites, lightly edited.

A 64-bit SimHash of word 5-shingles finds candidates cheaply (it is stored with each article);
containment of each body's shingles in the other's confirms them, and the figures must agree:
two reports written from the same template about different organisations or numbers (common in
this genre) are different news, not syndication.
"""

from __future__ import annotations

import hashlib
import re

SHINGLE = 5
MAX_HAMMING = 14  # candidates only; containment decides
MIN_CONTAINMENT = 0.8

WORD_RE = re.compile(r"\w+", re.UNICODE)
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
MIN_SHARED_FIGURES = 0.9


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = WORD_RE.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def simhash(text: str) -> int:
    """SimHash as a signed 64-bit integer (what SQLite stores)."""
    weights = [0] * 64
    for shingle in shingles(text):
        h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def containment(a: str, b: str) -> float:
    """Share of text `a`'s shingles found in text `b`."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa)


def shared_figures(a: str, b: str) -> float:
    """Share of the figures of both texts that both texts give."""
    na, nb = set(NUMBER_RE.findall(a)), set(NUMBER_RE.findall(b))
    if not na and not nb:
        return 1.0
    return len(na & nb) / len(na | nb)


def is_near_duplicate(a: str, b: str) -> bool:
    """The same story: each text nearly contained in the other, with the same figures.

    A follow-up that repeats an earlier report and adds new figures is contained one way only,
    so it stays an article of its own and its figures are extracted."""
    return (containment(a, b) >= MIN_CONTAINMENT and containment(b, a) >= MIN_CONTAINMENT
            and shared_figures(a, b) >= MIN_SHARED_FIGURES)
