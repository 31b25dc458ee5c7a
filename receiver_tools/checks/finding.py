"""What a check reports: `Finding`s, each located by packet index and time where possible.

A finding with `count` > 1 stands for occurrences that were counted but not located (the event
logs keep the first hundred positions of each kind).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["CheckSpec", "Finding", "Severity"]


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckSpec:
    """A TR 101 290 indicator: priority, clause number and the TR's name for it."""

    priority: int
    ref: str
    name: str
    needs_time: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    priority: int
    ref: str
    name: str
    severity: Severity
    packet_index: int | None
    time: float | None  # seconds since the first packet (see receiver_tools.timebase)
    pid: int | None = None
    detail: str = ""
    count: int = 1
