"""The assessment side of the catalogue: what a follow-up test asks and how it opens, who is
enrolled, their attempts, the admission rule with its waivers, and the digital footprint.

Progress and admission are derived from attempts, waivers and as-run (a projection), never from
scanning the statement log; the statement log is the append-only footprint beside them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base, UTCDateTime, utcnow
from catalog.models.enums import str_enum


class Availability(StrEnum):
    """When a built-in test opens: after the module aired in full (as-run), or at once."""

    AFTER_AIRING = "after_airing"
    ON_DEMAND = "on_demand"


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMERIC = "numeric"
    TEXT = "text"


class AttemptStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class AttemptSource(StrEnum):
    """Where a result came from: our quiz, or an LMS gradebook import (external tests)."""

    BUILTIN = "builtin"
    IMPORT = "import"


class QuizSettings(Base):
    """Per follow-up test (1:1, created with defaults on first use)."""

    __tablename__ = "quiz_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(
        ForeignKey("followup_tests.id", ondelete="CASCADE"), unique=True
    )
    pass_mark: Mapped[int] = mapped_column(default=60)
    max_attempts: Mapped[int] = mapped_column(default=3)
    availability: Mapped[Availability] = mapped_column(
        str_enum(Availability), default=Availability.AFTER_AIRING
    )
    opened_by_hand_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    shuffle: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Question(Base):
    """One item of a test's bank. `options` and `answer` are JSON; `answer` never leaves the
    staff side (the student schemas have no field for it)."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_test_position", "test_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("followup_tests.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind))
    prompt: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text, default="[]")
    answer: Mapped[str] = mapped_column(Text)
    points: Mapped[int] = mapped_column(default=1)


class Enrolment(Base):
    """A student on a course, from the registrar's list; `registration` is the xAPI
    registration UUID of this enrolment."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    student_number: Mapped[str] = mapped_column(String(64))
    registration: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Attempt(Base):
    """One go at a test. `layout` fixes the question and option order shown (so a reload shows
    the same page); `answers` is the autosaved state, keyed by question id."""

    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("test_id", "user_id", "number"),
        Index("ix_attempts_user_test", "user_id", "test_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("followup_tests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    number: Mapped[int]
    source: Mapped[AttemptSource] = mapped_column(
        str_enum(AttemptSource), default=AttemptSource.BUILTIN
    )
    status: Mapped[AttemptStatus] = mapped_column(
        str_enum(AttemptStatus), default=AttemptStatus.IN_PROGRESS
    )
    via_slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("schedule_slots.id", ondelete="SET NULL")
    )
    layout: Mapped[str] = mapped_column(Text, default="[]")
    answers: Mapped[str] = mapped_column(Text, default="{}")
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    scaled: Mapped[float | None]
    passed: Mapped[bool | None]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AdmissionRule(Base):
    """The course's declarative admission rule (JSON tree, see services.admission) and its
    optional mastery score (0..1) that replaces each test's own pass mark."""

    __tablename__ = "admission_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), unique=True
    )
    rule: Mapped[str] = mapped_column(Text)
    mastery_score: Mapped[float | None]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Waiver(Base):
    """Staff exempted a student from one module's test (module_id) or from the whole rule."""

    __tablename__ = "waivers"
    __table_args__ = (Index("ix_waivers_course_user", "course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LearnerId(Base):
    """The pseudonymous actor name used in statements instead of anything identifying."""

    __tablename__ = "learner_ids"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    pseudonym: Mapped[str] = mapped_column(String(32), unique=True)


class Statement(Base):
    """One xAPI statement of the footprint. Append-only: rows are never updated or deleted
    by the application (a mapper hook refuses it); corrections would be voiding statements."""

    __tablename__ = "statements"
    __table_args__ = (
        Index("ix_statements_user", "user_id", "id"),
        Index("ix_statements_course", "course_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(32))
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime())
    stored: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    body: Mapped[str] = mapped_column(Text)


class LrsEndpoint(Base):
    """Where statements are forwarded (one row; none = no forwarding)."""

    __tablename__ = "lrs_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    auth_header: Mapped[str] = mapped_column(String(1024), default="")
    forwarded_up_to: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class LrsSyncEntry(Base):
    """One try at forwarding a batch: the visible sync log."""

    __tablename__ = "lrs_sync_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    try_number: Mapped[int]
    first_id: Mapped[int]
    last_id: Mapped[int]
    count: Mapped[int]
    ok: Mapped[bool]
    http_status: Mapped[int | None]
    message: Mapped[str] = mapped_column(Text, default="")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a stored statement."""


@event.listens_for(Statement, "before_update")
def _no_update(*_: object) -> None:
    raise AppendOnlyError("statements are append-only")


@event.listens_for(Statement, "before_delete")
def _no_delete(*_: object) -> None:
    raise AppendOnlyError("statements are append-only")
