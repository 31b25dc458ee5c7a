"""Vectorised header fields of a (N, 188) uint8 packet array (ISO/IEC 13818-1 §2.4.3.2-§2.4.3.5).

The analyser's per-packet work is done here, over whole chunks at once, so Python runs per
chunk and per SI packet, never per packet of audio or video.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["HeaderFields", "header_fields"]

UInt8Array = npt.NDArray[np.uint8]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_PCR_FLAG = 0x10
_DISCONTINUITY_FLAG = 0x80


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderFields:
    """Header fields of every packet of a chunk (one array element per packet)."""

    pid: npt.NDArray[np.int64]
    transport_error: BoolArray
    payload_unit_start: BoolArray
    scrambling: UInt8Array
    has_payload: BoolArray
    continuity_counter: UInt8Array
    discontinuity: BoolArray
    has_pcr: BoolArray

    def pcr(self, packets: UInt8Array, rows: IntArray) -> IntArray:
        """27 MHz PCR (base × 300 + extension, §2.4.3.5) of the packets at `rows`."""
        b = packets[rows, 6:12].astype(np.int64)
        base = (b[:, 0] << 25) | (b[:, 1] << 17) | (b[:, 2] << 9) | (b[:, 3] << 1) | (b[:, 4] >> 7)
        extension = ((b[:, 4] & 1) << 8) | b[:, 5]
        return base * 300 + extension


def header_fields(packets: UInt8Array) -> HeaderFields:
    """Decode the 4-byte header and the adaptation-field flags of every packet."""
    b1 = packets[:, 1]
    b3 = packets[:, 3]
    pid = ((b1.astype(np.int64) & 0x1F) << 8) | packets[:, 2]
    afc = (b3 >> 4) & 3
    has_af = (afc & 2) != 0
    af_length = packets[:, 4]
    af_flags = packets[:, 5]
    has_flags = has_af & (af_length >= 1)
    return HeaderFields(
        pid=pid,
        transport_error=(b1 & 0x80) != 0,
        payload_unit_start=(b1 & 0x40) != 0,
        scrambling=b3 >> 6,
        has_payload=(afc & 1) != 0,
        continuity_counter=b3 & 0x0F,
        discontinuity=has_flags & ((af_flags & _DISCONTINUITY_FLAG) != 0),
        has_pcr=has_flags & (af_length >= 7) & ((af_flags & _PCR_FLAG) != 0),
    )
