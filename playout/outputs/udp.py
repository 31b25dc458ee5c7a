"""UDP output, unicast or multicast: 7 TS packets (1316 bytes) per datagram, the IPTV norm.

Pacing is the engine's job (it writes each burst at its time); this only cuts datagrams. A
multicast destination gets a TTL and, optionally, the interface address to send from.
"""

from __future__ import annotations

import ipaddress
import socket

from playout.errors import OutputError
from playout.outputs import ClosingOutput

__all__ = ["UdpOutput", "parse_host_port"]

PACKETS_PER_DATAGRAM = 7
_DATAGRAM = PACKETS_PER_DATAGRAM * 188


def parse_host_port(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT`` for IPv6) into its parts, with a clear error."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536 or not host:
        raise OutputError(f"{text!r} is not HOST:PORT")
    return host.strip("[]"), int(port)


def _is_multicast(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_multicast
    except ValueError:
        return False


class UdpOutput(ClosingOutput):
    """Sends the stream to ``host:port`` in 1316-byte datagrams."""

    def __init__(self, host: str, port: int, *, ttl: int = 4, interface: str | None = None) -> None:
        self.address = (host, port)
        self.datagrams = 0
        self._pending = b""
        try:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            self._socket = socket.socket(family, socket.SOCK_DGRAM)
            self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 21)
            if family == socket.AF_INET and _is_multicast(host):
                self._socket.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
                if interface:
                    self._socket.setsockopt(
                        socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(interface)
                    )
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot open UDP {host}:{port}: {exc}") from exc

    def write(self, packets: bytes | memoryview) -> None:
        """Send whole 7-packet datagrams; a remainder waits for the next write (or close)."""
        view = memoryview(self._pending + bytes(packets)) if self._pending else memoryview(packets)
        whole = len(view) - len(view) % _DATAGRAM
        self._send(view[:whole])
        self._pending = bytes(view[whole:])

    def _send(self, view: memoryview) -> None:
        send = self._socket.sendto
        try:
            for start in range(0, len(view), _DATAGRAM):
                send(view[start : start + _DATAGRAM], self.address)
        except OSError as exc:
            raise OutputError(f"UDP {self.address[0]}:{self.address[1]}: {exc}") from exc
        self.datagrams += -(-len(view) // _DATAGRAM)

    def close(self) -> None:
        if self._pending:
            self._send(memoryview(self._pending))
            self._pending = b""
        self._socket.close()
