"""People the user blocked or muted on a network: never suggested for engagement.

A block or a mute is the user's own word that they do not want to hear from
someone, so it holds for the whole person, whatever network a plan would
reach them on: identity merging may have joined the blocked X account to a
mail or LinkedIn contact. Importers record it as a ``<network>:blocked`` or
``<network>:muted`` tag (``x:blocked``, ``mastodon:muted``, …).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from warmly.agenda.people import top_by_strength
from warmly.engine.strength import StrengthConfig
from warmly.importers.records import PLATFORMS
from warmly.store.models import Tag

_CHUNK = 2000
HOLD_WORDS = ("blocked", "muted")
HOLD_TAGS = tuple(f"{p}:{w}" for p in PLATFORMS for w in HOLD_WORDS)
_NETWORK = {"x": "X", "linkedin": "LinkedIn", "mastodon": "Mastodon", "bluesky": "Bluesky"}


@dataclass(frozen=True, slots=True)
class Hold:
    """One block or mute on one network, as its tag says."""

    tag: str

    @property
    def platform(self) -> str:
        return self.tag.partition(":")[0]

    @property
    def what(self) -> str:
        return self.tag.partition(":")[2]

    @property
    def why(self) -> str:
        """``blocked on X``, ``muted on Mastodon``."""
        return f"{self.what} on {_NETWORK.get(self.platform, self.platform)}"


# How an approval records the holds the user overrode: sending holds back an
# action only for a block or mute it does not list (one imported since).
_OVERRIDDEN = "do not contact, overridden: "


def overridden_note(holds: Iterable[Hold]) -> str:
    """The guard reason an approval keeps when the user overrides these holds."""
    return _OVERRIDDEN + "; ".join(h.why for h in holds)


def overridden_holds(reasons: Iterable[object]) -> set[str]:
    """The holds (``blocked on X``) an approval's recorded reasons say were overridden."""
    out: set[str] = set()
    for r in reasons:
        if isinstance(r, str) and r.startswith(_OVERRIDDEN):
            out.update(r[len(_OVERRIDDEN) :].split("; "))
    return out


def do_not_contact(s: Session, person_ids: Iterable[int]) -> dict[int, list[Hold]]:
    """The blocks and mutes of each of these people who has any (tags in name order)."""
    wanted = sorted(set(person_ids))
    out: dict[int, list[Hold]] = {}
    for i in range(0, len(wanted), _CHUNK):
        q = (
            select(Tag.person_id, Tag.tag)
            .where(Tag.person_id.in_(wanted[i : i + _CHUNK]), Tag.tag.in_(HOLD_TAGS))
            .order_by(Tag.person_id, Tag.tag)
        )
        for pid, tag in s.execute(q):
            out.setdefault(pid, []).append(Hold(tag))
    return out


def strongest_reachable(
    s: Session, now: datetime, cfg: StrengthConfig, n: int, *, store: bool = False
) -> list[int]:
    """The ``n`` strongest contacts the user did not block or mute, strongest first.

    The circles are drawn from these: a blocked person among the strongest
    leaves their place to the next one rather than an empty seat.
    """
    return top_by_strength(s, now, cfg, n, store=store, unless_tagged=HOLD_TAGS)


def lift(s: Session, person_id: int, platform: str | None = None) -> list[Hold]:
    """Remove the person's blocks and mutes (on ``platform`` only, if given); what was lifted.

    The user's way back after unblocking someone: imports only ever add these
    tags. A later export that lists the account again does not bring the tag
    back (its row is known already).
    """
    held = do_not_contact(s, [person_id]).get(person_id, [])
    lifted = [h for h in held if platform is None or h.platform == platform]
    if lifted:
        s.execute(
            delete(Tag).where(Tag.person_id == person_id, Tag.tag.in_([h.tag for h in lifted]))
        )
    return lifted
