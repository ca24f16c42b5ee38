"""``warmly plan``: its options are checked before anything is planned."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import invoke


@pytest.mark.parametrize("minutes", ["-5", "0", "1441"])
def test_plan_refuses_a_budget_outside_a_day(workspace, minutes):
    r = invoke(workspace, "plan", "--minutes", minutes)
    assert r.exit_code == 2
    assert "--minutes" in r.output


def test_plan_takes_a_budget_within_a_day(workspace):
    r = invoke(workspace, "plan", "--minutes", "15", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["minutes_budget"] == 15
