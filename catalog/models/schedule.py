"""The plan (slots), what really aired (as-run) and their link (occurrences).

Instants are UTC; a slot is the half-open interval [start, end). A cancelled slot is kept with
status `cancelled` and a bumped `sequence`, so calendar feeds can say STATUS:CANCELLED.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base, UTCDateTime, utcnow
from catalog.models.broadcast import Channel
from catalog.models.course import Module
from catalog.models.enums import Outcome, SlotKind, SlotStatus, str_enum


class ScheduleSlot(Base):
    __tablename__ = "schedule_slots"
    __table_args__ = (
        Index("ix_schedule_slots_channel_start", "channel_id", "start"),
        Index("ix_schedule_slots_module_start", "module_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    kind: Mapped[SlotKind] = mapped_column(str_enum(SlotKind), default=SlotKind.LECTURE)
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[SlotStatus] = mapped_column(str_enum(SlotStatus), default=SlotStatus.PLANNED)
    sequence: Mapped[int] = mapped_column(default=0)
    is_rerun: Mapped[bool] = mapped_column(default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    channel: Mapped[Channel] = relationship()
    module: Mapped[Module] = relationship()
    occurrence: Mapped[Occurrence | None] = relationship(back_populates="slot", uselist=False)


class AsRun(Base):
    """One as-run record from the playout; `record_id` is the playout's id, so a re-sent report
    is recognised and not counted twice."""

    __tablename__ = "asrun"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[str] = mapped_column(String(128), unique=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("schedule_slots.id", ondelete="SET NULL"), index=True
    )
    actual_start: Mapped[datetime] = mapped_column(UTCDateTime())
    actual_end: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(String(500), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Occurrence(Base):
    """Slot <-> as-run: whether the slot aired fully, partially or not at all."""

    __tablename__ = "occurrences"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_slots.id", ondelete="CASCADE"), unique=True
    )
    asrun_id: Mapped[int | None] = mapped_column(ForeignKey("asrun.id", ondelete="SET NULL"))
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome), default=Outcome.PENDING)
    aired_ms: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    slot: Mapped[ScheduleSlot] = relationship(back_populates="occurrence")
