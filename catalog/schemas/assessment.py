"""Follow-up tests, attempts, enrolment, progress, admission and footprint on the wire.

Student-facing shapes (`AttemptOut`, `QuestionShown`) have no field that could carry an answer
key: keys exist only in `QuestionStaffOut`, which only course editors receive.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from catalog.models.assessment import AttemptStatus, Availability, QuestionKind
from catalog.models.enums import Outcome
from catalog.schemas.common import MAX_ID
from catalog.schemas.courses import AiringOut

Answer = int | float | str | list[int] | None


class QuizSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pass_mark: int | None = Field(default=None, ge=0, le=100, description="Percent to pass.")
    max_attempts: int | None = Field(default=None, ge=1, le=100)
    availability: Availability | None = None
    closes_at: datetime | None = Field(default=None, description="No attempts after this.")
    shuffle: bool | None = None


class QuizSettingsOut(BaseModel):
    module_id: int
    kind: str
    pass_mark: int
    max_attempts: int
    availability: Availability
    opened_by_hand_at: datetime | None
    closes_at: datetime | None
    shuffle: bool
    window: str = Field(description="open_aired, open_by_hand, open_on_demand, not_aired, ...")
    questions: int


class QuestionIn(BaseModel):
    """A question authored by hand (the same checks as imported ones)."""

    model_config = ConfigDict(extra="forbid")

    kind: QuestionKind
    prompt: str = Field(min_length=1, max_length=5000)
    options: list[str] = Field(default_factory=list, max_length=12)
    correct: list[int] = Field(
        default_factory=list, max_length=12, description="Correct option indices (0-based)."
    )
    value: float | None = Field(default=None, description="Numeric answer.")
    tolerance: float = Field(default=0.0, ge=0, le=1e12)
    accepted: list[str] = Field(default_factory=list, max_length=20, description="Text answers.")
    points: int = Field(default=1, ge=1, le=100)


class QuestionStaffOut(BaseModel):
    id: int
    position: int
    kind: QuestionKind
    prompt: str
    options: list[str]
    answer: dict[str, Any]
    points: int


class QuestionImportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = Field(pattern=r"^(gift|csv)$", description="gift or csv (see docs).")
    text: str = Field(min_length=1, max_length=1_000_000)


class OptionShown(BaseModel):
    value: int
    text: str


class QuestionShown(BaseModel):
    id: int
    kind: QuestionKind
    prompt: str
    options: list[OptionShown]
    points: int


class AttemptStartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    via_slot_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class AttemptOut(BaseModel):
    id: int
    module_id: int
    number: int
    status: AttemptStatus
    started_at: datetime
    saved_at: datetime
    submitted_at: datetime | None
    questions: list[QuestionShown]
    answers: dict[str, Answer]
    score: float | None = None
    max_score: float | None = None
    scaled: float | None = None
    passed: bool | None = None


class AnswersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Answer] = Field(max_length=500)


class ImportLine(BaseModel):
    line: int
    status: str
    message: str
    user_id: int | None = None
    initial_password: str | None = None
    scaled: float | None = None


class ImportReport(BaseModel):
    lines: list[ImportLine]


class EnrolmentOut(BaseModel):
    user_id: int
    username: str
    display_name: str
    student_number: str
    registration: str


class ModuleProgressOut(BaseModel):
    module_id: int
    position: int
    syllabus_code: str
    title: str
    aired: Outcome
    code_entered: bool
    attempts_used: int
    attempts_allowed: int
    completed: bool
    best_scaled: float | None
    passed: bool
    waived: bool
    test_window: str
    next_airing: AiringOut | None


class CheckOut(BaseModel):
    kind: str
    satisfied: bool
    module_id: int | None = None
    requirement: str | None = None
    waived: bool = False
    children: list[CheckOut] = Field(default_factory=list)


class AdmissionOut(BaseModel):
    course_id: int
    user_id: int
    admitted: bool
    waived: bool
    missing: list[str] = Field(description="What is still missing, one sentence each.")
    rule: dict[str, Any]
    checks: CheckOut
    modules: list[ModuleProgressOut]


class CourseProgressOut(BaseModel):
    course_id: int
    course_code: str
    admission: AdmissionOut


class AdmissionRuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: dict[str, Any] = Field(
        description='{"every_module": "passed"} | {"all"|"any": [...]} | '
        '{"module": id, "require": "passed"|"completed"|"attended"}'
    )
    mastery_score: float | None = Field(default=None, ge=0, le=1)


class AdmissionRuleOut(BaseModel):
    course_id: int
    rule: dict[str, Any]
    mastery_score: float | None


class WaiverIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: int = Field(ge=1, le=MAX_ID)
    module_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    reason: str = Field(min_length=1, max_length=2000)


class WaiverOut(BaseModel):
    id: int
    course_id: int
    user_id: int
    module_id: int | None
    reason: str
    granted_by: int | None
    granted_at: datetime


class StatementsOut(BaseModel):
    """An xAPI StatementResult."""

    statements: list[dict[str, Any]]
    more: str = ""


class LrsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: HttpUrl
    authorization: str = Field(default="", max_length=1024, description="Sent as is; never shown.")


class LrsOut(BaseModel):
    url: str
    has_authorization: bool
    forwarded_up_to: int


class SyncEntryOut(BaseModel):
    id: int
    at: datetime
    try_number: int
    first_id: int
    last_id: int
    count: int
    ok: bool
    http_status: int | None
    message: str


class SyncOut(BaseModel):
    sent: int
    failed_tries: int
    pending: int
    log: list[SyncEntryOut]
