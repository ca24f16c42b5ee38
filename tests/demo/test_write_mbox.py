"""The Takeout mbox: stdlib mailbox reads it; threads, notifications and list mail are there."""

from __future__ import annotations

import mailbox
import re
from collections import Counter
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from tests.demo.conftest import read_member
from warmly.demo import DEFAULT_NOW, DemoFiles

FROM_LINE = re.compile(
    rb"^From \d{15,20}@xxx [A-Z][a-z]{2} [A-Z][a-z]{2} \d\d "
    rb"\d\d:\d\d:\d\d \+0000 \d{4}$"
)


HEADERS = (
    "From",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "X-GM-THRID",
    "X-Gmail-Labels",
    "Delivered-To",
    "List-Id",
    "List-Unsubscribe",
    "Precedence",
)


def _summary(msg: Message) -> dict[str, str]:
    """The decoded headers the tests look at, plus the plain-text body."""
    out = {h: str(make_header(decode_header(msg[h]))) if msg[h] else "" for h in HEADERS}
    part = next((p for p in msg.walk() if p.get_content_type() == "text/plain"), None)
    payload = part.get_payload(decode=True) if part is not None else b""
    out["body"] = payload.decode("utf-8") if isinstance(payload, bytes) else ""
    return out


@pytest.fixture(scope="module")
def messages(demo: DemoFiles, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    """Every message of the Takeout mbox, read with the stdlib ``mailbox`` module."""
    data = read_member(demo.mbox, "All mail Including Spam and Trash.mbox")
    assert all(FROM_LINE.match(line) for line in data.split(b"\n") if line.startswith(b"From "))
    path: Path = tmp_path_factory.mktemp("mbox") / "all.mbox"
    path.write_bytes(data)
    box = mailbox.mbox(path, create=False)
    try:
        return [_summary(m) for m in box]
    finally:
        box.close()


def test_headers_and_times(messages: list[dict[str, str]], demo: DemoFiles) -> None:
    assert len(messages) > 3000
    for msg in messages:
        assert msg["X-GM-THRID"] and msg["X-Gmail-Labels"] and msg["Message-ID"]
        assert parsedate_to_datetime(msg["Date"]) <= DEFAULT_NOW
    labels = Counter(lab for m in messages for lab in m["X-Gmail-Labels"].split(","))
    assert labels["Sent"] > 500 and labels["Inbox"] > 500 and labels["Category updates"] > 10
    inbound = [m for m in messages if "Sent" not in m["X-Gmail-Labels"]]
    assert all(m["Delivered-To"] in demo.profile["emails"] for m in inbound)


def test_threads_hold_together(messages: list[dict[str, str]]) -> None:
    by_id = {m["Message-ID"]: m for m in messages}
    replies = [m for m in messages if m["In-Reply-To"]]
    assert len(replies) > 1000
    assert all(m["In-Reply-To"] in by_id for m in replies)
    assert all(by_id[m["In-Reply-To"]]["X-GM-THRID"] == m["X-GM-THRID"] for m in replies)


def test_notifications_of_every_kind(messages: list[dict[str, str]]) -> None:
    def count(sender: str, pattern: str, url: str) -> int:
        hits = [m for m in messages if sender in m["From"] and re.search(pattern, m["Subject"])]
        assert all(url in m["body"] for m in hits)
        return len(hits)

    assert (
        count(
            "notifications-noreply@linkedin.com",
            "reposted your post",
            "https://www.linkedin.com/in/",
        )
        > 20
    )
    assert (
        count(
            "notifications-noreply@linkedin.com",
            "commented on your post",
            "https://www.linkedin.com/in/",
        )
        > 10
    )
    assert count("invitations@linkedin.com", "wants to connect", "https://www.linkedin.com/in/")
    assert count("notify@x.com", r"^@\w+ reposted your post", "https://x.com/") > 10
    assert count("notifications@", "boosted your post", "/@") > 3
    assert count("noreply@bsky.app", "reposted your post", "https://bsky.app/profile/") > 3


def test_list_mail_is_marked_bulk(messages: list[dict[str, str]]) -> None:
    lists = [m for m in messages if m["List-Id"]]
    assert len(lists) > 50
    assert all(m["List-Unsubscribe"] and m["Precedence"] in ("bulk", "list") for m in lists)
