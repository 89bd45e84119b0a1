"""Finding and adding people, and reading their events: shared by the store's functions.

Models are imported inside the functions, because these modules are imported
before `open_store` has set Django up.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from twoway.core.ledger import format_at
from twoway.errors import TwowayError
from twoway.web.ledger import RELATIONSHIP_KINDS

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.web.ledger.models import Person, Relationship

LOCAL_USER = "local"
DEFAULT_ME = "me"


def local_user() -> User:
    """The store's single local user: the CLI acts as them."""
    from django.contrib.auth.models import User

    user, created = User.objects.get_or_create(username=LOCAL_USER)
    if created:  # the local user never logs in to anything
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def location() -> str:
    """Where the open store lives: its file, or its database name."""
    from django.db import connections

    conn = connections["default"]
    return str(conn.settings_dict["NAME"])


def default_me_name() -> str:
    """The name you go by in your most recent relationship, else "me"."""
    from twoway.web.ledger.models import Relationship

    latest = Relationship.objects.filter(owner=local_user()).order_by("-created", "-pk").first()
    return latest.me_name if latest else DEFAULT_ME


def get_person(name: str) -> Person:
    """The stored person called `name` (any case), or an error listing who is stored."""
    from twoway.web.ledger.models import Person

    owner = local_user()
    found = (
        Person.objects.filter(owner=owner, name__iexact=name.strip())
        .select_related("relationship")
        .first()
    )
    if found is None:
        raise unknown(name, [p.name for p in Person.objects.filter(owner=owner)])
    return found


def unknown(name: str, known: list[str]) -> TwowayError:
    """The error for a name not in the store: who is, or how to add someone."""
    if not known:
        return TwowayError(
            f"there is no one in your store yet ({location()}). Add someone by logging "
            f'an event, e.g. `twoway log talk --to {name} "talked about work"`, or by '
            f"importing a ledger: `twoway import ledger.csv --person {name}`"
        )
    close = difflib.get_close_matches(name.casefold(), [k.casefold() for k in known], n=1)
    hint = ""
    if close:
        hint = f" Did you mean {next(k for k in known if k.casefold() == close[0])}?"
    return TwowayError(f"no one called {name!r} in your store.{hint} People: {', '.join(known)}")


def person_for_write(
    name: str, *, me_name: str, kind: str | None, new: bool
) -> tuple[Person, Relationship, bool]:
    """The person called `name`, created with their relationship when missing.

    A missing name that looks like a typo of a stored one is refused unless
    `new` says it really is someone new.
    """
    from twoway.web.ledger.models import Person, Relationship

    if kind is not None and kind not in RELATIONSHIP_KINDS:
        raise TwowayError(f"unknown kind {kind!r}; expected one of {', '.join(RELATIONSHIP_KINDS)}")
    owner = local_user()
    name = name.strip()
    found = Person.objects.filter(owner=owner, name__iexact=name).first()
    if found is not None:
        rel = found.relationship
        if kind and rel.kind != kind:
            rel.kind = kind
            rel.save(update_fields=["kind"])
        return found, rel, False
    check_name(name, "person")
    check_name(me_name, "your name")
    if name.casefold() == me_name.strip().casefold():
        raise TwowayError(f"you and the person cannot both be called {name!r}; choose another --me")
    known = [p.name for p in Person.objects.filter(owner=owner)]
    close = difflib.get_close_matches(name.casefold(), [k.casefold() for k in known], n=1)
    if close and not new:
        like = next(k for k in known if k.casefold() == close[0])
        raise TwowayError(
            f"no one called {name!r} in your store yet. Did you mean {like}? "
            f"If {name} really is someone new, add --new."
        )
    person = Person.objects.create(owner=owner, name=name)
    rel = Relationship.objects.create(
        owner=owner, person=person, kind=kind or "other", me_name=me_name.strip()
    )
    return person, rel, True


def check_name(name: str, what: str) -> None:
    """Refuse an empty, overlong or unprintable name."""
    if not name.strip():
        raise TwowayError(f"{what}: expected a name, got nothing")
    if len(name) > 200 or any(ord(c) < 32 for c in name):
        raise TwowayError(f"{what}: {name[:40]!r} is not a usable name")


def floating(at: datetime) -> datetime:
    """A stored time back to the wall-clock time it was written as (see models.Event)."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def stored_rows(rel: Relationship, person_name: str) -> Iterator[dict[str, object]]:
    """A relationship's events as interchange rows, in ledger order (time, then entry)."""
    me, them = rel.me_name, person_name
    fields = ("pk", "at", "offset_minutes", "date_only", "by_me", "kind", "key", "ref")
    fields += ("value", "note", "extra")
    for values in rel.events.order_by("at", "pk").values_list(*fields).iterator(chunk_size=5000):
        pk, at, offset, date_only, by_me, kind, key, ref, value, note, extra = values
        row: dict[str, object] = {
            "at": format_at(floating(at), offset, date_only),
            "by": me if by_me else them,
            "to": them if by_me else me,
            "kind": kind,
            "id": key,
            "ref": ref,
            "value": value,
            "note": note,
            **(extra or {}),
        }
        if not key:  # evidence names a row without an id by its database id
            row["key"] = f"#{pk}"
        yield row
