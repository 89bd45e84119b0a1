"""Invitations: a one-time code that links one of your relationships with someone's account.

The code is ten characters from an alphabet without look-alikes (no 0/O, 1/I/L),
shown as `ABCDE-FGHJK`; typing it ignores case, dashes and spaces. Only a
sha256 of the code is stored, so the code is shown once, to the one who
invites, and works once, before it expires.

Accepting locks the invitation's row for the rest of the transaction, so of
two people accepting the same code at the same moment exactly one links.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from twoway.errors import TwowayError
from twoway.web.ledger import RELATIONSHIP_KINDS
from twoway.web.ledger.models import Person, Relationship
from twoway.web.together import linking
from twoway.web.together.models import Invitation

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: How long a code works after it is made.
EXPIRES_AFTER = timedelta(hours=72)
#: Letters and digits that cannot be mistaken for one another: no 0/O, no 1/I/L.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class InvitationError(TwowayError):
    """Why a code cannot be used, and what to do instead; `status` is the page's HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Issued:
    """A new invitation and its code (shown this once; only its hash is kept)."""

    invitation: Invitation
    code: str

    @property
    def expires(self) -> datetime:
        return self.invitation.expires


def new_code() -> str:
    """A fresh random code, without its dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize(typed: str) -> str:
    """A code as typed (any case, with or without dashes and spaces), as stored: `ABCDEFGHJK`."""
    return "".join(c for c in typed.upper() if c not in "- \t\r\n")


def display(code: str) -> str:
    """`ABCDEFGHJK` as people read it: `ABCDE-FGHJK`."""
    code = normalize(code)
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def code_hash(code: str) -> str:
    """What is stored of a code: the sha256 of its normalized form."""
    return hashlib.sha256(normalize(code).encode("ascii", "replace")).hexdigest()


def well_formed(code: str) -> bool:
    """Whether `code` could be one of ours: ten characters of the alphabet, once normalized."""
    code = normalize(code)
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)


def local_time(moment: datetime) -> str:
    """An instant in the site's time zone, in words: `Sat 3 May, 18:30 (Europe/Paris)`."""
    zone = ZoneInfo(settings.TWOWAY_TIME_ZONE)
    return f"{moment.astimezone(zone):%a %-d %b, %H:%M} ({zone.key})"


def invite(rel: Relationship, *, now: datetime | None = None) -> Issued:
    """A new invitation for `rel`; its earlier invitations not yet accepted stop working."""
    if rel.linked_id is not None:
        raise InvitationError(
            f"Your journal with {rel.person.name} is already linked. Unlink it first "
            "if you want to link it with another account.",
            status=409,
        )
    now = now or timezone.now()
    with transaction.atomic():
        rel.invitations.filter(accepted__isnull=True).delete()
        # A collision of two random 10-character codes is all but impossible; try again if so.
        for _ in range(5):
            code = new_code()
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        relationship=rel, code_hash=code_hash(code), expires=now + EXPIRES_AFTER
                    )
            except IntegrityError:
                continue
            return Issued(invitation, display(code))
    raise TwowayError("could not make a unique invitation code; try again")  # pragma: no cover


def pending(rel: Relationship, *, now: datetime | None = None) -> Invitation | None:
    """The invitation of `rel` still waiting to be accepted, if one is."""
    now = now or timezone.now()
    return rel.invitations.filter(accepted__isnull=True, expires__gt=now).first()


def cancel(rel: Relationship) -> int:
    """Withdraw `rel`'s invitations not yet accepted; returns how many there were."""
    deleted, _ = rel.invitations.filter(accepted__isnull=True).delete()
    return deleted


def _check(invitation: Invitation | None, user: User | None, now: datetime) -> Invitation:
    """The invitation if `user` may accept it now, else the reason they may not.

    Without a user (someone not signed in yet), what depends on their account is left out.
    """
    if invitation is None:
        raise InvitationError(
            "This code doesn't match any invitation. Check it against the message you "
            "were sent (letters and digits; O, 0, I, 1 and L are never used), or ask "
            "the person who invited you for a new one.",
            status=404,
        )
    inviter = invitation.relationship
    if user is not None and inviter.owner_id == user.pk:
        raise InvitationError(
            f"This is your own invitation for {inviter.person.name}. Send the link or the "
            f"code to {inviter.person.name}: it's for them to accept.",
            status=409,
        )
    if invitation.accepted is not None:
        raise InvitationError(
            "This invitation has already been used: each code works once. Ask "
            f"{inviter.me_name} for a new one if you still want to link.",
            status=410,
        )
    if invitation.expires <= now:
        raise InvitationError(
            f"This invitation expired on {local_time(invitation.expires)}. Codes work for "
            f"{int(EXPIRES_AFTER.total_seconds() // 3600)} hours; ask {inviter.me_name} "
            "for a new one.",
            status=410,
        )
    if inviter.linked_id is not None:
        raise InvitationError(
            f"{inviter.me_name}'s journal for this relationship is already linked with "
            "another account, so this invitation can't be used. They can unlink it first "
            "and invite you again.",
            status=409,
        )
    if user is None:
        return invitation
    already = Relationship.objects.filter(owner=user, linked__owner_id=inviter.owner_id).first()
    if already is not None:
        raise InvitationError(
            f"You are already linked with {inviter.owner.get_username()} through your "
            f"journal with {already.person.name}. Unlink it there first if you want to "
            "link another one.",
            status=409,
        )
    return invitation


