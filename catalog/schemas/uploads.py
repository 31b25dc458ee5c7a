"""Resumable uploads on the wire."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from catalog.models.enums import UploadStatus
from catalog.schemas.common import MAX_ID


class UploadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lecture_id: int = Field(ge=1, le=MAX_ID)
    filename: str = Field(min_length=1, max_length=255)
    size: int = Field(ge=1, description="Total bytes the client will send.")
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="Optional: lets the server spot a duplicate before any byte is sent.",
    )


class UploadOut(BaseModel):
    id: int
    lecture_id: int
    filename: str
    size: int
    offset: int
    status: UploadStatus
    sha256: str | None
    media_summary: str
    error: str
    updated_at: datetime
