"""``warmly import``: what happens after the files are in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from tests.cli.helpers import invoke

CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Quill\nEMAIL:ada@example.org\nEND:VCARD\n"


@pytest.mark.parametrize(
    ("step", "says"),
    [
        ("warmly.identity.resolve.resolve_identities", "linking people across networks failed"),
        ("warmly.followthrough.sync.sync_tasks", "deriving follow-up tasks failed"),
    ],
)
def test_a_database_error_after_the_imports_keeps_them_and_their_json(
    workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, says: str
) -> None:
    def locked(*_: object, **__: object) -> None:
        raise OperationalError("UPDATE people", {}, Exception("database is locked"))

    monkeypatch.setattr(step, locked)
    (tmp_path / "ada.vcf").write_text(CARD)
    result = invoke(workspace, "import", str(tmp_path / "ada.vcf"), "--json")
    assert result.exit_code == 0, result.output
    assert f"{says}: database is locked" in result.stderr
    assert json.loads(result.stdout)["files"][0]["added"] == 1


def test_sync_exits_non_zero_when_a_network_failed(workspace, monkeypatch):
    # A cron job must notice a token that expired: the rows still print (as JSON here).
    import socket

    from tests.conftest import write_config

    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("T_MASTODON_TOKEN", "tok")
    write_config(
        workspace,
        f'[connectors.mastodon]\nbase_url = "http://127.0.0.1:{port}"\n'
        'token_env = "T_MASTODON_TOKEN"\ntimeout = 1\n',
    )
    result = invoke(workspace, "sync", "--json")
    assert result.exit_code == 1, result.output
    rows = {r["platform"]: r["status"] for r in json.loads(result.stdout)}
    assert rows["mastodon"] == "failed"  # (Bluesky, not configured, is skipped)


def test_the_summary_says_how_many_problems_it_did_not_print_and_pairs_held_back(
    workspace, tmp_path: Path
) -> None:
    # Eleven cards that name nobody, and eight namesakes (28 likely pairs, at most
    # three asked per person).
    empty = "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing\nEND:VCARD\n" * 11
    namesakes = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Marit Solberg\nEMAIL:marit@{i}.example\nEND:VCARD\n"
        for i in range(8)
    )
    (tmp_path / "cards.vcf").write_text(empty + namesakes)
    result = invoke(workspace, "import", str(tmp_path / "cards.vcf"))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "first of 11 skipped or bad records" in flat
    assert "… and 3 more (`--json` lists the first 200)" in flat
    assert "more after those (`warmly review --rerun`)" in flat


def test_the_summary_names_the_files_of_an_export_left_unread(workspace) -> None:
    from tests.conftest import DATA

    result = invoke(workspace, "import", str(DATA / "linkedin" / "export_2026"))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "export_2026: not read by warmly: Comments_34875879.csv (your comments;" in flat
    assert "Company Follows.csv (companies you follow)" in flat
