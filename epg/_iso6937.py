"""The DVB default character table: EN 300 468 Annex A, figure A.1 ("table 00").

Figure A.1 is ISO/IEC 6937 (Latin, with non-spacing diacritical marks) plus the euro sign at
0xA4. Python ships no ISO 6937 codec, so the table is written out here, both ways.

* 0x00-0x7F is ASCII; 0x80-0x9F are control codes, handled by the caller (:mod:`epg.text`).
* 0xC1-0xCF are non-spacing diacritical marks. A mark is sent *before* the letter it sits on:
  ``C2 65`` is "é". A mark followed by SPACE is the spacing form of that mark (ISO 6937 §5).
* Decoding composes a mark and its letter into the precomposed character (Unicode NFC);
  encoding accepts a precomposed character whose canonical decomposition (NFD) is one
  ASCII letter plus one mark of the table. Combining marks that stand alone in the input are
  not representable: the mark must come first on the wire, and a decoder would glue it to the
  next letter.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ENCODABLE", "decode_iso6937", "encode_iso6937"]

#: Spacing characters of the right half (0xA0-0xFF without the diacritics). Absent positions
#: are unassigned in figure A.1. Where ISO 6937 glyphs have several Unicode look-alikes the
#: mapping follows glibc's ISO_6937 converter and libdvbv5 (0xD0 EM DASH, 0xE0 OHM SIGN,
#: 0xE2 ETH), so our strings compare equal with what those decoders print.
_RIGHT_HALF: dict[int, str] = {
    0xA0: "\u00a0", 0xA1: "¡", 0xA2: "¢", 0xA3: "£", 0xA4: "€", 0xA5: "¥",
    0xA7: "§", 0xA8: "¤", 0xA9: "‘", 0xAA: "“", 0xAB: "«", 0xAC: "←", 0xAD: "↑",
    0xAE: "→", 0xAF: "↓",
    0xB0: "°", 0xB1: "±", 0xB2: "²", 0xB3: "³", 0xB4: "×", 0xB5: "µ", 0xB6: "¶",
    0xB7: "·", 0xB8: "÷", 0xB9: "’", 0xBA: "”", 0xBB: "»", 0xBC: "¼", 0xBD: "½",
    0xBE: "¾", 0xBF: "¿",
    0xD0: "—", 0xD1: "¹", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "♪", 0xD6: "¬",
    0xD7: "¦", 0xDC: "⅛", 0xDD: "⅜", 0xDE: "⅝", 0xDF: "⅞",
    0xE0: "\u2126", 0xE1: "Æ", 0xE2: "Ð", 0xE3: "ª", 0xE4: "Ħ", 0xE6: "Ĳ", 0xE7: "Ŀ",
    0xE8: "Ł", 0xE9: "Ø", 0xEA: "Œ", 0xEB: "º", 0xEC: "Þ", 0xED: "Ŧ", 0xEE: "Ŋ",
    0xEF: "ŉ",
    0xF0: "ĸ", 0xF1: "æ", 0xF2: "đ", 0xF3: "ð", 0xF4: "ħ", 0xF5: "ı", 0xF6: "ĳ",
    0xF7: "ŀ", 0xF8: "ł", 0xF9: "ø", 0xFA: "œ", 0xFB: "ß", 0xFC: "þ", 0xFD: "ŧ",
    0xFE: "ŋ", 0xFF: "\u00ad",
}  # fmt: skip

#: Non-spacing diacritical marks: byte -> (combining mark, spacing form sent as mark + SPACE).
_DIACRITICS: dict[int, tuple[str, str]] = {
    0xC1: ("\u0300", "`"),  # grave
    0xC2: ("\u0301", "´"),  # acute
    0xC3: ("\u0302", "^"),  # circumflex
    0xC4: ("\u0303", "~"),  # tilde
    0xC5: ("\u0304", "¯"),  # macron
    0xC6: ("\u0306", "˘"),  # breve
    0xC7: ("\u0307", "˙"),  # dot above
    0xC8: ("\u0308", "¨"),  # diaeresis
    0xCA: ("\u030a", "˚"),  # ring above
    0xCB: ("\u0327", "¸"),  # cedilla
    0xCD: ("\u030b", "˝"),  # double acute
    0xCE: ("\u0328", "˛"),  # ogonek
    0xCF: ("\u030c", "ˇ"),  # caron
}

#: Letters each mark may carry in the ISO 6937 repertoire. Decoding accepts any letter that
#: composes (a best effort for sloppy senders); encoding stays inside the repertoire, because
#: table-driven receivers (and glibc's converter) know only these pairs.
_REPERTOIRE: dict[int, str] = {
    0xC1: "AEIOUaeiou",
    0xC2: "ACEILNORSUYZaceilnorsuyz",
    0xC3: "ACEGHIJOSUWYaceghijosuwy",
    0xC4: "AINOUainou",
    0xC5: "AEIOUaeiou",
    0xC6: "AGUagu",
    0xC7: "CEGIZcegz",
    0xC8: "AEIOUYaeiouy",
    0xCA: "AUau",
    0xCB: "CGKLNRSTcgklnrst",
    0xCD: "OUou",
    0xCE: "AEIUaeiu",
    0xCF: "CDELNRSTZcdelnrstz",
}

_SINGLE: dict[int, str] = {b: chr(b) for b in range(0x80)} | _RIGHT_HALF
_ENCODE_SINGLE: dict[str, int] = {ch: b for b, ch in _SINGLE.items()}
_MARK_TO_BYTE: dict[str, int] = {mark: b for b, (mark, _) in _DIACRITICS.items()}
# Spacing forms that have no position of their own (`, ^ and ~ are ASCII and stay single bytes).
_ENCODE_SPACING: dict[str, int] = {
    spacing: b for b, (_, spacing) in _DIACRITICS.items() if spacing not in _ENCODE_SINGLE
}

REPLACEMENT = "\ufffd"

#: Every character encode_iso6937 can write: a quick superset test before encoding.
ENCODABLE: frozenset[str] = frozenset(
    [*_ENCODE_SINGLE, *_ENCODE_SPACING]
    + [
        unicodedata.normalize("NFC", letter + _DIACRITICS[mark][0])
        for mark, letters in _REPERTOIRE.items()
        for letter in letters
    ]
)


def _compose(mark_byte: int, base_byte: int) -> str | None:
    """Return the character for a diacritic prefix and the byte after it, or None if invalid."""
    mark, spacing = _DIACRITICS[mark_byte]
    if base_byte == 0x20:
        return spacing
    if not 0x41 <= base_byte <= 0x7A or not chr(base_byte).isalpha():
        return None
    composed = unicodedata.normalize("NFC", chr(base_byte) + mark)
    return composed if len(composed) == 1 else None


def decode_iso6937(data: bytes, *, strict: bool) -> str:
    """Decode table-00 bytes (controls already removed) to text.

    With ``strict`` an undefined position, or a diacritic not followed by a letter it composes
    with, raises ``ValueError`` naming the offset; otherwise it becomes U+FFFD.
    """
    if data.isascii():
        return data.decode("ascii")
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b in _DIACRITICS:
            ch = _compose(b, data[i + 1]) if i + 1 < n else None
            if ch is not None:
                out.append(ch)
                i += 2
                continue
        else:
            ch = _SINGLE.get(b)
            if ch is not None:
                out.append(ch)
                i += 1
                continue
        if strict:
            raise ValueError(f"byte 0x{b:02X} at offset {i} is not valid in table 00")
        out.append(REPLACEMENT)
        i += 1
    return "".join(out)


def _encode_char(ch: str) -> bytes | None:
    single = _ENCODE_SINGLE.get(ch)
    if single is not None:
        return bytes((single,))
    spacing = _ENCODE_SPACING.get(ch)
    if spacing is not None:
        return bytes((spacing, 0x20))
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) != 2:
        return None
    base, mark = decomposed[0], decomposed[1]
    mark_byte = _MARK_TO_BYTE.get(mark)
    if mark_byte is None or base not in _REPERTOIRE[mark_byte]:
        return None
    return bytes((mark_byte, ord(base)))


# encode_iso6937 as one str.translate (C) then Latin-1: each encodable character becomes its
# bytes as Latin-1 characters; the rest of U+0080-U+00FF becomes a character Latin-1 cannot
# encode, and so does everything beyond (left as it is), so the encoder fails on them.
_UNENCODABLE = "\uffff"
_ENCODE_TABLE: dict[int, str] = dict.fromkeys(range(0x80, 0x100), _UNENCODABLE) | {
    ord(ch): code.decode("latin-1")
    for ch in ENCODABLE
    if not ch.isascii() and (code := _encode_char(ch)) is not None
}


def encode_iso6937(text: str) -> bytes | None:
    """Encode text in table 00, or return None if some character has no code in it.

    Control codes 0x80-0x9F are never produced (U+0080-U+009F are not representable: on the
    wire those bytes are DVB controls).
    """
    if text.isascii():
        return text.encode("ascii")
    try:
        return text.translate(_ENCODE_TABLE).encode("latin-1")
    except UnicodeEncodeError:
        return None
