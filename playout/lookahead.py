"""Look-ahead: will everything planned for the next hours be playable when its slot comes?

For each item starting within the window it checks what the catalogue (or the index beside the
file) recorded: the rendition resolves and is ready, its index is for the service's profile, and
the file on disk has the size the index records. Hashes are not re-read: they were checked at
ingest. A problem found here is an alert for a human; on air the item would become filler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from playout.errors import MediaUnavailable
from playout.plan.model import StationPlan
from playout.ports import MediaResolver

__all__ = ["LookaheadProblem", "look_ahead"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LookaheadProblem:
    service_id: int
    event_id: int
    start: datetime
    item_index: int
    reason: str

    def __str__(self) -> str:
        return (
            f"service {self.service_id} event {self.event_id} at {self.start:%Y-%m-%d %H:%M}Z "
            f"item {self.item_index}: {self.reason}"
        )


def look_ahead(
    plan: StationPlan, resolver: MediaResolver, *, now: datetime, hours: float = 24
) -> list[LookaheadProblem]:
    """Every problem with items of events starting in ``[now, now + hours)``."""
    until = now + timedelta(hours=hours)
    problems = []
    for _, ts in plan.transport_streams():
        for service in ts.services:
            for event in service.events:
                if not now <= event.start < until:
                    continue
                for index, item in enumerate(event.items):
                    reason = _check(resolver, item.media, service.profile)
                    if reason:
                        problems.append(
                            LookaheadProblem(
                                service_id=service.service_id,
                                event_id=event.event_id,
                                start=event.start,
                                item_index=index,
                                reason=reason,
                            )
                        )
    return problems


def _check(resolver: MediaResolver, ref: object, profile: str) -> str | None:
    try:
        media = resolver.resolve(ref, profile=profile)  # type: ignore[arg-type]
    except MediaUnavailable as exc:
        return exc.reason
    if media.index.profile != profile:
        return f"profile {media.index.profile!r}, the service airs {profile!r}"
    try:
        size = media.path.stat().st_size
    except OSError as exc:
        return f"rendition file: {exc}"
    if size != media.index.ts_size:
        return f"{media.path} has {size} bytes, its index records {media.index.ts_size}"
    return None
