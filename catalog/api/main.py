"""The one place routers are mounted. A new resource adds one import and one line here."""

from __future__ import annotations

from fastapi import APIRouter

from catalog.api.errors import ERROR_RESPONSES
from catalog.api.routes import (
    asrun,
    auth,
    channels,
    courses,
    lectures,
    modules,
    schedule,
    uploads,
    users,
)

API_PREFIX = "/api"


def api_router() -> APIRouter:
    """All JSON routers under /api, each documented with the common error responses."""
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    for module in (auth, users, courses, modules, lectures, uploads, channels, schedule, asrun):
        router.include_router(module.router)
    return router
