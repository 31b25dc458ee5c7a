"""Dependencies as `Annotated` aliases: the request's unit of work, the caller, the role gate.

The session dependency commits when the handler returns and rolls back when it raises, before the
response is sent (`scope="function"`), so a failed request leaves no partial rows and a client
never sees a success that was not committed.

Callers are identified by a bearer token (the API) or by the signed session cookie (the pages and
their scripts); with a cookie, a mutating request must echo the session's CSRF token in
`X-CSRF-Token`, so another site cannot ride on the cookie.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.orm import Session

from catalog.errors import Forbidden, Unauthenticated
from catalog.models import User
from catalog.models.enums import Role
from catalog.ports import EncodeQueue, Prober
from catalog.security import same_secret
from catalog.services import users
from catalog.services.schedule_rules import SchedulePolicy
from catalog.settings import CatalogSettings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# At most this many requests hold a session (and so a pooled connection) at once; the rest wait
# without occupying a worker thread. Kept below the pool size (see catalog.db).
MAX_SESSIONS = 32

SessionDep = Annotated[
    Session, Depends(get_session, scope="function", max_concurrency=MAX_SESSIONS)
]


def get_settings(request: Request) -> CatalogSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


SettingsDep = Annotated[CatalogSettings, Depends(get_settings)]


def get_policy(settings: SettingsDep) -> SchedulePolicy:
    return SchedulePolicy(
        lock_window=timedelta(minutes=settings.lock_window_minutes),
        turnaround=timedelta(seconds=settings.turnaround_seconds),
        end_card=timedelta(seconds=settings.end_card_seconds),
        timezone=settings.station_timezone,
    )


PolicyDep = Annotated[SchedulePolicy, Depends(get_policy)]


def get_queue(request: Request) -> EncodeQueue:
    return request.app.state.encode_queue  # type: ignore[no-any-return]


def get_prober(request: Request) -> Prober:
    return request.app.state.prober  # type: ignore[no-any-return]


QueueDep = Annotated[EncodeQueue, Depends(get_queue)]
ProberDep = Annotated[Prober, Depends(get_prober)]


def optional_user(request: Request, session: SessionDep) -> User | None:
    """The caller by bearer token, else by session cookie (with CSRF on mutations), else None."""
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("use 'Authorization: Bearer <token>'")
        return users.user_for_token(session, token.strip())
    user_id = request.session.get("user_id") if "session" in request.scope else None
    if not isinstance(user_id, int):
        return None
    if request.method not in SAFE_METHODS:
        expected = request.session.get("csrf", "")
        sent = request.headers.get("x-csrf-token", "")
        if not expected or not same_secret(expected, sent):
            raise Forbidden("missing or wrong CSRF token")
    return users.active_user(session, user_id)


OptionalUser = Annotated[User | None, Depends(optional_user)]


def current_user(user: OptionalUser) -> User:
    if user is None:
        raise Unauthenticated("sign in first")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: Role) -> Callable[[User], User]:
    """A dependency admitting the listed roles (admin always) and refusing others with 403."""
    allowed = frozenset(roles) | {Role.ADMIN}

    def gate(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden(f"role {user.role.value} may not do this")
        return user

    gate.__name__ = "require_" + "_or_".join(sorted(r.value for r in allowed))
    return gate


Admin = Annotated[User, Depends(require_role(Role.ADMIN))]
Engineer = Annotated[User, Depends(require_role(Role.ENGINEER))]
Staff = Annotated[User, Depends(require_role(Role.STAFF))]
Anyone = CurrentUser


def pagination(
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> tuple[int, int]:
    return limit, offset


PageParams = Annotated[tuple[int, int], Depends(pagination)]


Id = Annotated[int, Path(ge=1, le=2**31 - 1, description="A catalogue id.")]
