"""Where the bytes come from: a file, standard input, or a UDP socket, read in bounded chunks.

A receiver only knows the bytes, so every source yields plain `bytes` chunks; framing, M2TS
detection and resynchronisation happen downstream (`receiver_tools.framing`). Chunks are of a
fixed size (4 MiB by default), so a pipe of gigabytes (a day of air rendered as fast as
possible) streams through in bounded memory.

UDP: one TS datagram carries a whole number of 188-byte packets (usually 7). Datagrams with a
12-byte RTP header (RFC 3550, version 2, no CSRC) as sent by SMPTE 2022 / IPTV headends are
recognised and the header is stripped. The socket is read for `seconds` of wall-clock time,
which is also remembered so the analyser can measure a bitrate when the stream has no PCR.
"""

from __future__ import annotations

import logging
import socket
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "FileSource",
    "SourceError",
    "StreamSource",
    "TSSource",
    "UdpSource",
    "open_source",
]

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 4 << 20
_RTP_HEADER_SIZE = 12
_DATAGRAM_MAX = 65536


class SourceError(Exception):
    """The source cannot be opened or read (missing file, bad address, socket error)."""


class TSSource(Protocol):
    """Anything that yields the stream's bytes in order."""

    @property
    def name(self) -> str: ...

    @property
    def wall_seconds(self) -> float | None:
        """Wall-clock seconds the capture took, for live sources (None for files)."""
        ...

    def chunks(self) -> Iterator[bytes]: ...


@dataclass(slots=True)
class StreamSource:
    """A binary stream already open (standard input, a pipe); read until end of file."""

    stream: BinaryIO
    name: str = "-"
    chunk_size: int = DEFAULT_CHUNK_SIZE
    wall_seconds: float | None = None

    def chunks(self) -> Iterator[bytes]:
        while True:
            data = self.stream.read(self.chunk_size)
            if not data:
                return
            yield data


@dataclass(slots=True)
class FileSource:
    """A capture file."""

    path: Path
    chunk_size: int = DEFAULT_CHUNK_SIZE
    wall_seconds: float | None = None

    @property
    def name(self) -> str:
        return str(self.path)

    def chunks(self) -> Iterator[bytes]:
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise SourceError(f"cannot open {self.path}: {exc.strerror or exc}") from exc
        with handle:
            yield from StreamSource(handle, name=self.name, chunk_size=self.chunk_size).chunks()


def strip_rtp(datagram: bytes) -> bytes:
    """The TS payload of a datagram: without its RTP header if it has one (RFC 3550 §5.1)."""
    if (
        len(datagram) % 188 == _RTP_HEADER_SIZE
        and datagram[0] & 0xC0 == 0x80
        and datagram[_RTP_HEADER_SIZE] == 0x47
    ):
        return datagram[_RTP_HEADER_SIZE:]
    return datagram


@dataclass(slots=True)
class UdpSource:
    """Listen on HOST:PORT for `seconds` and yield what arrives (unicast or multicast group)."""

    host: str
    port: int
    seconds: float
    chunk_size: int = DEFAULT_CHUNK_SIZE
    clock: Callable[[], float] = time.monotonic
    wall_seconds: float | None = None
    bytes_received: int = 0
    _poll: float = field(default=0.2, repr=False)

    @property
    def name(self) -> str:
        return f"udp://{self.host}:{self.port}"

    def _open(self) -> socket.socket:
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            if socket.inet_aton(self.host)[0] in range(224, 240):
                group = socket.inet_aton(self.host) + socket.inet_aton("0.0.0.0")
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, group)
        except OSError as exc:
            raise SourceError(f"cannot listen on {self.name}: {exc}") from exc
        sock.settimeout(self._poll)
        return sock

    def chunks(self) -> Iterator[bytes]:
        with self._open() as sock:
            start = self.clock()
            pending = bytearray()
            while (now := self.clock()) - start < self.seconds:
                try:
                    datagram = sock.recv(_DATAGRAM_MAX)
                except TimeoutError:
                    continue
                pending += strip_rtp(datagram)
                self.bytes_received += len(datagram)
                if len(pending) >= self.chunk_size:
                    yield bytes(pending)
                    pending.clear()
            self.wall_seconds = now - start
            if pending:
                yield bytes(pending)


def _parse_udp(spec: str) -> tuple[str, int]:
    address = spec.removeprefix("udp://").lstrip("@")
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise SourceError(f"not a UDP address (udp://HOST:PORT): {spec}")
    return host or "0.0.0.0", int(port)


def open_source(
    spec: str, *, seconds: float | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> TSSource:
    """A source for SOURCE as given on the command line: a path, `-` or `udp://HOST:PORT`."""
    if spec == "-":
        return StreamSource(sys.stdin.buffer, chunk_size=chunk_size)
    if spec.startswith("udp://"):
        if seconds is None or seconds <= 0:
            raise SourceError("a UDP source needs --seconds N (how long to listen)")
        host, port = _parse_udp(spec)
        return UdpSource(host, port, seconds, chunk_size=chunk_size)
    path = Path(spec)
    if not path.is_file():
        raise SourceError(f"no such file: {spec}")
    return FileSource(path, chunk_size=chunk_size)
