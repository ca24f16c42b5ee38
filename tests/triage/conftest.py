"""A recruiter's profile, as the triage tests need it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warmly.triage import InboundMessage, SpecialtyProfile, build_profile

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def profile() -> SpecialtyProfile:
    return build_profile(
        specialties=[
            "Python backend engineers",
            "data engineering",
            "engineering managers in fintech",
            "Berlin and remote EU",
        ],
        skills=["Technical Recruiting", "Python (Programming Language)", "Data Engineering"],
        headline="Tech Recruiter | Python backend · Data engineering · Fintech EMs | Berlin",
        summary="I place engineers with fintech startups. I do not recruit for sales, "
        "marketing, healthcare or non-tech roles.",
    )


def msg(text: str, i: int = 1, name: str = "Priya Natarajan", **kw: object) -> InboundMessage:
    return InboundMessage(id=i, person_id=i, sender_name=name, text=text, received_at=NOW, **kw)  # type: ignore[arg-type]
