"""``warmly triage`` on the ledger: label every unanswered inbound message.

Reads the inbound messages nobody answered yet, the user's specialties
(``warmly.toml`` plus LinkedIn profile facts), how close each sender is, and
the user's own sent messages (for their voice); the pure engine in
:mod:`warmly.triage.label` does the labelling.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.agenda.configs import engine_configs
from warmly.agenda.do_not_contact import do_not_contact, strongest_reachable
from warmly.agenda.people import load_known
from warmly.engine.circles import CircleInput, assign_layers
from warmly.store.models import Interaction, Person, ProfileFact
from warmly.triage.label import triage
from warmly.triage.lexicon import Lexicon
from warmly.triage.massmail import MassMailOracle
from warmly.triage.profile import SpecialtyProfile, build_profile
from warmly.triage.templates import default_templates, load_templates
from warmly.triage.types import InboundMessage, TieInfo, TriageConfig
from warmly.triage.voice import learn_style
from warmly.workspace import TEMPLATES_FILE, Workspace

WINDOW_DAYS = 60  # older unanswered messages are history, not a to-do


@dataclass
class TriageRun:
    items: list[dict[str, Any]] = field(default_factory=list)
    nothing_to_do: int = 0  # thank-yous and the like: no answer needed
    held: int = 0  # from people the user blocked or muted: not triaged


def specialty_profile(
    s: Session, ws: Workspace, cfg: TriageConfig | None = None
) -> SpecialtyProfile:
    """The user's profile, shaped by ``[triage]`` (``cfg``; read from ``ws`` when None)."""
    cfg = cfg or TriageConfig.from_mapping(ws.settings.triage)
    facts: dict[str, list[str]] = {}
    for kind, value in s.execute(select(ProfileFact.kind, ProfileFact.value)):
        facts.setdefault(kind, []).append(value)
    return build_profile(
        ws.settings.profile.specialties,
        skills=facts.get("specialty", ()),
        headline=" ".join(facts.get("headline", [])),
        summary=" ".join(facts.get("summary", [])),
        not_doing=cfg.not_doing,
        lexicon=Lexicon.default(cfg.implied_terms()) if cfg.extra_synonyms else None,
        skill_factor=cfg.skill_factor,
        modifier_bonus=cfg.modifier_bonus,
    )


def unanswered_inbound(s: Session, now: datetime, days: int = WINDOW_DAYS) -> list[InboundMessage]:
    """Inbound messages with no outgoing message to that person after them."""
    since = now - timedelta(days=days)
    last_out = dict(
        s.execute(
            select(Interaction.person_id, Interaction.occurred_at)
            .where(Interaction.direction == "out", Interaction.occurred_at >= since)
            .order_by(Interaction.occurred_at)
        ).all()
    )
    q = (
        select(
            Interaction.id,
            Interaction.person_id,
            Person.display_name,
            Interaction.text,
            Interaction.occurred_at,
            Interaction.platform,
            Interaction.subject,
            Interaction.tags,
        )
        .join(Person, Person.id == Interaction.person_id)
        .where(
            Interaction.direction == "in",
            Interaction.kind.in_(("message", "email")),
            Interaction.occurred_at >= since,
            Interaction.occurred_at <= now,
            Person.is_owner.is_(False),
        )
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    out = []
    for iid, pid, name, text, at, platform, subject, tags in s.execute(q):
        answered = last_out.get(pid)
        if answered is not None and answered >= at:
            continue
        out.append(
            InboundMessage(
                iid,
                pid,
                name,
                text or "",
                at,
                platform,
                subject,
                tuple(tags.split(",")) if tags else (),
            )
        )
    return out


def sent_texts(s: Session, limit: int = 500) -> list[str]:
    q = (
        select(Interaction.text)
        .where(
            Interaction.direction == "out",
            Interaction.kind.in_(("message", "email")),
            Interaction.text.is_not(None),
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(limit)
    )
    return [t for t in s.scalars(q) if t]


def run_triage(
    ws: Workspace,
    now: datetime | None = None,
    oracle_factory: Callable[[list[InboundMessage]], MassMailOracle] | None = None,
) -> TriageRun:
    """Label every unanswered inbound message, with reasons and a draft reply."""
    now = now or datetime.now(UTC)
    cfg = engine_configs(ws.settings)
    tcfg = TriageConfig.from_mapping(ws.settings.triage)
    path = ws.home / TEMPLATES_FILE
    templates = load_templates(path, default_templates()) if path.exists() else default_templates()
    if oracle_factory is None:
        # The guard's MinHash index over every message received in the window: mass mail
        # is found across answered mail too, not only among this batch.
        from warmly.guard.service import sync_index

        sync_index(ws, now)
    with ws.sessions() as s:
        messages = unanswered_inbound(s, now)
        profile = specialty_profile(s, ws, tcfg)
        # Only the senders' ties are needed; the circles come from the strongest
        # people as ranked in SQL (see warmly.agenda.people).
        top = strongest_reachable(s, now, cfg.strength, max(cfg.circles.sizes))
        senders = {cast(int, m.person_id) for m in messages}  # ledger ids are ints
        # A block or a mute says "not from them": no label, no draft, no circle
        # place (as `warmly plan` leaves them out).
        held = do_not_contact(s, senders).keys()  # `top` is free of them already
        kept = [m for m in messages if m.person_id not in held]
        n_held, messages = len(messages) - len(kept), kept
        known = load_known(s, now, cfg.strength, (senders - held) | set(top))
        layers = assign_layers(
            [CircleInput(k.id, k.strength.score, k.tie.last_at) for k in known.values()],
            cfg.circles,
        )
        ties: dict[Hashable, TieInfo] = {
            pid: TieInfo(k.strength.score, layers.get(pid)) for pid, k in known.items()
        }
        style = learn_style(sent_texts(s))
        if oracle_factory is not None:
            oracle = oracle_factory(messages)
        else:
            from warmly.guard.service import mass_mail_oracle

            oracle = mass_mail_oracle(ws, s, now)
        results = triage(
            messages,
            profile,
            ties,
            oracle,
            tcfg,
            style,
            templates,
            my_name=ws.settings.profile.name,
        )
    by_id = {m.id: m for m in messages}
    run = TriageRun(held=n_held)
    for r in results:
        if r.label == "fyi":
            run.nothing_to_do += 1
            continue
        m = by_id[r.message_id]
        run.items.append(
            r.to_json(m.text, {"id": m.person_id, "name": m.sender_name, "platform": m.platform})
        )
    return run
