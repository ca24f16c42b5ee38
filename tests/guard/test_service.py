"""The guard on a small ledger built through the real import pipeline (both backends)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from tests.conftest import write_config
from warmly.cli import guard_cmd
from warmly.guard.service import (
    GuardError,
    check_draft,
    describe_matches,
    guard_for_outbox,
    mass_mail_oracle,
    normalise_kind,
    sync_index,
)
from warmly.guard.sync import IN_WINDOW_DAYS
from warmly.identity.merge import merge_people
from warmly.ledger.pipeline import import_path
from warmly.store.models import Person
from warmly.store.models_guard import GuardBand, GuardSignature
from warmly.store.models_outbox import Action
from warmly.triage import inbox

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
PROFILE = '[profile]\nname = "Jordan Avery"\nemails = ["jordan@avery.example"]\n'

ME = ["email", "jordan@avery.example"]
JANE, BOB, CARLA = ["linkedin", "jane-doe"], ["linkedin", "bob-smith"], ["linkedin", "carla-n"]
DMITRI, AISHA, TOM = ["linkedin", "dmitri-i"], ["linkedin", "aisha-k"], ["linkedin", "tom-b"]
SENDERS = [["email", f"{n}@recruit.example"] for n in ("sam", "lee", "kim")]

MERGE = (
    "Hi {}, I saw {} is hiring Rust engineers. We build CI tooling for Rust monorepos; "
    "would a short call next week be useful?"
)
TEMPLATE = [
    "Hello {}, our platform helps data teams cut their cloud warehouse bill by a third "
    "without rewriting queries. Open to a 20 minute demo this month?",
    "Hi {}, our platform helps data teams cut the cloud warehouse bill by about a third "
    "without rewriting any queries. Would you be open to a 20 minute demo this month?",
    "Hey {}, our platform helps data teams cut their warehouse bill by a third without "
    "rewriting queries. Open to a short demo this month?",
]
PARAPHRASE = (
    "Hi {}, our platform helps data teams cut the warehouse bill by a third "
    "without rewriting queries. Are you open to a quick 20 minute demo this month?"
)
KESTREL = (
    "Congrats on shipping Kestrel 2.0! The streaming parser is exactly what our Lisbon "
    "team needed; how did you handle backpressure?"
)
SAME = "Following up on the offsite agenda: can you send the budget sheet by Thursday?"
GENERIC = (
    "Hi! I came across your profile and I think you would be a great fit for an exciting "
    "opportunity I'm working on. Let's connect and chat soon!"
)
PITCH = (
    "Hi Jordan, we're hiring a senior backend engineer at a fast-growing fintech; the role "
    "is remote-first with a competitive salary and equity. Would you be open to a chat?"
)


def at(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).isoformat()


def msg(
    key: str,
    who: list[str],
    days: float,
    text: str,
    direction: str = "out",
    kind: str = "message",
    platform: str = "linkedin",
) -> dict[str, Any]:
    fields = {"key": key, "at": at(days), "to": [who], "dir": direction, "text": text}
    return {"type": "msg", **fields, "kind": kind, "platform": platform}


def contact(key: str, ids: list[str], name: str, org: str, title: str = "") -> dict[str, Any]:
    return {"type": "contact", "key": key, "ids": [ids], "name": name, "org": org, "title": title}


WORLD: list[dict[str, Any]] = [
    {"type": "owner", "ids": [ME], "name": "Jordan Avery"},
    contact("c-jane", JANE, "Jane Doe", "Acme", "Staff engineer"),
    contact("c-bob", BOB, "Bob Smith", "Initech", "Engineering manager"),
    contact("c-carla", CARLA, "Carla Novak", "Globex", "Data lead"),
    contact("c-dmitri", DMITRI, "Dmitri Ivanov", "Hooli", "Head of data"),
    contact("c-aisha", AISHA, "Aisha Khan", "Umbrella", "Analytics manager"),
    contact("c-tom", TOM, "Tom Berg", "Vandelay", "CTO"),
    *[
        contact(f"c-s{i}", s, f"Recruiter {n}", "Talent Co")
        for i, (s, n) in enumerate(zip(SENDERS, ("Sam", "Lee", "Kim"), strict=True))
    ],
    msg(
        "j1",
        JANE,
        3,
        "We just shipped Kestrel 2.0 with a streaming parser, built in Lisbon!",
        direction="in",
    ),
    msg("j2", JANE, 10, SAME),
    msg("b1", BOB, 5, MERGE.format("Bob", "Initech")),
    *[
        msg(f"t{i}", who, 4 + i, TEMPLATE[i].format(name))
        for i, (who, name) in enumerate([(CARLA, "Carla"), (DMITRI, "Dmitri"), (AISHA, "Aisha")])
    ],
    msg("old", TOM, 45, KESTREL),  # outside the 30-day window
    *[
        msg(
            f"m{i}", s, 2 + i, PITCH + f" Best, {n}", direction="in", platform="email", kind="email"
        )
        for i, (s, n) in enumerate(zip(SENDERS, ("Sam", "Lee", "Kim"), strict=True))
    ],
]


@pytest.fixture
def world(workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )
    write_config(workspace, PROFILE)
    path = tmp_path / "world.fake"
    path.write_text(json.dumps(WORLD))
    import_path(workspace, path)
    sync_index(workspace, NOW)
    return workspace


def check(ws: Any, text: str, to: str = "jane-doe", **kw: Any) -> Any:
    return check_draft(ws, to, text, now=NOW, sync=False, **kw)


def codes(verdict: Any) -> set[str]:
    return {r.code for r in verdict.reasons}


def test_mail_merged_copy_is_a_duplicate_naming_the_other_recipient(world: Any) -> None:
    v = check(world, MERGE.format("Jane", "Acme"))
    assert v.verdict == "duplicate"
    dup = next(r for r in v.reasons if r.code == "duplicate")
    assert "Bob Smith" in dup.message and v.matches[0].exact
    (shown,) = describe_matches(world, v.matches)
    assert shown["to"] == "Bob Smith" and shown["text"].startswith("Hi Bob, I saw Initech")


def test_paraphrased_template_to_three_others_is_templated(world: Any) -> None:
    v = check(world, PARAPHRASE.format("Jane"))
    assert v.verdict == "templated", [r.message for r in v.reasons]
    assert len({m.party for m in v.matches}) == 3


def test_same_text_to_the_same_person_is_not_a_copy(world: Any) -> None:
    v = check(world, SAME)
    assert v.verdict not in ("duplicate", "templated")
    assert "similar.same_person" in codes(v)


def test_copies_outside_the_window_do_not_count(world: Any) -> None:
    v = check(world, KESTREL)
    assert v.verdict == "ok", [r.message for r in v.reasons]
    assert v.matches == ()


def test_generic_draft_gets_a_hint_about_the_recipient(world: Any) -> None:
    v = check(world, GENERIC)
    assert v.verdict == "generic"
    hint = next(r for r in v.reasons if r.code == "generic").details["hint"]
    assert "Kestrel" in hint


def test_specific_draft_is_ok(world: Any) -> None:
    v = check(
        world,
        "Jane, congrats on Kestrel 2.0! Is the streaming parser open source? "
        "I'd love to try it on our log pipeline.",
    )
    assert v.verdict == "ok", [r.message for r in v.reasons]
    assert v.specificity >= 0.35


def test_long_linkedin_invitation_note_breaks_the_rule(world: Any) -> None:
    note = KESTREL.replace("Congrats", "Jane, congrats") + " " + "Would love to compare notes. " * 4
    v = check(world, note, platform="linkedin", kind="invitation note")
    assert len(note) > 200 and v.verdict == "rule"
    assert "linkedin.note_length" in codes(v)


def test_recipient_by_name_and_default_platform(world: Any) -> None:
    assert check(world, GENERIC, to="Jane Doe").verdict == "generic"
    assert normalise_kind("Invitation note") == "invitation_note"
    with pytest.raises(GuardError):
        normalise_kind("carrier pigeon")


def _counts(ws: Any) -> tuple[int, int]:
    with ws.sessions() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m)) or 0  # type: ignore[return-value]
            for m in (GuardSignature, GuardBand)
        )


def test_sync_is_idempotent_and_incremental(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("warmly.guard.sync.ANALYZE_AFTER", 1)  # exercise the SQLite path
    before = _counts(world)
    assert before[0] == 5 + 4  # 5 sent in the window (Tom's is too old), 4 received
    again = sync_index(world, NOW)
    assert (again.indexed_out, again.indexed_in, again.pruned) == (0, 0, 0)
    assert again.background_docs is None and _counts(world) == before
    more = tmp_path / "more.fake"
    more.write_text(json.dumps([msg("b2", BOB, 1, "See you at the Rust meetup tonight!")]))
    import_path(world, more)
    assert sync_index(world, NOW).indexed_out == 1
    if world.is_sqlite:
        with world.sessions() as s:
            assert s.execute(text("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'guard_bands'")).first()
    later = sync_index(world, NOW + timedelta(days=26))  # Bob's merge copy ages out
    assert later.pruned >= 1


def test_a_merge_makes_earlier_copies_same_person(world: Any) -> None:
    with world.sessions() as s, s.begin():
        ids = {p.display_name: p.id for p in s.scalars(select(Person))}
        merge_people(s, ids["Jane Doe"], ids["Bob Smith"], decided_by="user", now=NOW)
    sync_index(world, NOW)
    v = check(world, MERGE.format("Jane", "Acme"))  # was a duplicate of Bob's message
    assert v.verdict != "duplicate" and "similar.same_person" in codes(v)


def test_mass_mail_oracle_counts_senders(world: Any) -> None:
    assert IN_WINDOW_DAYS == inbox.WINDOW_DAYS
    with world.sessions() as s:
        oracle = mass_mail_oracle(world, s, NOW)
        assert oracle.senders_with_similar(PITCH + " Best, Sam") == 3
        assert oracle.senders_with_similar("Lunch on Friday at the usual place?") == 0
    labels = {i["person"]["name"]: i["label"] for i in inbox.run_triage(world, now=NOW).items}
    assert labels["Recruiter Sam"] == "mass_mail"


def test_outbox_guard_counts_approved_but_unsent_actions(world: Any) -> None:
    guard = guard_for_outbox(world, NOW)
    text = (
        "Quick one: we are running a closed beta of our schema-diff tool for Postgres teams "
        "and I think your team would get a lot out of it. Want an invite?"
    )
    with world.sessions() as s, s.begin():
        ids = {p.display_name: p.id for p in s.scalars(select(Person))}
        for n, who in enumerate(("Tom Berg", "Carla Novak", "Jane Doe")):
            a = Action(
                key=f"k{n}",
                person_id=ids[who],
                platform="linkedin",
                kind="message",
                text=text,
                created_at=NOW,
                guard_reasons=[],
                attempts=0,
            )
            s.add(a)
            s.flush()
            verdict, reasons = guard(a)
            a.state, a.approved_at = "approved", NOW
        assert verdict == "duplicate" and reasons  # the third copy, none sent yet
        post = Action(
            key="p",
            person_id=ids["Tom Berg"],
            platform="x",
            kind="post",
            text=text,
            created_at=NOW,
            guard_reasons=[],
            attempts=0,
        )
        assert guard(post)[0] == "ok"


def test_check_command_exits_zero_on_a_failing_verdict(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARMLY_DATABASE_URL", world.database_url)  # SQLite or PostgreSQL
    app = typer.Typer()
    guard_cmd.register(app)
    app.command("noop")(lambda: None)  # two commands, so "check" stays a subcommand
    runner = CliRunner()
    args = ["check", "--home", str(world.home), "--to", "jane-doe", "--json", GENERIC]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "generic" and data["reasons"]
    human = runner.invoke(
        app, ["check", "--home", str(world.home), "--to", "jane-doe", "-"], input=GENERIC
    )
    assert human.exit_code == 0 and human.output.startswith("GENERIC")
    assert "What to mention:" in human.output and "Kestrel" in human.output


def test_check_says_a_short_draft_is_too_short_to_judge_as_generic(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Thanks!" passes, and the line says why: not "OK … below 0.35 reads as generic"."""
    monkeypatch.setenv("WARMLY_DATABASE_URL", world.database_url)
    app = typer.Typer()
    guard_cmd.register(app)
    app.command("noop")(lambda: None)
    runner = CliRunner()
    human = runner.invoke(app, ["check", "--home", str(world.home), "--to", "jane-doe", "Thanks!"])
    assert human.exit_code == 0, human.output
    assert (
        human.output.startswith("OK") and "too short to tell whether it is generic" in human.output
    )
    data = json.loads(
        runner.invoke(
            app, ["check", "--home", str(world.home), "--to", "jane-doe", "--json", "Thanks!"]
        ).output
    )
    assert data["generic_judged"] is False
    assert check(world, GENERIC).generic_judged is True


def test_an_unknown_platform_is_refused_not_judged(world: Any) -> None:
    with pytest.raises(GuardError, match="unknown platform 'facebook'"):
        check(world, KESTREL, platform="facebook")
    assert check(world, KESTREL, platform=" LinkedIn ").verdict == "ok"


def test_a_draft_to_someone_last_reached_by_phone_is_judged_on_a_platform_warmly_sends_on(
    world: Any,
) -> None:
    """`warmly log --platform phone --kind message` makes phone "the platform last used";
    the user gave no platform, so nothing of theirs is unknown."""
    from warmly.agenda.loop import log

    log(world, "jane-doe", "phone", "message", "texted about Kestrel", at=NOW, now=NOW)
    verdict = check(world, KESTREL)
    assert verdict.verdict == "ok"
