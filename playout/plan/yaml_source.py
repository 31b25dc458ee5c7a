"""The YAML station plan: a human-writable `ScheduleSource` for engineers and tests.

The format is documented with a complete example in ``docs/plan-format.md``; ``examples/plan.yaml``
is a working plan. Reading is strict: unknown keys, wrong types and missing fields raise
`PlanError` with the file and line; rule checks across the plan are in `playout.plan.validate`.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from playout.errors import PlanError, PlanProblem
from playout.plan._yaml_nodes import Node, compose
from playout.plan.model import (
    EventPlan,
    FileRef,
    ItemPlan,
    LectureRef,
    MediaRef,
    NetworkPlan,
    ServicePids,
    ServicePlan,
    StationPlan,
    TestSourceRef,
    TransportStreamPlan,
)
from playout.si_plan import language_639_2

__all__ = ["FORMAT", "YamlPlanSource", "load_plan", "parse_plan"]

FORMAT = "telesabaq.station-plan"
VERSION = 1
_DELIVERY_SYSTEMS = ("dvb-t2", "dvb-t", "dvb-c", "dvb-s2", "dvb-s", "ip")


class YamlPlanSource:
    """A `ScheduleSource` backed by a plan file; the version is the hash of the file's bytes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load_plan(self) -> StationPlan:
        return load_plan(self.path)

    def plan_version(self) -> str:
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]
        except OSError as exc:
            raise PlanError(
                PlanProblem(message=f"cannot read: {exc}", file=str(self.path))
            ) from exc


