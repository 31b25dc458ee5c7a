"""Header fields of a chunk's packets, read once with `mpegts.scan`'s vectorised functions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mpegts.scan import (
    continuity_counters,
    discontinuity,
    has_payload,
    payload_unit_start,
    pcr_indices_and_values,
    pids,
    scrambling_control,
    transport_error,
)

__all__ = ["HeaderFields", "header_fields"]


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderFields:
    """One array element per packet of the chunk (PCRs: the rows that carry one)."""

    pid: npt.NDArray[np.int64]
    transport_error: npt.NDArray[np.bool_]
    payload_unit_start: npt.NDArray[np.bool_]
    scrambling: npt.NDArray[np.uint8]
    has_payload: npt.NDArray[np.bool_]
    continuity_counter: npt.NDArray[np.uint8]
    discontinuity: npt.NDArray[np.bool_]
    pcr_rows: npt.NDArray[np.int64]
    pcr_values: npt.NDArray[np.int64]


def header_fields(packets: npt.NDArray[np.uint8]) -> HeaderFields:
    pcr_rows, pcr_values = pcr_indices_and_values(packets)
    return HeaderFields(
        pid=pids(packets).astype(np.int64),
        transport_error=transport_error(packets),
        payload_unit_start=payload_unit_start(packets),
        scrambling=scrambling_control(packets),
        has_payload=has_payload(packets),
        continuity_counter=continuity_counters(packets),
        discontinuity=discontinuity(packets),
        pcr_rows=pcr_rows,
        pcr_values=pcr_values,
    )
