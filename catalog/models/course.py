"""Course -> ordered modules -> the module's lecture -> renditions per channel profile."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base, UTCDateTime, utcnow
from catalog.models.enums import Language, LectureStatus, RenditionStatus, str_enum


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title_kk: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    language: Mapped[Language] = mapped_column(str_enum(Language))
    level: Mapped[str] = mapped_column(String(32))
    genre: Mapped[str] = mapped_column(String(64), default="Education")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course",
        order_by="Module.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Module(Base):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    syllabus_code: Mapped[str] = mapped_column(String(32))
    title_kk: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    summary_kk: Mapped[str] = mapped_column(Text, default="")
    summary_ru: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="modules")
    lecture: Mapped[Lecture | None] = relationship(
        back_populates="module", uselist=False, cascade="all, delete-orphan", passive_deletes=True
    )


class Lecture(Base):
    """The module's recording. Replacing it bumps `version`; schedule slots point at the module,
    so the plan survives the replacement and picks up the new renditions."""

    __tablename__ = "lectures"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), unique=True
    )
    language: Mapped[Language] = mapped_column(str_enum(Language))
    status: Mapped[LectureStatus] = mapped_column(
        str_enum(LectureStatus), default=LectureStatus.AWAITING_UPLOAD
    )
    version: Mapped[int] = mapped_column(default=0)
    recording_path: Mapped[str | None] = mapped_column(String(1024))
    recording_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    duration_ms: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    module: Mapped[Module] = relationship(back_populates="lecture")
    renditions: Mapped[list[Rendition]] = relationship(
        back_populates="lecture",
        cascade="all, delete-orphan",
        order_by="Rendition.profile",
        passive_deletes=True,
    )


class Rendition(Base):
    """A lecture encoded for one channel profile, reported back by the encoder."""

    __tablename__ = "renditions"
    __table_args__ = (UniqueConstraint("lecture_id", "profile"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lecture_id: Mapped[int] = mapped_column(ForeignKey("lectures.id", ondelete="CASCADE"))
    profile: Mapped[str] = mapped_column(String(64))
    lecture_version: Mapped[int]
    status: Mapped[RenditionStatus] = mapped_column(
        str_enum(RenditionStatus), default=RenditionStatus.QUEUED
    )
    job_id: Mapped[str | None] = mapped_column(String(128))
    ts_path: Mapped[str | None] = mapped_column(String(1024))
    index_json: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None]
    verdict: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    lecture: Mapped[Lecture] = relationship(back_populates="renditions")
