"""The character tables of EN 300 468 Annex A (table A.3): selectors, codecs, repertoires.

:mod:`epg.text` reads and writes DVB strings with these facts about each table: its shortest
selector, the Python codec of its bytes (table 00, ISO/IEC 6937, has its own in
:mod:`epg._iso6937`), and which characters it can hold (`holds`), so that the smallest-table
search can skip a table with one cached set test before any codec runs.
"""

from __future__ import annotations

import enum
import functools

from epg._iso6937 import ENCODABLE

__all__ = [
    "ASCII",
    "BY_PART",
    "BY_SHORT",
    "CJK_CODECS",
    "CODECS",
    "ENCODING_ORDER",
    "MULTIBYTE_SELECTORS",
    "WIDE",
    "WIDE_CONTROLS",
    "Charset",
    "holding",
    "holds",
]


class Charset(enum.Enum):
    """A DVB character table (EN 300 468 table A.3), by its character set.

    A table reachable by two selectors (8859-5 as 0x01 or 0x10 0x00 0x05) is one member;
    encoding always uses the shorter selector.
    """

    DEFAULT = "iso6937"
    ISO_8859_1 = "iso8859-1"
    ISO_8859_2 = "iso8859-2"
    ISO_8859_3 = "iso8859-3"
    ISO_8859_4 = "iso8859-4"
    ISO_8859_5 = "iso8859-5"
    ISO_8859_6 = "iso8859-6"
    ISO_8859_7 = "iso8859-7"
    ISO_8859_8 = "iso8859-8"
    ISO_8859_9 = "iso8859-9"
    ISO_8859_10 = "iso8859-10"
    ISO_8859_11 = "iso8859-11"
    ISO_8859_13 = "iso8859-13"
    ISO_8859_14 = "iso8859-14"
    ISO_8859_15 = "iso8859-15"
    UCS2 = "ucs-2"
    KSX1001 = "ksx1001"
    GB2312 = "gb2312"
    BIG5_UCS2 = "big5-ucs-2"
    UTF8 = "utf-8"

    # Enum's own __hash__ is a Python function (hash of the name). Members are singletons that
    # compare by identity, so the identity hash is equivalent, and it runs in C: the encoder
    # looks tables up by member in several dicts and sets on every call.
    __hash__ = object.__hash__

    @property
    def selector(self) -> bytes:
        """The shortest selector bytes that announce this table."""
        return _SELECTORS[self]


# 8859 part number -> 1-byte selector (table A.3); other parts need 0x10 0x00 NN.
_SHORT_8859: dict[int, int] = {
    5: 0x01, 6: 0x02, 7: 0x03, 8: 0x04, 9: 0x05, 10: 0x06, 11: 0x07, 13: 0x09, 14: 0x0A,
    15: 0x0B,
}  # fmt: skip
_PART_OF: dict[Charset, int] = {
    cs: int(cs.value.removeprefix("iso8859-")) for cs in Charset if cs.value.startswith("iso8859-")
}
BY_PART: dict[int, Charset] = {part: cs for cs, part in _PART_OF.items()}
BY_SHORT: dict[int, Charset] = {sel: BY_PART[part] for part, sel in _SHORT_8859.items()}
MULTIBYTE_SELECTORS: dict[int, Charset] = {
    0x11: Charset.UCS2,
    0x12: Charset.KSX1001,
    0x13: Charset.GB2312,
    0x14: Charset.BIG5_UCS2,
    0x15: Charset.UTF8,
}
_SELECTORS: dict[Charset, bytes] = (
    {Charset.DEFAULT: b""}
    | {
        cs: bytes((_SHORT_8859[p],)) if p in _SHORT_8859 else bytes((0x10, 0x00, p))
        for cs, p in _PART_OF.items()
    }
    | {cs: bytes((sel,)) for sel, cs in MULTIBYTE_SELECTORS.items()}
)
#: The tables whose controls are code points U+E080-U+E09F rather than C1 bytes (Annex A.2).
WIDE = frozenset({Charset.UCS2, Charset.BIG5_UCS2, Charset.UTF8})
_TWO_BYTE = frozenset({Charset.UCS2, Charset.BIG5_UCS2})  # the BMP only
CJK_CODECS = {Charset.KSX1001: "euc_kr", Charset.GB2312: "gb2312"}
# The Python codec of each table's bytes (the default table has its own, epg._iso6937).
CODECS: dict[Charset, str] = (
    {cs: f"iso8859_{part}" for cs, part in _PART_OF.items()}
    | {Charset.UTF8: "utf-8", Charset.UCS2: "utf-16-be", Charset.BIG5_UCS2: "utf-16-be"}
    | CJK_CODECS
)
# Which characters a multi-byte table holds: its codec's; 0x14 is limited to Big5's.
_REPERTOIRE_CODECS: dict[Charset, str] = CODECS | {Charset.BIG5_UCS2: "big5"}

