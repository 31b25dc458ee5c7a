"""Descriptor loops inside tables: the registry's codec, with its errors made table errors.

Tables keep descriptors as decoded objects (unknown ones as `RawDescriptor`, which re-encode byte
for byte). A loop whose framing is broken (a length running past the loop) is a fault of the
table's bytes, so a caller decoding a table catches one `TableDecodeError` whatever layer found
the problem.

Encoding memoizes each descriptor *object's* bytes (by identity, holding the object, so an id is
never reused while cached). A descriptor is immutable and its encoding deterministic, so this is
exact; it matters because an 8-day schedule shares the same few short_event and
extended_event objects across thousands of events (`epg.eit_builder` reuses them), and DVB text
encoding, which searches for the smallest character table, is the dominant cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from epg.descriptors.registry import decode_descriptor_loop, encode_descriptor_loop
from epg.errors import EPGError, TableDecodeError, TableEncodeError
from mpegts.errors import DecodeError, EncodeError

if TYPE_CHECKING:
    from epg.descriptors.registry import Descriptor

__all__ = ["decode_descriptors", "encode_descriptors"]

_CACHE_LIMIT = 50_000  # entries per cache; a full cache starts over (as re does)
_encoded: dict[int, tuple[Descriptor, bytes]] = {}
_loops: dict[int, tuple[Sequence[Descriptor], bytes]] = {}


def _encode_one(descriptor: Descriptor) -> bytes:
    cached = _encoded.get(id(descriptor))
    if cached is not None and cached[0] is descriptor:
        return cached[1]
    data = descriptor.encode()
    if len(_encoded) >= _CACHE_LIMIT:
        _encoded.clear()
    _encoded[id(descriptor)] = (descriptor, data)
    return data


def _encode_loop(descriptors: Sequence[Descriptor]) -> bytes:
    if any(d.PDS is not None for d in descriptors):
        # a private descriptor needs its PDS earlier in the loop: the registry checks that
        return encode_descriptor_loop(descriptors)
    return b"".join([_encode_one(d) for d in descriptors])


def encode_descriptors(descriptors: Sequence[Descriptor]) -> bytes:
    """The bytes of a descriptor loop (without its length field)."""
    cached = _loops.get(id(descriptors))
    if cached is not None and cached[0] is descriptors:
        return cached[1]
    try:
        data = _encode_loop(descriptors)
    except (EPGError, EncodeError) as exc:
        raise TableEncodeError(f"descriptor loop: {exc}") from exc
    if isinstance(descriptors, tuple):  # immutable: safe to remember by identity
        if len(_loops) >= _CACHE_LIMIT:
            _loops.clear()
        _loops[id(descriptors)] = (descriptors, data)
    return data


def decode_descriptors(data: bytes, *, table_id: int) -> tuple[Descriptor, ...]:
    """Decode a descriptor loop found in a table of `table_id` (table-specific tags need it)."""
    try:
        return tuple(decode_descriptor_loop(data, table_id=table_id))
    except (EPGError, DecodeError) as exc:
        raise TableDecodeError(f"descriptor loop: {exc}") from exc
