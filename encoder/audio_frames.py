"""Count audio access units in a PES payload, to know exactly where a rendition's audio ends.

FFmpeg's TS muxer packs several small audio frames into one PES (its minimum PES payload is 170
bytes), and only the first frame's PTS is written. The end of the audio is therefore the last PES's
PTS plus as many frame durations as that PES holds. Each carriage has a self-delimiting syntax:

* LATM/LOAS (stream_type 0x11): AudioSyncStream, syncword 0x2B7 (11 bits) and a 13-bit
  ``audioMuxLengthBytes`` (ISO/IEC 14496-3 §1.7.2);
* ADTS (0x0F): syncword 0xFFF, 13-bit ``frame_length`` including the header (ISO/IEC 13818-7
  §6.2.1), one raw data block per frame as FFmpeg writes it;
* MPEG-1 Layer II (0x03/0x04): the frame header's bitrate and sampling-frequency indices give
  ``144 x bitrate / fs (+1 if padded)`` bytes (ISO/IEC 11172-3 §2.4.3.1);
* AC-3 (0x06/0x81): syncword 0x0B77, ``fscod`` and ``frmsizecod`` give the frame size
  (ATSC A/52 §5.4.1.4, Table 5.18).
"""

from __future__ import annotations

__all__ = ["count_frames"]

_MP2_KBPS = (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384)
_MP_RATES = (44100, 48000, 32000)
_AC3_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640)


def _loas(data: bytes, at: int) -> int:
    if data[at] != 0x56 or data[at + 1] & 0xE0 != 0xE0:
        return 0
    return 3 + (((data[at + 1] & 0x1F) << 8) | data[at + 2])


def _adts(data: bytes, at: int) -> int:
    if at + 6 > len(data) or data[at] != 0xFF or data[at + 1] & 0xF6 != 0xF0:
        return 0
    return ((data[at + 3] & 0x03) << 11) | (data[at + 4] << 3) | (data[at + 5] >> 5)


def _mp2(data: bytes, at: int) -> int:
    if data[at] != 0xFF or data[at + 1] & 0xE0 != 0xE0:
        return 0
    kbps_index, rate_index = data[at + 2] >> 4, (data[at + 2] >> 2) & 0x03
    if not 0 < kbps_index < len(_MP2_KBPS) or rate_index == 3:
        return 0
    padding = (data[at + 2] >> 1) & 0x01
    return 144_000 * _MP2_KBPS[kbps_index] // _MP_RATES[rate_index] + padding


def _ac3(data: bytes, at: int) -> int:
    if at + 5 > len(data) or data[at] != 0x0B or data[at + 1] != 0x77:
        return 0
    fscod, frmsizecod = data[at + 4] >> 6, data[at + 4] & 0x3F
    if fscod != 0 or frmsizecod >> 1 >= len(_AC3_KBPS):
        return 0  # only 48 kHz is produced by our profiles
    return _AC3_KBPS[frmsizecod >> 1] * 4


_PARSERS = {"aac_latm": _loas, "aac": _adts, "mp2": _mp2, "ac3": _ac3}


def count_frames(codec: str, data: bytes) -> int:
    """Whole frames at the start of ``data``; stops at the first byte that is not a frame start.

    Never raises on bad bytes: a payload that does not parse counts as the frames found so far.
    """
    parser = _PARSERS.get(codec)
    if parser is None:
        raise ValueError(f"no frame parser for {codec!r}")
    count, at = 0, 0
    while at + 4 <= len(data):
        size = parser(data, at)
        if size <= 0 or at + size > len(data):
            break
        count += 1
        at += size
    return count
