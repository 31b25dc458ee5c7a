"""RawDescriptor: a descriptor kept as its bytes (unknown tag, private tag without its PDS, or a
payload that failed to decode).

TSDuck keeps descriptors as bytes and decodes on demand, so unknown and private ones pass
through untouched; we decode eagerly but fall back to this form, which re-encodes byte for byte
and records why it was not decoded in ``issue`` (ignored by equality).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from epg.descriptors.base import Descriptor, frame_descriptor
from epg.ids import DescriptorTag

__all__ = ["RawDescriptor"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDescriptor(Descriptor):
    """Any descriptor as ``tag`` + ``payload`` (for tag 0x7F the payload starts with the
    descriptor_tag_extension byte)."""

    NAME = "raw"
    EXPORTS: ClassVar[tuple[str, ...]] = ("tag_name",)

    tag: int
    payload: bytes
    issue: str | None = field(default=None, compare=False)

    @property
    def descriptor_tag(self) -> int:
        return self.tag

    @property
    def tag_name(self) -> str | None:
        """The standard's name of a DVB/MPEG tag ("pdc"), None for private or unknown tags."""
        try:
            return DescriptorTag(self.tag).name.lower()
        except ValueError:
            return None

    @property
    def descriptor_tag_extension(self) -> int | None:
        """The extension byte of a raw extension descriptor (tag 0x7F), if present."""
        return self.payload[0] if self.tag == 0x7F and self.payload else None

    def encode_payload(self) -> bytes:
        return self.payload

    def encode(self) -> bytes:
        return frame_descriptor(self.tag, self.payload, f"raw descriptor 0x{self.tag:02X}")
