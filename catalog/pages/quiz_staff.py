"""Staff authoring of a module's test: the bank with keys, import from GIFT / CSV, opening the
test by hand. The same services as the JSON API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from catalog.api.deps import Id, SessionDep
from catalog.models.assessment import Question, QuestionKind
from catalog.models.base import utcnow
from catalog.models.enums import Role
from catalog.pages.assessment_text import assessment_translator
from catalog.pages.i18n import language
from catalog.pages.render import PageUser, check_csrf, need_role, render, text
from catalog.services import assessment, courses, gift, question_csv
from catalog.services.permissions import ensure_course_editor
from catalog.services.question_format import QuestionFormatError
from catalog.services.short_codes import display

router = APIRouter(prefix="/staff/modules", include_in_schema=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class BankRow:
    id: int
    kind: QuestionKind
    prompt: str
    points: int
    options_list: list[str]
    answer: str


def _row(q: Question) -> BankRow:
    return BankRow(
        id=q.id,
        kind=q.kind,
        prompt=q.prompt,
        points=q.points,
        options_list=json.loads(q.options),
        answer=q.answer,
    )


def _page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    module_id: int,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    me = need_role(user, Role.STAFF)
    module = courses.get_module(session, module_id)
    ensure_course_editor(me, module.course)
    test = assessment.test_for_module(session, module_id)
    settings = assessment.settings_for(session, test)
    lang = language(request)
    return render(
        request,
        "assessment/staff_test.html",
        user,
        status_code=status,
        t=assessment_translator(lang),
        module=module,
        title=text(module, "title", lang),
        code_shown=display(test.short_code),
        window=assessment.window(session, test, settings, utcnow()),
        questions=[_row(q) for q in assessment.questions(session, test.id)],
        error=error,
    )


@router.get("/{module_id}/test", response_class=HTMLResponse)
def test_page(module_id: Id, request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    return _page(request, session, user, module_id)


@router.post("/{module_id}/questions/import", response_model=None)
def import_questions(
    module_id: Id,
    request: Request,
    session: SessionDep,
    user: PageUser,
    text_: Annotated[str, Form(alias="text", max_length=1_000_000)],
    format_: Annotated[str, Form(alias="format", pattern="^(gift|csv)$")] = "gift",
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(request, csrf)
    me = need_role(user, Role.STAFF)
    parser = gift.parse if format_ == "gift" else question_csv.parse
    try:
        parsed = parser(text_)
    except QuestionFormatError as exc:
        return _page(request, session, user, module_id, str(exc), status=422)
    assessment.add_questions(session, me, module_id, parsed)
    return RedirectResponse(f"/staff/modules/{module_id}/test", status_code=303)


@router.post("/{module_id}/test/open")
def open_test(
    module_id: Id,
    request: Request,
    session: SessionDep,
    user: PageUser,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> RedirectResponse:
    check_csrf(request, csrf)
    assessment.open_by_hand(session, need_role(user, Role.STAFF), module_id)
    return RedirectResponse(f"/staff/modules/{module_id}/test", status_code=303)
