"""The rituals' part of an account: rituals, check-ins with your part, reminder settings.

    "rituals": {"rituals": [{"person": "Sam", "cadence": "weekly", "weekdays": "7",
                             "week_of_month": 1, "at_time": "19:00:00", "time_zone": "UTC",
                             "active": true, "created": "..."}],
                "checkins": [{"person": "Sam", "cadence": "weekly", "period": "2025-05-05",
                              "started_by_me": true, "started": "...",
                              "part": {"answers": {...}, "shared": true, "created": "..."}}],
                "reminders": [{"by_email": true, "minutes_before": 60}]}

Only what the owner wrote goes out: their rituals, and the check-ins they
started or answered with their own part (never the partner's part). A restored
part writes no ledger events: those came back with the ledger's part.

Not exported: the calendar feed's address and the reminders already sent. The
address is a secret kept only as a hash, and a copy of it in a file would keep
working wherever the file goes; after a restore, make a new one on the calendar
page. Reminders sent are the scheduler's bookkeeping.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.models import User

from twoway.core.events import CHECKINS
from twoway.errors import TwowayError
from twoway.web.ledger.lookup import get_person
from twoway.web.ledger.models import Relationship
from twoway.web.ledger.parts import AccountPart, Tally, a_list, an_object, deleted, field_of
from twoway.web.ledger.writing import Progress
from twoway.web.rituals.models import (
    CalendarFeed,
    CheckIn,
    CheckInPart,
    ReminderPreference,
    ReminderSent,
    Ritual,
)
from twoway.web.together import access


class RitualsPart(AccountPart):
    """Rituals, check-ins and the owner's parts of them, and reminder settings."""

    name = "rituals"
    items: ClassVar[Mapping[str, tuple[str, str]]] = {
        "rituals": ("ritual", "rituals"),
        "checkins": ("check-in", "check-ins"),
        "parts": ("check-in answer", "check-in answers"),
        "reminders": ("reminder setting", "reminder settings"),
    }
    needs = ("ledger",)

    def export(self, owner: User) -> dict[str, Any]:
        """The owner's rituals, check-ins (with their own part only) and reminder setting."""
        rituals = Ritual.objects.filter(relationship__owner=owner).select_related(
            "relationship__person"
        )
        mine = {p.checkin_id: p for p in CheckInPart.objects.filter(writer__owner=owner)}
        checkins = (
            CheckIn.objects.filter(id__in=mine.keys()) | CheckIn.objects.filter(home__owner=owner)
        ).distinct()
        # The relationship the check-in is the owner's through: their part's writer, or its home.
        rels = {r.pk: r for r in Relationship.objects.filter(owner=owner).select_related("person")}
        reminders = ReminderPreference.objects.filter(user=owner)
        return {
            "rituals": [
                {
                    "person": r.relationship.person.name,
                    "cadence": r.cadence,
                    "weekdays": r.weekdays,
                    "week_of_month": r.week_of_month,
                    "at_time": r.at_time.isoformat(),
                    "time_zone": r.time_zone,
                    "active": r.active,
                    "created": r.created.isoformat(),
                }
                for r in sorted(rituals, key=lambda r: (r.relationship.person.name, r.cadence))
            ],
            "checkins": sorted(
                (_export_checkin(c, mine.get(c.pk), rels) for c in checkins),
                key=lambda c: (c["person"], c["period"], c["cadence"]),
            ),
            "reminders": [
                {"by_email": p.by_email, "minutes_before": p.minutes_before} for p in reminders
            ],
        }

    def counts(self, data: Mapping[str, Any]) -> dict[str, int]:
        """Rituals, check-ins, your parts of them and reminder settings (shapes checked)."""
        rituals = a_list(data, "rituals", "rituals")
        for i, raw in enumerate(rituals):
            _read_ritual(raw, f"rituals.rituals[{i}]")
        checkins = a_list(data, "checkins", "rituals")
        parts = 0
        for i, raw in enumerate(checkins):
            parts += _read_checkin(raw, f"rituals.checkins[{i}]")[-1] is not None
        reminders = a_list(data, "reminders", "rituals")
        if len(reminders) > 1:
            raise TwowayError("rituals.reminders: an account has one reminder setting, not several")
        for i, raw in enumerate(reminders):
            _read_reminders(raw, f"rituals.reminders[{i}]")
        return {
            "rituals": len(rituals),
            "checkins": len(checkins),
            "parts": parts,
            "reminders": len(reminders),
        }

    def restore(
        self, owner: User, data: Mapping[str, Any], progress: Progress | None = None
    ) -> Tally:
        """What the owner lacks; a ritual, check-in or part already there is left as it is."""
        tally = Tally.of(self.items)
        for i, raw in enumerate(data.get("rituals", [])):
            person, fields = _read_ritual(raw, f"rituals.rituals[{i}]")
            rel = get_person(person, owner).relationship
            created = fields.pop("created")
            ritual, added = Ritual.objects.get_or_create(
                relationship=rel, cadence=fields.pop("cadence"), defaults=fields
            )
            if added:
                Ritual.objects.filter(pk=ritual.pk).update(created=created)
            tally.count("rituals", added=added)
        for i, raw in enumerate(data.get("checkins", [])):
            _restore_checkin(owner, _read_checkin(raw, f"rituals.checkins[{i}]"), tally)
        for i, raw in enumerate(data.get("reminders", [])):
            fields = _read_reminders(raw, f"rituals.reminders[{i}]")
            _, added = ReminderPreference.objects.get_or_create(user=owner, defaults=fields)
            tally.count("reminders", added=added)
        return tally

    def delete(self, owner: User) -> dict[str, int]:
        """The owner's parts, the check-ins and rituals at their home, reminders and feed."""
        return deleted(
            CheckInPart.objects.filter(writer__owner=owner),
            CheckIn.objects.filter(home__owner=owner),
            Ritual.objects.filter(relationship__owner=owner),
            ReminderSent.objects.filter(user=owner),
            ReminderPreference.objects.filter(user=owner),
            CalendarFeed.objects.filter(user=owner),
        )


