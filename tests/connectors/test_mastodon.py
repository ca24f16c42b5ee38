"""MastodonConnector on recorded REST answers (httpx.MockTransport, no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

httpx = pytest.importorskip("httpx")

from warmly.connectors.base import Outgoing, PermanentError, RateLimit, TransientError  # noqa: E402
from warmly.connectors.mastodon import MastodonConnector  # noqa: E402
from warmly.connectors.mastodon_parse import notification_records  # noqa: E402
from warmly.importers.records import ContactRecord, IdentityRef, InteractionRecord  # noqa: E402

from .fakes import MASTODON, Canned, FakeMastodon, load  # noqa: E402

TOKEN = "tok-SECRET-123"
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
RESET = datetime(2026, 11, 4, 10, 5, tzinfo=UTC)


def make(fake: FakeMastodon, **kw: object) -> MastodonConnector:
    return MastodonConnector(MASTODON, TOKEN, transport=fake.transport(), clock=lambda: NOW, **kw)  # type: ignore[arg-type]


def out(
    kind: str = "reply", text: str = "thanks for the kind words!", **kw: str | None
) -> Outgoing:
    fields = {"recipient": "bob@social.example.org", "in_reply_to": "113400000000000222"} | kw
    return Outgoing(key="act-9", platform="mastodon", kind=kind, text=text, **fields)  # type: ignore[arg-type]


def body(request: object) -> dict[str, object]:
    return json.loads(request.content)  # type: ignore[attr-defined,no-any-return]


def test_reply_sends_idempotency_key_and_reads_rate_limits() -> None:
    fake = FakeMastodon()
    sent = make(fake).send(out())
    [req] = fake.requests
    assert req.method == "POST" and req.url == f"{MASTODON}/api/v1/statuses"
    assert req.headers["Idempotency-Key"] == "act-9"
    assert req.headers["Authorization"] == f"Bearer {TOKEN}"
    assert body(req) == {
        "status": "@bob@social.example.org thanks for the kind words!",
        "visibility": "public",
        "in_reply_to_id": "113400000000000222",
    }
    assert sent.remote_id == load("mastodon", "status")["id"]
    assert sent.rate_limit == RateLimit(limit=300, remaining=299, reset_at=RESET)


def test_direct_message_is_a_private_mention() -> None:
    fake = FakeMastodon()
    make(fake).send(out("message", "Hi @Bob@social.example.org, coffee?", in_reply_to=None))
    assert body(fake.requests[0]) == {
        "status": "Hi @Bob@social.example.org, coffee?",
        "visibility": "direct",
    }


@pytest.mark.parametrize(
    ("recipient", "text", "expected"),
    [
        ("carla", "hello", "@carla@mastodon.example hello"),  # local account
        ("@carla@mastodon.example", "@carla hi", "@carla hi"),  # short local form counts
        # "@bob" alone names a local account, not bob@social.example.org
        ("bob@social.example.org", "@bob hi", "@bob@social.example.org @bob hi"),
        ("bob@social.example.org", "@bob@social.example.org.", "@bob@social.example.org."),
        ("jan@x.example", "@jane@x.example hi", "@jan@x.example @jane@x.example hi"),
    ],
)
def test_mentions_are_added_once(recipient: str, text: str, expected: str) -> None:
    conn = make(FakeMastodon())
    assert conn.status_params(out("mention", text, recipient=recipient))["status"] == expected


def test_share_and_like_use_their_endpoints() -> None:
    fake = FakeMastodon()
    make(fake).send(out("share"))
    make(fake).send(out("like"))
    assert [r.url.path for r in fake.requests] == [
        "/api/v1/statuses/113400000000000222/reblog",
        "/api/v1/statuses/113400000000000222/favourite",
    ]


def test_follow_resolves_the_account_then_follows() -> None:
    fake = FakeMastodon()
    sent = make(fake).send(out("follow", "", in_reply_to=None))
    search, follow = fake.requests
    assert search.url.path == "/api/v2/search"
    assert dict(search.url.params) == {
        "q": "@bob@social.example.org",
        "resolve": "true",
        "type": "accounts",
        "limit": "5",
    }
    assert follow.url.path == "/api/v1/accounts/110001/follow"
    assert follow.headers["Idempotency-Key"] == "act-9" and "Idempotency-Key" not in search.headers
    assert sent.remote_id == "110001"
    with pytest.raises(PermanentError, match="no account"):
        make(FakeMastodon()).send(out("follow", "", recipient="zed@social.example.org"))


@pytest.mark.parametrize(
    ("reply_to", "expected"),
    [
        ("113400000000000222", {"in_reply_to_id": "113400000000000222", "visibility": "public"}),
        (None, {"visibility": "public"}),
    ],
)
def test_thank_is_a_reply_or_a_mention(reply_to: str | None, expected: dict[str, str]) -> None:
    params = make(FakeMastodon()).status_params(
        out("thank", "thanks for sharing!", in_reply_to=reply_to)
    )
    assert params == {"status": "@bob@social.example.org thanks for sharing!", **expected}


def test_429_is_transient_until_the_reset() -> None:
    fake = FakeMastodon(
        queued=[
            Canned(
                429,
                load("mastodon", "error_429"),
                {
                    "X-RateLimit-Limit": "300",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": "2026-11-04T10:05:00.000Z",
                },
            )
        ]
    )
    with pytest.raises(TransientError, match="Too many requests") as err:
        make(fake).send(out())
    assert err.value.retry_after == RESET
    assert err.value.rate_limit == RateLimit(300, 0, RESET)


@pytest.mark.parametrize(
    ("status", "fixture", "error", "words"),
    [
        (503, None, TransientError, "HTTP 503"),
        (502, None, TransientError, "HTTP 502"),
        (401, "error_401", PermanentError, "The access token is invalid"),
        (403, "error_401", PermanentError, "HTTP 403"),
        (422, "error_422", PermanentError, "character limit of 500 exceeded"),
        (404, None, PermanentError, "HTTP 404"),
    ],
)
def test_status_codes_map_to_the_contract(
    status: int, fixture: str | None, error: type[Exception], words: str
) -> None:
    fake = FakeMastodon(queued=[Canned(status, load("mastodon", fixture) if fixture else None)])
    with pytest.raises(error, match=words) as err:
        make(fake).send(out())
    assert TOKEN not in str(err.value)


def test_network_failures_are_transient() -> None:
    fake = FakeMastodon(
        queued=[
            Canned(0, raise_exc=httpx.ConnectError("connection refused")),
            Canned(0, raise_exc=httpx.ReadTimeout("read timed out")),
        ]
    )
    conn = make(fake)
    with pytest.raises(TransientError, match="ConnectError"):
        conn.send(out())
    with pytest.raises(TransientError, match="timed out"):
        conn.send(out())


@pytest.mark.parametrize(
    "bad",
    [
        out("reply", in_reply_to=None),
        out("message", recipient=None),
        out("message", "   "),
        out("invitation"),
        out("mention", recipient="not an account!"),
    ],
)
def test_unsendable_is_permanent_without_a_request(bad: Outgoing) -> None:
    fake = FakeMastodon()
    with pytest.raises(PermanentError):
        make(fake).send(bad)
    assert fake.requests == []


def test_secrets_stay_out_of_repr_and_was_sent_cannot_tell() -> None:
    conn = make(FakeMastodon())
    assert TOKEN not in repr(conn)
    assert conn.was_sent("act-9") is None


# -- notifications --------------------------------------------------------------


def test_every_notification_type_becomes_the_right_record() -> None:
    batch = make(FakeMastodon()).fetch_notifications()
    inter = {r.source_key: r for r in batch.records if isinstance(r, InteractionRecord)}
    kinds = {k.rsplit(":", 1)[1]: (r.kind, r.counterparts[0].handle) for k, r in inter.items()}
    assert kinds == {
        "90001": ("mention", "bob@social.example.org"),
        "90002": ("reply", "bob@social.example.org"),
        "90003": ("message", "carla@mastodon.example"),  # local account: instance host added
        "90004": ("share", "dan@fosstodon.example"),
        "90005": ("like", "eve@hachyderm.example"),
        "90006": ("follow", "fay_lee@mastodon.example"),
        "90007": ("share", "gus@mstdn.example"),  # a quote post
    }
    assert batch.ignored == 0  # types[] asks the server for these five types only
    poll = next(n for n in load("mastodon", "notifications") if n["type"] == "poll")
    assert notification_records(poll, "mastodon.example") == []
    reply = inter["mastodon:notif:mastodon.example:90002"]
    assert reply.text == "@jane Great thread!\nThanks & cheers"
    assert reply.thread == "113400000000000222"  # what Outgoing.in_reply_to must answer
    assert reply.occurred_at == datetime(2026, 11, 3, 9, 12, 44, 512000, tzinfo=UTC)
    assert reply.direction == "in" and reply.platform == "mastodon"
    assert reply.counterparts[0] == IdentityRef(
        "mastodon", "bob@social.example.org", "Bob Ray", url="https://social.example.org/@bob"
    )
    like = inter["mastodon:notif:mastodon.example:90005"]
    assert like.text is None and like.thread == "113400000000000001"
    [contact] = [r for r in batch.records if isinstance(r, ContactRecord)]
    assert contact.identities[0].handle == "fay_lee@mastodon.example"
    assert contact.source_key == "mastodon:follower:mastodon.example:fay_lee@mastodon.example"
    assert batch.cursor == "90007" and batch.complete


def test_first_sync_pages_back_with_max_id() -> None:
    fake = FakeMastodon()
    batch = make(fake, page_size=3).fetch_notifications()
    params = [r.url.params for r in fake.requests]
    assert params[0].get_list("types[]") == ["mention", "reblog", "favourite", "follow", "quote"]
    assert [p.get("max_id") for p in params] == [None, "90005", "90002", "90001"]
    assert len(batch.interactions) == 7 and batch.pages == 4
    assert batch.cursor == "90007"  # the poll is filtered out by types[]


def test_later_syncs_walk_forward_from_the_cursor_with_min_id() -> None:
    fake = FakeMastodon()
    batch = make(fake, page_size=2).fetch_notifications("90003")
    assert [r.url.params.get("min_id") for r in fake.requests] == ["90003", "90005", "90007"]
    assert sorted(r.source_key[-5:] for r in batch.interactions) == [
        "90004",
        "90005",
        "90006",
        "90007",
    ]
    assert batch.cursor == "90007"


def test_a_page_budget_leaves_no_gap() -> None:
    conn = make(FakeMastodon(), page_size=2, max_pages=1)
    first = conn.fetch_notifications("90001")
    assert not first.complete and first.cursor == "90003"
    second = conn.fetch_notifications(first.cursor)
    assert second.cursor == "90005"  # continues right after, nothing skipped


def test_a_broken_notification_is_an_error_record_not_a_failed_sync() -> None:
    fake = FakeMastodon(
        notifications=[
            {"id": "1", "type": "mention", "created_at": "nope", "account": {"acct": "a"}}
        ]
    )
    batch = make(fake).fetch_notifications()
    assert [type(r).__name__ for r in batch.records] == ["RecordError"]
