"""The descriptor registry and the descriptor-loop codec.

A descriptor class registers with one decorator line, keyed by more than its tag (as TSDuck's
EDID): ``DescriptorKey(tag, extension, pds, table_id)``::

    @descriptor(tag=0x4D)                      # DVB tag
    @descriptor(tag=0x7F, extension=0x04)      # extension descriptor (EN 300 468 §6.3)
    @descriptor(tag=0x83, pds=0x28)            # private tag, meaningful under one PDS
    @descriptor(tag=0x80, table_ids=(0x4E,))   # a tag whose meaning depends on the table

The decorator goes *above* ``@dataclass`` (it must see the final, slotted class). Registering a
key twice raises at import. Lookup rules (EN 300 468 §6.2.31): tags 0x80-0xFE are user defined
and mean something only under the private_data_specifier in force, i.e. the last
private_data_specifier_descriptor (0x5F) earlier in the same loop; other tags ignore the PDS.

:func:`decode_descriptor_loop` never gives up on a descriptor's *content*: an unknown tag, a
private tag without its PDS, or a payload that fails to decode becomes a :class:`RawDescriptor`
with an ``issue``. Only a loop whose *framing* is broken (a length past the end) raises a
:class:`~epg.errors.DescriptorDecodeError`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, TypeVar

from epg.descriptors.base import Descriptor
from epg.descriptors.raw import RawDescriptor
from epg.errors import DescriptorDecodeError, DescriptorEncodeError, DescriptorError
from epg.ids import DescriptorTag, ExtensionTag
from mpegts.errors import DecodeError

__all__ = [
    "Descriptor",
    "DescriptorKey",
    "RawDescriptor",
    "decode_descriptor",
    "decode_descriptor_loop",
    "descriptor",
    "descriptor_class",
    "encode_descriptor_loop",
    "registered",
]

logger = logging.getLogger(__name__)

D = TypeVar("D", bound=Descriptor)

_EXTENSION_TAG = DescriptorTag.EXTENSION
_PDS_TAG = DescriptorTag.PRIVATE_DATA_SPECIFIER


class DescriptorKey(NamedTuple):
    """What a descriptor class is registered under."""

    tag: int
    extension: int | None = None
    pds: int | None = None
    table_id: int | None = None


_REGISTRY: dict[DescriptorKey, type[Descriptor]] = {}
_BY_NAME: dict[str, type[Descriptor]] = {}


def is_private_tag(tag: int) -> bool:
    """Tags 0x80-0xFE are user defined (EN 300 468 table 12)."""
    return 0x80 <= tag <= 0xFE


def _default_name(tag: int, extension: int | None) -> str:
    try:
        member = DescriptorTag(tag) if extension is None else ExtensionTag(extension)
    except ValueError as exc:
        raise DescriptorError(f"descriptor 0x{tag:02X}/{extension} needs an explicit name") from exc
    return member.name.lower()


def _keys(
    tag: int, extension: int | None, pds: int | None, table_ids: Iterable[int] | None
) -> list[DescriptorKey]:
    if (extension is None) != (tag != _EXTENSION_TAG):
        raise DescriptorError(f"tag 0x{tag:02X}: extension= is for tag 0x7F only, and required")
    if (pds is not None) != is_private_tag(tag):
        raise DescriptorError(f"tag 0x{tag:02X}: pds= is for private tags 0x80-0xFE only")
    tables: tuple[int | None, ...] = (None,) if table_ids is None else tuple(table_ids)
    return [DescriptorKey(tag, extension, pds, table_id) for table_id in tables]


def descriptor(
    *,
    tag: int,
    extension: int | None = None,
    pds: int | None = None,
    table_ids: Iterable[int] | None = None,
    name: str | None = None,
) -> Callable[[type[D]], type[D]]:
    """Class decorator registering a descriptor class (see the module docstring)."""
    tables = None if table_ids is None else frozenset(table_ids)
    keys = _keys(tag, extension, pds, tables)

    def register(cls: type[D]) -> type[D]:
        cls.TAG, cls.EXTENSION, cls.PDS, cls.TABLE_IDS = tag, extension, pds, tables
        cls.NAME = name or _default_name(tag, extension)
        for key in keys:
            if key in _REGISTRY:
                raise DescriptorError(f"{key} is registered twice: {_REGISTRY[key].__name__}")
            _REGISTRY[key] = cls
        if cls.NAME in _BY_NAME:
            raise DescriptorError(f"descriptor name {cls.NAME!r} is registered twice")
        _BY_NAME[cls.NAME] = cls
        return cls

    return register


def registered() -> dict[DescriptorKey, type[Descriptor]]:
    """A copy of the registry (for tests and the analyser)."""
    return dict(_REGISTRY)


def descriptor_class(name: str) -> type[Descriptor]:
    """The class registered under a JSON-model name (``"short_event"``); KeyError if none."""
    return _BY_NAME[name]


def lookup(
    tag: int, extension: int | None, *, pds: int | None, table_id: int | None
) -> type[Descriptor] | None:
    """The class for a descriptor found in a loop, or None if there is none."""
    if is_private_tag(tag) and pds is None:
        return None
    pds_key = pds if is_private_tag(tag) else None
    if table_id is not None:
        cls = _REGISTRY.get(DescriptorKey(tag, extension, pds_key, table_id))
        if cls is not None:
            return cls
    return _REGISTRY.get(DescriptorKey(tag, extension, pds_key, None))


def decode_descriptor(
    tag: int, payload: bytes, *, pds: int | None = None, table_id: int | None = None
) -> Descriptor:
    """Decode one descriptor's payload; never raises: falls back to a RawDescriptor."""
    extension = None
    body = payload
    if tag == _EXTENSION_TAG:
        if not payload:
            return RawDescriptor(tag=tag, payload=payload, issue="no descriptor_tag_extension")
        extension, body = payload[0], payload[1:]
    cls = lookup(tag, extension, pds=pds, table_id=table_id)
    if cls is None:
        return RawDescriptor(tag=tag, payload=payload, issue=_unknown(tag, extension, pds))
    try:
        return cls.decode_payload(body)
    except DecodeError as exc:
        logger.debug("descriptor 0x%02X kept raw: %s", tag, exc)
        return RawDescriptor(tag=tag, payload=payload, issue=f"{cls.NAME}: {exc}")


