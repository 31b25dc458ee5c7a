"""Rendering pages: the template environment, the page's caller and CSRF for forms."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from catalog.api.deps import SessionDep
from catalog.errors import Forbidden, Unauthenticated
from catalog.localtime import to_local
from catalog.models import User
from catalog.models.enums import Role
from catalog.pages.i18n import LANGUAGES, language, translator
from catalog.security import same_secret
from catalog.services import users

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use); forms and scripts echo it."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


class LazyCsrf:
    """The CSRF token as a template value that touches the session only when rendered, so pages
    without forms set no cookie and stay cacheable for anonymous visitors."""

    __slots__ = ("_request",)

    def __init__(self, request: Request) -> None:
        self._request = request

    def __str__(self) -> str:
        return csrf_token(self._request)

    def __html__(self) -> str:
        return str(self)


def check_csrf(request: Request, sent: str) -> None:
    expected = request.session.get("csrf", "")
    if not expected or not same_secret(expected, sent):
        raise Forbidden("missing or wrong CSRF token")


def page_user(request: Request, session: SessionDep) -> User | None:
    user_id = request.session.get("user_id")
    return users.active_user(session, user_id) if isinstance(user_id, int) else None


PageUser = Annotated[User | None, Depends(page_user)]


def need_role(user: User | None, *roles: Role) -> User:
    """The page's caller if their role fits (admin always), else 401 (to sign-in) or 403."""
    if user is None:
        raise Unauthenticated("sign in first")
    if user.role is not Role.ADMIN and user.role not in roles:
        raise Forbidden(f"role {user.role.value} may not open this page")
    return user


def render(
    request: Request, name: str, user: User | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    lang = language(request)
    zone = request.app.state.settings.station_timezone

    def local(instant: datetime, fmt: str = "%H:%M") -> str:
        return to_local(instant, zone).strftime(fmt)

    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "languages": LANGUAGES,
            "t": translator(lang),
            "user": user,
            "csrf": LazyCsrf(request),
            "local": local,
            "zone": zone,
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    return response


def text(row: object, prefix: str, lang: str) -> str:
    """A row's `<prefix>_<lang>` text, falling back to the other languages when blank."""
    for code in (lang, *LANGUAGES):
        value = getattr(row, f"{prefix}_{code}", "")
        if value:
            return str(value)
    return ""
