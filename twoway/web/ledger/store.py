"""The store: plain functions, the only place the CLI touches the ORM.

Every function acts for one account, its `owner` (the CLI's is chosen by
`twoway.web.ledger.acting`; the site's is the logged-in user): there is no
default, so a forgotten owner is a TypeError, never another account's data.
Every function takes a person's name and returns plain data; the analysis is
never computed here: `ledger_for` hands back a `twoway.core.Ledger` and the
caller gives it to `twoway.core.analyze`.

Models are imported inside the functions, because this module is imported
before `open_store` has set Django up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twoway.core import assessment as core_assessment
from twoway.errors import TwowayError
from twoway.web.ledger.lookup import (
    DEFAULT_ME,
    LOCAL_USER,
    default_me_name,
    floating,
    get_person,
    location,
    person_for_write,
    stored_frame,
)
from twoway.web.ledger.writing import ImportResult, Logged, add_event, fingerprint, import_ledger

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.core.ledger import Ledger
    from twoway.web.ledger.models import Relationship

__all__ = [
    "DEFAULT_ME",
    "LOCAL_USER",
    "Deleted",
    "ImportResult",
    "Logged",
    "PersonSummary",
    "StoredAssessment",
    "add_event",
    "assessment_on",
    "assessments",
    "chat_me",
    "close_store",
    "default_me_name",
    "delete_person",
    "exists",
    "export_ledger",
    "find_person",
    "fingerprint",
    "import_ledger",
    "ledger_for",
    "location",
    "me_name_for",
    "open_store",
    "people",
    "person_summary",
    "relationship_ledger",
    "save_assessment",
]


# --- opening -------------------------------------------------------------------


#: The site's settings, and the quick commands' (only the apps they use; see settings_cli).
FULL_SETTINGS = "twoway.web.settings"
CLI_SETTINGS = "twoway.web.settings_cli"


def open_store(db: str | None = None, *, create: bool = True, settings: str = FULL_SETTINGS) -> str:
    """Set Django up on the store and bring its tables up to date; returns where it is.

    `db` is a SQLite file (created with its folder when missing); without it the
    settings decide (`TWOWAY_DB`, `DATABASE_URL`, or the data directory). With
    `create=False`, a SQLite store that does not exist yet is not made (nor its
    folder): `exists()` is then False and nothing has been written. `settings`
    is the Django settings module, unless the environment names one already.
    """
    path = str(Path(db).expanduser().absolute()) if db else None
    if path:
        os.environ["TWOWAY_DB"] = path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, connections

    try:
        if not apps.ready:
            django.setup()
        conn = connections["default"]
    except ImproperlyConfigured as exc:
        raise TwowayError(f"the store is not configured: {exc}") from None
    if path and conn.settings_dict["NAME"] != path:
        # Settings are read once per process; a later --db (tests, the demo) switches
        # the connection the way Django's test runner switches to a test database.
        if conn.vendor != "sqlite":
            raise TwowayError(
                f"a SQLite file was named for the store, but this process uses {conn.vendor}",
                code="store_not_sqlite",
                option="db",
                vendor=conn.vendor,
            )
        conn.close()
        conn.settings_dict["NAME"] = path
    if conn.vendor == "sqlite":
        if not create and not exists():
            return location()
        folder = Path(conn.settings_dict["NAME"]).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TwowayError(f"cannot create {folder} for the store: {exc.strerror}") from None
    try:
        _migrate()
    except DatabaseError as exc:
        conn.close()
        raise TwowayError(f"cannot open the store at {location()}: {exc}") from None
    return location()


def exists() -> bool:
    """Whether the open store is there: its SQLite file exists (a server database always is)."""
    from django.db import connections

    conn = connections["default"]
    return conn.vendor != "sqlite" or Path(conn.settings_dict["NAME"]).is_file()


def close_store() -> None:
    """Close the store's connection (the file stays)."""
    from django.db import connections

    connections["default"].close()


def _up_to_date() -> bool:
    """Whether every migration file of the installed apps is recorded as applied.

    Read from the file names and one query, without importing the migrations:
    loading Django's migration graph costs a quick command more than its work.
    """
    from django.apps import apps
    from django.db import DatabaseError, connections, transaction

    wanted = {
        (app.label, file.stem)
        for app in apps.get_app_configs()
        for file in (Path(app.path) / "migrations").glob("[0-9]*.py")
    }
    try:
        # A savepoint: on PostgreSQL a failed query would spoil an outer transaction.
        with transaction.atomic(), connections["default"].cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:  # no table yet: a new store
        return False
    return wanted <= applied


def _migrate() -> None:
    if _up_to_date():
        return
    # Only now: Django's commands and migration graph cost a quick command more than its work.
    from django.core.management import call_command
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    conn = connections["default"]
    executor = MigrationExecutor(conn)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


# --- people --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """One person in the store, with their relationship and its ledger's size."""

    pk: int
    name: str
    kind: str
    me_name: str
    events: int
    last_event: datetime | None


def people(owner: User) -> list[PersonSummary]:
    """Everyone in the store, by name."""
    from django.db.models import Count, Max

    from twoway.web.ledger.models import Person

    rows = (
        Person.objects.filter(owner=owner)
        .select_related("relationship")
        .annotate(n=Count("relationship__events"), last=Max("relationship__events__at"))
        .order_by("name")
    )
    return [
        PersonSummary(
            pk=p.pk,
            name=p.name,
            kind=p.relationship.kind,
            me_name=p.relationship.me_name,
            events=p.n,
            last_event=floating(p.last) if p.last else None,
        )
        for p in rows
    ]