PART = RitualsPart()


def _export_checkin(
    checkin: CheckIn, part: CheckInPart | None, rels: Mapping[int, Relationship]
) -> dict[str, Any]:
    rel = rels[part.writer_id if part is not None else checkin.home_id]
    return {
        "person": rel.person.name,
        "cadence": checkin.cadence,
        "period": checkin.period.isoformat(),
        "started_by_me": checkin.started_by_id == rel.pk,
        "started": checkin.started.isoformat(),
        "part": None
        if part is None
        else {"answers": part.answers, "shared": part.shared, "created": part.created.isoformat()},
    }


# --- reading --------------------------------------------------------------------------------


def _stamp(item: Mapping[str, Any], key: str, where: str) -> datetime:
    text = field_of(item, key, str, where)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise TwowayError(
            f"{where}.{key}: expected a time such as 2025-05-01T09:00:00+00:00"
        ) from None


def _read_ritual(raw: object, where: str) -> tuple[str, dict[str, Any]]:
    item = an_object(raw, where)
    person = field_of(item, "person", str, where)
    cadence = field_of(item, "cadence", str, where)
    if cadence not in CHECKINS:
        raise TwowayError(
            f"{where}.cadence: expected one of {', '.join(CHECKINS)}, got {cadence!r}"
        )
    weekdays = field_of(item, "weekdays", str, where)
    days = weekdays.split(",")
    if not all(d in {"1", "2", "3", "4", "5", "6", "7"} for d in days):
        raise TwowayError(
            f'{where}.weekdays: expected weekday numbers such as "1,4", got {weekdays!r}'
        )
    week = field_of(item, "week_of_month", int, where)
    if week not in {1, 2, 3, 4, -1}:
        raise TwowayError(f"{where}.week_of_month: expected 1 to 4, or -1 for the last, got {week}")
    try:
        at_time = time.fromisoformat(field_of(item, "at_time", str, where))
    except ValueError:
        raise TwowayError(f"{where}.at_time: expected a time of day such as 19:00:00") from None
    zone = field_of(item, "time_zone", str, where)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise TwowayError(f"{where}.time_zone: {zone!r} is not a time zone twoway knows") from None
    return person, {
        "cadence": cadence,
        "weekdays": weekdays,
        "week_of_month": week,
        "at_time": at_time,
        "time_zone": zone,
        "active": field_of(item, "active", bool, where),
        "created": _stamp(item, "created", where),
    }


_Checkin = tuple[str, str, date, bool, datetime, dict[str, Any] | None]


def _read_checkin(raw: object, where: str) -> _Checkin:
    item = an_object(raw, where)
    person = field_of(item, "person", str, where)
    cadence = field_of(item, "cadence", str, where)
    if cadence not in CHECKINS:
        raise TwowayError(
            f"{where}.cadence: expected one of {', '.join(CHECKINS)}, got {cadence!r}"
        )
    try:
        period = date.fromisoformat(field_of(item, "period", str, where))
    except ValueError:
        raise TwowayError(f"{where}.period: expected a day such as 2025-05-05") from None
    started_by_me = field_of(item, "started_by_me", bool, where)
    started = _stamp(item, "started", where)
    part = item.get("part")
    if part is None:
        return person, cadence, period, started_by_me, started, None
    part = an_object(part, f"{where}.part")
    answers = an_object(field_of(part, "answers", dict, f"{where}.part"), f"{where}.part.answers")
    for key, value in answers.items():
        if not isinstance(value, str):
            raise TwowayError(f"{where}.part.answers.{key}: expected text")
    fields = {
        "answers": answers,
        "shared": field_of(part, "shared", bool, f"{where}.part"),
        "created": _stamp(part, "created", f"{where}.part"),
    }
    return person, cadence, period, started_by_me, started, fields


def _read_reminders(raw: object, where: str) -> dict[str, Any]:
    item = an_object(raw, where)
    minutes = field_of(item, "minutes_before", int, where)
    if minutes < 0:
        raise TwowayError(f"{where}.minutes_before: expected 0 or more, got {minutes}")
    return {"by_email": field_of(item, "by_email", bool, where), "minutes_before": minutes}


def _restore_checkin(owner: User, checkin: _Checkin, tally: Tally) -> None:
    person, cadence, period, started_by_me, started, part = checkin
    rel = get_person(person, owner).relationship
    # Where the pair's check-ins live (the relationship itself when it is not linked).
    row, added = CheckIn.objects.get_or_create(
        home=access.home(rel),
        cadence=cadence,
        period=period,
        defaults={"started_by": rel if started_by_me else None},
    )
    if added:
        CheckIn.objects.filter(pk=row.pk).update(started=started)
    tally.count("checkins", added=added)
    if part is None:
        return
    created = part.pop("created")
    saved, added = CheckInPart.objects.get_or_create(checkin=row, writer=rel, defaults=part)
    if added:
        CheckInPart.objects.filter(pk=saved.pk).update(created=created)
    tally.count("parts", added=added)
