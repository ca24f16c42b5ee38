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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dry-run", "--retry", "1"), "--dry-run changes nothing"),
        (("--confirm", "1", "--retry", "2"), "give one of --confirm ID, --retry ID or --cancel ID"),
        (("--dry-run", "--cancel", "1"), "--dry-run changes nothing"),
    ],
)
def test_send_refuses_options_that_contradict(tmp_path: Path, args, message) -> None:
    r = run(tmp_path / "home", "send", *args)
    assert r.returncode == 2
    assert one_line_error(r).startswith(f"warmly: {message}")


def _approved(
    workspace, platform: str, kind: str, person: str, recipient: str, *texts: str, **fields: str
) -> None:
    """Approved actions to a new ``person``, one per text, in order, any hour of the day."""
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from tests.conftest import write_config
    from warmly.outbox import approve, create_action
    from warmly.pacing.policy import policies_for
    from warmly.store.models import Person

    write_config(workspace, f'[pacing.{platform}]\nworking_hours = ""\n')
    pol = policies_for(workspace.settings)
    now = datetime.now(UTC)
    with Session(workspace.engine) as s, s.begin():
        p = Person(display_name=person, created_at=now)
        s.add(p)
        s.flush()
        for n, text in enumerate(texts, 1):
            a = create_action(s, key=f"k{n}", platform=platform, kind=kind, now=now,
                              policies=pol, person_id=p.id, recipient=recipient, text=text,
                              **fields)  # fmt: skip
            # A second message to one person waits for the first: said so, as the user would.
            approve(
                s, a, policies=pol, now=now, override_reason="a second message" if n > 1 else None
            )


def test_send_prints_an_assisted_action_and_what_waits_in_plain_text(workspace) -> None:
    from tests.cli.helpers import invoke

    _approved(workspace, "linkedin", "message", "Ada", "ada-l",
              "Hi Ada, the [draft] is [mine]", "Hi Ada, later")  # fmt: skip
    r = invoke(workspace, "send")
    assert r.exit_code == 0, r.output
    assert "[bold]" not in r.output and "action 1: do it here: https://" in r.output
    assert "Hi Ada, the [draft] is [mine]" in r.output  # the draft's brackets are text
    assert "action 1 (linkedin message) waits for you: do it, then --confirm ID" in r.output
    assert "action 2 (linkedin message) waits for pacing: linkedin.message.spacing" in r.output


def test_an_assisted_link_is_printed_on_one_line_to_click_or_copy(workspace) -> None:
    from tests.cli.helpers import invoke

    text = "Hi Pooja, the Data Engineer role is still open and fits you; shall we talk Thursday"
    _approved(workspace, "email", "email", "Pooja", "pooja.andersson@gmx.example", text,
              subject="Re: Data Engineer role")  # fmt: skip
    r = invoke(workspace, "send")
    assert r.exit_code == 0, r.output
    (link,) = [line for line in r.output.splitlines() if line.startswith("action 1: do it here:")]
    assert link.startswith("action 1: do it here: mailto:pooja.andersson@gmx.example")
    assert link.endswith("Thursday"), r.output


def test_limits_wrap_rather_than_cut_the_rule_and_its_source(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "COLUMNS": "80"}
    r = subprocess.run(
        [sys.executable, "-m", "warmly", "limits", "--home", str(home)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    assert "…" not in r.stdout and "policies.t" in r.stdout


def test_json_times_are_iso_8601(tmp_path: Path) -> None:
    import json
    from datetime import datetime

    r = run(tmp_path / "home", "limits", "--json")
    assert r.returncode == 0, r.stderr
    times = [row["next_safe"] for row in json.loads(r.stdout) if row.get("next_safe")]
    assert times and all("T" in t and datetime.fromisoformat(t).tzinfo for t in times)


def test_send_says_why_an_action_is_assisted_and_what_would_make_it_automatic(
    workspace,
) -> None:
    import json

    from tests.cli.helpers import invoke

    _approved(workspace, "email", "email", "Pooja", "p@example.org", "Hi Pooja")
    dry = " ".join(invoke(workspace, "send", "--dry-run").output.split())
    assert "now, by you (assisted: no [connectors.smtp] in warmly.toml" in dry
    r = invoke(workspace, "send")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.output.split())
    assert "action 1 is assisted: no [connectors.smtp] in warmly.toml" in flat, r.output
    assert "docs/configuration.md" in flat
    # A later run no longer shows the link, but still says why it waits for the user.
    later = json.loads(invoke(workspace, "send", "--json").output)
    (row,) = later["pending"]
    assert "no [connectors.smtp] in warmly.toml" in row["assisted_why"]


def test_send_says_which_approval_it_took_back_for_a_block(workspace) -> None:
    from tests.cli.helpers import invoke
    from warmly.store.models import Tag

    _approved(workspace, "linkedin", "message", "Ada", "ada-l", "Hi Ada, about Thursday")
    with workspace.sessions.begin() as s:
        s.add(Tag(person_id=1, tag="x:blocked"))
    r = invoke(workspace, "send")
    assert r.exit_code == 0, r.output
    assert "action 1 not sent: person 1 is blocked on X since it was approved" in r.output
    assert "Nothing to send" not in r.output


def test_send_cancel_takes_back_an_approved_action(workspace) -> None:
    from tests.cli.helpers import invoke

    _approved(workspace, "email", "email", "Pooja", "pooja@example.org", "Hi Pooja, one question")
    r = invoke(workspace, "send", "--cancel", "1")
    assert r.exit_code == 0, r.output
    assert "action 1 is now cancelled" in r.output
    again = invoke(workspace, "send", "--dry-run")
    assert "no approved action is waiting" in again.output


def test_an_action_waiting_for_its_time_already_says_it_will_be_assisted(workspace) -> None:
    """`send --json` and `send --dry-run --json` agree: an email with no SMTP connector
    waiting for pacing will be shown to you, and no connector sends it."""
    import json

    from tests.cli.helpers import invoke

    _approved(workspace, "linkedin", "message", "Ada", "ada-l", "Hi Ada", "Hi Ada, later")
    dry = json.loads(invoke(workspace, "send", "--dry-run", "--json").output)
    assert [(w["connector"], bool(w["assisted_why"])) for w in dry["would"]] == [(False, True)] * 2
    sent = json.loads(invoke(workspace, "send", "--json").output)
    waiting = [p for p in sent["pending"] if p["waiting_for"].startswith("pacing")]
    assert waiting and all(p["assisted_why"] for p in waiting)
