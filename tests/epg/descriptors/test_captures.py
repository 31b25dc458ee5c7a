"""Every descriptor loop of every CRC-valid section in the real captures decodes and
re-encodes byte for byte (STYLE: encode(decode(b)) == b on captured sections)."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from epg.descriptors import (
    RawDescriptor,
    decode_descriptor,
    decode_descriptor_loop,
    encode_descriptor_loop,
)
from mpegts.errors import EncodeError
from tests.epg.descriptors.captures import capture_sections, descriptor_loops

pytestmark = pytest.mark.skipif(not capture_sections(), reason="no captures")


def _loops() -> list[tuple[str, int, bytes]]:
    return [
        (name, section.table_id, loop)
        for name, sections in capture_sections().items()
        for section in sections
        for loop in descriptor_loops(section)
    ]


def test_captures_hold_many_loops() -> None:
    loops = _loops()
    assert len(loops) > 5000
    assert {tid for _, tid, _ in loops} >= {0x02, 0x40, 0x42, 0x46, 0x4E, 0x50, 0x73}


def test_every_captured_loop_round_trips_byte_for_byte() -> None:
    for name, table_id, loop in _loops():
        decoded = decode_descriptor_loop(loop, table_id=table_id)
        assert encode_descriptor_loop(decoded) == loop, name


def _kinds() -> Counter[str]:
    kinds: Counter[str] = Counter()
    for _, table_id, loop in _loops():
        for item in decode_descriptor_loop(loop, table_id=table_id):
            kinds[item.NAME if not isinstance(item, RawDescriptor) else f"raw:{item.issue}"] += 1
    return kinds


def test_known_descriptors_decode_instead_of_falling_back() -> None:
    kinds = _kinds()
    failures = {
        kind: n for kind, n in kinds.items() if kind.startswith("raw:") and "unknown" not in kind
    }
    assert not failures
    for name in (
        "short_event", "extended_event", "content", "parental_rating", "component", "service",
        "network_name", "service_list", "terrestrial_delivery_system", "t2_delivery_system",
        "satellite_delivery_system", "private_data_specifier", "logical_channel",
        "local_time_offset", "iso_639_language", "stream_identifier", "pdc",
        "content_identifier", "ca", "ca_identifier", "data_broadcast_id", "teletext",
        "application_signalling", "linkage", "bouquet_name", "multilingual_bouquet_name",
    ):  # fmt: skip
        assert kinds[name] > 0, name


def test_fresh_encoding_of_captured_descriptors_decodes_to_the_same_model() -> None:
    """Dropping the wire bytes, our own writer still produces an equivalent descriptor."""
    for _, table_id, loop in _loops():
        pds = None
        for item in decode_descriptor_loop(loop, table_id=table_id):
            if item.TAG == 0x5F if not isinstance(item, RawDescriptor) else False:
                pds = item.private_data_specifier  # type: ignore[attr-defined]
            if isinstance(item, RawDescriptor):
                continue
            try:
                fresh = dataclasses.replace(item, _wire=None).encode()
            except EncodeError:
                continue  # e.g. text decoded with U+FFFD from broken bytes
            assert decode_descriptor(fresh[0], fresh[2:], pds=pds, table_id=table_id) == item
