"""Render the mailbox as a Google Takeout zip.

The zip holds ``Takeout/Mail/All mail Including Spam and Trash.mbox``.

Follows docs/formats.md (from the shared format notes) section d1: ``From <id>@xxx Tue Aug 08
12:36:29 +0000 2023`` envelope lines, ``X-GM-THRID``, ``X-Gmail-Labels``,
``Delivered-To``, threads via ``In-Reply-To``/``References``. Besides the
conversations it holds platform notifications (who shares the user's posts,
see :mod:`warmly.demo.notify_mail`) and list mail that must be kept out.
"""

from __future__ import annotations

import hashlib
import quopri
import random
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from warmly.demo.fileutil import ctime_zone, write_zip
from warmly.demo.mailparts import Mail, addr, hdr
from warmly.demo.notify_mail import list_mails, notification_mail
from warmly.demo.world import Contact, Thread, World

MBOX_NAME = "Takeout/Mail/All mail Including Spam and Trash.mbox"


def _qp(text: str) -> str:
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def _mbox_safe(text: str) -> str:
    # mboxo: a body line starting with "From " would split the message.
    return "\n".join(">" + ln if ln.startswith("From ") else ln for ln in text.split("\n"))


class Renderer:
    """Turns :class:`Mail` objects into mbox bytes with Gmail-like ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def gmail_id(self, at: datetime) -> str:
        return str((int(at.timestamp() * 1000) << 20) | self.rng.getrandbits(20))

    def message_id(self, domain: str) -> str:
        token = "".join(
            self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            for _ in range(28)
        )
        return f"<CA+{token}@{domain}>" if domain == "mail.gmail.com" else f"<{token}@{domain}>"

    def render(self, mail: Mail) -> bytes:
        gid = mail.gmail_id or self.gmail_id(mail.at)
        lines = [f"X-GM-THRID: {mail.thread_id or gid}", f"X-Gmail-Labels: {mail.labels}"]
        lines += [f"{k}: {v}" for k, v in mail.headers]
        lines += [f"Date: {format_datetime(mail.at)}", "MIME-Version: 1.0"]
        lines += [f"{k}: {v}" for k, v in mail.extra]
        if mail.html is None:
            lines += [
                'Content-Type: text/plain; charset="UTF-8"',
                "Content-Transfer-Encoding: quoted-printable",
                "",
                _qp(mail.body),
            ]
        else:
            b = f"000000000000{self.rng.getrandbits(48):012x}"
            lines += [
                f'Content-Type: multipart/alternative; boundary="{b}"',
                "",
                f"--{b}",
                'Content-Type: text/plain; charset="UTF-8"',
                "Content-Transfer-Encoding: quoted-printable",
                "",
                _qp(mail.body),
                f"--{b}",
                'Content-Type: text/html; charset="UTF-8"',
                "Content-Transfer-Encoding: quoted-printable",
                "",
                _qp(mail.html),
                f"--{b}--",
            ]
        text = _mbox_safe("\n".join(lines)).rstrip("\n")
        return f"From {gid}@xxx {ctime_zone(mail.at)}\n{text}\n\n".encode("ascii")


SIGNED = 0.25  # contacts whose mail signature links their LinkedIn profile


def signature(world: World, c: Contact) -> str:
    """A quarter of the contacts on LinkedIn sign their mail with their profile link.

    Chosen by a hash of seed and contact, so the mail's random stream (and with
    it everything else in the export) is the same as without signatures.
    """
    if not c.linkedin_slug:
        return ""
    digest = hashlib.sha1(f"{world.seed}:signature:{c.id}".encode()).digest()
    if digest[0] >= 256 * SIGNED:
        return ""
    return (
        f"\n\n-- \n{c.name}\n{c.title}, {c.company.name}\n"
        f"https://www.linkedin.com/in/{c.linkedin_slug}"
    )


def thread_mails(rng: random.Random, r: Renderer, world: World, th: Thread) -> list[Mail]:
    """A conversation as a chain of mails with In-Reply-To and References."""
    o = world.owner
    people = [world.contact(cid) for cid in th.contacts]
    personal = people[0].role == "friend" or people[0].tier == 0
    me = addr(o.name, o.emails[1] if personal else o.emails[0])
    me_plain = o.emails[1] if personal else o.emails[0]
    ids: list[str] = []
    thrid: str | None = None
    out: list[Mail] = []
    msgs = sorted(th.messages, key=lambda m: m.at)
    for i, m in enumerate(msgs):
        if m.outgoing:
            sender, domain = me, "mail.gmail.com"
            to = [addr(p.name, p.email or "") for p in people[:1]]
            cc = [addr(p.name, p.email or "") for p in people[1:]]
            labels = "Sent"
        else:
            c = world.contact(m.sender if m.sender is not None else people[0].id)
            sender, domain = addr(c.name, c.email or ""), (c.email or "x@mail").split("@")[1]
            to = [me]
            cc = [addr(p.name, p.email or "") for p in people if p.id != c.id]
            unanswered = i == len(msgs) - 1 and (world.now - m.at).days < 30
            labels = (
                "Inbox,Unread"
                if unanswered
                else rng.choice(("Inbox,Opened", "Archived,Opened", "Inbox,Important,Opened"))
            )
        mid = r.message_id(domain if not m.outgoing else "mail.gmail.com")
        headers: list[tuple[str, str]] = []
        if not m.outgoing:
            headers.append(("Delivered-To", me_plain))
            headers.append(
                (
                    "Received",
                    f"by 2002:a05:6a10:{rng.getrandbits(16):x} with SMTP "
                    f"id {rng.getrandbits(40):x}; {format_datetime(m.at)}",
                )
            )
        if ids:
            headers.append(("References", " ".join(ids[-5:])))
            headers.append(("In-Reply-To", ids[-1]))
        subject = th.subject if i == 0 else f"Re: {th.subject}"
        headers += [
            ("Message-ID", mid),
            ("Subject", hdr(subject)),
            ("From", sender),
            ("To", ", ".join(to)),
        ]
        if cc:
            headers.append(("Cc", ", ".join(cc)))
        body = m.text if m.outgoing else m.text + signature(world, c)
        if i and rng.random() < 0.5:
            prev = msgs[i - 1]
            quoted = "\n".join("> " + ln if ln else ">" for ln in prev.text.split("\n"))
            who = o.name if prev.outgoing else world.contact(prev.sender or 0).name
            body += f"\n\nOn {format_datetime(prev.at)}, {who} wrote:\n{quoted}"
        mail = Mail(at=m.at, headers=headers, body=body, labels=labels, thread_id=thrid)
        out.append(mail)
        if thrid is None:  # Gmail's thread id is the id of the thread's first message
            thrid = mail.thread_id = mail.gmail_id = r.gmail_id(m.at)
        ids.append(mid)
    return out


def write_mbox(world: World, out_dir: Path) -> tuple[Path, dict[str, int]]:
    """Write the Takeout zip; return its path and message counts by kind."""
    rng = random.Random(f"{world.seed}:mbox")
    r = Renderer(rng)
    mails: list[tuple[datetime, int, Mail]] = []
    counts = {"conversation": 0, "notification": 0, "list": 0}
    for th in world.threads:
        if th.channel == "email":
            for m in thread_mails(rng, r, world, th):
                mails.append((m.at, len(mails), m))
                counts["conversation"] += 1
    for n in world.notifications:
        mails.append((n.at, len(mails), notification_mail(rng, world, n)))
        counts["notification"] += 1
    for m in list_mails(rng, world):
        mails.append((m.at, len(mails), m))
        counts["list"] += 1
    mails.sort(key=lambda x: (x[0], x[1]))
    data = b"".join(r.render(m) for _, _, m in mails)
    stamp = world.now + timedelta(hours=1)
    path = out_dir / f"takeout-{world.now:%Y%m%dT%H%M%S}Z-001.zip"
    write_zip(
        path,
        [(MBOX_NAME, data), ("Takeout/archive_browser.html", b"<html><body>Takeout</body></html>")],
        stamp,
    )
    return path, counts
