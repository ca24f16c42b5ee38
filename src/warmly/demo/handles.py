"""Where each contact shows up, and under which handle, address and display name.

Presence rates follow the brief: ~all on LinkedIn, ~35% on X, ~30% in the
mailbox, ~15% in the address book, a few on Mastodon and Bluesky; closer ties
are more often in the mailbox and the address book.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from warmly.demo.names import ascii_token, load_names, slug_part
from warmly.demo.world import Contact

EMAIL_P = (1.0, 0.9, 0.75, 0.55, 0.24)
VCARD_P = (1.0, 0.9, 0.7, 0.4, 0.1)
X_P = {
    "engineer": 0.5,
    "founder": 0.55,
    "recruiter": 0.35,
    "hiring_manager": 0.35,
    "friend": 0.3,
    "ex_colleague": 0.25,
}
EMOJI = ("🚀", "🐍", "✨", "📊", "🌱", "☕", "🛠️", "🎧")
FLAGS = ("🇩🇪", "🇪🇺", "🇺🇦", "🇳🇬", "🇧🇷", "🇮🇳")
TOPICS = ("Data", "Python", "Backend", "Platform", "Hiring", "Infra", "ML", "Fintech")
PERSONAL_DOMAINS = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "outlook.com",
    "posteo.de",
    "proton.me",
    "gmx.de",
    "icloud.com",
)


def _unique(taken: set[str], candidates: list[str], fallback: str, rng: random.Random) -> str:
    for cand in candidates:
        if cand.lower() not in taken:
            taken.add(cand.lower())
            return cand
    while True:
        cand = f"{fallback}{rng.randint(2, 9999)}"
        if cand.lower() not in taken:
            taken.add(cand.lower())
            return cand


def linkedin_slug_for(rng: random.Random, c: Contact, taken: set[str]) -> str:
    """Slugs as LinkedIn makes them: ``jane-doe``, ``jane-doe-3b2a91``, percent-encoded accents."""
    f, la = slug_part(c.first), slug_part(c.last)
    accented = not c.first.isascii() or not c.last.isascii()
    if accented and rng.random() < 0.3:
        f, la = slug_part(c.first, True), slug_part(c.last, True)
    roll = rng.random()
    if roll < 0.35:
        cands = [f"{f}-{la}"]
    elif roll < 0.75:
        cands = [f"{f}-{la}-{rng.getrandbits(24):06x}"]
    elif roll < 0.88:
        cands = [f"{f}{la}".replace("-", "")]
    else:
        cands = [f"{f}-{la[:1]}-{rng.randint(10**7, 10**8 - 1)}"]
    return _unique(taken, cands, f"{f}-{la}-", rng)


def x_handle_for(rng: random.Random, c: Contact, taken: set[str]) -> str:
    """Screen names like ``janedoe``, ``jdoe_dev``, ``jane_d42``, ``JaneDoeCodes``."""
    f, la = ascii_token(c.first), ascii_token(c.last)
    cap_f, cap_l = f.capitalize(), la.capitalize()
    patterns = [
        f"{f}{la}",
        f"{f[:1]}{la}_dev",
        f"{f}_{la[:1]}{rng.randint(1, 99)}",
        f"{cap_f}{cap_l}",
        f"{cap_f}{cap_l}Codes",
        f"{la}{f[:1]}",
        f"the{f}{la[:1]}",
        f"{f}_{la}",
        f"{f}{rng.randint(70, 99)}",
        f"{f[:1]}{la}{rng.randint(1, 9)}",
    ]
    rng.shuffle(patterns)
    cands = [p[:15] for p in patterns if len(p) >= 4]
    return _unique(taken, cands, (f + la)[:10], rng)


def x_display_for(rng: random.Random, c: Contact) -> str:
    """Display names vary: nicknames, emoji, pipes, pronouns, lower case."""
    nick = load_names().nicknames.get(c.first)
    if nick and rng.random() < 0.6:
        return f"{nick} {c.last}"
    roll = rng.random()
    if roll < 0.4:
        return c.name
    if roll < 0.55:
        return f"{c.first} {rng.choice(EMOJI)} | {rng.choice(TOPICS)}"
    if roll < 0.63:
        return f"{c.name} ({rng.choice(('she/her', 'he/him', 'they/them'))})"
    if roll < 0.71:
        return f"{c.first} {c.last[:1]}."
    if roll < 0.78:
        return c.name.lower()
    if roll < 0.88:
        short = c.company.name.split(",")[0].split()[0]
        return f"{c.first} | {rng.choice(TOPICS)} @ {short}"
    if roll < 0.93:
        return f"Dr. {c.name}"
    return f"{c.name} {rng.choice(FLAGS)}"


def work_email(rng: random.Random, first: str, last: str, domain: str) -> str:
    f, la = ascii_token(first), ascii_token(last)
    return rng.choice((f"{f}.{la}", f"{f}", f"{f[:1]}{la}", f"{f}.{la}")) + f"@{domain}"


def personal_email(rng: random.Random, first: str, last: str) -> str:
    f, la = ascii_token(first), ascii_token(last)
    local = rng.choice(
        (
            f"{f}.{la}",
            f"{f}{la}{rng.randint(70, 99)}",
            f"{f[:1]}.{la}",
            f"{la}.{f}",
            f"{f}.{la}{rng.randint(1, 9)}",
        )
    )
    return f"{local}@{rng.choice(PERSONAL_DOMAINS)}"


def phone_for(rng: random.Random, country: str) -> str:
    """A plausible mobile number in the style people type them."""
    if country == "GB":
        return f"+44 7{rng.randint(400, 999)} {rng.randint(100000, 999999)}"
    if country in ("US", "CA"):
        return f"+1 (415) 555-01{rng.randint(0, 99):02d}"
    if rng.random() < 0.1:
        return f"015{rng.randint(1, 7)} {rng.randint(10**7, 10**8 - 1)}"
    return f"+49 15{rng.randint(1, 7)} {rng.randint(10**7, 10**8 - 1)}"


def _fresh(
    taken: set[str], kind: str, make: Callable[[], str], spread: Callable[[str], str]
) -> str:
    """An address or number nobody else in the world has: people do not share them.

    ``make`` draws a candidate; after a few clashes ``spread`` alters one (digits
    in an email's local part, a wider range of phone numbers) until it is free.
    A clash with another contact would be a false deterministic link.
    """
    cand = make()
    for attempt in range(50):
        key = f"{kind}:{re.sub(r'[^0-9a-z@.+]', '', cand.lower())}"
        if key not in taken:
            taken.add(key)
            return cand
        cand = make() if attempt < 3 else spread(cand)
    raise RuntimeError(f"no free {kind} after 50 draws")  # pragma: no cover


def _email_spread(rng: random.Random) -> Callable[[str], str]:
    def spread(addr: str) -> str:
        local, _, domain = addr.partition("@")
        return f"{local}{rng.randint(2, 99)}@{domain}"

    return spread


def _phone_spread(rng: random.Random) -> Callable[[str], str]:
    def spread(number: str) -> str:
        if number.startswith("+1 "):  # past 555-0100..0199, the rest of 555 (fiction's range)
            return f"+1 (415) 555-{rng.randint(2000, 9999)}"
        return number[:-3] + f"{rng.randint(0, 999):03d}"

    return spread


def _date_between(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def assign_presence(
    rng: random.Random, c: Contact, now: datetime, stranger: bool, taken: set[str]
) -> None:
    """Fill in ``c``'s handles, addresses, address-book card and preferred channels."""
    today = now.date()
    if stranger or c.role != "friend" or rng.random() < 0.7:
        c.linkedin_slug = linkedin_slug_for(rng, c, taken)
    if c.linkedin_slug and not stranger:
        oldest = today - timedelta(days=365 * (10 if c.tier == 0 else 8))
        c.connected_on = _date_between(rng, oldest, today - timedelta(days=1))
        if c.tier == 4 and rng.random() < 0.08:
            c.connected_on = today - timedelta(days=rng.randint(0, 40))
    if stranger:
        return
    if rng.random() < X_P[c.role]:
        c.x_handle = x_handle_for(rng, c, taken)
        big = rng.random() < 0.4
        c.x_id = str(rng.randint(10**17, 18 * 10**17) if big else rng.randint(10**6, 4 * 10**9))
        c.x_display = x_display_for(rng, c)
    mail_company = c.old_company or c.company
    spread = _email_spread(rng)

    def personal() -> str:
        return personal_email(rng, c.first, c.last)

    if rng.random() < EMAIL_P[c.tier] or not c.linkedin_slug:
        if c.role == "friend" or rng.random() < 0.45:
            c.email = _fresh(taken, "e", personal, spread)
        else:
            c.email = _fresh(
                taken, "e", lambda: work_email(rng, c.first, c.last, mail_company.domain), spread
            )
    if c.connected_on and rng.random() < 0.12:
        c.linkedin_email = (
            c.email if c.email and rng.random() < 0.5 else _fresh(taken, "e", personal, spread)
        )
    if rng.random() < VCARD_P[c.tier]:
        plain = c.first.isascii() and c.last.isascii()
        c.vcard_version = "2.1" if rng.random() < (0.03 if plain else 0.12) else "3.0"
        c.vcard_email = (
            c.email
            if c.email and rng.random() < 0.6
            else _fresh(
                taken,
                "e",
                lambda: rng.choice(
                    (
                        personal_email(rng, c.first, c.last),
                        work_email(rng, c.first, c.last, c.company.domain),
                    )
                ),
                spread,
            )
        )
        c.phone = (
            _fresh(taken, "p", lambda: phone_for(rng, c.country), _phone_spread(rng))
            if rng.random() < 0.85
            else None
        )
        if rng.random() < (0.8 if c.tier <= 1 else 0.35):
            c.birthday = date(rng.randint(1965, 2001), rng.randint(1, 12), rng.randint(1, 28))
    eng = c.role == "engineer"
    if rng.random() < (0.12 if eng else 0.04):
        inst = rng.choice(load_names().instances)
        user = f"{ascii_token(c.first)}{rng.choice(('', ascii_token(c.last)[:1]))}"
        key = _unique(taken, [f"m:{inst}:{user}"], f"m:{inst}:{user}", rng)
        c.mastodon = f"{key.rsplit(':', 1)[1]}@{inst}"
    if rng.random() < (0.11 if eng else 0.05):
        base = _unique(
            taken,
            [f"b:{ascii_token(c.first)}{ascii_token(c.last)}"],
            f"b:{ascii_token(c.first)}",
            rng,
        )[2:]
        c.bluesky = f"{base}.bsky.social" if rng.random() < 0.8 else f"{base}.dev"
    if c.vcard_version:
        links = [
            n
            for n, have, p in (
                ("linkedin", c.linkedin_slug, 0.45),
                ("x", c.x_handle, 0.35),
                ("bluesky", c.bluesky, 0.3),
                ("mastodon", c.mastodon, 0.3),
            )
            if have and rng.random() < p
        ]
        c.vcard_links = tuple(links)
    if 1 <= c.tier <= 3 and rng.random() < 0.2:
        c.drift_after = today - timedelta(days=rng.randint(180, 700))
    chans = [
        ch
        for ch, ok in (
            ("linkedin", c.connected_on),
            ("email", c.email),
            ("x", c.x_handle and rng.random() < 0.5),
        )
        if ok
    ]
    if c.role in ("friend", "ex_colleague") and "email" in chans:
        chans.remove("email")
        chans.insert(0, "email")
    elif len(chans) > 1 and rng.random() < 0.3:
        rng.shuffle(chans)
    c.channels = tuple(chans)
