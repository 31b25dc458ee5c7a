"""PAT and PMT of the multiplex the playout builds (ISO/IEC 13818-1 §2.4.4.3, §2.4.4.8).

Small table models the SI carousel can carry (a ``version_number`` and ``encode()``): the
carousel bumps the version only when the content changes. The PMT's streams come from the
service's house PIDs and the stream types of its renditions (all renditions of a channel profile
share them). PCR_PID is the video PID: the splicer keeps the PCR there.
"""

from __future__ import annotations

from dataclasses import dataclass

from mpegts.bits import BitWriter
from mpegts.section import Section

__all__ = ["PAT", "PMT", "PMTStream"]

_AC3_STREAM_TYPE = 0x06
_AC3_DESCRIPTOR = bytes([0x6A, 0x01, 0x00])  # EN 300 468 Annex D: AC-3 descriptor, no flags


@dataclass(frozen=True, slots=True, kw_only=True)
class PAT:
    """program_number -> PMT PID, plus the NIT PID as program 0 (§2.4.4.3)."""

    transport_stream_id: int
    programs: tuple[tuple[int, int], ...]
    network_pid: int | None = 0x0010
    version_number: int = 0

    def encode(self) -> list[Section]:
        body = BitWriter()
        entries = ([(0, self.network_pid)] if self.network_pid is not None else []) + sorted(
            self.programs
        )
        for number, pid in entries:
            body.write_uint(16, number, "program_number")
            body.write_reserved(3)
            body.write_uint(13, pid, "PID")
        return [
            Section(
                table_id=0x00,
                payload=body.getvalue(),
                private_indicator=False,
                table_id_extension=self.transport_stream_id,
                version_number=self.version_number,
            )
        ]


@dataclass(frozen=True, slots=True, kw_only=True)
class PMTStream:
    stream_type: int
    pid: int
    language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PMT:
    """One programme's elementary streams (§2.4.4.8)."""

    program_number: int
    pcr_pid: int
    streams: tuple[PMTStream, ...]
    version_number: int = 0

    def encode(self) -> list[Section]:
        body = BitWriter()
        body.write_reserved(3)
        body.write_uint(13, self.pcr_pid, "PCR_PID")
        body.write_reserved(4)
        body.write_uint(12, 0, "program_info_length")
        for stream in self.streams:
            info = _es_info(stream)
            body.write_uint(8, stream.stream_type, "stream_type")
            body.write_reserved(3)
            body.write_uint(13, stream.pid, "elementary_PID")
            body.write_reserved(4)
            body.write_uint(12, len(info), "ES_info_length")
            body.write_bytes(info)
        return [
            Section(
                table_id=0x02,
                payload=body.getvalue(),
                private_indicator=False,
                table_id_extension=self.program_number,
                version_number=self.version_number,
            )
        ]


def _es_info(stream: PMTStream) -> bytes:
    info = b""
    if stream.language:
        code = stream.language.encode("ascii")[:3].ljust(3, b" ")
        info += bytes([0x0A, 4]) + code + b"\x00"
    if stream.stream_type == _AC3_STREAM_TYPE:
        info += _AC3_DESCRIPTOR
    return info
