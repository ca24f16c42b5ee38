"""The user's side of the outbox: create, approve (through the guard), confirm, cancel.

States: planned → approved → sending → sent | failed | cancelled. Every action has an
idempotency ``key`` (unique), so creating the same action twice gives one row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warmly.config.settings import TieSettings, load_settings
from warmly.errors import NotFoundError, WarmlyError
from warmly.ledger.manual import close_done
from warmly.ledger.manual import record_interaction as record_manual
from warmly.pacing.policy import Policies
from warmly.store.models import Identity, Interaction
from warmly.store.models_agenda import AgendaItem
from warmly.store.models_outbox import Action

Guard = Callable[[Action], tuple[str, list[str]]]
# Verdicts that refuse approval; anything else ("ok", "warn", ...) lets it through.
# The guard's failing verdicts (warmly.guard): anything but "ok" needs an override.
FAILING_VERDICTS = frozenset(
    {
        "duplicate",
        "templated",
        "rule",
        "generic",
        "block",
        "blocked",
        "fail",
        "refuse",
        "reject",
        "queued",  # another action to the same person is approved and not sent yet
    }
)
QUEUED_STATES = ("approved", "sending")  # approved, not yet sent (nor given up)
_INTERACTION_KIND = {"invite": "invitation", "thank": "message", "post": "post"}


class OutboxError(WarmlyError):
    """An outbox operation cannot be done as asked."""


class ApprovalRefused(OutboxError):
    """The guard (or a pacing rule) refused the action; ``reasons`` say why."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(message + (": " + "; ".join(reasons) if reasons else ""))
        self.reasons = reasons


def no_guard(action: Action) -> tuple[str, list[str]]:
    """The default guard until :mod:`warmly.guard` lands: everything passes."""
    return "ok", []


def create_action(
    session: Session,
    *,
    key: str,
    platform: str,
    kind: str,
    now: datetime,
    policies: Policies,
    **fields: Any,
) -> Action:
    """A ``planned`` action, or the existing one with the same idempotency key."""
    found = session.scalars(select(Action).where(Action.key == key)).first()
    if found is not None:
        return found
    plat = policies.platforms.get(platform)
    action = Action(
        key=key,
        platform=platform,
        kind=policies.kind(kind),
        state="planned",
        mode=plat.mode if plat else "auto",
        created_at=now,
        attempts=0,
        guard_reasons=[],
        **fields,
    )
    session.add(action)
    session.flush()
    return action


def queued_for(session: Session, action: Action) -> list[str]:
    """Why ``action`` would be a second message: the other actions to its person that
    are approved and not sent yet, each as a reason naming it."""
    if action.person_id is None:
        return []
    q = (
        select(Action)
        .where(
            Action.person_id == action.person_id,
            Action.id != action.id,
            Action.state.in_(QUEUED_STATES),
        )
        .order_by(Action.id)
    )
    return [
        f"action {a.id} to the same person ({a.platform} {a.kind}) is approved and not "
        f"sent yet: send it first, or cancel it (`warmly send --cancel {a.id}`)"
        for a in session.scalars(q)
    ]


def approve(
    session: Session,
    action: Action,
    *,
    policies: Policies,
    now: datetime,
    guard: Guard = no_guard,
    override_reason: str | None = None,
) -> Action:
    """planned → approved, after the guard; a failing verdict needs ``override_reason``.

    Raises :class:`ApprovalRefused` when the guard fails without an override, or when
    pacing says the action can never happen on that platform.
    """
    if action.state == "approved":
        return action
    if action.state != "planned":
        raise OutboxError(
            f"action {action.id} is {action.state}; only planned actions are approved"
        )
    pol = policies.action(action.platform, action.kind)
    if pol is None or not pol.allowed:
        why = pol.source if pol else f"no pacing policy for {action.platform}.{action.kind}"
        raise ApprovalRefused(f"{action.platform} cannot {action.kind}", [why])
    verdict, reasons = guard(action)
    queued = queued_for(session, action)
    if queued:
        # Never twice: a second message to someone who has one waiting to go out
        # (an answer approved yesterday, planned again today) needs the user's word.
        reasons = [*reasons, *queued]
        if verdict not in FAILING_VERDICTS:
            verdict = "queued"
    action.guard_verdict, action.guard_reasons = verdict, list(reasons)
    if verdict in FAILING_VERDICTS:
        if not override_reason:
            raise ApprovalRefused(
                f"guard says {verdict} for action {action.id} (give your own words with "
                "--text, or approve it as it is with --override REASON)",
                list(reasons),
            )
        action.override_reason = override_reason
    action.state, action.approved_at = "approved", now
    return action


def approve_ref(
    session: Session,
    ref: str,
    *,
    policies: Policies,
    now: datetime,
    guard: Guard = no_guard,
    override_reason: str | None = None,
    text: str | None = None,
) -> Action:
    """Approve an action id, or an agenda item id (creating its action if needed).

    ``text`` replaces the draft first (a starting draft's "[your answer]" is the user's
    to write); the guard then judges the new text.
    """
    action = session.get(Action, int(ref)) if ref.isdigit() else None
    if action is None:
        item = session.get(AgendaItem, ref)
        if item is None:
            raise NotFoundError(
                f"no action or agenda item {ref!r} (see `warmly plan` for today's item ids)"
            )
        action = action_for_item(session, item, policies=policies, now=now)
    if text is not None:
        revise(action, text)
    return approve(
        session, action, policies=policies, now=now, guard=guard, override_reason=override_reason
    )


