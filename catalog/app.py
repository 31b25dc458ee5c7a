"""`create_app(settings)`: the catalogue's ASGI application. Nothing is built at import time."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI
from starlette.middleware.sessions import SessionMiddleware

from catalog.api import errors
from catalog.api.main import mount
from catalog.db import make_engine, make_sessionmaker
from catalog.pages.main import mount as mount_pages
from catalog.ports import EncodeQueue, MuxBudget, NullEncodeQueue, Prober
from catalog.response_cache import ResponseCache
from catalog.settings import CatalogSettings
from catalog.text_guard import declare_no_nul, refuse_nul_text


def create_app(
    settings: CatalogSettings,
    *,
    encode_queue: EncodeQueue | None = None,
    prober: Prober | None = None,
    mux_budget: MuxBudget | None = None,
) -> FastAPI:
    """Build the app on its own engine. The schema must exist (`telesabaq db upgrade`)."""
    app = FastAPI(
        title="Telesabaq catalogue",
        version="1.0.0",
        description="Courses, modules, lectures, channels, schedule, as-run and public feeds.",
        dependencies=[Depends(refuse_nul_text)],
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.encode_queue = encode_queue or NullEncodeQueue()
    app.state.prober = prober
    app.state.mux_budget = mux_budget  # None: stored mux rates are not checked against profiles
    app.state.upload_locks = {}
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie="telesabaq_session",
        same_site="lax",
    )
    app.add_middleware(
        ResponseCache, ttl=settings.public_cache_seconds, session_cookie="telesabaq_session"
    )
    errors.install(app)
    mount(app)
    mount_pages(app)
    _publish_text_rule(app)
    return app


def _publish_text_rule(app: FastAPI) -> None:
    """The OpenAPI document states that text never holds NUL (see `catalog.text_guard`)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = declare_no_nul(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
