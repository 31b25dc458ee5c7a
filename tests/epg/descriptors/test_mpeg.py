"""Stream-level descriptors of the PMT."""

from __future__ import annotations

import dataclasses

from epg.descriptors import (
    AACDescriptor,
    AC3Descriptor,
    ApplicationSignallingDescriptor,
    CADescriptor,
    DataBroadcastIdDescriptor,
    EnhancedAC3Descriptor,
    ISO639Language,
    ISO639LanguageDescriptor,
    SignalledApplication,
    StreamIdentifierDescriptor,
    Subtitling,
    SubtitlingDescriptor,
    TeletextDescriptor,
    TeletextPage,
    decode_descriptor,
)
from tests.epg.descriptors.assertions import assert_codec


def test_iso_639_language_as_ffmpeg_writes_it() -> None:
    """ffmpeg -metadata:s:a:0 language=kaz writes 0A 04 'kaz' 00 in the PMT."""
    obj = ISO639LanguageDescriptor(
        languages=(ISO639Language(iso_639_language_code="kaz", audio_type=0),)
    )
    assert_codec(ISO639LanguageDescriptor, b"\x0a\x04kaz\x00", obj)


def test_iso_639_language_several_and_odd_bytes() -> None:
    obj = ISO639LanguageDescriptor(
        languages=(
            ISO639Language(iso_639_language_code="rus", audio_type=3),
            ISO639Language(iso_639_language_code="\x00\xff\x80", audio_type=0xFF),
        )
    )
    assert_codec(ISO639LanguageDescriptor, b"\x0a\x08rus\x03\x00\xff\x80\xff", obj)


def test_stream_identifier() -> None:
    assert_codec(
        StreamIdentifierDescriptor, b"\x52\x01\x07", StreamIdentifierDescriptor(component_tag=7)
    )


def test_ac3_flags_and_optional_bytes() -> None:
    assert_codec(AC3Descriptor, bytes.fromhex("6A010F"), AC3Descriptor())
    obj = AC3Descriptor(component_type=0x42, asvc=0x01, additional_info=b"\xaa")
    assert_codec(AC3Descriptor, bytes.fromhex("6A049F4201AA"), obj)


def test_enhanced_ac3() -> None:
    obj = EnhancedAC3Descriptor(bsid=16, mixinfoexists=True, substream3=0x55)
    assert_codec(EnhancedAC3Descriptor, bytes.fromhex("7A03491055"), obj)


def test_aac_short_and_long_forms() -> None:
    assert_codec(AACDescriptor, bytes.fromhex("7C0158"), AACDescriptor(profile_and_level=0x58))
    obj = AACDescriptor(profile_and_level=0x51, aac_type=0x05, saoc_de=True)
    assert_codec(AACDescriptor, bytes.fromhex("7C0351FF05"), obj)


def test_aac_empty_flags_byte_re_encodes_as_sent() -> None:
    decoded = decode_descriptor(0x7C, bytes.fromhex("583F"))
    assert decoded == AACDescriptor(profile_and_level=0x58)
    assert decoded.encode() == bytes.fromhex("7C02583F")


def test_ca_descriptor() -> None:
    obj = CADescriptor(ca_system_id=0x1802, ca_pid=0x1FFF, private_data=b"\x01")
    assert_codec(CADescriptor, bytes.fromhex("09051802FFFF01"), obj)


def test_teletext_pages() -> None:
    obj = TeletextDescriptor(
        pages=(
            TeletextPage(
                iso_639_language_code="kaz",
                teletext_type=0x02,
                teletext_magazine_number=8,
                teletext_page_number=0x88,
            ),
            TeletextPage(
                iso_639_language_code="rus",
                teletext_type=0x01,
                teletext_magazine_number=1,
                teletext_page_number=0x00,
            ),
        )
    )
    # magazine 8 is sent as 0 (EN 300 468 §6.2.43): the 3-bit field holds 0 for 8
    data = b"\x56\x0a" + b"kaz" + bytes.fromhex("1088") + b"rus" + bytes.fromhex("0900")
    obj = dataclasses.replace(
        obj, pages=(dataclasses.replace(obj.pages[0], teletext_magazine_number=0), obj.pages[1])
    )
    assert_codec(TeletextDescriptor, data, obj)


def test_subtitling() -> None:
    obj = SubtitlingDescriptor(
        subtitles=(
            Subtitling(
                iso_639_language_code="kaz",
                subtitling_type=0x10,
                composition_page_id=1,
                ancillary_page_id=0xFFFF,
            ),
        )
    )
    assert_codec(SubtitlingDescriptor, b"\x59\x08kaz\x10\x00\x01\xff\xff", obj)


def test_data_broadcast_id() -> None:
    obj = DataBroadcastIdDescriptor(data_broadcast_id=0x0123, id_selector=b"\x00\x10")
    assert_codec(DataBroadcastIdDescriptor, bytes.fromhex("660401230010"), obj)


def test_application_signalling() -> None:
    obj = ApplicationSignallingDescriptor(
        applications=(SignalledApplication(application_type=0x0010, ait_version_number=3),)
    )
    assert_codec(ApplicationSignallingDescriptor, bytes.fromhex("6F038010E3"), obj)
    assert_codec(ApplicationSignallingDescriptor, b"\x6f\x00", ApplicationSignallingDescriptor())
