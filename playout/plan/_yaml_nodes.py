"""Typed, located access to a composed YAML document, so every plan error names file and line.

PyYAML's ``compose`` keeps each node's position; this reader walks the nodes and turns wrong
types or missing keys into `PlanError` with ``file:line`` (1-based), instead of a KeyError deep in
the loader.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from playout.errors import PlanError, PlanProblem

__all__ = ["Node", "compose"]


def compose(text: str, file: str) -> Node:
    """Compose ``text`` and return its root node; syntax errors carry the position."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PlanError(PlanProblem(message=f"YAML: {exc.problem}", file=file, line=line)) from exc
    except yaml.YAMLError as exc:
        raise PlanError(PlanProblem(message=f"YAML: {exc}", file=file)) from exc
    if root is None:
        raise PlanError(PlanProblem(message="the plan file is empty", file=file, line=1))
    return Node(root, file, "plan")


class Node:
    """One YAML node and the path that led to it (``networks[0].services[1].lcn``)."""

    __slots__ = ("_node", "file", "path")

    def __init__(self, node: yaml.Node, file: str, path: str) -> None:
        self._node = node
        self.file = file
        self.path = path

    @property
    def line(self) -> int:
        return self._node.start_mark.line + 1

    def error(self, message: str) -> PlanError:
        return PlanError(
            PlanProblem(message=f"{self.path}: {message}", file=self.file, line=self.line)
        )

    def problem(self, message: str) -> PlanProblem:
        return PlanProblem(message=f"{self.path}: {message}", file=self.file, line=self.line)

    # --- mappings -------------------------------------------------------------------------

    def _pairs(self) -> list[tuple[str, yaml.Node]]:
        if not isinstance(self._node, yaml.MappingNode):
            raise self.error("must be a mapping")
        pairs = []
        for key, value in self._node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise Node(key, self.file, self.path).error("keys must be plain names")
            pairs.append((str(key.value), value))
        return pairs

    def keys(self) -> list[str]:
        return [k for k, _ in self._pairs()]

    def get(self, key: str) -> Node | None:
        for name, value in self._pairs():
            if name == key:
                return Node(value, self.file, f"{self.path}.{key}")
        return None

    def __getitem__(self, key: str) -> Node:
        found = self.get(key)
        if found is None:
            raise self.error(f"missing {key!r}")
        return found

    def only_keys(self, allowed: set[str]) -> None:
        """Refuse unknown keys: a typo in a plan must not be silently ignored."""
        for name, value in self._pairs():
            if name not in allowed:
                raise Node(value, self.file, f"{self.path}.{name}").error(
                    f"unknown key (expected one of {', '.join(sorted(allowed))})"
                )

    # --- sequences and scalars ------------------------------------------------------------

    def items(self) -> list[Node]:
        if not isinstance(self._node, yaml.SequenceNode):
            raise self.error("must be a list")
        return [Node(v, self.file, f"{self.path}[{i}]") for i, v in enumerate(self._node.value)]

    def value(self) -> Any:
        try:
            return SafeConstructor().construct_object(self._node, deep=True)
        except ConstructorError as exc:
            raise self.error(f"cannot read value: {exc.problem}") from exc

    def int_(self, low: int = 0, high: int = 2**63) -> int:
        value = self.value()
        if type(value) is not int or not low <= value <= high:
            raise self.error(f"must be an integer in [{low}, {high}], not {value!r}")
        return value

    def number(self, low: float = 0.0) -> float:
        value = self.value()
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= low:
            raise self.error(f"must be a number above {low:g}, not {value!r}")
        return float(value)

    def str_(self) -> str:
        value = self.value()
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"must be a non-empty string, not {value!r}")
        return value

    def texts(self) -> dict[str, str]:
        """A language -> text mapping (``{kk: ..., ru: ..., en: ...}``)."""
        texts = {}
        for name in self.keys():
            if len(name) != 2 or not name.isalpha() or not name.islower():
                raise self.error(f"language {name!r} is not an ISO 639-1 code like kk, ru, en")
            texts[name] = self[name].str_()
        return texts

    def utc_datetime(self) -> datetime:
        """An ISO 8601 time with an explicit zone (``Z`` or ``+05:00``), returned in UTC."""
        value = self.value()
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError as exc:
                raise self.error(f"{value!r} is not an ISO 8601 time") from exc
        if isinstance(value, date) and not isinstance(value, datetime):
            raise self.error("needs a time of day, not only a date")
        if not isinstance(value, datetime):
            raise self.error(f"must be an ISO 8601 time, not {value!r}")
        if value.tzinfo is None:
            raise self.error("must say its time zone (e.g. 2026-09-01T06:00:00Z)")
        return value.astimezone(UTC)
