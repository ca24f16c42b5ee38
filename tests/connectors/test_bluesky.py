"""BlueskyConnector on recorded XRPC answers (httpx.MockTransport, no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

httpx = pytest.importorskip("httpx")

from warmly.connectors.base import Outgoing, PermanentError, RateLimit, TransientError  # noqa: E402
from warmly.connectors.bluesky import CHAT_PROXY, BlueskyConnector  # noqa: E402
from warmly.connectors.bluesky_parse import facets  # noqa: E402
from warmly.importers.records import ContactRecord, InteractionRecord  # noqa: E402

from .fakes import BLUESKY_RATE, Canned, FakeBluesky, load  # noqa: E402

APP_PASSWORD = "abcd-efgh-ijkl-mnop"
ME = "did:plc:z72i7hdynmk6r22z27h6tvur"
BOB = "did:plc:44ybard66vv44zksje25o7dz"
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
RESET = datetime.fromtimestamp(1793786400, UTC)


def make(fake: FakeBluesky, **kw: object) -> BlueskyConnector:
    return BlueskyConnector(
        "jane.bsky.social", APP_PASSWORD, transport=fake.transport(), clock=lambda: NOW, **kw
    )  # type: ignore[arg-type]


def out(kind: str = "post", text: str = "Hiring tip of the day", **kw: str | None) -> Outgoing:
    fields: dict[str, str | None] = {"recipient": None, "in_reply_to": None} | kw
    return Outgoing(key="act-3", platform="bluesky", kind=kind, text=text, **fields)  # type: ignore[arg-type]


def body(request: object) -> dict[str, object]:
    return json.loads(request.content)  # type: ignore[attr-defined,no-any-return]


def test_post_logs_in_once_and_creates_a_record() -> None:
    fake = FakeBluesky()
    conn = make(fake)
    sent = conn.send(out())
    conn.send(out())
    [login] = fake.calls("com.atproto.server.createSession")
    assert body(login) == {"identifier": "jane.bsky.social", "password": APP_PASSWORD}
    create = fake.calls("com.atproto.repo.createRecord")[0]
    assert create.headers["Authorization"] == "Bearer eyJhbGciOiJFUzI1NksifQ.access-one.sig"
    assert body(create) == {
        "repo": ME,
        "collection": "app.bsky.feed.post",
        "record": {
            "$type": "app.bsky.feed.post",
            "text": "Hiring tip of the day",
            "createdAt": "2026-11-04T10:00:00.000Z",
        },
    }
    assert sent.remote_id == load("bluesky", "createRecord")["uri"]
    assert sent.rate_limit == RateLimit(limit=5000, remaining=4997, reset_at=RESET)


def test_mention_facet_uses_utf8_byte_offsets() -> None:
    fake = FakeBluesky()
    make(fake).send(out("mention", "Merci 🙏 @bob.example.com — à bientôt", recipient=BOB))
    record = body(fake.calls("com.atproto.repo.createRecord")[0])["record"]
    assert fake.calls("app.bsky.actor.getProfile")[0].url.params["actor"] == BOB
    start = len("Merci 🙏 ".encode())
    assert record["facets"] == [
        {  # type: ignore[index]
            "index": {"byteStart": start, "byteEnd": start + len(b"@bob.example.com")},
            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": BOB}],
        }
    ]
    assert (start, len("Merci 🙏 ")) == (11, 8)  # bytes, not code points


def test_mention_is_prefixed_when_missing_and_links_get_facets() -> None:
    text = "see https://example.com/jobs."
    found = facets("@bob.example.com " + text, {"bob.example.com": BOB})
    assert [f["features"][0]["$type"].rsplit("#")[1] for f in found] == ["mention", "link"]
    assert found[1]["features"][0]["uri"] == "https://example.com/jobs"  # trailing "." dropped
    fake = FakeBluesky()
    make(fake).send(out("mention", "thank you!", recipient="bob.example.com"))
    assert body(fake.calls("com.atproto.repo.createRecord")[0])["record"]["text"] == (  # type: ignore[index]
        "@bob.example.com thank you!"
    )


def test_reply_carries_root_and_parent_strong_refs() -> None:
    fake = FakeBluesky()
    parent = load("bluesky", "getPosts")["posts"][0]
    make(fake).send(out("reply", "Glad it helped!", in_reply_to=parent["uri"]))
    assert fake.calls("app.bsky.feed.getPosts")[0].url.params.get_list("uris") == [parent["uri"]]
    reply = body(fake.calls("com.atproto.repo.createRecord")[0])["record"]["reply"]  # type: ignore[index]
    assert reply == {
        "root": parent["record"]["reply"]["root"],
        "parent": {"uri": parent["uri"], "cid": parent["cid"]},
    }


def test_direct_message_goes_through_the_chat_proxy() -> None:
    fake = FakeBluesky()
    sent = make(fake).send(out("message", "Hi Bob!", recipient="bob.example.com"))
    [convo] = fake.calls("chat.bsky.convo.getConvoForMembers")
    assert convo.headers["atproto-proxy"] == CHAT_PROXY == "did:web:api.bsky.chat#bsky_chat"
    assert convo.url.params.get_list("members") == [BOB]
    [msg] = fake.calls("chat.bsky.convo.sendMessage")
    assert msg.headers["atproto-proxy"] == CHAT_PROXY
    assert body(msg) == {"convoId": "3lc3convo0002k", "message": {"text": "Hi Bob!"}}
    assert sent.remote_id == "3lc3convo0002k/3lc3msg00001k"


def test_like_and_share_create_their_records() -> None:
    fake = FakeBluesky()
    uri = load("bluesky", "getPosts")["posts"][0]["uri"]
    make(fake).send(out("like", "", in_reply_to=uri))
    make(fake).send(out("share", "", in_reply_to=uri))
    cols = [body(r)["collection"] for r in fake.calls("com.atproto.repo.createRecord")]
    assert cols == ["app.bsky.feed.like", "app.bsky.feed.repost"]


def test_follow_and_thank() -> None:
    fake = FakeBluesky()
    uri = load("bluesky", "getPosts")["posts"][0]["uri"]
    make(fake).send(out("follow", "", recipient="bob.example.com"))
    make(fake).send(out("thank", "thank you!", in_reply_to=uri))
    follow, thank = (body(r) for r in fake.calls("com.atproto.repo.createRecord"))
    assert follow["collection"] == "app.bsky.graph.follow"
    assert follow["record"] == {
        "$type": "app.bsky.graph.follow",
        "subject": BOB,
        "createdAt": "2026-11-04T10:00:00.000Z",
    }
    assert thank["record"]["reply"]["parent"]["uri"] == uri  # type: ignore[index]


def test_expired_token_is_refreshed_once() -> None:
    fake = FakeBluesky()
    fake.queued["com.atproto.repo.createRecord"].append(
        Canned(400, load("bluesky", "error_expired"))
    )
    make(fake).send(out())
    [refresh] = fake.calls("com.atproto.server.refreshSession")
    assert refresh.headers["Authorization"] == "Bearer eyJhbGciOiJFUzI1NksifQ.refresh-one.sig"
    retry = fake.calls("com.atproto.repo.createRecord")[-1]
    assert retry.headers["Authorization"] == "Bearer eyJhbGciOiJFUzI1NksifQ.access-two.sig"


def test_429_is_transient_until_the_reset() -> None:
    fake = FakeBluesky()
    headers = BLUESKY_RATE | {"ratelimit-remaining": "0"}
    fake.queued["com.atproto.repo.createRecord"].append(
        Canned(429, load("bluesky", "error_ratelimit"), headers)
    )
    with pytest.raises(TransientError, match="RateLimitExceeded") as err:
        make(fake).send(out())
    assert err.value.retry_after == RESET
    assert err.value.rate_limit == RateLimit(5000, 0, RESET)


@pytest.mark.parametrize(
    ("nsid", "status", "fixture", "error", "words"),
    [
        ("com.atproto.repo.createRecord", 500, None, TransientError, "HTTP 500"),
        ("com.atproto.repo.createRecord", 400, "error_invalid", PermanentError, "300 graphemes"),
        (
            "com.atproto.server.createSession",
            401,
            "error_auth",
            PermanentError,
            "Invalid identifier",
        ),
        ("com.atproto.server.createSession", 429, "error_ratelimit", TransientError, "Rate Limit"),
    ],
)
def test_errors_map_to_the_contract(
    nsid: str, status: int, fixture: str | None, error: type[Exception], words: str
) -> None:
    fake = FakeBluesky()
    fake.queued[nsid].append(Canned(status, load("bluesky", fixture) if fixture else None))
    conn = make(fake)
    with pytest.raises(error, match=words) as err:
        conn.send(out())
    assert APP_PASSWORD not in str(err.value) and APP_PASSWORD not in repr(conn)


def test_network_failure_is_transient() -> None:
    fake = FakeBluesky()
    fake.queued["com.atproto.server.createSession"].append(
        Canned(0, raise_exc=httpx.ConnectTimeout("timed out"))
    )
    with pytest.raises(TransientError, match="timed out"):
        make(fake).send(out())


@pytest.mark.parametrize(
    "bad", [out("reply"), out("mention"), out("message"), out("invitation"), out("post", "  ")]
)
def test_unsendable_is_permanent(bad: Outgoing) -> None:
    with pytest.raises(PermanentError):
        make(FakeBluesky()).send(bad)


# -- notifications --------------------------------------------------------------


def test_every_reason_becomes_the_right_record() -> None:
    batch = make(FakeBluesky()).fetch_notifications()
    inter = [r for r in batch.records if isinstance(r, InteractionRecord)]
    assert [(r.kind, r.counterparts[0].handle) for r in inter] == [
        ("share", "did:plc:4llrhdclvdlmmynkwsmg5tdc"),  # quote
        ("follow", "did:plc:vpkhqolt662uhesyj6nxm7ys"),
        ("share", BOB),  # repost
        ("like", "did:plc:ewvi7nxzyoun6zhxrhs64oiz"),
        ("reply", BOB),
        ("mention", "did:plc:ewvi7nxzyoun6zhxrhs64oiz"),
    ]
    assert batch.ignored == 1  # starterpack-joined
    raw = load("bluesky", "listNotifications")["notifications"]
    reply = inter[4]
    assert reply.source_key == f"bluesky:notif:{raw[5]['uri']}"
    assert reply.text == "Agreed — and thanks for sharing!" and reply.thread == raw[5]["uri"]
    assert reply.counterparts[0].name == "Bob 🌊"
    assert reply.occurred_at == datetime(2026, 11, 3, 9, 10, tzinfo=UTC)
    assert inter[3].thread == raw[4]["reasonSubject"] and inter[3].text is None
    [contact] = [r for r in batch.records if isinstance(r, ContactRecord)]
    assert contact.identities[0].url == "https://bsky.app/profile/carol.bsky.social"
    assert contact.name == "carol.bsky.social"  # empty displayName: the handle
    assert batch.cursor == "2026-11-03T12:00:00.000Z"


def test_pages_by_cursor_and_stops_at_since() -> None:
    fake = FakeBluesky()
    batch = make(fake, page_size=2).fetch_notifications()
    assert [
        r.url.params.get("cursor") for r in fake.calls("app.bsky.notification.listNotifications")
    ] == [None, "2", "4", "6"]
    assert len(batch.interactions) == 6 and batch.complete
    fake = FakeBluesky()
    later = make(fake, page_size=2).fetch_notifications("2026-11-03T09:30:00.000Z")
    assert len(fake.calls("app.bsky.notification.listNotifications")) == 3  # stopped early
    assert [r.kind for r in later.interactions] == ["share", "follow", "share"]
    assert later.cursor == "2026-11-03T12:00:00.000Z"


def test_page_budget_is_reported() -> None:
    batch = make(FakeBluesky(), page_size=2, max_pages=2).fetch_notifications()
    assert not batch.complete and batch.pages == 2
