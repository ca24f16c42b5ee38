"""Editable reply templates: loaded from TOML, checked for personal slots."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warmly.errors import ConfigError
from warmly.triage.text import load_toml
from warmly.triage.types import PRECEDENCE

SLOTS = frozenset(
    {
        "greeting",
        "first_name",
        "their_ask",
        "topic",
        "specialty",
        "specialties",
        "headline",
        "pointer",
        "my_name",
        "signoff",
    }
)
NAME_SLOTS = frozenset({"greeting", "first_name"})
MESSAGE_SLOTS = frozenset({"their_ask", "topic"})
_SLOT = re.compile(r"\{([^{}]*)\}")


class TemplateError(ConfigError):
    """A reply template is unusable (missing personal slots, unknown slot, bad TOML)."""


@dataclass(frozen=True, slots=True)
class Template:
    """One label's reply: ``text``, and ``short`` for users who write briefly."""

    text: str
    short: str | None = None
    # For a sender who asks *you* for candidates (a hiring manager): "what are you
    # after next?" is a question for a candidate, not for a client.
    client: str | None = None


@dataclass(frozen=True, slots=True)
class Templates:
    """Templates per label, and pointers for not-a-fit replies (keyword → where to go)."""

    by_label: Mapping[str, Template]
    pointers: Mapping[str, str]

    def for_label(self, label: str) -> Template:
        """The template of ``label``; a missing one falls back to ``needs_me``."""
        return self.by_label.get(label) or self.by_label["needs_me"]


def check_template(where: str, text: str) -> None:
    """Raise :class:`TemplateError` unless ``text`` names the sender and their message."""
    slots = set(_SLOT.findall(text))
    unknown = sorted(slots - SLOTS)
    if unknown:
        raise TemplateError(
            f"{where}: unknown slot(s) {', '.join('{' + s + '}' for s in unknown)}; "
            f"use {', '.join('{' + s + '}' for s in sorted(SLOTS))}"
        )
    if not slots & NAME_SLOTS or not slots & MESSAGE_SLOTS:
        raise TemplateError(
            f"{where}: a reply template needs personal slots: {{first_name}} (or {{greeting}}) "
            "and {their_ask} or {topic}, so every draft names the sender and what they wrote"
        )


def templates_from_mapping(data: Mapping[str, Any], where: str = "templates") -> Templates:
    """Validate a parsed ``[templates.*]`` + ``[pointers]`` mapping."""
    raw = data.get("templates")
    if not isinstance(raw, Mapping):
        raise TemplateError(f"{where}: no [templates.<label>] tables")
    out: dict[str, Template] = {}
    for label, spec in raw.items():
        if label not in PRECEDENCE:
            raise TemplateError(
                f"{where}: [templates.{label}] is not a label ({', '.join(PRECEDENCE)})"
            )
        if isinstance(spec, str):
            spec = {"text": spec}
        if not isinstance(spec, Mapping) or not isinstance(spec.get("text"), str):
            raise TemplateError(f'{where}: [templates.{label}] needs a text = "..." string')
        check_template(f"{where}: [templates.{label}].text", spec["text"])
        short, client = spec.get("short"), spec.get("client")
        for key, value in (("short", short), ("client", client)):
            if value is not None:
                check_template(f"{where}: [templates.{label}].{key}", str(value))
        out[label] = Template(
            spec["text"],
            None if short is None else str(short),
            None if client is None else str(client),
        )
    if "needs_me" not in out:
        raise TemplateError(f"{where}: [templates.needs_me] is required (the fallback)")
    pointers = {str(k).lower(): str(v) for k, v in dict(data.get("pointers", {})).items()}
    return Templates(out, pointers)


def default_templates() -> Templates:
    """The shipped defaults (``warmly/triage/templates.toml``)."""
    return templates_from_mapping(load_toml("templates.toml"), "templates.toml (default)")


def load_templates(path: Path, base: Templates | None = None) -> Templates:
    """Load a user's template file; labels it leaves out keep ``base`` (the defaults)."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read templates: {exc}") from exc
    base = base or default_templates()
    merged = {
        "templates": {
            **{
                k: {
                    key: value
                    for key, value in (("text", v.text), ("short", v.short), ("client", v.client))
                    if value
                }
                for k, v in base.by_label.items()
            },
            **data.get("templates", {}),
        },
        "pointers": {**base.pointers, **data.get("pointers", {})},
    }
    return templates_from_mapping(merged, str(path))
