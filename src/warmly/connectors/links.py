"""Deep links: where the user goes to act on one identity, per platform and action.

Used by the assisted connectors (LinkedIn, X, and any platform without
credentials) and by the agenda to put a "do it here" link beside each action.

Actions: ``profile`` (the person's page), ``message`` (a private message),
``post`` (a new public post), ``mention`` (a post naming the person), ``reply``
(an answer to ``in_reply_to``), ``like`` and ``share`` (of post ``in_reply_to``).

Known limits, chosen deliberately:

- LinkedIn: always the profile URL. ``/messaging/compose/?recipient=<slug>``
  exists but is undocumented and often lands on an empty composer (it wants an
  internal member URN, not the public slug); the profile's "Message" button
  always works.
- X: a DM needs the numeric account id (``/messages/compose?recipient_id=``);
  with only a handle the profile is the best we can do. Replies and mentions use
  the documented web intent ``/intent/post``.
- Bluesky has a compose intent but no DM link: DMs go to the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

Action = Literal["profile", "message", "post", "mention", "reply", "like", "share"]
ACTIONS: tuple[str, ...] = ("profile", "message", "post", "mention", "reply", "like", "share")


def _q(value: str) -> str:
    """Percent-encode for a query value: spaces as ``%20`` (``mailto:`` needs it; all accept it)."""
    return quote(value, safe="")


def _query(**params: str | None) -> str:
    return urlencode({k: v for k, v in params.items() if v}, quote_via=quote)


@dataclass(frozen=True, slots=True)
class _Ask:
    handle: str
    external_id: str | None
    action: str
    text: str | None
    in_reply_to: str | None
    subject: str | None


def deep_link(
    platform: str,
    handle: str | None,
    external_id: str | None = None,
    action: Action | str = "profile",
    *,
    text: str | None = None,
    in_reply_to: str | None = None,
    subject: str | None = None,
) -> str:
    """The URL where the user can do ``action`` for the identity ``handle`` on ``platform``.

    ``handle`` is the normalised identity key (:mod:`warmly.identity.keys`):
    a LinkedIn slug, an X screen name, ``user@host`` for Mastodon, a handle or
    DID for Bluesky, an email address, an E.164 number. ``external_id`` is the
    numeric X account id when known. ``text`` pre-fills where the platform
    allows it; ``subject`` is for email only. Where an action has no link of
    its own the profile is returned. Raises :class:`ValueError` when no link
    can be built.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    builder = _BUILDERS.get(platform)
    if builder is None:
        raise ValueError(f"no deep links for platform {platform!r}")
    return builder(_Ask((handle or "").strip(), external_id, action, text, in_reply_to, subject))


def _linkedin(a: _Ask) -> str:
    if not a.handle:
        raise ValueError("linkedin: no profile slug")
    return f"https://www.linkedin.com/in/{quote(a.handle.strip('/'), safe='')}/"


def _x(a: _Ask) -> str:
    h, ext, action, reply = a.handle.lstrip("@"), a.external_id, a.action, a.in_reply_to
    if action == "message" and ext:
        return f"https://x.com/messages/compose?{_query(recipient_id=ext, text=a.text)}"
    if action in ("like", "share") and reply:
        intent = "like" if action == "like" else "retweet"
        return f"https://x.com/intent/{intent}?{_query(tweet_id=reply)}"
    if action == "reply" and reply:
        return f"https://x.com/intent/post?{_query(text=a.text, in_reply_to=reply)}"
    if action in ("post", "mention"):
        body = f"@{h} {a.text or ''}".strip() if action == "mention" and h else a.text
        return f"https://x.com/intent/post?{_query(text=body)}"
    if h:
        return f"https://x.com/{quote(h, safe='')}"
    if ext:
        return f"https://x.com/i/user/{quote(ext, safe='')}"
    raise ValueError("x: no handle or account id")


def _mastodon(a: _Ask) -> str:
    user, _, host = a.handle.lstrip("@").partition("@")
    if not user or not host:
        raise ValueError(f"mastodon: not user@host: {a.handle!r}")
    if a.action in ("post", "mention", "message"):
        # The share page of the *person's* server: it asks the user to log in
        # or pick their own server. "@user@host" addresses them from anywhere.
        text = a.text or ""
        body = text if a.action == "post" else f"@{user}@{host} {text}".strip()
        return f"https://{host}/share?{_query(text=body)}"
    return f"https://{host}/@{quote(user, safe='')}"


def _bluesky(a: _Ask) -> str:
    h, reply = a.handle.lstrip("@"), a.in_reply_to
    if a.action in ("reply", "like", "share") and reply and reply.startswith("at://"):
        # at://<did>/app.bsky.feed.post/<rkey> -> the post's page, where all three are a tap away
        did, _, rest = reply[5:].partition("/")
        rkey = rest.rpartition("/")[2]
        if did and rkey:
            return f"https://bsky.app/profile/{did}/post/{quote(rkey, safe='')}"
    if a.action in ("post", "mention"):
        text = a.text or ""
        body = f"@{h} {text}".strip() if a.action == "mention" and h else text
        return f"https://bsky.app/intent/compose?{_query(text=body)}"
    if not h:
        raise ValueError("bluesky: no handle or DID")
    return f"https://bsky.app/profile/{quote(h, safe=':.')}"


def _email(a: _Ask) -> str:
    if "@" not in a.handle:
        raise ValueError(f"email: not an address: {a.handle!r}")
    fields = [] if a.action == "profile" else [("subject", a.subject), ("body", a.text)]
    query = "&".join(f"{k}={_q(v)}" for k, v in fields if v)  # RFC 6068: %20, never "+"
    return f"mailto:{quote(a.handle, safe='@+')}" + (f"?{query}" if query else "")


def _phone(a: _Ask) -> str:
    if not a.handle:
        raise ValueError("phone: no number")
    if a.action == "message":
        return f"sms:{a.handle}" + (f"?body={_q(a.text)}" if a.text else "")
    return f"tel:{a.handle}"


def _web(a: _Ask) -> str:
    if not a.handle:
        raise ValueError("web: no address")
    return a.handle if "://" in a.handle else f"https://{a.handle}"


_BUILDERS = {
    "linkedin": _linkedin,
    "x": _x,
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "email": _email,
    "phone": _phone,
    "web": _web,
}
