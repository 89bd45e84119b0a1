"""A whole account at once: export it as one JSON document, restore it, delete it.

The export holds every person with their relationship, their ledger and their
self-assessments:

    {"format": "twoway-account", "schema": 1, "exported_at": "2025-06-01T09:00:00+00:00",
     "people": [{"name": "Sam", "kind": "partner", "me_name": "Alex",
                 "events": [{"at": "2025-05-01T18:30:00", "by": "Alex", ...}, ...],
                 "assessments": [{"taken_on": "2025-05-02", "answers": {...}, "score": 62.5}],
                 "together": {"shared_rows": [0, 3], "rituals": [...], "checkins": [...],
                              "i_statements": [...], "role_reversals": [...]}}]}

Each event is one row of the ledger interchange format, exactly as `twoway
export --format jsonl` writes it (`twoway.core.ledger.dumps`), and a restore
reads the rows back through the same parser as `twoway import`, so the account
export and the ledger files can never disagree.

Models are imported inside the functions, like the rest of this package, so
the module can be imported before Django is set up.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from twoway.core import assessment as core_assessment
from twoway.core.ledger import Ledger, dumps, parse_ledger
from twoway.errors import BadInput, BadRow, NotOneRelationship, TwowayError
from twoway.web.ledger.writing import Progress

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.web.ledger.models import Relationship

__all__ = [
    "FORMAT",
    "SCHEMA",
    "RestoreResult",
    "check_export",
    "delete_account",
    "export_account",
    "ledger_rows",
    "parse_export",
    "restore_account",
]

#: The export's `format` and `schema`: a restore refuses anything else.
FORMAT = "twoway-account"
SCHEMA = 1

_PERSON_FIELDS = {"name": str, "kind": str, "me_name": str, "events": list, "assessments": list}


# --- export ----------------------------------------------------------------------


def export_account(owner: User, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything stored for `owner`, as a JSON-ready dict (see the module's docstring)."""
    from twoway.web.ledger.models import Relationship

    rels = (
        Relationship.objects.filter(owner=owner)
        .select_related("person")
        .prefetch_related("assessments")
        .order_by("person__name", "pk")
    )
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "exported_at": (now or datetime.now(UTC)).isoformat(),
        "people": [_export_person(rel) for rel in rels],
    }


def _export_person(rel: Relationship) -> dict[str, Any]:
    from twoway.web.ledger.store import relationship_ledger

    # An assessment alone adds a person without events; an empty ledger is not a ledger.
    events = ledger_rows(relationship_ledger(rel)) if rel.events.exists() else []
    return {
        "name": rel.person.name,
        "kind": rel.kind,
        "me_name": rel.me_name,
        "events": events,
        "assessments": [
            {"taken_on": a.taken_on.isoformat(), "answers": dict(a.answers), "score": a.score}
            for a in sorted(rel.assessments.all(), key=lambda a: (a.taken_on, a.pk))
        ],
        "together": _export_together(rel),
    }


def _export_together(rel: Relationship) -> dict[str, Any]:
    """What the owner wrote with or for their partner, beside the ledger (see the docstring)."""
    from twoway.web.practices.models import IStatement, RoleReversalSide
    from twoway.web.rituals.models import CheckInPart, Ritual

    # The ledger's rows come in time, then id, order: the same order as `events`.
    flags = rel.events.order_by("at", "pk").values_list("shared", flat=True)
    return {
        "shared_rows": [i for i, shared in enumerate(flags) if shared],
        "rituals": [
            {
                "cadence": r.cadence,
                "weekdays": r.weekdays,
                "week_of_month": r.week_of_month,
                "at_time": r.at_time.isoformat(),
                "time_zone": r.time_zone,
                "active": r.active,
            }
            for r in Ritual.objects.filter(relationship=rel).order_by("cadence")
        ],
        "checkins": [
            {
                "cadence": part.checkin.cadence,
                "period": part.checkin.period.isoformat(),
                "started_by_me": part.checkin.started_by_id == rel.pk,
                "answers": part.answers,
                "shared": part.shared,
            }
            for part in CheckInPart.objects.filter(writer=rel)
            .select_related("checkin")
            .order_by("checkin__period", "pk")
        ],
        "i_statements": [
            {
                "feeling": s.feeling,
                "situation": s.situation,
                "need": s.need,
                "sentence": s.sentence,
                "created": s.created.isoformat(),
            }
            for s in IStatement.objects.filter(relationship=rel).order_by("created", "pk")
        ],
        "role_reversals": [
            {"situation": side.exercise.situation, "my_side": side.text}
            for side in RoleReversalSide.objects.filter(writer=rel)
            .select_related("exercise")
            .order_by("created", "pk")
        ],
    }


