"""Event descriptors: golden vectors from dvb-si.md (the EIT p/f section) and hand-built ones."""

from __future__ import annotations

import pytest

from epg.descriptors import (
    ComponentDescriptor,
    ContentDescriptor,
    ContentIdentifier,
    ContentIdentifierDescriptor,
    ContentItem,
    ExtendedEventDescriptor,
    ExtendedEventItem,
    ParentalRating,
    ParentalRatingDescriptor,
    PDCDescriptor,
    ShortEventDescriptor,
    decode_descriptor_loop,
    encode_descriptor_loop,
    to_dict,
)
from epg.errors import DescriptorEncodeError
from tests.epg.descriptors.assertions import assert_codec

# The descriptor loop of event 2 in the golden EIT p/f section (dvb-si.md appendix).
GOLDEN_EVENT_LOOP = bytes.fromhex(
    "4d26727573110 1c4d8d7d8dad03a20dbd5dae6d8ef2032"
    "1001b7d0dadeddeb20bdeceee2deddd02e"
    "4d25656e67125068797369637 33a206c65637475726520320e4e6577746f6e2773206c6177732e"
    "54029100".replace(" ", "")
)


def _string(text: str, selector: bytes, codec: str) -> bytes:
    data = selector + text.encode(codec) if text else b""
    return bytes((len(data),)) + data


def test_golden_eit_loop_decodes_to_the_documented_values() -> None:
    rus, eng, content = decode_descriptor_loop(GOLDEN_EVENT_LOOP, table_id=0x4E)
    assert rus == ShortEventDescriptor(
        iso_639_language_code="rus", event_name="Физика: лекция 2", text="Законы Ньютона."
    )
    assert eng == ShortEventDescriptor(
        iso_639_language_code="eng", event_name="Physics: lecture 2", text="Newton's laws."
    )
    assert content == ContentDescriptor(
        items=(ContentItem(content_nibble_level_1=9, content_nibble_level_2=1, user_byte=0),)
    )
    assert encode_descriptor_loop((rus, eng, content)) == GOLDEN_EVENT_LOOP


def test_short_event_russian_uses_iso_8859_5() -> None:
    obj = ShortEventDescriptor(
        iso_639_language_code="rus", event_name="Физика: лекция 2", text="Законы Ньютона."
    )
    assert_codec(ShortEventDescriptor, GOLDEN_EVENT_LOOP[:40], obj)


def test_short_event_kazakh_uses_utf8() -> None:
    name, text = "Математика: 1-дәріс", "Өрнектер және теңдеулер. Қазақ тілінде."
    payload = b"kaz" + _string(name, b"\x15", "utf-8") + _string(text, b"\x15", "utf-8")
    obj = ShortEventDescriptor(iso_639_language_code="kaz", event_name=name, text=text)
    assert_codec(ShortEventDescriptor, bytes((0x4D, len(payload))) + payload, obj)
    assert len(payload) == 113  # gst-si-dump shows len=113 for this descriptor


def test_extended_event_with_items_and_text() -> None:
    items = (
        ExtendedEventItem(item_description="Дәріскер", item="А. Қасымова"),
        ExtendedEventItem(item_description="URL", item="https://edu.example.kz/test/42"),
    )
    text = "Дәрістен кейінгі тест сілтемесі төменде."
    loop = (
        _string("Дәріскер", b"\x15", "utf-8")
        + _string("А. Қасымова", b"\x15", "utf-8")
        + _string("URL", b"", "ascii")
        + _string("https://edu.example.kz/test/42", b"", "ascii")
    )
    payload = b"\x00kaz" + bytes((len(loop),)) + loop + _string(text, b"\x15", "utf-8")
    obj = ExtendedEventDescriptor(iso_639_language_code="kaz", items=items, text=text)
    assert_codec(ExtendedEventDescriptor, bytes((0x4E, len(payload))) + payload, obj)


def test_extended_event_numbers_share_one_byte() -> None:
    obj = ExtendedEventDescriptor(
        descriptor_number=2, last_descriptor_number=15, iso_639_language_code="eng", text="x"
    )
    assert_codec(ExtendedEventDescriptor, bytes.fromhex("4E072F656E67000178"), obj)


def test_content_with_several_genres_and_names() -> None:
    obj = ContentDescriptor(
        items=(
            ContentItem(content_nibble_level_1=0x9, content_nibble_level_2=0x6, user_byte=0xFF),
            ContentItem(content_nibble_level_1=0x9, content_nibble_level_2=0x7),
            ContentItem(content_nibble_level_1=0xC, content_nibble_level_2=0x0),
        )
    )
    assert_codec(ContentDescriptor, bytes.fromhex("540696FF9700C000"), obj)
    exported = to_dict(obj)["items"]
    assert exported[0]["meaning"] == "further education"
    assert exported[1]["meaning"] == "languages"
    assert exported[0]["content_nibble_level_1_name"] == "education/science/factual topics"
    assert "meaning" not in exported[2]  # 0xC is reserved


def test_parental_rating() -> None:
    obj = ParentalRatingDescriptor(
        ratings=(
            ParentalRating(country_code="KAZ", rating=0),
            ParentalRating(country_code="RUS", rating=0x09),
        )
    )
    assert_codec(ParentalRatingDescriptor, bytes.fromhex("55084B415A0052555309"), obj)
    assert [r.minimum_age for r in obj.ratings] == [None, 12]


def test_component_with_and_without_text() -> None:
    video = ComponentDescriptor(
        stream_content_ext=0xF,
        stream_content=0x5,
        component_type=0x0B,
        component_tag=1,
        iso_639_language_code="kaz",
    )
    assert_codec(ComponentDescriptor, bytes.fromhex("5006F50B016B617A"), video)
    audio = ComponentDescriptor(
        stream_content_ext=0xF,
        stream_content=0x2,
        component_type=0x03,
        component_tag=2,
        iso_639_language_code="rus",
        text="Стерео",
    )
    data = (
        bytes.fromhex("500D") + bytes.fromhex("F20302") + b"rus\x01" + "Стерео".encode("iso8859_5")
    )
    assert_codec(ComponentDescriptor, data, audio)


def test_pdc_label() -> None:
    """PIL 2 March 10:00 (day 2, month 3, hour 10, minute 0)."""
    obj = PDCDescriptor(day=2, month=3, hour=10, minute=0)
    # reserved 1111, day 00010, month 0011, hour 01010, minute 000000
    assert_codec(PDCDescriptor, bytes.fromhex("6903F11A80"), obj)


def test_content_identifier_inline_and_by_reference() -> None:
    obj = ContentIdentifierDescriptor(
        identifiers=(
            ContentIdentifier(crid_type=0x31, crid="/lecture/42"),
            ContentIdentifier(crid_type=0x32, crid_ref=0x1234),
        )
    )
    data = (
        b"\x76\x10" + bytes((0x31 << 2, 11)) + b"/lecture/42" + bytes((0x32 << 2 | 1, 0x12, 0x34))
    )
    assert_codec(ContentIdentifierDescriptor, data, obj)


def test_content_identifier_needs_exactly_one_form() -> None:
    both = ContentIdentifier(crid_type=1, crid="/a", crid_ref=1)
    with pytest.raises(DescriptorEncodeError):
        ContentIdentifierDescriptor(identifiers=(both,)).encode()
    (raw,) = decode_descriptor_loop(bytes.fromhex("760102"))  # crid_location 2 is reserved
    assert "reserved" in (getattr(raw, "issue", "") or "")
