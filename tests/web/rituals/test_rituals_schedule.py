"""The rituals page: a pair's three rituals, shared by both partners, on or off, days, time, zone."""

from __future__ import annotations

from datetime import time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from twoway.web.ledger.models import Person, Relationship
from twoway.web.rituals.forms import RitualForm
from twoway.web.rituals.models import Ritual
from twoway.web.rituals.schedules import pair_rituals, save_ritual, zones
from twoway.web.together import access


def weekly(**extra: object) -> dict[str, object]:
    return {
        "cadence": "weekly",
        "weekly-active": "on",
        "weekly-weekdays": ["1", "4"],
        "weekly-at_time": "19:30",
        "weekly-time_zone": "Europe/Paris",
        **extra,
    }


@pytest.fixture
def alone(owner: User) -> Relationship:
    """The owner's relationship with Sam, who is not on twoway."""
    sam = Person.objects.create(owner=owner, name="Sam")
    return Relationship.objects.create(owner=owner, person=sam, kind="friend", me_name="Alex")


def test_the_page_offers_the_three_rituals_off_in_the_site_zone(
    owner_client: Client, alone: Relationship, settings
):
    settings.TWOWAY_TIME_ZONE = "Europe/Lisbon"
    page = owner_client.get(reverse("rituals", args=[alone.person_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Daily check-in" in html
    assert "Weekly reciprocity check-in" in html
    assert "Monthly relationship conversation" in html
    assert html.count('value="Europe/Lisbon"') == 4  # each ritual's box, and once in the list
    assert html.count('list="time-zones"') == 3
    assert html.count('<datalist id="time-zones">') == 1
    assert 'name="weekly-active"' in html
    assert "checked" not in html.split('name="weekly-active"')[1][:40]


def test_saving_a_weekly_ritual(owner_client: Client, alone: Relationship):
    answer = owner_client.post(reverse("rituals", args=[alone.person_id]), weekly())
    assert answer.status_code == 302
    ritual = Ritual.objects.get()
    assert (ritual.relationship, ritual.cadence, ritual.active) == (alone, "weekly", True)
    assert ritual.weekdays == "1,4"
    assert ritual.at_time == time(19, 30)
    assert ritual.time_zone == "Europe/Paris"
    page = owner_client.get(answer["Location"]).content.decode()
    assert "saved: every Monday and Thursday at 19:30." in page


def test_the_first_sunday_and_the_last_friday(owner_client: Client, alone: Relationship):
    url = reverse("rituals", args=[alone.person_id])
    owner_client.post(
        url,
        {
            "cadence": "monthly",
            "monthly-active": "on",
            "monthly-weekday": "5",
            "monthly-week_of_month": "-1",
            "monthly-at_time": "18:00",
            "monthly-time_zone": "UTC",
        },
    )
    ritual = Ritual.objects.get(cadence="monthly")
    assert (ritual.weekdays, ritual.week_of_month) == ("5", -1)
    owner_client.post(
        url,
        {
            "cadence": "monthly",
            "monthly-active": "on",
            "monthly-weekday": "7",
            "monthly-week_of_month": "1",
            "monthly-at_time": "10:00",
            "monthly-time_zone": "UTC",
        },
    )
    ritual.refresh_from_db()
    assert (ritual.weekdays, ritual.week_of_month) == ("7", 1)
    assert Ritual.objects.count() == 1


def test_a_daily_ritual_on_chosen_days(owner_client: Client, alone: Relationship):
    owner_client.post(
        reverse("rituals", args=[alone.person_id]),
        {
            "cadence": "daily",
            "daily-active": "on",
            "daily-weekdays": ["1", "2", "3", "4", "5"],
            "daily-at_time": "08:15",
            "daily-time_zone": "UTC",
        },
    )
    assert Ritual.objects.get().weekdays == "1,2,3,4,5"


def test_turning_a_ritual_off_keeps_its_schedule(owner_client: Client, alone: Relationship):
    url = reverse("rituals", args=[alone.person_id])
    owner_client.post(url, weekly())
    data = weekly()
    del data["weekly-active"]
    answer = owner_client.post(url, data, follow=True)
    ritual = Ritual.objects.get()
    assert not ritual.active
    assert ritual.weekdays == "1,4"
    assert "off for now" in answer.content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weekly-weekdays": []}, "weekdays"),
        ({"weekly-weekdays": ["8"]}, "weekdays"),
        ({"weekly-at_time": "25:00"}, "at_time"),
        ({"weekly-time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    ],
)
def test_a_bad_schedule_is_shown_again_and_not_saved(
    owner_client: Client, alone: Relationship, change, field
):
    page = owner_client.post(reverse("rituals", args=[alone.person_id]), weekly(**change))
    assert page.status_code == 400
    assert 'class="errorlist' in page.content.decode()
    assert not Ritual.objects.exists()


def test_a_monthly_ritual_on_a_fifth_week_is_refused():
    form = RitualForm(
        {
            "monthly-weekday": "7",
            "monthly-week_of_month": "5",
            "monthly-at_time": "10:00",
            "monthly-time_zone": "UTC",
        },
        cadence="monthly",
    )
    assert not form.is_valid()
    assert "week_of_month" in form.errors


def test_the_zones_offered_are_real_names():
    offered = zones()
    assert "Europe/Paris" in offered
    assert "UTC" in offered
    assert not any(z.startswith(("posix/", "right/")) for z in offered)


def test_both_partners_see_and_edit_one_ritual(client: Client, couple):
    client.force_login(couple.ana)
    client.post(reverse("rituals", args=[couple.ana_side.person_id]), weekly())
    ritual = Ritual.objects.get()
    assert ritual.relationship == access.home(couple.ana_side)

    client.force_login(couple.ben)
    url = reverse("rituals", args=[couple.ben_side.person_id])
    page = client.get(url).content.decode()
    assert "You and Ana share these" in page
    assert '<input type="time" name="weekly-at_time" value="19:30"' in page
    client.post(url, weekly(**{"weekly-weekdays": ["7"], "weekly-at_time": "20:00"}))

    assert Ritual.objects.count() == 1
    ritual.refresh_from_db()
    assert (ritual.weekdays, ritual.at_time) == ("7", time(20, 0))


def test_a_ritual_each_side_made_before_linking_shows_the_homes(couple):
    # Made before they linked, one on each side: both see the one at the pair's home.
    home = access.home(couple.ana_side)
    other = couple.ben_side if home == couple.ana_side else couple.ana_side
    fields = {"active": True, "week_of_month": 1, "time_zone": "UTC"}
    theirs = Ritual.objects.create(
        relationship=other, cadence="weekly", weekdays="2", at_time=time(9), **fields
    )
    kept = Ritual.objects.create(
        relationship=home, cadence="weekly", weekdays="3", at_time=time(9), **fields
    )
    assert theirs.pk < kept.pk
    assert pair_rituals(couple.ana_side)["weekly"] == kept
    assert pair_rituals(couple.ben_side)["weekly"] == kept
    save_ritual(
        couple.ben_side,
        "weekly",
        active=True,
        weekdays=(5,),
        week_of_month=1,
        at_time=time(8),
        time_zone="UTC",
    )
    kept.refresh_from_db()
    assert kept.weekdays == "5"


def test_an_outsider_gets_a_404_and_saves_nothing(client: Client, couple, outsider: User):
    client.force_login(outsider)
    for side in (couple.ana_side, couple.ben_side):
        url = reverse("rituals", args=[side.person_id])
        assert client.get(url).status_code == 404
        assert client.post(url, weekly()).status_code == 404
    assert not Ritual.objects.exists()


def test_a_visitor_is_asked_to_log_in(client: Client, couple):
    answer = client.get(reverse("rituals", args=[couple.ana_side.person_id]))
    assert answer.status_code == 302
    assert "/login" in answer["Location"]
