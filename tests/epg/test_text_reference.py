"""epg.text's fast table search against a plain reference written from the definition.

:func:`epg.text.encode_dvb_text` filters tables by cached repertoires and encodes with the C
codecs; this file keeps the definition it must agree with byte for byte, written the slow,
obvious way: encode the text in each table with a plain codec (table 00 by inverting the
decoder), keep what the strict decoder turns back into exactly the text, take the shortest,
the earlier table in the search order on a tie. ``prefer`` takes the first preferred table that
holds the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import example, given, settings
from hypothesis import strategies as st

from epg._iso6937 import _REPERTOIRE
from epg.errors import TextDecodeError, TextEncodeError
from epg.text import (
    ENCODING_ORDER,
    Charset,
    decode_dvb_text_strict,
    encode_dvb_text,
    encode_dvb_text_as,
)


def _table_00_codes() -> dict[str, bytes]:
    """Figure A.1 inverted from the decoder: every single byte, then each mark + SPACE and
    mark + letter pair of the ISO 6937 repertoire (single bytes win where both decode alike).
    """
    singles = [bytes((b,)) for b in range(0x100)]
    pairs = [bytes((mark, 0x20)) for mark in _REPERTOIRE]
    pairs += [bytes((mark, ord(c))) for mark, letters in _REPERTOIRE.items() for c in letters]
    codes: dict[str, bytes] = {}
    for code in singles + pairs:
        try:
            decoded = decode_dvb_text_strict(b"A" + code)[1:]  # "A": no byte reads as selector
        except TextDecodeError:
            continue
        if len(decoded) == 1:
            codes.setdefault(decoded, code)
    return codes | {"\n": b"\x8a"}  # written as the DVB CR/LF code, not a raw 0x0A


TABLE_00 = _table_00_codes()
CODECS = {
    Charset.UTF8: "utf-8",
    Charset.UCS2: "utf-16-be",
    Charset.BIG5_UCS2: "utf-16-be",
    Charset.KSX1001: "euc_kr",
    Charset.GB2312: "gb2312",
}


def reference_body(text: str, charset: Charset) -> bytes | None:
    """The text in one table by a plain codec, or None where the table has no code for it."""
    try:
        if charset is Charset.DEFAULT:
            return b"".join(TABLE_00[ch] for ch in text)
        if charset.value.startswith("iso8859-"):
            codec = charset.value.replace("-", "_")
            return text.encode(codec).replace(b"\n", b"\x8a")
        if charset in (Charset.UCS2, Charset.BIG5_UCS2) and max(text) > "\uffff":
            return None  # the 2-byte tables are the BMP only
        if charset is Charset.BIG5_UCS2:
            text.encode("big5")  # 0x14 is limited to Big5's characters
        if charset in (Charset.UTF8, Charset.UCS2, Charset.BIG5_UCS2):
            text = text.replace("\n", "\ue08a")
        return text.encode(CODECS[charset])
    except (KeyError, UnicodeEncodeError):
        return None


def reference_as(text: str, charset: Charset) -> bytes | None:
    """Selector + body, if the strict decoder gives back exactly the text."""
    body = reference_body(text, charset)
    if body is None:
        return None
    data = charset.selector + body
    try:
        return data if decode_dvb_text_strict(data) == text else None
    except TextDecodeError:
        return None


def reference_encode(
    text: str, prefer: Sequence[Charset] = (), allowed: Sequence[Charset] | None = None
) -> bytes | None:
    if not text:
        return b""
    for charset in prefer:
        data = reference_as(text, charset)
        if data is not None:
            return data
    best: bytes | None = None
    for charset in ENCODING_ORDER if allowed is None else allowed:
        data = reference_as(text, charset)
        if data is not None and (best is None or len(data) < len(best)):
            best = data
    return best


def _outcome(text: str, prefer: Sequence[Charset], allowed: Sequence[Charset] | None) -> object:
    try:
        return encode_dvb_text(text, prefer=prefer, allowed=allowed)
    except TextEncodeError:
        return None


ALPHABETS = [
    "abcXYZ 09:.,-'\n\t",
    "Физика лекция АБВ ДӘРІС әғқңөұүһ іІ",
    "éèàçñüßœÅÆ€—«»…´~^¨¸˚Ω",
    "αβγΧώ שלום ąčęėįšųūž ğışİ ŵŷẂ Łő",
    "華視中文한국어",
    "\ue080\ue08a\ue09f\U0001f600\x00\x1f\x85\x8a\xa0\u212b\u0301",
    "".join(sorted(TABLE_00))[:200],
]
TEXTS = st.sampled_from(ALPHABETS).flatmap(
    lambda alphabet: st.text(st.sampled_from(alphabet), max_size=30)
) | st.text(max_size=20)
SOME_TABLES = st.lists(st.sampled_from(list(Charset)), max_size=4)


@settings(max_examples=400)
@given(TEXTS, SOME_TABLES, st.none() | SOME_TABLES)
@example("Математика: 1-дәріс", [], None)
@example("Физика: лекция 2", [], None)
@example("Élan", [], None)  # a tie of table 00 with 8859-9/-15: no selector wins
@example("Қ\nә", [], None)  # UCS-2 is shorter than UTF-8
@example("華視", [], [Charset.BIG5_UCS2, Charset.GB2312])
@example("Å", [Charset.DEFAULT], None)  # ANGSTROM SIGN: decomposes, but NFC is U+00C5
@example("\tTab", [], None)  # table 00 cannot start with a control
def test_search_is_byte_identical_to_the_reference(
    text: str, prefer: list[Charset], allowed: list[Charset] | None
) -> None:
    assert _outcome(text, prefer, allowed) == reference_encode(text, prefer, allowed)
    assert _outcome(text, [], None) == reference_encode(text)


@settings(max_examples=150)
@given(TEXTS)
def test_one_table_is_byte_identical_to_the_reference(text: str) -> None:
    for charset in Charset:
        try:
            data: bytes | None = encode_dvb_text_as(text, charset)
        except TextEncodeError:
            data = None
        assert data == (reference_as(text, charset) if text else b""), charset
