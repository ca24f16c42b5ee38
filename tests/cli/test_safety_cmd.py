"""``warmly simulate`` (and the other safety commands) as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import one_line_error, run


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--profile", "unknown profile 'bogus'; choose one of eager, normal"),
        ("--runner", "unknown runner 'bogus'; choose one of fast, outbox"),
    ],
)
def test_simulate_with_an_unknown_choice_is_one_line(tmp_path: Path, option, message):
    r = run(tmp_path / "home", "simulate", "--days", "1", option, "bogus")
    assert r.returncode == 1
    assert one_line_error(r) == f"warmly: {message}"
    assert r.stdout == ""
