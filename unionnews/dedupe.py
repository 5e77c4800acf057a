"""Near-duplicate articles: the same story syndicated on two sites, lightly edited.

A 64-bit SimHash of word 5-shingles finds candidates cheaply (it is stored with each article,
and its bands are indexed: see `band_keys`); containment of each body's shingles in the
other's confirms them, and the figures must agree:
two reports written from the same template about different organisations or numbers (common in
this genre) are different news, not syndication.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

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


_BIT = np.arange(64, dtype=np.uint64)


def simhash(text: str) -> int:
    """SimHash as a signed 64-bit integer (what SQLite stores)."""
    found = shingles(text)
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
         for s in found), dtype=np.uint64, count=len(found))
    # A bit is set when more shingle hashes have it set than not (ties: unset).
    ones = ((hashes[:, None] >> _BIT) & np.uint64(1)).sum(axis=0)
    value = sum(1 << int(bit) for bit in np.flatnonzero(2 * ones > len(found)))
    return value - (1 << 64) if value >= 1 << 63 else value


# Candidates are looked up by band, not by scanning every stored fingerprint, so the lookup
# does not grow with the store. A band is 12 bits of the fingerprint; a stored article is a
# candidate when one of its 25 bands equals the new text's (and then, as before, when its
# fingerprint is within MAX_HAMMING). Bits within MAX_HAMMING cannot all be covered by exact
# bands of a useful width, so the bands read the bits in five different orders (bit
# (stride * n + offset) mod 64, a permutation for odd strides): a copy whose differing bits
# break every band of one order rarely breaks all of another. Any copy within 4 bits shares a
# band (tested); bench/bench_store.py prints the share of edited copies found, against the
# full scan this replaced, and how often different articles share a band.
BAND_BITS = 12
BANDS = 25
_BAND_ORDERS = ((1, 0), (5, 3), (13, 7), (29, 11), (45, 17))  # (stride, offset) of each bit order
_BANDS_PER_ORDER = 64 // BAND_BITS


def _band_positions(band: int) -> list[int]:
    stride, offset = _BAND_ORDERS[band // _BANDS_PER_ORDER]
    first = band % _BANDS_PER_ORDER * BAND_BITS
    return [(stride * n + offset) % 64 for n in range(first, first + BAND_BITS)]


_POSITIONS = [_band_positions(band) for band in range(BANDS)]


def band_keys(fingerprint: int) -> list[int]:
    """One integer per band: the band's number and its 12 bits (what the store indexes)."""
    unsigned = fingerprint & ((1 << 64) - 1)
    return [
        band << BAND_BITS | sum((unsigned >> bit & 1) << n for n, bit in enumerate(positions))
        for band, positions in enumerate(_POSITIONS)
    ]


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def containment(a: str, b: str) -> float:
    """Share of text `a`'s shingles found in text `b`."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa)


def figures(text: str) -> frozenset[str]:
    """The figures a text gives, as written."""
    return frozenset(NUMBER_RE.findall(text))


def figures_agree(na: frozenset[str], nb: frozenset[str]) -> bool:
    """Whether two texts give the same figures (all but a tenth of them)."""
    if not na and not nb:
        return True
    return len(na & nb) / len(na | nb) >= MIN_SHARED_FIGURES


def shared_figures(a: str, b: str) -> float:
    """Share of the figures of both texts that both texts give."""
    na, nb = figures(a), figures(b)
    if not na and not nb:
        return 1.0
    return len(na & nb) / len(na | nb)


def is_near_duplicate(a: str, b: str, figures_a: frozenset[str] | None = None,
                      figures_b: frozenset[str] | None = None) -> bool:
    """The same story: each text nearly contained in the other, with the same figures.

    A follow-up that repeats an earlier report and adds new figures is contained one way only,
    so it stays an article of its own and its figures are extracted. `figures_a`, `figures_b`:
    the texts' figures when the caller has them already."""
    # Figures first: they are cheap to compare and tell most template-built reports apart.
    na = figures(a) if figures_a is None else figures_a
    nb = figures(b) if figures_b is None else figures_b
    return (figures_agree(na, nb)
            and containment(a, b) >= MIN_CONTAINMENT and containment(b, a) >= MIN_CONTAINMENT)