def load_plan(path: Path) -> StationPlan:
    """Read and parse a plan file; relative media paths are relative to the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(PlanProblem(message=f"cannot read: {exc}", file=str(path))) from exc
    return parse_plan(text, file=str(path), base_dir=Path(path).parent)


def parse_plan(text: str, *, file: str = "<plan>", base_dir: Path | None = None) -> StationPlan:
    """Parse plan text into a `StationPlan` (structure and types only; see `validate`)."""
    root = compose(text, file)
    root.only_keys({"format", "version", "timezone", "networks"})
    if root["format"].str_() != FORMAT:
        raise root["format"].error(f"must be {FORMAT!r}")
    version = root["version"].int_(1, 2**31)
    if version != VERSION:
        raise root["version"].error(f"version {version} is not supported (this reads {VERSION})")
    timezone = root.get("timezone")
    base = base_dir if base_dir is not None else Path.cwd()
    return StationPlan(
        networks=tuple(_network(n, base) for n in root["networks"].items()),
        timezone=timezone.str_() if timezone else "Asia/Almaty",
        source=file,
    )


def _network(node: Node, base: Path) -> NetworkPlan:
    node.only_keys({"name", "network_id", "original_network_id", "delivery", "transport_streams"})
    delivery = node["delivery"]
    system = delivery["system"].str_()
    if system not in _DELIVERY_SYSTEMS:
        raise delivery["system"].error(f"must be one of {', '.join(_DELIVERY_SYSTEMS)}")
    parameters = delivery.value()
    parameters.pop("system", None)
    return NetworkPlan(
        name=node["name"].str_(),
        network_id=node["network_id"].int_(1, 0xFFFF),
        original_network_id=node["original_network_id"].int_(1, 0xFFFF),
        delivery_system=system,  # type: ignore[arg-type]
        delivery=parameters,
        transport_streams=tuple(
            _transport_stream(t, base) for t in node["transport_streams"].items()
        ),
        line=node.line,
    )


def _transport_stream(node: Node, base: Path) -> TransportStreamPlan:
    node.only_keys({"transport_stream_id", "mux_rate", "services"})
    return TransportStreamPlan(
        transport_stream_id=node["transport_stream_id"].int_(0, 0xFFFF),
        mux_rate=node["mux_rate"].int_(10_000, 10**9),
        services=tuple(_service(s, base) for s in node["services"].items()),
        line=node.line,
    )


def _service(node: Node, base: Path) -> ServicePlan:
    node.only_keys(
        {
            "service_id",
            "lcn",
            "name",
            "provider",
            "profile",
            "pids",
            "filler",
            "filler_title",
            "audio_languages",
            "events",
        }
    )
    filler_title = node.get("filler_title")
    languages = node.get("audio_languages")
    filler = node.get("filler")
    events_node = node.get("events")
    events = events_node.items() if events_node else []
    return ServicePlan(
        service_id=node["service_id"].int_(1, 0xFFFF),
        lcn=node["lcn"].int_(0, 1023),
        names=node["name"].texts(),
        provider=node["provider"].str_(),
        profile=node["profile"].str_(),
        pids=_pids(node["pids"]),
        events=tuple(_event(e, i, base) for i, e in enumerate(events)),
        filler=_media(filler, base) if filler else None,
        filler_title=filler_title.texts() if filler_title else None,
        audio_languages=_audio_languages(languages) if languages else (),
        line=node.line,
    )


def _audio_languages(node: Node) -> tuple[str, ...]:
    """One language per audio PID (a list, or one code for a single audio PID).

    Codes are kept as written (``kk`` or ``kaz``); a two-letter code must be one whose ISO
    639-2 code the station knows, since the PMT carries three letters (ISO/IEC 13818-1 §2.6.18).
    """
    entries = node.items() if isinstance(node.value(), list) else [node]
    codes = []
    for entry in entries:
        code = entry.str_()
        if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha() and code.islower()):
            raise entry.error(f"{code!r} is not an ISO 639 language code like kk or kaz")
        if len(language_639_2(code)) != 3:
            raise entry.error(
                f"no ISO 639-2 code is known for {code!r}: write the three-letter code"
            )
        codes.append(code)
    if not codes:
        raise node.error("needs one language per audio PID")
    return tuple(codes)


def _pids(node: Node) -> ServicePids:
    node.only_keys({"pmt", "video", "audio"})
    audio = node["audio"]
    audio_pids = (
        tuple(a.int_(0x20, 0x1FFE) for a in audio.items())
        if isinstance(audio.value(), list)
        else (audio.int_(0x20, 0x1FFE),)
    )
    return ServicePids(
        pmt=node["pmt"].int_(0x20, 0x1FFE), video=node["video"].int_(0x20, 0x1FFE), audio=audio_pids
    )


def _event(node: Node, position: int, base: Path) -> EventPlan:
    node.only_keys(
        {"event_id", "start", "title", "text", "followup_url", "genre", "parental_rating", "items"}
    )
    event_id = node.get("event_id")
    text = node.get("text")
    url = node.get("followup_url")
    genre = node.get("genre")
    rating = node.get("parental_rating")
    items = node["items"].items()
    if not items:
        raise node["items"].error("an event needs at least one item")
    return EventPlan(
        event_id=event_id.int_(0, 0xFFFF) if event_id else position + 1,
        start=node["start"].utc_datetime(),
        items=tuple(_item(i, base) for i in items),
        title=node["title"].texts(),
        text=text.texts() if text else {},
        followup_url=url.str_() if url else None,
        genre=genre.int_(0, 0xFF) if genre else None,
        parental_rating=rating.int_(0, 0xFF) if rating else None,
        line=node.line,
    )


def _item(node: Node, base: Path) -> ItemPlan:
    present = set(node.keys())
    roles = [role for role in ("lecture", "end_card") if role in present]
    if len(roles) != 1:
        raise node.error("an item has exactly one key 'lecture' or 'end_card' (+ planned_seconds)")
    role = roles[0]
    node.only_keys({role, "planned_seconds"})
    planned = node.get("planned_seconds")
    return ItemPlan(
        role=role,
        media=_media(node[role], base),
        line=node.line,
        planned_duration=None if planned is None else timedelta(seconds=planned.number(0.0)),
    )


def _media(node: Node, base: Path) -> MediaRef:
    keys = set(node.keys())
    if "file" in keys:
        node.only_keys({"file"})
        path = Path(node["file"].str_())
        return FileRef(path=path if path.is_absolute() else base / path)
    if "catalog" in keys:
        node.only_keys({"catalog"})
        return LectureRef(lecture_id=str(node["catalog"].value()))
    if "test_source" in keys:
        node.only_keys({"test_source", "text"})
        text = node.get("text")
        return TestSourceRef(
            seconds=node["test_source"].number(0.0), text=text.str_() if text else ""
        )
    raise node.error("media is one of {file: PATH}, {catalog: LECTURE_ID}, {test_source: SECONDS}")
