"""Notification emails from LinkedIn, X, Mastodon and Bluesky become network interactions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importers.golden import DATA, check_golden
from warmly.importers import email_message as em
from warmly.importers import email_parse as ep
from warmly.importers import notifications
from warmly.importers.records import IdentityRef, InteractionRecord, Record, Skipped

OWNER_KEYS = {("email", "sam@example.com"), ("x", "samowner"), ("linkedin", "sam-owner")}


def record(sender: str, subject: str, body: str, extra: str = "") -> Record:
    raw = (
        f"From: {sender}\nTo: Sam <sam@example.com>\nDate: Thu, 10 Aug 2023 07:29:58 +0000\n"
        f"Message-ID: <n1@mail.example>\nSubject: {subject}\n{extra}"
        f"Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    ).encode()
    return em.message_record(
        ep.parse_message(raw),
        location="message 1",
        owner=em.OwnerEmails(["sam@example.com"]),
        owner_keys=OWNER_KEYS,
    )


LI = "LinkedIn <notifications-noreply@linkedin.com>"
X = "X <notify@x.com>"
MS = "Mastodon <notifications@mastodon.social>"
BS = "Bluesky <noreply@bsky.app>"

# (sender, subject, body) -> (platform, kind, handle, name)
CASES = [
    # LinkedIn
    (
        "LinkedIn <invitations@linkedin.com>",
        "Jane Roe wants to connect",
        "Accept: https://www.linkedin.com/comm/in/jane-roe-42?midToken=1",
        ("linkedin", "invitation", "jane-roe-42", "Jane Roe"),
    ),
    (
        "Omar Haddad via LinkedIn <invitations@linkedin.com>",
        "Invitation to connect",
        "I'd like to add you to my professional network on LinkedIn.\n- Omar",
        ("linkedin", "invitation", None, "Omar Haddad"),
    ),
    (LI, "Lena Vogel reposted your post", "", ("linkedin", "share", None, "Lena Vogel")),
    (
        LI,
        "Priya Natarajan mentioned you in a comment",
        "",
        ("linkedin", "mention", None, "Priya Natarajan"),
    ),
    (
        LI,
        "Aiko Tanaka accepted your invitation",
        "",
        ("linkedin", "connection", None, "Aiko Tanaka"),
    ),
    (
        LI,
        "New notification",
        "Hi Sam,\nJane Roe commented on your post\nLinkedIn",
        ("linkedin", "comment", None, "Jane Roe"),
    ),
    (LI, "Omar Haddad replied to your comment", "", ("linkedin", "comment", None, "Omar Haddad")),
    (
        LI,
        "Lena Vogel hat Ihren Beitrag kommentiert",
        "",
        ("linkedin", "comment", None, "Lena Vogel"),
    ),
    (LI, "Jane Roe a partagé votre publication", "", ("linkedin", "share", None, "Jane Roe")),
    (LI, "Omar Haddad comentó tu publicación", "", ("linkedin", "comment", None, "Omar Haddad")),
    (
        "Jane Roe via LinkedIn <messages-noreply@linkedin.com>",
        "Lunch on Friday?",
        "",
        ("linkedin", "message", None, "Jane Roe"),
    ),
    # X
    (X, "Jane Roe (@JaneRoe) reposted your post", "", ("x", "share", "janeroe", "Jane Roe")),
    (
        X,
        "Omar Haddad liked your post",
        "https://x.com/i/notifications https://x.com/samowner/status/1 https://x.com/omarh",
        ("x", "like", "omarh", "Omar Haddad"),
    ),
    (X, "Lena Vogel replied to your post", "", ("x", "reply", None, "Lena Vogel")),
    (X, "Priya Natarajan mentioned you", "", ("x", "mention", None, "Priya Natarajan")),
    (X, "@aiko_t followed you", "", ("x", "follow", "aiko_t", None)),
    (
        "Twitter <info@twitter.com>",
        "Jane Roe retweeted your Tweet",
        "",
        ("x", "share", None, "Jane Roe"),
    ),
    (X, "Jane Roe gefällt dein Post", "", ("x", "like", None, "Jane Roe")),
    # Mastodon (English subjects as in Mastodon's en.yml, and older wordings)
    (
        MS,
        "Jane Roe boosted your post",
        "Jane Roe https://mastodon.social/@janeroe",
        ("mastodon", "share", "janeroe@mastodon.social", "Jane Roe"),
    ),
    (  # the booster's own instance links its profile
        MS,
        "Jane Roe boosted your post",
        "Jane Roe https://fosstodon.org/@janeroe",
        ("mastodon", "share", "janeroe@fosstodon.org", "Jane Roe"),
    ),
    (
        "Fosstodon <notifications@fosstodon.org>",
        "You were mentioned by Omar Haddad",
        "You were mentioned by Omar Haddad in:\nhttps://fosstodon.org/@omar@hachyderm.io",
        ("mastodon", "mention", "omar@hachyderm.io", "Omar Haddad"),
    ),
    (
        "S <notifications@social.example>",
        "Lena Vogel favorited your post",
        "https://social.example/@sam/1122334455\nhttps://social.example/@lena",
        ("mastodon", "like", "lena@social.example", "Lena Vogel"),
    ),
    (
        MS,
        "Aiko Tanaka is now following you",
        "Sent by Mastodon",
        ("mastodon", "follow", None, "Aiko Tanaka"),
    ),
    (
        MS,
        "Jane Roe reblogged your status",
        "https://mastodon.social/@janeroe",
        ("mastodon", "share", "janeroe@mastodon.social", "Jane Roe"),
    ),
    (
        MS,
        "Priya Natarajan favourited your post",
        "mastodon",
        ("mastodon", "like", None, "Priya Natarajan"),
    ),
    (MS, "Jane Roe replied to your post", "mastodon", ("mastodon", "reply", None, "Jane Roe")),
    (MS, "Jane Roe mentioned you", "mastodon", ("mastodon", "mention", None, "Jane Roe")),
    (MS, "Jane Roe followed you", "mastodon", ("mastodon", "follow", None, "Jane Roe")),
    (
        "P <notifications@piaille.example>",
        "Vous avez été mentionné·e par Jane Roe",
        "https://piaille.example/@jane",
        ("mastodon", "mention", "jane@piaille.example", "Jane Roe"),
    ),
    (MS, "Omar Haddad folgt dir jetzt", "Mastodon", ("mastodon", "follow", None, "Omar Haddad")),
    # Bluesky
    (
        BS,
        "Jane Roe reposted your post",
        "https://bsky.app/profile/janeroe.bsky.social/post/3k",
        ("bluesky", "share", "janeroe.bsky.social", "Jane Roe"),
    ),
    (
        BS,
        "Omar Haddad (@omar.example.com) followed you",
        "",
        ("bluesky", "follow", "omar.example.com", "Omar Haddad"),
    ),
    (BS, "Lena Vogel replied to your post", "", ("bluesky", "reply", None, "Lena Vogel")),
    (BS, "Priya Natarajan mentioned you", "", ("bluesky", "mention", None, "Priya Natarajan")),
    (BS, "Aiko Tanaka liked your post", "", ("bluesky", "like", None, "Aiko Tanaka")),
    (BS, "Jane Roe te sigue", "", ("bluesky", "follow", None, "Jane Roe")),
]


@pytest.mark.parametrize(("sender", "subject", "body", "expected"), CASES)
def test_notification(
    sender: str, subject: str, body: str, expected: tuple[str, str, str | None, str | None]
) -> None:
    platform, kind, handle, name = expected
    rec = record(sender, subject, body, extra="List-Unsubscribe: <https://x.example/u>\n")
    assert isinstance(rec, InteractionRecord), rec
    assert (rec.platform, rec.kind, rec.direction) == (platform, kind, "in")
    (who,) = rec.counterparts
    assert (who.platform, who.handle, who.name) == (platform, handle, name)
    assert rec.source_key == "email:n1@mail.example:notif"
    assert rec.occurred_at == datetime(2023, 8, 10, 7, 29, 58, tzinfo=UTC)


def test_others_are_counted_in_text() -> None:
    rec = record(LI, "Jane Roe and 3 others reacted to your post", "")
    assert isinstance(rec, InteractionRecord)
    assert rec.counterparts == [IdentityRef("linkedin", None, "Jane Roe")]
    assert (rec.kind, rec.text) == ("like", "and 3 others")


def test_two_named_people_keep_the_first() -> None:
    rec = record(BS, "Jane Roe and Omar Haddad liked your post", "")
    assert isinstance(rec, InteractionRecord)
    assert rec.counterparts == [IdentityRef("bluesky", None, "Jane Roe")]
    assert rec.text == "and 1 other"


def test_bluesky_repost_keeps_the_post_text() -> None:
    # A made-up notification in Bluesky's layout: the sentence ends in ":", the
    # quoted post follows (a blank line inside it), then links and a footer.
    (rec,) = check_golden("eml", DATA / "email" / "bluesky_repost.eml")
    assert (rec["platform"], rec["kind"]) == ("bluesky", "share")
    assert rec["text"] == (
        "We're hiring two data engineers in Berlin: Python, dbt and a kind team.\n\n"
        "DMs open, or reply here."
    )


@pytest.mark.parametrize(
    ("subject", "body", "text"),
    [
        # A paragraph without quotes ends at the blank line.
        (
            "Jane Roe reposted your post",
            "Jane Roe reposted your post:\nNew job!\n\nfooter",
            "New job!",
        ),
        # The sentence only in the subject: the body quotes nothing.
        ("Jane Roe reposted your post", '"New job!"', None),
        # Without the colon, what follows may be a footer: not read.
        ("Jane Roe reposted your post", "Jane Roe reposted your post\nUnsubscribe", None),
        # The others come after the post.
        (
            "Jane Roe and 2 others reposted your post",
            'Jane Roe and 2 others reposted your post:\n\n"New job!"\n',
            "New job!\n\nand 2 others",
        ),
    ],
)
def test_text_after_the_sentence_is_the_post(subject: str, body: str, text: str | None) -> None:
    rec = record(BS, subject, body)
    assert isinstance(rec, InteractionRecord) and rec.kind == "share"
    assert rec.text == text


def test_profile_link_resembling_the_name_wins() -> None:
    body = "https://www.linkedin.com/in/someone-else\nhttps://www.linkedin.com/in/lena-vogel-7"
    rec = record(LI, "Lena Vogel commented on your post", body)
    assert isinstance(rec, InteractionRecord)
    assert rec.counterparts[0].handle == "lena-vogel-7"


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (LI, "You appeared in 12 searches this week", "See who's looking"),
        (X, "3 people liked your post", ""),
        (X, "Someone you may know is on X", ""),
        (MS, "Your weekly digest", "Mastodon https://mastodon.social/@news"),
        (BS, "Confirm your email", ""),
    ],
)
def test_digests_naming_nobody_are_skipped(sender: str, subject: str, body: str) -> None:
    rec = record(sender, subject, body)
    assert isinstance(rec, Skipped) and "notification naming nobody" in rec.reason


def test_other_notification_senders_are_bulk_mail_not_mastodon() -> None:
    rec = record(
        "GitHub <notifications@github.com>",
        "Jane Roe mentioned you",
        "in org/repo #1",
        extra="List-Unsubscribe: <mailto:u@github.com>\n",
    )
    assert rec == Skipped("message 1", "bulk mail (List-Unsubscribe)")


@pytest.mark.parametrize(
    ("sender", "body"),
    [
        ("Medium <notifications@medium.com>", "https://medium.com/@janeroe"),
        ("TikTok <notification@account.tiktok.com>", "https://www.tiktok.com/@janeroe"),
        ("Substack <notifications@substack.com>", "See https://substack.com/@janeroe"),
        ("GitHub <notifications@github.com>", "https://social.example/@janeroe"),
    ],
)
def test_other_sites_with_at_user_links_are_not_mastodon(sender: str, body: str) -> None:
    # Medium, TikTok, Substack and YouTube use https://host/@user profile links too,
    # and a code host's notification quotes whatever link someone wrote.
    rec = record(sender, "Jane Roe started following you", body)
    assert not (isinstance(rec, InteractionRecord) and rec.platform == "mastodon"), rec


@pytest.mark.parametrize(
    "sender",
    [
        "notifications-noreply@linkedin.com <phisher@evil.example>",
        "LinkedIn <notifications-noreply@linkedin.com.evil.example>",
        "LinkedIn <notifications-noreply@linkedln.com>",
        "LinkedIn <notifications@linkedin.com@evil.example>",
    ],
)
def test_lookalike_senders_are_not_trusted_as_linkedin(sender: str) -> None:
    # An unquoted address as display name hides the real one from naive parsers;
    # mail clients (and RFC 5322) take the address in angle brackets.
    rec = record(sender, "Jane Roe wants to connect", "https://www.linkedin.com/in/jane-roe")
    assert not (isinstance(rec, InteractionRecord) and rec.platform == "linkedin"), rec


@pytest.mark.parametrize(
    "value",
    [
        "notifications@linkedin.com <phisher@evil.example>",
        "notifications@linkedin.com (LinkedIn) <phisher@evil.example>",
        "LinkedIn; notifications@linkedin.com <phisher@evil.example>",
    ],
)
def test_address_as_display_name_is_not_the_sender(value: str) -> None:
    headers = ep.Headers.parse(f"From: {value}".encode())
    assert [a for _, a in ep.addresses(headers, "from")] == ["phisher@evil.example"]


def test_a_person_writing_from_a_network_domain_is_plain_email() -> None:
    rec = record("Jane Roe <jroe@linkedin.com>", "Lunch", "See you at noon")
    assert isinstance(rec, InteractionRecord)
    assert (rec.platform, rec.kind) == ("email", "email")


def test_spam_notifications_are_not_trusted() -> None:
    rec = record(LI, "Jane Roe wants to connect", "", extra="X-Gmail-Labels: Spam\n")
    assert rec == Skipped("message 1", "spam (X-Gmail-Labels)")


def test_pattern_table_is_data() -> None:
    platforms = {p for p, _, _ in notifications.PATTERNS}
    kinds = {k for _, _, k in notifications.PATTERNS}
    assert platforms == {"linkedin", "x", "mastodon", "bluesky"}
    assert {"share", "mention", "comment", "reply", "like", "invitation", "follow"} <= kinds


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["linkedin", "x", "mastodon", "bluesky"]),
    st.text(max_size=120),
    st.text(max_size=300),
)
def test_parse_never_raises(network: str, subject: str, body: str) -> None:
    note = notifications.parse(network, subject, body, sender="n@social.example")
    assert note is None or note.platform == network
