"""A UDP receiver for the real-time tests: kernel arrival time and bytes of every datagram.

Arrival times are wall-clock (the kernel's SO_TIMESTAMPNS); only differences are used.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field

_SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


@dataclass
class Capture:
    arrivals: list[float] = field(default_factory=list)
    data: list[bytes] = field(default_factory=list)


class Receiver:
    """Binds 127.0.0.1 on a free port and records datagrams in a thread until stopped."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 24)
        # the kernel stamps each datagram as it arrives: our own scheduling delays do not count
        self.socket.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.capture = Capture()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                data, ancillary, _, _ = self.socket.recvmsg(65536, 256)
            except TimeoutError:
                continue
            arrival = time.time()
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS:
                    seconds, nanos = struct.unpack("qq", payload[:16])
                    arrival = seconds + nanos / 1e9
            self.capture.arrivals.append(arrival)
            self.capture.data.append(data)

    def stop(self) -> Capture:
        self._stop.set()
        self._thread.join()
        self.socket.close()
        return self.capture


def lateness(
    capture: Capture, mux_rate: int, *, start: int = 0, stop: int | None = None
) -> list[float]:
    """Per datagram: arrival minus its due time on the stream's own (PCR) timeline.

    Due times come from the byte position at the constant mux rate (which is what the PCR says,
    within 37 ns); the timeline is anchored so that the earliest datagram is 0 s late.
    """
    arrivals = capture.arrivals[start:stop]
    sizes = [len(d) for d in capture.data[start:stop]]
    position, due = 0, []
    for size in sizes:
        due.append(position * 8 / mux_rate)
        position += size
    offsets = [a - d for a, d in zip(arrivals, due, strict=True)]
    anchor = min(offsets)
    return [o - anchor for o in offsets]
