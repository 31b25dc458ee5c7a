"""Audio frame counting per carriage: built frames are counted exactly; noise never crashes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from encoder.audio_frames import count_frames


def loas(payload_len: int) -> bytes:
    return bytes([0x56, 0xE0 | (payload_len >> 8), payload_len & 0xFF]) + bytes(payload_len)


def adts(length: int) -> bytes:
    header = bytes(
        [
            0xFF,
            0xF1,
            0x50,
            0x80 | (length >> 11),
            (length >> 3) & 0xFF,
            (length & 7) << 5 | 0x1F,
            0xFC,
        ]
    )
    return header + bytes(length - 7)


def mp2(kbps_index: int, padding: int) -> bytes:
    kbps = (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384)[kbps_index]
    size = 144_000 * kbps // 48_000 + padding
    return bytes([0xFF, 0xFD, kbps_index << 4 | 0x01 << 2 | padding << 1, 0x44]) + bytes(size - 4)


def ac3(frmsizecod: int) -> bytes:
    kbps = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640)
    size = kbps[frmsizecod >> 1] * 4
    return bytes([0x0B, 0x77, 0, 0, frmsizecod]) + bytes(size - 5)


@given(st.lists(st.integers(1, 2000), max_size=12))
def test_loas_frames(lengths: list[int]) -> None:
    assert count_frames("aac_latm", b"".join(loas(n) for n in lengths)) == len(lengths)


@given(st.lists(st.integers(7, 8191), max_size=12))
def test_adts_frames(lengths: list[int]) -> None:
    assert count_frames("aac", b"".join(adts(n) for n in lengths)) == len(lengths)


@given(st.lists(st.tuples(st.integers(1, 14), st.integers(0, 1)), max_size=12))
def test_mp2_frames(frames: list[tuple[int, int]]) -> None:
    assert count_frames("mp2", b"".join(mp2(k, p) for k, p in frames)) == len(frames)


@given(st.lists(st.integers(0, 37), max_size=8))
def test_ac3_frames(codes: list[int]) -> None:
    assert count_frames("ac3", b"".join(ac3(c) for c in codes)) == len(codes)


def test_a_cut_frame_is_not_counted() -> None:
    assert count_frames("aac_latm", loas(100) + loas(100)[:50]) == 1


@given(st.sampled_from(["aac_latm", "aac", "mp2", "ac3"]), st.binary(max_size=3000))
def test_fuzz_noise_never_raises(codec: str, noise: bytes) -> None:
    assert 0 <= count_frames(codec, noise) <= len(noise)


def test_unknown_codec() -> None:
    with pytest.raises(ValueError, match="no frame parser"):
        count_frames("opus", b"")
