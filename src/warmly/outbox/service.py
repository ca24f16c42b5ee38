"""Workspace-level entry points the CLI calls: limits, approve, send (or dry-run)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from warmly.agenda.do_not_contact import do_not_contact, overridden_note
from warmly.connectors.base import Connector
from warmly.outbox.approve import (
    ApprovalRefused,
    Guard,
    OutboxError,
    approve_ref,
    cancel,
    confirm,
    retry,
)
from warmly.outbox.dispatch import DispatchReport, dispatch, recover
from warmly.pacing.governor import Governor
from warmly.pacing.ledger import SqlView
from warmly.pacing.policy import Policies, policies_for
from warmly.store.models_outbox import Action
from warmly.workspace import Workspace

_A = Action.__table__.c


def limits(ws: Workspace, now: datetime) -> list[dict[str, Any]]:
    """For every platform and action: each window's used / limit, the next safe time,
    the deciding rule and its source."""
    pol = policies_for(ws.settings)
    out: list[dict[str, Any]] = []
    with ws.engine.connect() as conn:
        gov = Governor(pol, SqlView(conn))
        for platform, kind in pol.pairs():
            d = gov.decide(platform, kind, now)
            out.append(
                {
                    "platform": platform,
                    "action": kind,
                    "mode": pol.platforms[platform].mode,
                    "allowed_now": d.allowed,
                    "never": d.never,
                    "next_safe": None if d.never else (now if d.allowed else d.not_before),
                    "rule": d.rule,
                    "source": d.source,
                    "reasons": d.reasons,
                    "windows": [
                        {"used": w.used, "limit": w.limit, "per": w.per, "source": w.source}
                        for w in gov.usage(platform, kind, now)
                    ],
                }
            )
    return out


def approve_item(
    ws: Workspace,
    ref: str,
    now: datetime,
    override: str | None = None,
    guard: Guard | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    """Approve an action id or agenda item id (``text`` replaces its draft first)."""
    pol = policies_for(ws.settings)
    if guard is None:
        from warmly.guard.service import guard_for_outbox

        guard = guard_for_outbox(ws, now)  # syncs first, so it only reads below
    with ws.writing() as s:
        a = approve_ref(
            s, ref, policies=pol, now=now, guard=guard, override_reason=override, text=text
        )
        held = do_not_contact(s, [a.person_id]).get(a.person_id) if a.person_id else None
        if held and not override:
            # The user's own block or mute: not sent without their say-so (the
            # transaction rolls back, so nothing is approved).
            raise ApprovalRefused(
                f"person {a.person_id} is {'; '.join(h.why for h in held)}",
                [f"`warmly unblock {a.person_id}` lifts it, or approve with --override REASON"],
            )
        if held:  # overridden: what for is recorded, for sending to check again
            a.override_reason = a.override_reason or override
            note = overridden_note(held)
            if note not in (a.guard_reasons or []):
                a.guard_reasons = [*(a.guard_reasons or []), note]
        return {
            "id": a.id,
            "key": a.key,
            "state": a.state,
            "platform": a.platform,
            "action": a.kind,
            "guard": a.guard_verdict,
            "override": a.override_reason,
            "text": a.text,
        }


def connectors_for(ws: Workspace, pol: Policies) -> dict[str, Connector]:
    """The connectors module's registry (auto where configured, else assisted)."""
    from warmly.connectors.assisted import AssistedConnector
    from warmly.connectors.registry import build_connectors

    found: dict[str, Connector] = dict(build_connectors(ws.settings))
    for name, plat in pol.platforms.items():
        if plat.mode == "assisted" and name not in found:
            found[name] = AssistedConnector(name)
    return found


def send(ws: Workspace, now: datetime, dry_run: bool = False) -> dict[str, Any]:
    """Resolve stuck sends, then send what is due (or, dry-run, say what would go)."""
    pol = policies_for(ws.settings)
    conns = connectors_for(ws, pol)
    if dry_run:
        return {"dry_run": True, "would": _would(ws, pol, now, conns)}
    ties = ws.settings.ties
    rec = recover(ws.engine, conns, now, ties=ties)
    rep: DispatchReport = dispatch(
        ws.engine, conns, Governor(pol, _NoView()), now, f"cli-{os.getpid()}", ties=ties
    )
    out = rep.as_dict()
    out["recovered"] = {"sent": rec.sent, "requeued": rec.retrying, "uncertain": rec.uncertain}
    out["pending"] = _pending(ws, now, rep, conns)
    return out


def _assisted_why(conn: Connector | None) -> str | None:
    """Why ``conn`` only assists (and what would make it send), None when it sends."""
    from warmly.connectors.assisted import AssistedConnector

    return conn.why if isinstance(conn, AssistedConnector) else None


