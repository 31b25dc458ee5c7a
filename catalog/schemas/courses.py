"""Courses, modules, lectures, renditions and follow-up tests on the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from catalog.models.enums import (
    FollowUpKind,
    Language,
    LectureStatus,
    Outcome,
    RenditionStatus,
)
from catalog.schemas.common import MAX_ID, Localized, LocalizedText

CODE_PATTERN = r"^[A-Za-z0-9А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІіЁё_.\-]{1,32}$"


class CourseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=CODE_PATTERN, examples=["INF-101"])
    title: Localized
    language: Language
    level: str = Field(min_length=1, max_length=32, examples=["bachelor-1"])
    genre: str = Field(default="Education", min_length=1, max_length=64)


class CoursePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Localized | None = None
    language: Language | None = None
    level: str | None = Field(default=None, min_length=1, max_length=32)
    genre: str | None = Field(default=None, min_length=1, max_length=64)
    owner_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class CourseOut(BaseModel):
    id: int
    code: str
    title: Localized
    language: Language
    level: str
    genre: str
    owner_id: int | None
    updated_at: datetime


class ModuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    position: int | None = Field(default=None, ge=1, le=10000, description="Default: last + 1.")
    syllabus_code: str = Field(pattern=CODE_PATTERN)
    title: Localized
    summary: LocalizedText = Field(default_factory=LocalizedText)
    lecture_language: Language | None = Field(default=None, description="Default: the course's.")


class ModulePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    syllabus_code: str | None = Field(default=None, pattern=CODE_PATTERN)
    title: Localized | None = None
    summary: LocalizedText | None = None


class FollowUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: FollowUpKind
    external_url: HttpUrl | None = None


class FollowUpOut(BaseModel):
    id: int
    module_id: int
    kind: FollowUpKind
    external_url: str | None
    short_code: str = Field(pattern=r"^[0-9]{6}$")
    short_url: str


class RenditionOut(BaseModel):
    id: int
    profile: str
    status: RenditionStatus
    lecture_version: int
    duration_ms: int | None
    has_index: bool
    verdict: str
    updated_at: datetime


class LectureOut(BaseModel):
    id: int
    module_id: int
    language: Language
    status: LectureStatus
    version: int
    recording_sha256: str | None
    duration_ms: int | None
    renditions: list[RenditionOut]


class ModuleOut(BaseModel):
    id: int
    course_id: int
    position: int
    syllabus_code: str
    title: Localized
    summary: LocalizedText
    lecture: LectureOut | None
    followup: FollowUpOut | None


class AiringOut(BaseModel):
    slot_id: int
    channel_id: int
    channel_name: str
    start: datetime
    end: datetime
    start_local: str
    is_rerun: bool


class ModuleStatusOut(BaseModel):
    """A module as a student sees it: aired (from as-run only), next airing, follow-up test."""

    module: ModuleOut
    aired: Outcome = Field(description="Best outcome over its lecture slots: full/partial/none.")
    next_airing: AiringOut | None


class RenditionReport(BaseModel):
    """The encoder's report of one rendition (the HTTP twin of services.renditions)."""

    model_config = ConfigDict(extra="forbid")

    status: RenditionStatus
    ts_path: str | None = Field(default=None, max_length=1024)
    index: dict[str, Any] | None = Field(
        default=None, description="The rendition index (mpegts.rendition_index JSON object)."
    )
    verdict: str = Field(default="", max_length=10000)
    lecture_version: int | None = Field(default=None, ge=0)
