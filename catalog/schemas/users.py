"""Users, tokens and the audit log on the wire."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from catalog.models.enums import Role


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(pattern=r"^[a-z0-9_.\-]{2,64}$")
    display_name: str = Field(default="", max_length=200)
    password: str = Field(min_length=8, max_length=200)
    role: Role


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    is_active: bool


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: UserOut


class AuditOut(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    action: str
    entity: str
    entity_id: int | None
    detail: str
