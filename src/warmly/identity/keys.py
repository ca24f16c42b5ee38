"""Normalised identity keys: the one place that says what makes two handles equal.

Every importer builds :class:`~warmly.importers.records.IdentityRef` handles with
these functions, so a LinkedIn URL from a vCard and one from Connections.csv
land on the same identity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

import phonenumbers

from warmly.importers.records import IdentityRef

_LINKEDIN_RX = re.compile(r"linkedin\.com/(?:in|pub)/([^/?#\s]+)", re.I)
_X_URL_RX = re.compile(
    r"(?:^|[/.])(?:twitter|x)\.com/(?:#!/)?@?([A-Za-z0-9_]{1,15})(?:[/?#]|$)", re.I
)
# Paths on x.com that are pages, not people (x.com/explore, x.com/en/tos).
X_RESERVED = frozenset(
    {
        "i",
        "intent",
        "home",
        "share",
        "search",
        "hashtag",
        "settings",
        "messages",
        "explore",
        "notifications",
        "login",
        "signup",
        "logout",
        "compose",
        "privacy",
        "tos",
        "en",
        "about",
        "help",
        "jobs",
        "download",
        "account",
        "support",
        "verified",
        "x",
        "twitter",
    }
)
_HANDLE_RX = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")
_EMAIL_RX = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_MASTODON_URL_RX = re.compile(r"^https?://([^/\s\[\]@:]+)/@([A-Za-z0-9_.]+)/?$", re.I)
_MASTODON_USERS_RX = re.compile(r"^https?://([^/\s\[\]@:]+)/users/([A-Za-z0-9_.]+)/?$", re.I)
# Sites that use /@user paths but are not Mastodon servers (compared without "www.").
NOT_MASTODON = frozenset(
    {
        "medium.com",
        "youtube.com",
        "tiktok.com",
        "threads.net",
        "threads.com",
        "substack.com",
        "dev.to",
        "x.com",
        "twitter.com",
        "linkedin.com",
        "bsky.app",
        "github.com",
        "instagram.com",
        "pinterest.com",
        "behance.net",
        "soundcloud.com",
        "vimeo.com",
    }
)
_BSKY_URL_RX = re.compile(r"bsky\.app/profile/([^/?#\s]+)", re.I)


def linkedin_slug(value: str | None) -> str | None:
    """``https://www.linkedin.com/in/Zo%C3%AB-Brandt/?x=1`` -> ``zoë-brandt``.

    Accepts URLs with or without scheme and bare slugs. Slugs are lower-cased and
    percent-decoded, since LinkedIn treats them case-insensitively and exports
    them both encoded and not.
    """
    if not value:
        return None
    v = value.strip()
    m = _LINKEDIN_RX.search(v)
    if m:
        slug = m.group(1)
    elif "/" not in v and " " not in v and v:
        slug = v
    else:
        return None
    slug = unquote(slug).strip().strip("/").lower()
    return slug or None


def x_handle(value: str | None) -> str | None:
    """``@JaneDoe``, ``JaneDoe`` or ``https://x.com/JaneDoe`` -> ``janedoe``."""
    if not value:
        return None
    v = value.strip()
    m = _X_URL_RX.search(v)
    if m and m.group(1).lower() not in X_RESERVED:
        return m.group(1).lower()
    m = _HANDLE_RX.match(v)
    return m.group(1).lower() if m else None


def email_key(value: str | None) -> str | None:
    """Normalised email address: trimmed, ``mailto:`` dropped, lower-cased.

    Only the domain is case-insensitive by the RFC, but every large provider
    treats the local part so too, and people type both. Gmail dots and
    ``+tags`` are kept: they are a matching hint (see :func:`email_match_key`),
    not the same address.
    """
    if not value:
        return None
    v = value.strip().strip("<>").strip()
    if v.lower().startswith("mailto:"):
        v = v[7:]
    v = v.lower()
    return v if _EMAIL_RX.match(v) else None


def email_match_key(email: str) -> str:
    """A looser key for matching: Gmail dots and ``+tags`` removed."""
    local, _, domain = email.partition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def phone_key(value: str | None, region: str | None = None) -> str | None:
    """E.164 form of a phone number, or ``None`` if it is not a valid number.

    Numbers without a country code need ``region`` (ISO 3166 alpha-2, e.g. ``US``).
    """
    if not value:
        return None
    v = value.strip()
    if v.lower().startswith("tel:"):
        v = v[4:]
    try:
        num = phonenumbers.parse(v, region)
    except phonenumbers.NumberParseException:
        return None
    # "valid" (not merely "possible"): a 7-digit local number read as +1 would
    # invent an identity that can collide with someone else's.
    if not phonenumbers.is_valid_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def mastodon_acct(value: str | None) -> str | None:
    """``@user@host``, ``user@host`` or ``https://host/@user`` -> ``user@host``."""
    if not value:
        return None
    v = value.strip()
    m = _MASTODON_URL_RX.match(v) or _MASTODON_USERS_RX.match(v)
    if m and m.group(1).lower().removeprefix("www.") in NOT_MASTODON:
        return None
    if m:
        return f"{m.group(2).lower()}@{m.group(1).lower()}"
    v = v.lstrip("@")
    if v.count("@") == 1 and " " not in v:
        user, host = v.split("@")
        if user and "." in host:
            return f"{user.lower()}@{host.lower()}"
    return None


