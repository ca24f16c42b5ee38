"""Render the world as a LinkedIn ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` (2026 layout).

Follows docs/formats.md (from the shared format notes) section a: Connections.csv with the
``Notes:`` preamble, URL column, date-only hidden rows and no final newline;
messages.csv with every field quoted; Invitations.csv with US dates;
Profile.csv, Skills.csv and Positions.csv for the user.
"""

from __future__ import annotations

import base64
import random
from pathlib import Path

from warmly.demo.fileutil import csv_text, dd_mon_yyyy, mon_yyyy, us_short, write_zip
from warmly.demo.world import Contact, Thread, World

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    "addresses are missing. You will only see email addresses for connections who have "
    "allowed their connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n\n'
)
MESSAGE_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
    "IS MESSAGE DRAFT",
    "IS CONVERSATION DRAFT",
]
HIDDEN_ROWS = 6


def connections_csv(rng: random.Random, world: World) -> str:
    """Connections, newest first, a few hidden profiles, no newline after the last row."""
    people = sorted(
        (c for c in world.contacts if c.connected_on),
        key=lambda c: (c.connected_on, c.id),
        reverse=True,
    )
    rows = [
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    ]
    hidden_at = set(rng.sample(range(len(people)), HIDDEN_ROWS))
    for i, c in enumerate(people):
        assert c.connected_on is not None
        rows.append(
            [
                c.first,
                c.last + c.name_suffix,
                c.linkedin_url or "",
                c.linkedin_email or "",
                c.company.name,
                c.title,
                dd_mon_yyyy(c.connected_on),
            ]
        )
        if i in hidden_at:
            rows.append(["", "", "", "", "", "", dd_mon_yyyy(c.connected_on)])
    return PREAMBLE + csv_text(rows).removesuffix("\n")


def _conversation_id(rng: random.Random) -> str:
    return "2-" + base64.b64encode(rng.randbytes(16)).decode("ascii")


def _party(world: World, cid: int | None) -> tuple[str, str]:
    if cid is None:
        return world.owner.name, world.owner.linkedin_url
    c: Contact = world.contact(cid)
    return c.linkedin_name, c.linkedin_url or ""


def message_rows(rng: random.Random, world: World) -> list[list[str]]:
    """One row per LinkedIn message: conversations newest first, messages newest first."""
    threads = [th for th in world.threads if th.channel == "linkedin"]
    threads.sort(key=lambda th: (max(m.at for m in th.messages), th.key), reverse=True)
    rows: list[list[str]] = []
    for th in threads:
        conv = _conversation_id(rng)
        participants: list[int | None] = [None, *th.contacts]
        folder = _folder(rng, th)
        for m in sorted(th.messages, key=lambda m: m.at, reverse=True):
            sender = None if m.outgoing else m.sender
            name, url = _party(world, sender)
            if th.label == "mass_mail":
                url = ""
            others = [_party(world, p) for p in participants if p != sender]
            content = m.text.replace("\n", "\r\n") if rng.random() < 0.03 else m.text
            rows.append(
                [
                    conv,
                    th.title,
                    name,
                    url,
                    ", ".join(n for n, _ in others),
                    ",".join(u for _, u in others if u),
                    f"{m.at:%Y-%m-%d %H:%M:%S} UTC",
                    th.subject if th.label else "",
                    content,
                    folder,
                    "",
                    "No",
                    "No",
                ]
            )
    return rows


def _folder(rng: random.Random, th: Thread) -> str:
    if th.label == "not_a_fit" and rng.random() < 0.1:
        return "SPAM"
    if th.label is None and rng.random() < 0.05:
        return "ARCHIVE"
    return "INBOX"


def invitations_csv(world: World) -> str:
    """Pending invitations, newest first."""
    me, me_url = world.owner.name, world.owner.linkedin_url
    rows = [
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    ]
    for inv in world.invitations:
        c = world.contact(inv.contact)
        url = c.linkedin_url or ""
        if inv.outgoing:
            rows.append(
                [me, c.linkedin_name, us_short(inv.at), inv.message, "OUTGOING", me_url, url]
            )
        else:
            rows.append(
                [c.linkedin_name, me, us_short(inv.at), inv.message, "INCOMING", url, me_url]
            )
    return csv_text(rows)


def profile_files(world: World) -> list[tuple[str, str]]:
    """Profile.csv, Skills.csv and Positions.csv of the user."""
    o = world.owner
    profile = csv_text(
        [
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Headline",
                "Summary",
                "Industry",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ],
            [
                o.first,
                o.last,
                "",
                "",
                "",
                o.headline,
                o.summary,
                "Staffing and Recruiting",
                "10999",
                "Berlin, Berlin, Germany",
                o.x_handle,
                f"[PERSONAL:{o.website}]",
                "",
            ],
        ]
    )
    skills = csv_text([["Name"], *[[s] for s in o.skills]])
    positions = csv_text(
        [
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            *[
                [
                    p.company,
                    p.title,
                    p.description,
                    p.location,
                    mon_yyyy(p.started),
                    mon_yyyy(p.finished) if p.finished else "",
                ]
                for p in o.positions
            ],
        ]
    )
    return [("Profile.csv", profile), ("Skills.csv", skills), ("Positions.csv", positions)]


def write_linkedin(world: World, out_dir: Path) -> tuple[Path, int]:
    """Write the LinkedIn archive; return its path and the number of messages in it."""
    rng = random.Random(f"{world.seed}:linkedin")
    rows = message_rows(rng, world)
    members = [
        ("Connections.csv", connections_csv(rng, world)),
        ("messages.csv", csv_text([MESSAGE_HEADER, *rows], quote_all=True)),
        ("Invitations.csv", invitations_csv(world)),
        *profile_files(world),
    ]
    path = out_dir / f"Basic_LinkedInDataExport_{world.now:%m-%d-%Y}.zip"
    write_zip(path, [(n, t.encode("utf-8")) for n, t in members], world.now)
    return path, len(rows)
