"""Shapes shared by every resource: the error body, pages of results, multilingual text."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    loc: list[str | int] = Field(default_factory=list, description="Path of the offending field.")
    msg: str
    type: str


class ErrorInfo(BaseModel):
    code: str = Field(description="Stable machine-readable name, e.g. not_found.")
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(BaseModel):
    """The one error shape of the API, whatever the status."""

    error: ErrorInfo


T = TypeVar("T")
MAX_ID = 2**31 - 1  # ids are 32-bit on every backend


class Page(BaseModel, Generic[T]):
    """A page of results: `limit`/`offset` echo the request, `total` counts all matches."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Localized(BaseModel):
    """A text in the three UI languages; titles need all three."""

    model_config = ConfigDict(extra="forbid")

    kk: str = Field(min_length=1, max_length=300)
    ru: str = Field(min_length=1, max_length=300)
    en: str = Field(min_length=1, max_length=300)


class LocalizedText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kk: str = Field(default="", max_length=10000)
    ru: str = Field(default="", max_length=10000)
    en: str = Field(default="", max_length=10000)


def localized(obj: Any, prefix: str) -> dict[str, str]:
    """Gather `<prefix>_kk/_ru/_en` attributes of a model row into a dict."""
    return {lang: getattr(obj, f"{prefix}_{lang}") for lang in ("kk", "ru", "en")}


def flat_localized(prefix: str, value: BaseModel) -> dict[str, str]:
    """Spread a Localized value into `<prefix>_kk/_ru/_en` column values."""
    return {f"{prefix}_{k}": v for k, v in value.model_dump().items()}
