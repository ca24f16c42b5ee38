"""Recognise notification emails from LinkedIn, X, Mastodon and Bluesky.

A mail like "Jane Doe reposted your post" is bulk mail to a filter, but to
warmly it is an interaction with Jane on that network. :data:`PATTERNS` is the
data table that says which sentence means which kind of interaction.

Languages: English for every network, plus German, French and Spanish variants
of the common kinds (connect, share, like, mention, comment, follow). The
English Mastodon subjects follow Mastodon's ``config/locales/en.yml``
(``notification_mailer``); the other-language phrases are best-effort wordings
of each network's UI and have not been checked against real mail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from anyascii import anyascii

from warmly.identity import keys
from warmly.importers.records import IdentityRef

# ``{who}`` is the person named; a trailing "(@handle)" and "and 3 others" are
# split off afterwards, in :func:`_split_who`.
_WHO = r"(?P<who>[^\n]{1,120}?)"
_POST = r"(?:post|posts|update|article|tweet|toot|status|photo|video|reply|comment)"
_SOCIAL = ("x", "bluesky", "mastodon")

PATTERNS: list[tuple[str, str, str]] = [
    # --- LinkedIn --------------------------------------------------------
    ("linkedin", r"{who} (?:wants|would like) to connect", "invitation"),
    ("linkedin", r"{who} (?:has )?invited you to connect", "invitation"),
    ("linkedin", r"{who} sent you (?:an|a connection) invitation", "invitation"),
    ("linkedin", r"I'?d like to add you to my (?:professional |LinkedIn )*network", "invitation"),
    ("linkedin", r"{who} möchte sich mit Ihnen (?:auf LinkedIn )?vernetzen", "invitation"),
    ("linkedin", r"{who} (?:souhaite|aimerait) (?:se connecter|entrer en relation)", "invitation"),
    ("linkedin", r"{who} (?:quiere|desea) (?:conectar|contactar)", "invitation"),
    ("linkedin", r"{who} (?:has )?accepted your invitation", "connection"),
    ("linkedin", r"{who} hat Ihre Einladung angenommen", "connection"),
    ("linkedin", r"{who} a accepté votre invitation", "connection"),
    ("linkedin", r"{who} (?:ha aceptado|aceptó) tu invitación", "connection"),
    ("linkedin", r"{who} (?:commented on|replied to) (?:your|a post you)", "comment"),
    ("linkedin", r"{who} hat (?:Ihren|deinen) \w+ kommentiert", "comment"),
    ("linkedin", r"{who} a commenté votre", "comment"),
    ("linkedin", r"{who} (?:comentó|ha comentado) tu", "comment"),
    ("linkedin", r"{who} (?:mentioned|tagged) you", "mention"),
    ("linkedin", r"{who} hat Sie .{0,40}?erwähnt", "mention"),
    ("linkedin", r"{who} vous a mentionné", "mention"),
    ("linkedin", r"{who} (?:te mencionó|te ha mencionado)", "mention"),
    ("linkedin", r"{who} (?:reposted|shared) your " + _POST, "share"),
    ("linkedin", r"{who} hat (?:Ihren|deinen) \w+ geteilt", "share"),
    ("linkedin", r"{who} a (?:partagé|republié) votre", "share"),
    ("linkedin", r"{who} (?:compartió|ha compartido|ha republicado) tu", "share"),
    ("linkedin", r"{who} (?:liked|likes|reacted to|loves|celebrated|supports) your", "like"),
    ("linkedin", r"{who} (?:hat auf (?:Ihren|deinen) \w+ reagiert|gefällt Ihr)", "like"),
    ("linkedin", r"{who} (?:a réagi à|aime) votre", "like"),
    ("linkedin", r"{who} (?:reaccionó|ha reaccionado) a tu", "like"),
    ("linkedin", r"{who} (?:is now following|started following|followed) you", "follow"),
    ("linkedin", r"{who} (?:just )?(?:sent you a (?:new )?message|messaged you)", "message"),
    ("linkedin", r"(?:new|you have a new) message from {who}", "message"),
    # --- X, Bluesky, Mastodon: the same sentences ------------------------
    *[
        (p, r"{who} (?:reposted|retweeted|boosted|reblogged|shared) your " + _POST, "share")
        for p in _SOCIAL
    ],
    *[(p, r"{who} quoted your " + _POST, "share") for p in _SOCIAL],
    *[
        (p, r"{who} (?:liked|favorited|favourited) (?:your|\d+ of your) " + _POST, "like")
        for p in _SOCIAL
    ],
    *[(p, r"{who} (?:replied to|commented on) your " + _POST, "reply") for p in _SOCIAL],
    *[(p, r"{who} replied to you\b", "reply") for p in _SOCIAL],
    *[(p, r"{who} mentioned you", "mention") for p in _SOCIAL],
    *[(p, r"you were mentioned by {who}", "mention") for p in _SOCIAL],
    *[
        (p, r"{who} (?:followed you|is now following you|started following you)", "follow")
        for p in _SOCIAL
    ],
    ("x", r"{who} sent you a (?:Direct )?Message", "message"),
    # German
    *[
        (p, r"{who} hat (?:deinen|Ihren) \w+ (?:geteilt|geboostet|retweetet|reposted)", "share")
        for p in _SOCIAL
    ],
    *[
        (p, r"{who} hat (?:deinen|Ihren) \w+ (?:favorisiert|geliked|gelikt)", "like")
        for p in _SOCIAL
    ],
    *[(p, r"{who} gefällt dein", "like") for p in _SOCIAL],
    *[(p, r"du wurdest von {who} erwähnt", "mention") for p in _SOCIAL],
    *[(p, r"{who} hat dich erwähnt", "mention") for p in _SOCIAL],
    *[(p, r"{who} hat auf (?:deinen|Ihren) \w+ geantwortet", "reply") for p in _SOCIAL],
    *[(p, r"{who} folgt dir(?: jetzt)?", "follow") for p in _SOCIAL],
    # French
    *[(p, r"{who} a (?:partagé|boosté|retweeté|reposté|republié) votre", "share") for p in _SOCIAL],
    *[(p, r"{who} a (?:aimé votre|ajouté votre|mis votre \w+ en favori)", "like") for p in _SOCIAL],
    *[(p, r"vous avez été mentionné(?:·e|e)? par {who}", "mention") for p in _SOCIAL],
    *[(p, r"{who} vous a mentionné", "mention") for p in _SOCIAL],
    *[(p, r"{who} a répondu à votre", "reply") for p in _SOCIAL],
    *[(p, r"{who} vous suit(?: désormais)?", "follow") for p in _SOCIAL],
    # Spanish
    *[
        (
            p,
            r"{who} (?:compartió|impulsó|retuiteó|reposteó|ha (?:compartido|impulsado)) tu",
            "share",
        )
        for p in _SOCIAL
    ],
    *[(p, r"a {who} le gust(?:ó|a) tu", "like") for p in _SOCIAL],
    *[(p, r"{who} marcó como favorit[ao] tu", "like") for p in _SOCIAL],
    *[(p, r"fuiste mencionad[oa] por {who}", "mention") for p in _SOCIAL],
    *[(p, r"{who} te (?:mencionó|ha mencionado)", "mention") for p in _SOCIAL],
    *[(p, r"{who} (?:respondió|ha respondido) a tu", "reply") for p in _SOCIAL],
    *[(p, r"{who} te (?:sigue|siguió|ha seguido|está siguiendo)", "follow") for p in _SOCIAL],
]
"""``(platform, regex, kind)``: ``{who}`` marks the person; matched per line, case-insensitive."""

# Notification senders by domain (subdomains included). Mastodon has no
# central domain: any instance's ``notifications@`` counts when the body looks
# like Mastodon (see :func:`network_of`).
NETWORK_DOMAINS: dict[str, str] = {
    "linkedin.com": "linkedin",
    "x.com": "x",
    "twitter.com": "x",
    "bsky.app": "bluesky",
    "bsky.social": "bluesky",
}

# Senders of "notifications@" mail that is never Mastodon's, whatever links their
# bodies quote: the sites that also use https://host/@user profile links, and
# code hosts, whose notifications quote whatever people wrote.
NOT_MASTODON_SENDERS = keys.NOT_MASTODON | {"github.com", "gitlab.com"}

# When no sentence matches, a sender like "Jane Doe via LinkedIn
# <messages-noreply@linkedin.com>" still names the person and the kind.
SENDER_HINTS: list[tuple[str, str, str]] = [
    ("linkedin", r"^messages?(?:-noreply)?@", "message"),
    ("linkedin", r"^invitations?@", "invitation"),
]

# A sentence ending in the name ("You were mentioned by Jane Doe") must run to
# the end of the line, or the lazy name group would stop after one letter.
_TAIL = r"(?:\s+(?:in|dans|en)\b[^\n]*)?\s*[:.!]?\s*$"
_COMPILED: list[tuple[str, re.Pattern[str], str]] = [
    (
        p,
        re.compile(
            r"^[^\w@\n]*" + rx.replace("{who}", _WHO) + (_TAIL if rx.endswith("{who}") else ""),
            re.I | re.M,
        ),
        k,
    )
    for p, rx, k in PATTERNS
]
_VIA_RX = re.compile(r"\s+(?:via|über|par|a través de|through)\s+(?:LinkedIn|X|Twitter)\s*$", re.I)
_HANDLE_RX = re.compile(r"^(.*?)\s*\(@([\w.\-]+(?:@[\w.\-]+)?)\)\s*$")
_OTHERS_RX = re.compile(
    r"^(.*?),?\s+(?:and|und|et|y|e)\s+(\d+|one|an|another|einer?|une?|otra?|uno)\s+"
    r"(?:others?|other people|more|weiteren?|anderen?|autres?|personnes?|otr[ao]s?|personas?)\b",
    re.I,
)
_TWO_RX = re.compile(r"^(.+?)\s+(?:and|und|et|y)\s+(.+)$", re.I)
_NOBODY_RX = re.compile(
    r"^(?:\d|you\b|your\b|someone|somebody|people|several|a few|many|others?\b|jemand|"
    r"quelqu|alguien|new\b|linkedin\b|x\b|twitter\b|bluesky\b|mastodon\b)",
    re.I,
)
_AUTOMATED_LOCAL_RX = re.compile(
    r"no-?reply|notif|notify|invitation|messag|update|digest|alert|job|info|news|member|"
    r"reply|security|account|support|verif|mail|hello|team",
    re.I,
)
# The sentence line ending in ":" ("Jane Roe reposted your post:"), then the post
# it shares or the comment it reports: one quoted block (which may hold blank
# lines) or else one paragraph. Bluesky's layout and the demo's for every network.
_QUOTED_AFTER_RX = re.compile(
    r'[^\n]*:[ \t]*\n\s*(?:["“](?P<quoted>.+?)["”][ \t]*(?:\n|$)|(?P<para>.+?)(?:\n[ \t]*\n|$))',
    re.S,
)
_MASTODON_LINK_RX = re.compile(r"https?://([a-z0-9.\-]+\.[a-z]{2,})/@\w+", re.I)
_MASTODON_WORD_RX = re.compile(r"\bmastodon\b", re.I)

# Profile URLs in bodies, per network. Group "status" marks a post link, which
# names the author of a post (often the owner) and so ranks below a profile link.
_URL_RX: dict[str, re.Pattern[str]] = {
    "linkedin": re.compile(r"linkedin\.com/(?:comm/)?(?:in|pub)/(?P<h>[\w\-%.]+)", re.I),
    "x": re.compile(
        r"(?<![\w.])(?:x|twitter)\.com/(?:#!/)?(?P<h>\w{1,15})(?P<status>/status/\d+)?(?![\w.])",
        re.I,
    ),
    "bluesky": re.compile(r"bsky\.app/profile/(?P<h>[^/?#\s\"'<>)]+)(?P<status>/post/)?", re.I),
    "mastodon": re.compile(
        r"https?://(?P<host>[a-z0-9.\-]+\.[a-z]{2,})/@(?P<h>\w+)"
        r"(?:@(?P<remote>[a-z0-9.\-]+\.[a-z]{2,}))?(?P<status>/\d+)?(?![\w@.])",
        re.I,
    ),
}


@dataclass(frozen=True, slots=True)
class Notification:
    """What a notification email says: who did what on which network."""

    platform: str
    kind: str
    counterpart: IdentityRef
    others: int = 0
    post: str | None = None  # the text the mail quotes (the post shared, the comment)

    @property
    def note(self) -> str | None:
        """The others a grouped notification mentions ("and 3 others")."""
        if not self.others:
            return None
        return f"and {self.others} other{'s' if self.others > 1 else ''}"

    @property
    def text(self) -> str | None:
        """Text for the interaction: the quoted post, then the others mentioned."""
        return "\n\n".join(t for t in (self.post, self.note) if t) or None


def is_automated(sender: str) -> bool:
    """True for a network's robot addresses (``notifications-noreply@``, ``invitations@``…)."""
    return bool(_AUTOMATED_LOCAL_RX.search(sender.partition("@")[0]))


