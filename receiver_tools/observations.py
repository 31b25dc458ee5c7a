"""One pass over the stream, collecting what the checks and the reports need.

`Observer.feed(chunk)` does the per-packet work over whole packet arrays (NumPy): PID counts,
transport errors, scrambling, continuity, PCRs, PTSs and PID absences. Python runs per packet
only on the PIDs that carry sections (PAT, CAT, NIT, SDT/BAT, EIT, TDT/TOT and the PMT PIDs),
where it reassembles sections with `mpegts.depacketizer.SectionAssembler`.

Everything is recorded by packet index; times are assigned afterwards by the time base
(`receiver_tools.timebase`), once the bitrate is known. What is kept grows with the number of
sections and PCRs, not with the number of packets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from mpegts.depacketizer import SectionAssembler, SectionFault
from mpegts.errors import CRCError
from mpegts.section import Section
from receiver_tools._continuity import ContinuityTracker
from receiver_tools._eventlog import EventLog, Occurrence
from receiver_tools._gaps import GapTracker
from receiver_tools._header_fields import HeaderFields, header_fields
from receiver_tools._pes import pes_pts
from receiver_tools.arrivals import ArrivalLog
from receiver_tools.framing import FramedChunk, SyncEventKind
from receiver_tools.programs import ProgramMap, carries_pts
from receiver_tools.sitables import SectionStore

__all__ = ["Observer", "PCRSamples"]

SI_PIDS = (0x0000, 0x0001, 0x0010, 0x0011, 0x0012, 0x0014)
_PAT_PID = 0x0000


@dataclass(slots=True)
class PCRSamples:
    """Every PCR of one PID: packet index, 27 MHz value, discontinuity_indicator."""

    indices: list[npt.NDArray[np.int64]] = field(default_factory=list)
    values: list[npt.NDArray[np.int64]] = field(default_factory=list)
    discontinuity: list[npt.NDArray[np.bool_]] = field(default_factory=list)

    def arrays(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        if not self.indices:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.bool_)
        return (
            np.concatenate(self.indices),
            np.concatenate(self.values),
            np.concatenate(self.discontinuity),
        )


@dataclass(slots=True)
class Observer:
    """Accumulates observations chunk by chunk."""

    total_packets: int = 0
    pid_counts: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(8192, np.int64))
    scrambled_counts: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros(8192, np.int64)
    )
    first_scrambled: int | None = None
    skipped_bytes: int = 0
    sync_byte_errors: EventLog = field(default_factory=EventLog)
    sync_losses: EventLog = field(default_factory=EventLog)
    transport_errors: EventLog = field(default_factory=EventLog)
    cc_errors: EventLog = field(default_factory=EventLog)
    crc_errors: EventLog = field(default_factory=EventLog)
    section_faults: EventLog = field(default_factory=EventLog)
    wrong_tables: EventLog = field(default_factory=EventLog)
    scrambled_psi: EventLog = field(default_factory=EventLog)
    arrivals: ArrivalLog = field(default_factory=ArrivalLog)
    pcrs: dict[int, PCRSamples] = field(default_factory=dict)
    pts: dict[int, PCRSamples] = field(default_factory=dict)
    programs: ProgramMap = field(default_factory=ProgramMap)
    store: SectionStore = field(default_factory=SectionStore)
    gaps: GapTracker = field(default_factory=GapTracker)
    pmt_since: dict[int, int] = field(default_factory=dict)  # PMT PID -> first watched packet
    _continuity: ContinuityTracker = field(default_factory=ContinuityTracker)
    _assemblers: dict[int, SectionAssembler] = field(default_factory=dict)
    _si_mask: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(8192, np.bool_))
    _pes_mask: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(8192, np.bool_))
    _mask_version: int = -1

    def feed(self, chunk: FramedChunk) -> None:
        self._framing_events(chunk)
        packets = chunk.packets
        if not len(packets):
            return
        fields = header_fields(packets)
        first = chunk.first_index
        self.total_packets = first + len(packets)
        self.pid_counts += np.bincount(fields.pid, minlength=8192)
        self._transport_errors(fields, first)
        self._scrambling(fields, first)
        self._continuity_errors(packets, fields, first)
        self._pcrs(fields, first)
        self._sections(packets, fields, first)
        self._timestamps(packets, fields, first)
        self.gaps.observe(fields.pid, first)

    def _framing_events(self, chunk: FramedChunk) -> None:
        for event in chunk.events:
            if event.kind is SyncEventKind.SKIPPED:
                self.skipped_bytes += event.byte_count
            elif event.kind is SyncEventKind.SYNC_LOSS:
                self.sync_losses.add(event.packet_index, None, f"byte offset {event.byte_offset}")
            else:
                self.sync_byte_errors.add(
                    event.packet_index, None, f"byte offset {event.byte_offset}"
                )

    def _transport_errors(self, fields: HeaderFields, first: int) -> None:
        rows = np.flatnonzero(fields.transport_error)
        self.transport_errors.count += len(rows)
        for row in rows[: self.transport_errors.room]:
            self.transport_errors.items.append(
                _occurrence(first + int(row), int(fields.pid[row]), "transport_error_indicator")
            )

    def _scrambling(self, fields: HeaderFields, first: int) -> None:
        # A packet with transport_error_indicator set has an untrustworthy header: its
        # scrambling bits (and PID) may be the damage itself, so it is not counted here.
        rows = np.flatnonzero((fields.scrambling != 0) & ~fields.transport_error)
        if not len(rows):
            return
        self.scrambled_counts += np.bincount(fields.pid[rows], minlength=8192)
        if self.first_scrambled is None:
            self.first_scrambled = first + int(rows[0])
        psi = self._psi_pids()
        for row in rows[np.isin(fields.pid[rows], psi)][: self.scrambled_psi.room + 1]:
            self.scrambled_psi.add(first + int(row), int(fields.pid[row]), "scrambled")

    def _psi_pids(self) -> npt.NDArray[np.int64]:
        return np.array([_PAT_PID, *self.programs.pmt_pids.values()], np.int64)

    def _continuity_errors(
        self, packets: npt.NDArray[np.uint8], fields: HeaderFields, first: int
    ) -> None:
        count, explained = self._continuity.check(packets, fields, first, self.cc_errors.room)
        self.cc_errors.count += count
        for error in explained:
            got = int(fields.continuity_counter[error.row])
            self.cc_errors.items.append(
                Occurrence(
                    index=first + error.row,
                    pid=int(fields.pid[error.row]),
                    detail=f"expected {error.expected}, got {got} "
                    f"({(got - error.expected) % 16} lost?)",
                    since=error.previous_index,
                )
            )

    def _pcrs(self, fields: HeaderFields, first: int) -> None:
        usable = ~fields.transport_error[fields.pcr_rows]
        rows, values = fields.pcr_rows[usable], fields.pcr_values[usable]
        pids = fields.pid[rows]
        for pid in np.unique(pids):
            mine = pids == pid
            samples = self.pcrs.setdefault(int(pid), PCRSamples())
            samples.indices.append(rows[mine] + first)
            samples.values.append(values[mine])
            samples.discontinuity.append(fields.discontinuity[rows[mine]])

    def _timestamps(self, packets: npt.NDArray[np.uint8], fields: HeaderFields, first: int) -> None:
        candidates = np.flatnonzero(
            fields.payload_unit_start
            & fields.has_payload
            & ~fields.transport_error
            & (fields.scrambling == 0)
            & self._pes_mask[fields.pid]
        )
        rows, values = pes_pts(packets, candidates)
        pids = fields.pid[rows]
        for pid in np.unique(pids):
            mine = pids == pid
            samples = self.pts.setdefault(int(pid), PCRSamples())
            samples.indices.append(rows[mine].astype(np.int64) + first)
            samples.values.append(values[mine])
            samples.discontinuity.append(np.zeros(int(mine.sum()), np.bool_))

    def _refresh_masks(self, index: int) -> None:
        if self._mask_version == self.programs.version:
            return
        self._mask_version = self.programs.version
        self._si_mask[:] = False
        self._si_mask[list(SI_PIDS)] = True
        self._si_mask[list(self.programs.pmt_pids.values())] = True
        for pid in self.programs.pmt_pids.values():
            self.pmt_since.setdefault(pid, index)
        self._pes_mask[:] = False
        for stream in self.programs.streams():
            self._pes_mask[stream.elementary_pid] = carries_pts(stream)
            self.gaps.watch(stream.elementary_pid, index)

    def _sections(self, packets: npt.NDArray[np.uint8], fields: HeaderFields, first: int) -> None:
        self._refresh_masks(first)
        rows = np.flatnonzero(self._si_mask[fields.pid])
        pos = 0
        while pos < len(rows):
            row = int(rows[pos])
            version = self.programs.version
            self._si_packet(packets[row].tobytes(), int(fields.pid[row]), first + row)
            pos += 1
            if self.programs.version != version:
                # The PAT changed: PMT PIDs may have come or gone later in this chunk.
                self._refresh_masks(first + row)
                later = np.flatnonzero(self._si_mask[fields.pid[row + 1 :]]) + row + 1
                rows, pos = later, 0

    def _si_packet(self, packet: bytes, pid: int, index: int) -> None:
        assembler = self._assemblers.get(pid)
        if assembler is None:
            assembler = self._assemblers[pid] = SectionAssembler(pid)
        for item in assembler.feed(packet):
            if isinstance(item, SectionFault):
                self._fault(item, index)
            else:
                self._section(item, pid, index)

    def _fault(self, fault: SectionFault, index: int) -> None:
        if isinstance(fault.error, CRCError):
            table_id = fault.raw[0] if fault.raw else -1
            self.crc_errors.add(index, fault.pid, f"table_id 0x{table_id:02X}: {fault.error}")
        else:
            self.section_faults.add(index, fault.pid, str(fault.error))

    def _section(self, section: Section, pid: int, index: int) -> None:
        self.arrivals.add(
            index, pid, section.table_id, section.table_id_extension, section.section_number
        )
        if not _table_allowed(pid, section.table_id, self.programs):
            self.wrong_tables.add(index, pid, f"table_id 0x{section.table_id:02X}")
            return
        self.store.add(pid, section, index)
        if pid == _PAT_PID:
            self.programs.on_pat(self.store.latest(pid, section))
        elif section.table_id == 0x02:
            self.programs.on_pmt(section)


def _occurrence(index: int, pid: int, detail: str) -> Occurrence:
    return Occurrence(index=index, pid=pid, detail=detail)


#: table_ids allowed on each fixed PID (TR 101 290 1.3.a, 2.6, 3.1.a, 3.5.a, 3.6.a, 3.8).
_ALLOWED = {
    0x0000: frozenset({0x00}),
    0x0001: frozenset({0x01}),
    0x0010: frozenset({0x40, 0x41, 0x72}),
    0x0011: frozenset({0x42, 0x46, 0x4A, 0x72}),
    0x0012: frozenset(range(0x4E, 0x70)) | {0x72},
    0x0014: frozenset({0x70, 0x72, 0x73}),
}


def _table_allowed(pid: int, table_id: int, programs: ProgramMap) -> bool:
    allowed = _ALLOWED.get(pid)
    if allowed is not None:
        return table_id in allowed
    if pid in programs.pmt_pids.values():
        # A PMT PID may also carry other private sections; only a PMT-range id is a PMT.
        return table_id == 0x02 or table_id >= 0x40
    return True
