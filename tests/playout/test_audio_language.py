"""The audio language of a service: plan YAML -> validation -> PMT ISO_639_language_descriptor,
read back by our own decoders and by Debian's ffprobe."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors import ISO639LanguageDescriptor
from epg.descriptors.mpeg import AC3Descriptor
from epg.descriptors.registry import decode_descriptor_loop
from mpegts.ids import StreamType
from mpegts.psi.pmt import PMT
from playout.errors import PlanError
from playout.outputs.file import FileOutput
from playout.plan.model import ServicePids, ServicePlan
from playout.plan.validate import check_plan
from playout.plan.yaml_source import load_plan, parse_plan
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air
from playout.si_plan import service_pmt
from tests.playout.conftest import START, plan_text, service

EXAMPLE = Path(__file__).parents[2] / "examples" / "plan.yaml"

PLAN = """\
format: telesabaq.station-plan
version: 1
networks:
  - name: Net
    network_id: 1
    original_network_id: 1
    delivery: {system: dvb-t2, plp_id: 0, t2_system_id: 1}
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
            audio_languages: [kk, rus]
"""


def _languages(pmt: PMT, pid: int) -> list[tuple[str, int]]:
    loop = decode_descriptor_loop(pmt.stream(pid).descriptors)
    return [
        (language.iso_639_language_code, language.audio_type)
        for d in loop
        if isinstance(d, ISO639LanguageDescriptor)
        for language in d.languages
    ]


def _service(audio: tuple[int, ...], languages: tuple[str, ...]) -> ServicePlan:
    return ServicePlan(
        service_id=9,
        lcn=9,
        names={"kk": "Арна"},
        provider="P",
        profile="test-tiny-h264",
        pids=ServicePids(pmt=0x900, video=0x901, audio=audio),
        events=(),
        audio_languages=languages,
    )


# --- the plan file --------------------------------------------------------------------------


def test_languages_are_read_per_audio_pid_and_kept_as_written() -> None:
    plan = parse_plan(PLAN, file="p.yaml")
    (svc,) = plan.networks[0].transport_streams[0].services
    assert svc.audio_languages == ("kk", "rus")
    assert not check_plan(plan)


def test_one_code_for_a_single_audio_pid() -> None:
    text = PLAN.replace("audio: [0x102, 0x103]", "audio: 0x102").replace("[kk, rus]", "kk")
    (svc,) = parse_plan(text).networks[0].transport_streams[0].services
    assert svc.audio_languages == ("kk",)


def test_absent_languages_are_not_guessed() -> None:
    """docs/plan-format.md: no audio_languages -> no descriptor (receivers say "unknown")."""
    text = PLAN.replace("            audio_languages: [kk, rus]\n", "")
    (svc,) = parse_plan(text).networks[0].transport_streams[0].services
    assert svc.audio_languages == ()
    pmt = service_pmt(svc, (StreamType.H264, StreamType.AAC_ADTS, StreamType.AAC_ADTS))
    assert [s.descriptors for s in pmt.streams] == [b"", b"", b""]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[kk, Russian]", "is not an ISO 639 language code"),
        ("[kk, RU]", "is not an ISO 639 language code"),
        ("[kk, xx]", "no ISO 639-2 code is known for 'xx'"),
        ("[kk, 3]", "must be a non-empty string"),
        ("[]", "needs one language per audio PID"),
        ("{kk: 1}", "must be a non-empty string"),
    ],
)
def test_bad_languages_name_file_and_line(value: str, message: str) -> None:
    text = PLAN.replace("audio_languages: [kk, rus]", f"audio_languages: {value}")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "audio_languages" in row)
    with pytest.raises(PlanError) as caught:
        parse_plan(text, file="p.yaml")
    assert (caught.value.problem.file, caught.value.problem.line) == ("p.yaml", line)
    assert "audio_languages" in str(caught.value)
    assert message in str(caught.value)


def test_a_language_count_that_does_not_match_the_pids_is_a_rule_problem() -> None:
    text = PLAN.replace("[kk, rus]", "[kk]")
    service_line = next(n for n, row in enumerate(text.splitlines(), 1) if "service_id: 1" in row)
    problems = check_plan(parse_plan(text, file="p.yaml"))
    assert [(p.file, p.line, p.kind) for p in problems] == [("p.yaml", service_line, "rule")]
    assert "1 audio_languages for 2 audio PIDs" in problems[0].message


def test_the_shipped_example_states_every_audio_language() -> None:
    plan = load_plan(EXAMPLE)
    for _, ts in plan.transport_streams():
        for svc in ts.services:
            assert len(svc.audio_languages) == len(svc.pids.audio) >= 1


# --- the PMT --------------------------------------------------------------------------------


def test_the_pmt_round_trips_with_the_language_of_each_audio_stream() -> None:
    svc = _service((0x902, 0x903), ("kk", "rus"))
    pmt = service_pmt(svc, (StreamType.H264, StreamType.AAC_ADTS, StreamType.PRIVATE_PES))
    back = PMT.decode(pmt.encode())
    assert back == pmt
    assert back.stream(0x901).descriptors == b""
    assert _languages(back, 0x902) == [("kaz", 0)]
    assert _languages(back, 0x903) == [("rus", 0)]
    ac3 = decode_descriptor_loop(back.stream(0x903).descriptors)
    assert any(isinstance(d, AC3Descriptor) for d in ac3)
    assert back.stream(0x903).codec == "ac3"  # the language does not hide the AC-3 descriptor
    # the descriptor's wire form: tag 0x0A, length 4, "kaz", audio_type 0 (§2.6.18)
    assert back.stream(0x902).descriptors == b"\x0a\x04kaz\x00"


_CODES = st.sampled_from(["kk", "ru", "en", "de", "tr", "kaz", "rus", "eng", "und", "uzb"])


@given(
    pids=st.lists(st.integers(0x20, 0x8FF), min_size=1, max_size=6, unique=True),
    data=st.data(),
)
def test_pmt_languages_round_trip(pids: list[int], data: st.DataObject) -> None:
    languages = tuple(data.draw(st.lists(_CODES, min_size=len(pids), max_size=len(pids))))
    svc = _service(tuple(pids), languages)
    types = data.draw(
        st.lists(
            st.sampled_from([StreamType.AAC_ADTS, StreamType.MPEG1_AUDIO, StreamType.PRIVATE_PES]),
            min_size=len(pids),
            max_size=len(pids),
        )
    )
    back = PMT.decode(service_pmt(svc, (StreamType.H264, *types)).encode())
    expected = {"kk": "kaz", "ru": "rus", "en": "eng", "de": "deu", "tr": "tur"}
    for pid, code in zip(pids, languages, strict=True):
        assert _languages(back, pid) == [(expected.get(code, code), 0)]


# --- on the air, read by an independent decoder ---------------------------------------------


@pytest.fixture(scope="module")
def rendered(clips: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of a multiplex: service 3 says Kazakh audio, service 4 says nothing."""
    folder = tmp_path_factory.mktemp("language")
    kazakh = {**service(3, [], filler=clips["filler"]), "audio_languages": ["kk"]}
    unstated = service(4, [], filler=clips["filler"])
    document = yaml.safe_load(plan_text([kazakh, unstated], mux_rate=900_000))
    plan = folder / "plan.yaml"
    plan.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    config = AirConfig(plan=load_plan(plan), resolver=PlanMediaResolver(), start=START)
    out = folder / "out.ts"
    with FileOutput(out) as output:
        put_on_air(config, {1: [output]}, realtime=False, seconds=2)
    return out


@pytest.mark.independent
def test_ffprobe_sees_the_audio_language(rendered: Path) -> None:
    probe = subprocess.run(
        ["/usr/bin/ffprobe", "-v", "error", "-show_programs", "-of", "json", str(rendered)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    languages = {
        (p["program_num"], s["codec_type"]): s.get("tags", {}).get("language")
        for p in json.loads(probe.stdout)["programs"]
        for s in p["streams"]
    }
    assert languages == {
        (3, "video"): None,
        (3, "audio"): "kaz",
        (4, "video"): None,
        (4, "audio"): None,
    }


@pytest.mark.independent
def test_ffprobe_show_streams_prints_the_language_tag(rendered: Path) -> None:
    """The plain ``-show_streams`` text an engineer reads: ``TAG:language=kaz``."""
    probe = subprocess.run(
        ["/usr/bin/ffprobe", "-v", "error", "-show_streams", str(rendered)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert probe.stdout.count("TAG:language=kaz") == 1
