"""``warmly plan`` and ``log``: options checked, and mistakes answered in one line."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import invoke
from tests.conftest import write_config
from warmly.errors import WarmlyError


@pytest.mark.parametrize("minutes", ["-5", "0", "1441"])
def test_plan_refuses_a_budget_outside_a_day(workspace, minutes):
    r = invoke(workspace, "plan", "--minutes", minutes)
    assert r.exit_code == 2
    assert "--minutes" in r.output


def test_plan_takes_a_budget_within_a_day(workspace):
    r = invoke(workspace, "plan", "--minutes", "15", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["minutes_budget"] == 15


def test_plan_to_an_unwritable_calendar_is_one_clean_error(workspace, tmp_path):
    r = invoke(workspace, "plan", "--ics", str(tmp_path))  # a directory
    assert r.exit_code == 1
    assert isinstance(r.exception, WarmlyError) and "--ics" in str(r.exception)
    r = invoke(workspace, "plan", "--ics", str(tmp_path / "missing" / "day.ics"))
    assert isinstance(r.exception, WarmlyError) and "missing" in str(r.exception)


def test_plan_writes_the_calendar(workspace, tmp_path):
    r = invoke(workspace, "plan", "--ics", str(tmp_path / "day.ics"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "day.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_plan_says_which_date_format_it_takes(workspace):
    r = invoke(workspace, "plan", "--date", "08.12.2026")
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Mira Solberg\nEMAIL:mira@solberg.example\nEND:VCARD\n"


def test_log_reads_a_time_without_offset_in_the_profile_timezone(workspace, tmp_path):
    write_config(workspace, '[profile]\ntimezone = "America/New_York"\n')
    (tmp_path / "c.vcf").write_text(CARD)
    assert invoke(workspace, "import", str(tmp_path / "c.vcf")).exit_code == 0
    r = invoke(workspace, "log", "Mira Solberg", "--at", "2026-03-09T14:30")
    assert r.exit_code == 0, r.output
    assert "2026-03-09 14:30 EDT" in r.output
    r = invoke(workspace, "log", "Mira Solberg", "--at", "2999-01-01")
    assert isinstance(r.exception, WarmlyError) and "future" in str(r.exception)
    r = invoke(workspace, "log", "Mira Solberg", "--at", "yesterday")
    assert r.exit_code == 2 and "--at" in r.output


def test_plan_prints_only_the_calendar_with_ics_dash(workspace, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke(workspace, "plan", "--ics", "-")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("BEGIN:VCALENDAR") and r.stdout.rstrip().endswith("END:VCALENDAR")
    assert not (tmp_path / "-").exists()
    r = invoke(workspace, "plan", "--ics", "-", "--json")
    assert r.exit_code == 2 and "stdout" in r.output


def test_why_lines_wrap_under_their_text_and_email_is_not_email_on_email():
    from warmly.cli.common import action_on, hanging, out

    assert action_on("email", "email") == "email"
    assert action_on("message", "linkedin") == "message on linkedin"
    why = "Nikolai Tran wrote to you on email 6 days ago about Saturday? " * 3
    lines = hanging("        why:   ", why).splitlines()
    assert len(lines) > 1 and all(len(line) <= max(out.width, 40) for line in lines)
    assert all(line.startswith(" " * 15) and line[15] != " " for line in lines[1:])
