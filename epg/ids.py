"""Code tables of EN 300 468 (and the MPEG tags DVB reuses) that epg knows by number.

Models keep plain ``int``s, so a value the standard added after us (or a broadcaster's private
one) still decodes and re-encodes; the ``IntEnum``s and the value->name maps here give those
numbers names for the analyser and the exports, like TSDuck's ``.names`` files.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum

from epg._content import CONTENT_LEVEL_1_HEADINGS, CONTENT_LEVEL_2_NAMES

__all__ = [
    "BANDWIDTH_NAMES",
    "CABLE_MODULATION_NAMES",
    "CODE_RATE_NAMES",
    "CONSTELLATION_NAMES",
    "CONTENT_LEVEL_1_NAMES",
    "CONTENT_NAMES",
    "FEC_INNER_NAMES",
    "FEC_OUTER_NAMES",
    "FREQUENCY_CODING_TYPE_NAMES",
    "GUARD_INTERVAL_NAMES",
    "HIERARCHY_NAMES",
    "LINKAGE_TYPE_NAMES",
    "POLARIZATION_NAMES",
    "PRIVATE_DATA_SPECIFIER_NAMES",
    "ROLL_OFF_NAMES",
    "RUNNING_STATUS_NAMES",
    "SATELLITE_MODULATION_NAMES",
    "SERVICE_TYPE_NAMES",
    "SISO_MISO_NAMES",
    "T2_BANDWIDTH_NAMES",
    "T2_GUARD_INTERVAL_NAMES",
    "T2_TRANSMISSION_MODE_NAMES",
    "TELETEXT_TYPE_NAMES",
    "TRANSMISSION_MODE_NAMES",
    "URI_LINKAGE_TYPE_NAMES",
    "WEST_EAST_NAMES",
    "DescriptorTag",
    "ExtensionTag",
    "PrivateDataSpecifier",
    "RunningStatus",
    "ServiceType",
    "content_name",
    "names_of",
]


class DescriptorTag(IntEnum):
    """descriptor_tag values (ISO/IEC 13818-1 table 2-45, EN 300 468 §6.1 table 12)."""

    # MPEG (ISO/IEC 13818-1) tags that appear in DVB PMTs
    VIDEO_STREAM = 0x02
    AUDIO_STREAM = 0x03
    REGISTRATION = 0x05
    DATA_STREAM_ALIGNMENT = 0x06
    CA = 0x09
    ISO_639_LANGUAGE = 0x0A
    MAXIMUM_BITRATE = 0x0E
    AVC_VIDEO = 0x28
    HEVC_VIDEO = 0x38
    # DVB (EN 300 468 table 12)
    NETWORK_NAME = 0x40
    SERVICE_LIST = 0x41
    STUFFING = 0x42
    SATELLITE_DELIVERY_SYSTEM = 0x43
    CABLE_DELIVERY_SYSTEM = 0x44
    VBI_DATA = 0x45
    VBI_TELETEXT = 0x46
    BOUQUET_NAME = 0x47
    SERVICE = 0x48
    COUNTRY_AVAILABILITY = 0x49
    LINKAGE = 0x4A
    NVOD_REFERENCE = 0x4B
    TIME_SHIFTED_SERVICE = 0x4C
    SHORT_EVENT = 0x4D
    EXTENDED_EVENT = 0x4E
    TIME_SHIFTED_EVENT = 0x4F
    COMPONENT = 0x50
    MOSAIC = 0x51
    STREAM_IDENTIFIER = 0x52
    CA_IDENTIFIER = 0x53
    CONTENT = 0x54
    PARENTAL_RATING = 0x55
    TELETEXT = 0x56
    TELEPHONE = 0x57
    LOCAL_TIME_OFFSET = 0x58
    SUBTITLING = 0x59
    TERRESTRIAL_DELIVERY_SYSTEM = 0x5A
    MULTILINGUAL_NETWORK_NAME = 0x5B
    MULTILINGUAL_BOUQUET_NAME = 0x5C
    MULTILINGUAL_SERVICE_NAME = 0x5D
    MULTILINGUAL_COMPONENT = 0x5E
    PRIVATE_DATA_SPECIFIER = 0x5F
    SERVICE_MOVE = 0x60
    SHORT_SMOOTHING_BUFFER = 0x61
    FREQUENCY_LIST = 0x62
    PARTIAL_TRANSPORT_STREAM = 0x63
    DATA_BROADCAST = 0x64
    SCRAMBLING = 0x65
    DATA_BROADCAST_ID = 0x66
    TRANSPORT_STREAM = 0x67
    DSNG = 0x68
    PDC = 0x69
    AC3 = 0x6A
    ANCILLARY_DATA = 0x6B
    CELL_LIST = 0x6C
    CELL_FREQUENCY_LINK = 0x6D
    ANNOUNCEMENT_SUPPORT = 0x6E
    APPLICATION_SIGNALLING = 0x6F
    ADAPTATION_FIELD_DATA = 0x70
    SERVICE_IDENTIFIER = 0x71
    SERVICE_AVAILABILITY = 0x72
    DEFAULT_AUTHORITY = 0x73
    RELATED_CONTENT = 0x74
    TVA_ID = 0x75
    CONTENT_IDENTIFIER = 0x76
    TIME_SLICE_FEC_IDENTIFIER = 0x77
    ECM_REPETITION_RATE = 0x78
    S2_SATELLITE_DELIVERY_SYSTEM = 0x79
    ENHANCED_AC3 = 0x7A
    DTS = 0x7B
    AAC = 0x7C
    XAIT_LOCATION = 0x7D
    FTA_CONTENT_MANAGEMENT = 0x7E
    EXTENSION = 0x7F


class ExtensionTag(IntEnum):
    """descriptor_tag_extension values after tag 0x7F (EN 300 468 §6.3 table 109)."""

    IMAGE_ICON = 0x00
    CPCM_DELIVERY_SIGNALLING = 0x01
    CP = 0x02
    CP_IDENTIFIER = 0x03
    T2_DELIVERY_SYSTEM = 0x04
    SH_DELIVERY_SYSTEM = 0x05
    SUPPLEMENTARY_AUDIO = 0x06
    NETWORK_CHANGE_NOTIFY = 0x07
    MESSAGE = 0x08
    TARGET_REGION = 0x09
    TARGET_REGION_NAME = 0x0A
    SERVICE_RELOCATED = 0x0B
    XAIT_PID = 0x0C
    C2_DELIVERY_SYSTEM = 0x0D
    DTS_HD_AUDIO_STREAM = 0x0E
    DTS_NEURAL = 0x0F
    VIDEO_DEPTH_RANGE = 0x10
    T2MI = 0x11
    URI_LINKAGE = 0x13
    CI_ANCILLARY_DATA = 0x14
    AC4 = 0x15
    C2_BUNDLE_DELIVERY_SYSTEM = 0x16
    S2X_SATELLITE_DELIVERY_SYSTEM = 0x17
    PROTECTION_MESSAGE = 0x18
    AUDIO_PRESELECTION = 0x19
    TTML_SUBTITLING = 0x20


class PrivateDataSpecifier(IntEnum):
    """private_data_specifier values we know (ETSI TS 101 162 registry)."""

    EACEM = 0x00000028  # EACEM/EICTA (now DIGITALEUROPE): LCN 0x83, HD simulcast LCN 0x88
    NORDIG = 0x00000029  # NorDig: LCN v1 0x83, LCN v2 0x87
    UK_DTT = 0x0000233A
    FREE_TV_AUSTRALIA = 0x00003200


class RunningStatus(IntEnum):
    """running_status (EN 300 468 §5.2.3 table 6), used by the SDT and the EIT."""

    UNDEFINED = 0
    NOT_RUNNING = 1
    STARTS_IN_A_FEW_SECONDS = 2
    PAUSING = 3
    RUNNING = 4
    SERVICE_OFF_AIR = 5


class ServiceType(IntEnum):
    """service_type (EN 300 468 §6.2.33 table 87), the values a receiver sorts services by."""

    DIGITAL_TELEVISION = 0x01
    DIGITAL_RADIO_SOUND = 0x02
    TELETEXT = 0x03
    NVOD_REFERENCE = 0x04
    NVOD_TIME_SHIFTED = 0x05
    MOSAIC = 0x06
    FM_RADIO = 0x07
    DVB_SRM = 0x08
    ADVANCED_CODEC_DIGITAL_RADIO_SOUND = 0x0A
    ADVANCED_CODEC_MOSAIC = 0x0B
    DATA_BROADCAST = 0x0C
    RCS_MAP = 0x0E
    RCS_FLS = 0x0F
    DVB_MHP = 0x10
    MPEG2_HD_DIGITAL_TELEVISION = 0x11
    ADVANCED_CODEC_SD_DIGITAL_TELEVISION = 0x16
    ADVANCED_CODEC_SD_NVOD_TIME_SHIFTED = 0x17
    ADVANCED_CODEC_SD_NVOD_REFERENCE = 0x18
    ADVANCED_CODEC_HD_DIGITAL_TELEVISION = 0x19
    ADVANCED_CODEC_HD_NVOD_TIME_SHIFTED = 0x1A
    ADVANCED_CODEC_HD_NVOD_REFERENCE = 0x1B
    ADVANCED_CODEC_FRAME_COMPATIBLE_3D_HD = 0x1C
    HEVC_DIGITAL_TELEVISION = 0x1F
    HEVC_UHD_DIGITAL_TELEVISION = 0x20


def names_of(enum: type[IntEnum]) -> Mapping[int, str]:
    """value -> lower-case name map of an IntEnum (the form exports print)."""
    return {int(member): member.name.lower() for member in enum}


RUNNING_STATUS_NAMES = names_of(RunningStatus)
SERVICE_TYPE_NAMES = names_of(ServiceType)
PRIVATE_DATA_SPECIFIER_NAMES = names_of(PrivateDataSpecifier)

#: content_nibble_level_1 (EN 300 468 §6.2.9): the headings of the content table, lower case.
CONTENT_LEVEL_1_NAMES: Mapping[int, str] = {
    level_1: heading.lower() for level_1, heading in CONTENT_LEVEL_1_HEADINGS.items()
}

#: (content_nibble_level_1 << 4 | content_nibble_level_2) -> meaning (EN 300 468 §6.2.9).
#: Education is 0x90-0x97: 0x90 general, 0x92 technology/natural sciences, 0x96 further
#: education and 0x97 languages are the codes for lectures.
CONTENT_NAMES: Mapping[int, str] = {
    (level_1 << 4) | level_2: name
    for level_1, names in CONTENT_LEVEL_2_NAMES.items()
    for level_2, name in enumerate(names)
} | {(level_1 << 4) | 0xF: "user defined" for level_1 in range(0x1, 0xC)}


def content_name(level_1: int, level_2: int) -> str | None:
    """The §6.2.9 meaning of a content nibble pair, or None if the pair is reserved."""
    if level_1 == 0x0:
        return "undefined content"
    if level_1 == 0xF:
        return "user defined"
    return CONTENT_NAMES.get((level_1 << 4) | level_2)


#: linkage_type (EN 300 468 §6.2.19 table 58).
LINKAGE_TYPE_NAMES: Mapping[int, str] = {
    0x01: "information service",
    0x02: "EPG service",
    0x03: "CA replacement service",
    0x04: "TS containing complete network/bouquet SI",
    0x05: "service replacement service",
    0x06: "data broadcast service",
    0x07: "RCS map",
    0x08: "mobile hand-over",
    0x09: "system software update service",
    0x0A: "TS containing SSU BAT or NIT",
    0x0B: "IP/MAC notification service",
    0x0C: "TS containing INT BAT or NIT",
    0x0D: "event linkage",
    0x20: "downloadable font info linkage",
}

# Delivery system codes (EN 300 468 §6.2.13.2 satellite, §6.2.13.1 cable, §6.2.13.4
# terrestrial, §6.4.6.3 T2).
WEST_EAST_NAMES: Mapping[int, str] = {0: "west", 1: "east"}
POLARIZATION_NAMES: Mapping[int, str] = {
    0: "linear horizontal",
    1: "linear vertical",
    2: "circular left",
    3: "circular right",
}
ROLL_OFF_NAMES: Mapping[int, str] = {0: "0.35", 1: "0.25", 2: "0.20"}
SATELLITE_MODULATION_NAMES: Mapping[int, str] = {0: "auto", 1: "QPSK", 2: "8PSK", 3: "16-QAM"}
FEC_INNER_NAMES: Mapping[int, str] = {
    0: "not defined",
    1: "1/2",
    2: "2/3",
    3: "3/4",
    4: "5/6",
    5: "7/8",
    6: "8/9",
    7: "3/5",
    8: "4/5",
    9: "9/10",
    15: "no conv. coding",
}
FEC_OUTER_NAMES: Mapping[int, str] = {0: "not defined", 1: "no outer FEC", 2: "RS(204/188)"}
CABLE_MODULATION_NAMES: Mapping[int, str] = {
    0: "not defined",
    1: "16-QAM",
    2: "32-QAM",
    3: "64-QAM",
    4: "128-QAM",
    5: "256-QAM",
}
BANDWIDTH_NAMES: Mapping[int, str] = {0: "8 MHz", 1: "7 MHz", 2: "6 MHz", 3: "5 MHz"}
CONSTELLATION_NAMES: Mapping[int, str] = {0: "QPSK", 1: "16-QAM", 2: "64-QAM"}
HIERARCHY_NAMES: Mapping[int, str] = {
    0: "non-hierarchical, native interleaver",
    1: "alpha=1, native interleaver",
    2: "alpha=2, native interleaver",
    3: "alpha=4, native interleaver",
    4: "non-hierarchical, in-depth interleaver",
    5: "alpha=1, in-depth interleaver",
    6: "alpha=2, in-depth interleaver",
    7: "alpha=4, in-depth interleaver",
}
CODE_RATE_NAMES: Mapping[int, str] = {0: "1/2", 1: "2/3", 2: "3/4", 3: "5/6", 4: "7/8"}
GUARD_INTERVAL_NAMES: Mapping[int, str] = {0: "1/32", 1: "1/16", 2: "1/8", 3: "1/4"}
TRANSMISSION_MODE_NAMES: Mapping[int, str] = {0: "2k", 1: "8k", 2: "4k"}
SISO_MISO_NAMES: Mapping[int, str] = {0: "SISO", 1: "MISO"}
T2_BANDWIDTH_NAMES: Mapping[int, str] = {
    0: "8 MHz",
    1: "7 MHz",
    2: "6 MHz",
    3: "5 MHz",
    4: "10 MHz",
    5: "1.712 MHz",
}
T2_GUARD_INTERVAL_NAMES: Mapping[int, str] = {
    0: "1/32",
    1: "1/16",
    2: "1/8",
    3: "1/4",
    4: "1/128",
    5: "19/128",
    6: "19/256",
}
T2_TRANSMISSION_MODE_NAMES: Mapping[int, str] = {
    0: "2k",
    1: "8k",
    2: "4k",
    3: "1k",
    4: "16k",
    5: "32k",
}

#: coding_type of the frequency_list_descriptor (EN 300 468 §6.2.17 table 53).
FREQUENCY_CODING_TYPE_NAMES: Mapping[int, str] = {
    0: "not defined",
    1: "satellite",
    2: "cable",
    3: "terrestrial",
}

#: teletext_type (EN 300 468 §6.2.43 table 94).
TELETEXT_TYPE_NAMES: Mapping[int, str] = {
    0x01: "initial teletext page",
    0x02: "teletext subtitle page",
    0x03: "additional information page",
    0x04: "programme schedule page",
    0x05: "teletext subtitle page for hearing impaired people",
}

#: uri_linkage_type (EN 300 468 §6.4.15 table 148).
URI_LINKAGE_TYPE_NAMES: Mapping[int, str] = {
    0x00: "online SDT (CI Plus)",
    0x01: "DVB-IPTV SD&S",
    0x02: "material resolution server (companion screen)",
    0x03: "DVB-I",
}