def _pending(
    ws: Workspace, now: datetime, rep: DispatchReport, conns: dict[str, Connector]
) -> list[dict[str, Any]]:
    """Every action still on its way after this pass, and what it waits for: a later
    run never has to be guessed from an empty report."""
    q = (
        select(
            _A.id,
            _A.state,
            _A.platform,
            _A.kind,
            _A.mode,
            _A.attempted_at,
            _A.not_before,
            _A.next_attempt_at,
            _A.last_error,
        )
        .where(_A.state.in_(("approved", "sending")))
        .order_by(_A.approved_at, _A.id)
    )
    out = []
    with ws.engine.connect() as conn:
        for r in conn.execute(q):
            blocked = rep.blocked.get(f"{r.platform}.{r.kind}")
            # Waiting for its time or a retry, an action says now whether it will be
            # sent or shown to you when its time comes (as --dry-run does).
            assisted_why = _assisted_why(conns.get(r.platform)) if r.state == "approved" else None
            later = max(
                (t for t in (r.not_before, r.next_attempt_at) if t is not None), default=None
            )
            if r.state == "sending":
                why, at = "your word: it may have gone out (--confirm ID or --retry ID)", None
            elif r.mode == "assisted" and r.attempted_at is not None:
                why, at = "you: do it, then --confirm ID", None
                # A later run than the one that showed it: today's connector says why again.
                assisted_why = (
                    rep.assisted_why.get(r.id)
                    or _assisted_why(conns.get(r.platform))
                    or f"it was shown to you as a link before warmly could send {r.platform}"
                )
            elif later is not None and later.replace(tzinfo=later.tzinfo or now.tzinfo) > now:
                why, at = ("a retry" if r.next_attempt_at else "its time"), later
            elif blocked is not None:
                why, at = f"pacing: {blocked.rule}", blocked.not_before
            elif r.platform in rep.no_connector:
                why, at = f"a connector for {r.platform}", None
            else:
                why, at = "the next run", None
            out.append(
                {
                    "id": r.id,
                    "state": r.state,
                    "platform": r.platform,
                    "action": r.kind,
                    "waiting_for": why,
                    "assisted_why": assisted_why,
                    "not_before": at,
                    "last_error": r.last_error,
                }
            )
    return out


def mark(
    ws: Workspace,
    now: datetime,
    *,
    confirm: int | None = None,
    retry: int | None = None,
    cancel: int | None = None,
) -> dict[str, Any]:
    """The user's word on one action: done (``confirm``), not sent (``retry``) or
    never to be sent (``cancel``)."""
    if sum(x is not None for x in (confirm, retry, cancel)) != 1:
        raise OutboxError("give one of --confirm ID, --retry ID or --cancel ID")
    with ws.writing() as s:
        if confirm is not None:
            a = _confirm(s, confirm, now, ties=ws.settings.ties)
        elif retry is not None:
            a = _retry(s, retry)
        else:
            a = _cancel(s, cancel or 0)
        return {"id": a.id, "state": a.state}


_confirm, _retry, _cancel = confirm, retry, cancel


def _would(
    ws: Workspace, pol: Policies, now: datetime, conns: dict[str, Connector]
) -> list[dict[str, Any]]:
    """Each approved action, oldest first, and when it would go: every earlier one
    counts as sent at its own time, as the real sends would (spacing, caps)."""
    q = (
        select(_A.id, _A.platform, _A.kind, _A.recipient)
        .where(_A.state == "approved")
        .order_by(_A.approved_at, _A.id)
    )
    out = []
    with ws.engine.connect() as conn:
        view = _WithPlanned(SqlView(conn))
        gov = Governor(pol, view)
        for aid, platform, kind, rcpt in conn.execute(q):
            assisted = _assisted_why(conns.get(platform))
            d = gov.decide(platform, kind, now)
            at = now if d.allowed else d.not_before
            if at is not None:
                view.plan(platform, kind, at)
            out.append(
                {
                    "id": aid,
                    "platform": platform,
                    "action": kind,
                    "recipient": rcpt,
                    # Sent by a connector (not shown to you as a link to do it yourself).
                    "connector": platform in conns and assisted is None,
                    "assisted_why": assisted,
                    "allowed": d.allowed,
                    "not_before": d.not_before,
                    "rule": d.rule,
                }
            )
    return out


class _WithPlanned:
    """The ledger's past attempts plus the sends a dry run has placed so far.

    Placed sends are at ``now`` or later, so they are always the newest: the
    n-th newest attempt is one of them, or the ledger's (n - their number)-th.
    """

    def __init__(self, past: SqlView) -> None:
        self.past = past
        self.planned: list[tuple[str, str, datetime]] = []

    def plan(self, platform: str, kind: str, at: datetime) -> None:
        self.planned.append((platform, kind, at))

    def _mine(self, platform: str, kinds: Sequence[str], since: datetime) -> list[datetime]:
        return sorted(
            (at for p, k, at in self.planned if p == platform and k in kinds and at > since),
            reverse=True,
        )

    def count(self, platform: str, kinds: Sequence[str], since: datetime) -> int:
        return self.past.count(platform, kinds, since) + len(self._mine(platform, kinds, since))

    def nth_newest(
        self, platform: str, kinds: Sequence[str], n: int, since: datetime
    ) -> datetime | None:
        mine = self._mine(platform, kinds, since)
        if n <= len(mine):
            return mine[n - 1]
        return self.past.nth_newest(platform, kinds, n - len(mine), since)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.past, name)  # outcomes, signals, first attempt: the ledger's


class _NoView:
    """dispatch() re-decides inside each claim; the governor it gets only lends policies."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"dispatch decides from the ledger in each claim, not via {name}")
