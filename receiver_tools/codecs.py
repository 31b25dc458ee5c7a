"""A human name for an elementary stream: its stream_type (ISO/IEC 13818-1 table 2-34), refined
by the ES descriptors for private PES (stream_type 0x06, EN 300 468 Annex D: AC-3, E-AC-3,
teletext, DVB subtitles are told apart only by their descriptor)."""

from __future__ import annotations

__all__ = ["codec_name"]

_STREAM_TYPES = {
    0x01: "MPEG-1 video",
    0x02: "MPEG-2 video",
    0x03: "MPEG-1 audio",
    0x04: "MPEG-2 audio",
    0x05: "private sections",
    0x06: "private PES",
    0x0B: "DSM-CC sections",
    0x0F: "AAC (ADTS)",
    0x10: "MPEG-4 video",
    0x11: "AAC (LATM)",
    0x15: "metadata",
    0x1B: "H.264/AVC video",
    0x24: "H.265/HEVC video",
    0x42: "AVS video",
    0x81: "AC-3 audio",
    0x86: "SCTE-35",
    0x87: "E-AC-3 audio",
}

_PRIVATE_BY_DESCRIPTOR = {
    0x56: "DVB teletext",
    0x59: "DVB subtitles",
    0x6A: "AC-3 audio",
    0x7A: "E-AC-3 audio",
    0x7B: "DTS audio",
    0x7C: "AAC audio",
    0x45: "VBI data",
}


def _descriptor_tags(loop: bytes) -> list[int]:
    tags, pos = [], 0
    while pos + 2 <= len(loop):
        tags.append(loop[pos])
        pos += 2 + loop[pos + 1]
    return tags


def codec_name(stream_type: int, descriptors: bytes = b"") -> str:
    if stream_type == 0x06:
        for tag in _descriptor_tags(descriptors):
            if tag in _PRIVATE_BY_DESCRIPTOR:
                return _PRIVATE_BY_DESCRIPTOR[tag]
    return _STREAM_TYPES.get(stream_type, f"stream_type 0x{stream_type:02X}")
