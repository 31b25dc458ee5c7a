"""A real upload over a real socket, cut off mid-body and resumed to completion, validated by a
real PyAV prober; and "not media -> 415" with that prober."""

from __future__ import annotations

import hashlib
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.catalog.conftest import Live
from tests.catalog.mediafiles import tiny_mp4


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return tiny_mp4(tmp_path_factory.mktemp("media") / "tiny.mp4", seconds=3).read_bytes()


def _staff_client(live: Live) -> httpx.Client:
    """An HTTP client of the live server, signed in as the staff user by bearer token."""
    h = {"Authorization": f"Bearer {live.tokens['staff']}"}
    return httpx.Client(base_url=live.base_url, headers=h, timeout=30)


def _lecture(live: Live, code: str) -> int:
    with _staff_client(live) as c:
        course = c.post(
            "/api/courses",
            json={
                "code": code,
                "title": {"kk": "a", "ru": "b", "en": "c"},
                "language": "ru",
                "level": "1",
            },
        ).json()
        module = c.post(
            f"/api/courses/{course['id']}/modules",
            json={"syllabus_code": "M1", "title": {"kk": "a", "ru": "b", "en": "c"}},
        ).json()
    return int(module["lecture"]["id"])


def _open_upload(c: httpx.Client, lecture_id: int, filename: str, data: bytes) -> dict[str, Any]:
    """Open an upload of `data` (201 expected) and return it."""
    r = c.post(
        "/api/uploads", json={"lecture_id": lecture_id, "filename": filename, "size": len(data)}
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _send_rest(c: httpx.Client, upload_id: int, data: bytes, offset: int) -> httpx.Response:
    """PATCH the rest of `data` from `offset` in one request; the caller judges the answer."""
    return c.patch(
        f"/api/uploads/{upload_id}",
        content=data[offset:],
        headers={"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
    )


def _cut_off_patch(live: Live, upload_id: int, offset: int, data: bytes, send: int) -> None:
    """Announce the whole rest, send only `send` bytes, then drop the connection (a flaky link)."""
    host, port = live.base_url.removeprefix("http://").split(":")
    head = (
        f"PATCH /api/uploads/{upload_id} HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {live.tokens['staff']}\r\nUpload-Offset: {offset}\r\n"
        "Content-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(data) - offset}\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(head.encode() + data[offset : offset + send])
        time.sleep(0.3)


def test_interrupted_upload_resumes_to_completion(live: Live, recording: bytes) -> None:
    lecture_id = _lecture(live, "RESUME-1")
    with _staff_client(live) as c:
        up = _open_upload(c, lecture_id, "lecture.bin", recording)
        _cut_off_patch(live, up["id"], 0, recording, send=len(recording) // 3)
        for _ in range(50):  # the server confirms what arrived once it notices the disconnect
            offset = c.get(f"/api/uploads/{up['id']}").json()["offset"]
            if offset:
                break
            time.sleep(0.1)
        assert 0 < offset <= len(recording) // 3
        assert c.get(f"/api/uploads/{up['id']}").json()["status"] == "receiving"
        r = _send_rest(c, up["id"], recording, offset)
        assert r.status_code == 200, r.text
        done = r.json()
        assert done["status"] == "complete"
        assert done["sha256"] == hashlib.sha256(recording).hexdigest()
        lecture = c.get(f"/api/lectures/{lecture_id}").json()
    assert lecture["status"] == "ready"
    assert 2900 <= lecture["duration_ms"] <= 3200


def test_not_media_is_415_by_content_with_a_real_prober(live: Live, tmp_path: Path) -> None:
    lecture_id = _lecture(live, "NOTMEDIA-1")
    fake = b"%PDF-1.7\n" + b"lecture notes, not a recording\n" * 100
    with _staff_client(live) as c:
        up = _open_upload(c, lecture_id, "lecture.mp4", fake)
        r = _send_rest(c, up["id"], fake, 0)
    assert r.status_code == 415
    assert r.json()["error"]["code"] == "unsupported_media"
    assert "FFmpeg cannot read it" in r.json()["error"]["message"]
