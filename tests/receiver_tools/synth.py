"""Tiny synthetic CBR streams built packet by packet, so faults can be injected at known indices.

Layout at `bitrate` bit/s: packet i is at time i × 188 × 8 / bitrate, its PCR (when it carries
one) is exactly that time at 27 MHz. Every `pat_every` packets: PAT then PMT; every `pcr_every`
packets an adaptation-only PCR packet on the PCR PID; every `pes_every` packets a PES start with
a PTS on the video PID; the rest are null packets.
"""

from __future__ import annotations

from dataclasses import dataclass

from mpegts.section import Section

PAT_PID = 0x0000
PMT_PID = 0x0100
VIDEO_PID = 0x0200
NULL = bytes([0x47, 0x1F, 0xFF, 0x10]) + b"\xff" * 184


def _header(pid: int, *, pusi: bool, afc: int, cc: int) -> bytes:
    return bytes([0x47, (0x40 if pusi else 0) | (pid >> 8), pid & 0xFF, (afc << 4) | (cc & 0xF)])


def section_packet(pid: int, section: bytes, cc: int) -> bytes:
    body = b"\x00" + section
    return _header(pid, pusi=True, afc=1, cc=cc) + body + b"\xff" * (184 - len(body))


def pcr_packet(pid: int, pcr: int, cc: int) -> bytes:
    base, ext = divmod(pcr, 300)
    field = bytes(
        [
            0x10,
            (base >> 25) & 0xFF,
            (base >> 17) & 0xFF,
            (base >> 9) & 0xFF,
            (base >> 1) & 0xFF,
            ((base & 1) << 7) | 0x7E | (ext >> 8),
            ext & 0xFF,
        ]
    )
    adaptation = bytes([183]) + field + b"\xff" * (183 - len(field))
    return _header(pid, pusi=False, afc=2, cc=cc) + adaptation


def pes_packet(pid: int, pts: int, cc: int) -> bytes:
    stamp = bytes(
        [
            0x21 | ((pts >> 29) & 0x0E),
            (pts >> 22) & 0xFF,
            0x01 | ((pts >> 14) & 0xFE),
            (pts >> 7) & 0xFF,
            0x01 | ((pts << 1) & 0xFE),
        ]
    )
    pes = b"\x00\x00\x01\xe0\x00\x00\x80\x80\x05" + stamp
    return _header(pid, pusi=True, afc=1, cc=cc) + pes + b"\x00" * (184 - len(pes))


def pat_section(tsid: int = 1, program: int = 1) -> bytes:
    payload = program.to_bytes(2, "big") + (0xE000 | PMT_PID).to_bytes(2, "big")
    return Section(
        table_id=0x00, payload=payload, table_id_extension=tsid, private_indicator=False
    ).encode()


def pmt_section(program: int = 1) -> bytes:
    payload = (
        (0xE000 | VIDEO_PID).to_bytes(2, "big")
        + b"\xf0\x00"
        + bytes([0x02])
        + (0xE000 | VIDEO_PID).to_bytes(2, "big")
        + b"\xf0\x00"
    )
    return Section(
        table_id=0x02, payload=payload, table_id_extension=program, private_indicator=False
    ).encode()


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    bitrate: int = 2_000_000
    packets: int = 4000
    pat_every: int = 100  # 75 ms at 2 Mbit/s
    pcr_every: int = 26  # 19.6 ms
    pes_every: int = 53  # 39.9 ms

    @property
    def ticks_per_packet(self) -> int:
        return 188 * 8 * 27_000_000 // self.bitrate

    def seconds(self, index: int) -> float:
        return index * 188 * 8 / self.bitrate


def build(layout: Layout = Layout()) -> list[bytes]:
    """The packets of a clean stream (no TR 101 290 error)."""
    counters: dict[int, int] = {PAT_PID: 0, PMT_PID: 0, VIDEO_PID: 0}
    pat, pmt = pat_section(), pmt_section()
    out: list[bytes] = []

    def next_cc(pid: int) -> int:
        value = counters[pid]
        counters[pid] = (value + 1) & 0xF
        return value

    for i in range(layout.packets):
        if i % layout.pat_every == 0:
            out.append(section_packet(PAT_PID, pat, next_cc(PAT_PID)))
        elif i % layout.pat_every == 1:
            out.append(section_packet(PMT_PID, pmt, next_cc(PMT_PID)))
        elif i % layout.pcr_every == 2:
            out.append(
                pcr_packet(VIDEO_PID, i * layout.ticks_per_packet, counters[VIDEO_PID] - 1 & 0xF)
            )
        elif i % layout.pes_every == 3:
            out.append(
                pes_packet(
                    VIDEO_PID, 90_000 + i * layout.ticks_per_packet // 300, next_cc(VIDEO_PID)
                )
            )
        else:
            out.append(NULL)
    return out


def indices_of(packets: list[bytes], predicate) -> list[int]:  # type: ignore[no-untyped-def]
    return [i for i, p in enumerate(packets) if predicate(p)]


def pid_of(packet: bytes) -> int:
    return ((packet[1] & 0x1F) << 8) | packet[2]


def is_pcr(packet: bytes) -> bool:
    return (packet[3] >> 4) & 2 != 0 and packet[4] >= 7 and packet[5] & 0x10 != 0
