"""The rituals' section of the Together page: schedule in words, next time, whose turn, streak."""

from __future__ import annotations

from datetime import date, datetime, time
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from twoway.web.ledger.models import Relationship
from twoway.web.rituals import checkins
from twoway.web.rituals.models import CheckIn, CheckInPart, Ritual
from twoway.web.rituals.sections import when_words
from twoway.web.site import clock
from twoway.web.together import access

#: Wednesday 11 March 2026, noon, on the site's clock (UTC).
NOW = datetime(2026, 3, 11, 12, 0)


@pytest.fixture(autouse=True)
def site_clock(monkeypatch, settings):
    settings.TWOWAY_TIME_ZONE = "UTC"
    monkeypatch.setattr(clock, "now", lambda: NOW)


def together(client: Client, rel: Relationship) -> str:
    client.force_login(rel.owner)
    answer = client.get(reverse("together", args=[rel.person_id]))
    assert answer.status_code == 200
    return " ".join(unescape(answer.content.decode()).split())


def weekly_ritual(rel: Relationship, **fields: object) -> Ritual:
    values = {"weekdays": "7", "at_time": time(19), "time_zone": "UTC", **fields}
    return Ritual.objects.create(relationship=access.home(rel), cadence="weekly", **values)


def past_check_in(couple, period: date, starter: Relationship, *, shared: bool = True) -> CheckIn:
    checkin = CheckIn.objects.create(
        home=access.home(couple.ana_side), cadence="weekly", period=period, started_by=starter
    )
    CheckInPart.objects.create(checkin=checkin, writer=starter, answers={"win": "x"}, shared=shared)
    return checkin


def test_with_no_ritual_the_section_invites_to_set_them_up(client: Client, couple):
    html = together(client, couple.ana_side)
    assert "Set up your rituals" in html
    assert reverse("rituals", args=[couple.ana_side.person_id]) in html


def test_a_ritual_in_words_with_its_next_time_and_a_first_start(client: Client, couple):
    weekly_ritual(couple.ana_side)
    html = together(client, couple.ben_side)
    assert "Weekly reciprocity check-in" in html
    assert "Every Sunday at 19:00. Next: Sunday 15 March at 19:00." in html
    assert "Either of you can start the first one." in html
    assert "Your first check-in is here whenever you are both ready." in html
    assert "Start the weekly check-in" in html


def test_a_ritual_that_is_off_is_not_shown(client: Client, couple):
    weekly_ritual(couple.ana_side, active=False)
    assert "Start the weekly check-in" not in together(client, couple.ana_side)


def test_a_ritual_in_another_zone_says_so(client: Client, couple):
    weekly_ritual(couple.ana_side, time_zone="America/New_York", weekdays="3", at_time=time(9))
    html = together(client, couple.ana_side)
    # Noon UTC is 08:00 in New York: today's 09:00 is still to come.
    assert "Every Wednesday at 09:00 (America/New York time). Next: Today at 09:00." in html


def test_whose_turn_and_the_streak_from_both_sides(client: Client, couple):
    weekly_ritual(couple.ana_side)
    past_check_in(couple, date(2026, 2, 16), couple.ana_side)
    past_check_in(couple, date(2026, 2, 23), couple.ben_side)
    # The week of 2 March was missed: forgiven; this week (9 March) is still open.
    ana = together(client, couple.ana_side)
    ben = together(client, couple.ben_side)
    assert "It's your turn to start." in ana
    assert "It's Ana's turn to start." in ben
    for html in (ana, ben):
        assert "2 weeks with a check-in, and counting. Lovely, steady work." in html
        assert "broke" not in html.lower()
    assert "The week of 23 February 2026 · Ben started it" in ana
    assert "The week of 16 February 2026 · Ana started it" in ben


def test_a_pause_is_met_with_kind_words(client: Client, couple):
    weekly_ritual(couple.ana_side)
    past_check_in(couple, date(2026, 2, 9), couple.ana_side)
    past_check_in(couple, date(2026, 2, 16), couple.ben_side)
    html = together(client, couple.ana_side)  # 23 Feb and 2 March missed
    assert "You have kept this going for 2 weeks before; any time is a good time" in html


def test_the_partners_private_part_does_not_count_on_their_side(client: Client, couple):
    weekly_ritual(couple.ana_side)
    past_check_in(couple, date(2026, 3, 2), couple.ana_side, shared=False)
    assert "A fine start: one week with a check-in." in together(client, couple.ana_side)
    assert "Your first check-in is here" in together(client, couple.ben_side)


def test_this_weeks_check_in_asks_for_your_part_then_shows_it(client: Client, couple):
    weekly_ritual(couple.ana_side)
    checkin, _ = checkins.start(couple.ana_side, "weekly")
    url = reverse("checkin", args=[couple.ben_side.person_id, checkin.pk])
    html = together(client, couple.ben_side)
    assert "Fill in your part" in html
    assert url in html
    checkins.save_part(couple.ben_side, checkin, {"supported": "The tea"}, shared=True)
    html = together(client, couple.ben_side)
    assert "See this weekly check-in" in html
    assert "Fill in your part" not in html


def test_starting_from_the_section(client: Client, couple):
    weekly_ritual(couple.ana_side)
    client.force_login(couple.ana)
    answer = client.post(
        reverse("checkin_start", args=[couple.ana_side.person_id]), {"cadence": "weekly"}
    )
    checkin = CheckIn.objects.get()
    assert checkin.period == date(2026, 3, 9)
    assert answer["Location"] == reverse("checkin", args=[couple.ana_side.person_id, checkin.pk])


def test_alone_the_section_asks_who_started(client: Client, owner):
    from twoway.web.ledger.models import Person

    rel = Relationship.objects.create(
        owner=owner,
        person=Person.objects.create(owner=owner, name="Sam"),
        kind="friend",
        me_name="Alex",
    )
    Ritual.objects.create(
        relationship=rel, cadence="daily", weekdays="1,2,3,4,5,6,7", at_time=time(21)
    )
    html = together(client, rel)
    assert "I started it" in html
    assert "Sam started it" in html
    assert "Every day at 21:00. Next: Today at 21:00." in html


def test_when_words():
    today = datetime(2026, 3, 11, 12)
    assert when_words(datetime(2026, 3, 11, 19), today) == "Today at 19:00"
    assert when_words(datetime(2026, 3, 12, 8, 5), today) == "Tomorrow at 08:05"
    assert when_words(datetime(2026, 4, 5, 10), today) == "Sunday 5 April at 10:00"
