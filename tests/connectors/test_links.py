"""Assisted mode: deep links per platform, identity and action (a table of cases)."""

from __future__ import annotations

import pytest

from warmly.connectors.assisted import AssistedConnector, split_recipient
from warmly.connectors.base import Assisted, Outgoing, PermanentError
from warmly.connectors.links import deep_link

CASES = [
    # platform, handle, external id, action, text, in_reply_to, expected
    (
        "linkedin",
        "jane-doe-42",
        None,
        "profile",
        None,
        None,
        "https://www.linkedin.com/in/jane-doe-42/",
    ),
    (
        "linkedin",
        "zoë-brandt",
        None,
        "message",
        "Hi Zoë",
        None,
        "https://www.linkedin.com/in/zo%C3%AB-brandt/",
    ),  # messaging compose is unreliable
    (
        "x",
        "janedoe",
        "1234567890",
        "message",
        "Hi Jane & co!",
        None,
        "https://x.com/messages/compose?recipient_id=1234567890&text=Hi%20Jane%20%26%20co%21",
    ),
    ("x", "janedoe", None, "message", "Hi", None, "https://x.com/janedoe"),  # no id: profile
    (
        "x",
        "janedoe",
        None,
        "reply",
        "Thanks for sharing!",
        "1850000000000000001",
        "https://x.com/intent/post?text=Thanks%20for%20sharing%21&in_reply_to=1850000000000000001",
    ),
    (
        "x",
        "janedoe",
        None,
        "mention",
        "great talk",
        None,
        "https://x.com/intent/post?text=%40janedoe%20great%20talk",
    ),
    (
        "x",
        "janedoe",
        None,
        "like",
        None,
        "1850000000000000001",
        "https://x.com/intent/like?tweet_id=1850000000000000001",
    ),
    (
        "x",
        "janedoe",
        None,
        "share",
        None,
        "1850000000000000001",
        "https://x.com/intent/retweet?tweet_id=1850000000000000001",
    ),
    ("x", None, "1234567890", "profile", None, None, "https://x.com/i/user/1234567890"),
    (
        "mastodon",
        "bob@social.example.org",
        None,
        "profile",
        None,
        None,
        "https://social.example.org/@bob",
    ),
    (
        "mastodon",
        "bob@social.example.org",
        None,
        "message",
        "hi",
        None,
        "https://social.example.org/share?text=%40bob%40social.example.org%20hi",
    ),
    (
        "bluesky",
        "alice.bsky.social",
        None,
        "profile",
        None,
        None,
        "https://bsky.app/profile/alice.bsky.social",
    ),
    (
        "bluesky",
        "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
        None,
        "message",
        "hi",
        None,
        "https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz",
    ),
    (
        "bluesky",
        "alice.bsky.social",
        None,
        "mention",
        "thanks",
        None,
        "https://bsky.app/intent/compose?text=%40alice.bsky.social%20thanks",
    ),
    (
        "bluesky",
        "alice.bsky.social",
        None,
        "reply",
        "ok",
        "at://did:plc:abc/app.bsky.feed.post/3lc2",
        "https://bsky.app/profile/did:plc:abc/post/3lc2",
    ),
    (
        "email",
        "bob@example.org",
        None,
        "message",
        "Hi Bob,\nsee you",
        None,
        "mailto:bob@example.org?body=Hi%20Bob%2C%0Asee%20you",
    ),
    ("phone", "+14155550100", None, "profile", None, None, "tel:+14155550100"),
    ("web", "janedoe.dev/about", None, "profile", None, None, "https://janedoe.dev/about"),
]


@pytest.mark.parametrize(
    ("platform", "handle", "ext", "action", "text", "reply", "expected"), CASES
)
def test_deep_link(
    platform: str,
    handle: str | None,
    ext: str | None,
    action: str,
    text: str | None,
    reply: str | None,
    expected: str,
) -> None:
    assert deep_link(platform, handle, ext, action, text=text, in_reply_to=reply) == expected


def test_email_subject_is_percent_encoded_never_plus() -> None:
    link = deep_link("email", "bob@example.org", action="message", text="a b", subject="Re: hi+")
    assert link == "mailto:bob@example.org?subject=Re%3A%20hi%2B&body=a%20b"


@pytest.mark.parametrize(
    ("platform", "handle", "action"),
    [
        ("linkedin", None, "profile"),
        ("x", None, "profile"),
        ("mastodon", "bob", "profile"),
        ("email", "bob", "message"),
        ("myspace", "tom", "profile"),
        ("x", "jane", "dance"),
    ],
)
def test_impossible_links_raise(platform: str, handle: str | None, action: str) -> None:
    with pytest.raises(ValueError):
        deep_link(platform, handle, action=action)


def test_assisted_connector_returns_link_and_draft() -> None:
    conn = AssistedConnector("x")
    msg = Outgoing(
        key="k", platform="x", kind="message", recipient="janedoe#1234567890", text="Hi!"
    )
    assert conn.send(msg) == Assisted(
        link="https://x.com/messages/compose?recipient_id=1234567890&text=Hi%21",
        text="Hi!",
        why="the platform's terms forbid automated sending; it is always done by hand",
    )
    assert conn.mode == "assisted" and conn.reason and "terms" in conn.reason
    assert conn.was_sent("k") is None


def test_a_thank_you_on_x_answers_the_post_it_thanks_for() -> None:
    msg = Outgoing(
        key="k",
        platform="x",
        kind="thank",
        recipient="janedoe",
        text="Thank you!",
        in_reply_to="1850000000000000001",
    )
    assert AssistedConnector("x").send(msg).link == (
        "https://x.com/intent/post?text=Thank%20you%21&in_reply_to=1850000000000000001"
    )
    no_post = Outgoing(key="k", platform="x", kind="thank", recipient="janedoe", text="Thanks")
    assert AssistedConnector("x").send(no_post).link == (
        "https://x.com/intent/post?text=%40janedoe%20Thanks"
    )


def test_linkedin_invitation_goes_to_the_profile() -> None:
    msg = Outgoing(
        key="k",
        platform="linkedin",
        kind="invite",
        recipient="jane-doe-42",
        text="Great meeting you at PyCon",
    )
    result = AssistedConnector("linkedin").send(msg)
    assert result.link == "https://www.linkedin.com/in/jane-doe-42/"
    assert result.text == "Great meeting you at PyCon"


def test_assisted_without_a_recipient_is_permanent() -> None:
    with pytest.raises(PermanentError):
        AssistedConnector("linkedin").send(
            Outgoing(key="k", platform="linkedin", kind="message", recipient=None, text="hi")
        )


@pytest.mark.parametrize(
    ("platform", "recipient", "expected"),
    [
        ("x", "janedoe#123", ("janedoe", "123")),
        ("x", "#123", (None, "123")),
        ("x", "janedoe", ("janedoe", None)),
        ("x", "janedoe#abc", ("janedoe", None)),
        ("bluesky", "did:plc:abc", ("did:plc:abc", None)),
        ("linkedin", None, (None, None)),
    ],
)
def test_split_recipient(
    platform: str, recipient: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert split_recipient(platform, recipient) == expected
