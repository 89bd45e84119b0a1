"""The calendar feed: read back with `icalendar`, as a calendar app would read it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tests.web.conftest import Couple
from twoway.core.rituals import occurrences
from twoway.web.ledger.models import Event, Person, Relationship
from twoway.web.rituals import calendar
from twoway.web.rituals.models import CalendarFeed, Ritual
from twoway.web.rituals.schedules import schedule_of
from twoway.web.together import linking

PARIS = ZoneInfo("Europe/Paris")


def make_ritual(
    rel: Relationship,
    cadence: str = "weekly",
    *,
    weekdays: str = "1,4",
    at: time = time(19),
    zone: str = "Europe/Paris",
    week_of_month: int = 1,
    made: datetime = datetime(2025, 3, 1, 10, tzinfo=UTC),
    active: bool = True,
) -> Ritual:
    """A ritual on `rel`'s side, made on `made` (so its first date is known)."""
    ritual = Ritual.objects.create(
        relationship=rel,
        cadence=cadence,
        weekdays=weekdays,
        at_time=at,
        time_zone=zone,
        week_of_month=week_of_month,
        active=active,
    )
    Ritual.objects.filter(pk=ritual.pk).update(created=made)
    ritual.refresh_from_db()
    return ritual


def read_feed(user: User, client: Client | None = None) -> Calendar:
    """Give `user` a feed address and read it, without logging in."""
    token = calendar.new_address(user)
    response = (client or Client()).get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, object]:
    """The VEVENTs by summary."""
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_a_ritual_is_one_repeating_event_at_its_wall_clock_time_in_its_own_zone(
    couple: Couple,
) -> None:
    make_ritual(couple.ana_side, "weekly", weekdays="1,4")
    cal = read_feed(couple.ana)
    assert str(cal["PRODID"]) == calendar.PRODID
    assert str(cal["VERSION"]) == "2.0"
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Weekly check-in with Ben"
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "TH"]
    # Made on Saturday 1 March: the first Monday or Thursday after it is Monday 3 March.
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    start = event.decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime(2025, 3, 3, 19, 0)
    assert start.utcoffset() == timedelta(hours=1)
    assert event.decoded("DURATION") == timedelta(minutes=30)
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    person = couple.ana_side.person
    link = f"http://testserver{reverse('together', args=[person.pk])}"
    assert link in str(event["DESCRIPTION"])
    assert str(event["URL"]) == link


