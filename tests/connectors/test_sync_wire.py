"""`warmly sync` against a real local HTTP server: what a broken or busy server does to it.

Every failure is one row with the reason (never a traceback), nothing is written,
and what arrives feeds the follow-through tasks like an import does.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import write_config
from warmly.connectors.sync import sync_configured
from warmly.followthrough.service import list_tasks

from .http_server import Answer, serve

SESSION = {"did": "did:plc:me", "handle": "me.bsky.social", "accessJwt": "a", "refreshJwt": "r"}


def mastodon(ws: Any, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T_MASTODON_TOKEN", "tok")
    write_config(
        ws,
        f'[connectors.mastodon]\nbase_url = "{url}"\ntoken_env = "T_MASTODON_TOKEN"\ntimeout = 1\n',
    )


def bluesky(ws: Any, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T_BSKY_PW", "pw")
    write_config(
        ws,
        f'[connectors.bluesky]\nidentifier = "me.bsky.social"\npassword_env = "T_BSKY_PW"\n'
        f'service = "{url}"\ntimeout = 1\n',
    )


def row(ws: Any, platform: str) -> dict[str, Any]:
    return next(r for r in sync_configured(ws) if r["platform"] == platform)


def dm(nid: str, acct: Any, status: Any, ago: timedelta = timedelta(days=3)) -> dict[str, Any]:
    at = (datetime.now(UTC) - ago).isoformat().replace("+00:00", "Z")
    return {"id": nid, "type": "mention", "created_at": at, "account": acct, "status": status}


ANA = {"acct": "ana@elsewhere.example", "display_name": "Ana Lima"}
HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (Answer(401, {"error": "The access token is invalid"}), "HTTP 401: The access token is"),
        (Answer(200, "<html><body>Welcome to nginx!</body></html>", "text/html"), "not JSON"),
        (Answer(200, '[{"id": "1", "type": "ment'), "not JSON"),
        (Answer(200, {"error": "not a list"}), "expected a list"),
        (Answer(502, HTML_502 + "x" * 2000, "text/html"), "HTTP 502: 502 Bad Gateway"),
        (Answer(200, [], delay=2), "timed out"),
    ],
)
def test_a_failing_server_is_one_row_with_the_reason(
    workspace: Any, monkeypatch: pytest.MonkeyPatch, answer: Answer, reason: str
) -> None:
    with serve(answer) as (url, _):
        mastodon(workspace, url, monkeypatch)
        r = row(workspace, "mastodon")
    assert r["status"] == "failed" and reason in r["message"]
    assert "<" not in r["message"] and len(r["message"]) < 400  # no HTML page in a one-liner


def test_429_says_when_to_try_again(workspace: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    busy = Answer(429, {"error": "Too many requests"}, headers={"Retry-After": "120"})
    before = datetime.now(UTC)
    with serve(busy) as (url, _):
        mastodon(workspace, url, monkeypatch)
        r = row(workspace, "mastodon")
    assert r["status"] == "failed" and "try again after" in r["message"]
    when = datetime.fromisoformat(r["retry_after"])
    assert before + timedelta(seconds=119) <= when <= datetime.now(UTC) + timedelta(seconds=121)


def test_notifications_of_the_wrong_shape_are_counted_not_fatal(
    workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        dm("103", "not an account", {"id": "s3"}),
        dm("102", ANA, "not a status"),
        dm("101", ANA, {"id": "s1", "visibility": "direct", "content": "<p>Hi there</p>"}),
    ]
    with serve(Answer(200, items)) as (url, _):
        mastodon(workspace, url, monkeypatch)
        r = row(workspace, "mastodon")
    assert (r["status"], r["added"], r["errors"]) == ("ok", 1, 2)


def test_bluesky_notifications_of_the_wrong_shape_fail_cleanly(
    workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = {"notifications": 5, "cursor": 7}
    with serve(Answer(200, SESSION), Answer(200, broken)) as (url, _):
        bluesky(workspace, url, monkeypatch)
        r = row(workspace, "bluesky")
    assert r["status"] == "failed" and "expected a list" in r["message"]


def test_a_synced_question_becomes_a_task_once(
    workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask = "<p>Could you send me the job description?</p>"
    items = [dm("101", ANA, {"id": "s1", "visibility": "direct", "content": ask})]
    with serve(Answer(200, items)) as (url, _):
        mastodon(workspace, url, monkeypatch)
        assert row(workspace, "mastodon")["added"] == 1
        assert [t["text"] for t in list_tasks(workspace)] == [
            "answer Ana Lima: Could you send me the job description"
        ]
        sync_configured(workspace, full=True)
        assert len(list_tasks(workspace, include_closed=True)) == 1