def bluesky_key(value: str | None) -> str | None:
    """A DID (``did:plc:…``) as is, or a handle (``jane.bsky.social``) lower-cased."""
    if not value:
        return None
    v = value.strip()
    m = _BSKY_URL_RX.search(v)
    if m:
        v = m.group(1)
    if v.startswith("did:"):
        return v
    v = v.lstrip("@").lower()
    return v if "." in v and " " not in v else None


# Sites whose front page is nobody's: a card's "URL: github.com" says where its
# owner works or codes, not who they are (two such cards are not one person).
# A page under them (github.com/jdoe) is personal and stays.
SHARED_SITES = frozenset(
    """github.com gitlab.com bitbucket.org google.com gmail.com facebook.com fb.com
    instagram.com youtube.com medium.com substack.com about.me linktr.ee wordpress.com
    blogspot.com tumblr.com apple.com icloud.com microsoft.com outlook.com live.com
    yahoo.com amazon.com tiktok.com reddit.com stackoverflow.com behance.net
    dribbble.com xing.com threads.net wikipedia.org""".split()  # noqa: SIM905
)


def web_key(value: str | None) -> str | None:
    """A personal site as ``host/path`` without scheme, ``www.`` or trailing slash.

    ``None`` for the front page of a site everybody uses (:data:`SHARED_SITES`).
    """
    if not value:
        return None
    v = value.strip()
    if "://" not in v:
        v = "http://" + v
    try:
        parts = urlsplit(v)
    except ValueError:  # a malformed host ("http://[oops"): not a site anyone has
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host or "." not in host:
        return None
    path = parts.path.rstrip("/")
    if not path and host in SHARED_SITES:
        return None
    return f"{host}{path}"


def company_front_page(url: str, work: bool, email_domains: Iterable[str]) -> bool:
    """True if ``url`` is an employer's front page rather than the person's own site.

    Colleagues' address-book entries carry the same company site: as an
    identity it would make them one person. A front page (a page under it,
    ``acme.com/team/jane``, is the person's) given as the work site, or on
    the domain of one of the entry's addresses (``jane@acme.com`` and
    ``www.acme.com``: the address already ties the entry to its person).
    """
    site = web_key(url)
    if site is None or "/" in site:
        return False
    return work or site in set(email_domains)


def identity_from_url(url: str | None, name: str | None = None) -> IdentityRef | None:
    """Recognise a profile URL of a known network; other URLs become ``web``."""
    if not url:
        return None
    u = url.strip().replace("\\:", ":")  # Google vCards escape the colon
    if slug := (linkedin_slug(u) if "linkedin.com" in u.lower() else None):
        return IdentityRef("linkedin", slug, name, url=u)
    if re.search(r"(?:twitter|x)\.com/", u, re.I):
        h = x_handle(u)
        return IdentityRef("x", h, name, url=u) if h else None
    if "bsky.app/profile/" in u.lower() and (b := bluesky_key(u)):
        return IdentityRef("bluesky", b, name, url=u)
    if acct := mastodon_acct(u) if u.lower().startswith("http") else None:
        return IdentityRef("mastodon", acct, name, url=u)
    if w := web_key(u):
        return IdentityRef("web", w, name, url=u)
    return None


def snowflake_ms(tweet_id: str) -> int:
    """Creation time (ms since epoch) encoded in an X/Twitter snowflake id."""
    return (int(tweet_id) >> 22) + 1288834974657


# The networks ``[profile.handles]`` in warmly.toml may name, each with its
# normaliser (``twitter`` is X's old name).
PROFILE_HANDLES = {
    "linkedin": linkedin_slug,
    "x": x_handle,
    "twitter": x_handle,
    "mastodon": mastodon_acct,
    "bluesky": bluesky_key,
    "email": email_key,
    "phone": phone_key,
    "web": web_key,
}


def profile_handle_key(network: str, value: str, region: str | None = None) -> str | None:
    """The key of one of the user's own handles in ``[profile.handles]``, or ``None``.

    ``region`` (``[profile] default_region``) reads a phone number written
    without its country code.
    """
    network = network.lower()
    if network == "phone":
        return phone_key(value, region)
    normalise = PROFILE_HANDLES.get(network)
    return normalise(value) if normalise is not None else None
