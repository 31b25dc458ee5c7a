"""Code tables of ISO/IEC 13818-1 and EN 300 468 that the transport layer knows by number.

IntEnums so analysers and exports can print names (`TableId(0x4E).name`) and codecs keep numbers.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["PID", "StreamType", "TableId"]


class PID(IntEnum):
    """Fixed PIDs (ISO/IEC 13818-1 table 2-3, EN 300 468 §5.1.3 table 1)."""

    PAT = 0x0000
    CAT = 0x0001
    TSDT = 0x0002
    NIT = 0x0010
    SDT = 0x0011  # also BAT
    EIT = 0x0012
    RST = 0x0013
    TDT = 0x0014  # also TOT
    NULL = 0x1FFF


class TableId(IntEnum):
    """table_id values (ISO/IEC 13818-1 table 2-31, EN 300 468 table 2)."""

    PAT = 0x00
    CAT = 0x01
    PMT = 0x02
    NIT_ACTUAL = 0x40
    NIT_OTHER = 0x41
    SDT_ACTUAL = 0x42
    SDT_OTHER = 0x46
    BAT = 0x4A
    EIT_PF_ACTUAL = 0x4E
    EIT_PF_OTHER = 0x4F
    EIT_SCHEDULE_ACTUAL_FIRST = 0x50
    EIT_SCHEDULE_ACTUAL_LAST = 0x5F
    EIT_SCHEDULE_OTHER_FIRST = 0x60
    EIT_SCHEDULE_OTHER_LAST = 0x6F
    TDT = 0x70
    RST = 0x71
    ST = 0x72
    TOT = 0x73


class StreamType(IntEnum):
    """stream_type values we carry (ISO/IEC 13818-1 table 2-34)."""

    MPEG1_VIDEO = 0x01
    MPEG2_VIDEO = 0x02  # H.262
    MPEG1_AUDIO = 0x03
    MPEG2_AUDIO = 0x04
    PRIVATE_SECTIONS = 0x05
    PRIVATE_PES = 0x06  # AC-3, E-AC-3, subtitles, teletext: the descriptor says which
    AAC_ADTS = 0x0F
    AAC_LATM = 0x11
    H264 = 0x1B
    HEVC = 0x24
