"""Pages over TestClient: sign-in with CSRF, role gates, the three languages, HLS playlists."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from catalog.services.playout_feed import end_card_path
from catalog.services.short_codes import display
from tests.catalog.conftest import World

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def _login(world: World, name: str) -> None:
    token = _csrf(world.client.get("/login").text)
    r = world.client.post(
        "/login",
        data={"username": name, "password": f"{name}-password", "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def test_login_needs_the_csrf_token(world: World) -> None:
    world.client.get("/login")
    r = world.client.post(
        "/login", data={"username": "staff", "password": "staff-password", "csrf": "forged"}
    )
    assert r.status_code == 403
    _login(world, "staff")
    assert world.client.get("/staff").status_code == 200


@pytest.mark.parametrize(
    ("lang", "progress", "edit"),
    [
        ("kk", "Менің үлгерімім", "Бақылау тестін өңдеу"),
        ("ru", "Моя успеваемость", "Редактировать контрольный тест"),
        ("en", "My progress", "Edit the follow-up test"),
    ],
)
def test_menu_and_course_page_link_to_progress_and_test_authoring(
    world: World, lang: str, progress: str, edit: str
) -> None:
    c = world.course(modules=2)
    _login(world, "staff")
    page = world.client.get(f"/staff/courses/{c['id']}?lang={lang}").text
    for m in c["modules"]:
        link = f'<a class="edit-test" href="/staff/modules/{m["id"]}/test">{edit}</a>'
        assert link in page
        assert world.client.get(f"/staff/modules/{m['id']}/test").status_code == 200
    assert 'href="/me"' not in page  # staff have no progress of their own
    world.client.post("/logout", data={"csrf": _csrf(page)})
    _login(world, "student")
    home = world.client.get(f"/?lang={lang}").text
    assert f'<a href="/me">{progress}</a>' in home
    assert world.client.get("/me").status_code == 200


def test_wrong_password_is_refused(world: World) -> None:
    token = _csrf(world.client.get("/login").text)
    r = world.client.post("/login", data={"username": "staff", "password": "nope", "csrf": token})
    assert r.status_code == 401
    assert 'role="alert"' in r.text


def test_page_role_gates(world: World) -> None:
    r = world.client.get("/engineer", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/login?next=/engineer")
    _login(world, "student")
    assert world.client.get("/engineer").status_code == 403
    assert world.client.get("/staff").status_code == 403


def test_cookie_session_on_the_api_needs_the_csrf_header(world: World) -> None:
    c = world.course(modules=1)
    _login(world, "staff")
    body = {"lecture_id": c["modules"][0]["lecture"]["id"], "filename": "a.mp4", "size": 10}
    assert world.client.post("/api/uploads", json=body).status_code == 403
    token = _csrf(world.client.get("/staff").text)
    assert (
        world.client.post("/api/uploads", json=body, headers={"X-CSRF-Token": token}).status_code
        == 201
    )


@pytest.mark.parametrize(
    ("lang", "word"), [("kk", "Бүгін теледидарда"), ("ru", "Сегодня на ТВ"), ("en", "Today on TV")]
)
def test_ui_in_three_languages(world: World, lang: str, word: str) -> None:
    r = world.client.get(f"/?lang={lang}")
    assert f'<html lang="{lang}">' in r.text
    assert word in r.text
    assert r.cookies.get("lang") == lang  # remembered for the next pages
    world.client.cookies.clear()
    assert (
        "Сегодня на ТВ" in world.client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    )


def test_course_page_and_short_link(world: World) -> None:
    c = world.course(modules=2)
    m = c["modules"][0]
    page = world.client.get(f"/courses/{c['id']}?lang=en").text
    assert "Module 1" in page
    code = m["followup"]["short_code"]
    assert f'<code class="short-code">{display(code)}</code>' in page  # read as "123 456"
    assert f"/t/{code}" in page  # the link keeps the plain digits
    assert "not aired yet" in page
    short = world.client.get(f"/t/{m['followup']['short_code']}?lang=ru")
    assert short.status_code == 200
    assert "Модуль 1" in short.text
    assert world.client.get("/t/000000x").status_code == 404


def test_engineer_week_grid_marks_conflicts(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    slot = world.slot(ch, c["modules"][0], datetime.now(UTC) + timedelta(days=2))
    now = datetime.now(UTC)  # lock window passed: the rendition is now late
    world.move_slot(slot["id"], now + timedelta(minutes=40), now + timedelta(minutes=70))
    _login(world, "engineer")
    day = (now + timedelta(minutes=40)).astimezone(ZoneInfo("Asia/Almaty")).date()
    html = world.client.get(f"/engineer/channels/{ch['id']}/week?start={day}").text
    assert 'id="conflict-count">1<' in html
    assert "slot lecture planned conflict" in html
    assert "rendition_not_ready" in html


def test_catchup_only_after_air_preview_for_staff(world: World, tmp_path: Path) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    ts = tmp_path / "r.ts"
    ts.write_bytes(b"\x47" + bytes(187) * 1 + b"\x47" + bytes(187))
    index = json.dumps(
        {"duration": 90000 * 3, "random_access_points": [[0, 0, 0], [188, 90000, 90000]]}
    )
    rendition = world.ok(
        "PUT",
        f"/api/lectures/{m['lecture']['id']}/renditions/t2-hd",
        "engineer",
        json={"status": "ready", "ts_path": str(ts), "index": json.loads(index)},
    )
    url = f"/media/renditions/{rendition['id']}/index.m3u8"
    assert world.client.get(url).status_code == 403  # not aired: no catch-up yet
    _login(world, "staff")
    preview = world.client.get(url)
    assert preview.status_code == 200
    assert "#EXT-X-BYTERANGE:376@0" in preview.text  # 3 s: one segment at the 6 s target
    assert world.client.get(f"/staff/preview/{rendition['id']}").status_code == 200
    r = world.client.get(
        f"/media/renditions/{rendition['id']}/stream.ts", headers={"Range": "bytes=188-375"}
    )
    assert (r.status_code, len(r.content)) == (206, 188)
    # after an as-run says it aired, anyone may watch it again
    start = datetime.now(UTC) + timedelta(days=2)
    slot = world.slot(ch, m, start)
    world.ok(
        "POST",
        "/api/asrun",
        "engineer",
        json=[
            {
                "record_id": "x1",
                "channel_id": ch["id"],
                "slot_id": slot["id"],
                "actual_start": start.isoformat(),
                "actual_end": (start + timedelta(minutes=30)).isoformat(),
            }
        ],
    )
    world.client.cookies.clear()
    assert world.client.get(url).status_code == 200
    assert "/watch/" in world.client.get(f"/courses/{c['id']}").text
    assert world.client.get(f"/watch/{m['id']}").status_code == 200


def test_end_card_preview_before_air(world: World, tmp_path: Path) -> None:
    c = world.course(modules=1)
    m = c["modules"][0]
    code = m["followup"]["short_code"]
    folder = tmp_path / "media" / "endcards" / "t2-hd"
    folder.mkdir(parents=True)
    clip = folder / f"endcard-{code}-0123456789ab.t2-hd.ts"
    clip.write_bytes(b"\x47" + bytes(187))
    (folder / f"endcard-{code}-0123456789ab.t2-hd.index.json").write_text(
        json.dumps({"duration": 90000 * 30, "random_access_points": [[0, 0, 0]]})
    )
    url = f"/media/endcards/{m['id']}/t2-hd/index.m3u8"
    assert world.client.get(url).status_code == 403  # previews are not public
    _login(world, "staff")
    r = world.client.get(url)
    assert r.status_code == 200
    assert "#EXTINF:30.000," in r.text
    assert "#EXT-X-BYTERANGE:188@0" in r.text
    assert (
        world.client.get(f"/media/endcards/{m['id']}/t2-hd/stream.ts").content == clip.read_bytes()
    )
    assert world.client.get(f"/media/endcards/{m['id']}/c-sd/index.m3u8").status_code == 404
    assert end_card_path(str(tmp_path / "media"), code, "t2-hd") == str(clip)  # playout sees it