def revise(action: Action, text: str) -> None:
    """Replace the draft of an action not yet on its way; it must pass the guard again."""
    if not text.strip():
        raise OutboxError(f"the new text for action {action.id} is empty")
    if text == action.text:
        return
    if action.state not in ("planned", "approved") or action.attempted_at is not None:
        shown = " and was already shown to you" if action.state == "approved" else ""
        raise OutboxError(f"action {action.id} is {action.state}{shown}; its text is final")
    action.text, action.state = text, "planned"


def action_for_item(
    session: Session, item: AgendaItem, *, policies: Policies, now: datetime
) -> Action:
    """The action behind an agenda item (one per item: the key is derived from its id)."""
    handle = session.scalars(
        select(Identity.handle).where(
            Identity.person_id == item.person_id, Identity.platform == item.platform
        )
    ).first()
    return create_action(
        session,
        key=f"agenda:{item.id}",
        platform=item.platform,
        kind=item.action,
        now=now,
        policies=policies,
        person_id=item.person_id,
        recipient=handle,
        text=item.draft,
        link=item.link,
        agenda_item_id=item.id,
        **_answering(session, item),
    )


def _answering(session: Session, item: AgendaItem) -> dict[str, str | None]:
    """``subject`` and ``in_reply_to`` of an email answer to the message the item is about.

    An answer with an empty subject, outside the thread it answers, reads as
    mail from a stranger.
    """
    ref = item.key.removeprefix("inbound:")
    if item.platform != "email" or ref == item.key or not ref.isdigit():
        return {}
    row = session.execute(
        select(Interaction.subject, Interaction.source_key).where(Interaction.id == int(ref))
    ).first()
    if row is None:
        return {}
    subject, key = row
    subject = (subject or "").strip()
    if subject and not _REPLY_RX.match(subject):
        subject = f"Re: {subject}"
    # "email:<Message-ID>"; mail that had none is keyed "email:sha1:<digest>"
    # (importers.email_message.fallback_key): no message to thread under.
    base = key.partition("|")[0]
    threaded = base.startswith("email:") and not base.startswith("email:sha1:")
    mid = base.removeprefix("email:") if threaded else None
    return {"subject": subject[:500] or None, "in_reply_to": mid[:300] if mid else None}


# "Re:", "RE:", "Aw:", "SV:"… already an answer: not "Re: Re:".
_REPLY_RX = re.compile(r"^(?:re|aw|sv|vs|antw|odp|r)\s*:", re.I)


def get_action(session: Session, action_id: int) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise NotFoundError(f"no action {action_id} (see `warmly send --dry-run`)")
    return action


@cache
def _default_ties() -> TieSettings:
    return load_settings(None).ties


def record_interaction(
    session: Session, action: Action, at: datetime, ties: TieSettings | None = None
) -> None:
    """The sent action as an outgoing interaction (idempotent by the action key).

    Like ``warmly done``, it folds into the tie state at once and closes the agenda
    item: the planner reads "answered" from the tie state, so without this the next
    plan would ask again for a reply that already went out.
    """
    if action.person_id is None:
        return
    iid = record_manual(
        session,
        person_id=action.person_id,
        platform=action.platform,
        kind=_INTERACTION_KIND.get(action.kind, action.kind),
        direction="out",
        at=at,
        source_key=f"outbox:{action.key}",
        ties=ties or _default_ties(),
        text=action.text,
    )
    if iid is not None and action.subject:
        session.execute(
            update(Interaction).where(Interaction.id == iid).values(subject=action.subject)
        )
    item = session.get(AgendaItem, action.agenda_item_id) if action.agenda_item_id else None
    if item is not None and item.status == "planned":
        close_done(session, item, at, by=f"sent (action {action.id})")


def confirm(
    session: Session,
    action_id: int,
    now: datetime,
    done_at: datetime | None = None,
    ties: TieSettings | None = None,
) -> Action:
    """The user did it (assisted) or says an uncertain send went out: → sent + interaction."""
    action = get_action(session, action_id)
    if action.state == "sent":
        return action
    if action.state not in ("approved", "sending"):
        raise OutboxError(f"action {action_id} is {action.state}; nothing to confirm")
    at = done_at or action.attempted_at or now
    action.state, action.sent_at, action.attempted_at = "sent", now, at
    record_interaction(session, action, at, ties)
    return action


def cancel(session: Session, action_id: int) -> Action:
    """Never send it. A ``sending`` action may already be out: confirm or retry those."""
    action = get_action(session, action_id)
    if action.state not in ("planned", "approved"):
        raise OutboxError(f"action {action_id} is {action.state}; it cannot be cancelled")
    action.state = "cancelled"
    return action


def retry(session: Session, action_id: int) -> Action:
    """The user checked: an uncertain ``sending`` action did NOT go out; queue it again."""
    action = get_action(session, action_id)
    if action.state != "sending":
        raise OutboxError(f"action {action_id} is {action.state}; only sending ones are retried")
    action.state, action.claimed_by = "approved", None
    return action
