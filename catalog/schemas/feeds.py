"""Now/next on the wire."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class OnAirOut(BaseModel):
    slot_id: int
    module_id: int
    course_id: int
    course_code: str
    title: str
    course_title: str
    start: datetime
    end: datetime
    start_local: str
    end_local: str
    is_rerun: bool


class NowNextOut(BaseModel):
    channel_id: int
    channel_name: str
    xmltv_id: str
    now: OnAirOut | None
    next: OnAirOut | None
