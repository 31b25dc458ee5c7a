"""DVB strings: the character tables of EN 300 468 Annex A, both ways.

Every text field in SI (event name, event text, service and network names, item labels...)
is a *DVB string*: an optional character-table selector followed by the text bytes
(EN 300 468 Annex A.2, table A.3):

* first byte >= 0x20: no selector, the default table 00 (ISO/IEC 6937 Latin + €, figure A.1);
* 0x01-0x0B: ISO/IEC 8859-5, -6, -7, -8, -9, -10, -11, -13, -14, -15 (1-byte selector);
* 0x10 0x00 0xNN: ISO/IEC 8859-NN (3-byte selector, the only way to reach parts 1-4);
* 0x11 ISO/IEC 10646 BMP as UCS-2 big-endian; 0x12 KS X 1001; 0x13 GB-2312;
  0x14 Big5 subset of ISO/IEC 10646 (sent as 2-byte big-endian, like 0x11); 0x15 UTF-8;
* 0x1F 0xNN: encoding_type_id NN (broadcaster compression, TS 101 162): not decodable here.

Control codes (table A.1/A.2): emphasis on/off 0x86/0x87 and CR/LF 0x8A in the single-byte
tables, U+E086/U+E087/U+E08A in the 2-byte tables and UTF-8. Decoding turns CR/LF into "\\n"
and drops the other controls; encoding writes "\\n" as the table's CR/LF code. The code points
U+E080-U+E09F are therefore not text: no DVB string can carry them.

Decoding never trusts the air: :func:`decode_dvb_text` always returns a string (U+FFFD where
bytes are bad); :func:`decode_dvb_text_strict` raises :class:`~epg.errors.TextDecodeError`.

Encoding (:func:`encode_dvb_text`) picks the *smallest* table that holds the text exactly
(ARCHITECTURE decision 7): ASCII and Latin with ISO 6937 diacritics need no selector, Russian
takes 0x01 ISO 8859-5, Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ are in no single-byte table) takes
UTF-8, or UCS-2 when that is strictly smaller. "Exactly" is checked by decoding the candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from epg._charsets import (
    ASCII,
    BY_PART,
    BY_SHORT,
    CJK_CODECS,
    CODECS,
    ENCODING_ORDER,
    MULTIBYTE_SELECTORS,
    WIDE,
    WIDE_CONTROLS,
    Charset,
    holding,
    holds,
)
from epg._iso6937 import REPLACEMENT, decode_iso6937, encode_iso6937
from epg._text_fit import cut_points, longest_fit, prefer_word_boundary
from epg.errors import TextDecodeError, TextEncodeError

__all__ = [
    "ENCODING_ORDER",
    "Charset",
    "decode_dvb_text",
    "decode_dvb_text_strict",
    "encode_dvb_text",
    "encode_dvb_text_as",
    "fit_dvb_text",
    "identify_charset",
]


_CRLF_BYTE = 0x8A
_CRLF_WIDE = "\ue08a"
# Single-byte tables: drop 0x80-0x9F except CR/LF, which becomes LF before the codec runs.
_SINGLE_BYTE_CONTROLS = bytes.maketrans(bytes((_CRLF_BYTE,)), b"\n")
_DROPPED_BYTES = bytes(b for b in range(0x80, 0xA0) if b != _CRLF_BYTE)
_WIDE_CONTROL_RE = re.compile("[\ue080-\ue09f]")
_WIDE_CONTROL_MAP: dict[int, str | None] = dict.fromkeys(WIDE_CONTROLS) | {ord(_CRLF_WIDE): "\n"}


# --------------------------------------------------------------------------------- decoding


def _split_selector(data: bytes, *, strict: bool) -> tuple[Charset, bytes]:
    """Read the selector (table A.3) and return the table and the text bytes after it."""
    first = data[0]
    if first >= 0x20:
        return Charset.DEFAULT, data
    if first in BY_SHORT:
        return BY_SHORT[first], data[1:]
    if first in MULTIBYTE_SELECTORS:
        return MULTIBYTE_SELECTORS[first], data[1:]
    if first == 0x10:
        part = data[2] if len(data) >= 3 and data[1] == 0x00 else None
        if part in BY_PART:
            return BY_PART[part], data[3:]
        if strict:
            raise TextDecodeError(f"invalid 0x10 selector {data[:3].hex(' ')}")
        return Charset.DEFAULT, data[3:]
    if strict:
        if first == 0x1F:
            raise TextDecodeError("encoding_type_id (0x1F) strings are not supported")
        raise TextDecodeError(f"reserved character table selector 0x{first:02X}")
    return Charset.DEFAULT, data[1:]


def _decode_body(body: bytes, charset: Charset, *, strict: bool) -> str:
    errors = "strict" if strict else "replace"
    if charset in WIDE:
        text = body.decode(CODECS[charset], errors)
        # str.translate looks up every character; most text has nothing to translate
        return text.translate(_WIDE_CONTROL_MAP) if _WIDE_CONTROL_RE.search(text) else text
    if charset in CJK_CODECS:
        return body.decode(CJK_CODECS[charset], errors)
    body = body.translate(_SINGLE_BYTE_CONTROLS, _DROPPED_BYTES)
    if charset is Charset.DEFAULT:
        return decode_iso6937(body, strict=strict)
    return body.decode(CODECS[charset], errors)


def identify_charset(data: bytes) -> Charset:
    """Return the table a DVB string announces (DEFAULT for b"").

    Raises TextDecodeError for reserved selectors, a malformed 0x10 selector and 0x1F.
    """
    if not data:
        return Charset.DEFAULT
    return _split_selector(data, strict=True)[0]


def decode_dvb_text(data: bytes) -> str:
    """Decode a DVB string, best effort: never raises, bad bytes become U+FFFD.

    Strings off the air are often sloppy (reserved selectors, broken UTF-8, a diacritic at
    the end); a receiver still shows what it can, and so do we. A reserved selector is skipped
    and the rest read in the default table; a 0x1F (compressed) string becomes U+FFFD.
    """
    if not data:
        return ""
    if data[0] == 0x1F:
        return REPLACEMENT
    charset, body = _split_selector(data, strict=False)
    return _decode_body(body, charset, strict=False)


def decode_dvb_text_strict(data: bytes) -> str:
    """Decode a DVB string, raising TextDecodeError on anything not valid per Annex A."""
    if not data:
        return ""
    charset, body = _split_selector(data, strict=True)
    try:
        return _decode_body(body, charset, strict=True)
    except (UnicodeDecodeError, ValueError) as exc:
        raise TextDecodeError(f"invalid {charset.value} text: {exc}") from exc


# --------------------------------------------------------------------------------- encoding


def _body(text: str, charset: Charset) -> bytes | None:
    """The text's bytes in a table that `holds` it, "\\n" written as the table's CR/LF."""
    if charset in WIDE:
        return text.replace("\n", _CRLF_WIDE).encode(CODECS[charset])
    if charset in CJK_CODECS:
        return text.encode(CJK_CODECS[charset])
    body = encode_iso6937(text) if charset is Charset.DEFAULT else text.encode(CODECS[charset])
    return None if body is None else body.replace(b"\n", bytes((_CRLF_BYTE,)))


def _exact(data: bytes, text: str) -> bool:
    try:
        return decode_dvb_text_strict(data) == text
    except TextDecodeError:
        return False


def _checked(text: str, charset: Charset, body: bytes | None) -> bytes | None:
    """Selector + body, if that decodes back to exactly ``text``."""
    if body is None:
        return None
    if charset is Charset.DEFAULT and body and body[0] < 0x20:
        return None  # a leading control byte would be read as a selector
    data = charset.selector + body
    return data if _exact(data, text) else None


def _try_encode(text: str, charset: Charset) -> bytes | None:
    if not holds(charset, frozenset(text) - ASCII):
        return None
    return _checked(text, charset, _body(text, charset))


def encode_dvb_text_as(text: str, charset: Charset) -> bytes:
    """Encode text in one given table (selector included), or raise TextEncodeError.

    The result always decodes back to exactly ``text``. The empty string is b"".
    """
    if not text:
        return b""
    data = _try_encode(text, charset)
    if data is None:
        raise TextEncodeError(f"{charset.value} cannot hold {text[:40]!r} exactly")
    return data


def _as_tuple(charsets: Charset | Iterable[Charset] | None) -> tuple[Charset, ...]:
    if charsets is None:
        return ()
    if isinstance(charsets, Charset):
        return (charsets,)
    return tuple(charsets)


def encode_dvb_text(
    text: str,
    *,
    prefer: Charset | Iterable[Charset] | None = None,
    allowed: Iterable[Charset] | None = None,
) -> bytes:
    """Encode text as the smallest DVB string that decodes back to exactly ``text``.

    ``prefer`` names tables to use, in order, whenever they hold the text, even if another
    table would be smaller (e.g. to keep one table across a descriptor's fields). ``allowed``
    restricts the search (default :data:`ENCODING_ORDER`), e.g. to single-byte tables for old
    receivers. Ties go to the earlier table in the search order. Raises TextEncodeError when
    no table holds the text: lone surrogates, U+E080-U+E09F, or a too narrow ``allowed``.
    """
    if not text:
        return b""
    preferred = _as_tuple(prefer)
    if not preferred and allowed is None and text.isascii() and text.isprintable():
        return text.encode("ascii")  # table 00, 1 B per character: nothing is smaller
    for charset in preferred:
        data = _try_encode(text, charset)
        if data is not None:
            return data
    order = ENCODING_ORDER if allowed is None else tuple(allowed)
    best = _smallest(text, order)
    if best is None:
        raise TextEncodeError(f"no allowed DVB character table holds {text[:40]!r}")
    return best


def _smallest(text: str, order: tuple[Charset, ...]) -> bytes | None:
    """The shortest exact encoding among ``order``'s tables; ties go to the earlier table.

    The bodies come from the C codecs; only the shortest candidate is decoded back, and the
    next one only if that was not exact.
    """
    sized: list[tuple[int, int, Charset, bytes]] = []
    for index, charset in enumerate(holding(frozenset(text) - ASCII, order)):
        body = _body(text, charset)
        if body is not None:
            sized.append((len(charset.selector) + len(body), index, charset, body))
    sized.sort(key=lambda candidate: candidate[:2])
    for _, _, charset, body in sized:
        data = _checked(text, charset, body)
        if data is not None:
            return data
    return None


# ---------------------------------------------------------------------------------- fitting


class _Encoder:
    """encode_dvb_text with fixed options (a small callable, so helpers stay typed)."""

    __slots__ = ("allowed", "prefer")

    def __init__(self, prefer: tuple[Charset, ...], allowed: tuple[Charset, ...] | None) -> None:
        self.prefer, self.allowed = prefer, allowed

    def __call__(self, text: str) -> bytes:
        return encode_dvb_text(text, prefer=self.prefer, allowed=self.allowed)


def fit_dvb_text(
    text: str,
    max_bytes: int,
    *,
    ellipsis: str = "…",
    fallback_ellipsis: str | None = "...",
    prefer: Charset | Iterable[Charset] | None = None,
    allowed: Iterable[Charset] | None = None,
) -> bytes:
    """Encode text into at most ``max_bytes``, shortening it with an ellipsis if needed.

    Byte-limited fields (short_event name + text <= 250 B, EN 300 468 §6.2.37) need this.
    The result decodes to ``text`` itself, or to a prefix of it (cut on a character boundary,
    on a word boundary when that keeps at least two thirds, trailing spaces removed) followed
    by ``ellipsis`` — or by ``fallback_ellipsis`` when that keeps more text: "…" is in no
    single-byte table, so a Russian title ending in "…" would need UTF-8 at twice the size,
    while "..." stays in ISO 8859-5. A prefix never splits a multi-byte character or a letter
    from its diacritic. If not even an ellipsis fits, the result is the longest plain prefix
    that does (possibly b"").
    """
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be >= 0, not {max_bytes}")
    encode = _Encoder(_as_tuple(prefer), None if allowed is None else tuple(allowed))
    data = encode(text)
    if len(data) <= max_bytes:
        return data
    cuts = cut_points(text, max_bytes)
    best: tuple[int, bytes] | None = None
    for mark in (ellipsis, fallback_ellipsis):
        if mark is None:
            continue
        fit = longest_fit(text, cuts, mark, max_bytes, encode)
        if fit is not None:
            fit = prefer_word_boundary(text, fit, mark, max_bytes, encode)
            if best is None or fit[0] > best[0]:
                best = fit
    if best is None:
        best = longest_fit(text, cuts, "", max_bytes, encode) or (0, b"")
    return best[1]