def network_of(sender: str, body: Callable[[], str]) -> str | None:
    """The network a notification sender belongs to, or None for other mail.

    ``body`` is called only for a possible Mastodon sender, whose instance
    domain says nothing: its body must carry a ``https://host/@user`` link.
    """
    local, _, domain = sender.lower().partition("@")
    for base, network in NETWORK_DOMAINS.items():
        if _within(domain, base):
            return network
    if not local.startswith("notification") or any(
        _within(domain, base) for base in NOT_MASTODON_SENDERS
    ):
        return None
    text = body()
    # The link may be on another instance (the account's own), but not on a
    # site that merely shares the /@user form.
    for m in _MASTODON_LINK_RX.finditer(text):
        host = m.group(1).lower().removeprefix("www.")
        if not any(_within(host, base) for base in keys.NOT_MASTODON):
            return "mastodon"
    return "mastodon" if _MASTODON_WORD_RX.search(text) else None


def _within(domain: str, base: str) -> bool:
    """``domain`` is ``base`` or one of its subdomains."""
    return domain == base or domain.endswith("." + base)


def parse(
    network: str,
    subject: str,
    body: str,
    *,
    sender: str = "",
    sender_name: str = "",
    owner: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
) -> Notification | None:
    """Read a notification of ``network``; None if it names nobody (a digest)."""
    for text in (subject, body):
        for platform, rx, kind in _COMPILED:
            if platform != network:
                continue
            m = rx.search(text)
            if not m:
                continue
            who = m.groupdict().get("who") or _VIA_RX.sub("", sender_name)
            found = _split_who(who)
            if found is None:
                continue
            name, handle, others = found
            ref = _identify(network, name, handle, body, sender, owner)
            return Notification(network, kind, ref, others, _quoted(rx, body))
    local = sender.partition("@")[0].lower()
    for platform, rx_text, kind in SENDER_HINTS:
        if platform == network and re.match(rx_text, local + "@") and _VIA_RX.search(sender_name):
            found = _split_who(_VIA_RX.sub("", sender_name))
            if found:
                ref = _identify(network, found[0], found[1], body, sender, owner)
                return Notification(network, kind, ref)
    return None


