"""Map errors to the one error body shape (`schemas.common.ErrorBody`), once, for the whole app."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from catalog import errors
from catalog.schemas.common import ErrorBody

STATUS: dict[type[errors.CatalogError], int] = {
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.Conflict: 409,
    errors.RuleViolation: 422,
    errors.UnsupportedMedia: 415,
    errors.TooLarge: 413,
    errors.Unauthenticated: 401,
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media",
    422: "validation_error",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "Not signed in"),
        (403, "The role may not do this"),
        (404, "Unknown id"),
        (409, "Conflict: duplicate, stale offset or locked air time"),
        (422, "Invalid input; `details[].loc` is the field path"),
    )
}


def body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def _page(request: Request) -> bool:
    """Pages (not the API or feeds) answer errors in HTML when a page renderer is installed."""
    path = request.url.path
    return hasattr(request.app.state, "html_error") and not path.startswith(
        ("/api/", "/feeds/", "/media/")
    )


async def _catalog_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.CatalogError)
    status = next(s for cls, s in STATUS.items() if isinstance(exc, cls))
    if _page(request):
        return request.app.state.html_error(request, exc.code, exc.message, status)  # type: ignore[no-any-return]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        body(exc.code, exc.message, exc.details), status_code=status, headers=headers
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            "loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    return JSONResponse(body("validation_error", "invalid input", details), status_code=422)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "error")
    if _page(request) and exc.status_code in (403, 404):
        return request.app.state.html_error(request, code, str(exc.detail), exc.status_code)  # type: ignore[no-any-return]
    return JSONResponse(
        body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
    )


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(errors.CatalogError, _catalog_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
