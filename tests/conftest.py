"""Suite-wide settings. Package fixtures live in tests/<package>/conftest.py."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# The machine is small and shared: no per-example deadline (timing is for bench/, not tests),
# and a fixed number of examples so the suite's length is predictable.
settings.register_profile(
    "telesabaq",
    deadline=None,
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "100")),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("telesabaq")
