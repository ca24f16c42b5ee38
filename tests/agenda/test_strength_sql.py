"""The SQL strength expression equals the Python engine on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from warmly.agenda.people import top_by_strength
from warmly.engine.strength import StrengthConfig, strength
from warmly.ledger.scores import refresh_scores
from warmly.ledger.strength_sql import strength_expr
from warmly.ledger.tiestate import Tie, decay_rate
from warmly.store.models import Person, TieState

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def random_tie(rng: random.Random) -> Tie:
    t = Tie()
    lam = decay_rate(90)
    for _ in range(rng.choice([0, 1, 2, 5, 30])):
        at = NOW - timedelta(days=rng.uniform(0, 2000))
        t.add(
            at,
            rng.choice(["in", "out"]),
            rng.choice([0.1, 0.5, 1.0]),
            rng.randrange(60),
            rng.choice(["linkedin", "x", "email", "mastodon", "offline"]),
            lam,
        )
    if rng.random() < 0.2 and t.last_at is not None:  # only one direction ever
        t.n_out, t.words_out, t.decay_out = 0, 0, 0.0
    return t


def test_sql_strength_matches_the_engine(workspace):
    rng = random.Random(5)
    cfg = StrengthConfig()
    ties = {i: random_tie(rng) for i in range(1, 301)}
    with workspace.sessions.begin() as s:
        s.execute(
            insert(Person),
            [
                {
                    "id": i,
                    "display_name": f"P{i}",
                    "name_key": f"p{i}",
                    "is_owner": False,
                    "created_at": NOW,
                }
                for i in ties
            ],
        )
        s.execute(insert(TieState), [{"person_id": i, **t.as_row()} for i, t in ties.items()])
        # scored a year ago, as if nothing had happened since: ranking must still be exact
        refresh_scores(s, workspace.settings, NOW - timedelta(days=365))
    with workspace.sessions() as s:
        expr = strength_expr(NOW, cfg, s.get_bind().dialect)
        got = dict(s.execute(select(TieState.person_id, expr)).all())
        top = top_by_strength(s, NOW, cfg, 20)
    for i, t in ties.items():
        assert abs(got[i] - strength(t, NOW, cfg).score) < 1e-9, i
    want = sorted(ties, key=lambda i: (-strength(ties[i], NOW, cfg).score, i))[:20]
    assert [round(strength(ties[i], NOW, cfg).score, 9) for i in top] == [
        round(strength(ties[i], NOW, cfg).score, 9) for i in want
    ]