def _well_formed_or_refused(code: str) -> None:
    if not well_formed(code):
        raise InvitationError(
            f"A code has {CODE_LENGTH} letters and digits, like ABCDE-FGHJK; this one "
            f"has {len(normalize(code))}. Check it against the message you were sent.",
        )


def find(code: str, user: User | None = None, *, now: datetime | None = None) -> Invitation:
    """The invitation a code stands for, if `user` can accept it; else why not.

    Without `user` (someone not signed in yet), what depends on their account is not checked.
    """
    _well_formed_or_refused(code)
    invitation = (
        Invitation.objects.select_related("relationship__person", "relationship__owner")
        .filter(code_hash=code_hash(code))
        .first()
    )
    return _check(invitation, user, now or timezone.now())


@dataclass(frozen=True, slots=True)
class NewPerson:
    """The inviter as a new person of yours: their name, your name with them, the kind."""

    name: str
    me_name: str
    kind: str


def accept(
    code: str,
    user: User,
    *,
    person: Person | None = None,
    new: NewPerson | None = None,
    now: datetime | None = None,
) -> Relationship:
    """Link the invitation's relationship with `user`'s; returns the user's side, linked.

    The inviter is either `person` (one of the user's people, not linked yet) or
    `new` (added now). Every refusal is an `InvitationError` fit to show.
    """
    if (person is None) == (new is None):
        raise TwowayError("choose an existing person or describe a new one, not both")
    _well_formed_or_refused(code)
    now = now or timezone.now()
    with transaction.atomic():
        # Locked until the end of the transaction: a second acceptance waits here, then
        # finds the invitation used.
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("relationship__person", "relationship__owner")
            .filter(code_hash=code_hash(code))
            .first()
        )
        invitation = _check(invitation, user, now)
        mine = _own_side(user, person, new)
        try:
            linking.link(invitation.relationship, mine)
        except TwowayError:  # linked elsewhere since the checks: the rows, locked, say so
            raise InvitationError(
                "One of the two journals was linked a moment ago, so this invitation can't "
                "be used. Look at your Together page, or ask for a new code.",
                status=409,
            ) from None
        invitation.accepted = now
        invitation.save(update_fields=["accepted"])
    return mine


def _own_side(user: User, person: Person | None, new: NewPerson | None) -> Relationship:
    if person is not None:
        rel = (
            Relationship.objects.select_related("person")
            .filter(owner=user, person_id=person.pk)
            .first()
        )
        if rel is None:
            raise InvitationError("Choose one of your people.", status=404)
        if rel.linked_id is not None:
            raise InvitationError(
                f"Your journal with {rel.person.name} is already linked. Choose someone "
                "else, or add the one who invited you as someone new.",
                status=409,
            )
        return rel
    assert new is not None
    name, me_name = new.name.strip(), new.me_name.strip()
    if not name or not me_name:
        raise InvitationError("Give both names: theirs and yours.")
    if name.casefold() == me_name.casefold():
        raise InvitationError("You and the person need different names here.")
    if new.kind not in RELATIONSHIP_KINDS:
        raise InvitationError(f"Choose a kind of relationship: {', '.join(RELATIONSHIP_KINDS)}.")
    if Person.objects.filter(owner=user, name__iexact=name).exists():
        raise InvitationError(
            f"You already have someone called {name}: choose them, or give another name."
        )
    try:
        with transaction.atomic():
            created = Person.objects.create(owner=user, name=name)
            return Relationship.objects.create(
                owner=user, person=created, kind=new.kind, me_name=me_name
            )
    except IntegrityError:
        raise InvitationError(
            f"You already have someone called {name}: choose them, or give another name."
        ) from None
