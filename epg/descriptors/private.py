"""Private descriptors: the private_data_specifier and the logical channel number variants.

EN 300 468 §6.2.31: tags 0x80-0xFE mean something only under the private_data_specifier in
force (TS 101 162 registers the values). LCN descriptors are the private ones every receiver
reads; their layouts:

* EACEM/EICTA (PDS 0x28, IEC 62216): 0x83 logical_channel and 0x88 HD_simulcast_logical_channel,
  ``service_id(16) visible_service_flag(1) reserved(5) logical_channel_number(10)``;
* NorDig (PDS 0x29, NorDig Unified §12.2.9): 0x83 v1 with ``visible(1) reserved(1) lcn(14)``,
  and 0x87 v2 grouping channels into named, per-country channel lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from epg.descriptors._fields import read_code, read_text, write_code, write_text
from epg.descriptors.base import Descriptor
from epg.descriptors.model import coded
from epg.descriptors.registry import descriptor
from epg.ids import PRIVATE_DATA_SPECIFIER_NAMES, PrivateDataSpecifier
from mpegts.bits import BitReader, BitWriter

__all__ = [
    "HDSimulcastLogicalChannelDescriptor",
    "LogicalChannel",
    "LogicalChannelDescriptor",
    "NorDigChannelList",
    "NorDigLogicalChannelV1Descriptor",
    "NorDigLogicalChannelV2Descriptor",
    "PrivateDataSpecifierDescriptor",
]

_EACEM = PrivateDataSpecifier.EACEM
_NORDIG = PrivateDataSpecifier.NORDIG


@descriptor(tag=0x5F)
@dataclass(frozen=True, slots=True, kw_only=True)
class PrivateDataSpecifierDescriptor(Descriptor):
    """private_data_specifier_descriptor (EN 300 468 §6.2.31): puts a PDS in force for the
    private descriptors that follow it in the same loop."""

    private_data_specifier: int = coded(PRIVATE_DATA_SPECIFIER_NAMES)

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(private_data_specifier=reader.read_uint(32, "private_data_specifier"))

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(32, self.private_data_specifier, "private_data_specifier")


@dataclass(frozen=True, slots=True, kw_only=True)
class LogicalChannel:
    """One service's channel number; ``visible_service`` False hides it from the channel list."""

    service_id: int
    visible_service: bool = True
    logical_channel_number: int

    @classmethod
    def read(cls, reader: BitReader, *, reserved: int) -> Self:
        service_id = reader.read_uint(16, "service_id")
        visible = reader.read_bool("visible_service_flag")
        reader.read_reserved(reserved)
        number = reader.read_uint(15 - reserved, "logical_channel_number")
        return cls(service_id=service_id, visible_service=visible, logical_channel_number=number)

    def write(self, writer: BitWriter, *, reserved: int) -> None:
        writer.write_uint(16, self.service_id, "service_id")
        writer.write_bool(self.visible_service, "visible_service_flag")
        writer.write_reserved(reserved)
        writer.write_uint(15 - reserved, self.logical_channel_number, "logical_channel_number")


def _read_channels(reader: BitReader, reserved: int) -> tuple[LogicalChannel, ...]:
    channels = []
    while not reader.at_end():
        channels.append(LogicalChannel.read(reader, reserved=reserved))
    return tuple(channels)


def _write_channels(writer: BitWriter, channels: tuple[LogicalChannel, ...], reserved: int) -> None:
    for channel in channels:
        channel.write(writer, reserved=reserved)


@descriptor(tag=0x83, pds=_EACEM, name="logical_channel")
@dataclass(frozen=True, slots=True, kw_only=True)
class LogicalChannelDescriptor(Descriptor):
    """EACEM/EICTA logical_channel_descriptor (tag 0x83 under PDS 0x28, IEC 62216 / E-Book):
    10-bit channel numbers, in the NIT's transport-stream loop."""

    channels: tuple[LogicalChannel, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(channels=_read_channels(reader, 5))

    def _write(self, writer: BitWriter) -> None:
        _write_channels(writer, self.channels, 5)


@descriptor(tag=0x88, pds=_EACEM, name="hd_simulcast_logical_channel")
@dataclass(frozen=True, slots=True, kw_only=True)
class HDSimulcastLogicalChannelDescriptor(Descriptor):
    """EACEM HD_simulcast_logical_channel_descriptor (tag 0x88 under PDS 0x28): the numbers an
    HD-capable receiver uses instead of those of 0x83."""

    channels: tuple[LogicalChannel, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(channels=_read_channels(reader, 5))

    def _write(self, writer: BitWriter) -> None:
        _write_channels(writer, self.channels, 5)


@descriptor(tag=0x83, pds=_NORDIG, name="nordig_logical_channel_v1")
@dataclass(frozen=True, slots=True, kw_only=True)
class NorDigLogicalChannelV1Descriptor(Descriptor):
    """NorDig logical_channel_descriptor v1 (tag 0x83 under PDS 0x29): 14-bit numbers."""

    channels: tuple[LogicalChannel, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(channels=_read_channels(reader, 1))

    def _write(self, writer: BitWriter) -> None:
        _write_channels(writer, self.channels, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class NorDigChannelList:
    """One channel list of the NorDig v2 descriptor (e.g. per region or per country)."""

    channel_list_id: int
    channel_list_name: str
    country_code: str
    channels: tuple[LogicalChannel, ...]

    @classmethod
    def read(cls, reader: BitReader) -> Self:
        list_id = reader.read_uint(8, "channel_list_id")
        name = read_text(reader, "channel_list_name")
        country = read_code(reader, "country_code")
        loop = reader.read_reader(reader.read_uint(8, "descriptor_length"), "channels")
        return cls(
            channel_list_id=list_id,
            channel_list_name=name,
            country_code=country,
            channels=_read_channels(loop, 5),
        )

    def write(self, writer: BitWriter) -> None:
        writer.write_uint(8, self.channel_list_id, "channel_list_id")
        write_text(writer, self.channel_list_name, "channel_list_name")
        write_code(writer, self.country_code, "country_code")
        writer.write_uint(8, 4 * len(self.channels), "descriptor_length")
        _write_channels(writer, self.channels, 5)


@descriptor(tag=0x87, pds=_NORDIG, name="nordig_logical_channel_v2")
@dataclass(frozen=True, slots=True, kw_only=True)
class NorDigLogicalChannelV2Descriptor(Descriptor):
    """NorDig logical_channel_descriptor v2 (tag 0x87 under PDS 0x29): channel lists."""

    channel_lists: tuple[NorDigChannelList, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        lists = []
        while not reader.at_end():
            lists.append(NorDigChannelList.read(reader))
        return cls(channel_lists=tuple(lists))

    def _write(self, writer: BitWriter) -> None:
        for channel_list in self.channel_lists:
            channel_list.write(writer)
