"""Render the address book as ``contacts.vcf``: Google-style vCard 3.0 plus a few Android 2.1.

Follows docs/formats.md (from the shared format notes) section d2: CRLF line ends, folding at
75 octets, ``URL:https\\://…`` (Google escapes the colon), ``NOTE`` with
``\\,``/``\\;``/``\\n``, ``item1.`` groups with ``X-ABLabel``; 2.1 cards use
quoted-printable with soft line breaks that are not indented.
"""

from __future__ import annotations

import random
from pathlib import Path

from warmly.demo.world import Contact, World

NOTES = (
    "Met at PyCon DE 2023, Berlin; wants fintech, not crypto.",
    "Referred by a former colleague. Prefers email, mornings.",
    "Ex-team; great at interviewing.\nAsk about the marathon.",
    "Open to EM roles; notice period 3 months, Berlin or remote.",
    "Hiring manager; decisions take two weeks.",
)


def escape_text(value: str) -> str:
    """vCard 3.0 TEXT escaping."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (continuation: CRLF + space)."""
    out: list[str] = []
    cur: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append("".join(cur))
            cur, size = [" "], 1
        cur.append(ch)
        size += n
    out.append("".join(cur))
    return "\r\n".join(out)


def qp(value: str) -> str:
    """Android-style quoted-printable (every non-ASCII byte encoded, soft breaks at 74)."""
    enc = "".join(
        chr(b) if 33 <= b <= 126 and b != 61 else f"={b:02X}" for b in value.encode("utf-8")
    )
    lines = []
    while len(enc) > 74:
        cut = 73
        while enc[cut - 1] == "=" or enc[cut - 2] == "=":  # don't split an =XX escape
            cut -= 1
        lines.append(enc[:cut] + "=")
        enc = enc[cut:]
    lines.append(enc)
    return "\r\n".join(lines)


def _links(c: Contact) -> list[tuple[str, str]]:
    urls = {
        "linkedin": ("LinkedIn", c.linkedin_url),
        "x": ("Twitter", f"https://twitter.com/{c.x_handle}" if c.x_handle else None),
        "bluesky": ("Bluesky", f"https://bsky.app/profile/{c.bluesky}" if c.bluesky else None),
        "mastodon": ("Mastodon", None),
    }
    if c.mastodon:
        user, inst = c.mastodon.split("@")
        urls["mastodon"] = ("Mastodon", f"https://{inst}/@{user}")
    return [(label, url) for n in c.vcard_links for label, url in [urls[n]] if url]


def card_30(rng: random.Random, c: Contact, world: World) -> list[str]:
    """A Google Contacts vCard 3.0."""
    org = c.old_company if c.old_company and rng.random() < 0.6 else c.company
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{escape_text(c.name)}",
        f"N:{escape_text(c.last)};{escape_text(c.first)};;;",
    ]
    if c.vcard_email:
        kind = "WORK" if c.vcard_email.split("@")[1] in (c.company.domain, org.domain) else "HOME"
        lines.append(f"EMAIL;TYPE=INTERNET;TYPE={kind}:{c.vcard_email}")
    if c.phone:
        lines.append(f"TEL;TYPE=CELL:{c.phone}")
    lines.append(f"ORG:{escape_text(org.name)}")
    if rng.random() < 0.7:
        lines.append(f"TITLE:{escape_text(c.title)}")
    if c.birthday:
        bd = c.birthday
        lines.append(f"BDAY:{bd:%Y-%m-%d}" if rng.random() < 0.85 else f"BDAY:--{bd:%m-%d}")
    for i, (label, url) in enumerate(_links(c), start=1):
        value = url.replace(":", "\\:", 1)
        if rng.random() < 0.5:
            lines += [f"item{i}.URL:{value}", f"item{i}.X-ABLabel:{label}"]
        else:
            lines.append(f"URL:{value}")
    if rng.random() < 0.3:
        lines.append(f"NOTE:{escape_text(rng.choice(NOTES))}")
    lines += ["CATEGORIES:myContacts", "END:VCARD"]
    return [fold(ln) for ln in lines]


def card_21(c: Contact) -> list[str]:
    """An Android vCard 2.1 with quoted-printable names."""
    qp_attr = "CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        f"N;{qp_attr}:{qp(f'{c.last};{c.first};;;')}",
        f"FN;{qp_attr}:{qp(c.name)}",
    ]
    if c.phone:
        lines.append(f"TEL;CELL;PREF:{c.phone}")
    if c.vcard_email:
        lines.append(f"EMAIL;PREF;INTERNET:{c.vcard_email}")
    lines.append(f"ORG;{qp_attr}:{qp(c.company.name)}")
    lines.append("END:VCARD")
    return lines


def write_vcard(world: World, out_dir: Path) -> tuple[Path, int]:
    """Write ``contacts.vcf`` (cards sorted by name as Google does); return path and card count."""
    rng = random.Random(f"{world.seed}:vcard")
    people = sorted(
        (c for c in world.contacts if c.vcard_version), key=lambda c: (c.name.casefold(), c.id)
    )
    cards: list[list[str]] = []
    for c in people:
        cards.append(card_21(c) if c.vcard_version == "2.1" else card_30(rng, c, world))
    for c in rng.sample(people, 3):  # duplicates happen in real address books
        cards.append(
            [
                "BEGIN:VCARD",
                "VERSION:3.0",
                fold(f"FN:{escape_text(c.name)}"),
                fold(f"N:{escape_text(c.last)};{escape_text(c.first)};;;"),
                *([f"TEL;TYPE=CELL:{c.phone}"] if c.phone else []),
                "END:VCARD",
            ]
        )
    text = "".join("\r\n".join(card) + "\r\n" for card in cards)
    path = out_dir / "contacts.vcf"
    path.write_bytes(text.encode("utf-8"))
    return path, len(cards)
