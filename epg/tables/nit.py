"""Network Information Table (EN 300 468 §5.2.1).

The NIT tells a receiver how to tune: the network's name, then per transport stream the
delivery-system descriptor (terrestrial 0x5A, T2 0x7F/0x04, cable 0x44, satellite 0x43), the
service list and the logical channel numbers a receiver sorts its list by. NIT actual (0x40) is
due at least every 10 s (TR 101 290 3.1). table_id_extension is the network_id; sections are
limited to 1024 bytes.

Each section repeats both loops with their own lengths: the network descriptors fill the first
section(s), the transport streams follow, and a section starts whenever the next whole
descriptor or transport stream entry would not fit (`_sections.split_entries`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Self

from epg.errors import TableDecodeError, TableEncodeError
from epg.tables._descriptor_loops import decode_descriptors, encode_descriptors
from epg.tables._sections import (
    LOOP_LENGTH_SIZE,
    build_sections,
    collect_sub_table,
    loop_with_length,
    max_payload_size,
    read_loop,
    split_entries,
)
from mpegts.bits import BitReader, BitWriter
from mpegts.errors import DecodeError, EncodeError
from mpegts.ids import PID, TableId
from mpegts.section import Section

if TYPE_CHECKING:
    from epg.descriptors.registry import Descriptor

__all__ = ["NIT", "NITTransportStream"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NITTransportStream:
    """One entry of the NIT's transport stream loop (EN 300 468 §5.2.1, table 3)."""

    transport_stream_id: int
    original_network_id: int
    descriptors: tuple[Descriptor, ...] = ()

    def encode(self) -> bytes:
        writer = BitWriter()
        writer.write_uint(16, self.transport_stream_id, "transport_stream_id")
        writer.write_uint(16, self.original_network_id, "original_network_id")
        return writer.getvalue() + loop_with_length(encode_descriptors(self.descriptors))

    @classmethod
    def read(cls, reader: BitReader, *, table_id: int) -> Self:
        transport_stream_id = reader.read_uint(16, "transport_stream_id")
        original_network_id = reader.read_uint(16, "original_network_id")
        loop = read_loop(reader, "transport_descriptors")
        return cls(
            transport_stream_id=transport_stream_id,
            original_network_id=original_network_id,
            descriptors=decode_descriptors(loop, table_id=table_id),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class NIT:
    """One NIT sub_table: network `network_id` and its transport streams."""

    TABLE_IDS: ClassVar[frozenset[int]] = frozenset({TableId.NIT_ACTUAL, TableId.NIT_OTHER})
    PID: ClassVar[int] = PID.NIT

    network_id: int
    descriptors: tuple[Descriptor, ...] = ()
    transport_streams: tuple[NITTransportStream, ...] = ()
    table_id: int = TableId.NIT_ACTUAL
    version_number: int = 0
    current_next_indicator: bool = True

    def _payloads(self) -> list[bytes]:
        room = max_payload_size(self.table_id) - 2 * LOOP_LENGTH_SIZE
        network = [encode_descriptors((descriptor,)) for descriptor in self.descriptors]
        network_groups = split_entries(network, room)
        left = room - sum(map(len, network_groups[-1]))
        streams = [stream.encode() for stream in self.transport_streams]
        stream_groups = split_entries(streams, room, first_capacity=left)
        empty: list[bytes] = []
        pairs = [(group, empty) for group in network_groups[:-1]]
        pairs.append((network_groups[-1], stream_groups[0]))
        pairs.extend((empty, group) for group in stream_groups[1:])
        return [
            loop_with_length(b"".join(net)) + loop_with_length(b"".join(ts)) for net, ts in pairs
        ]

    def encode(self) -> list[Section]:
        """Sections of at most 1024 bytes; whole descriptors and entries never straddle two."""
        if self.table_id not in self.TABLE_IDS:
            raise TableEncodeError(f"table_id 0x{self.table_id:02X} is not a NIT")
        try:
            return build_sections(
                table_id=self.table_id,
                table_id_extension=self.network_id,
                version_number=self.version_number,
                current_next_indicator=self.current_next_indicator,
                payloads=self._payloads(),
            )
        except EncodeError as exc:
            raise TableEncodeError(f"NIT: {exc}") from exc

    @classmethod
    def decode(cls, sections: Iterable[Section]) -> Self:
        """The NIT carried by all sections of one sub_table (in any order, repeats allowed)."""
        ordered = collect_sub_table(sections, cls.TABLE_IDS)
        first = ordered[0]
        network: list[Descriptor] = []
        streams: list[NITTransportStream] = []
        try:
            for section in ordered:
                reader = BitReader(section.payload)
                loop = read_loop(reader, "network_descriptors")
                network.extend(decode_descriptors(loop, table_id=first.table_id))
                entries = BitReader(read_loop(reader, "transport_stream_loop"))
                while not entries.at_end():
                    streams.append(NITTransportStream.read(entries, table_id=first.table_id))
                if not reader.at_end():
                    raise TableDecodeError(f"NIT: {reader.remaining_bytes} bytes after the loops")
        except DecodeError as exc:
            raise TableDecodeError(f"NIT: {exc}") from exc
        return cls(
            table_id=first.table_id,
            network_id=first.table_id_extension,
            version_number=first.version_number,
            current_next_indicator=first.current_next_indicator,
            descriptors=tuple(network),
            transport_streams=tuple(streams),
        )
