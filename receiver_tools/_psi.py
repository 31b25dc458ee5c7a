"""PAT and PMT read into what the analyser needs (ISO/IEC 13818-1 §2.4.4.3, §2.4.4.8).

A thin adapter: the analyser wants plain (program_number, PID) pairs and a list of elementary
streams with their raw descriptor loops.
"""

from __future__ import annotations

from dataclasses import dataclass

from mpegts.bits import BitReader
from mpegts.errors import DecodeError
from mpegts.section import Section

__all__ = ["PATEntry", "PMTInfo", "PMTStream", "decode_pat", "decode_pmt"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PATEntry:
    program_number: int
    pid: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PMTStream:
    stream_type: int
    pid: int
    descriptors: bytes = b""


@dataclass(frozen=True, slots=True, kw_only=True)
class PMTInfo:
    program_number: int
    pcr_pid: int
    program_descriptors: bytes = b""
    streams: tuple[PMTStream, ...] = ()


def decode_pat(section: Section) -> list[PATEntry]:
    if section.table_id != 0x00:
        raise DecodeError(f"table_id 0x{section.table_id:02X} is not a PAT")
    reader = BitReader(section.payload)
    entries = []
    while reader.remaining_bytes >= 4:
        number = reader.read_uint(16)
        reader.read_reserved(3)
        entries.append(PATEntry(program_number=number, pid=reader.read_uint(13)))
    return entries


def decode_pmt(section: Section) -> PMTInfo:
    if section.table_id != 0x02:
        raise DecodeError(f"table_id 0x{section.table_id:02X} is not a PMT")
    reader = BitReader(section.payload)
    reader.read_reserved(3)
    pcr_pid = reader.read_uint(13, "PCR_PID")
    reader.read_reserved(4)
    program_descriptors = reader.read_bytes(reader.read_uint(12), "program_info")
    streams = []
    while reader.remaining_bytes >= 5:
        stream_type = reader.read_uint(8)
        reader.read_reserved(3)
        pid = reader.read_uint(13)
        reader.read_reserved(4)
        descriptors = reader.read_bytes(reader.read_uint(12), "ES_info")
        streams.append(PMTStream(stream_type=stream_type, pid=pid, descriptors=descriptors))
    return PMTInfo(
        program_number=section.table_id_extension,
        pcr_pid=pcr_pid,
        program_descriptors=program_descriptors,
        streams=tuple(streams),
    )
