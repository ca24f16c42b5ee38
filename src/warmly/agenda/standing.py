"""Where one person stands: strength term by term, circle and keep-in-touch clock."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.agenda.configs import engine_configs
from warmly.agenda.inputs import circle_placements
from warmly.agenda.people import load_known, top_by_strength
from warmly.store.models_agenda import Pin
from warmly.workspace import Workspace


def standing(
    ws: Workspace, s: Session, person_id: int, now: datetime | None = None
) -> dict[str, Any]:
    """The strength score with its terms, and the circle placement with its reasons."""
    now = now or datetime.now(UTC)
    cfg = engine_configs(ws.settings)
    top = top_by_strength(s, now, cfg.strength, max(cfg.circles.sizes))
    known = load_known(s, now, cfg.strength, {person_id, *top})
    k = known.get(person_id)
    if k is None:
        return {"strength": None, "circle": None}
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
    }
