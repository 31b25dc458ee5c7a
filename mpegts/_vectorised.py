"""NumPy fast paths over whole packet arrays: one pass of array operations, no per-packet Python.

A buffer of N aligned packets is viewed (not copied) as an ``(N, 188)`` uint8 array. Every
function here answers for all N packets at once and is checked by a Hypothesis test against the
scalar `TSPacket.decode`. The only copy is of the first six bytes of each packet (header, then
adaptation_field_length and flags), which is all the per-packet work most scans need; PCR bytes
are read only for the packets that carry one.

Public through `mpegts.scan`.
"""

from __future__ import annotations

from typing import TypeAlias, cast

import numpy as np
import numpy.typing as npt

from mpegts.errors import LengthError, SyncError
from mpegts.packet import PACKET_SIZE, SYNC_BYTE

PacketArray: TypeAlias = npt.NDArray[np.uint8]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.int64]
U16Array: TypeAlias = npt.NDArray[np.uint16]

NULL_PID = 0x1FFF
PID_COUNT = 0x2000
PACKET_SIZES = (188, 192, 204)
_PCR_FLAG = 0x10
_DISCONTINUITY_FLAG = 0x80
_SYNC_OFFSET = {188: 0, 192: 4, 204: 0}  # M2TS puts a 4-byte timestamp before each packet


def find_sync_offset(
    buffer: bytes | bytearray | memoryview, packet_size: int = PACKET_SIZE, *, confirm: int = 5
) -> int:
    """Offset of the first packet (for 192-byte M2TS, of its 4-byte prefix) such that sync bytes
    repeat every `packet_size` bytes for `confirm` packets, or as many as the buffer holds.

    A `SyncError` if there is none: the buffer is not a TS of that packet size.
    """
    if packet_size not in PACKET_SIZES:
        raise ValueError(f"packet size {packet_size} is not one of {PACKET_SIZES}")
    data = np.frombuffer(buffer, dtype=np.uint8)
    shift = _SYNC_OFFSET[packet_size]
    for offset in range(min(packet_size, max(len(data) - shift, 0))):
        rows = (len(data) - offset - shift - 1) // packet_size + 1
        need = min(confirm, rows)
        if need and np.all(data[offset + shift :: packet_size][:need] == SYNC_BYTE):
            return offset
    raise SyncError(f"no run of {confirm} sync bytes {packet_size} bytes apart")


def detect_packet_size(buffer: bytes | bytearray | memoryview, *, confirm: int = 5) -> int:
    """188 (plain TS), 192 (M2TS/Blu-ray, timestamp prefix) or 204 (with Reed-Solomon parity).

    The size whose sync bytes line up earliest wins; M2TS and 204 are tried first because a
    188-byte run of `confirm` packets cannot occur by chance in them, while the converse can.
    """
    best: tuple[int, int] | None = None
    for size in (192, 204, 188):
        need = confirm if len(buffer) >= size * (confirm + 1) else 2
        try:
            offset = find_sync_offset(buffer, size, confirm=need)
        except SyncError:
            continue
        if best is None or offset < best[0]:
            best = (offset, size)
    if best is None:
        raise SyncError("no packet size fits: not a transport stream")
    return best[1]


def as_packet_array(
    buffer: bytes | bytearray | memoryview,
    *,
    packet_size: int = PACKET_SIZE,
    offset: int = 0,
    check_sync: bool = True,
) -> PacketArray:
    """An ``(N, 188)`` uint8 view of the whole packets in `buffer` from `offset` (no copy).

    For 192- and 204-byte packets the view skips the prefix or parity. A trailing partial packet
    is left out. With `check_sync` a missing sync byte is a `SyncError` naming the packet.
    """
    if packet_size not in PACKET_SIZES:
        raise ValueError(f"packet size {packet_size} is not one of {PACKET_SIZES}")
    data = np.frombuffer(buffer, dtype=np.uint8)[offset:]
    count = len(data) // packet_size
    rows = data[: count * packet_size].reshape(count, packet_size)
    shift = _SYNC_OFFSET[packet_size]
    packets = rows[:, shift : shift + PACKET_SIZE]
    if check_sync and count:
        bad = np.flatnonzero(packets[:, 0] != SYNC_BYTE)
        if len(bad):
            raise SyncError(f"packet {bad[0]} (byte {offset + bad[0] * packet_size}) lost sync")
    return packets


def _check(arr: PacketArray, columns: int = 6) -> PacketArray:
    """Packet arrays are (N, 188); the header functions also take the (N, 6) `headers` copy."""
    if arr.ndim != 2 or arr.shape[1] < columns or arr.dtype != np.uint8:
        raise LengthError(f"expected an (N, 188) uint8 packet array, got {arr.shape} {arr.dtype}")
    return arr


def headers(arr: PacketArray) -> PacketArray:
    """A contiguous ``(N, 6)`` copy of each packet's first six bytes (one gather pass).

    Every function below except `pcr_indices_and_values` accepts it in place of the packets,
    which saves re-reading the strided packet array once per question.
    """
    return np.ascontiguousarray(_check(arr)[:, :6])


def pids(arr: PacketArray) -> U16Array:
    """The 13-bit PID of every packet."""
    head = _check(arr)
    return cast(U16Array, ((head[:, 1].astype(np.uint16) & 0x1F) << 8) | head[:, 2])


