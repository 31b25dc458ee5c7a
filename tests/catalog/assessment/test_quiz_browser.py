"""The quiz page in headless Chromium (Debian's, via Playwright) on a real uvicorn server: a
student signs in, opens the code from the TV, answers; every answer is autosaved, survives a
reload and a dropped connection (kept on the device, sent when back online); the server grades."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.catalog.assessment.conftest import GIFT
from tests.catalog.conftest import Live

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def quiz_course(live: Live) -> dict[str, Any]:
    """A course whose one module has an on-demand test, and an enrolled student."""
    staff = httpx.Client(
        base_url=live.base_url,
        headers={"Authorization": f"Bearer {live.tokens['staff']}"},
        timeout=30,
    )
    with staff:
        course = staff.post(
            "/api/courses",
            json={
                "code": "QZ-101",
                "title": {"kk": "Математика", "ru": "Математика", "en": "Mathematics"},
                "language": "kk",
                "level": "1",
            },
        ).json()
        module = staff.post(
            f"/api/courses/{course['id']}/modules",
            json={"syllabus_code": "Q1", "title": {"kk": "Сан", "ru": "Число", "en": "Numbers"}},
        ).json()
        assert (
            staff.post(
                f"/api/modules/{module['id']}/questions/import",
                json={"format": "gift", "text": GIFT},
            ).status_code
            == 201
        )
        staff.patch(
            f"/api/modules/{module['id']}/test",
            json={"availability": "on_demand", "shuffle": False},
        ).raise_for_status()
        csv = b"student_number,username,display_name,password\n"
        csv += b"Q-1,quiz.student,Quiz,quiz-password-1\n"
        staff.post(
            f"/api/courses/{course['id']}/enrolments/import",
            files={"file": ("s.csv", csv, "text/csv")},
        ).raise_for_status()
    return {"course": course, "module": module, "code": module["followup"]["short_code"]}


def _saved(page: Any) -> None:
    page.wait_for_function(
        "() => document.getElementById('save-state').dataset.state === 'saved'", timeout=20_000
    )


def _answers(live: Live, attempt_id: str) -> dict[str, Any]:
    token = httpx.post(
        f"{live.base_url}/api/auth/token",
        json={"username": "quiz.student", "password": "quiz-password-1"},
        timeout=30,
    ).json()["access_token"]
    r = httpx.get(
        f"{live.base_url}/api/attempts/{attempt_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return r.json()  # type: ignore[no-any-return]


def test_autosave_reload_offline_and_submit(
    browser: Any, live: Live, quiz_course: dict[str, Any]
) -> None:
    context = browser.new_context()
    page = context.new_page()
    code = quiz_course["code"]
    page.goto(f"{live.base_url}/t/{code[:3]}%20{code[3:]}?lang=en")
    page.get_by_role("link", name="Sign in to take the test").click()
    page.get_by_label("Username").fill("quiz.student")
    page.get_by_label("Password").fill("quiz-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/t/{code}")
    page.get_by_role("button", name="Start the test").click()
    page.wait_for_url("**/quiz/*")
    attempt_id = page.url.rsplit("/", 1)[1]

    page.get_by_role("radio", name="4").check()
    _saved(page)
    page.get_by_label("Capital of Kazakhstan").fill("Астана")
    _saved(page)
    page.reload()
    assert page.get_by_role("radio", name="4").is_checked()
    assert page.get_by_label("Capital of Kazakhstan").input_value() == "Астана"

    # the connection drops: answers stay on the device and say so
    context.set_offline(True)
    page.get_by_role("checkbox", name="2").check()
    page.get_by_role("checkbox", name="3").check()
    page.wait_for_function(
        "() => document.getElementById('save-state').dataset.state === 'offline'", timeout=20_000
    )
    page.close()
    context.set_offline(False)
    saved = _answers(live, attempt_id)["answers"]
    assert [v for v in saved.values() if isinstance(v, list)] == [[]]  # not on the server yet

    # back online, the page is opened again: the pending answers are sent
    page = context.new_page()
    page.goto(f"{live.base_url}/quiz/{attempt_id}?lang=en")
    assert page.get_by_role("checkbox", name="3").is_checked()
    _saved(page)
    saved = _answers(live, attempt_id)["answers"]
    assert [v for v in saved.values() if isinstance(v, list)] == [[0, 1]]

    page.get_by_label("Pi to two decimals").fill("3,14")
    _saved(page)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#result")
    assert page.locator("#result").get_attribute("data-passed") == "yes"
    assert page.locator("#score").inner_text() == "4 / 4"
    result = _answers(live, attempt_id)
    assert (result["status"], result["passed"], result["scaled"]) == ("submitted", True, 1.0)
    context.close()
