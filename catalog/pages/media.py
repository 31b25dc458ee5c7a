"""Rendition media for the players: an HLS playlist cut at random-access points, the TS bytes
(range requests), and end-card stills."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from catalog.api.deps import Id, SessionDep
from catalog.errors import NotFound
from catalog.pages.render import PageUser
from catalog.services import courses, hls
from catalog.services.media_access import watchable
from catalog.services.playout_feed import end_card_path
from catalog.services.renditions import random_access_points

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


@router.get("/media/endcards/{module_id}.png")
def end_card(module_id: Id, request: Request, session: SessionDep) -> FileResponse:
    courses.get_module(session, module_id)
    path = Path(end_card_path(str(request.app.state.settings.media_dir), module_id))
    if not path.is_file():
        raise NotFound("no end-card rendered yet")
    return FileResponse(path, media_type="image/png")