def continuity_counters(arr: PacketArray) -> PacketArray:
    return cast(PacketArray, _check(arr)[:, 3] & 0x0F)


def payload_unit_start(arr: PacketArray) -> BoolArray:
    return cast(BoolArray, (_check(arr)[:, 1] & 0x40) != 0)


def transport_error(arr: PacketArray) -> BoolArray:
    return cast(BoolArray, (_check(arr)[:, 1] & 0x80) != 0)


def scrambling_control(arr: PacketArray) -> PacketArray:
    return cast(PacketArray, (_check(arr)[:, 3] >> 6) & 0b11)


def has_adaptation(arr: PacketArray) -> BoolArray:
    return cast(BoolArray, (_check(arr)[:, 3] & 0x20) != 0)


def has_payload(arr: PacketArray) -> BoolArray:
    return cast(BoolArray, (_check(arr)[:, 3] & 0x10) != 0)


def _flag(arr: PacketArray, flag: int, min_length: int) -> BoolArray:
    """Adaptation-field flag set, in packets whose field is long enough to hold it."""
    return cast(
        BoolArray, has_adaptation(arr) & (arr[:, 4] >= min_length) & ((arr[:, 5] & flag) != 0)
    )


def discontinuity(arr: PacketArray) -> BoolArray:
    """discontinuity_indicator set (§2.4.3.4)."""
    return _flag(_check(arr), _DISCONTINUITY_FLAG, 1)


def random_access(arr: PacketArray) -> BoolArray:
    """random_access_indicator set (§2.4.3.4)."""
    return _flag(_check(arr), 0x40, 1)


def pcr_indices_and_values(arr: PacketArray) -> tuple[IntArray, IntArray]:
    """Indices of the packets that carry a PCR, and those PCRs (27 MHz, base * 300 + ext)."""
    indices = np.flatnonzero(_flag(_check(arr, 12), _PCR_FLAG, 7)).astype(np.int64)
    field = arr[indices, 6:12].astype(np.int64)
    base = (
        (field[:, 0] << 25)
        | (field[:, 1] << 17)
        | (field[:, 2] << 9)
        | (field[:, 3] << 1)
        | (field[:, 4] >> 7)
    )
    extension = ((field[:, 4] & 1) << 8) | field[:, 5]
    return indices, base * 300 + extension


def pid_counts(arr: PacketArray) -> IntArray:
    """Packets per PID: an array of 8192 counts indexed by PID."""
    return np.bincount(pids(arr), minlength=PID_COUNT).astype(np.int64)


class ContinuityState:
    """Per-PID memory of the last payload packet's counter, carried from one chunk to the next."""

    __slots__ = ("duplicate", "last_cc")

    def __init__(self) -> None:
        self.last_cc = np.full(PID_COUNT, -1, dtype=np.int16)
        self.duplicate = np.zeros(PID_COUNT, dtype=np.bool_)


def cc_errors(arr: PacketArray, state: ContinuityState | None = None) -> IntArray:
    """Indices of packets whose continuity_counter breaks the per-PID sequence (§2.4.3.3).

    Rules, as TR 101 290 1.4 reads them: only packets with payload count (adaptation-only
    packets neither advance nor are checked); each must be the previous payload packet of its
    PID + 1 (mod 16); one repeat of the counter is an allowed duplicate (contents are not
    compared), a second is an error; a set discontinuity_indicator excuses the packet; the null
    PID is ignored. `state` carries the sequence across chunks of one stream.
    """
    _check(arr)
    state = state if state is not None else ContinuityState()
    selected = np.flatnonzero(has_payload(arr))
    pid = pids(arr)[selected]
    keep = pid != NULL_PID
    selected, pid = selected[keep], pid[keep]
    if not len(selected):
        return np.empty(0, dtype=np.int64)
    order = np.argsort(pid, kind="stable")
    index, pid = selected[order], pid[order]
    cc = (arr[index, 3] & 0x0F).astype(np.int16)
    excused = _flag(arr[index], _DISCONTINUITY_FLAG, 1)
    first = np.ones(len(pid), dtype=np.bool_)
    first[1:] = pid[1:] != pid[:-1]
    previous = np.empty_like(cc)
    previous[1:] = cc[:-1]
    previous[first] = state.last_cc[pid[first]]
    duplicate = (cc == previous) & (previous >= 0)
    was_duplicate = np.empty_like(duplicate)
    was_duplicate[1:] = duplicate[:-1]
    was_duplicate[first] = state.duplicate[pid[first]]
    step = (cc - previous) & 0x0F
    ok = (previous < 0) | (step == 1) | excused | (duplicate & ~was_duplicate)
    _remember(pid, cc, duplicate, state)
    return np.sort(index[~ok]).astype(np.int64)


def _remember(
    pid: U16Array,
    cc: npt.NDArray[np.int16],
    duplicate: BoolArray,
    state: ContinuityState,
) -> None:
    last = np.ones(len(pid), dtype=np.bool_)
    last[:-1] = pid[:-1] != pid[1:]
    state.last_cc[pid[last]] = cc[last]
    state.duplicate[pid[last]] = duplicate[last]
