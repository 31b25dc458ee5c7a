"""The one place routers are mounted. A new resource adds one import and one name here."""

from __future__ import annotations

from fastapi import FastAPI

from catalog.api.errors import ERROR_RESPONSES
from catalog.api.routes import (
    admission,
    asrun,
    attempts,
    auth,
    channels,
    courses,
    enrolment,
    feeds,
    followup_tests,
    footprint,
    lectures,
    modules,
    progress,
    schedule,
    uploads,
    users,
)

API_PREFIX = "/api"
API_ROUTERS = (auth, users, courses, modules, lectures, uploads, channels, schedule, asrun)
ASSESSMENT_ROUTERS = (followup_tests, attempts, enrolment, progress, admission, footprint)


def mount(app: FastAPI) -> None:
    """JSON routers under /api and the public feeds, all with the common error responses."""
    for module in (*API_ROUTERS, *ASSESSMENT_ROUTERS):
        app.include_router(module.router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    app.include_router(feeds.router, responses=ERROR_RESPONSES)
