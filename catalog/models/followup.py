"""The follow-up test of a module: only its identity and short code live here; question banks,
attempts, progress and admission belong to the assessment models (issue 6)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base
from catalog.models.enums import FollowUpKind, str_enum


class FollowUpTest(Base):
    __tablename__ = "followup_tests"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[FollowUpKind] = mapped_column(str_enum(FollowUpKind), default=FollowUpKind.BUILTIN)
    external_url: Mapped[str | None] = mapped_column(String(2048))
    short_code: Mapped[str] = mapped_column(String(6), unique=True)
