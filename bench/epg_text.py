"""Benchmark epg.text: encode (smallest-table search), decode, fit, on typical EPG strings.

Per call, mean of N calls; CPU time (`time.process_time`, single-threaded, what the code costs)
and wall time (grows with the machine's load, printed first).

Run: .venv/bin/python bench/epg_text.py  (results go in docs/benchmarks/epg-text.md)
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable

from epg.text import decode_dvb_text, encode_dvb_text, fit_dvb_text

SAMPLES = {
    "kazakh title (19 ch)": "Математика: 1-дәріс",
    "russian title (16 ch)": "Физика: лекция 2",
    "english title (24 ch)": "Lecture 2: Newton's laws",
    "latin with diacritics (25 ch)": "Économie: leçon 3, été",
    "kazakh description (~240 ch)": (
        "Өрнектер және теңдеулер. Қазақ тілінде. Дәрістен кейінгі тест сілтемесі төменде. " * 3
    ),
}


def per_call(call: Callable[[], object], number: int) -> tuple[float, float]:
    """(CPU µs, wall µs) per call."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(number):
        call()
    return (
        (time.process_time() - cpu) / number * 1e6,
        (time.perf_counter() - wall) / number * 1e6,
    )


def main() -> None:
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    columns = ("encode_dvb_text", "decode_dvb_text", "fit_dvb_text(…, 60)")
    print("| string | encoded | " + " | ".join(f"{c}, CPU / wall" for c in columns) + " |")
    print("|---|---|---|---|---|")
    for label, text in SAMPLES.items():
        data = encode_dvb_text(text)
        n = 5000
        enc = per_call(functools.partial(encode_dvb_text, text), n)
        dec = per_call(functools.partial(decode_dvb_text, data), n)
        fit = per_call(functools.partial(fit_dvb_text, text, 60), n // 10)
        cells = " | ".join(f"{c:.1f} / {w:.1f} µs" for c, w in (enc, dec, fit))
        print(f"| {label} | {len(data)} B | {cells} |")


if __name__ == "__main__":
    main()
