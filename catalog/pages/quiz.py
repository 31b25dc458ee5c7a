"""From the TV to the test: `/t` (type a code), `/t/{code}` (the module's test page on a phone),
starting an attempt, and the quiz page itself (`/quiz/{id}`), graded on the server.

`/t/{code}` records which airing the viewer came from (the module on air now on any channel, or
the latest that ended) in the session, and for a signed-in student as an `attended` statement;
an anonymous viewer sees the module and a sign-in link that brings them back. Unknown codes get a
friendly page; more than `WrongCodeLimiter.limit` wrong codes from one client are refused (429).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from catalog.api.deps import Id, SessionDep
from catalog.errors import NotFound
from catalog.models import FollowUpTest, Module, User
from catalog.models.assessment import Attempt, AttemptStatus, Question, QuestionKind
from catalog.models.base import utcnow
from catalog.models.enums import Role
from catalog.pages.assessment_text import assessment_translator
from catalog.pages.i18n import language
from catalog.pages.render import PageUser, check_csrf, need_role, render, text
from catalog.services import asrun, assessment, courses, enrolment, footprint, schedule
from catalog.services.media_access import catchup_rendition
from catalog.services.short_codes import WrongCodeLimiter, airing_for_entry, display, normalise

router = APIRouter(include_in_schema=False)


def _limiter(request: Request) -> WrongCodeLimiter:
    state = request.app.state
    if not hasattr(state, "wrong_codes"):
        state.wrong_codes = WrongCodeLimiter()
    return state.wrong_codes  # type: ignore[no-any-return]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _page(
    request: Request, name: str, user: User | None, status: int = 200, **ctx: Any
) -> HTMLResponse:
    t = assessment_translator(language(request))
    return render(request, name, user, status_code=status, t=t, **ctx)


@router.get("/t", response_class=HTMLResponse, response_model=None)
def enter_code(request: Request, user: PageUser, code: str | None = None) -> Response:
    """A form to type the code (what the end-card and the EPG tell viewers to open)."""
    if code:
        normal = normalise(code)
        return RedirectResponse(f"/t/{normal or 'unknown'}", status_code=303)
    return _page(request, "assessment/enter_code.html", user)


def _unknown(request: Request, user: User | None, status: int, retry: float = 0) -> HTMLResponse:
    response = _page(request, "assessment/unknown_code.html", user, status, limited=status == 429)
    if retry:
        response.headers["Retry-After"] = str(int(retry) + 1)
    return response


@router.get("/t/{code}", response_class=HTMLResponse)
def short_link(code: str, request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    """The module's test page for the code on screen."""
    limiter, client = _limiter(request), _client(request)
    wait = limiter.blocked(client)
    if wait:
        return _unknown(request, user, 429, wait)
    normal = normalise(code)
    try:
        module = courses.module_for_short_code(session, normal or "")
    except NotFound:
        limiter.miss(client)
        return _unknown(request, user, 404)
    now = utcnow()
    slot = airing_for_entry(session, module.id, now)
    if slot is not None:
        request.session["came_from"] = {"module": module.id, "slot": slot.id}
    test = courses.followup_for_module(session, module.id)
    ctx = _code_context(session, request, user, module, test, slot)
    return _page(request, "assessment/short_link.html", user, **ctx)


def _code_context(
    session: Session,
    request: Request,
    user: User | None,
    module: Module,
    test: FollowUpTest,
    slot: Any,
) -> dict[str, Any]:
    lang, now = language(request), utcnow()
    enrolled = user is not None and enrolment.is_enrolled(session, user.id, module.course_id)
    st = assessment.state(session, test, user.id, now) if user and enrolled else None
    if st is not None and slot is not None and user is not None and user.role is Role.STUDENT:
        _note_attended(session, request, user, module, slot, now)
    if st is None:
        s = assessment.settings_for(session, test)
        window = assessment.window(session, test, s, now)
    else:
        window = st.window
    return {
        "module": module,
        "code": test.short_code,
        "code_shown": display(test.short_code),
        "test": test,
        "title": text(module, "title", lang),
        "course_title": text(module.course, "title", lang),
        "outcome": asrun.module_outcome(session, module.id),
        "next_airing": schedule.next_airing(session, module.id),
        "catchup": catchup_rendition(session, module) is not None,
        "enrolled": enrolled,
        "state": st,
        "window": window,
    }


