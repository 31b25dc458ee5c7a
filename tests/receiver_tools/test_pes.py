"""The vectorised PTS gather agrees with the scalar `mpegts.pes.read_timestamps`."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from mpegts.errors import DecodeError
from mpegts.pes import read_timestamps
from receiver_tools._pes import pes_pts


def _packet(pts: int, adaptation: int, stream_id: int, flags: int, garbage: bool) -> bytes:
    stamp = bytes(
        [
            (flags << 4) | 0x01 | ((pts >> 29) & 0x0E),
            (pts >> 22) & 0xFF,
            0x01 | ((pts >> 14) & 0xFE),
            (pts >> 7) & 0xFF,
            0x01 | ((pts << 1) & 0xFE),
        ]
    )
    prefix = b"\x00\x00\x02" if garbage else b"\x00\x00\x01"
    pes = prefix + bytes([stream_id, 0, 0, 0x80, flags << 6, 5]) + stamp
    header = bytes([0x47, 0x41, 0x00, (0x30 if adaptation else 0x10)])
    field = bytes([adaptation - 1]) + b"\xff" * (adaptation - 1) if adaptation else b""
    body = field + pes
    return header + body + b"\x00" * (184 - len(body))


@given(
    st.lists(
        st.tuples(
            st.integers(0, (1 << 33) - 1),
            st.integers(0, 160),
            st.sampled_from([0xE0, 0xC0, 0xBD, 0xBE, 0xBF]),
            st.sampled_from([0b00, 0b10, 0b11]),
            st.booleans(),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_vectorised_pts_equals_scalar(specs: list[tuple[int, int, int, int, bool]]) -> None:
    packets = [_packet(*spec) for spec in specs]
    array = np.frombuffer(b"".join(packets), np.uint8).reshape(-1, 188)
    rows, values = pes_pts(array, np.arange(len(packets)))
    got = dict(zip(rows.tolist(), values.tolist(), strict=True))
    for row, packet in enumerate(packets):
        try:
            pts, _ = read_timestamps(packet)
        except DecodeError:
            pts = None
        assert got.get(row) == pts, (row, specs[row])
