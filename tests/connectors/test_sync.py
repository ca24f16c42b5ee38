"""sync_notifications writes notifications into the ledger once (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

httpx = pytest.importorskip("httpx")

from warmly.connectors.base import TransientError  # noqa: E402
from warmly.connectors.bluesky import BlueskyConnector  # noqa: E402
from warmly.connectors.mastodon import MastodonConnector  # noqa: E402
from warmly.connectors.sync import sync_notifications  # noqa: E402
from warmly.store.models import ImportRun, Interaction, Sighting  # noqa: E402

from .fakes import MASTODON, Canned, FakeBluesky, FakeMastodon, load  # noqa: E402


def count(ws: object, model: object, platform: str | None = None) -> int:
    q = select(func.count()).select_from(model)  # type: ignore[arg-type]
    if platform:
        q = q.where(Interaction.platform == platform)
    with ws.sessions.begin() as s:  # type: ignore[attr-defined]
        return int(s.scalar(q))


def test_mastodon_sync_adds_each_notification_once(workspace: object) -> None:
    fake = FakeMastodon()
    conn = MastodonConnector(MASTODON, "tok", transport=fake.transport(), page_size=3)
    first = sync_notifications(workspace, conn)  # type: ignore[arg-type]
    assert (first.since, first.cursor, first.added) == (None, "90007", 8)  # 7 + a follower
    assert count(workspace, Interaction, "mastodon") == 7
    assert count(workspace, Sighting) == 1
    with workspace.sessions.begin() as s:  # type: ignore[attr-defined]
        kinds = dict(s.execute(select(Interaction.source_key, Interaction.kind)).all())
    assert kinds["mastodon:notif:mastodon.example:90003"] == "message"

    fake.requests.clear()
    again = sync_notifications(workspace, conn)  # type: ignore[arg-type]
    assert (again.since, again.added, again.read) == ("90007", 0, 0)
    assert fake.requests[0].url.params["min_id"] == "90007"  # continued from the stored cursor

    fake.notifications.insert(0, {**load("mastodon", "notifications")[3], "id": "90009"})
    newer = sync_notifications(workspace, conn)  # type: ignore[arg-type]
    assert (newer.added, newer.cursor) == (1, "90009")

    full = sync_notifications(workspace, conn, full=True)  # type: ignore[arg-type]
    assert full.added == 0 and full.unchanged == 9
    assert count(workspace, Interaction, "mastodon") == 8
    with workspace.sessions.begin() as s:  # type: ignore[attr-defined]
        runs = s.execute(select(ImportRun.format, ImportRun.path, ImportRun.status)).all()
    assert set(runs) == {("mastodon-api", "mastodon:mastodon.example", "ok")} and len(runs) == 4


def test_bluesky_sync_adds_each_notification_once(workspace: object) -> None:
    fake = FakeBluesky()
    conn = BlueskyConnector("jane.bsky.social", "pw", transport=fake.transport(), page_size=3)
    first = sync_notifications(workspace, conn)  # type: ignore[arg-type]
    assert (first.added, first.ignored, first.cursor) == (7, 1, "2026-11-03T12:00:00.000Z")
    assert count(workspace, Interaction, "bluesky") == 6
    again = sync_notifications(workspace, conn)  # type: ignore[arg-type]
    assert again.since == first.cursor and again.added == 0
    assert count(workspace, Interaction, "bluesky") == 6


def test_a_failed_fetch_writes_nothing_and_keeps_the_cursor(workspace: object) -> None:
    fake = FakeMastodon()
    conn = MastodonConnector(MASTODON, "tok", transport=fake.transport())
    sync_notifications(workspace, conn)  # type: ignore[arg-type]
    fake.queued.append(Canned(503, {"error": "Service Unavailable"}))
    with pytest.raises(TransientError):
        sync_notifications(workspace, conn)  # type: ignore[arg-type]
    with workspace.sessions.begin() as s:  # type: ignore[attr-defined]
        statuses = s.scalars(select(ImportRun.status).order_by(ImportRun.id)).all()
    assert statuses == ["ok", "failed"]
    assert sync_notifications(workspace, conn).since == "90007"  # type: ignore[arg-type]


def test_sync_configured_reports_networks_without_a_section(workspace):
    from warmly.connectors.sync import sync_configured

    rows = {r["platform"]: r for r in sync_configured(workspace)}
    assert set(rows) == {"mastodon", "bluesky"}
    assert all(r["status"] == "skipped" and r["message"] for r in rows.values())


def test_a_configured_network_whose_secret_is_unset_fails_the_sync(workspace, monkeypatch):
    """A cron job without the token's variable must notice: failed (exit 1), not skipped."""
    from tests.conftest import write_config
    from warmly.connectors.sync import sync_configured

    monkeypatch.delenv("WARMLY_TEST_UNSET_TOKEN", raising=False)
    write_config(
        workspace,
        '[connectors.mastodon]\nbase_url = "https://mastodon.example"\n'
        'token_env = "WARMLY_TEST_UNSET_TOKEN"\n',
    )
    rows = {r["platform"]: r for r in sync_configured(workspace)}
    assert rows["mastodon"]["status"] == "failed"
    assert "WARMLY_TEST_UNSET_TOKEN" in rows["mastodon"]["message"]
    assert rows["bluesky"]["status"] == "skipped"  # no section: nothing was asked of it
