"""Errors of the catalogue's services; `catalog.api.errors` maps them to HTTP once.

CatalogError
├── NotFound            unknown id                        -> 404
├── Forbidden           wrong role / not the owner        -> 403
├── Conflict            duplicate, stale offset, locked   -> 409
├── RuleViolation       a schedule/business rule failed   -> 422 (with field path)
├── UnsupportedMedia    upload is not a playable recording -> 415
├── TooLarge            beyond the size limit             -> 413
└── Unauthenticated     no or bad credentials             -> 401
"""

from __future__ import annotations

from typing import Any


class CatalogError(Exception):
    """Base of every catalogue error; `code` is a stable machine-readable name."""

    code = "error"

    def __init__(self, message: str, *, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(CatalogError):
    code = "not_found"


class Forbidden(CatalogError):
    code = "forbidden"


class Conflict(CatalogError):
    code = "conflict"


class RuleViolation(CatalogError):
    code = "rule_violation"


class UnsupportedMedia(CatalogError):
    code = "unsupported_media"


class TooLarge(CatalogError):
    code = "too_large"


class Unauthenticated(CatalogError):
    code = "unauthenticated"
