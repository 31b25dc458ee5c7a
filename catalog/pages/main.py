"""Mount the pages, their static files and the HTML error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from catalog.pages import auth, engineer, media, progress, quiz, quiz_staff, staff, student
from catalog.pages.render import render

STATIC = Path(__file__).parent.parent / "static"


def html_error(request: Request, code: str, message: str, status: int) -> Response:
    """401 sends people to the sign-in page; other errors get a page in their language."""
    if status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    key = {403: "forbidden", 404: "not_found"}.get(status, code)
    return render(request, "error.html", None, status_code=status, key=key, message=message)


def mount(app: FastAPI) -> None:
    for module in (auth, quiz, progress, quiz_staff, student, staff, engineer, media):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.html_error = html_error
