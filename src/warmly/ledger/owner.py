"""The owner: the user's own person row and identities. Never a contact."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from warmly.config.settings import Profile
from warmly.identity import keys
from warmly.identity.merge import merge_people
from warmly.identity.namekey import name_key
from warmly.importers.records import IdentityRef, OwnerRecord
from warmly.store.models import Identity, Interaction, Person, ProfileFact, TieState


def profile_identities(profile: Profile) -> list[IdentityRef]:
    """The user's own identities as written in ``warmly.toml``."""
    refs = []
    for email in profile.emails:
        if k := keys.email_key(email):
            refs.append(IdentityRef("email", k))
    region = profile.default_region or None
    for platform, value in profile.handles.items():
        if k := keys.profile_handle_key(platform, value, region):
            refs.append(IdentityRef("x" if platform.lower() == "twitter" else platform.lower(), k))
    return refs


def owner_id(session: Session) -> int | None:
    return session.scalars(select(Person.id).where(Person.is_owner.is_(True)).limit(1)).first()


def ensure_owner(session: Session, profile: Profile, now: datetime | None = None) -> int:
    """The owner's person id, created if needed, with the profile's identities attached."""
    when = now or datetime.now(UTC)
    pid = owner_id(session)
    if pid is None:
        person = Person(
            display_name=profile.name or "me",
            name_key=name_key(profile.name),
            is_owner=True,
            created_at=when,
        )
        session.add(person)
        session.flush()
        pid = person.id
    elif profile.name:
        existing = session.get(Person, pid)
        assert existing is not None
        if existing.display_name in ("", "me"):
            existing.display_name, existing.name_key = profile.name, name_key(profile.name)
    claim_identities(session, pid, profile_identities(profile), when)
    return pid


def claim_identities(session: Session, owner: int, refs: list[IdentityRef], now: datetime) -> bool:
    """Attach identities to the owner; a contact that held one is merged into the owner.

    Returns True if anything changed.
    """
    changed = merged = False
    for ref in refs:
        if not ref.handle:
            continue
        ident = session.scalars(
            select(Identity).where(Identity.platform == ref.platform, Identity.handle == ref.handle)
        ).first()
        if ident is None:
            session.add(
                Identity(
                    person_id=owner,
                    platform=ref.platform,
                    handle=ref.handle,
                    external_id=ref.external_id,
                    display_name=ref.name,
                    url=ref.url,
                    created_at=now,
                )
            )
            changed = True
        elif ident.person_id != owner:
            merge_people(
                session,
                owner,
                ident.person_id,
                decided_by="owner",
                reasons=[f"{ref.platform}:{ref.handle} is the user's own identity"],
                now=now,
            )
            changed = merged = True
        if ident is not None and ref.external_id and not ident.external_id:
            ident.external_id = ref.external_id
    if changed:
        session.flush()
    if merged:
        # Interactions "with yourself" that came in before the owner was known
        # (only a merge brings any: the writer never gives the owner a row).
        session.execute(delete(Interaction).where(Interaction.person_id == owner))
        session.execute(delete(TieState).where(TieState.person_id == owner))
    return changed


def owner_keys(session: Session) -> set[tuple[str, str]]:
    """``(platform, handle)`` of every identity of the owner."""
    pid = owner_id(session)
    if pid is None:
        return set()
    q = select(Identity.platform, Identity.handle).where(Identity.person_id == pid)
    return {(p, h) for p, h in session.execute(q)}


def apply_owner_record(session: Session, owner: int, rec: OwnerRecord, now: datetime) -> bool:
    """What a source says about the user; True if identities moved (indexes are stale)."""
    claimed = claim_identities(session, owner, [r for r in rec.identities if r.handle], now)
    person = session.get(Person, owner)
    if person is not None and rec.name and person.display_name in ("", "me"):
        person.display_name, person.name_key = rec.name, name_key(rec.name)
    record_profile_facts(session, rec)
    session.flush()
    return claimed


def record_profile_facts(session: Session, rec: OwnerRecord) -> None:
    """The user's specialties, headline, summary and jobs, each stored once."""
    facts = [("specialty", s) for s in rec.specialties]
    facts += [("headline", rec.headline)] if rec.headline else []
    facts += [("summary", rec.summary)] if rec.summary else []
    for p in rec.positions:
        current = "current" if p.ended is None else "past"
        facts.append((f"position:{current}", f"{p.title or ''} at {p.organisation}".strip()))
    for kind, value in facts:
        vk = name_key(value)[:300] or value[:300]
        exists = session.scalars(
            select(ProfileFact.id).where(ProfileFact.kind == kind, ProfileFact.value_key == vk)
        ).first()
        if exists is None:
            session.add(ProfileFact(kind=kind, value=value, value_key=vk, source=rec.location))
