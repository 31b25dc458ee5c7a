"""Descriptor loops of the real captures in ../shared/ts-samples (test-side extraction).

A small section reassembler over 188-byte packets (PUSI + pointer_field, ISO/IEC 13818-1
§2.4.4.2) and a per-table walk that yields each descriptor loop's bytes. Only CRC-valid
sections are used; duplicates are dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from mpegts.errors import DecodeError
from mpegts.section import Section
from tests.shared_refs import SAMPLES

_SI_PIDS = frozenset({0x0000, 0x0001, 0x0010, 0x0011, 0x0012, 0x0014})


def _payload(packet: bytes) -> bytes | None:
    if packet[0] != 0x47 or packet[1] & 0x80:  # bad sync or transport_error_indicator
        return None
    control = (packet[3] >> 4) & 0x3
    if not control & 0x1:
        return None
    start = 4 + (1 + packet[4] if control & 0x2 else 0)
    return packet[start:] if start <= 188 else None


def _pull_sections(buffer: bytearray, out: set[bytes]) -> None:
    while len(buffer) >= 3 and buffer[0] != 0xFF:
        size = 3 + (((buffer[1] & 0x0F) << 8) | buffer[2])
        if len(buffer) < size:
            return
        out.add(bytes(buffer[:size]))
        del buffer[:size]
    if buffer[:1] == b"\xff":
        buffer.clear()


def _pmt_pids(sections: list[Section]) -> set[int]:
    pids = set()
    for section in sections:
        if section.table_id == 0x00:
            p = section.payload
            for at in range(0, len(p) - 3, 4):
                if int.from_bytes(p[at : at + 2], "big") != 0:
                    pids.add(int.from_bytes(p[at + 2 : at + 4], "big") & 0x1FFF)
    return pids


def _ts_sections(data: bytes, pids: frozenset[int]) -> set[bytes]:
    sections: set[bytes] = set()
    buffers: dict[int, bytearray | None] = {}
    for offset in range(0, len(data) - 187, 188):
        packet = data[offset : offset + 188]
        pid = ((packet[1] & 0x1F) << 8) | packet[2]
        if pid not in pids:
            continue
        payload = _payload(packet)
        if payload is None:
            continue
        buffer = buffers.get(pid)
        if packet[1] & 0x40 and payload:
            pointer = payload[0]
            if buffer is not None:
                buffer += payload[1 : 1 + pointer]
                _pull_sections(buffer, sections)
            buffer = bytearray(payload[1 + pointer :])
            buffers[pid] = buffer
        elif buffer is not None:
            buffer += payload
        else:
            continue
        _pull_sections(buffer, sections)
    return sections


def _valid(raw: set[bytes]) -> list[Section]:
    out = []
    for data in sorted(raw):
        try:
            section = Section.decode(data)
        except DecodeError:
            continue
        if section.has_crc:  # junk short sections carry no CRC to reject them
            out.append(section)
    return out


@functools.cache
def capture_sections() -> dict[str, list[Section]]:
    """file name -> CRC-valid unique sections."""
    found: dict[str, list[Section]] = {}
    for path in sorted(SAMPLES.rglob("*")):
        if path.suffix == ".tbl":
            found[path.name] = _valid({path.read_bytes()})
        elif path.suffix in (".ts", ".bin"):
            data = path.read_bytes()
            si = _valid(_ts_sections(data, _SI_PIDS))
            pmts = _valid(_ts_sections(data, frozenset(_pmt_pids(si))))
            found[path.name] = si + [s for s in pmts if s.table_id == 0x02]
    return found


def _loop(payload: bytes, at: int) -> tuple[bytes, int]:
    length = ((payload[at] & 0x0F) << 8) | payload[at + 1]
    end = at + 2 + length
    if end > len(payload):
        raise ValueError("loop past the end")
    return payload[at + 2 : end], end


def _pmt(p: bytes) -> Iterator[bytes]:
    loop, at = _loop(p, 2)
    yield loop
    while at + 5 <= len(p):
        loop, at = _loop(p, at + 3)
        yield loop


def _nit(p: bytes) -> Iterator[bytes]:
    loop, at = _loop(p, 0)
    yield loop
    streams, _ = _loop(p, at)
    at = 0
    while at + 6 <= len(streams):
        loop, at = _loop(streams, at + 4)
        yield loop


def _sdt(p: bytes) -> Iterator[bytes]:
    at = 3
    while at + 5 <= len(p):
        loop, at = _loop(p, at + 3)
        yield loop


def _eit(p: bytes) -> Iterator[bytes]:
    at = 6
    while at + 12 <= len(p):
        loop, at = _loop(p, at + 10)
        yield loop


def _tot(p: bytes) -> Iterator[bytes]:
    loop, _ = _loop(p, 5)
    yield loop


def descriptor_loops(section: Section) -> Iterator[bytes]:
    """Every descriptor loop in a section of a table we know the layout of."""
    tid, p = section.table_id, section.payload
    try:
        if tid == 0x01:
            yield p
        elif tid == 0x02:
            yield from _pmt(p)
        elif tid in (0x40, 0x41, 0x4A):
            yield from _nit(p)
        elif tid in (0x42, 0x46):
            yield from _sdt(p)
        elif 0x4E <= tid <= 0x6F:
            yield from _eit(p)
        elif tid == 0x73:
            yield from _tot(p)
    except (ValueError, IndexError):
        return
