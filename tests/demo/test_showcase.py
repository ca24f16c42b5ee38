"""What `warmly demo` shows first: a useful agenda and the guard catching the user's own merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmly.demo.run import DemoResult, run_demo


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    home: Path = tmp_path_factory.mktemp("demo-showcase") / "ws"
    return run_demo(home, 7)


def test_the_agenda_has_actions_with_reasons_and_drafts(result: DemoResult) -> None:
    plan = result.showcase.plan
    assert plan.items
    assert all(i.why and i.draft for i in plan.items)
    assert plan.minutes_planned <= plan.minutes_budget


def test_the_guard_catches_a_copy_of_the_users_own_mail_merge(result: DemoResult) -> None:
    by_title = {g.title: g for g in result.showcase.guard}
    merged = by_title["a mail-merged copy of a recent message"]
    assert merged.verdict in ("template", "duplicate")
    assert any("4 other people" in r for r in merged.reasons)
    assert by_title["a would-fit-anyone opener"].verdict == "generic"
