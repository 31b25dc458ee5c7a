"""Open a ready rendition for splicing: memory-map its packets and check it against its index.

Nothing is probed at air time (the index says everything), but the cheap facts are checked when
the item is opened, so a missing, truncated or foreign file becomes a `MediaUnavailable` with a
precise reason before its slot, never a crash mid-air. The file is read through a memory map in
blocks; a rendition of hours is never loaded whole.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mpegts.rendition_index import RenditionIndex, RenditionIndexError
from playout.errors import MediaUnavailable
from playout.pes_stamps import PesStarts, find_pes_starts
from playout.ports import ReadyMedia
from playout.tsarrays import PACKET_SIZE, Packets, pcr_flags, pids, read_pcr

__all__ = ["Rendition", "index_path_for", "open_rendition", "read_index"]

logger = logging.getLogger(__name__)

TICKS_PER_PACKET_27M_NUM = PACKET_SIZE * 8 * 27_000_000
"""27 MHz ticks per packet times the mux rate: one packet lasts this / mux_rate ticks."""

_PCR_SEARCH = 4000


def index_path_for(ts_path: Path) -> Path:
    """The encoder's convention: ``<stem>.index.json`` beside ``<stem>.ts``."""
    return ts_path.with_name(ts_path.name.removesuffix(".ts") + ".index.json")


def read_index(ts_path: Path) -> RenditionIndex:
    """Read the index beside ``ts_path``; no index means the rendition is not ready."""
    path = index_path_for(ts_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MediaUnavailable(f"not ready: no index {path.name} beside {ts_path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MediaUnavailable(f"unreadable index {path}: {exc}") from exc
    try:
        return RenditionIndex.from_json(text)
    except RenditionIndexError as exc:
        raise MediaUnavailable(f"bad index {path}: {exc}") from exc


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendition:
    """An open rendition: its packets as an ``(N, 188)`` memory map and its index.

    ``first_pcr_packet`` anchors the rendition's own timeline: the rendition is constant-rate at
    ``index.mux_rate``, so packet ``k`` is due at
    ``first_pcr + (k - first_pcr_packet) * 188 * 8 * 27e6 / mux_rate`` (27 MHz ticks).
    """

    path: Path
    index: RenditionIndex
    packets: Packets
    first_pcr_packet: int
    first_pcr: int

    @property
    def packet_count(self) -> int:
        return int(self.packets.shape[0])

    def due(self, start: int, stop: int) -> npt.NDArray[np.int64]:
        """Due times (rendition 27 MHz clock) of packets ``start..stop-1``."""
        k = np.arange(start - self.first_pcr_packet, stop - self.first_pcr_packet, dtype=np.int64)
        return self.first_pcr + (k * TICKS_PER_PACKET_27M_NUM) // self.index.mux_rate

    def due_at(self, packet: int) -> int:
        return int(self.due(packet, packet + 1)[0])

    def packets_for_seconds(self, seconds: float) -> int:
        return int(seconds * self.index.mux_rate / (PACKET_SIZE * 8)) + 1

    def pes_starts(self, pid: int, start: int, stop: int) -> tuple[npt.NDArray[np.intp], PesStarts]:
        """PES starts of ``pid`` in packets ``start..stop-1``: packet numbers and stamps."""
        start, stop = max(0, start), min(self.packet_count, stop)
        rows = np.asarray(self.packets[start:stop])
        found = find_pes_starts(rows, pids(rows) == pid)
        return found.rows + start, found


def open_rendition(media: ReadyMedia) -> Rendition:
    """Map ``media`` and check it: present, the size its index records, synced, with a PCR."""
    index = media.index
    try:
        size = media.path.stat().st_size
    except FileNotFoundError:
        raise MediaUnavailable(f"missing: {media.path}") from None
    except OSError as exc:
        raise MediaUnavailable(f"unreadable: {media.path}: {exc}") from exc
    if size != index.ts_size:
        raise MediaUnavailable(
            f"truncated or changed: {media.path} has {size} bytes, its index says {index.ts_size}"
        )
    try:
        raw = np.memmap(media.path, dtype=np.uint8, mode="r")
    except (OSError, ValueError) as exc:
        raise MediaUnavailable(f"unreadable: {media.path}: {exc}") from exc
    packets = raw.reshape(-1, PACKET_SIZE)
    head = np.asarray(packets[:_PCR_SEARCH])
    if not bool(np.all(head[:, 0] == 0x47)):
        raise MediaUnavailable(f"not a transport stream (sync lost): {media.path}")
    with_pcr = np.flatnonzero(pcr_flags(head) & (pids(head) == index.pcr_pid))
    if with_pcr.size == 0:
        raise MediaUnavailable(
            f"no PCR on PID 0x{index.pcr_pid:04X} near the start of {media.path}"
        )
    first = int(with_pcr[0])
    first_pcr = int(read_pcr(head[first : first + 1])[0])
    return Rendition(
        path=media.path, index=index, packets=packets, first_pcr_packet=first, first_pcr=first_pcr
    )