def _unknown(tag: int, extension: int | None, pds: int | None) -> str:
    if is_private_tag(tag):
        where = "no private_data_specifier" if pds is None else f"private_data_specifier 0x{pds:X}"
        return f"private tag 0x{tag:02X} unknown under {where}"
    if extension is not None:
        return f"unknown extension descriptor 0x{extension:02X}"
    return f"unknown tag 0x{tag:02X}"


def _pds_value(tag: int, payload: bytes) -> int | None:
    """The PDS a 0x5F descriptor puts in force (None if it is malformed)."""
    if tag == _PDS_TAG and len(payload) == 4:
        return int.from_bytes(payload, "big")
    return None


def decode_descriptor_loop(data: bytes, *, table_id: int | None = None) -> tuple[Descriptor, ...]:
    """Decode a whole descriptor loop (the bytes its descriptors_loop_length covers).

    Raises DescriptorDecodeError only when the framing is broken; see the module docstring.
    """
    out: list[Descriptor] = []
    pds: int | None = None
    position = 0
    while position < len(data):
        if position + 2 > len(data):
            raise DescriptorDecodeError(
                f"descriptor loop: 1 stray byte at offset {position} (a header needs 2)"
            )
        tag, length = data[position], data[position + 1]
        end = position + 2 + length
        if end > len(data):
            raise DescriptorDecodeError(
                f"descriptor loop: descriptor 0x{tag:02X} at offset {position} has length "
                f"{length}, only {len(data) - position - 2} byte(s) left"
            )
        payload = bytes(data[position + 2 : end])
        if tag == _PDS_TAG:
            pds = _pds_value(tag, payload)
        out.append(decode_descriptor(tag, payload, pds=pds, table_id=table_id))
        position = end
    return tuple(out)


def encode_descriptor_loop(descriptors: Sequence[Descriptor]) -> bytes:
    """Concatenate encoded descriptors (no loop length: the table writes it).

    A registered private descriptor must follow a private_data_specifier_descriptor with its
    PDS in the same loop, or a receiver could not interpret it (EN 300 468 §6.2.31): that is a
    DescriptorEncodeError rather than a silently useless loop.
    """
    parts: list[bytes] = []
    pds: int | None = None
    for item in descriptors:
        encoded = item.encode()
        if encoded[0] == _PDS_TAG:
            pds = _pds_value(encoded[0], encoded[2:])
        elif item.PDS is not None and pds != item.PDS:
            raise DescriptorEncodeError(
                f"{item.NAME} needs private_data_specifier 0x{item.PDS:08X} before it in the loop"
            )
        parts.append(encoded)
    return b"".join(parts)