def ledger_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """A ledger's rows as the objects `twoway export --format jsonl` writes, one per line."""
    # Split on "\n" only: JSON escapes it inside strings, while other line breaks
    # (U+2028 in a note) stay raw in `dumps`' output.
    return [json.loads(line) for line in dumps(ledger, "jsonl").split("\n") if line]


# --- reading an export -----------------------------------------------------------


def parse_export(text: str) -> dict[str, Any]:
    """Read an export's JSON text and check its shape; a `TwowayError` says what is wrong."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise TwowayError(
            f"this is not a twoway account export: it is not JSON ({exc.msg} at line "
            f"{exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise TwowayError(
            "this is not a twoway account export: its values are nested too deeply to read"
        ) from None
    check_export(data)
    return data  # type: ignore[no-any-return]


def check_export(data: object) -> None:
    """Check an export's shape down to each person's fields (rows are checked on restore)."""
    if not isinstance(data, dict):
        raise TwowayError(
            f"this is not a twoway account export: expected a JSON object, got {_kind(data)}"
        )
    if data.get("format") != FORMAT:
        raise TwowayError(
            f"this is not a twoway account export: `format` is {data.get('format')!r}, "
            f"expected {FORMAT!r}. A single person's ledger (CSV or JSON Lines) is imported "
            "as a ledger instead"
        )
    schema = data.get("schema")
    if schema != SCHEMA or isinstance(schema, bool):
        newer = isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA
        why = " (it was made by a newer twoway; update this one first)" if newer else ""
        raise TwowayError(f"`schema` is {schema!r}; this twoway reads schema {SCHEMA}{why}")
    people = data.get("people")
    if not isinstance(people, list):
        raise TwowayError(f"`people`: expected a list, got {_kind(people)}")
    for i, person in enumerate(people):
        where = f"people[{i}]"
        if not isinstance(person, dict):
            raise TwowayError(f"{where}: expected an object, got {_kind(person)}")
        for field, expected in _PERSON_FIELDS.items():
            if field not in person:
                raise TwowayError(f"{where}: `{field}` is missing")
            if not isinstance(person[field], expected):
                what = "text" if expected is str else "a list"
                raise TwowayError(f"{where}.{field}: expected {what}, got {_kind(person[field])}")


def _kind(value: object) -> str:
    """A JSON value's type in plain words, for messages."""
    if value is None:
        return "null"
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names.update({list: "a list", dict: "an object"})
    return names.get(type(value), type(value).__name__)


# --- restore ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did. `present` counts what was already stored and left as it was."""

    people: int
    created_people: int
    events_added: int
    events_present: int
    assessments_added: int
    assessments_present: int


