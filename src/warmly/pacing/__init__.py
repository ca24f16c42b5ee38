"""Pacing: every platform's safe limits as data, and the governor that applies them."""

from __future__ import annotations

from warmly.pacing.governor import Decision, Governor, WindowUse
from warmly.pacing.headroom import GovernorHeadroom
from warmly.pacing.ledger import COUNTED_STATES, LedgerView, MemoryView, SqlView
from warmly.pacing.policy import (
    KINDS,
    PLATFORMS,
    ActionPolicy,
    Policies,
    Window,
    load_policies,
    policies_for,
)

__all__ = [
    "COUNTED_STATES",
    "KINDS",
    "PLATFORMS",
    "ActionPolicy",
    "Decision",
    "Governor",
    "GovernorHeadroom",
    "LedgerView",
    "MemoryView",
    "Policies",
    "SqlView",
    "Window",
    "WindowUse",
    "load_policies",
    "policies_for",
]
