"""Errors raised by :mod:`playout`.

The tree lets the CLI, the scheduler and the wiring catch as coarsely as they need::

    PlayoutError
    ├── PlanError              the station plan is wrong (file and line when known)
    │   └── PlanValidationError  several plan problems at once, each a PlanProblem
    ├── ConfigurationError     the plan cannot be put on the air as configured
    │   └── MuxRateError         services + SI do not fit the transport stream's mux rate
    ├── MediaUnavailable       a rendition is missing, unreadable or not ready (never stops air:
    │                          the splicer plays filler and logs the reason)
    └── OutputError            an output could not be opened or written

Outside bytes are never trusted: every reader raises one of these, never IndexError/KeyError.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConfigurationError",
    "MediaUnavailable",
    "MuxRateError",
    "OutputError",
    "PlanError",
    "PlanProblem",
    "PlanValidationError",
    "PlayoutError",
]


class PlayoutError(Exception):
    """Root of the playout's errors."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanProblem:
    """One thing wrong with a plan, with where it is (``file:line``) when the plan is a file.

    ``kind`` is ``"media"`` when the problem is media that is missing or not ready *now*: on air
    that becomes filler (and may resolve itself), so the station warns instead of refusing.
    """

    message: str
    file: str | None = None
    line: int | None = None
    kind: str = "rule"

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class PlanError(PlayoutError, ValueError):
    """The station plan cannot be read (syntax, wrong type, missing field)."""

    def __init__(self, problem: PlanProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class PlanValidationError(PlayoutError, ValueError):
    """The plan reads, but breaks rules: every problem found is listed, not just the first."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


class ConfigurationError(PlayoutError, ValueError):
    """The plan cannot be put on the air as configured."""


class MuxRateError(ConfigurationError):
    """The services and the SI need more than the transport stream's mux rate."""


class MediaUnavailable(PlayoutError):
    """A rendition cannot be played now; ``reason`` goes into the log and the as-run."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutputError(PlayoutError, OSError):
    """An output could not be opened or written."""
