"""Service Description Table (EN 300 468 §5.2.3).

The SDT names the services of a transport stream and tells a receiver which of them carry EIT
present/following and EIT schedule (without those flags many receivers never look for an EPG;
ffmpeg writes them as 0, dvb-si.md A.8). SDT actual (table_id 0x42) describes this TS and must
be repeated at least every 2 s (TR 101 290 3.5); SDT other (0x46) describes other TSs of the
network. table_id_extension is the transport_stream_id; sections are limited to 1024 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Self

from epg.errors import TableDecodeError, TableEncodeError
from epg.tables._descriptor_loops import decode_descriptors, encode_descriptors
from epg.tables._sections import build_sections, collect_sub_table, max_payload_size, split_entries
from mpegts.bits import BitReader, BitWriter
from mpegts.errors import DecodeError, EncodeError
from mpegts.ids import PID, TableId
from mpegts.section import Section

if TYPE_CHECKING:
    from epg.descriptors.registry import Descriptor

__all__ = ["SDT", "SDTService"]

_HEAD_SIZE = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class SDTService:
    """One entry of the SDT's service loop (EN 300 468 §5.2.3, table 5)."""

    service_id: int
    eit_schedule: bool = False
    eit_present_following: bool = False
    running_status: int = 0
    free_ca_mode: bool = False
    descriptors: tuple[Descriptor, ...] = ()

    def encode(self) -> bytes:
        loop = encode_descriptors(self.descriptors)
        writer = BitWriter()
        writer.write_uint(16, self.service_id, "service_id")
        writer.write_reserved(6)
        writer.write_bool(self.eit_schedule)
        writer.write_bool(self.eit_present_following)
        writer.write_uint(3, self.running_status, "running_status")
        writer.write_bool(self.free_ca_mode)
        writer.write_uint(12, len(loop), "descriptors_loop_length")
        writer.write_bytes(loop)
        return writer.getvalue()

    @classmethod
    def read(cls, reader: BitReader, *, table_id: int) -> Self:
        service_id = reader.read_uint(16, "service_id")
        reader.read_reserved(6)
        eit_schedule = reader.read_bool()
        eit_present_following = reader.read_bool()
        running_status = reader.read_uint(3, "running_status")
        free_ca_mode = reader.read_bool()
        loop = reader.read_bytes(reader.read_uint(12, "descriptors_loop_length"), "descriptors")
        return cls(
            service_id=service_id,
            eit_schedule=eit_schedule,
            eit_present_following=eit_present_following,
            running_status=running_status,
            free_ca_mode=free_ca_mode,
            descriptors=decode_descriptors(loop, table_id=table_id),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SDT:
    """One SDT sub_table: the services of transport stream `transport_stream_id`."""

    TABLE_IDS: ClassVar[frozenset[int]] = frozenset({TableId.SDT_ACTUAL, TableId.SDT_OTHER})
    PID: ClassVar[int] = PID.SDT

    transport_stream_id: int
    original_network_id: int
    services: tuple[SDTService, ...] = ()
    table_id: int = TableId.SDT_ACTUAL
    version_number: int = 0
    current_next_indicator: bool = True

    def encode(self) -> list[Section]:
        """Sections of at most 1024 bytes, each starting with original_network_id."""
        if self.table_id not in self.TABLE_IDS:
            raise TableEncodeError(f"table_id 0x{self.table_id:02X} is not an SDT")
        try:
            head = BitWriter()
            head.write_uint(16, self.original_network_id, "original_network_id")
            head.write_reserved(8)
            entries = [service.encode() for service in self.services]
            groups = split_entries(entries, max_payload_size(self.table_id) - _HEAD_SIZE)
            return build_sections(
                table_id=self.table_id,
                table_id_extension=self.transport_stream_id,
                version_number=self.version_number,
                current_next_indicator=self.current_next_indicator,
                payloads=[head.getvalue() + b"".join(group) for group in groups],
            )
        except EncodeError as exc:
            raise TableEncodeError(f"SDT: {exc}") from exc

    @classmethod
    def decode(cls, sections: Iterable[Section]) -> Self:
        """The SDT carried by all sections of one sub_table (in any order, repeats allowed)."""
        ordered = collect_sub_table(sections, cls.TABLE_IDS)
        first = ordered[0]
        onids: set[int] = set()
        services: list[SDTService] = []
        try:
            for section in ordered:
                reader = BitReader(section.payload)
                onids.add(reader.read_uint(16, "original_network_id"))
                reader.read_reserved(8)
                while not reader.at_end():
                    services.append(SDTService.read(reader, table_id=first.table_id))
        except DecodeError as exc:
            raise TableDecodeError(f"SDT: {exc}") from exc
        if len(onids) != 1:
            raise TableDecodeError(f"SDT sections disagree on original_network_id: {onids}")
        return cls(
            table_id=first.table_id,
            transport_stream_id=first.table_id_extension,
            original_network_id=onids.pop(),
            version_number=first.version_number,
            current_next_indicator=first.current_next_indicator,
            services=tuple(services),
        )
