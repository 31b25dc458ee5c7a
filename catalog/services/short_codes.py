"""Short codes: six digits per module, stable, read aloud in any language and typed on any
phone keyboard (letters would collide between Latin and Cyrillic layouts: A/А, C/С, ...).

Shown as 3+3 ("123 456"); anything a viewer types is normalised first: spaces, dashes and dots
dropped, and digits of any script (Arabic-Indic, full-width) read as ASCII digits.
"""

from __future__ import annotations

import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import ScheduleSlot
from catalog.models.enums import SlotKind, SlotStatus

SEPARATORS = frozenset(" -.\u00a0\u2009\u202f_")


def display(code: str) -> str:
    """'123456' -> '123 456' (how it is spoken and shown on screen)."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def normalise(typed: str) -> str | None:
    """The six ASCII digits of what a viewer typed, or None when it cannot be a code."""
    digits = []
    for ch in typed.strip()[:40]:
        if ch in SEPARATORS:
            continue
        value = unicodedata.digit(ch, None)
        if value is None:
            return None
        digits.append(str(value))
    code = "".join(digits)
    return code if len(code) == 6 else None


def airing_for_entry(session: Session, module_id: int, now: datetime) -> ScheduleSlot | None:
    """The airing a viewer most likely came from: the module's lecture on air now on any channel,
    else the latest one that ended (None when it never aired)."""
    base = select(ScheduleSlot).where(
        ScheduleSlot.module_id == module_id,
        ScheduleSlot.kind == SlotKind.LECTURE,
        ScheduleSlot.status == SlotStatus.PLANNED,
    )
    on_air = session.scalar(
        base.where(ScheduleSlot.start <= now, ScheduleSlot.end > now)
        .order_by(ScheduleSlot.start.desc())
        .limit(1)
    )
    if on_air is not None:
        return on_air
    return session.scalar(
        base.where(ScheduleSlot.end <= now).order_by(ScheduleSlot.end.desc()).limit(1)
    )


@dataclass
class WrongCodeLimiter:
    """At most `limit` wrong codes per client in a sliding `window` seconds; past it, every code
    is refused until the window slides (so codes cannot be enumerated). In-process state: one
    limiter per app, which is what one catalogue process serves."""

    limit: int = 10
    window: float = 600.0
    _misses: dict[str, deque[float]] = field(default_factory=dict)

    def blocked(self, client: str, now: float | None = None) -> float:
        """Seconds until `client` may try again (0 when not blocked)."""
        at = time.monotonic() if now is None else now
        misses = self._misses.get(client)
        if not misses:
            return 0.0
        while misses and misses[0] <= at - self.window:
            misses.popleft()
        if len(misses) < self.limit:
            return 0.0
        return max(misses[0] + self.window - at, 1.0)

    def miss(self, client: str, now: float | None = None) -> None:
        if len(self._misses) > 100_000:
            self._misses.clear()  # bounded memory under a flood of distinct clients
        self._misses.setdefault(client, deque()).append(time.monotonic() if now is None else now)
