"""Resumable uploads through the API: chunks at offsets, limits, duplicates, content probing,
replacement of a recording and the encodes it starts."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.catalog.conftest import World

MEDIA = b"MEDIA" + bytes(range(256)) * 200  # what MagicProber accepts (51205 bytes)


def _request_upload(
    world: World, lecture_id: int, size: int, filename: str, role: str = "staff", **extra: Any
) -> httpx.Response:
    """Ask to open an upload of `size` bytes; the caller judges the answer."""
    return world.client.post(
        "/api/uploads",
        headers=world.h(role),
        json={"lecture_id": lecture_id, "filename": filename, "size": size, **extra},
    )


def _open(world: World, lecture_id: int, data: bytes, role: str = "staff", **extra: Any) -> dict:
    r = _request_upload(world, lecture_id, len(data), "lecture.mp4", role, **extra)
    assert r.status_code == 201, (r.status_code, r.text)
    return r.json()  # type: ignore[no-any-return]


def _patch(world: World, upload_id: int, offset: int, chunk: bytes, role: str = "staff"):  # type: ignore[no-untyped-def]
    return world.client.patch(
        f"/api/uploads/{upload_id}",
        content=chunk,
        headers={
            **world.h(role),
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
        },
    )


def _send_all(world: World, upload_id: int, data: bytes, step: int = 20000) -> dict:
    r = None
    for offset in range(0, len(data), step):
        r = _patch(world, upload_id, offset, data[offset : offset + step])
        assert r.status_code == 200, r.text
        assert r.headers["Upload-Offset"] == str(min(offset + step, len(data)))
    assert r is not None
    return r.json()  # type: ignore[no-any-return]


def test_chunked_upload_completes_hashes_and_installs(world: World, tmp_path: Path) -> None:
    c = world.course(modules=1)
    lecture = c["modules"][0]["lecture"]
    up = _open(world, lecture["id"], MEDIA)
    assert (up["offset"], up["status"]) == (0, "receiving")
    done = _send_all(world, up["id"], MEDIA)
    assert done["status"] == "complete"
    assert done["sha256"] == hashlib.sha256(MEDIA).hexdigest()
    lec = world.ok("GET", f"/api/lectures/{lecture['id']}", None)
    assert (lec["status"], lec["version"], lec["duration_ms"]) == ("ready", 1, 95_000)
    assert not list((tmp_path / "media" / "uploads").glob("*.part"))


def test_wrong_offset_is_409_and_progress_is_readable(world: World) -> None:
    c = world.course(modules=1)
    up = _open(world, c["modules"][0]["lecture"]["id"], MEDIA)
    assert _patch(world, up["id"], 0, MEDIA[:1000]).status_code == 200
    r = _patch(world, up["id"], 5000, MEDIA[5000:6000])
    assert r.status_code == 409
    assert "confirmed offset 1000" in r.json()["error"]["message"]
    state = world.client.get(f"/api/uploads/{up['id']}", headers=world.h("staff"))
    assert (state.json()["offset"], state.headers["Upload-Offset"]) == (1000, "1000")
    # a retried chunk from the confirmed offset is fine
    r = _patch(world, up["id"], 1000, MEDIA[1000:])
    assert (r.status_code, r.json()["status"]) == (200, "complete")


def test_too_large_is_413(world: World) -> None:
    c = world.course(modules=1)
    lid = c["modules"][0]["lecture"]["id"]
    assert _request_upload(world, lid, 2_000_001, "big.mp4").status_code == 413
    up = _open(world, lid, MEDIA)
    r = _patch(world, up["id"], 0, MEDIA + b"extra")
    assert r.status_code == 413


def test_not_media_is_415_with_the_reason_and_recorded(world: World) -> None:
    c = world.course(modules=1)
    data = b"%PDF-1.7 this is a document named lecture.mp4" * 10
    up = _open(world, c["modules"][0]["lecture"]["id"], data)
    r = _patch(world, up["id"], 0, data)
    assert r.status_code == 415
    assert "no audio or video stream" in r.json()["error"]["message"]
    state = world.ok("GET", f"/api/uploads/{up['id']}", "staff")
    assert state["status"] == "failed"
    assert "no audio or video stream" in state["error"]


def test_duplicate_detected_by_hash_before_and_after(world: World) -> None:
    c = world.course(modules=2)
    first, second = (m["lecture"]["id"] for m in c["modules"])
    _send_all(world, _open(world, first, MEDIA)["id"], MEDIA)
    sha256 = hashlib.sha256(MEDIA).hexdigest()
    r = _request_upload(world, second, len(MEDIA), "copy.mp4", sha256=sha256)
    assert r.status_code == 409
    assert f"lecture {first}" in r.json()["error"]["message"]
    up = _open(world, second, MEDIA)
    assert _patch(world, up["id"], 0, MEDIA).status_code == 409


def test_only_the_owner_uploads(world: World) -> None:
    c = world.course(modules=1)
    lid = c["modules"][0]["lecture"]["id"]
    assert _request_upload(world, lid, 10, "x.mp4", role="staff2").status_code == 403


def test_replacing_a_recording_keeps_the_plan_and_re_encodes(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    lid = m["lecture"]["id"]
    _send_all(world, _open(world, lid, MEDIA)["id"], MEDIA)
    slot = world.slot(ch, m, datetime.now(UTC) + timedelta(days=3))
    assert [(j[0], j[2]) for j in world.queue.jobs] == [(lid, "t2-hd")]  # the slot needs it
    world.ready(lid)
    newer = MEDIA + b"v2"
    _send_all(world, _open(world, lid, newer)["id"], newer)
    lec = world.ok("GET", f"/api/lectures/{lid}", None)
    assert lec["version"] == 2
    assert [r["status"] for r in lec["renditions"]] == ["queued"]
    assert (world.queue.jobs[-1][0], world.queue.jobs[-1][2]) == (lid, "t2-hd")
    assert world.ok("GET", f"/api/schedule/slots/{slot['id']}", None)["module_id"] == m["id"]
    stale = world.client.put(
        f"/api/lectures/{lid}/renditions/t2-hd",
        headers=world.h("engineer"),
        json={"status": "ready", "ts_path": "/old.ts", "lecture_version": 1},
    )
    assert stale.status_code == 409
