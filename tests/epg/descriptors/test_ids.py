"""epg.ids: code tables and value->name maps (EN 300 468 table 29 for content)."""

from __future__ import annotations

from epg.ids import (
    CONTENT_NAMES,
    SERVICE_TYPE_NAMES,
    DescriptorTag,
    ExtensionTag,
    RunningStatus,
    content_name,
    names_of,
)


def test_education_level_2_meanings() -> None:
    """dvb-si.md A.7: the education/science/factual table."""
    expected = {
        0x90: "education/science/factual topics (general)",
        0x91: "nature/animals/environment",
        0x92: "technology/natural sciences",
        0x93: "medicine/physiology/psychology",
        0x94: "foreign countries/expeditions",
        0x95: "social/spiritual sciences",
        0x96: "further education",
        0x97: "languages",
    }
    assert {code: CONTENT_NAMES[code] for code in expected} == expected
    assert 0x98 not in CONTENT_NAMES


def test_content_name_covers_undefined_user_defined_and_reserved() -> None:
    assert content_name(0x0, 0x5) == "undefined content"
    assert content_name(0xF, 0x0) == "user defined"
    assert content_name(0x9, 0xF) == "user defined"
    assert content_name(0x1, 0x9) is None
    assert content_name(0xC, 0x0) is None
    assert content_name(0x2, 0x3) == "documentary"


def test_name_maps_use_lower_case_member_names() -> None:
    assert names_of(RunningStatus)[4] == "running"
    assert SERVICE_TYPE_NAMES[0x19] == "advanced_codec_hd_digital_television"
    assert DescriptorTag(0x4D).name == "SHORT_EVENT"
    assert ExtensionTag(0x04).name == "T2_DELIVERY_SYSTEM"
