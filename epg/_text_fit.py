"""Shortening a string to a byte budget, for :func:`epg.text.fit_dvb_text`.

The helpers take the encoder as a callable, so they work with whatever table options the
caller fixed and :mod:`epg.text` stays the only module that knows the tables.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

__all__ = ["cut_points", "longest_fit", "prefer_word_boundary"]

Encoder = Callable[[str], bytes]
Fit = tuple[int, bytes]


def cut_points(text: str, max_bytes: int) -> list[int]:
    """Indices where the text may be cut: never inside a base + combining-mark sequence.

    Every table spends at least one byte per character, so no prefix longer than
    ``max_bytes`` characters can fit.
    """
    limit = min(len(text), max_bytes + 1)
    return [k for k in range(limit) if not unicodedata.combining(text[k])]


def _candidate(text: str, k: int, ellipsis: str) -> str:
    return text[:k].rstrip() + ellipsis


def longest_fit(
    text: str, cuts: list[int], ellipsis: str, max_bytes: int, encode: Encoder
) -> Fit | None:
    """Largest cut (by bisection over cut points) whose prefix + ellipsis fits, if any."""
    lo, hi, found = 0, len(cuts) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        data = encode(_candidate(text, cuts[mid], ellipsis))
        if len(data) <= max_bytes:
            found, lo = (cuts[mid], data), mid + 1
        else:
            hi = mid - 1
    return found


def prefer_word_boundary(
    text: str, fit: Fit, ellipsis: str, max_bytes: int, encode: Encoder
) -> Fit:
    """Move the cut back to the last space if that loses at most a third of the kept text."""
    k = fit[0]
    space = text.rfind(" ", 0, k + 1)
    if space <= 0 or space < k * 2 // 3 or text[k : k + 1].isspace():
        return fit
    data = encode(_candidate(text, space, ellipsis))
    return (space, data) if len(data) <= max_bytes else fit
