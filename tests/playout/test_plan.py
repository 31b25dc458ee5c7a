"""The YAML station plan: parsing, precise errors (file:line), and the validation rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from playout.errors import PlanError, PlanValidationError
from playout.plan.model import FileRef, TestSourceRef
from playout.plan.validate import check_plan, validate_plan
from playout.plan.yaml_source import YamlPlanSource, load_plan, parse_plan
from playout.resolver import PlanMediaResolver, media_facts
from tests.playout.conftest import START, event, plan_text, service

EXAMPLE = Path(__file__).parents[2] / "examples" / "plan.yaml"

MINIMAL = """\
format: telesabaq.station-plan
version: 1
networks:
  - name: Net
    network_id: 1
    original_network_id: 1
    delivery: {system: dvb-c, frequency: 346000000, symbol_rate: 6875000, modulation: 3}
    transport_streams:
      - transport_stream_id: 7
        mux_rate: 2000000
        services:
          - service_id: 1
            lcn: 1
            name: {kk: Арна, ru: Канал, en: Channel}
            provider: P
            profile: test-tiny-h264
            pids: {pmt: 0x100, video: 0x101, audio: [0x102, 0x103]}
            events:
              - start: 2026-09-01T06:00:00Z
                title: {en: One}
                items:
                  - lecture: {test_source: 30, text: Hello}
                  - end_card: {file: card.ts}
"""


def test_minimal_plan_parses_into_the_model(tmp_path: Path) -> None:
    plan = parse_plan(MINIMAL, file="m.yaml", base_dir=tmp_path)
    network, ts = plan.find_transport_stream(7)
    service_ = ts.services[0]
    assert network.delivery_system == "dvb-c"
    assert network.delivery == {"frequency": 346000000, "symbol_rate": 6875000, "modulation": 3}
    assert service_.pids.audio == (0x102, 0x103)
    assert service_.names["kk"] == "Арна"
    event_ = service_.events[0]
    assert event_.event_id == 1
    assert event_.start == START
    assert event_.items[0].media == TestSourceRef(seconds=30.0, text="Hello")
    assert event_.items[1].media == FileRef(path=tmp_path / "card.ts")
    assert event_.items[1].role == "end_card"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("lcn: 1", "lcn: one", "lcn: must be an integer"),
        ("provider: P", "provder: P", "unknown key"),
        ("start: 2026-09-01T06:00:00Z", "start: 2026-09-01T06:00:00", "time zone"),
        ("mux_rate: 2000000", "mux_rate: [1]", "mux_rate: must be an integer"),
        ("  - lecture: {test_source: 30, text: Hello}", "  - talk: {x: 1}", "exactly one key"),
        (
            "  - lecture: {test_source: 30, text: Hello}",
            "  - {lecture: {test_source: 30}, planned_seconds: -5}",
            "planned_seconds: must be a number above 0",
        ),
        (
            "  - lecture: {test_source: 30, text: Hello}",
            "  - {lecture: {test_source: 30}, planned: 5}",
            "unknown key",
        ),
        ("title: {en: One}", "title: {english: One}", "ISO 639-1"),
        ("system: dvb-c", "system: dvb-x", "must be one of"),
    ],
)
def test_errors_name_file_and_line(old: str, new: str, message: str) -> None:
    assert old in MINIMAL
    text = MINIMAL.replace(old, new)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if new.strip() in row)
    with pytest.raises(PlanError) as caught:
        parse_plan(text, file="m.yaml")
    assert caught.value.problem.file == "m.yaml"
    assert caught.value.problem.line == line, str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "text", ["", "[1, 2", "format: other\nversion: 1\nnetworks: []", "just text"]
)
def test_garbage_is_a_plan_error_not_a_crash(text: str) -> None:
    with pytest.raises(PlanError):
        parse_plan(text, file="bad.yaml")


def test_yaml_source_versions_follow_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL)
    source = YamlPlanSource(path)
    first = source.plan_version()
    assert source.load_plan().networks[0].name == "Net"
    path.write_text(MINIMAL.replace("name: Net", "name: Net 2"))
    assert source.plan_version() != first


def _facts_plan(
    clips: dict[str, Path], tmp_path: Path, services: list[dict], mux_rate: int = 1_000_000
) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text(services, mux_rate=mux_rate))
    return path


def test_a_good_plan_validates(clips: dict[str, Path], tmp_path: Path) -> None:
    events = [
        event(1, START, [("lecture", clips["a"]), ("end_card", clips["card"])]),
        event(2, START + timedelta(seconds=12), [("lecture", clips["b"])]),
    ]
    plan = load_plan(_facts_plan(clips, tmp_path, [service(1, events, filler=clips["filler"])]))
    validate_plan(plan, facts=media_facts(PlanMediaResolver()))


def test_validation_reports_every_rule_with_lines(clips: dict[str, Path], tmp_path: Path) -> None:
    other = clips["a"].with_name("other-profile.ts")
    other.write_bytes(clips["a"].read_bytes())
    index = clips["a"].with_name("a.index.json").read_text().replace("test-tiny-h264", "dvb-t2-hd")
    other.with_name("other-profile.index.json").write_text(index)
    events = [
        event(1, START, [("lecture", clips["a"]), ("end_card", clips["card"])]),  # 11 s
        event(
            2, START + timedelta(seconds=10), [("lecture", tmp_path / "missing.ts")]
        ),  # overrun by 1 s
        event(3, START + timedelta(seconds=10), [("lecture", other)]),  # overlap + profile
    ]
    services = [service(1, events, filler=None), service(2, [], filler=None, lcn=1)]
    plan = load_plan(_facts_plan(clips, tmp_path, services, mux_rate=200_000))
    problems = [str(p) for p in check_plan(plan, facts=media_facts(PlanMediaResolver()))]
    text = "\n".join(problems)
    assert "LCN 1 used twice" in text
    assert "events overlap" in text
    assert "unknown rendition" in text
    assert "missing.ts" in text
    assert "profile mismatch" in text
    assert "dvb-t2-hd" in text
    assert "item longer than its slot" in text
    assert "mux rate too small" in text
    assert "250000" in text
    assert all(p.startswith(str(tmp_path / "plan.yaml") + ":") for p in problems), problems
    with pytest.raises(PlanValidationError) as caught:
        validate_plan(plan, facts=media_facts(PlanMediaResolver()))
    assert len(caught.value.problems) == len(problems)


def test_the_shipped_example_parses() -> None:
    plan = load_plan(EXAMPLE)
    systems = sorted(n.delivery_system for n in plan.networks)
    assert systems == ["dvb-c", "dvb-s2", "dvb-t2"]
    for _, ts in plan.transport_streams():
        for s in ts.services:
            assert {"kk", "ru", "en"} <= set(s.names)
            for e in s.events:
                assert {"kk", "ru", "en"} <= set(e.title)
                assert e.followup_url
                assert e.followup_url.startswith("https://")
    assert not check_plan(plan)
