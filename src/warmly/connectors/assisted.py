"""Assisted mode: warmly prepares the link and the draft; the user acts and confirms.

LinkedIn's User Agreement and X's automation rules forbid sending on the
user's behalf, so these platforms are *always* assisted. Any other platform is
assisted when it has no working configuration (see
:mod:`warmly.connectors.registry`): ``reason`` says why and ``fix`` what would
make it send automatically; ``why`` (both, in one sentence) travels with every
:class:`~warmly.connectors.base.Assisted` result so the user reads it in ``warmly send``.

Recipients are identity keys (:mod:`warmly.identity.keys`). For X the numeric
account id, which a DM link needs, may follow the handle after a ``#``:
``"janedoe#1234567890"`` (X handles never contain ``#``).
"""

from __future__ import annotations

from warmly.connectors.base import Assisted, Mode, Outgoing, PermanentError
from warmly.connectors.links import Action, deep_link

# Where terms of service forbid automation: never anything but assisted.
ALWAYS_ASSISTED: frozenset[str] = frozenset({"linkedin", "x"})

_ACTION: dict[str, Action] = {
    "message": "message",
    "email": "message",
    "reply": "reply",
    "mention": "mention",
    "post": "post",
    "like": "like",
    "share": "share",
    "comment": "reply",
    "thank": "mention",
    "introduce": "message",
}


def split_recipient(platform: str, recipient: str | None) -> tuple[str | None, str | None]:
    """``(handle, external_id)``; only X recipients carry an id (``handle#id``)."""
    if not recipient:
        return None, None
    if platform == "x" and "#" in recipient:
        handle, _, ext = recipient.partition("#")
        return handle or None, ext if ext.isdigit() else None
    return recipient, None


class AssistedConnector:
    """Never sends: returns where to go and the text to paste."""

    mode: Mode = "assisted"

    def __init__(self, platform: str, reason: str | None = None, fix: str | None = None) -> None:
        self.platform: str = platform
        self.reason = reason or (
            "the platform's terms forbid automated sending" if platform in ALWAYS_ASSISTED else None
        )
        # Nothing makes a terms-of-service platform automatic: say so rather than nothing.
        self.fix = fix or ("it is always done by hand" if platform in ALWAYS_ASSISTED else None)

    def __repr__(self) -> str:
        return f"AssistedConnector({self.platform!r}, reason={self.reason!r}, fix={self.fix!r})"

    @property
    def why(self) -> str:
        """Why this platform is assisted and what would make it automatic, for the user."""
        reason = self.reason or f"warmly has no connector that sends on {self.platform}"
        return f"{reason}; {self.fix}" if self.fix else reason

    def send(self, message: Outgoing) -> Assisted:
        """A deep link for ``message`` and its text, or :class:`PermanentError` if none exists."""
        handle, ext = split_recipient(self.platform, message.recipient)
        # invite, accept, follow, anything new: the profile is where the user can act
        action: Action = _ACTION.get(message.kind, "profile")
        if action == "mention" and message.in_reply_to:
            action = "reply"  # a thank-you answers the post it thanks for
        try:
            link = deep_link(
                self.platform,
                handle,
                ext,
                action,
                text=message.text,
                in_reply_to=message.in_reply_to,
                subject=message.subject,
            )
        except ValueError as exc:
            raise PermanentError(f"{self.platform}: no link for this action: {exc}") from exc
        return Assisted(link=link, text=message.text, why=self.why)

    def was_sent(self, key: str) -> bool | None:
        """Only the user knows: they confirm in the agenda."""
        return None
