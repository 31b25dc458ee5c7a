"""Network-level descriptors of the NIT and BAT: names, service list, linkages.

EN 300 468 §6.2.27 network_name, §6.2.4 bouquet_name, §6.2.26/§6.2.25 their multilingual
forms, §6.2.35 service_list, §6.2.19 linkage, §6.4.15 URI_linkage (extension 0x13).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from epg.descriptors._fields import (
    read_code,
    read_rest_text,
    read_text,
    write_code,
    write_rest_text,
    write_text,
)
from epg.descriptors.base import Descriptor
from epg.descriptors.model import coded
from epg.descriptors.registry import descriptor
from epg.errors import DescriptorEncodeError
from epg.ids import LINKAGE_TYPE_NAMES, SERVICE_TYPE_NAMES, URI_LINKAGE_TYPE_NAMES
from mpegts.bits import BitReader, BitWriter

__all__ = [
    "BouquetNameDescriptor",
    "LinkageDescriptor",
    "MultilingualBouquetNameDescriptor",
    "MultilingualName",
    "MultilingualNetworkNameDescriptor",
    "NetworkNameDescriptor",
    "ServiceListDescriptor",
    "ServiceListEntry",
    "URILinkageDescriptor",
]


@descriptor(tag=0x40)
@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkNameDescriptor(Descriptor):
    """network_name_descriptor (EN 300 468 §6.2.27): the NIT's network name, a DVB string
    filling the payload."""

    network_name: str

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(network_name=read_rest_text(reader))

    def _write(self, writer: BitWriter) -> None:
        write_rest_text(writer, self.network_name, "network_name")


@descriptor(tag=0x47)
@dataclass(frozen=True, slots=True, kw_only=True)
class BouquetNameDescriptor(Descriptor):
    """bouquet_name_descriptor (EN 300 468 §6.2.4): the BAT's bouquet name."""

    bouquet_name: str

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(bouquet_name=read_rest_text(reader))

    def _write(self, writer: BitWriter) -> None:
        write_rest_text(writer, self.bouquet_name, "bouquet_name")


@dataclass(frozen=True, slots=True, kw_only=True)
class MultilingualName:
    """One (language, name) pair of a multilingual network or bouquet name."""

    iso_639_language_code: str
    name: str

    @classmethod
    def read(cls, reader: BitReader) -> Self:
        return cls(iso_639_language_code=read_code(reader), name=read_text(reader, "name"))

    def write(self, writer: BitWriter) -> None:
        write_code(writer, self.iso_639_language_code)
        write_text(writer, self.name, "name")


def _read_names(reader: BitReader) -> tuple[MultilingualName, ...]:
    names = []
    while not reader.at_end():
        names.append(MultilingualName.read(reader))
    return tuple(names)


