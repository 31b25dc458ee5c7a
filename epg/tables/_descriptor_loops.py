"""Descriptor loops inside tables: the registry's codec, with its errors made table errors.

Tables keep descriptors as decoded objects (unknown ones as `RawDescriptor`, which re-encode byte
for byte). A loop whose framing is broken (a length running past the loop) is a fault of the
table's bytes, so a caller decoding a table catches one `TableDecodeError` whatever layer found
the problem.
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


def encode_descriptors(descriptors: Sequence[Descriptor]) -> bytes:
    """The bytes of a descriptor loop (without its length field)."""
    try:
        return encode_descriptor_loop(descriptors)
    except (EPGError, EncodeError) as exc:
        raise TableEncodeError(f"descriptor loop: {exc}") from exc


def decode_descriptors(data: bytes, *, table_id: int) -> tuple[Descriptor, ...]:
    """Decode a descriptor loop found in a table of `table_id` (table-specific tags need it)."""
    try:
        return tuple(decode_descriptor_loop(data, table_id=table_id))
    except (EPGError, DecodeError) as exc:
        raise TableDecodeError(f"descriptor loop: {exc}") from exc
