"""The receiver's program map: PAT (program -> PMT PID) and PMTs (PCR PID, elementary streams).

Kept up to date while the stream is read, because it decides which PIDs carry sections (the PMT
PIDs), which carry PES with timestamps, and which are "referenced" for TR 101 290 check 1.6.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from mpegts.errors import DecodeError
from mpegts.section import Section
from receiver_tools._psi import PATEntry, PMTInfo, decode_pat, decode_pmt

__all__ = ["ProgramMap", "StreamInfo"]

logger = logging.getLogger(__name__)

#: stream_types whose PES carry a PTS a receiver waits for (video and audio).
_AV_STREAM_TYPES = frozenset(
    {0x01, 0x02, 0x03, 0x04, 0x0F, 0x10, 0x11, 0x1B, 0x24, 0x42, 0x81, 0x87, 0xEA}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamInfo:
    """One elementary stream of a program, as its PMT lists it."""

    pid: int
    stream_type: int
    descriptors: bytes = b""

    @property
    def carries_pts(self) -> bool:
        """Video/audio, or private PES (AC-3, subtitles): PES that should carry a PTS."""
        return self.stream_type in _AV_STREAM_TYPES or self.stream_type == 0x06


@dataclass(slots=True)
class ProgramMap:
    """What the PAT and the PMTs currently say."""

    transport_stream_id: int | None = None
    pmt_pids: dict[int, int] = field(default_factory=dict)  # program_number -> PMT PID
    network_pid: int | None = None
    pmts: dict[int, PMTInfo] = field(default_factory=dict)  # program_number -> PMT
    version: int = 0  # bumped on every change, so callers can refresh their PID masks

    def on_pat(self, section: Section) -> None:
        try:
            entries: list[PATEntry] = decode_pat(section)
        except DecodeError as exc:
            logger.info("undecodable PAT: %s", exc)
            return
        pmt_pids = {e.program_number: e.pid for e in entries if e.program_number}
        network = [e.pid for e in entries if not e.program_number]
        if pmt_pids != self.pmt_pids or section.table_id_extension != self.transport_stream_id:
            self.pmt_pids = pmt_pids
            self.transport_stream_id = section.table_id_extension
            self.network_pid = network[0] if network else None
            self.pmts = {n: p for n, p in self.pmts.items() if n in pmt_pids}
            self.version += 1

    def on_pmt(self, section: Section) -> None:
        try:
            pmt = decode_pmt(section)
        except DecodeError as exc:
            logger.info("undecodable PMT: %s", exc)
            return
        if self.pmts.get(pmt.program_number) != pmt:
            self.pmts[pmt.program_number] = pmt
            self.version += 1

    def streams(self) -> list[StreamInfo]:
        return [
            StreamInfo(pid=s.pid, stream_type=s.stream_type, descriptors=s.descriptors)
            for pmt in self.pmts.values()
            for s in pmt.streams
        ]

    def pcr_pids(self) -> set[int]:
        return {p.pcr_pid for p in self.pmts.values() if p.pcr_pid != 0x1FFF}
