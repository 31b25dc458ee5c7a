"""A module's built-in test (settings, question bank, opening by hand) and the results import
of an external one. Staff of the course only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, Response, UploadFile, status

from catalog.api import assessment_presenters as out
from catalog.api.deps import Id, SessionDep, SettingsDep, Staff
from catalog.errors import RuleViolation
from catalog.models.base import utcnow
from catalog.schemas.assessment import (
    ImportLine,
    ImportReport,
    MultipleChoiceIn,
    NumericIn,
    QuestionImportIn,
    QuestionIn,
    QuestionStaffOut,
    QuizSettingsIn,
    QuizSettingsOut,
    SingleChoiceIn,
)
from catalog.services import assessment, courses, gift, question_csv, results_import
from catalog.services.permissions import ensure_course_editor
from catalog.services.question_format import ParsedQuestion, QuestionFormatError

router = APIRouter(tags=["follow-up tests"])


def _settings(session: SessionDep, module_id: int) -> QuizSettingsOut:
    test = assessment.test_for_module(session, module_id)
    s = assessment.settings_for(session, test)
    return out.settings_out(session, test, s, assessment.window(session, test, s, utcnow()).value)


@router.get("/modules/{module_id}/test", response_model=QuizSettingsOut)
def get_test(module_id: Id, session: SessionDep, actor: Staff) -> QuizSettingsOut:
    """Settings of the module's test and whether it is open now (and why)."""
    ensure_course_editor(actor, courses.get_module(session, module_id).course)
    return _settings(session, module_id)


@router.patch("/modules/{module_id}/test", response_model=QuizSettingsOut)
def update_test(
    module_id: Id, data: QuizSettingsIn, session: SessionDep, actor: Staff
) -> QuizSettingsOut:
    """Pass mark, attempt limit, availability (after airing / on demand), closing time."""
    assessment.update_settings(session, actor, module_id, data.model_dump(exclude_unset=True))
    return _settings(session, module_id)


@router.post("/modules/{module_id}/test/open", response_model=QuizSettingsOut)
def open_test(module_id: Id, session: SessionDep, actor: Staff) -> QuizSettingsOut:
    """Open the test by hand (e.g. the airing failed and the make-up is days away)."""
    assessment.open_by_hand(session, actor, module_id)
    return _settings(session, module_id)


@router.get("/modules/{module_id}/questions", response_model=list[QuestionStaffOut])
def list_questions(module_id: Id, session: SessionDep, actor: Staff) -> list[QuestionStaffOut]:
    """The bank with answer keys (course editors only)."""
    ensure_course_editor(actor, courses.get_module(session, module_id).course)
    test = assessment.test_for_module(session, module_id)
    return [out.question_staff_out(q) for q in assessment.questions(session, test.id)]


def _parsed(data: QuestionIn) -> ParsedQuestion:
    """The body as the importers' question (the schema already holds its kind's rules)."""
    options: tuple[str, ...] = ()
    answer: dict[str, Any]
    if isinstance(data, SingleChoiceIn | MultipleChoiceIn):
        options, answer = tuple(data.options), {"correct": sorted(set(data.correct))}
    elif isinstance(data, NumericIn):
        answer = {"value": data.value, "tolerance": data.tolerance}
    else:
        answer = {"accepted": list(data.accepted)}
    return ParsedQuestion(
        kind=data.kind, prompt=data.prompt, options=options, answer=answer, points=data.points
    )


@router.post(
    "/modules/{module_id}/questions",
    response_model=QuestionStaffOut,
    status_code=status.HTTP_201_CREATED,
)
def add_question(
    module_id: Id,
    data: Annotated[QuestionIn, Body()],
    session: SessionDep,
    actor: Staff,
) -> QuestionStaffOut:
    """One question; what it needs depends on its `kind` (single, multiple, numeric, text)."""
    try:
        rows = assessment.add_questions(session, actor, module_id, [_parsed(data)])
    except QuestionFormatError as exc:  # the schema states these rules; kept as a second guard
        raise RuleViolation(
            exc.message,
            details=[{"loc": ["body"], "msg": exc.message, "type": "value_error"}],
        ) from None
    return out.question_staff_out(rows[0])


@router.post(
    "/modules/{module_id}/questions/import",
    response_model=list[QuestionStaffOut],
    status_code=status.HTTP_201_CREATED,
)
def import_questions(
    module_id: Id, data: QuestionImportIn, session: SessionDep, actor: Staff
) -> list[QuestionStaffOut]:
    """GIFT or the documented CSV; one bad question refuses the whole text (line given)."""
    parser = gift.parse if data.format == "gift" else question_csv.parse
    try:
        parsed = parser(data.text)
    except QuestionFormatError as exc:
        raise RuleViolation(
            f"line {exc.line}: {exc.message}; nothing was imported",
            details=[
                {"loc": ["body", "text", "line", exc.line], "msg": exc.message, "type": "bad_line"}
            ],
        ) from None
    return [
        out.question_staff_out(q)
        for q in assessment.add_questions(session, actor, module_id, parsed)
    ]


@router.delete("/questions/{question_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_question(question_id: Id, session: SessionDep, actor: Staff) -> Response:
    assessment.delete_question(session, actor, question_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/modules/{module_id}/results/import", response_model=ImportReport)
async def import_results(
    module_id: Id,
    session: SessionDep,
    settings: SettingsDep,
    actor: Staff,
    file: Annotated[UploadFile, File(description="CSV / gradebook export (UTF-8).")],
    max_score: Annotated[float, Form(gt=0, le=1e6)] = 100.0,
    score_column: Annotated[str | None, Form(max_length=200)] = None,
) -> ImportReport:
    """Results of an external test (e.g. a Moodle quiz), all or nothing, a report per line."""
    data = await file.read(3_000_000)
    lines = results_import.import_results(
        session,
        actor,
        module_id,
        data,
        max_score=max_score,
        score_column=score_column,
        base_url=settings.public_base_url,
        now=utcnow(),
    )
    return ImportReport(lines=[ImportLine(**line) for line in lines])
