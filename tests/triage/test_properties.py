"""Properties: triage is deterministic and order-independent; every draft names the sender."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warmly.triage import InboundMessage, InMemoryMassMailOracle, SpecialtyProfile, TieInfo, triage
from warmly.triage.text import first_name

PARTS = [
    "Hi Jordan,",
    "I'm a Python backend engineer.",
    "What roles do you recruit for?",
    "Do you hire nurses in Oslo?",
    "Hello %FIRSTNAME%, free demo!",
    "Thanks!",
    "Could you call me tomorrow?",
    "Data engineer, dbt and Airflow.",
    "Are you hiring?",
    "Looking for a sales job.",
    "Great to see you last week.",
    "EM in payments here.",
]
NAMES = st.sampled_from(["Ana Lima", "Dr. Mei Chen", "Bo", "José Álvarez", "Kwame O. Mensah"])
MESSAGES = st.lists(
    st.tuples(st.lists(st.sampled_from(PARTS), min_size=1, max_size=4), NAMES, st.floats(0, 1)),
    min_size=1,
    max_size=8,
)


def _batch(
    raw: list[tuple[list[str], str, float]],
) -> tuple[list[InboundMessage], dict[int, TieInfo]]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    msgs = [
        InboundMessage(i, i, name, " ".join(parts), now) for i, (parts, name, _) in enumerate(raw)
    ]
    ties = {i: TieInfo(strength=s) for i, (_, _, s) in enumerate(raw)}
    return msgs, ties


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=MESSAGES, data=st.data())
def test_deterministic_and_order_independent(
    profile: SpecialtyProfile, raw: list[tuple[list[str], str, float]], data: st.DataObject
) -> None:
    msgs, ties = _batch(raw)
    shuffled = data.draw(st.permutations(msgs))

    def run(batch: list[InboundMessage]) -> dict[int, object]:
        oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in batch)
        return {r.message_id: r for r in triage(batch, profile, ties, oracle)}  # type: ignore[misc]

    assert run(msgs) == run(list(shuffled)) == run(msgs)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=MESSAGES)
def test_every_draft_names_the_sender(
    profile: SpecialtyProfile, raw: list[tuple[list[str], str, float]]
) -> None:
    msgs, ties = _batch(raw)
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    for m, r in zip(msgs, triage(msgs, profile, ties, oracle), strict=True):
        assert first_name(m.sender_name) in r.draft
        assert r.label == r.labels[0]