@descriptor(tag=0x5B)
@dataclass(frozen=True, slots=True, kw_only=True)
class MultilingualNetworkNameDescriptor(Descriptor):
    """multilingual_network_name_descriptor (EN 300 468 §6.2.26): the network name in several
    languages (kaz, rus, eng), in one descriptor."""

    names: tuple[MultilingualName, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(names=_read_names(reader))

    def _write(self, writer: BitWriter) -> None:
        for name in self.names:
            name.write(writer)


@descriptor(tag=0x5C)
@dataclass(frozen=True, slots=True, kw_only=True)
class MultilingualBouquetNameDescriptor(Descriptor):
    """multilingual_bouquet_name_descriptor (EN 300 468 §6.2.25)."""

    names: tuple[MultilingualName, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(names=_read_names(reader))

    def _write(self, writer: BitWriter) -> None:
        for name in self.names:
            name.write(writer)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceListEntry:
    """One service of a service_list_descriptor."""

    service_id: int
    service_type: int = coded(SERVICE_TYPE_NAMES)


@descriptor(tag=0x41)
@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceListDescriptor(Descriptor):
    """service_list_descriptor (EN 300 468 §6.2.35): the services of a transport stream, in the
    NIT's transport-stream loop; receivers use it to scan."""

    services: tuple[ServiceListEntry, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        services = []
        while not reader.at_end():
            service_id = reader.read_uint(16, "service_id")
            service_type = reader.read_uint(8, "service_type")
            services.append(ServiceListEntry(service_id=service_id, service_type=service_type))
        return cls(services=tuple(services))

    def _write(self, writer: BitWriter) -> None:
        for entry in self.services:
            writer.write_uint(16, entry.service_id, "service_id")
            writer.write_uint(8, entry.service_type, "service_type")


@descriptor(tag=0x4A)
@dataclass(frozen=True, slots=True, kw_only=True)
class LinkageDescriptor(Descriptor):
    """linkage_descriptor (EN 300 468 §6.2.19): a pointer to another DVB service.

    The type-specific part that follows linkage_type (mobile hand-over, event linkage, SSU
    data...) is kept as ``private_data`` bytes: we read linkages, we do not build them.
    """

    transport_stream_id: int
    original_network_id: int
    service_id: int
    linkage_type: int = coded(LINKAGE_TYPE_NAMES)
    private_data: bytes = b""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(
            transport_stream_id=reader.read_uint(16, "transport_stream_id"),
            original_network_id=reader.read_uint(16, "original_network_id"),
            service_id=reader.read_uint(16, "service_id"),
            linkage_type=reader.read_uint(8, "linkage_type"),
            private_data=reader.read_rest(),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(16, self.transport_stream_id, "transport_stream_id")
        writer.write_uint(16, self.original_network_id, "original_network_id")
        writer.write_uint(16, self.service_id, "service_id")
        writer.write_uint(8, self.linkage_type, "linkage_type")
        writer.write_bytes(self.private_data, "private_data")


_POLLED_URI_TYPES = frozenset({0x00, 0x01})


@descriptor(tag=0x7F, extension=0x13)
@dataclass(frozen=True, slots=True, kw_only=True)
class URILinkageDescriptor(Descriptor):
    """URI_linkage_descriptor (EN 300 468 §6.4.15): a URI with a type (0x00 CI Plus online
    SDT, 0x01 DVB-IPTV SD&S, 0x02 companion screen MRS, 0x03 DVB-I, 0x80-0xFF user defined).

    Structured but not displayed by receivers; the follow-up test URL is primarily an
    extended_event item. ``min_polling_interval`` is present exactly for types 0x00 and 0x01;
    the bytes after it (type-specific or private data) are kept as ``private_data``.
    """

    uri_linkage_type: int = coded(URI_LINKAGE_TYPE_NAMES)
    uri: str
    min_polling_interval: int | None = None
    private_data: bytes = b""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        uri_linkage_type = reader.read_uint(8, "uri_linkage_type")
        uri = reader.read_bytes(reader.read_uint(8, "uri_length"), "uri")
        interval = None
        if uri_linkage_type in _POLLED_URI_TYPES:
            interval = reader.read_uint(16, "min_polling_interval")
        return cls(
            uri_linkage_type=uri_linkage_type,
            uri=uri.decode("utf-8", errors="replace"),
            min_polling_interval=interval,
            private_data=reader.read_rest(),
        )

    def _write(self, writer: BitWriter) -> None:
        polled = self.uri_linkage_type in _POLLED_URI_TYPES
        if polled != (self.min_polling_interval is not None):
            raise DescriptorEncodeError(
                "min_polling_interval is required for uri_linkage_type 0x00/0x01 and only there"
            )
        try:
            uri = self.uri.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise DescriptorEncodeError(f"uri {self.uri!r} is not valid Unicode") from exc
        writer.write_uint(8, self.uri_linkage_type, "uri_linkage_type")
        writer.write_uint(8, len(uri), "uri_length")
        writer.write_bytes(uri, "uri")
        if self.min_polling_interval is not None:
            writer.write_uint(16, self.min_polling_interval, "min_polling_interval")
        writer.write_bytes(self.private_data, "private_data")
