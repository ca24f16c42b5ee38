"""Shared pieces for outbox tests: a file-backed "remote side" and action factories."""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from warmly.connectors.base import Outgoing, Sent
from warmly.outbox import approve, create_action
from warmly.pacing import Policies, load_policies

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def email_policies(count: int = 1000, per: str = "1h", spacing_s: float = 0) -> Policies:
    """Email with one window and no working hours: easy to reason about."""
    return load_policies(
        {
            "email": {
                "working_hours": "",
                "email": {
                    "windows": [{"count": count, "per": per, "source": "test"}],
                    "spacing_s": spacing_s,
                    "jitter_s": 0,
                    "reputation": None,
                },
            }
        }
    )


@dataclass
class FileConnector:
    """Delivers by appending the key to a file (the "remote mailbox"), fsynced.

    ``was_sent`` reads it back, like asking an SMTP server's sent folder by Message-ID.
    """

    path: Path
    platform: str = "email"
    mode: str = "auto"

    def send(self, message: Outgoing) -> Sent:
        with open(self.path, "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            f.write(message.key + "\n")
            f.flush()
            os.fsync(f.fileno())
        return Sent(remote_id=message.key)

    def was_sent(self, key: str) -> bool | None:
        return key in self.delivered()

    def delivered(self) -> list[str]:
        return self.path.read_text().split() if self.path.exists() else []


def add_approved(
    engine: Any,
    policies: Policies,
    n: int,
    *,
    platform: str = "email",
    kind: str = "email",
    prefix: str = "a",
) -> list[int]:
    ids = []
    with Session(engine) as s, s.begin():
        for i in range(n):
            a = create_action(
                s,
                key=f"{prefix}-{i}",
                platform=platform,
                kind=kind,
                now=T0,
                policies=policies,
                recipient=f"p{i}@example.org",
                text=f"hi {i}",
            )
            approve(s, a, policies=policies, now=T0)
            ids.append(a.id)
    return ids
