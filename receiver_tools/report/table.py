"""The human report: Rich tables for the channel list, the EPG, SI repetition, TR 101 290 and
the PIDs. Only the CLI prints; this module builds renderables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from receiver_tools.analyzer import Analysis
from receiver_tools.eventlist import EventInfo

__all__ = ["report_renderables"]


def _fmt_rate(bps: float | None) -> str:
    return "?" if bps is None else f"{bps / 1e6:.3f} Mb/s"


def _fmt_s(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


def _delivery(d: dict[str, Any]) -> str:
    """A delivery descriptor in one line: its kind, frequency and the named parameters."""
    parts = [str(d.get("descriptor", "delivery"))]
    for key in ("centre_frequency", "frequency"):
        if isinstance(d.get(key), int):
            parts.append(f"{d[key] / 1e6:.3f} MHz")
    named = [f"{k.removesuffix('_name')} {v}" for k, v in d.items() if k.endswith("_name")]
    details = d.get("details")
    if isinstance(details, dict):
        named += [
            f"{k.removesuffix('_name')} {v}" for k, v in details.items() if k.endswith("_name")
        ]
    return ", ".join(parts + named)


def _networks(a: Analysis) -> Iterator[tuple[str, str]]:
    for n in a.si.networks:
        yield f"Network {n.network_id}{'' if n.actual else ' (other)'}", n.name or "?"
        if not n.actual:
            continue
        for ts in n.transport_streams:
            for d in ts.delivery:
                yield f"  TS {ts.transport_stream_id}/{ts.original_network_id}", _delivery(d)


def _summary(a: Analysis) -> Table:
    t = Table(title=f"Transport stream: {a.source}", show_header=False)
    rows = [
        (
            "Packets",
            f"{a.packets} x {a.packet_size or '?'} bytes ({a.skipped_bytes} bytes skipped)",
        ),
        ("Time base", a.time.source),
        ("Duration", "?" if a.usage.duration is None else f"{a.usage.duration:.3f} s"),
        ("Bitrate", _fmt_rate(a.usage.bitrate)),
        ("Null packets", f"{a.usage.null_share:.1%}"),
        ("TS id", str(a.si.transport_stream_id)),
        ("Broadcast time (UTC)", f"{a.si.time.first_utc} .. {a.si.time.last_utc}"),
    ]
    rows.extend(_networks(a))
    for key, value in rows:
        t.add_row(key, value)
    return t


def _services(a: Analysis) -> Table:
    t = Table(title="Services (channel list)")
    for col in ("LCN", "SID", "TS/ONID", "Name", "Provider", "Type", "EIT s/pf", "Streams"):
        t.add_column(col)
    for s in a.si.services:
        streams = ", ".join(f"0x{e.pid:04X} {e.codec}" for e in s.streams)
        t.add_row(
            "" if s.lcn is None else str(s.lcn),
            str(s.service_id),
            f"{s.transport_stream_id}/{s.original_network_id}" + ("" if s.actual else " other"),
            s.name or "",
            s.provider or "",
            s.service_type_name or "",
            f"{'S' if s.eit_schedule else '-'}{'P' if s.eit_present_following else '-'}",
            streams,
        )
    return t


def _event_text(e: EventInfo) -> Text:
    text = Text()
    for lang, name in e.names.items():
        text.append(f"[{lang}] ", style="dim")
        text.append(name, style="bold")
        short = e.texts.get(lang)
        if short:
            text.append(f" — {short}")
        text.append("\n")
    for lang, extended in e.extended_texts.items():
        text.append(f"[{lang}] {extended}\n", style="italic")
    for lang, pairs in e.items.items():
        for label, value in pairs:
            text.append(f"[{lang}] {label}: {value}\n", style="cyan")
    text.rstrip()
    return text


def _epg(a: Analysis, max_events: int) -> Table:
    t = Table(title=f"EPG ({len(a.si.events)} events)")
    for col in ("Service", "Event", "Kind", "Start (UTC)", "Duration", "Title / text"):
        t.add_column(col)
    names = {
        (s.original_network_id, s.transport_stream_id, s.service_id): s.name
        for s in a.si.services
        if s.name
    }
    for e in a.si.events[:max_events]:
        name = names.get((e.original_network_id, e.transport_stream_id, e.service_id))
        t.add_row(
            f"{e.service_id}{f' {name}' if name else ''}" + ("" if e.actual else " (other)"),
            str(e.event_id),
            e.kind,
            "?" if e.start is None else e.start.strftime("%Y-%m-%d %H:%M"),
            str(e.duration),
            _event_text(e),
        )
    if len(a.si.events) > max_events:
        t.caption = f"{len(a.si.events) - max_events} more events in --json / --xmltv"
    return t


def _tables(a: Analysis) -> Table:
    t = Table(title="SI repetition (per section, min / avg / max)")
    for col in ("PID", "Table", "Sections", "Min", "Avg", "Max", "Allowed"):
        t.add_column(col)
    for r in a.tables:
        late = Text(_fmt_s(r.max_interval), style="red" if r.over_limit else "")
        t.add_row(
            f"0x{r.pid:04X}",
            f"0x{r.table_id:02X} {r.name}",
            str(r.sections),
            _fmt_s(r.min_interval),
            _fmt_s(r.avg_interval),
            late,
            _fmt_s(r.max_allowed),
        )
    return t


def _tr101290(a: Analysis, max_findings: int) -> Table:
    t = Table(title="ETSI TR 101 290")
    for col in ("Check", "Status", "Errors", "Warnings", "First findings (packet, time, PID)"):
        t.add_column(col)
    for r in a.tr101290:
        status = (
            "not assessed"
            if not r.assessed
            else ("FAIL" if r.errors else ("warn" if r.warnings else "ok"))
        )
        style = {"FAIL": "red", "warn": "yellow", "ok": "green"}.get(status, "dim")
        lines = []
        for f in r.findings[:max_findings]:
            where = "-" if f.packet_index is None else f"#{f.packet_index}"
            when = "" if f.time is None else f" {f.time:.3f}s"
            pid = "" if f.pid is None else f" 0x{f.pid:04X}"
            lines.append(f"{where}{when}{pid}: {f.detail}")
        t.add_row(
            f"{r.spec.ref} {r.spec.name}",
            Text(status, style=style),
            str(r.errors),
            str(r.warnings),
            "\n".join(lines),
        )
    return t


def _pids(a: Analysis) -> Table:
    t = Table(title="PIDs")
    for col in ("PID", "Packets", "Share", "Bitrate", "Scrambled"):
        t.add_column(col)
    for p in a.usage.pids:
        t.add_row(
            f"0x{p.pid:04X}",
            str(p.packets),
            f"{p.share:.2%}",
            _fmt_rate(p.bitrate),
            str(p.scrambled_packets),
        )
    return t


def _parts(a: Analysis, max_events: int, max_findings: int) -> Iterator[RenderableType]:
    yield _summary(a)
    yield _services(a)
    yield _epg(a, max_events)
    yield _tables(a)
    yield _tr101290(a, max_findings)
    yield _pids(a)
    if a.si.problems:
        yield Text("SI problems:\n" + "\n".join(a.si.problems[:20]), style="yellow")


def report_renderables(a: Analysis, *, max_events: int = 200, max_findings: int = 5) -> Group:
    return Group(*_parts(a, max_events, max_findings))
