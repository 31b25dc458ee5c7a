"""Closed vocabularies of the catalogue, stored as short strings."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa


class Role(StrEnum):
    """Who may do what: admin > engineer (channels, schedule, as-run) ; staff (own courses) ;
    student (read and take tests)."""

    ADMIN = "admin"
    ENGINEER = "engineer"
    STAFF = "staff"
    STUDENT = "student"


class Language(StrEnum):
    KK = "kk"
    RU = "ru"
    EN = "en"


class LectureStatus(StrEnum):
    AWAITING_UPLOAD = "awaiting_upload"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class RenditionStatus(StrEnum):
    QUEUED = "queued"
    ENCODING = "encoding"
    READY = "ready"
    FAILED = "failed"


class UploadStatus(StrEnum):
    RECEIVING = "receiving"
    COMPLETE = "complete"
    FAILED = "failed"


class SlotKind(StrEnum):
    LECTURE = "lecture"
    END_CARD = "end_card"


class SlotStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    """How much of a planned slot really aired, decided from the as-run log only."""

    PENDING = "pending"
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


class FollowUpKind(StrEnum):
    BUILTIN = "builtin"
    EXTERNAL = "external"


class Delivery(StrEnum):
    DVB_T2 = "dvb-t2"
    DVB_C = "dvb-c"
    DVB_S2 = "dvb-s2"


def str_enum(enum: type[StrEnum]) -> sa.Enum:
    """A portable VARCHAR column holding the enum's values (no native PostgreSQL ENUM type, so
    adding a value is not a migration)."""
    return sa.Enum(
        enum,
        native_enum=False,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
