"""Where one person stands: strength term by term, circle, keep-in-touch clock, and
whether plans leave them out (blocked or muted)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.agenda.configs import engine_configs
from warmly.agenda.do_not_contact import do_not_contact, strongest_reachable
from warmly.agenda.inputs import circle_placements
from warmly.agenda.people import load_known
from warmly.store.models_agenda import Pin
from warmly.workspace import Workspace


def standing(
    ws: Workspace, s: Session, person_id: int, now: datetime | None = None
) -> dict[str, Any]:
    """The strength score with its terms, the circle placement with its reasons, and
    the blocks and mutes that keep the person out of every plan (``do_not_contact``)."""
    now = now or datetime.now(UTC)
    cfg = engine_configs(ws.settings)
    # Circles as the plan draws them: without the people it leaves out.
    top = strongest_reachable(s, now, cfg.strength, max(cfg.circles.sizes))
    mine = do_not_contact(s, [person_id]).get(person_id, [])
    dnc = [{"tag": h.tag, "platform": h.platform, "what": h.what, "why": h.why} for h in mine]
    known = load_known(s, now, cfg.strength, {person_id, *top})
    k = known.get(person_id)
    if k is None:
        return {"strength": None, "circle": None, "do_not_contact": dnc}
    placements = {p.person_id: p for p in circle_placements(s, known, now, cfg.circles)}
    p = placements[person_id]
    pinned = s.scalar(select(Pin.layer).where(Pin.person_id == person_id))
    return {
        "strength": {
            "score": round(k.strength.score, 4),
            "terms": [
                {"name": t.name, "value": round(t.value, 4), "weight": t.weight, "detail": t.detail}
                for t in k.strength.terms
            ],
            "explain": k.strength.explain(),
        },
        "circle": {
            **{key: v for key, v in asdict(p).items() if key not in ("due_at", "reasons")},
            "due_at": p.due_at.isoformat() if p.due_at else None,
            "reasons": list(p.reasons),
            "pinned_layer": pinned,
        },
        "do_not_contact": dnc,
    }