def _quoted(rx: re.Pattern[str], body: str) -> str | None:
    """The text after the notification's sentence in ``body``, if that line ends in ":".

    Only that layout is read: without the colon, what follows is as likely
    a footer as the post.
    """
    m = rx.search(body)
    if m is None:
        return None
    after = _QUOTED_AFTER_RX.match(body, m.end())
    if after is None:
        return None
    text = (after.group("quoted") or after.group("para") or "").strip()
    return text or None


def _split_who(who: str) -> tuple[str, str | None, int] | None:
    """``Jane Doe (@jane) and 3 others`` -> ``("Jane Doe", "jane", 3)``; None if nobody."""
    who = who.strip().strip("\"'“”‘’*").strip()
    others = 0
    if m := _OTHERS_RX.match(who):
        who, count = m.group(1), m.group(2).lower()
        others = int(count) if count.isdigit() else 1
    elif m := _TWO_RX.match(who):
        # "Jane Doe and John Roe liked…": keep the first, count the second.
        who, others = m.group(1), 1
    handle = None
    if m := _HANDLE_RX.match(who):
        who, handle = m.group(1), m.group(2)
    who = who.strip().strip("\"'“”‘’*:,").strip()
    if not who or _NOBODY_RX.match(who) or len(who) > 80:
        return None
    return who, handle, others