def person_summary(person: str, owner: User) -> PersonSummary:
    """One person's summary, or the usual error naming who is stored."""
    name = get_person(person, owner).name
    return next(p for p in people(owner) if p.name == name)


def find_person(name: str, owner: User) -> str | None:
    """The stored spelling of `name` (case and accents do not matter), or None."""
    from twoway.web.ledger.lookup import named

    found = named(name, owner)
    return found.name if found else None


def me_name_for(person: str, owner: User) -> str:
    """Your name in this person's ledger."""
    return get_person(person, owner).relationship.me_name


def chat_me(people: list[str], person: str, me: str | None, owner: User) -> str:
    """Which of a chat's participants is you, for importing it into `person`'s ledger.

    `me` when given, else your name in the stored ledger, else the participant
    who is not the person.
    """
    folded = {p.casefold(): p for p in people}
    if me:
        if me.strip().casefold() in folded:
            return folded[me.strip().casefold()]
        raise TwowayError(
            f"{me!r} is not in this chat; its participants are {' and '.join(people)}",
            code="me_not_found",
            option="me",
            name=me,
            candidates=people,
        )
    stored = find_person(person, owner)
    if stored is not None and me_name_for(stored, owner).casefold() in folded:
        return folded[me_name_for(stored, owner).casefold()]
    wanted = person.strip().casefold()
    them = [p for p in people if p.casefold() == wanted] or [
        p for p in people if p.casefold().split()[:1] == wanted.split()[:1]
    ]
    if len(them) == 1:
        return next(p for p in people if p != them[0])
    raise TwowayError(
        f"this chat is between {' and '.join(people)}, and neither is {person!r}: "
        "which one is you?",
        code="which_me",
        option="me",
        candidates=people,
    )


# --- reading a ledger ----------------------------------------------------------


def ledger_for(person: str, owner: User) -> Ledger:
    """The person's ledger, ready for `twoway.core.analyze`."""
    return relationship_ledger(get_person(person, owner).relationship)


def relationship_ledger(rel: Relationship) -> Ledger:
    """A stored relationship's ledger (the caller has checked whose it is)."""
    # Here, for start-up speed: the CLI imports this module, and twoway.core.ledger brings Polars.
    from twoway.core.ledger import ledger_from_frame

    name = rel.person.name
    return ledger_from_frame(stored_frame(rel, name), f"{name} (store)", people=(rel.me_name, name))


def export_ledger(person: str, owner: User) -> Ledger:
    """The person's ledger for writing to a file; `dumps` turns it into CSV or JSON Lines."""
    return ledger_for(person, owner)


# --- deleting ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deleted:
    """What a deletion removed."""

    person: str
    events: int
    assessments: int


def delete_person(person: str, owner: User) -> Deleted:
    """Remove a person with their relationship, every event and every assessment."""
    from django.db import transaction

    with transaction.atomic():
        p = get_person(person, owner)
        rel = p.relationship
        gone = Deleted(p.name, rel.events.count(), rel.assessments.count())
        p.delete()  # cascades to the relationship, its events and its assessments
    return gone


# --- assessments ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    """One self-assessment as stored."""

    taken_on: date
    answers: dict[str, int]
    score: float


def save_assessment(
    person: str,
    answers: Mapping[str, Any],
    taken_on: date,
    *,
    owner: User,
    me: str | None = None,
    kind: str | None = None,
    new: bool = False,
    replace: bool = False,
) -> StoredAssessment:
    """Score and store a self-assessment; the person is added when missing.

    `replace` removes any assessment already taken on that day first, so the
    day keeps one score; without it a second one is kept beside the first.
    """
    from django.db import transaction

    from twoway.web.ledger.models import Assessment

    checked = core_assessment.normalize(answers)
    value = core_assessment.score(checked)
    with transaction.atomic():
        _, rel, _ = person_for_write(
            person, me_name=me or default_me_name(owner), kind=kind, new=new, owner=owner
        )
        if replace:
            rel.assessments.filter(taken_on=taken_on).delete()
        Assessment.objects.create(relationship=rel, taken_on=taken_on, answers=checked, score=value)
    return StoredAssessment(taken_on, checked, value)


def assessment_on(person: str, day: date, owner: User) -> StoredAssessment | None:
    """The assessment of `person` taken on `day`, if any (None too when the person is new)."""
    from twoway.web.ledger.models import Assessment

    found = (
        Assessment.objects.filter(
            relationship__owner=owner,
            relationship__person__name__iexact=person.strip(),
            taken_on=day,
        )
        .order_by("-pk")
        .first()
    )
    return (
        None
        if found is None
        else StoredAssessment(found.taken_on, dict(found.answers), found.score)
    )


def assessments(person: str, owner: User) -> list[StoredAssessment]:
    """A person's assessments, oldest first."""
    rel = get_person(person, owner).relationship
    return [
        StoredAssessment(a.taken_on, dict(a.answers), a.score)
        for a in rel.assessments.order_by("taken_on", "pk")
    ]
