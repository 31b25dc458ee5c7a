"""Staff author a module's test in the staff pages: the bank with keys, GIFT/CSV import (a bad
line is shown, nothing stored), opening the test by hand; and shuffling per attempt."""

from __future__ import annotations

import re

import pytest

from catalog.models.assessment import Question, QuestionKind
from catalog.services.assessment import _layout
from tests.catalog.assessment.conftest import GIFT, Loop, page_login
from tests.catalog.conftest import World

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


@SQLITE
def test_staff_import_and_open_through_the_page(loop: Loop, world: World) -> None:
    module_id = loop.modules[0]["id"]
    page_login(world, "staff", "staff-password")
    page = world.client.get(f"/staff/modules/{module_id}/test?lang=en")
    assert page.status_code == 200
    code = loop.code(0)
    assert f"{code[:3]} {code[3:]}" in page.text
    assert 'data-window="not_aired"' in page.text
    url = f"/staff/modules/{module_id}/questions/import"
    bad = world.client.post(
        url, data={"csrf": _csrf(page.text), "format": "gift", "text": "Q {=a ~b}\n\nQ2 {x}"}
    )
    assert bad.status_code == 422
    assert "line 3" in bad.text
    assert loop.call("GET", f"/api/modules/{module_id}/questions", "staff") == []
    good = world.client.post(
        url,
        data={"csrf": _csrf(page.text), "format": "gift", "text": GIFT},
        follow_redirects=False,
    )
    assert good.status_code == 303
    bank = world.client.get(f"/staff/modules/{module_id}/test?lang=en").text
    assert bank.count('<li data-question="') == 4
    assert "Astana" in bank  # staff see the keys
    opened = world.client.post(
        f"/staff/modules/{module_id}/test/open",
        data={"csrf": _csrf(bank)},
        follow_redirects=False,
    )
    assert opened.status_code == 303
    assert 'data-window="open_by_hand"' in world.client.get(f"/staff/modules/{module_id}/test").text
    # without the form's CSRF token nothing happens
    assert world.client.post(url, data={"format": "gift", "text": GIFT}).status_code == 403


@SQLITE
def test_other_staff_and_students_cannot_open_the_authoring_page(loop: Loop, world: World) -> None:
    module_id = loop.modules[0]["id"]
    page_login(world, "staff2", "staff2-password")
    assert world.client.get(f"/staff/modules/{module_id}/test").status_code == 403
    page_login(world, "student", "student-password")
    assert world.client.get(f"/staff/modules/{module_id}/test").status_code == 403


def test_layout_shuffles_questions_and_options_only_when_asked() -> None:
    bank = [
        Question(id=i, kind=QuestionKind.SINGLE, options='["a", "b", "c", "d"]') for i in range(8)
    ]
    fixed = _layout(bank, shuffle=False)
    assert [item["q"] for item in fixed] == list(range(8))
    assert all(item["o"] == [0, 1, 2, 3] for item in fixed)
    orders = {tuple(item["q"] for item in _layout(bank, shuffle=True)) for _ in range(20)}
    assert len(orders) > 1  # 8! orders: twenty equal draws would be a broken shuffle
    for item in _layout(bank, shuffle=True):
        assert sorted(item["o"]) == [0, 1, 2, 3]
