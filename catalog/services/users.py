"""Users, sign-in and bearer tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, Unauthenticated
from catalog.models import ApiToken, User
from catalog.models.base import utcnow
from catalog.models.enums import Role
from catalog.security import hash_password, new_token, token_digest, verify_password

TOKEN_LIFETIME = timedelta(days=7)


def create_user(
    session: Session, *, username: str, password: str, role: Role, display_name: str = ""
) -> User:
    """A new user; a taken username is a Conflict."""
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"username {username!r} is taken")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user with these credentials, else Unauthenticated (same message either way)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        raise Unauthenticated("wrong username or password")
    return user


def issue_token(session: Session, user: User) -> tuple[str, datetime]:
    """A new bearer token for `user`; only its digest is stored."""
    token = new_token()
    expires = utcnow() + TOKEN_LIFETIME
    session.add(ApiToken(user_id=user.id, token_sha256=token_digest(token), expires_at=expires))
    session.flush()
    return token, expires


def user_for_token(session: Session, token: str) -> User:
    """The active user holding this unexpired token, else Unauthenticated."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token)))
    if row is None or row.expires_at <= utcnow():
        raise Unauthenticated("invalid or expired token")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("invalid or expired token")
    return user


def active_user(session: Session, user_id: int) -> User | None:
    """The active user with this id (for session cookies), else None."""
    user = session.get(User, user_id)
    return user if user is not None and user.is_active else None
