"""Random bytes never crash the decoders: only DecodeError subclasses or raw fallbacks."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors import (
    Descriptor,
    decode_descriptor_loop,
    encode_descriptor_loop,
    from_dict,
    to_dict,
)
from epg.descriptors.registry import registered
from mpegts.errors import DecodeError
from tests.strategies.descriptors import any_descriptor

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


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def _descriptor_dicts(draw: st.DrawFn) -> dict[str, object]:
    cls = draw(st.sampled_from(CLASSES))
    names = [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]
    data: dict[str, object] = {"descriptor": cls.NAME}
    for name in draw(st.lists(st.sampled_from(names), unique=True)) if names else []:
        data[name] = draw(_json)
    return data


@given(_descriptor_dicts())
def test_from_dict_raises_only_decode_errors(data: dict[str, object]) -> None:
    try:
        obj = from_dict(data)
    except DecodeError:
        return
    assert isinstance(obj, Descriptor)


def _mutate(node: object, path: list[int], value: object) -> object:
    """Replace the leaf or subtree chosen by ``path`` (indices into keys/items) with ``value``."""
    if not path or not isinstance(node, dict | list) or not node:
        return value
    if isinstance(node, dict):
        key = sorted(node)[path[0] % len(node)]
        return {**node, key: _mutate(node[key], path[1:], value)}
    index = path[0] % len(node)
    return [*node[:index], _mutate(node[index], path[1:], value), *node[index + 1 :]]


@given(
    descriptor=any_descriptor(),
    path=st.lists(st.integers(0, 20), min_size=1, max_size=4),
    value=_json,
)
def test_from_dict_of_a_mutated_export_raises_only_decode_errors(
    descriptor: Descriptor, path: list[int], value: object
) -> None:
    data = _mutate(to_dict(descriptor), path, value)
    if not isinstance(data, dict) or data.get("descriptor") != descriptor.NAME:
        return
    try:
        from_dict(data)
    except DecodeError:
        return
