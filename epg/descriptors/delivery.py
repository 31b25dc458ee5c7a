"""Delivery system descriptors of the NIT: where and how a receiver tunes to a multiplex.

EN 300 468 §6.2.13.2 satellite (0x43), §6.2.13.1 cable (0x44), §6.2.13.4 terrestrial (0x5A),
§6.2.13.3 S2_satellite (0x79), §6.2.17 frequency_list (0x62); §6.4.6.3 T2 (extension 0x04) is
in :mod:`epg.descriptors.delivery_t2` and exported from here too.

Frequencies are modelled in Hz and symbol rates in symbols/s whatever the wire unit (10 kHz,
100 Hz or 10 Hz; 100 symbols/s), so values from different systems compare directly; encoding
refuses a value that is not a whole number of the wire unit. Orbital positions stay in the
wire's tenths of a degree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from epg.descriptors._fields import read_bcd, wire_units, write_bcd
from epg.descriptors.base import Descriptor
from epg.descriptors.delivery_t2 import T2Cell, T2DeliverySystemDescriptor, T2Details, T2Subcell
from epg.descriptors.model import coded
from epg.descriptors.registry import descriptor
from epg.ids import (
    BANDWIDTH_NAMES,
    CABLE_MODULATION_NAMES,
    CODE_RATE_NAMES,
    CONSTELLATION_NAMES,
    FEC_INNER_NAMES,
    FEC_OUTER_NAMES,
    FREQUENCY_CODING_TYPE_NAMES,
    GUARD_INTERVAL_NAMES,
    HIERARCHY_NAMES,
    POLARIZATION_NAMES,
    ROLL_OFF_NAMES,
    SATELLITE_MODULATION_NAMES,
    TRANSMISSION_MODE_NAMES,
    WEST_EAST_NAMES,
)
from mpegts.bits import BitReader, BitWriter

__all__ = [
    "CableDeliverySystemDescriptor",
    "FrequencyListDescriptor",
    "S2SatelliteDeliverySystemDescriptor",
    "SatelliteDeliverySystemDescriptor",
    "T2Cell",
    "T2DeliverySystemDescriptor",
    "T2Details",
    "T2Subcell",
    "TerrestrialDeliverySystemDescriptor",
]

_MODULATION_SYSTEM_NAMES = {0: "DVB-S", 1: "DVB-S2"}


@descriptor(tag=0x43)
@dataclass(frozen=True, slots=True, kw_only=True)
class SatelliteDeliverySystemDescriptor(Descriptor):
    """satellite_delivery_system_descriptor (EN 300 468 §6.2.13.2), DVB-S and DVB-S2.

    ``frequency`` in Hz (8 BCD digits of 10 kHz), ``orbital_position`` in tenths of a degree
    (4 BCD digits), ``symbol_rate`` in symbols/s (7 BCD digits of 100). roll_off is meaningful
    for DVB-S2 (modulation_system 1) only and is 0 for DVB-S.
    """

    frequency: int
    orbital_position: int
    west_east: int = coded(WEST_EAST_NAMES)
    polarization: int = coded(POLARIZATION_NAMES)
    roll_off: int = coded(ROLL_OFF_NAMES)
    modulation_system: int = coded(_MODULATION_SYSTEM_NAMES)
    modulation_type: int = coded(SATELLITE_MODULATION_NAMES)
    symbol_rate: int
    fec_inner: int = coded(FEC_INNER_NAMES)

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(
            frequency=read_bcd(reader, 8, "frequency") * 10_000,
            orbital_position=read_bcd(reader, 4, "orbital_position"),
            west_east=reader.read_uint(1, "west_east_flag"),
            polarization=reader.read_uint(2, "polarization"),
            roll_off=reader.read_uint(2, "roll_off"),
            modulation_system=reader.read_uint(1, "modulation_system"),
            modulation_type=reader.read_uint(2, "modulation_type"),
            symbol_rate=read_bcd(reader, 7, "symbol_rate") * 100,
            fec_inner=reader.read_uint(4, "FEC_inner"),
        )

    def _write(self, writer: BitWriter) -> None:
        write_bcd(writer, 8, wire_units(self.frequency, 10_000, "frequency"), "frequency")
        write_bcd(writer, 4, self.orbital_position, "orbital_position")
        writer.write_uint(1, self.west_east, "west_east_flag")
        writer.write_uint(2, self.polarization, "polarization")
        writer.write_uint(2, self.roll_off, "roll_off")
        writer.write_uint(1, self.modulation_system, "modulation_system")
        writer.write_uint(2, self.modulation_type, "modulation_type")
        write_bcd(writer, 7, wire_units(self.symbol_rate, 100, "symbol_rate"), "symbol_rate")
        writer.write_uint(4, self.fec_inner, "FEC_inner")


@descriptor(tag=0x44)
@dataclass(frozen=True, slots=True, kw_only=True)
class CableDeliverySystemDescriptor(Descriptor):
    """cable_delivery_system_descriptor (EN 300 468 §6.2.13.1), DVB-C.

    ``frequency`` in Hz (8 BCD digits of 100 Hz), ``symbol_rate`` in symbols/s (7 BCD digits of
    100).
    """

    frequency: int
    fec_outer: int = coded(FEC_OUTER_NAMES)
    modulation: int = coded(CABLE_MODULATION_NAMES)
    symbol_rate: int
    fec_inner: int = coded(FEC_INNER_NAMES)

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        frequency = read_bcd(reader, 8, "frequency") * 100
        reader.read_reserved(12)
        return cls(
            frequency=frequency,
            fec_outer=reader.read_uint(4, "FEC_outer"),
            modulation=reader.read_uint(8, "modulation"),
            symbol_rate=read_bcd(reader, 7, "symbol_rate") * 100,
            fec_inner=reader.read_uint(4, "FEC_inner"),
        )

    def _write(self, writer: BitWriter) -> None:
        write_bcd(writer, 8, wire_units(self.frequency, 100, "frequency"), "frequency")
        writer.write_reserved(12)
        writer.write_uint(4, self.fec_outer, "FEC_outer")
        writer.write_uint(8, self.modulation, "modulation")
        write_bcd(writer, 7, wire_units(self.symbol_rate, 100, "symbol_rate"), "symbol_rate")
        writer.write_uint(4, self.fec_inner, "FEC_inner")


@descriptor(tag=0x5A)
@dataclass(frozen=True, slots=True, kw_only=True)
class TerrestrialDeliverySystemDescriptor(Descriptor):
    """terrestrial_delivery_system_descriptor (EN 300 468 §6.2.13.4), DVB-T.

    ``centre_frequency`` in Hz (32-bit binary count of 10 Hz; all ones, 42949672950 Hz, is
    what some networks send for "unspecified"). ``priority`` is True for the high-priority
    stream (or a non-hierarchical one). ``time_slicing_indicator`` and ``mpe_fec_indicator``
    are the wire bits: 1 means *not* used (DVB-H).
    """

    centre_frequency: int
    bandwidth: int = coded(BANDWIDTH_NAMES)
    priority: bool = True
    time_slicing_indicator: bool = True
    mpe_fec_indicator: bool = True
    constellation: int = coded(CONSTELLATION_NAMES)
    hierarchy_information: int = coded(HIERARCHY_NAMES)
    code_rate_hp_stream: int = coded(CODE_RATE_NAMES)
    code_rate_lp_stream: int = coded(CODE_RATE_NAMES)
    guard_interval: int = coded(GUARD_INTERVAL_NAMES)
    transmission_mode: int = coded(TRANSMISSION_MODE_NAMES)
    other_frequency: bool = False

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        centre_frequency = reader.read_uint(32, "centre_frequency") * 10
        bandwidth = reader.read_uint(3, "bandwidth")
        priority = reader.read_bool("priority")
        time_slicing_indicator = reader.read_bool("time_slicing_indicator")
        mpe_fec_indicator = reader.read_bool("MPE-FEC_indicator")
        reader.read_reserved(2)
        obj = cls(
            centre_frequency=centre_frequency,
            bandwidth=bandwidth,
            priority=priority,
            time_slicing_indicator=time_slicing_indicator,
            mpe_fec_indicator=mpe_fec_indicator,
            constellation=reader.read_uint(2, "constellation"),
            hierarchy_information=reader.read_uint(3, "hierarchy_information"),
            code_rate_hp_stream=reader.read_uint(3, "code_rate-HP_stream"),
            code_rate_lp_stream=reader.read_uint(3, "code_rate-LP_stream"),
            guard_interval=reader.read_uint(2, "guard_interval"),
            transmission_mode=reader.read_uint(2, "transmission_mode"),
            other_frequency=reader.read_bool("other_frequency_flag"),
        )
        reader.read_reserved(32)
        return obj

    def _write(self, writer: BitWriter) -> None:
        frequency = wire_units(self.centre_frequency, 10, "centre_frequency")
        writer.write_uint(32, frequency, "centre_frequency")
        writer.write_uint(3, self.bandwidth, "bandwidth")
        writer.write_bool(self.priority, "priority")
        writer.write_bool(self.time_slicing_indicator, "time_slicing_indicator")
        writer.write_bool(self.mpe_fec_indicator, "MPE-FEC_indicator")
        writer.write_reserved(2)
        writer.write_uint(2, self.constellation, "constellation")
        writer.write_uint(3, self.hierarchy_information, "hierarchy_information")
        writer.write_uint(3, self.code_rate_hp_stream, "code_rate-HP_stream")
        writer.write_uint(3, self.code_rate_lp_stream, "code_rate-LP_stream")
        writer.write_uint(2, self.guard_interval, "guard_interval")
        writer.write_uint(2, self.transmission_mode, "transmission_mode")
        writer.write_bool(self.other_frequency, "other_frequency_flag")
        writer.write_reserved(32)


@descriptor(tag=0x79)
@dataclass(frozen=True, slots=True, kw_only=True)
class S2SatelliteDeliverySystemDescriptor(Descriptor):
    """S2_satellite_delivery_system_descriptor (EN 300 468 §6.2.13.3), next to 0x43 for DVB-S2.

    ``scrambling_sequence_index`` is present iff scrambling_sequence_selector is 1,
    ``input_stream_identifier`` iff multiple_input_stream_flag is 1, ``timeslice_number`` iff
    not_timeslice_flag is 0.
    """

    backwards_compatibility_indicator: bool = False
    ts_gs_mode: int = 3
    scrambling_sequence_index: int | None = None
    input_stream_identifier: int | None = None
    timeslice_number: int | None = None

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        scrambling = reader.read_bool("scrambling_sequence_selector")
        multiple = reader.read_bool("multiple_input_stream_flag")
        backwards = reader.read_bool("backwards_compatibility_indicator")
        not_timeslice = reader.read_bool("not_timeslice_flag")
        reader.read_reserved(2)
        ts_gs_mode = reader.read_uint(2, "TS_GS_mode")
        index = None
        if scrambling:
            reader.read_reserved(6)
            index = reader.read_uint(18, "scrambling_sequence_index")
        stream = reader.read_uint(8, "input_stream_identifier") if multiple else None
        timeslice = None if not_timeslice else reader.read_uint(8, "timeslice_number")
        return cls(
            backwards_compatibility_indicator=backwards,
            ts_gs_mode=ts_gs_mode,
            scrambling_sequence_index=index,
            input_stream_identifier=stream,
            timeslice_number=timeslice,
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_bool(self.scrambling_sequence_index is not None)
        writer.write_bool(self.input_stream_identifier is not None)
        writer.write_bool(self.backwards_compatibility_indicator)
        writer.write_bool(self.timeslice_number is None)
        writer.write_reserved(2)
        writer.write_uint(2, self.ts_gs_mode, "TS_GS_mode")
        if self.scrambling_sequence_index is not None:
            writer.write_reserved(6)
            writer.write_uint(18, self.scrambling_sequence_index, "scrambling_sequence_index")
        if self.input_stream_identifier is not None:
            writer.write_uint(8, self.input_stream_identifier, "input_stream_identifier")
        if self.timeslice_number is not None:
            writer.write_uint(8, self.timeslice_number, "timeslice_number")


# centre_frequency wire form per coding_type (EN 300 468 §6.2.17): (BCD?, unit in Hz)
_FREQUENCY_CODING = {1: (True, 10_000), 2: (True, 100), 3: (False, 10)}


@descriptor(tag=0x62)
@dataclass(frozen=True, slots=True, kw_only=True)
class FrequencyListDescriptor(Descriptor):
    """frequency_list_descriptor (EN 300 468 §6.2.17): other frequencies carrying the same
    multiplex. ``centre_frequencies`` are in Hz, decoded per ``coding_type`` (1 satellite BCD,
    2 cable BCD, 3 terrestrial binary); for coding_type 0 (not defined) they are the raw 32-bit
    values."""

    coding_type: int = coded(FREQUENCY_CODING_TYPE_NAMES)
    centre_frequencies: tuple[int, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        reader.read_reserved(6)
        coding_type = reader.read_uint(2, "coding_type")
        bcd, unit = _FREQUENCY_CODING.get(coding_type, (False, 1))
        frequencies = []
        while not reader.at_end():
            raw = (
                read_bcd(reader, 8, "centre_frequency")
                if bcd
                else reader.read_uint(32, "centre_frequency")
            )
            frequencies.append(raw * unit)
        return cls(coding_type=coding_type, centre_frequencies=tuple(frequencies))

    def _write(self, writer: BitWriter) -> None:
        writer.write_reserved(6)
        writer.write_uint(2, self.coding_type, "coding_type")
        bcd, unit = _FREQUENCY_CODING.get(self.coding_type, (False, 1))
        for frequency in self.centre_frequencies:
            raw = wire_units(frequency, unit, "centre_frequency")
            if bcd:
                write_bcd(writer, 8, raw, "centre_frequency")
            else:
                writer.write_uint(32, raw, "centre_frequency")
