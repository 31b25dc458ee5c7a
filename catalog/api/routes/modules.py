"""A module: its lecture, follow-up test, aired state and next airing."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from catalog.api import presenters
from catalog.api.deps import Id, SessionDep, SettingsDep, Staff
from catalog.schemas.courses import (
    AiringOut,
    FollowUpIn,
    FollowUpOut,
    ModuleOut,
    ModulePatch,
    ModuleStatusOut,
)
from catalog.services import asrun, courses, schedule

router = APIRouter(prefix="/modules", tags=["modules"])


@router.get("/{module_id}", response_model=ModuleStatusOut)
def get_module(module_id: Id, session: SessionDep, settings: SettingsDep) -> ModuleStatusOut:
    """The module with its aired state (from as-run only) and next airing."""
    module = courses.get_module(session, module_id)
    nxt = schedule.next_airing(session, module_id)
    return ModuleStatusOut(
        module=presenters.module_out(session, module, settings.public_base_url),
        aired=asrun.module_outcome(session, module_id),
        next_airing=presenters.airing_out(nxt, settings.station_timezone) if nxt else None,
    )


@router.patch("/{module_id}", response_model=ModuleOut)
def update_module(
    module_id: Id, data: ModulePatch, session: SessionDep, settings: SettingsDep, actor: Staff
) -> ModuleOut:
    module = courses.update_module(session, actor, module_id, data)
    return presenters.module_out(session, module, settings.public_base_url)


@router.delete("/{module_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_module(module_id: Id, session: SessionDep, actor: Staff) -> Response:
    courses.delete_module(session, actor, module_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{module_id}/next-airing", response_model=AiringOut | None)
def next_airing(module_id: Id, session: SessionDep, settings: SettingsDep) -> AiringOut | None:
    """The next planned airing of the module, or null."""
    courses.get_module(session, module_id)
    slot = schedule.next_airing(session, module_id)
    return presenters.airing_out(slot, settings.station_timezone) if slot else None


@router.put("/{module_id}/followup", response_model=FollowUpOut)
def set_followup(
    module_id: Id, data: FollowUpIn, session: SessionDep, settings: SettingsDep, actor: Staff
) -> FollowUpOut:
    """Choose built-in or external; the six-digit short code never changes."""
    test = courses.set_followup(session, actor, module_id, data)
    return presenters.followup_out(test, settings.public_base_url)
