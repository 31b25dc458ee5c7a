"""The three main pages in headless Chromium (Debian's, driven by Playwright), including an
upload through the staff page with its progress bar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import update

from catalog.models import ScheduleSlot
from tests.catalog.conftest import Live
from tests.catalog.mediafiles import tiny_mp4, tiny_ts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def station(live: Live) -> dict[str, Any]:
    """A channel with a lecture on air now, one coming next and one conflicting slot."""

    def api(role: str) -> httpx.Client:
        return httpx.Client(
            base_url=live.base_url,
            headers={"Authorization": f"Bearer {live.tokens[role]}"},
            timeout=30,
        )

    with api("engineer") as eng, api("staff") as staff:
        ch = eng.post(
            "/api/channels",
            json={
                "name": "Sabaq Browser",
                "number": 41,
                "service_id": 41,
                "xmltv_id": "browser.sabaq.kz",
                "profile": "t2-hd",
                "language": "kk",
            },
        ).json()
        course = staff.post(
            "/api/courses",
            json={
                "code": "BRW-101",
                "title": {"kk": "Физика", "ru": "Физика", "en": "Physics"},
                "language": "kk",
                "level": "1",
            },
        ).json()
        modules = [
            staff.post(
                f"/api/courses/{course['id']}/modules",
                json={
                    "syllabus_code": f"F{i}",
                    "title": {"kk": f"Механика {i}", "ru": f"Механика {i}", "en": f"Mechanics {i}"},
                },
            ).json()
            for i in (1, 2)
        ]
        slots = []
        for i, m in enumerate(modules):
            start = datetime.now(UTC) + timedelta(days=3, hours=i)
            slots.append(
                eng.post(
                    "/api/schedule/slots",
                    json={
                        "channel_id": ch["id"],
                        "module_id": m["id"],
                        "start": start.isoformat(),
                        "end": (start + timedelta(minutes=30)).isoformat(),
                    },
                ).json()
            )
    now = datetime.now(UTC)
    with live.app.state.sessionmaker() as s:
        s.execute(
            update(ScheduleSlot)
            .where(ScheduleSlot.id == slots[0]["id"])
            .values(start=now - timedelta(minutes=10), end=now + timedelta(minutes=20))
        )
        s.execute(
            update(ScheduleSlot)
            .where(ScheduleSlot.id == slots[1]["id"])
            .values(start=now + timedelta(minutes=40), end=now + timedelta(minutes=70))
        )
        s.commit()
    return {"channel": ch, "course": course, "modules": modules, "slots": slots}


def _login(page: Any, live: Live, name: str) -> None:
    page.goto(f"{live.base_url}/login?lang=en")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(f"{name}-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def test_student_today_and_course_page(browser: Any, live: Live, station: dict[str, Any]) -> None:
    page = browser.new_page()
    page.goto(f"{live.base_url}/?lang=ru")
    section = page.get_by_role("region", name="41 · Sabaq Browser")
    assert "Механика 1" in section.locator("p.now").inner_text()
    assert "Механика 2" in section.locator("p.next").inner_text()
    assert section.locator("tr.on-air").count() == 1
    section.get_by_role("link", name="Механика 1").first.click()
    page.wait_for_url(f"**/courses/{station['course']['id']}")
    first = page.locator(f"#module-{station['modules'][0]['id']}")
    assert first.locator(".aired").inner_text() == "ещё не показан"
    assert first.get_by_role("link", name="Открыть тест").count() == 1
    second = page.locator(f"#module-{station['modules'][1]['id']}")
    assert second.locator(".next-airing time").count() == 1
    page.close()


def test_engineer_week_grid_marks_the_conflict(
    browser: Any, live: Live, station: dict[str, Any]
) -> None:
    page = browser.new_page()
    _login(page, live, "engineer")
    page.goto(f"{live.base_url}/engineer?lang=en")
    page.get_by_role("row", name="41 · Sabaq Browser").get_by_role("link", name="Week grid").click()
    page.wait_for_load_state("networkidle")
    # the week starting on the slot's local day (late on a Sunday, "this week" would miss it)
    day = (datetime.now(UTC) + timedelta(minutes=40)).astimezone(ZoneInfo("Asia/Almaty")).date()
    page.goto(f"{page.url.split('?')[0]}?start={day}&lang=en")
    # both slots have no ready rendition; the one 40 minutes away is too close: an error
    conflict = page.locator(f'li.conflict[data-slot="{station["slots"][1]["id"]}"]')
    assert "rendition_not_ready" in conflict.inner_text()
    assert int(page.locator("#conflict-count").inner_text()) >= 1
    page.close()


def test_staff_upload_through_the_page(
    browser: Any, live: Live, station: dict[str, Any], tmp_path: Path
) -> None:
    recording = tiny_mp4(tmp_path / "lecture.mp4", seconds=2)
    page = browser.new_page()
    _login(page, live, "staff")
    page.goto(f"{live.base_url}/staff/courses/{station['course']['id']}?lang=en")
    module = station["modules"][0]
    form = page.locator(f'form.upload[data-lecture="{_lecture_id(live, module["id"])}"]')
    form.locator('input[type="file"]').set_input_files(str(recording))
    form.locator('button[type="submit"]').click()
    page.wait_for_function("(f) => f.dataset.state", arg=form.element_handle(), timeout=60_000)
    assert form.get_attribute("data-state") == "complete"
    assert page.evaluate("(f) => f.querySelector('progress').value", form.element_handle()) == 100
    assert "SHA-256" in form.locator("output").inner_text()
    page.reload()
    assert "ready" in page.locator(".lecture-status").first.inner_text()
    page.close()


def _lecture_id(live: Live, module_id: int) -> int:
    r = httpx.get(f"{live.base_url}/api/modules/{module_id}", timeout=30)
    return int(r.json()["module"]["lecture"]["id"])


def test_staff_preview_plays_hls_cut_from_the_rendition(
    browser: Any, live: Live, station: dict[str, Any], tmp_path: Path
) -> None:
    ts = tiny_ts(tmp_path / "rendition.ts", seconds=3)
    module = station["modules"][1]
    lecture_id = _lecture_id(live, module["id"])
    headers = {"Authorization": f"Bearer {live.tokens['engineer']}"}
    rendition = httpx.put(
        f"{live.base_url}/api/lectures/{lecture_id}/renditions/t2-hd",
        headers=headers,
        json={"status": "ready", "ts_path": str(ts), "index": {"duration": 3 * 90000}},
        timeout=30,
    ).json()
    page = browser.new_page()
    _login(page, live, "staff")
    page.goto(f"{live.base_url}/staff/preview/{rendition['id']}?lang=en")
    page.wait_for_function("() => document.getElementById('player').dataset.engine", timeout=30_000)
    # Chromium now plays HLS natively; hls.js (served by us, if installed) covers older ones
    engine = page.evaluate("() => document.getElementById('player').dataset.engine")
    if engine == "none":
        pytest.skip("this Chromium has no native HLS and hls.js is not installed")
    assert engine in ("native", "hls.js")
    page.evaluate(
        "() => { const v = document.getElementById('player'); v.muted = true; v.play(); }"
    )
    page.wait_for_function(
        "() => document.getElementById('player').currentTime > 0.5", timeout=30_000
    )
    page.close()
