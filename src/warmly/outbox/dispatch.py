"""Sending approved actions: claim under the governor, call the connector, record.

Crash safety (never send twice, never lose an approved action): the row is marked
``sending`` and COMMITTED before the connector is called. A crash before that
commit leaves it ``approved`` (sent later); a crash after it leaves it ``sending``,
and :func:`recover` asks the connector ``was_sent(key)``: True → ``sent``, False →
``approved`` again, None (unknown) → it stays ``sending`` and is reported for the
user to confirm or retry. Nothing in ``sending`` is ever resent blindly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, and_, func, not_, or_, select, update
from sqlalchemy.engine import Engine

from warmly.config.settings import TieSettings
from warmly.connectors.base import (
    Assisted,
    Connector,
    Outgoing,
    PermanentError,
    Sent,
    TransientError,
    UncertainError,
)
from warmly.outbox.claim import claim
from warmly.outbox.crash import crash_point
from warmly.pacing.governor import Decision, Governor
from warmly.store.models_outbox import Action, PlatformSignal

_A = Action.__table__.c
_BATCH = 50


@dataclass
class DispatchReport:
    """What one :func:`dispatch` pass did, and when to call it again."""

    sent: list[int] = field(default_factory=list)
    assisted: list[tuple[int, str, str]] = field(default_factory=list)  # id, link, text
    # id -> why it was not sent automatically and what would change that (the connector's)
    assisted_why: dict[int, str] = field(default_factory=dict)
    retrying: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    uncertain: list[tuple[int, str]] = field(default_factory=list)
    # id -> why: approved, then its person was blocked or muted (approval withdrawn)
    held: list[tuple[int, str]] = field(default_factory=list)
    blocked: dict[str, Decision] = field(default_factory=dict)  # "platform.kind" -> decision
    no_connector: list[str] = field(default_factory=list)
    next_wakeup: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            # [id, link, text, why]: ``why`` last, so readers of the first three still work.
            "assisted": [[*a, self.assisted_why.get(a[0])] for a in self.assisted],
            "retrying": [list(r) for r in self.retrying],
            "failed": [list(f) for f in self.failed],
            "uncertain": [list(u) for u in self.uncertain],
            "held": [list(h) for h in self.held],
            "blocked": {
                k: {
                    "not_before": d.not_before,
                    "never": d.never,
                    "rule": d.rule,
                    "reasons": d.reasons,
                    "source": d.source,
                }
                for k, d in self.blocked.items()
            },
            "no_connector": self.no_connector,
            "next_wakeup": self.next_wakeup,
        }


def _due(now: datetime) -> list[Any]:
    return [
        _A.state == "approved",
        or_(_A.mode != "assisted", _A.attempted_at.is_(None)),  # shown ones wait for the user
        or_(_A.not_before.is_(None), _A.not_before <= now),
        or_(_A.next_attempt_at.is_(None), _A.next_attempt_at <= now),
    ]


def backoff(
    attempts: int, base_s: float, max_s: float, now: datetime, retry_after: datetime | None
) -> datetime:
    """Exponential: base × 2^(attempts−1), at most ``max_s``, never before ``retry_after``."""
    at = now + timedelta(seconds=min(max_s, base_s * 2 ** max(0, attempts - 1)))
    return max(at, retry_after) if retry_after else at


def dispatch(
    engine: Engine,
    connectors: Mapping[str, Connector],
    governor: Governor,
    now: datetime,
    worker_id: str,
    *,
    max_actions: int | None = None,
    on_sent: Callable[[Action], None] | None = None,
    hints: dict[str, datetime] | None = None,
    ties: TieSettings | None = None,
) -> DispatchReport:
    """Send every due approved action the governor allows at ``now``, one claim at a time.

    Decisions are re-made from the ledger inside each claim's lock (``governor`` gives
    the policies), so any number of workers together stay within every window.
    ``hints`` (a long-running worker's memory of "platform.kind" → not before) skips
    groups known to be blocked without taking their lock; it only ever delays.
    ``ties`` (the workspace's ``[ties]``) weighs what is sent in the tie state.
    """
    rep = DispatchReport()
    pol = governor.policies
    done = 0
    while max_actions is None or done < max_actions:
        skip = [
            and_(_A.platform == p, _A.kind == k) for p, k in (g.split(".", 1) for g in rep.blocked)
        ]
        skip += [_A.platform == p for p in rep.no_connector]
        q = (
            select(_A.id, _A.platform, _A.kind, _A.person_id, _A.guard_reasons)
            .where(*_due(now), *(not_(s) for s in skip))
            .order_by(_A.approved_at, _A.id)
            .limit(_BATCH)
        )
        with engine.connect() as conn:
            rows = conn.execute(q).all()
        if not rows:
            break
        withdrawn = _withdraw_held(engine, rows, rep)
        for aid, platform, kind, _pid, _reasons in rows:
            group = f"{platform}.{kind}"
            if aid in withdrawn or group in rep.blocked or platform in rep.no_connector:
                continue
            if hints is not None and hints.get(group, now) > now:
                rep.blocked[group] = Decision(False, hints[group], rule="(remembered)")
                continue
            connector = connectors.get(platform)
            if connector is None:
                rep.no_connector.append(platform)
                continue
            crash_point("before_claim")
            res = claim(engine, pol, aid, now, worker_id)
            if res.decision is not None:
                rep.blocked[group] = res.decision
                if hints is not None and res.decision.not_before is not None:
                    hints[group] = res.decision.not_before
            if not res.claimed:
                continue
            crash_point("after_claim")
            _deliver(engine, connector, aid, now, governor, rep, on_sent, ties)
            done += 1
            if max_actions is not None and done >= max_actions:
                break
    rep.next_wakeup = _next_wakeup(engine, now, rep)
    return rep


def _withdraw_held(
    engine: Engine, rows: Sequence[Row[int, str, str, int | None, list[Any]]], rep: DispatchReport
) -> set[int]:
    """Take back the approval of actions to people blocked or muted since it was given.

    Approval refuses such an action unless the user overrides (see
    :func:`warmly.outbox.service.approve_item`), but a block imported after
    the approval would otherwise go unseen until the message was out. The
    action returns to ``planned``, saying why, so ``warmly approve ID
    --override REASON`` can still send it. An approval that overrode this very
    block goes as approved; one overridden for something else (a near-copy)
    does not cover a block imported since.
    """
    from sqlalchemy.orm import Session

    from warmly.agenda.do_not_contact import do_not_contact, overridden_holds

    asked = {r.person_id for r in rows if r.person_id is not None}
    if not asked:
        return set()
    with Session(engine) as s, s.begin():
        held = do_not_contact(s, asked)
        out: set[int] = set()
        for r in rows:
            known = overridden_holds(r.guard_reasons or [])
            holds = [h for h in held.get(r.person_id, []) if h.why not in known]
            if not holds:
                continue
            why = (
                f"not sent: person {r.person_id} is {'; '.join(h.why for h in holds)} since it "
                f"was approved; `warmly approve {r.id} --override REASON` sends it anyway"
            )
            done = s.execute(
                update(Action)
                .where(_A.id == r.id, _A.state == "approved")
                .values(state="planned", approved_at=None, last_error=why)
            )
            if done.rowcount:  # type: ignore[attr-defined]
                rep.held.append((r.id, why))
                out.add(r.id)
    return out


def _deliver(
    engine: Engine,
    connector: Connector,
    aid: int,
    now: datetime,
    governor: Governor,
    rep: DispatchReport,
    on_sent: Callable[[Action], None] | None,
    ties: TieSettings | None = None,
) -> None:
    from sqlalchemy.orm import Session

    from warmly.outbox.approve import record_interaction

    with Session(engine, expire_on_commit=False) as s:
        a = s.get_one(Action, aid)
        msg = Outgoing(
            key=a.key,
            platform=a.platform,
            kind=a.kind,
            recipient=a.recipient,
            text=a.text or "",
            subject=a.subject,
            in_reply_to=a.in_reply_to,
        )
        try:
            result = connector.send(msg)
        except TransientError as exc:
            wait = exc.retry_after or (exc.rate_limit.reset_at if exc.rate_limit else None)
            _rate_limited(s, a, now, wait)
            retry = governor.policies.retry
            if a.attempts >= retry.max_attempts:
                a.state, a.last_error = "failed", f"gave up after {a.attempts} attempts: {exc}"
                rep.failed.append((aid, a.last_error))
            else:
                a.state, a.last_error = "approved", str(exc)
                a.next_attempt_at = backoff(a.attempts, retry.base_s, retry.max_s, now, wait)
                rep.retrying.append((aid, str(exc)))
            s.commit()
            return
        except PermanentError as exc:
            a.state, a.last_error = "failed", str(exc)
            rep.failed.append((aid, str(exc)))
            s.commit()
            return
        except Exception as exc:  # unknown outcome: it may be out, so never resend blindly
            why = str(exc) if isinstance(exc, UncertainError) else repr(exc)
            a.last_error = f"unknown outcome: {why}"
            rep.uncertain.append((aid, a.last_error))
            s.commit()
            return
        crash_point("after_send")
        if isinstance(result, Assisted):
            # The connector may assist where policy allowed auto (no credentials yet):
            # the action then waits for the user like any assisted one: approved and
            # shown, not left `sending`, which recover() would call an unknown outcome.
            a.state, a.mode, a.link = "approved", "assisted", result.link or a.link
            rep.assisted.append((aid, a.link or "", result.text))
            if result.why:
                rep.assisted_why[aid] = result.why
        elif isinstance(result, Sent):
            a.state, a.sent_at, a.remote_id = "sent", now, result.remote_id
            rl = result.rate_limit
            if rl is not None and rl.remaining == 0 and rl.reset_at is not None:
                _rate_limited(s, a, now, rl.reset_at)
            record_interaction(s, a, a.attempted_at or now, ties)
            rep.sent.append(aid)
        s.commit()
        crash_point("after_mark_sent")
        if on_sent is not None and a.state == "sent":
            on_sent(a)


def _rate_limited(s: Any, a: Action, now: datetime, until: datetime | None) -> None:
    """Record a platform's "wait until" so the governor (every worker) honours it."""
    if until is not None and until > now:
        s.add(
            PlatformSignal(
                platform=a.platform,
                kind="rate_limited",
                at=now,
                until=until,
                action_id=a.id,
                details={"kind": a.kind},
            )
        )


def _next_wakeup(engine: Engine, now: datetime, rep: DispatchReport) -> datetime | None:
    times = [d.not_before for d in rep.blocked.values() if d.not_before is not None]
    later = func.min(func.coalesce(_A.next_attempt_at, _A.not_before))
    q = select(later).where(
        _A.state == "approved", or_(_A.next_attempt_at > now, _A.not_before > now)
    )
    with engine.connect() as conn:
        t = conn.execute(q).scalar()
    if t is not None:
        times.append(t if t.tzinfo else t.replace(tzinfo=now.tzinfo))
    return min(times) if times else None


def recover(
    engine: Engine,
    connectors: Mapping[str, Connector],
    now: datetime,
    older_than: timedelta = timedelta(minutes=10),
    ties: TieSettings | None = None,
) -> DispatchReport:
    """Resolve actions stuck in ``sending`` (a crash between claim and result).

    Only rows attempted more than ``older_than`` ago are touched, so a live worker's
    in-flight send is left alone.
    """
    rep = DispatchReport()
    q = select(_A.id, _A.platform, _A.key).where(
        _A.state == "sending", _A.attempted_at <= now - older_than
    )
    with engine.connect() as conn:
        stuck = conn.execute(q).all()
    for aid, platform, key in stuck:
        probe = getattr(connectors.get(platform), "was_sent", None)
        known: bool | None = probe(key) if callable(probe) else None
        if known is None:
            rep.uncertain.append(
                (
                    aid,
                    "unknown whether it was delivered: `warmly send --confirm ID` or `--retry ID`",
                )
            )
            continue
        from sqlalchemy.orm import Session

        from warmly.outbox.approve import record_interaction

        with Session(engine) as s, s.begin():
            a = s.get_one(Action, aid, with_for_update=True)
            if a.state != "sending":
                continue
            if known:
                a.state, a.sent_at = "sent", now
                record_interaction(s, a, a.attempted_at or now, ties)
                rep.sent.append(aid)
            else:
                a.state, a.claimed_by = "approved", None
                rep.retrying.append((aid, "not delivered; requeued"))
    return rep