def _identify(
    network: str,
    name: str,
    handle: str | None,
    body: str,
    sender: str,
    owner: set[tuple[str, str]] | frozenset[tuple[str, str]],
) -> IdentityRef:
    """The most precise identity a notification gives for ``name``.

    A handle in the sentence ("Jane (@jane)", "@jane@host") wins; then a profile
    link in the body, preferring one that resembles the name; else name only.
    """
    instance = sender.partition("@")[2].lower() or None
    if handle and (key := _handle_key(network, handle, instance)):
        return IdentityRef(network, key, name)
    if _looks_like_handle(network, name) and (key := _handle_key(network, name, instance)):
        return IdentityRef(network, key)
    candidates = [r for r in _profile_refs(network, body, name) if (network, r.handle) not in owner]
    if candidates:
        tokens = [t for t in re.split(r"[^a-z0-9]+", anyascii(name).lower()) if len(t) >= 2]
        for ref in candidates:
            if any(t in anyascii(ref.handle or "").lower() for t in tokens):
                return ref
        return candidates[0]
    return IdentityRef(network, None, name)


def _looks_like_handle(network: str, name: str) -> bool:
    if " " in name:
        return False
    if network == "bluesky":
        return "." in name
    return network in ("x", "mastodon") and name.startswith("@")


