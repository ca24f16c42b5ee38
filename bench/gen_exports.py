"""Generate large LinkedIn and X exports for the import benchmark.

Invented people only. Layouts follow docs/formats.md (2026 LinkedIn, current X).
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warmly.demo.write_linkedin import MESSAGE_HEADER, PREAMBLE

FIRST = [
    "Ana",
    "Ben",
    "Chen",
    "Dana",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jonas",
    "Kai",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Uma",
    "Vik",
    "Wren",
    "Xia",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Abara",
    "Berg",
    "Costa",
    "Dahl",
    "Eze",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lund",
    "Mendes",
    "Novak",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Sato",
    "Tan",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhou",
]
WORDS = [
    "thanks",
    "for",
    "the",
    "intro",
    "happy",
    "to",
    "chat",
    "about",
    "the",
    "backend",
    "role",
    "next",
    "week",
    "team",
    "hiring",
    "python",
    "data",
    "platform",
    "remote",
    "berlin",
    "coffee",
    "soon",
    "great",
    "post",
    "congrats",
    "on",
    "the",
    "new",
    "job",
]
START = datetime(2021, 1, 1, tzinfo=UTC)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def linkedin_zip(path: Path, connections: int, messages: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    people = [
        (f"{rng.choice(FIRST)}", f"{rng.choice(LAST)}", f"p{i:06d}") for i in range(connections)
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        buf = io.StringIO()
        buf.write(PREAMBLE)
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for first, last, slug in people:
            d = START + timedelta(days=rng.randrange(1800))
            w.writerow(
                [
                    first,
                    last,
                    f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{slug}",
                    "",
                    f"Company {rng.randrange(3000)}",
                    "Engineer",
                    d.strftime("%d %b %Y"),
                ]
            )
        z.writestr("Connections.csv", buf.getvalue().rstrip("\n"))
        buf = io.StringIO()
        w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(MESSAGE_HEADER)
        me = ("Jordan Avery", "https://www.linkedin.com/in/jordan-avery")
        for _ in range(messages):
            first, last, slug = people[rng.randrange(connections)]
            them = (
                f"{first} {last}",
                f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{slug}",
            )
            src, dst = (me, them) if rng.random() < 0.45 else (them, me)
            at = START + timedelta(seconds=rng.randrange(5 * 365 * 86400))
            w.writerow(
                [
                    f"conv-{slug}",
                    "",
                    src[0],
                    src[1],
                    dst[0],
                    dst[1],
                    at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "",
                    _text(rng, rng.randrange(4, 40)),
                    "INBOX",
                    "",
                    "No",
                    "No",
                ]
            )
        z.writestr("messages.csv", buf.getvalue())
    return path


def _js(name: str, items: list[object]) -> str:
    return f"window.YTD.{name}.part0 = " + json.dumps(items, indent=2, separators=(",", " : "))


def x_zip(path: Path, tweets: int, dms: int, seed: int = 2, people: int = 20000) -> Path:
    rng = random.Random(seed)
    me_id, me = "1000", "jordanavery"
    others = [
        (str(2000 + i), f"{rng.choice(FIRST).lower()}{rng.choice(LAST).lower()}{i}")
        for i in range(people)
    ]
    tw = []
    for i in range(tweets):
        at = START + timedelta(seconds=rng.randrange(5 * 365 * 86400))
        uid, h = others[rng.randrange(people)]
        t = {
            "edit_info": {},
            "retweeted": False,
            "source": "web",
            "favorite_count": "0",
            "id_str": str(1_500_000_000_000_000_000 + i),
            "id": str(1_500_000_000_000_000_000 + i),
            "truncated": False,
            "retweet_count": "0",
            "favorited": False,
            "lang": "en",
            "created_at": at.strftime("%a %b %d %H:%M:%S +0000 %Y"),
            "display_text_range": ["0", "80"],
            "entities": {
                "hashtags": [],
                "symbols": [],
                "urls": [],
                "user_mentions": [
                    {"name": h, "screen_name": h, "indices": ["0", "5"], "id_str": uid, "id": uid}
                ],
            },
            "full_text": f"@{h} {_text(rng, 12)}",
        }
        if i % 2:
            t.update(
                {
                    "in_reply_to_user_id_str": uid,
                    "in_reply_to_user_id": uid,
                    "in_reply_to_screen_name": h,
                    "in_reply_to_status_id_str": str(i),
                }
            )
        tw.append({"tweet": t})
    convs: dict[str, list[dict[str, object]]] = {}
    for i in range(dms):
        uid, _h = others[rng.randrange(people)]
        at = START + timedelta(seconds=rng.randrange(5 * 365 * 86400))
        mine = rng.random() < 0.5
        convs.setdefault(f"{me_id}-{uid}", []).append(
            {
                "messageCreate": {
                    "recipientId": uid if mine else me_id,
                    "reactions": [],
                    "urls": [],
                    "text": _text(rng, rng.randrange(3, 30)),
                    "mediaUrls": [],
                    "senderId": me_id if mine else uid,
                    "id": str(1_600_000_000_000_000_000 + i),
                    "createdAt": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                }
            }
        )
    dm = [{"dmConversation": {"conversationId": c, "messages": m}} for c, m in convs.items()]
    manifest = {
        "userInfo": {"accountId": me_id, "userName": me, "displayName": "Jordan Avery"},
        "archiveInfo": {
            "sizeBytes": "1",
            "generationDate": "2026-11-20T00:00:00.000Z",
            "isPartialArchive": False,
            "maxPartSizeBytes": "53687091200",
        },
        "dataTypes": {
            "account": {
                "files": [
                    {"fileName": "data/account.js", "globalName": "YTD.account.part0", "count": "1"}
                ]
            },
            "tweets": {
                "files": [
                    {
                        "fileName": "data/tweets.js",
                        "globalName": "YTD.tweets.part0",
                        "count": str(tweets),
                    }
                ]
            },
            "directMessages": {
                "files": [
                    {
                        "fileName": "data/direct-messages.js",
                        "globalName": "YTD.direct_messages.part0",
                        "count": str(len(dm)),
                    }
                ]
            },
        },
    }
    account = [
        {
            "account": {
                "email": None,
                "createdVia": "web",
                "username": me,
                "accountId": me_id,
                "createdAt": "2010-02-09T17:10:05.000Z",
                "accountDisplayName": "Jordan Avery",
            }
        }
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("data/manifest.js", "window.__THAR_CONFIG = " + json.dumps(manifest, indent=2))
        z.writestr("data/account.js", _js("account", account))
        z.writestr("data/tweets.js", _js("tweets", tw))
        z.writestr("data/direct-messages.js", _js("direct_messages", dm))
    return path


def main() -> None:
    """``python bench/gen_exports.py DIR [--scale S]``: write both exports into DIR."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes")
    args = ap.parse_args()
    s = args.scale
    args.dir.mkdir(parents=True, exist_ok=True)
    linkedin_zip(
        args.dir / "Basic_LinkedInDataExport_11-20-2026.zip", int(30000 * s), int(200000 * s)
    )
    x_zip(args.dir / "twitter-2026-11-20-bench.zip", int(100000 * s), int(50000 * s))


if __name__ == "__main__":
    main()
