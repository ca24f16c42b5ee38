"""Render the world as an X archive ``twitter-YYYY-MM-DD-<hash>.zip``.

Follows docs/formats.md (from the shared format notes) section b: each ``data/*.js`` is one
``window.YTD.<type>.part0 = [ … ]`` assignment, pretty-printed with ``" : "``,
every number a string, ``created_at`` like ``Wed Nov 02 21:30:39 +0000 2022``,
HTML-escaped ``full_text``, DMs newest first within a conversation.
"""

from __future__ import annotations

import json
import random
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from warmly.demo.fileutil import ctime_zone, iso_ms, write_zip
from warmly.demo.social import snowflake
from warmly.demo.world import Contact, Tweet, World

SOURCES = (
    '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
)
HASHTAG_RX = re.compile(r"#(\w+)")


def js(global_name: str, data: Any) -> bytes:
    """``window.YTD.<name>.part0 = [ … ]`` as X writes it (no trailing newline)."""
    text = json.dumps(data, indent=2, separators=(",", " : "), ensure_ascii=False)
    text = text.replace(" : []", " : [ ]").replace(" : {}", " : { }")
    if text == "[]":
        text = "[ ]"
    return f"window.{global_name} = {text}".encode()


def html_escape(text: str) -> str:
    """X escapes only ``&``, ``<`` and ``>`` in ``full_text``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mention(c: Contact, text: str) -> dict[str, Any]:
    start = text.find(f"@{c.x_handle}")
    return {
        "name": c.x_display,
        "screen_name": c.x_handle,
        "indices": [str(start), str(start + len(c.x_handle or "") + 1)],
        "id_str": c.x_id,
        "id": c.x_id,
    }


def tweet_record(rng: random.Random, world: World, tw: Tweet) -> dict[str, Any]:
    """One ``{"tweet": {...}}`` record with the fields a real archive carries."""
    mentions = [_mention(world.contact(cid), tw.text) for cid in tw.mentions]
    hashtags = [
        {"text": m.group(1), "indices": [str(m.start()), str(m.end())]}
        for m in HASHTAG_RX.finditer(tw.text)
    ]
    retweet = tw.kind == "retweet"
    text = tw.text if not retweet or len(tw.text) <= 140 else tw.text[:139] + "…"
    rec: dict[str, Any] = {
        "edit_info": {
            "initial": {
                "editTweetIds": [tw.id],
                "editableUntil": iso_ms(tw.at + timedelta(hours=1)),
                "editsRemaining": "5",
                "isEditEligible": not retweet and tw.kind != "reply",
            }
        },
        "retweeted": False,
        "source": rng.choice(SOURCES),
        "entities": {"hashtags": hashtags, "symbols": [], "user_mentions": mentions, "urls": []},
        "display_text_range": ["0", str(len(text))],
        "favorite_count": "0" if retweet else str(int(rng.paretovariate(1.3)) - 1),
        "id_str": tw.id,
        "truncated": False,
        "retweet_count": "0" if retweet else str(int(rng.paretovariate(1.8)) - 1),
        "id": tw.id,
        "created_at": ctime_zone(tw.at),
        "favorited": False,
        "full_text": html_escape(text),
        "lang": "en",
    }
    if tw.kind == "reply" and tw.reply_to is not None:
        c = world.contact(tw.reply_to)
        parent = snowflake(tw.at - timedelta(minutes=rng.randint(3, 600)), rng)
        if rng.random() < 0.85:  # old-style @-replies have no status id
            rec["in_reply_to_status_id_str"] = parent
            rec["in_reply_to_status_id"] = parent
        rec["in_reply_to_user_id"] = c.x_id
        rec["in_reply_to_user_id_str"] = c.x_id
        if rng.random() < 0.9:  # sometimes missing although the user id is there
            rec["in_reply_to_screen_name"] = c.x_handle
        rec["display_text_range"] = [str(len(c.x_handle or "") + 2), str(len(text))]
    return {"tweet": rec}


def dm_conversations(rng: random.Random, world: World) -> list[dict[str, Any]]:
    """1:1 DM conversations, newest conversation first, messages newest first."""
    me = world.owner.x_id
    threads = [th for th in world.threads if th.channel == "x"]
    threads.sort(key=lambda th: (max(m.at for m in th.messages), th.key), reverse=True)
    out = []
    for th in threads:
        c = world.contact(th.contacts[0])
        assert c.x_id is not None
        a, b = sorted((me, c.x_id), key=int)
        msgs = []
        for m in sorted(th.messages, key=lambda m: m.at, reverse=True):
            sender, recipient = (me, c.x_id) if m.outgoing else (c.x_id, me)
            msgs.append(
                {
                    "messageCreate": {
                        "recipientId": recipient,
                        "reactions": [],
                        "urls": [],
                        "text": m.text,
                        "mediaUrls": [],
                        "senderId": sender,
                        "id": snowflake(m.at, rng),
                        "createdAt": iso_ms(m.at),
                    }
                }
            )
        out.append({"dmConversation": {"conversationId": f"{a}-{b}", "messages": msgs}})
    return out


def _id_only(kind: str, ids: list[str]) -> list[dict[str, Any]]:
    return [
        {kind: {"accountId": i, "userLink": f"https://twitter.com/intent/user?user_id={i}"}}
        for i in ids
    ]


def _graph(rng: random.Random, world: World) -> tuple[list[str], list[str]]:
    on_x = [c.x_id for c in world.contacts if c.x_id]
    followers = [i for i in on_x if rng.random() < 0.8]
    following = [i for i in on_x if rng.random() < 0.6]
    followers += [str(rng.randint(10**6, 18 * 10**17)) for _ in range(300)]
    following += [str(rng.randint(10**6, 18 * 10**17)) for _ in range(90)]
    rng.shuffle(followers)
    rng.shuffle(following)
    return followers, following


def write_x(world: World, out_dir: Path) -> tuple[Path, dict[str, int]]:
    """Write the X archive; return its path and record counts per data file."""
    rng = random.Random(f"{world.seed}:x")
    o = world.owner
    tweets = [
        tweet_record(rng, world, tw)
        for tw in sorted(world.tweets, key=lambda t: t.at, reverse=True)
    ]
    dms = dm_conversations(rng, world)
    followers, following = _graph(rng, world)
    likes = [
        {
            "like": {
                "tweetId": (tid := snowflake(at, rng)),
                "fullText": text,
                "expandedUrl": f"https://twitter.com/i/web/status/{tid}",
            }
        }
        for _, at, text in sorted(world.liked, key=lambda x: x[1], reverse=True)
    ]
    account = [
        {
            "account": {
                "email": o.emails[1],
                "createdVia": "web",
                "username": o.x_handle,
                "accountId": o.x_id,
                "createdAt": "2011-05-20T08:14:51.000Z",
                "accountDisplayName": o.x_display,
            }
        }
    ]
    files = {
        "account": ("data/account.js", "YTD.account.part0", account),
        "tweets": ("data/tweets.js", "YTD.tweets.part0", tweets),
        "directMessages": ("data/direct-messages.js", "YTD.direct_messages.part0", dms),
        "directMessagesGroup": (
            "data/direct-messages-group.js",
            "YTD.direct_messages_group.part0",
            [],
        ),
        "follower": ("data/follower.js", "YTD.follower.part0", _id_only("follower", followers)),
        "following": ("data/following.js", "YTD.following.part0", _id_only("following", following)),
        "like": ("data/like.js", "YTD.like.part0", likes),
    }
    members = [(name, js(g, data)) for name, g, data in files.values()]
    manifest = {
        "userInfo": {"accountId": o.x_id, "userName": o.x_handle, "displayName": o.x_display},
        "archiveInfo": {
            "sizeBytes": str(sum(len(b) for _, b in members)),
            "generationDate": iso_ms(world.now),
            "isPartialArchive": False,
            "maxPartSizeBytes": "53687091200",
        },
        "readmeInfo": {"fileName": "data/README.txt", "directory": "data/", "name": "README.txt"},
        "dataTypes": {
            key: {"files": [{"fileName": name, "globalName": g, "count": str(len(data))}]}
            for key, (name, g, data) in files.items()
        },
    }
    text = json.dumps(manifest, indent=2, separators=(",", " : "), ensure_ascii=False)
    members.insert(0, ("data/manifest.js", f"window.__THAR_CONFIG = {text}".encode()))
    members.insert(
        0,
        (
            "Your archive.html",
            b"<!DOCTYPE html><html><head><title>Your archive</title></head><body></body></html>",
        ),
    )
    members.append(("data/README.txt", b"Twitter archive\n(demo: invented data)\n"))
    digest = f"{rng.getrandbits(256):064x}"
    path = out_dir / f"twitter-{world.now:%Y-%m-%d}-{digest}.zip"
    write_zip(path, members, world.now)
    counts = {k: len(v[2]) for k, v in files.items()}
    counts["dm_messages"] = sum(len(d["dmConversation"]["messages"]) for d in dms)
    return path, counts
