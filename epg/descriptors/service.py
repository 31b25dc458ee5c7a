"""Service descriptors of the SDT: the service name, its multilingual form, its CA systems.

EN 300 468 §6.2.33 service_descriptor, §6.2.28 multilingual_service_name_descriptor, §6.2.5
CA_identifier_descriptor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from epg.descriptors._fields import read_code, read_text, write_code, write_text
from epg.descriptors.base import Descriptor
from epg.descriptors.model import coded
from epg.descriptors.registry import descriptor
from epg.ids import SERVICE_TYPE_NAMES
from mpegts.bits import BitReader, BitWriter

__all__ = [
    "CAIdentifierDescriptor",
    "MultilingualServiceName",
    "MultilingualServiceNameDescriptor",
    "ServiceDescriptor",
]


@descriptor(tag=0x48)
@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDescriptor(Descriptor):
    """service_descriptor (EN 300 468 §6.2.33): what a receiver lists as the channel, with its
    provider and type (0x01 SD TV, 0x19 H.264 HD, 0x1F HEVC...)."""

    service_type: int = coded(SERVICE_TYPE_NAMES)
    service_provider_name: str
    service_name: str

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(
            service_type=reader.read_uint(8, "service_type"),
            service_provider_name=read_text(reader, "service_provider_name"),
            service_name=read_text(reader, "service_name"),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(8, self.service_type, "service_type")
        write_text(writer, self.service_provider_name, "service_provider_name")
        write_text(writer, self.service_name, "service_name")


@dataclass(frozen=True, slots=True, kw_only=True)
class MultilingualServiceName:
    """One language's provider and service name."""

    iso_639_language_code: str
    service_provider_name: str
    service_name: str


@descriptor(tag=0x5D)
@dataclass(frozen=True, slots=True, kw_only=True)
class MultilingualServiceNameDescriptor(Descriptor):
    """multilingual_service_name_descriptor (EN 300 468 §6.2.28): provider and service names
    in several languages (kaz, rus, eng) in one descriptor."""

    names: tuple[MultilingualServiceName, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        names = []
        while not reader.at_end():
            names.append(
                MultilingualServiceName(
                    iso_639_language_code=read_code(reader),
                    service_provider_name=read_text(reader, "service_provider_name"),
                    service_name=read_text(reader, "service_name"),
                )
            )
        return cls(names=tuple(names))

    def _write(self, writer: BitWriter) -> None:
        for name in self.names:
            write_code(writer, name.iso_639_language_code)
            write_text(writer, name.service_provider_name, "service_provider_name")
            write_text(writer, name.service_name, "service_name")


@descriptor(tag=0x53)
@dataclass(frozen=True, slots=True, kw_only=True)
class CAIdentifierDescriptor(Descriptor):
    """CA_identifier_descriptor (EN 300 468 §6.2.5): the CA systems a scrambled service or
    event uses, so a receiver can tell what it can decrypt before tuning."""

    ca_system_ids: tuple[int, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        ids = []
        while not reader.at_end():
            ids.append(reader.read_uint(16, "CA_system_id"))
        return cls(ca_system_ids=tuple(ids))

    def _write(self, writer: BitWriter) -> None:
        for ca_system_id in self.ca_system_ids:
            writer.write_uint(16, ca_system_id, "CA_system_id")