def restore_account(
    owner: User, data: Mapping[str, Any], *, progress: Progress | None = None
) -> RestoreResult:
    """Add an export's people, events and assessments to `owner`'s, all or nothing.

    Safe to repeat: events are matched by their fingerprint (as any import is)
    and assessments by their day and answers, so restoring the same export
    twice adds nothing the second time. A bad export raises a `TwowayError`
    naming the place (`people[2].events[14], field `at`: ...`) and stores nothing.
    `progress(stage, done, total)` hears how many events have been checked.
    """
    from django.db import transaction

    check_export(data)
    people: list[dict[str, Any]] = data["people"]
    total = sum(len(p["events"]) for p in people)
    done = 0
    # created people, events added and present, assessments added and present
    tally = [0, 0, 0, 0, 0]
    with transaction.atomic():
        for i, person in enumerate(people):
            stage = f"Restoring {person['name']}"
            if progress:
                progress(stage, done, total)
            rows = _within(progress, stage, done, total)
            got = (
                *_restore_events(owner, person, f"people[{i}]", rows),
                *_restore_assessments(owner, person, f"people[{i}]"),
            )
            tally = [a + b for a, b in zip(tally, got, strict=True)]
            done += len(person["events"])
        if progress:
            progress("Restored", total, total)
    return RestoreResult(len(people), *tally)


def _restore_events(
    owner: User, person: Mapping[str, Any], where: str, progress: Progress | None
) -> tuple[int, int, int]:
    """Add the person (when missing) and their events; returns (created, added, present)."""
    from twoway.web.ledger.lookup import person_for_write
    from twoway.web.ledger.writing import import_ledger

    name, me_name = person["name"], person["me_name"]
    try:
        # `new`: an export may hold "Sam" and "Sami"; neither is a typo of the other.
        _, _, created = person_for_write(
            name, me_name=me_name, kind=person["kind"], new=True, owner=owner
        )
    except TwowayError as exc:
        raise TwowayError(f"{where}: {exc}") from None
    rows = person["events"]
    if not rows:
        return int(created), 0, 0
    ledger = _read_rows(rows, f"{where}.events", (me_name, name))
    try:
        result = import_ledger(
            name, ledger, me=me_name, kind=person["kind"], new=True, owner=owner, progress=progress
        )
    except TwowayError as exc:
        raise _located(exc, f"{where}.events") from None
    return int(created), result.added, result.present


def _within(progress: Progress | None, stage: str, before: int, total: int) -> Progress | None:
    """One person's import progress as a part of the whole restore's: events checked of all."""
    if progress is None:
        return None
    report = progress

    def inner(inner_stage: str, done: int, _of: int) -> None:
        # Writing a checked batch is quick; the bar follows the checking.
        if inner_stage == "Checking rows":
            report(stage, before + done, total)

    return inner


def _read_rows(rows: list[Any], source: str, people: tuple[str, str]) -> Ledger:
    """Read event rows with `twoway import`'s own JSON Lines parser: one row per line."""
    # json.dumps escapes every line break and non-ASCII character, so row i is line i + 1.
    data = "\n".join(json.dumps(row) for row in rows).encode("ascii")
    try:
        return parse_ledger(data, source, fmt="jsonl", people=people)
    except TwowayError as exc:
        raise _located(exc, source) from None


def _located(exc: TwowayError, source: str) -> TwowayError:
    """A ledger error about `source, line N` said as `source[N - 1]`, the row's place in the list.

    Built from the error's fields (line N of the rows' JSON Lines is row N - 1), never
    from its sentence.
    """
    fields = {**exc.fields, "source": source}
    if isinstance(exc, BadRow):
        more = (
            f" (and {exc.more} more row{'s' if exc.more != 1 else ''} like it)" if exc.more else ""
        )
        fields.pop("option", None)  # a restore has no way to skip rows
        text = f"{source}[{exc.line - 1}], field `{exc.field}`: {exc.expected}{more}"
        return TwowayError(text, code=exc.code, **fields)
    if isinstance(exc, BadInput):
        where = f"{source}[{exc.line - 1}]" if exc.line is not None else source
        return TwowayError(f"{where}: {exc.detail}", code=exc.code, **fields)
    if isinstance(exc, NotOneRelationship) and "names" in exc.fields:
        listing = ", ".join(f"{n['name']} ({source}[{n['line'] - 1}])" for n in exc.fields["names"])
        names = exc.fields["names"]
        expected = exc.fields.get("expected", "two people")
        if len(names) < 2:
            only = names[0]["name"] if names else "nobody"
            text = f"{source}: a ledger is one relationship between two people, but it names only {only}"
        else:
            text = (
                f"{source}: a ledger is one relationship between {expected}, "
                f"but it names {len(names)}: {listing}"
            )
        return TwowayError(text, code=exc.code, **fields)
    return exc


