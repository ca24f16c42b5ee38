"""X archive importer on generated archives: exact counts.

Parse speed at the issue's sizes is measured by ``bench/import_speed.py``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from warmly.importers.base import ImportContext
from warmly.importers.records import InteractionRecord
from warmly.importers.source import ExportTree
from warmly.importers.x_archive import XArchiveImporter

OWNER_ID = "1000"


def _dump(path: Path, name: str, part: int, data: list[Any]) -> None:
    body = json.dumps(data, indent=2, separators=(",", " : "), ensure_ascii=False)
    path.write_text(f"window.YTD.{name}.part{part} = {body}", encoding="utf-8")


def _tweet(i: int, users: list[tuple[str, str]]) -> dict[str, Any]:
    """Tweet ``i``: kinds cycle reply x3, retweet x3, quote, mention, plain x2."""
    tid = str(1500000000000000000 + i)
    uid, sn = users[i % len(users)]
    uid2, sn2 = users[(i * 7 + 1) % len(users)]
    when = datetime(2022, 11, 1, tzinfo=UTC) - timedelta(minutes=7 * i)
    tw: dict[str, Any] = {
        "edit_info": {"initial": {"editTweetIds": [tid], "editsRemaining": "5"}},
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "display_text_range": ["0", "140"],
        "favorite_count": "3",
        "id_str": tid,
        "truncated": False,
        "retweet_count": "0",
        "id": tid,
        "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False,
        "full_text": "Plain words &amp; more words about things https://t.co/abc",
        "lang": "en",
    }
    kind = i % 10
    m1 = {"name": f"User {uid}", "screen_name": sn, "indices": ["0", "9"], "id_str": uid, "id": uid}
    m2 = {"name": f"User {uid2}", "screen_name": sn2, "indices": ["9", "19"], "id_str": uid2}
    if kind < 3:
        tw["entities"]["user_mentions"] = [m1]
        tw["in_reply_to_user_id_str"] = tw["in_reply_to_user_id"] = uid
        tw["in_reply_to_screen_name"] = sn
        tw["full_text"] = f"@{sn} thanks for that &amp; more"
    elif kind < 6:
        tw["entities"]["user_mentions"] = [m1, m2]
        tw["full_text"] = f"RT @{sn}: something said by @{sn2} that is long…"
    elif kind == 6:
        url = f"https://twitter.com/{sn}/status/{tid}"
        tw["entities"]["urls"] = [{"url": "https://t.co/x", "expanded_url": url}]
    elif kind == 7:
        tw["entities"]["user_mentions"] = [m1]
        tw["full_text"] = f"Look @{sn} at this"
    return {"tweet": tw}


def write_archive(root: Path, n_tweets: int, n_dms: int, parts: int = 2) -> None:
    """A synthetic archive of invented users; ``n_tweets`` a multiple of 10, ``n_dms`` of 50."""
    data = root / "data"
    data.mkdir(parents=True)
    account = {"username": "Owner", "accountId": OWNER_ID, "accountDisplayName": "Owner"}
    _dump(data / "account.js", "account", 0, [{"account": account}])
    users = [(str(2000 + i), f"user{i}") for i in range(3000)]
    tweets = [_tweet(i, users) for i in range(n_tweets)]
    per = -(-n_tweets // parts)
    for p in range(parts):
        name = "tweets.js" if p == 0 else f"tweets-part{p}.js"
        _dump(data / name, "tweets", p, tweets[p * per : (p + 1) * per])
    convs, mid = [], 1600000000000000000
    for c in range(n_dms // 50):
        other, msgs = users[c % len(users)][0], []
        for k in range(50):
            mid += 1
            sender, recipient = (OWNER_ID, other) if k % 2 == 0 else (other, OWNER_ID)
            created = f"2022-10-{1 + k % 28:02d}T12:00:{k % 60:02d}.123Z"
            body = {
                "recipientId": recipient,
                "reactions": [],
                "urls": [],
                "text": "Hello there",
                "mediaUrls": [],
                "senderId": sender,
                "id": str(mid),
                "createdAt": created,
            }
            msgs.append({"messageCreate": body})
        conv = {"conversationId": f"{OWNER_ID}-{other}", "messages": msgs}
        convs.append({"dmConversation": conv})
    _dump(data / "direct-messages.js", "direct_messages", 0, convs)
    follows = [{"follower": {"accountId": u, "userLink": f"https://x.com/i/{u}"}} for u, _ in users]
    _dump(data / "follower.js", "follower", 0, follows)


def _read_counts(root: Path) -> tuple[Counter[str], float]:
    """Record counts by kind, and the CPU seconds reading took (robust on a busy box)."""
    start = time.process_time()
    counts: Counter[str] = Counter()
    with ExportTree(root) as tree:
        for rec in XArchiveImporter().read(tree, ImportContext()):
            counts[rec.kind if isinstance(rec, InteractionRecord) else type(rec).__name__] += 1
    return counts, time.process_time() - start


def test_generated_archive_counts(tmp_path: Path) -> None:
    write_archive(tmp_path, n_tweets=2000, n_dms=1000, parts=3)
    counts, _ = _read_counts(tmp_path)
    assert counts == Counter(
        OwnerRecord=1, reply=600, share=800, mention=200, message=1000, ContactRecord=3000
    )