#: Tables the automatic search tries (epg.text exports it), in tie-break order: the default
#: table first (no selector, every receiver), then the 8859 parts with a 1-byte selector (the
#: common European ones first), then those needing 0x10 0x00 NN, then UTF-8, then UCS-2.
ENCODING_ORDER: tuple[Charset, ...] = (
    Charset.DEFAULT,
    Charset.ISO_8859_5,
    Charset.ISO_8859_9,
    Charset.ISO_8859_15,
    Charset.ISO_8859_7,
    Charset.ISO_8859_13,
    Charset.ISO_8859_14,
    Charset.ISO_8859_10,
    Charset.ISO_8859_6,
    Charset.ISO_8859_8,
    Charset.ISO_8859_11,
    Charset.ISO_8859_1,
    Charset.ISO_8859_2,
    Charset.ISO_8859_4,
    Charset.ISO_8859_3,
    Charset.UTF8,
    Charset.UCS2,
)


def _single_byte_repertoire(charset: Charset) -> frozenset[str]:
    codes = [*range(0x00, 0x80), *range(0xA0, 0x100)]
    return frozenset(bytes((b,)).decode(CODECS[charset], "ignore") for b in codes) - {""}


# What each single-byte table can hold: one set test tells whether it can encode a text.
_REPERTOIRES: dict[Charset, frozenset[str]] = {Charset.DEFAULT: ENCODABLE} | {
    cs: _single_byte_repertoire(cs) for cs in _PART_OF
}

ASCII = frozenset(map(chr, range(0x80)))
#: U+E080-U+E09F: the control codes of the 2-byte tables and UTF-8 (Annex A.2), not text.
WIDE_CONTROLS = range(0xE080, 0xE0A0)
_WIDE_CONTROL_CHARS = frozenset(map(chr, WIDE_CONTROLS))
_LAST_BMP = "\uffff"


@functools.lru_cache(maxsize=4096)
def holds(charset: Charset, non_ascii: frozenset[str]) -> bool:
    """Whether ``charset`` has a code for each of these characters (every table has ASCII).

    The single-byte tables answer by repertoire (which leaves out what would land on a C1
    byte: those are DVB controls on the wire); the others by their codec, without U+E080-U+E09F
    in UCS-2 and UTF-8 (control codes there, Annex A.2) and, in the 2-byte tables, without
    characters beyond the BMP. Cached: EPG text repeats, and so do its letters beyond ASCII.
    """
    repertoire = _REPERTOIRES.get(charset)
    if repertoire is not None:
        return non_ascii <= repertoire
    if charset in WIDE and not non_ascii.isdisjoint(_WIDE_CONTROL_CHARS):
        return False
    if charset in _TWO_BYTE and max(non_ascii, default="") > _LAST_BMP:
        return False
    try:
        "".join(non_ascii).encode(_REPERTOIRE_CODECS[charset])
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=1024)
def holding(non_ascii: frozenset[str], order: tuple[Charset, ...]) -> tuple[Charset, ...]:
    """The tables of ``order`` that hold these characters, in that order."""
    return tuple(charset for charset in order if holds(charset, non_ascii))
