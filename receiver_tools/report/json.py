"""The `--json` report: a stable, versioned schema for scripts and monitoring.

The schema is documented field by field in docs/analyze.md. Rules: keys are never renamed or
removed within a major version (`schema` = "telesabaq.analyze/1"); new keys may be added;
unknown values are `null`; times are seconds since the first packet (floats), datetimes are
ISO 8601 UTC with a trailing "Z", durations are seconds.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from receiver_tools.analyzer import Analysis
from receiver_tools.checks.finding import Finding
from receiver_tools.checks.tr101290.engine import CheckResult
from receiver_tools.eventlist import EventInfo
from receiver_tools.scan import NetworkInfo, ServiceInfo

__all__ = ["SCHEMA", "to_json", "to_json_dict"]

SCHEMA = "telesabaq.analyze/1"


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _service(s: ServiceInfo) -> dict[str, Any]:
    return {
        "service_id": s.service_id,
        "transport_stream_id": s.transport_stream_id,
        "original_network_id": s.original_network_id,
        "actual": s.actual,
        "lcn": s.lcn,
        "visible": s.visible,
        "name": s.name,
        "provider": s.provider,
        "names": dict(s.names),
        "service_type": s.service_type,
        "service_type_name": s.service_type_name,
        "eit_schedule": s.eit_schedule,
        "eit_present_following": s.eit_present_following,
        "running_status": s.running_status,
        "free_ca_mode": s.free_ca_mode,
        "pmt_pid": s.pmt_pid,
        "pcr_pid": s.pcr_pid,
        "streams": [
            {"pid": e.pid, "stream_type": e.stream_type, "codec": e.codec} for e in s.streams
        ],
    }


def _network(n: NetworkInfo) -> dict[str, Any]:
    return {
        "network_id": n.network_id,
        "actual": n.actual,
        "name": n.name,
        "names": dict(n.names),
        "transport_streams": [
            {
                "transport_stream_id": ts.transport_stream_id,
                "original_network_id": ts.original_network_id,
                "delivery": list(ts.delivery),
            }
            for ts in n.transport_streams
        ],
    }


def _event(e: EventInfo) -> dict[str, Any]:
    return {
        "service_id": e.service_id,
        "transport_stream_id": e.transport_stream_id,
        "original_network_id": e.original_network_id,
        "event_id": e.event_id,
        "kind": e.kind,
        "actual": e.actual,
        "start": _iso(e.start),
        "duration": int(e.duration.total_seconds()),
        "running_status": e.running_status,
        "free_ca_mode": e.free_ca_mode,
        "names": dict(e.names),
        "texts": dict(e.texts),
        "extended_texts": dict(e.extended_texts),
        "items": {lang: [list(pair) for pair in pairs] for lang, pairs in e.items.items()},
        "content": [list(c) for c in e.content],
        "parental_ratings": [list(r) for r in e.ratings],
        "test_url": e.test_url,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity.value,
        "packet_index": f.packet_index,
        "time": None if f.time is None else round(f.time, 6),
        "pid": f.pid,
        "detail": f.detail,
        "count": f.count,
    }


def _check(r: CheckResult) -> dict[str, Any]:
    return {
        "priority": r.spec.priority,
        "ref": r.spec.ref,
        "name": r.spec.name,
        "assessed": r.assessed,
        "errors": r.errors,
        "warnings": r.warnings,
        "findings": [_finding(f) for f in r.findings],
    }


def _tr101290(analysis: Analysis) -> dict[str, Any]:
    results = analysis.tr101290
    return {
        "priority1_errors": analysis.priority1_errors,
        "priority2_errors": sum(r.errors for r in results if r.spec.priority == 2),
        "warnings": sum(r.warnings for r in results),
        "checks": [_check(r) for r in results],
    }


def to_json_dict(analysis: Analysis) -> dict[str, Any]:
    usage = analysis.usage
    si = analysis.si
    return {
        "schema": SCHEMA,
        "source": analysis.source,
        "packet_size": analysis.packet_size,
        "packets": analysis.packets,
        "bytes": analysis.bytes_read,
        "skipped_bytes": analysis.skipped_bytes,
        "time_base": analysis.time.source,
        "duration": _round(usage.duration, 6),
        "bitrate": _round(usage.bitrate, 1),
        "null_share": usage.null_share,
        "transport_stream_id": si.transport_stream_id,
        "broadcast_time": {
            "first_utc": _iso(si.time.first_utc),
            "last_utc": _iso(si.time.last_utc),
            "offsets": [
                {"country": c, "region": r, "offset_minutes": int(o.total_seconds() // 60)}
                for c, r, o in si.time.offsets
            ],
        },
        "networks": [_network(n) for n in si.networks],
        "services": [_service(s) for s in si.services],
        "events": [_event(e) for e in si.events],
        "tables": [
            {
                "pid": t.pid,
                "table_id": t.table_id,
                "name": t.name,
                "sections": t.sections,
                "min_interval": t.min_interval,
                "avg_interval": t.avg_interval,
                "max_interval": t.max_interval,
                "max_allowed": t.max_allowed,
                "over_limit": t.over_limit,
            }
            for t in analysis.tables
        ],
        "tr101290": _tr101290(analysis),
        "pids": [
            {
                "pid": p.pid,
                "packets": p.packets,
                "share": p.share,
                "bitrate": _round(p.bitrate, 1),
                "scrambled_packets": p.scrambled_packets,
            }
            for p in usage.pids
        ],
        "problems": list(si.problems),
    }


def to_json(analysis: Analysis, *, indent: int | None = 2) -> str:
    return json.dumps(to_json_dict(analysis), ensure_ascii=False, indent=indent)
