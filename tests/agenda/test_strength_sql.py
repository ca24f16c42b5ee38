"""The SQL strength expression equals the Python engine on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
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
    elif rng.random() < 0.2 and t.last_at is not None:  # a fan who likes everything
        t.n_in += rng.randrange(500)  # past long_run_balance × the answers
    return t


# The defaults, and the long-run term alone with other scales, so that its floor
# and balance cap are checked on their own as well as inside the sum.
LONG_RUN_ONLY = StrengthConfig(
    w_recency=0.0,
    w_frequency=0.0,
    w_reciprocity=0.0,
    w_duration=0.0,
    w_multiplexity=0.0,
    w_intensity=0.0,
    w_long_run=1.0,
    long_run_half_point=7.5,
    long_run_floor_days=200.0,
    long_run_balance=1.5,
)


@pytest.mark.parametrize("cfg", [StrengthConfig(), LONG_RUN_ONLY], ids=["defaults", "long-run"])
def test_sql_strength_matches_the_engine(workspace, cfg):
    rng = random.Random(5)
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
    # the cases the long-run term branches on all occur
    assert any(
        t.first_at is not None and NOW - t.first_at < timedelta(days=200) for t in ties.values()
    )
    assert any(max(t.n_in, t.n_out) > 2 * min(t.n_in, t.n_out) > 0 for t in ties.values())
    if cfg != StrengthConfig():
        return  # the stored scores were refreshed with the defaults: ranking checked there
    want = sorted(ties, key=lambda i: (-strength(ties[i], NOW, cfg).score, i))[:20]
    assert [round(strength(ties[i], NOW, cfg).score, 9) for i in top] == [
        round(strength(ties[i], NOW, cfg).score, 9) for i in want
    ]


def test_scores_made_with_other_weights_are_recomputed_before_ranking(workspace):
    from tests.conftest import write_config
    from warmly.ledger.scores import ensure_current

    rng = random.Random(9)
    ties = {i: random_tie(rng) for i in range(1, 41)}
    with workspace.sessions.begin() as s:
        s.execute(
            insert(Person),
            [
                {"id": i, "display_name": f"P{i}", "name_key": f"p{i}", "created_at": NOW}
                for i in ties
            ],
        )
        s.execute(insert(TieState), [{"person_id": i, **t.as_row()} for i, t in ties.items()])
        refresh_scores(s, workspace.settings, NOW, person_ids=[1, 2])  # in part: not versioned
        assert ensure_current(s, workspace.settings, NOW)  # so everyone is scored once
        assert not ensure_current(s, workspace.settings, NOW)  # and then left alone
        scored = dict(s.execute(select(TieState.person_id, TieState.score)).all())
    assert all(v is not None for v in scored.values())

    write_config(workspace, "[strength]\nw_recency = 3.0\nw_long_run = 0.0\n")
    with workspace.sessions.begin() as s:
        assert ensure_current(s, workspace.settings, NOW)
        rescored = dict(s.execute(select(TieState.person_id, TieState.score)).all())
    cfg = StrengthConfig(w_recency=3.0, w_long_run=0.0)
    for i, t in ties.items():
        assert abs(rescored[i] - strength(t, NOW, cfg).score) < 1e-9
    assert rescored != scored
