"""Sign-in and sign-out with a session cookie; the form carries the CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from catalog.api.deps import SessionDep
from catalog.errors import Unauthenticated
from catalog.models.enums import Role
from catalog.pages.render import PageUser, check_csrf, render
from catalog.services import users

router = APIRouter(include_in_schema=False)

HOME = {
    Role.ADMIN: "/engineer",
    Role.ENGINEER: "/engineer",
    Role.STAFF: "/staff",
    Role.STUDENT: "/",
}


def _safe_next(target: str | None) -> str | None:
    return target if target and target.startswith("/") and not target.startswith("//") else None


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: PageUser, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", user, next=_safe_next(next) or "", error=False)


@router.post("/login", response_model=None)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> RedirectResponse | HTMLResponse:
    check_csrf(request, csrf)
    try:
        user = users.authenticate(session, username, password)
    except Unauthenticated:
        return render(request, "login.html", None, status_code=401, next=next, error=True)
    request.session.clear()
    request.session["user_id"] = user.id
    return RedirectResponse(_safe_next(next) or HOME[user.role], status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> RedirectResponse:
    check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/", status_code=303)
