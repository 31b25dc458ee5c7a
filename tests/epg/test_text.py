"""Tests for epg.text: EN 300 468 Annex A strings, both ways."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from epg._iso6937 import _REPERTOIRE
from epg.errors import TextDecodeError, TextEncodeError
from mpegts.errors import DecodeError, EncodeError

from epg.text import (  # isort: skip
    ENCODING_ORDER,
    Charset,
    decode_dvb_text,
    decode_dvb_text_strict,
    encode_dvb_text,
    encode_dvb_text_as,
    fit_dvb_text,
    identify_charset,
)
from tests.shared_refs import SAMPLES

# Characters a DVB string can carry: no surrogates, and not U+E080-U+E09F, which Annex A.2
# reserves for control codes in the 2-byte tables and UTF-8.
TEXT_CHARS = st.characters(codec="utf-8").filter(lambda c: not 0xE080 <= ord(c) <= 0xE09F)
KAZAKH = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯаәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
KAZAKH_LATIN = "AÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZaäbdefgğhıijklmnñoöpqrsştuūüvyz"
ASCII_PUNCT = " .,:;!?-()0123456789\"'"
PUNCT = ASCII_PUNCT + "«»"  # not in ISO 8859-5: Russian text with « » needs UTF-8


# ----------------------------------------------------------------------- golden vectors


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("Физика", "01 c4 d8 d7 d8 da d0"),
        ("Дәріс", "15 d0 94 d3 99 d1 80 d1 96 d1 81"),
        ("Lecture", "4c 65 63 74 75 72 65"),
        # dvb-si.md appendix: the EIT p/f golden section's short_event strings
        ("Физика: лекция 2", "01 c4 d8 d7 d8 da d0 3a 20 db d5 da e6 d8 ef 20 32"),
        ("Законы Ньютона.", "01 b7 d0 da de dd eb 20 bd ec ee e2 de dd d0 2e"),
        ("Physics: lecture 2", "50 68 79 73 69 63 73 3a 20 6c 65 63 74 75 72 65 20 32"),
        ("Newton's laws.", "4e 65 77 74 6f 6e 27 73 20 6c 61 77 73 2e"),
    ],
)
def test_golden_vectors(text: str, wire: str) -> None:
    data = bytes.fromhex(wire)
    assert encode_dvb_text(text) == data
    assert decode_dvb_text(data) == text
    assert decode_dvb_text_strict(data) == text


def test_golden_eit_section_strings_sit_where_the_lengths_say() -> None:
    section = bytes.fromhex(
        "4ef06e0065c10101001021370 14e 0002eead100000004500 2053"
        "4d26727573 11 01c4d8d7d8dad03a20dbd5dae6d8ef2032 10 01b7d0dadeddeb20bdeceee2deddd02e"
        "4d25656e67 12 506879736963733a206c6563747572652032 0e 4e6577746f6e2773206c6177732e"
        "54029100 0051f0cb".replace(" ", "")
    )
    name = section[32 : 32 + section[31]]
    assert decode_dvb_text_strict(name) == "Физика: лекция 2"
    assert identify_charset(name) is Charset.ISO_8859_5


# --------------------------------------------------------------------- table choice


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        ("Lecture 1: Newton's laws", Charset.DEFAULT),
        ("Физика: лекция 2", Charset.ISO_8859_5),
        ("Математика: 1-дәріс", Charset.UTF8),
        ("Қазақ тілі", Charset.UTF8),
        ("Іс", Charset.ISO_8859_5),  # І і are in 8859-5 (0xA6/0xF6)
        ("Qazaq tili: ä ğ ı ñ ö ş ū ü", Charset.DEFAULT),  # all in ISO 6937 via diacritics
        ("ğış", Charset.ISO_8859_9),  # 3 B in 8859-9 + selector beats 5 B in ISO 6937
        ("Scènes de ménages", Charset.ISO_8859_9),  # 18 B; ISO 6937 needs 19 (2 B per è)
        ("Élan", Charset.DEFAULT),  # 5 B, a tie with 0x05/0x0B: no selector wins
        ("Χρώμα Ελλάδας", Charset.ISO_8859_7),
        ("Jan Paweł II wciąż żywy", Charset.ISO_8859_13),
        ("Petőfi Hírek", Charset.DEFAULT),
        ("Ŵŷ Ẃales", Charset.ISO_8859_14),
        ("Prix: 5 €", Charset.DEFAULT),  # figure A.1 has € at 0xA4
        ("華視晚間新聞", Charset.UCS2),  # 2 B/char beats UTF-8's 3 B/char
        ("Қ😀", Charset.UTF8),  # outside the BMP: UCS-2 cannot
    ],
)
def test_smallest_table_choice(text: str, charset: Charset) -> None:
    data = encode_dvb_text(text)
    assert identify_charset(data) is charset
    assert decode_dvb_text_strict(data) == text


def test_kazakh_letters_are_in_no_single_byte_table() -> None:
    for letter in "ӘәҒғҚқҢңӨөҰұҮүҺһ":
        for charset in ENCODING_ORDER:
            if charset not in (Charset.UTF8, Charset.UCS2):
                with pytest.raises(TextEncodeError):
                    encode_dvb_text_as(letter, charset)


def test_diacritic_prefix_composes_to_nfc() -> None:
    assert decode_dvb_text(b"\xc2e") == "é"
    assert decode_dvb_text(b"Kr\xc2imi") == "Krími"
    assert decode_dvb_text(b"\xcfS\xc2u") == "Šú"
    assert decode_dvb_text(b"\xc8 ") == "¨"  # mark + SPACE is the spacing form
    assert encode_dvb_text("é") == b"\xc2e"
    assert encode_dvb_text("´") == b"\xc2 "


def test_decomposed_input_is_kept_exactly() -> None:
    nfd = unicodedata.normalize("NFD", "é")
    data = encode_dvb_text(nfd)
    assert decode_dvb_text_strict(data) == nfd  # not silently composed to NFC
    with pytest.raises(TextEncodeError):
        encode_dvb_text_as(nfd, Charset.DEFAULT)


def test_default_table_cannot_start_with_a_control() -> None:
    data = encode_dvb_text("\tTab")
    assert data[0] < 0x20
    assert decode_dvb_text_strict(data) == "\tTab"


def test_prefer_and_allowed() -> None:
    assert encode_dvb_text("Физика", prefer=Charset.UTF8)[0] == 0x15
    assert encode_dvb_text("Қазақ", prefer=Charset.ISO_8859_5)[0] == 0x15  # cannot: search
    assert encode_dvb_text("abc", allowed=[Charset.UCS2]) == b"\x11\x00a\x00b\x00c"
    with pytest.raises(TextEncodeError):
        encode_dvb_text("Қазақ", allowed=[Charset.ISO_8859_5, Charset.DEFAULT])


@pytest.mark.parametrize("text", ["\ue086", "a\ud800b"])
def test_unrepresentable_text_raises(text: str) -> None:
    with pytest.raises(TextEncodeError) as info:
        encode_dvb_text(text)
    assert isinstance(info.value, EncodeError)


# ------------------------------------------------------------------- control codes, selectors


def test_control_codes_single_byte() -> None:
    assert decode_dvb_text(b"\x86Bold\x87 text\x8aline 2") == "Bold text\nline 2"
    assert decode_dvb_text(b"\x01\x86\xb0\x87\x8a\xb1") == "А\nБ"
    assert encode_dvb_text("a\nb") == b"a\x8ab"
    assert encode_dvb_text("Ф\nФ") == b"\x01\xc4\x8a\xc4"


def test_control_codes_wide() -> None:
    utf8 = b"\x15" + "\ue086Қ\ue087\ue08aә".encode()
    assert decode_dvb_text(utf8) == "Қ\nә"
    assert decode_dvb_text(b"\x11\xe0\x86\x04\x9a\xe0\x8a\x04\xd9") == "Қ\nә"
    assert encode_dvb_text("Қ\nә") == b"\x11\x04\x9a\xe0\x8a\x04\xd9"  # 7 B; UTF-8 needs 8
    assert encode_dvb_text("Қ\nә", prefer=Charset.UTF8) == b"\x15" + "Қ\ue08aә".encode()


@pytest.mark.parametrize(
    ("data", "text", "charset"),
    [
        (b"\x10\x00\x02\xc9l\xf5 n\xe9pzene", "Élő népzene", Charset.ISO_8859_2),
        (b"\x10\x00\x05\xc4", "Ф", Charset.ISO_8859_5),
        (b"\x0a\xa8", "Ẁ", Charset.ISO_8859_14),
        (b"\x0b\xa4", "€", Charset.ISO_8859_15),
        (b"\x14\x83\xef\x89\x96", "華視", Charset.BIG5_UCS2),
        (b"\x12" + "한국".encode("euc_kr"), "한국", Charset.KSX1001),
        (b"\x13" + "中文".encode("gb2312"), "中文", Charset.GB2312),
        (b"", "", Charset.DEFAULT),
    ],
)
def test_selectors(data: bytes, text: str, charset: Charset) -> None:
    assert decode_dvb_text_strict(data) == text
    assert identify_charset(data) is charset


@pytest.mark.parametrize(
    "data",
    [
        b"\x08abc",  # reserved selector
        b"\x1f\x01\x02",  # encoding_type_id: compressed, not decodable
        b"\x10\x00\x0cabc",  # 8859-12 does not exist
        b"\x10\x01\x05abc",
        b"\x10\x00",
        b"\x15\xff\xfe",  # broken UTF-8
        b"\x11\x00",  # odd UCS-2
        b"abc\xc2",  # diacritic at the end
        b"\xc2\xc2a",  # diacritic on a diacritic
        b"\xa6",  # unassigned in figure A.1
    ],
)
def test_strict_rejects_and_lenient_survives(data: bytes) -> None:
    with pytest.raises(TextDecodeError) as info:
        decode_dvb_text_strict(data)
    assert isinstance(info.value, DecodeError)
    assert isinstance(decode_dvb_text(data), str)


def test_lenient_decode_replaces_bad_bytes() -> None:
    assert decode_dvb_text(b"ab\xa6c") == "ab\ufffdc"
    assert decode_dvb_text(b"\x08abc") == "abc"
    assert decode_dvb_text(b"\x1f\x01\x02") == "\ufffd"


# -------------------------------------------------------------------------- properties


@given(st.text(TEXT_CHARS))
@example("")
@example("\n")
@example("e\u0301")
@example("\x00")
@example("\x86")
def test_round_trip_any_text(text: str) -> None:
    assert decode_dvb_text_strict(encode_dvb_text(text)) == text


@given(st.text(st.sampled_from(KAZAKH + PUNCT + "\n")))
def test_round_trip_kazakh(text: str) -> None:
    data = encode_dvb_text(text)
    assert decode_dvb_text_strict(data) == text
    if set(text) & set("ӘәҒғҚқҢңӨөҰұҮүҺһ"):
        assert identify_charset(data) in (Charset.UTF8, Charset.UCS2)


@given(st.text(st.sampled_from(RUSSIAN + ASCII_PUNCT), min_size=1))
def test_round_trip_russian_fits_one_byte_per_letter(text: str) -> None:
    data = encode_dvb_text(text)
    assert decode_dvb_text_strict(data) == text
    assert len(data) <= len(text) + 1


@given(st.text(st.sampled_from(KAZAKH_LATIN + PUNCT)))
def test_round_trip_kazakh_latin(text: str) -> None:
    data = encode_dvb_text(text)
    assert decode_dvb_text_strict(data) == text
    assert identify_charset(data) not in (Charset.UTF8, Charset.UCS2) or not text


@given(st.text(st.sampled_from("abcXYZ 09.,\n" + RUSSIAN + KAZAKH + "éüßÆ€ğıαβ華😀")))
def test_chosen_encoding_is_the_smallest(text: str) -> None:
    chosen = encode_dvb_text(text)
    assert len(chosen) <= 1 + len(text.replace("\n", "\ue08a").encode("utf-8")) or not text
    for charset in ENCODING_ORDER:
        try:
            alternative = encode_dvb_text_as(text, charset)
        except TextEncodeError:
            continue
        assert len(chosen) <= len(alternative), charset


@given(st.text(TEXT_CHARS | st.sampled_from(KAZAKH + " ")), st.integers(0, 300))
@example("Прокурорская проверка. Смерть в наследство", 25)
@example("Математика: 1-дәріс", 12)
@example("e\u0301e\u0301e\u0301e\u0301", 5)
@example("\u0301", 0)
def test_fit_dvb_text(text: str, max_bytes: int) -> None:
    data = fit_dvb_text(text, max_bytes)
    assert len(data) <= max_bytes
    decoded = decode_dvb_text_strict(data)
    if decoded == text:
        return
    for mark in ("…", "...", ""):
        prefix = decoded.removesuffix(mark) if mark else decoded
        if decoded.endswith(mark) and text.startswith(prefix):
            # never between a letter and its combining mark
            assert not prefix or not unicodedata.combining(text[len(prefix)])
            return
    pytest.fail(f"{decoded!r} is not a prefix of {text!r} plus an ellipsis")


def test_fit_prefers_word_boundaries_and_one_byte_tables() -> None:
    data = fit_dvb_text("Прокурорская проверка. Смерть в наследство", 25)
    assert data[0] == 0x01  # "..." keeps 8859-5; "…" would force UTF-8
    assert decode_dvb_text(data) == "Прокурорская проверка..."
    assert decode_dvb_text(fit_dvb_text("Lecture one about waves", 16)) == "Lecture one…"
    assert fit_dvb_text("short", 250) == b"short"
    assert fit_dvb_text("long text", 0) == b""


def test_fit_rejects_negative_budget() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        fit_dvb_text("x", -1)


@given(st.binary(max_size=300))
@example(b"\x10")
@example(b"\x10\x00")
@example(b"\x11\xd8\x00")
@example(b"\xc2")
def test_fuzz_decode_never_raises(data: bytes) -> None:
    assert isinstance(decode_dvb_text(data), str)
    with contextlib.suppress(TextDecodeError):
        assert isinstance(decode_dvb_text_strict(data), str)
    with contextlib.suppress(TextDecodeError):
        identify_charset(data)


# -------------------------------------------------------------- real captures (ts-samples)


def _event_names(data: bytes) -> dict[str, Charset]:
    """short_event names found by a plain byte scan (tag 0x4D, 3-letter language)."""
    names: dict[str, Charset] = {}
    for i in range(len(data) - 6):
        if data[i] != 0x4D or not data[i + 2 : i + 5].isalpha():
            continue
        length = data[i + 5]
        if length + 4 > data[i + 1] or i + 6 + length > len(data):
            continue
        raw = data[i + 6 : i + 6 + length]
        try:
            names[decode_dvb_text_strict(raw)] = identify_charset(raw)
        except TextDecodeError:
            continue
    return names


def _service_names(data: bytes) -> dict[str, Charset]:
    """Provider and service names of service descriptors (tag 0x48) found by a byte scan."""
    names: dict[str, Charset] = {}
    for i in range(len(data) - 4):
        provider_len = data[i + 3]
        at = i + 4 + provider_len
        if data[i] != 0x48 or at >= len(data) or 3 + provider_len + data[at] != data[i + 1]:
            continue
        for raw in (data[i + 4 : at], data[at + 1 : at + 1 + data[at]]):
            names[decode_dvb_text(raw)] = identify_charset(raw)
    return names


CAPTURES = [
    ("deimspb-TSParser__TestResources_Tables/EIT/EIT_L.tbl", _event_names,
     "Прокурорская проверка. Смерть в наследство | 16+", Charset.ISO_8859_5),
    ("deimspb-TSParser__TestResources_Tables/EIT/EIT_M2.tbl", _event_names,
     "Смерть шпионам! 7-я серия | 18+", Charset.ISO_8859_5),
    ("deimspb-TSParser__TestResources_Tables/EIT/EIT_M1.tbl", _event_names,
     "O'zbekiston Respublikasi davlat madhiyasi", Charset.DEFAULT),
    ("deimspb-TSParser__TestResources_Tables/SDT/SDT_M2.tbl", _service_names,
     "Телеканал Известия", Charset.ISO_8859_5),
    ("deimspb-TSParser__TestResources_Tables/SDT/SDT_M1.tbl", _service_names,
     "В гостях у сказки", Charset.ISO_8859_5),
    # README says provider "НТВ+"; the bytes are 0x01 + the Latin look-alikes "HTB+"
    ("deimspb-TSParser__TestResources_Tables/SDT/SDT_M1.tbl", _service_names,
     "HTB+", Charset.ISO_8859_5),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/EIT.bin", _event_names,
     "Krimi zprávy", Charset.DEFAULT),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Slovakia/EIT.SK.1.bin", _event_names,
     "Fíha tralala (10)", Charset.DEFAULT),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Slovakia/EIT.SK.1.bin", _event_names,
     "Bambuľko a Bulienka III (6)", Charset.DEFAULT),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Slovakia/EIT.SK.2.bin", _event_names,
     "Hanička a Murko pre najmenších (5)", Charset.DEFAULT),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Slovakia/EIT.SK.3.bin", _event_names,
     "Veterinář z Yorkshiru (8)", Charset.DEFAULT),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Hungary/EIT.Hungary.bin", _event_names,
     "Petőfi Hírek", Charset.ISO_8859_2),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Hungary/EIT.Hungary.bin", _event_names,
     "Időjárás-jelentés", Charset.ISO_8859_2),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Poland/EIT.PL.bin", _event_names,
     "Zakup kontrolowany: odc.355", Charset.UTF8),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Poland/EIT.PL.bin", _event_names,
     "Debeściaki: odc.2", Charset.UTF8),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Poland/EIT.PL2.bin", _event_names,
     "Jan Paweł II wciąż żywy", Charset.ISO_8859_13),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Crete/EIT.Crete.bin", _event_names,
     "Κάνε ότι Κοιμάσαι (E)", Charset.ISO_8859_7),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Crete/EIT.Crete2.bin", _event_names,
     "Γεύσεις από Ελλάδα (E)", Charset.ISO_8859_7),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/France/EIT.FR.2.bin", _event_names,
     "Pourvu que ça dure", Charset.ISO_8859_9),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/France/EIT.FR.3.bin", _event_names,
     "ARTE Regards - Les bolides, quand les excès de vitesse détruisent des vies",
     Charset.ISO_8859_9),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Germany/EIT.GR.bin", _event_names,
     "Die Diebin & der General", Charset.ISO_8859_15),
    ("petrj-MPEGTS__MPEGTSTests_TestData/EIT/Austria/EIT.AU.bin", _event_names,
     "ABC Bär", Charset.ISO_8859_15),
    ("petrj-MPEGTS__TestData.China_stream-2021-10-05-06-36-43.ts", _event_names,
     "華視晚間新聞(普)", Charset.BIG5_UCS2),
    ("petrj-MPEGTS__MPEGTSTests_TestData/SDT.bin", _service_names,
     "CT 1 HD T2", Charset.DEFAULT),
]  # fmt: skip


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared ts-samples not present")
@pytest.mark.parametrize(("path", "scan", "text", "charset"), CAPTURES)
def test_real_capture_strings(path: str, scan: object, text: str, charset: Charset) -> None:
    assert callable(scan)
    found = scan((SAMPLES / path).read_bytes())
    assert found.get(text) is charset, sorted(found)[:20]


# ------------------------------------------------------------ independent: glibc iconv


@pytest.mark.independent
@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
def test_default_table_agrees_with_glibc_iso6937() -> None:
    """Every ISO 6937 code and diacritic pair decodes as glibc's converter decodes it.

    0xA4 (€) is DVB's addition to ISO 6937 and unknown to glibc, so it is left out.
    """
    singles = [bytes((b,)) for b in [*range(0x20, 0x7F), *range(0xA0, 0xC1), *range(0xD0, 0x100)]]
    chunks = [b for b in singles if b != b"\xa4" and decode_dvb_text(b) != "\ufffd"]
    chunks += [bytes((m, ord(c))) for m, letters in _REPERTOIRE.items() for c in letters]
    joined = b"\n".join(chunks)
    out = subprocess.run(
        ["iconv", "-f", "ISO_6937", "-t", "UTF-8"], input=joined, capture_output=True, check=True
    ).stdout.decode()
    assert out.split("\n") == [decode_dvb_text(chunk) for chunk in chunks]
    for chunk, text in zip(chunks, out.split("\n"), strict=True):
        assert encode_dvb_text_as(text, Charset.DEFAULT) == chunk