def _handle_key(network: str, value: str, instance: str | None) -> str | None:
    """Key of a handle named in the text; a bare Mastodon ``@user`` is on the sender's instance."""
    if network == "x":
        return keys.x_handle(value)
    if network == "bluesky":
        return keys.bluesky_key(value)
    if network == "mastodon":
        v = value.lstrip("@")
        if "@" not in v and instance:
            v = f"{v}@{instance}"
        return keys.mastodon_acct(v)
    return None


def _profile_refs(network: str, body: str, name: str) -> Iterator[IdentityRef]:
    """Keyed identities from profile links in ``body``: profile links first, then post links."""
    rx = _URL_RX.get(network)
    if rx is None:
        return
    profiles: list[IdentityRef] = []
    posts: list[IdentityRef] = []
    seen: set[str] = set()
    for m in rx.finditer(body):
        handle = m.group("h")
        if network == "linkedin":
            url = f"https://www.linkedin.com/in/{handle}"
        elif network == "x":
            url = f"https://x.com/{handle}"  # keys refuses pages (x.com/explore)
        elif network == "bluesky":
            url = f"https://bsky.app/profile/{handle}"
        else:
            url = f"https://{m.group('remote') or m.group('host')}/@{handle}"
        ref = keys.identity_from_url(url, name)
        if ref is None or ref.handle is None or ref.platform != network or ref.handle in seen:
            continue
        seen.add(ref.handle)
        is_post = "status" in rx.groupindex and m.group("status")
        (posts if is_post else profiles).append(ref)
    yield from profiles
    yield from posts
