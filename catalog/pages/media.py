"""Rendition media for the players: an HLS playlist cut at random-access points, the TS bytes
(range requests), and end-card stills."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from catalog.api.deps import Id, SessionDep
from catalog.api.routes.lectures import Profile
from catalog.errors import NotFound
from catalog.pages.render import PageUser
from catalog.services import courses, hls
from catalog.services.endcards import EndCardClip, find_end_card
from catalog.services.media_access import preview_allowed, watchable
from catalog.services.renditions import index_duration_ms, random_access_points

router = APIRouter(include_in_schema=False)


@router.get("/media/renditions/{rendition_id}/index.m3u8")
def playlist(rendition_id: Id, session: SessionDep, user: PageUser) -> Response:
    rendition = watchable(session, user, rendition_id)
    path = Path(str(rendition.ts_path))
    if not path.is_file():
        raise NotFound("the rendition file is missing")
    text = hls.playlist(
        random_access_points(rendition.index_json),
        path.stat().st_size,
        rendition.duration_ms,
        "stream.ts",
    )
    return Response(
        text, media_type="application/vnd.apple.mpegurl", headers={"Cache-Control": "no-cache"}
    )


@router.get("/media/renditions/{rendition_id}/stream.ts")
def stream(rendition_id: Id, session: SessionDep, user: PageUser) -> FileResponse:
    rendition = watchable(session, user, rendition_id)
    path = Path(str(rendition.ts_path))
    if not path.is_file():
        raise NotFound("the rendition file is missing")
    return FileResponse(path, media_type="video/mp2t")


def _end_card(
    session: SessionDep, user: PageUser, request: Request, module_id: int, profile: str
) -> EndCardClip:
    """The module's end-card clip, for the course's staff, engineers and admins (before air)."""
    preview_allowed(session, user, module_id)
    test = courses.followup_for_module(session, module_id)
    clip = find_end_card(request.app.state.settings.media_dir, test.short_code, profile)
    if clip is None:
        raise NotFound(f"no end-card made yet for profile {profile!r}")
    return clip


@router.get("/media/endcards/{module_id}/{profile}/index.m3u8")
def end_card_playlist(
    module_id: Id, profile: Profile, request: Request, session: SessionDep, user: PageUser
) -> Response:
    clip = _end_card(session, user, request, module_id, profile)
    text = hls.playlist(
        random_access_points(clip.index_json),
        clip.ts_path.stat().st_size,
        index_duration_ms(clip.index_json),
        "stream.ts",
    )
    return Response(
        text, media_type="application/vnd.apple.mpegurl", headers={"Cache-Control": "no-cache"}
    )


@router.get("/media/endcards/{module_id}/{profile}/stream.ts")
def end_card_stream(
    module_id: Id, profile: Profile, request: Request, session: SessionDep, user: PageUser
) -> FileResponse:
    return FileResponse(
        _end_card(session, user, request, module_id, profile).ts_path, media_type="video/mp2t"
    )
