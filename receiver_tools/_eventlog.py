"""A counted, capped list of occurrences: every event is counted, the first few are located.

A damaged capture can hold millions of continuity errors; a report needs the count and enough
positions to find the damage, not a million lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT_CAP", "EventLog", "Occurrence"]

DEFAULT_CAP = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Occurrence:
    """Where something happened: packet index, PID (if any) and a short detail."""

    index: int
    pid: int | None = None
    detail: str = ""
    since: int | None = None  # the event happened after this packet (e.g. last good CC)


@dataclass(slots=True)
class EventLog:
    """Counts every occurrence, keeps the first `cap`."""

    cap: int = DEFAULT_CAP
    count: int = 0
    items: list[Occurrence] = field(default_factory=list)

    def add(self, index: int, pid: int | None = None, detail: str = "") -> None:
        self.count += 1
        if len(self.items) < self.cap:
            self.items.append(Occurrence(index=index, pid=pid, detail=detail))

    @property
    def room(self) -> int:
        """How many more occurrences would still be located."""
        return self.cap - len(self.items)