def _note_attended(
    session: Session, request: Request, user: User, module: Module, slot: Any, now: Any
) -> None:
    on_air = slot.start <= now < slot.end
    footprint.record(
        session,
        request.app.state.settings.public_base_url,
        footprint.Event(
            key=f"attended:user:{user.id}:slot:{slot.id}",
            verb="attended",
            user=user,
            module=module,
            timestamp=now,
            platform=f"TV: {slot.channel.name}",
            extensions={
                "slot": slot.id,
                "channel": slot.channel_id,
                "evidence": "code",
                "on-air": on_air,
            },
            assessment=False,
        ),
    )


@router.post("/t/{code}/start")
def start(
    code: str,
    request: Request,
    session: SessionDep,
    user: PageUser,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> RedirectResponse:
    """Start or resume the attempt, remembering the airing the viewer came from."""
    check_csrf(request, csrf)
    me = need_role(user, Role.STUDENT)
    module = courses.module_for_short_code(session, normalise(code) or "")
    came = request.session.get("came_from") or {}
    via = came.get("slot") if came.get("module") == module.id else None
    attempt, _ = assessment.start_attempt(
        session, me, module.id, request.app.state.settings.public_base_url, via
    )
    return RedirectResponse(f"/quiz/{attempt.id}", status_code=303)


@router.get("/quiz/{attempt_id}", response_class=HTMLResponse)
def quiz(attempt_id: Id, request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    """The quiz (or its result once submitted); the caller's own attempts only."""
    me = need_role(user, Role.STUDENT)
    attempt = assessment.get_attempt(session, me, attempt_id)
    test = session.get(FollowUpTest, attempt.test_id)
    assert test is not None
    module = courses.get_module(session, test.module_id)
    return _page(
        request,
        "assessment/quiz.html",
        user,
        attempt=attempt,
        module=module,
        title=text(module, "title", language(request)),
        questions=assessment.shown_questions(session, attempt),
        answers=json.loads(attempt.answers),
        submitted=attempt.status is AttemptStatus.SUBMITTED,
        code=test.short_code,
    )


async def _form_answers(request: Request, attempt: Attempt) -> dict[str, Any]:
    """Answers posted by the plain form (the page works without its script too)."""
    form = await request.form()
    answers: dict[str, Any] = {}
    for item in json.loads(attempt.layout):
        name = f"q{item['q']}"
        values = [str(v) for v in form.getlist(name)]
        if not values:
            continue
        answers[str(item["q"])] = values
    return answers


def _typed(session: Session, raw: dict[str, Any]) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for qid, values in raw.items():
        q = session.get(Question, int(qid))
        if q is None:
            continue
        if q.kind is QuestionKind.MULTIPLE:
            typed[qid] = [int(v) for v in values if v.isdigit()]
        elif q.kind is QuestionKind.SINGLE:
            typed[qid] = int(values[0]) if values[0].isdigit() else None
        else:
            typed[qid] = values[0][:1000]
    return typed


@router.post("/quiz/{attempt_id}/submit")
async def submit(
    attempt_id: Id, request: Request, session: SessionDep, user: PageUser
) -> RedirectResponse:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    me = need_role(user, Role.STUDENT)
    attempt = assessment.get_attempt(session, me, attempt_id)
    now = utcnow()
    if attempt.status is AttemptStatus.IN_PROGRESS:
        answers = _typed(session, await _form_answers(request, attempt))
        if answers:
            assessment.save_answers(session, me, attempt_id, answers, now)
        assessment.submit(session, me, attempt_id, request.app.state.settings.public_base_url, now)
    return RedirectResponse(f"/quiz/{attempt_id}", status_code=303)
