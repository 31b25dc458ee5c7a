"""Random bytes never crash the decoders: only DecodeError subclasses or raw fallbacks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors import Descriptor, decode_descriptor_loop, encode_descriptor_loop
from epg.descriptors.registry import registered
from mpegts.errors import DecodeError

CLASSES = sorted(set(registered().values()), key=lambda cls: cls.NAME)
TAGS = sorted({key.tag for key in registered()})


@given(st.binary(max_size=600))
def test_random_loop_bytes_decode_or_raise_a_decode_error(data: bytes) -> None:
    try:
        decoded = decode_descriptor_loop(data)
    except DecodeError:
        return
    assert encode_descriptor_loop(decoded) == data


@st.composite
def _framed(draw: st.DrawFn) -> bytes:
    tag = draw(st.sampled_from(TAGS) | st.integers(0, 255))
    if tag == 0x7F:
        payload = draw(st.sampled_from((b"\x04", b"\x13", b""))) + draw(st.binary(max_size=40))
    elif tag == 0x5F:
        payload = draw(
            st.sampled_from((b"\x00\x00\x00\x28", b"\x00\x00\x00\x29")) | st.binary(max_size=6)
        )
    else:
        payload = draw(st.binary(max_size=60))
    return bytes((tag, len(payload))) + payload


@given(st.lists(_framed(), max_size=8).map(b"".join))
def test_any_well_framed_loop_re_encodes_byte_for_byte(loop: bytes) -> None:
    assert encode_descriptor_loop(decode_descriptor_loop(loop)) == loop


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.NAME)
@given(payload=st.binary(max_size=255))
def test_decode_payload_raises_only_decode_errors(cls: type[Descriptor], payload: bytes) -> None:
    try:
        obj = cls.decode_payload(payload)
    except DecodeError:
        return
    assert obj.encode_payload() == payload