def _restore_assessments(owner: User, person: Mapping[str, Any], where: str) -> tuple[int, int]:
    """Add the assessments the person does not have yet; returns (added, present)."""
    from twoway.web.ledger.lookup import get_person
    from twoway.web.ledger.models import Assessment

    rel = get_person(person["name"], owner).relationship
    stored = {(a.taken_on, _answers_key(a.answers)) for a in rel.assessments.all()}
    added = present = 0
    for j, raw in enumerate(person["assessments"]):
        taken_on, answers = _read_assessment(raw, f"{where}.assessments[{j}]")
        key = (taken_on, _answers_key(answers))
        if key in stored:
            present += 1
            continue
        # The score follows from the answers; recomputing it keeps the two consistent.
        Assessment.objects.create(
            relationship=rel,
            taken_on=taken_on,
            answers=answers,
            score=core_assessment.score(answers),
        )
        stored.add(key)
        added += 1
    return added, present


def _read_assessment(raw: object, where: str) -> tuple[date, dict[str, int]]:
    if not isinstance(raw, dict):
        raise TwowayError(f"{where}: expected an object, got {_kind(raw)}")
    taken = raw.get("taken_on")
    try:
        taken_on = date.fromisoformat(taken) if isinstance(taken, str) else None
    except ValueError:
        taken_on = None
    if taken_on is None:
        raise TwowayError(f"{where}.taken_on: expected a day such as 2025-05-02, got {taken!r}")
    answers = raw.get("answers")
    if not isinstance(answers, dict):
        raise TwowayError(f"{where}.answers: expected an object, got {_kind(answers)}")
    try:
        return taken_on, core_assessment.normalize(answers)
    except TwowayError as exc:
        raise TwowayError(f"{where}.answers: {exc}") from None


def _answers_key(answers: Mapping[str, Any]) -> str:
    return json.dumps(answers, sort_keys=True)


# --- delete ----------------------------------------------------------------------


def delete_account(user: User) -> dict[str, int]:
    """Remove the user and everything of theirs; returns how many rows went, by model.

    Every row with a foreign key to the user goes with it (Django's cascade:
    people, relationships, events, assessments, API tokens, import jobs, ...).
    Sessions hold the user's id inside their data rather than as a key, so
    they are found and removed here, with the record of the user's logins.
    """
    from django.db import transaction

    with transaction.atomic():
        removed = {"sessions.Session": _delete_sessions(user)}
        removed.update(_delete_login_records(user))
        _, by_model = user.delete()
        removed.update(by_model)
    return {label: n for label, n in sorted(removed.items()) if n}


def _delete_sessions(user: User) -> int:
    from django.apps import apps
    from django.conf import settings

    if not apps.is_installed("django.contrib.sessions") or settings.SESSION_ENGINE not in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }:
        return 0
    from django.contrib.sessions.models import Session

    mine = str(user.pk)
    # The user id is inside the encoded data, so every session has to be read once.
    keys = [
        s.session_key
        for s in Session.objects.iterator(chunk_size=500)
        if str(s.get_decoded().get("_auth_user_id")) == mine
    ]
    if not keys:
        return 0
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    engine: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for key in keys:
        engine(session_key=key).delete()  # through the store, so a cache forgets it too
    return len(keys)


def _delete_login_records(user: User) -> dict[str, int]:
    """django-axes' log of the user's successful logins (failures stay: they guard the name)."""
    from django.apps import apps

    if not apps.is_installed("axes"):
        return {}
    from axes.models import AccessLog

    n, _ = AccessLog.objects.filter(username=user.get_username()).delete()
    return {"axes.AccessLog": n}
