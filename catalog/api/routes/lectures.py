"""Lectures and the renditions the encoder reports."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from catalog.api import presenters
from catalog.api.deps import Engineer, Id, SessionDep
from catalog.errors import Conflict, NotFound
from catalog.models import Lecture
from catalog.schemas.courses import LectureOut, RenditionOut, RenditionReport
from catalog.services.renditions import record_rendition

router = APIRouter(prefix="/lectures", tags=["lectures"])

Profile = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$", description="Channel profile.")
]


def _lecture(session: SessionDep, lecture_id: Id) -> Lecture:
    lecture = session.get(Lecture, lecture_id)
    if lecture is None:
        raise NotFound(f"lecture {lecture_id} does not exist")
    return lecture


@router.get("/{lecture_id}", response_model=LectureOut)
def get_lecture(lecture_id: Id, session: SessionDep) -> LectureOut:
    return presenters.lecture_out(_lecture(session, lecture_id))


@router.get("/{lecture_id}/renditions/{profile}/index", response_class=JSONResponse)
def rendition_index(lecture_id: Id, profile: Profile, session: SessionDep) -> JSONResponse:
    """The rendition index JSON exactly as the encoder wrote it."""
    lecture = _lecture(session, lecture_id)
    rendition = next((r for r in lecture.renditions if r.profile == profile), None)
    if rendition is None or not rendition.index_json:
        raise NotFound(f"no index for profile {profile!r}")
    try:
        return JSONResponse(json.loads(rendition.index_json))
    except ValueError:
        raise NotFound(f"the stored index for {profile!r} is not JSON") from None


@router.put("/{lecture_id}/renditions/{profile}", response_model=RenditionOut)
def report_rendition(
    lecture_id: Id, profile: Profile, data: RenditionReport, session: SessionDep, _: Engineer
) -> RenditionOut:
    """The encoder's report for one profile (idempotent; a stale version is refused)."""
    _lecture(session, lecture_id)
    rendition = record_rendition(
        session,
        lecture_id,
        profile,
        data.ts_path,
        json.dumps(data.index) if data.index is not None else None,
        data.status,
        data.verdict,
        data.lecture_version,
    )
    if rendition is None:
        raise Conflict("the report is about a replaced recording")
    return presenters.rendition_out(rendition)
