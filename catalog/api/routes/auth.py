"""Sign-in for API clients: credentials -> bearer token."""

from __future__ import annotations

from fastapi import APIRouter

from catalog.api.deps import CurrentUser, SessionDep
from catalog.schemas.users import TokenIn, TokenOut, UserOut
from catalog.services import users

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut)
def issue_token(data: TokenIn, session: SessionDep) -> TokenOut:
    """Exchange username and password for a bearer token (valid 7 days)."""
    user = users.authenticate(session, data.username, data.password)
    token, expires = users.issue_token(session, user)
    return TokenOut(
        access_token=token,
        expires_at=expires,
        user=UserOut.model_validate(user, from_attributes=True),
    )


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    """Who the token belongs to."""
    return UserOut.model_validate(user, from_attributes=True)
