"""T2_delivery_system_descriptor (EN 300 468 §6.4.6.3): DVB-T2, extension 0x04 of tag 0x7F.

Part of the NIT's delivery descriptors (:mod:`epg.descriptors.delivery` exports these names as
well). Frequencies are in Hz (10 Hz on the wire); a cell has one centre frequency, or a list of
them when TFS (time-frequency slicing) is used, and its transposers (subcells).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from epg.descriptors._fields import wire_units
from epg.descriptors.base import Descriptor
from epg.descriptors.model import coded
from epg.descriptors.registry import descriptor
from epg.errors import DescriptorEncodeError
from epg.ids import (
    SISO_MISO_NAMES,
    T2_BANDWIDTH_NAMES,
    T2_GUARD_INTERVAL_NAMES,
    T2_TRANSMISSION_MODE_NAMES,
)
from mpegts.bits import BitReader, BitWriter

__all__ = ["T2Cell", "T2DeliverySystemDescriptor", "T2Details", "T2Subcell"]


@dataclass(frozen=True, slots=True, kw_only=True)
class T2Subcell:
    """A transposer of a T2 cell: cell_id_extension and its frequency in Hz."""

    cell_id_extension: int
    transposer_frequency: int


@dataclass(frozen=True, slots=True, kw_only=True)
class T2Cell:
    """One cell: its id, its centre frequencies in Hz (exactly one unless TFS is used) and its
    transposers."""

    cell_id: int
    centre_frequencies: tuple[int, ...]
    subcells: tuple[T2Subcell, ...] = ()

    @classmethod
    def read(cls, reader: BitReader, *, tfs: bool) -> Self:
        cell_id = reader.read_uint(16, "cell_id")
        if tfs:
            loop = reader.read_reader(reader.read_uint(8, "frequency_loop_length"), "frequencies")
            frequencies = []
            while not loop.at_end():
                frequencies.append(loop.read_uint(32, "centre_frequency") * 10)
        else:
            frequencies = [reader.read_uint(32, "centre_frequency") * 10]
        loop = reader.read_reader(reader.read_uint(8, "subcell_info_loop_length"), "subcells")
        subcells = []
        while not loop.at_end():
            extension = loop.read_uint(8, "cell_id_extension")
            frequency = loop.read_uint(32, "transposer_frequency") * 10
            subcells.append(T2Subcell(cell_id_extension=extension, transposer_frequency=frequency))
        return cls(cell_id=cell_id, centre_frequencies=tuple(frequencies), subcells=tuple(subcells))

    def write(self, writer: BitWriter, *, tfs: bool) -> None:
        writer.write_uint(16, self.cell_id, "cell_id")
        if tfs:
            writer.write_uint(8, 4 * len(self.centre_frequencies), "frequency_loop_length")
        elif len(self.centre_frequencies) != 1:
            raise DescriptorEncodeError(
                f"cell {self.cell_id}: without TFS a cell has exactly one centre_frequency"
            )
        for frequency in self.centre_frequencies:
            writer.write_uint(32, wire_units(frequency, 10, "centre_frequency"), "centre_frequency")
        writer.write_uint(8, 5 * len(self.subcells), "subcell_info_loop_length")
        for sub in self.subcells:
            writer.write_uint(8, sub.cell_id_extension, "cell_id_extension")
            frequency = wire_units(sub.transposer_frequency, 10, "transposer_frequency")
            writer.write_uint(32, frequency, "transposer_frequency")


@dataclass(frozen=True, slots=True, kw_only=True)
class T2Details:
    """The optional part of the T2 delivery descriptor: modulation parameters and cells."""

    siso_miso: int = coded(SISO_MISO_NAMES)
    bandwidth: int = coded(T2_BANDWIDTH_NAMES)
    guard_interval: int = coded(T2_GUARD_INTERVAL_NAMES)
    transmission_mode: int = coded(T2_TRANSMISSION_MODE_NAMES)
    other_frequency: bool = False
    tfs: bool = False
    cells: tuple[T2Cell, ...] = ()

    @classmethod
    def read(cls, reader: BitReader) -> Self:
        siso_miso = reader.read_uint(2, "SISO/MISO")
        bandwidth = reader.read_uint(4, "bandwidth")
        reader.read_reserved(2)
        guard_interval = reader.read_uint(3, "guard_interval")
        transmission_mode = reader.read_uint(3, "transmission_mode")
        other_frequency = reader.read_bool("other_frequency_flag")
        tfs = reader.read_bool("tfs_flag")
        cells = []
        while not reader.at_end():
            cells.append(T2Cell.read(reader, tfs=tfs))
        return cls(
            siso_miso=siso_miso,
            bandwidth=bandwidth,
            guard_interval=guard_interval,
            transmission_mode=transmission_mode,
            other_frequency=other_frequency,
            tfs=tfs,
            cells=tuple(cells),
        )

    def write(self, writer: BitWriter) -> None:
        writer.write_uint(2, self.siso_miso, "SISO/MISO")
        writer.write_uint(4, self.bandwidth, "bandwidth")
        writer.write_reserved(2)
        writer.write_uint(3, self.guard_interval, "guard_interval")
        writer.write_uint(3, self.transmission_mode, "transmission_mode")
        writer.write_bool(self.other_frequency, "other_frequency_flag")
        writer.write_bool(self.tfs, "tfs_flag")
        for cell in self.cells:
            cell.write(writer, tfs=self.tfs)


@descriptor(tag=0x7F, extension=0x04)
@dataclass(frozen=True, slots=True, kw_only=True)
class T2DeliverySystemDescriptor(Descriptor):
    """T2_delivery_system_descriptor (EN 300 468 §6.4.6.3), DVB-T2: extension 0x04 of tag 0x7F.

    ``details`` is None when the descriptor carries only plp_id and T2_system_id (the short
    form a network uses when the parameters are signalled elsewhere).
    """

    plp_id: int
    t2_system_id: int
    details: T2Details | None = None

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        plp_id = reader.read_uint(8, "plp_id")
        t2_system_id = reader.read_uint(16, "T2_system_id")
        details = None if reader.at_end() else T2Details.read(reader)
        return cls(plp_id=plp_id, t2_system_id=t2_system_id, details=details)

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(8, self.plp_id, "plp_id")
        writer.write_uint(16, self.t2_system_id, "T2_system_id")
        if self.details is not None:
            self.details.write(writer)
