"""The in-memory mass-mail oracle."""

from __future__ import annotations

from warmly.triage import InMemoryMassMailOracle, mask


def test_mask_hides_names_and_placeholders() -> None:
    assert mask("Hi %FIRSTNAME%, 20% off") == mask("Hi Jane, 30% off")


def test_exact_and_near_duplicates_count_senders() -> None:
    base = "we help teams like yours cut hiring time in half with our sourcing platform book a demo"
    oracle = InMemoryMassMailOracle.from_messages(
        [
            (1, "Hi Ann, " + base),
            (2, "Hello Bo, " + base),
            (3, "Hi Cy, " + base + " today"),
            (3, "Hi Cy, " + base),
            (4, "Totally different text about our coffee next week"),
        ]
    )
    assert oracle.senders_with_similar("Hi Di, " + base) == 3
    assert oracle.senders_with_similar("Can we move coffee?") == 0


def test_below_threshold_is_not_similar() -> None:
    oracle = InMemoryMassMailOracle.from_messages([(1, "one two three four five")])
    assert oracle.senders_with_similar("one two three six seven") == 0
