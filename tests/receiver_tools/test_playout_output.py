"""The playout's own output, seen by the receiver tools and by GStreamer (gst-si-dump).

A two-service station is rendered as fast as possible from tiny clips (the playout tests' own
helpers), then analysed: the channel list, the EPG and the TR 101 290 verdict must agree with
what the plan says and with what GStreamer decodes from the same bytes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from receiver_tools.analyzer import Analysis, analyze
from receiver_tools.sources import open_source
from tests.receiver_tools.test_against_gstreamer import GST_SI_DUMP, gst_events, gst_records

pytestmark = pytest.mark.slow
MUX_RATE = 1_000_000
SECONDS = 12


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Analysis]:
    from playout.outputs.file import FileOutput
    from playout.plan.yaml_source import load_plan
    from playout.resolver import PlanMediaResolver
    from playout.runner import AirConfig, put_on_air
    from tests.playout.conftest import START, event, plan_text, service
    from tests.playout.media import make_clip

    folder = tmp_path_factory.mktemp("playout")
    clip = make_clip(folder / "a.ts", 4, hue=0, tone=440)
    card = make_clip(folder / "card.ts", 2, hue=60, tone=880)
    filler = make_clip(folder / "filler.ts", 3, hue=300, tone=330)
    services = [
        service(
            101,
            [
                event(1, START, [("lecture", clip), ("end_card", card)]),
                event(2, START + timedelta(seconds=8), [("lecture", clip)]),
            ],
            filler=filler,
        ),
        service(102, [event(7, START + timedelta(seconds=2), [("lecture", clip)])], filler=filler),
    ]
    plan = folder / "plan.yaml"
    plan.write_text(plan_text(services, mux_rate=MUX_RATE), encoding="utf-8")
    out = folder / "out.ts"

    class Sink:
        def record(self, batch: list[object]) -> None:
            pass

    config = AirConfig(
        plan=load_plan(plan),
        resolver=PlanMediaResolver(),
        start=START,
        as_run_path=folder / "asrun.jsonl",
        as_run_sink=Sink(),
    )
    with FileOutput(out) as output:
        put_on_air(config, {1: [output]}, realtime=False, seconds=SECONDS)
    return out, analyze(open_source(str(out)))


def test_channel_list_and_tr101290_of_the_playout(rendered: tuple[Path, Analysis]) -> None:
    _, a = rendered
    actual = [s for s in a.si.services if s.actual]
    assert [(s.service_id, s.lcn, s.name, s.provider) for s in actual] == [
        (101, 101, "Channel 101", "Telesabaq"),
        (102, 102, "Channel 102", "Telesabaq"),
    ]
    assert actual[0].names == {"kaz": "Арна 101", "rus": "Канал 101", "eng": "Channel 101"}
    assert [st.codec for st in actual[0].streams] == ["h264", "aac"]
    [network] = a.si.networks
    assert network.name == "Telesabaq test"
    assert network.transport_streams[0].delivery[0]["descriptor"] == "t2_delivery_system"
    assert all(s.streams and s.pcr_pid is not None for s in actual)
    assert a.usage.bitrate == pytest.approx(MUX_RATE, rel=1e-3)
    assert a.usage.duration == pytest.approx(SECONDS, rel=0.01)
    assert a.priority1_errors == 0, [(r.spec.ref, r.findings[:2]) for r in a.tr101290 if r.errors]
    failing = {r.spec.ref: r.errors for r in a.tr101290 if r.errors}
    assert failing == {}
    pat = next(t for t in a.tables if t.table_id == 0x00)
    assert pat.max_interval is not None
    assert pat.max_interval <= 0.5


def test_playout_epg_matches_plan_and_gstreamer(rendered: tuple[Path, Analysis]) -> None:
    out, a = rendered
    ours = {(e.service_id, e.event_id): e for e in a.si.events}
    assert {(101, 1), (101, 2), (102, 7)} <= set(ours)
    present = ours[(101, 1)]
    assert present.names.get("kaz") == "Дәріс 1"
    assert present.names.get("rus") == "Лекция 1"
    assert present.test_url == "https://example.kz/t/1"
    if not GST_SI_DUMP.exists():
        pytest.skip("gst-si-dump not available")
    theirs = gst_events(gst_records(out))
    assert theirs
    for key, (start, duration, names) in theirs.items():
        e = ours[key]
        assert e.start is not None
        assert start == e.start.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert duration == e.duration.total_seconds()
        assert names == set(e.names.values())