def test_each_cadence_has_its_own_rule_and_length(couple: Couple, outsider: User) -> None:
    rel = Relationship.objects.get(owner=outsider)
    make_ritual(rel, "daily", weekdays="1,2,3,4,5,6,7", at=time(8, 30))
    make_ritual(rel, "weekly", weekdays="7", at=time(18))
    make_ritual(rel, "monthly", weekdays="7", week_of_month=1, at=time(17))
    found = events(read_feed(outsider))
    daily, weekly, monthly = (
        found[f"{c} check-in with Sam"] for c in ("Daily", "Weekly", "Monthly")
    )
    assert daily["RRULE"].to_ical() == b"FREQ=DAILY"
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=SU"
    assert monthly["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1SU"
    assert [e.decoded("DURATION") for e in (daily, weekly, monthly)] == [
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
    ]


def test_a_daily_ritual_on_some_days_repeats_weekly_on_those_days(outsider: User) -> None:
    rel = Relationship.objects.get(owner=outsider)
    make_ritual(rel, "daily", weekdays="1,2,3,4,5")
    make_ritual(rel, "monthly", weekdays="5", week_of_month=-1)
    found = events(read_feed(outsider))
    assert found["Daily check-in with Sam"]["RRULE"].to_ical() == (
        b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    )
    assert found["Monthly check-in with Sam"]["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=-1FR"


@pytest.mark.parametrize(
    ("cadence", "weekdays", "week_of_month"),
    [
        ("monthly", "7", 1),
        ("monthly", "5", -1),
        ("weekly", "2,6", 1),
        ("daily", "1,2,3,4,5,6,7", 1),
    ],
)
def test_a_calendar_app_expands_the_same_times_as_the_site_across_daylight_saving_changes(
    outsider: User, cadence: str, weekdays: str, week_of_month: int
) -> None:
    rel = Relationship.objects.get(owner=outsider)
    ritual = make_ritual(
        rel,
        cadence,
        weekdays=weekdays,
        week_of_month=week_of_month,
        made=datetime(2025, 9, 1, tzinfo=UTC),
    )
    (event,) = read_feed(outsider).walk("VEVENT")
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    window = (datetime(2025, 9, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))
    expanded = [t for t in rule.between(*window, inc=True) if t < window[1]]
    site = occurrences(schedule_of(ritual), *window)
    assert expanded == site
    assert {t.astimezone(PARIS).time() for t in expanded} == {time(19)}
    # Both sides of the clock changes of 26 October 2025 and 29 March 2026 are in there.
    assert {t.utcoffset() for t in expanded} == {timedelta(hours=1), timedelta(hours=2)}


def test_the_first_sunday_of_november_stays_at_seven_in_the_evening_after_the_clocks_go_back(
    outsider: User,
) -> None:
    rel = Relationship.objects.get(owner=outsider)
    make_ritual(rel, "monthly", weekdays="7", made=datetime(2025, 9, 20, tzinfo=UTC))
    (event,) = read_feed(outsider).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == datetime(2025, 10, 5, 19, tzinfo=PARIS)  # the first Sunday after it was made
    following = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start).after(start)
    assert following == datetime(2025, 11, 2, 19, tzinfo=PARIS)
    assert following.astimezone(UTC) == datetime(2025, 11, 2, 18, tzinfo=UTC)  # CET now
    assert start.astimezone(UTC) == datetime(2025, 10, 5, 17, tzinfo=UTC)  # CEST then


def test_the_uid_stays_the_same_from_one_reading_to_the_next(outsider: User) -> None:
    rel = Relationship.objects.get(owner=outsider)
    make_ritual(rel)
    token = calendar.new_address(outsider)
    url = reverse("calendar_feed", args=[token])
    uids = [
        str(Calendar.from_ical(Client().get(url).content).walk("VEVENT")[0]["UID"])
        for _ in range(2)
    ]
    assert uids[0] == uids[1]
    assert uids[0].endswith("@twoway")


def test_the_response_is_a_private_uncached_calendar_file(outsider: User) -> None:
    token = calendar.new_address(outsider)
    response = Client().get(reverse("calendar_feed", args=[token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="twoway-rituals.ics"'
    cal = Calendar.from_ical(response.content)
    assert cal.walk("VEVENT") == []  # no ritual yet: a valid, empty calendar


def test_the_address_is_a_url_ending_in_ics_and_only_its_digest_is_stored(outsider: User) -> None:
    token = calendar.new_address(outsider)
    assert reverse("calendar_feed", args=[token]) == f"/calendar/{token}.ics"
    assert len(token) >= 40
    stored = CalendarFeed.objects.get(user=outsider).token_hash
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored


def test_a_new_address_revokes_the_old_one_and_turning_off_revokes_both(outsider: User) -> None:
    old = calendar.new_address(outsider)
    new = calendar.new_address(outsider)
    assert Client().get(reverse("calendar_feed", args=[old])).status_code == 404
    assert Client().get(reverse("calendar_feed", args=[new])).status_code == 200
    assert calendar.turn_off(outsider)
    assert Client().get(reverse("calendar_feed", args=[new])).status_code == 404
    assert not calendar.turn_off(outsider)


def test_an_unknown_address_is_a_plain_404_and_only_reading_is_allowed(outsider: User) -> None:
    token = calendar.new_address(outsider)
    browser = Client()
    for guess in (
        "x",
        token[:-1],
        token + "x",
        "0" * 43,
        hashlib.sha256(token.encode()).hexdigest(),
    ):
        response = browser.get(reverse("calendar_feed", args=[guess]))
        assert response.status_code == 404, guess
        assert b"BEGIN:VCALENDAR" not in response.content
    assert browser.post(reverse("calendar_feed", args=[token])).status_code == 405
    assert browser.head(reverse("calendar_feed", args=[token])).status_code == 200


def test_a_deactivated_account_s_address_stops_working(outsider: User) -> None:
    token = calendar.new_address(outsider)
    User.objects.filter(pk=outsider.pk).update(is_active=False)
    assert Client().get(reverse("calendar_feed", args=[token])).status_code == 404


def test_a_linked_partner_sees_the_ritual_kept_on_the_other_side_by_their_own_name(
    couple: Couple,
) -> None:
    make_ritual(couple.ana_side, "weekly")
    ana = events(read_feed(couple.ana))
    ben = events(read_feed(couple.ben))
    assert list(ana) == ["Weekly check-in with Ben"]
    assert list(ben) == ["Weekly check-in with Ana"]
    assert ana["Weekly check-in with Ben"]["UID"] == ben["Weekly check-in with Ana"]["UID"]
    ben_link = reverse("together", args=[couple.ben_side.person.pk])
    assert ben_link in str(ben["Weekly check-in with Ana"]["DESCRIPTION"])


def test_after_unlinking_the_partner_s_calendar_loses_the_ritual(couple: Couple) -> None:
    make_ritual(couple.ana_side, "weekly")
    token = calendar.new_address(couple.ben)
    url = reverse("calendar_feed", args=[token])
    assert len(Calendar.from_ical(Client().get(url).content).walk("VEVENT")) == 1
    linking.unlink(couple.ben_side)
    assert Calendar.from_ical(Client().get(url).content).walk("VEVENT") == []
    assert len(read_feed(couple.ana).walk("VEVENT")) == 1  # Ana keeps hers


def test_another_account_s_rituals_and_inactive_ones_are_never_in_the_feed(
    couple: Couple, outsider: User
) -> None:
    make_ritual(Relationship.objects.get(owner=outsider), "daily")
    make_ritual(couple.ana_side, "monthly", weekdays="7", active=False)
    make_ritual(couple.ben_side, "weekly")
    assert list(events(read_feed(couple.ana))) == ["Weekly check-in with Ben"]
    assert list(events(read_feed(outsider))) == ["Daily check-in with Sam"]


def test_the_feed_holds_nothing_written_in_the_journal(couple: Couple) -> None:
    make_ritual(couple.ana_side, "weekly")
    Event.objects.create(
        relationship=couple.ana_side,
        at=datetime(2025, 3, 2, tzinfo=UTC),
        by_me=True,
        kind="talk",
        note="feed-private-note",
        fingerprint="f" * 64,
    )
    Relationship.objects.filter(pk=couple.ana_side.pk).update(me_name="Ana-me-name")
    token = calendar.new_address(couple.ana)
    body = Client().get(reverse("calendar_feed", args=[token])).content.decode()
    assert "feed-private-note" not in body
    assert "Ana-me-name" not in body


def test_several_people_each_get_their_rituals_with_their_names(owner: User) -> None:
    for name in ("Robin", "Jordan"):
        rel = Relationship.objects.create(
            owner=owner, person=Person.objects.create(owner=owner, name=name), me_name="Alex"
        )
        make_ritual(rel, "weekly")
    assert list(events(read_feed(owner))) == [
        "Weekly check-in with Jordan",
        "Weekly check-in with Robin",
    ]


def test_when_both_sides_kept_a_ritual_of_one_cadence_the_feed_shows_the_pair_s_one(
    couple: Couple,
) -> None:
    # Each made a weekly ritual before they linked: the one at the pair's home is theirs now.
    home = min(couple.ana_side, couple.ben_side, key=lambda r: r.pk)
    other = couple.ben_side if home == couple.ana_side else couple.ana_side
    kept = make_ritual(home, "weekly", weekdays="3")
    make_ritual(other, "weekly", weekdays="5")
    for user in (couple.ana, couple.ben):
        (event,) = read_feed(user).walk("VEVENT")
        assert event["RRULE"]["BYDAY"] == ["WE"]
        assert str(event["UID"]) == calendar.uid(kept)
