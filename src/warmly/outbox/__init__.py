"""The outbox: approved actions leave warmly once, paced, and survive any crash.

planned → approved → sending → sent | failed | cancelled, one idempotency key each.
"""

from __future__ import annotations

from warmly.outbox.approve import (
    ApprovalRefused,
    Guard,
    OutboxError,
    approve,
    approve_ref,
    cancel,
    confirm,
    create_action,
    no_guard,
    retry,
)
from warmly.outbox.claim import ClaimResult, claim, lock_key
from warmly.outbox.dispatch import DispatchReport, backoff, dispatch, recover

__all__ = [
    "ApprovalRefused",
    "ClaimResult",
    "DispatchReport",
    "Guard",
    "OutboxError",
    "approve",
    "approve_ref",
    "backoff",
    "cancel",
    "claim",
    "confirm",
    "create_action",
    "dispatch",
    "lock_key",
    "no_guard",
    "recover",
    "retry",
]
