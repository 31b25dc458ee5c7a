"""Schedule slots, the auto-planner, as-run records and occurrences on the wire."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from catalog.models.enums import Outcome, SlotKind, SlotStatus
from catalog.schemas.common import MAX_ID


class Issue(BaseModel):
    """One validation finding on a slot; `error` blocks saving, `warning` is shown."""

    severity: Literal["error", "warning"]
    code: str
    message: str
    slot_index: int | None = None


class SlotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel_id: int = Field(ge=1, le=MAX_ID)
    module_id: int = Field(ge=1, le=MAX_ID)
    start: AwareDatetime = Field(description="With an explicit offset; stored as UTC.")
    end: AwareDatetime
    kind: SlotKind = SlotKind.LECTURE
    is_rerun: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> SlotIn:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class SlotMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ordered(self) -> SlotMove:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class SlotOut(BaseModel):
    id: int
    channel_id: int
    module_id: int
    kind: SlotKind
    start: datetime
    end: datetime
    start_local: str
    end_local: str
    status: SlotStatus
    sequence: int
    is_rerun: bool
    outcome: Outcome
    issues: list[Issue] = Field(default_factory=list)


class RerunRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days_after: int = Field(default=1, ge=0, le=6)
    at: time = Field(description="Local wall-clock time of the rerun.")


class PlanIn(BaseModel):
    """ "Air course X, modules in order, on channel C, Mon/Wed/Fri 10:00, rerun next day 18:00"."""

    model_config = ConfigDict(extra="forbid")

    course_id: int = Field(ge=1, le=MAX_ID)
    channel_id: int = Field(ge=1, le=MAX_ID)
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        min_length=1,
        max_length=7,
        description="0 = Monday ... 6 = Sunday, each at most once.",
        json_schema_extra={"uniqueItems": True},
    )
    at: time = Field(description="Local wall-clock time of the first airing.")
    start_date: date = Field(description="First day that may carry an airing (station-local).")
    rerun: RerunRule | None = None
    default_minutes: int = Field(
        default=30, ge=1, le=600, description="Slot length when a lecture's duration is unknown."
    )

    @model_validator(mode="after")
    def _weekdays(self) -> PlanIn:
        if any(not 0 <= d <= 6 for d in self.weekdays) or len(set(self.weekdays)) != len(
            self.weekdays
        ):
            raise ValueError("weekdays must be distinct numbers 0..6")
        return self


class PlanOut(BaseModel):
    slots: list[SlotOut]
    warnings: list[Issue]


class AsRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_id: str = Field(min_length=1, max_length=128)
    channel_id: int = Field(ge=1, le=MAX_ID)
    slot_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    actual_start: AwareDatetime
    actual_end: AwareDatetime
    note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _ordered(self) -> AsRunIn:
        if self.actual_end < self.actual_start:
            raise ValueError("actual_end must not be before actual_start")
        return self


class AsRunOut(BaseModel):
    id: int
    record_id: str
    channel_id: int
    slot_id: int | None
    actual_start: datetime
    actual_end: datetime
    outcome: Outcome | None
    duplicate: bool


class PlanVsAsRunRow(BaseModel):
    slot: SlotOut
    actual_start: datetime | None
    actual_end: datetime | None
    outcome: Outcome
    overdue: bool = Field(description="The slot has ended and no as-run arrived yet.")
