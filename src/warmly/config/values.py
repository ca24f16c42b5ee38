"""Type and range checks for one ``warmly.toml`` table read into a config dataclass.

The engines keep their settings in plain frozen dataclasses (pure, easy to build
in tests); this module is the one place that checks what a user wrote against
those dataclasses' field types, so a string, a NaN or a negative count is refused
by name instead of failing deep inside an engine.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from warmly.errors import ConfigError


@dataclass(frozen=True)
class Range:
    """Bounds of a number (or of each number in a list)."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None

    def fault(self, v: float) -> str | None:
        if self.ge is not None and v < self.ge:
            return f"must be at least {_num(self.ge)}"
        if self.gt is not None and v <= self.gt:
            return f"must be greater than {_num(self.gt)}"
        if self.le is not None and v > self.le:
            return f"must be at most {_num(self.le)}"
        return None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# Every number in a config is a count, a duration, a weight or a share: without a
# stated range it must be finite and not negative.
NON_NEGATIVE = Range(ge=0)
POSITIVE = Range(gt=0)
AT_LEAST_ONE = Range(ge=1)
SHARE = Range(ge=0, le=1)


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}.get(
        type(value), "a list" if isinstance(value, list) else "a table"
    )


def _scalar(where: str, tp: Any, value: Any, rng: Range) -> Any:
    # TOML is typed: a quoted "20" is a string, and true is not 1. bool is a subclass
    # of int in Python, hence the explicit exclusions.
    if tp is bool:
        ok = isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif tp is str:
        ok = isinstance(value, str)
    else:  # a type this checker does not know: the dataclass decides
        return value
    if not ok:
        want = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}[tp]
        raise ConfigError(f"{where}: expected {want}, got {_kind(value)} ({value!r})")
    if tp in (int, float):
        if not math.isfinite(value):
            raise ConfigError(f"{where}: expected a finite number, got {value!r}")
        fault = rng.fault(value)
        if fault:
            raise ConfigError(f"{where}: {fault}, got {value!r}")
    if tp is float:
        return float(value)
    return value


def check_value(where: str, tp: Any, value: Any, rng: Range = NON_NEGATIVE) -> Any:
    """``value`` checked against the annotation ``tp`` (lists become tuples).

    Raises :class:`ConfigError` starting with ``where`` (``section.key``).
    """
    if typing.get_origin(tp) is tuple:
        if not isinstance(value, list | tuple):
            raise ConfigError(f"{where}: expected a list, got {_kind(value)} ({value!r})")
        item = typing.get_args(tp)[0]
        return tuple(check_value(f"{where}[{i}]", item, v, rng) for i, v in enumerate(value))
    return _scalar(where, tp, value, rng)


def check_table(
    cls: type[Any],
    section: str,
    values: Mapping[str, Any],
    ranges: Mapping[str, Range] | None = None,
    skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """``values`` (one TOML table) checked against the fields of dataclass ``cls``.

    Unknown keys are refused with the known ones; ``skip`` names fields that are
    not this table's to set (filled from elsewhere) or that the caller checks itself.
    """
    if not isinstance(values, Mapping):
        raise ConfigError(f"[{section}]: expected a table, got {_kind(values)} ({values!r})")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)} - skip
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"[{section}] has no key {key!r}; known: {', '.join(sorted(known))}")
        rng = (ranges or {}).get(key, NON_NEGATIVE)
        out[key] = check_value(f"{section}.{key}", hints[key], value, rng)
    return out
