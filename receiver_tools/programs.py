"""The receiver's program map: PAT (program -> PMT PID) and PMTs (PCR PID, elementary streams).

Kept up to date while the stream is read, because it decides which PIDs carry sections (the PMT
PIDs), which carry PES with timestamps, and which are "referenced" for TR 101 290 check 1.6.
Decoding is `mpegts.psi`'s; a PAT or PMT that does not decode is logged and ignored (the
previous one stays in force, as in a receiver).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from mpegts.errors import DecodeError
from mpegts.psi.pat import PAT
from mpegts.psi.pmt import PMT, ElementaryStream
from mpegts.section import Section

__all__ = ["ProgramMap", "carries_pts"]

logger = logging.getLogger(__name__)

#: stream_types whose PES carry a PTS a receiver waits for: video, audio, private PES (AC-3,
#: subtitles, teletext).
_PTS_STREAM_TYPES = frozenset(
    {0x01, 0x02, 0x03, 0x04, 0x06, 0x0F, 0x10, 0x11, 0x1B, 0x24, 0x42, 0x81, 0x87, 0xEA}
)


def carries_pts(stream: ElementaryStream) -> bool:
    return stream.stream_type in _PTS_STREAM_TYPES


@dataclass(slots=True)
class ProgramMap:
    """What the PAT and the PMTs currently say."""

    transport_stream_id: int | None = None
    pmt_pids: dict[int, int] = field(default_factory=dict)  # program_number -> PMT PID
    network_pid: int | None = None
    pmts: dict[int, PMT] = field(default_factory=dict)  # program_number -> PMT
    version: int = 0  # bumped on every change, so callers can refresh their PID masks
    _last_pat: tuple[Section, ...] = ()

    def on_pat(self, sections: Sequence[Section]) -> None:
        """Take the PAT from its stored sections (all of one version, any order)."""
        if tuple(sections) == self._last_pat:
            return
        try:
            pat = PAT.decode(sections)
        except DecodeError as exc:
            logger.info("PAT not decoded (yet): %s", exc)
            return
        self._last_pat = tuple(sections)
        pmt_pids = dict(pat.programs)
        if pmt_pids != self.pmt_pids or pat.transport_stream_id != self.transport_stream_id:
            self.pmt_pids = pmt_pids
            self.transport_stream_id = pat.transport_stream_id
            self.network_pid = pat.network_pid
            self.pmts = {n: p for n, p in self.pmts.items() if n in pmt_pids}
            self.version += 1

    def on_pmt(self, section: Section) -> None:
        current = self.pmts.get(section.table_id_extension)
        if current is not None and current.version_number == section.version_number:
            return  # a repeat: PSI repeats every 100 ms, decoding each would be wasted work
        try:
            pmt = PMT.decode(section)
        except DecodeError as exc:
            logger.info("undecodable PMT: %s", exc)
            return
        if self.pmts.get(pmt.program_number) != pmt:
            self.pmts[pmt.program_number] = pmt
            self.version += 1

    def streams(self) -> list[ElementaryStream]:
        return [s for pmt in self.pmts.values() for s in pmt.streams]

    def pcr_pids(self) -> set[int]:
        return {p.pcr_pid for p in self.pmts.values() if p.pcr_pid != 0x1FFF}
