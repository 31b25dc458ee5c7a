"""Follow-up tests, attempts, enrolment, progress, admission and footprint on the wire.

Student-facing shapes (`AttemptOut`, `QuestionShown`) have no field that could carry an answer
key: keys exist only in `QuestionStaffOut`, which only course editors receive.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

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


# --- questions authored by hand ---
#
# One model per question kind, told apart by `kind` (a discriminated union), so that the OpenAPI
# document states everything a question of that kind needs: a body valid against the schema is a
# question the server stores. The limits are those `services.question_format.check` applies to
# imported questions too.

MIN_OPTIONS = 2
MAX_OPTIONS = 12
MAX_OPTION_LENGTH = 1000
MAX_PROMPT = 5000
MAX_POINTS = 100
MAX_ACCEPTED = 20
# What str.strip() removes (the characters for which str.isspace() is true), spelt out: `\S` means
# something else in Python's re (U+001C..U+001F are space), in pydantic-core's Rust regex (they
# are not) and in the ECMA-262 regexes of JSON Schema tools (U+FEFF is space). A class of explicit
# code points reads the same in all three, so "the schema says non-blank" is "strip() keeps some".
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
NOT_BLANK = "[^" + "".join(f"\\u{ord(c):04x}" for c in WHITE_SPACE) + "]"

Prompt = Annotated[str, Field(min_length=1, max_length=MAX_PROMPT, pattern=NOT_BLANK)]
Points = Annotated[int, Field(ge=1, le=MAX_POINTS)]
OptionText = Annotated[str, Field(min_length=1, max_length=MAX_OPTION_LENGTH, pattern=NOT_BLANK)]
Options = Annotated[
    list[OptionText],
    Field(
        min_length=MIN_OPTIONS, max_length=MAX_OPTIONS, description="Options in the order given."
    ),
]
OptionIndex = Annotated[int, Field(ge=0, le=MAX_OPTIONS - 1)]


def _correct_within_options(schema: dict[str, Any]) -> None:
    """JSON Schema cannot compare two fields, but "every index in `correct` is below the number of
    `options`" equals "for some n in 2..12: at least n options and no index above n - 1", an
    `anyOf` of eleven branches. Stated so, a generator of schema-valid bodies (schemathesis) never
    produces an index the server refuses; `_ChoiceIn._indices_within_options` enforces it."""
    schema["anyOf"] = [
        {"properties": {"options": {"minItems": n}, "correct": {"items": {"maximum": n - 1}}}}
        for n in range(MIN_OPTIONS, MAX_OPTIONS + 1)
    ]


class _ChoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_correct_within_options)

    prompt: Prompt
    options: Options
    correct: list[OptionIndex]
    points: Points = 1

    @model_validator(mode="after")
    def _indices_within_options(self) -> Self:
        outside = sorted({i for i in self.correct if i >= len(self.options)})
        if outside:
            raise ValueError(
                f"correct option index {outside[0]} is not one of the {len(self.options)} options"
                " (indices are 0-based)"
            )
        return self


class SingleChoiceIn(_ChoiceIn):
    """Single choice: exactly one correct option."""

    kind: Literal[QuestionKind.SINGLE]
    correct: list[OptionIndex] = Field(
        min_length=1,
        max_length=1,
        description="The index (0-based) of the one correct option, as a one-element list.",
    )


class MultipleChoiceIn(_ChoiceIn):
    """Multiple choice: the answer is right when exactly the correct set is chosen."""

    kind: Literal[QuestionKind.MULTIPLE]
    correct: list[OptionIndex] = Field(
        min_length=1,
        max_length=MAX_OPTIONS,
        description="Indices (0-based) of the correct options; repeats count once.",
    )


class NumericIn(BaseModel):
    """Numeric: right when the response is within `tolerance` of `value`."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[QuestionKind.NUMERIC]
    prompt: Prompt
    value: float = Field(allow_inf_nan=False, description="The numeric answer.")
    tolerance: float = Field(default=0.0, ge=0, le=1e12)
    points: Points = 1


class TextIn(BaseModel):
    """Short answer: right when the response equals an accepted answer (NFKC, case and white
    space aside)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[QuestionKind.TEXT]
    prompt: Prompt
    accepted: list[Annotated[str, Field(min_length=1, pattern=NOT_BLANK)]] = Field(
        min_length=1, max_length=MAX_ACCEPTED, description="Accepted answers."
    )
    points: Points = 1


QuestionIn = Annotated[
    SingleChoiceIn | MultipleChoiceIn | NumericIn | TextIn, Field(discriminator="kind")
]
"""A question authored by hand; `kind` decides which fields it has."""


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
