"""The calendar page: making, replacing and turning off the feed's address; reminder choices."""

from __future__ import annotations

import hashlib
import re
from datetime import time

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.conftest import Couple
from twoway.web.rituals.models import CalendarFeed, ReminderPreference, Ritual

ADDRESS = re.compile(r"http://testserver/calendar/([A-Za-z0-9_-]+)\.ics")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_address(client: Client) -> str:
    """Press "Make my calendar address"; returns the token the page shows."""
    response = client.post(reverse("calendar_new"))
    assert response.status_code == 201
    found = ADDRESS.search(response.content.decode())
    assert found, "the new address is on the page"
    return found.group(1)


def test_the_page_asks_to_log_in(client: Client) -> None:
    for name in ("calendar", "calendar_new", "calendar_off", "calendar_reminders"):
        response = client.post(reverse(name)) if name != "calendar" else client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_account_page_leads_to_it(owner_client: Client) -> None:
    page = owner_client.get(reverse("account")).content.decode()
    assert f'href="{reverse("calendar")}"' in page


def test_without_an_address_the_page_offers_to_make_one(owner_client: Client) -> None:
    page = owner_client.get(reverse("calendar")).content.decode()
    assert "Make my calendar address" in page
    assert "Turn the feed off" not in page
    assert "You have no rituals yet" in page


def test_a_new_address_is_shown_once_and_only_its_digest_is_kept(
    owner: User, owner_client: Client
) -> None:
    response = owner_client.post(reverse("calendar_new"))
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    token = ADDRESS.search(page).group(1)
    assert f'href="webcal://testserver/calendar/{token}.ics"' in page
    assert "How to subscribe" in page
    feed = CalendarFeed.objects.get(user=owner)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert Client().get(f"/calendar/{token}.ics").status_code == 200
    again = owner_client.get(reverse("calendar")).content.decode()
    assert token not in again
    assert "Your calendar address is on" in again
    assert "Make a new address" in again


def test_making_a_new_address_stops_the_old_one(owner_client: Client) -> None:
    old = make_address(owner_client)
    response = owner_client.post(reverse("calendar_new"))
    new = ADDRESS.search(response.content.decode()).group(1)
    assert new != old
    assert "The address you had before no longer works" in response.content.decode()
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/{new}.ics").status_code == 200


def test_turning_the_feed_off_stops_the_address(owner: User, owner_client: Client) -> None:
    token = make_address(owner_client)
    response = owner_client.post(reverse("calendar_off"), follow=True)
    assert "Your calendar address no longer works" in response.content.decode()
    assert not CalendarFeed.objects.filter(user=owner).exists()
    assert Client().get(f"/calendar/{token}.ics").status_code == 404
    assert "Make my calendar address" in response.content.decode()


def test_the_page_lists_the_rituals_the_feed_holds(couple: Couple) -> None:
    Ritual.objects.create(
        relationship=couple.ana_side,
        cadence="monthly",
        weekdays="7",
        week_of_month=-1,
        at_time=time(18, 30),
        time_zone="Europe/Paris",
    )
    ana = signed_in(couple.ana).get(reverse("calendar")).content.decode()
    ben = signed_in(couple.ben).get(reverse("calendar")).content.decode()
    assert "Monthly check-in with Ben" in ana
    assert "The last Sunday of each month at 18:30 (Europe/Paris)" in ana
    assert f'href="{reverse("rituals", args=[couple.ana_side.person.pk])}"' in ana
    assert "Monthly check-in with Ana" in ben
    assert "with Ben" not in ben


def test_reminder_choices_are_saved(owner: User, owner_client: Client) -> None:
    User.objects.filter(pk=owner.pk).update(email="alex@example.org")
    page = owner_client.get(reverse("calendar")).content.decode()
    assert "They go to alex@example.org" in page
    response = owner_client.post(
        reverse("calendar_reminders"), {"by_email": "on", "minutes_before": "1440"}, follow=True
    )
    assert "Reminders will come to your e-mail address" in response.content.decode()
    preference = ReminderPreference.objects.get(user=owner)
    assert (preference.by_email, preference.minutes_before) == (True, 1440)
    owner_client.post(reverse("calendar_reminders"), {"minutes_before": "15"})
    preference.refresh_from_db()
    assert (preference.by_email, preference.minutes_before) == (False, 15)
    assert ReminderPreference.objects.filter(user=owner).count() == 1


def test_a_lead_time_not_offered_is_refused(owner: User, owner_client: Client) -> None:
    User.objects.filter(pk=owner.pk).update(email="alex@example.org")
    response = owner_client.post(
        reverse("calendar_reminders"), {"by_email": "on", "minutes_before": "1"}
    )
    assert response.status_code == 400
    assert not ReminderPreference.objects.filter(user=owner).exists()


def test_without_an_e_mail_address_the_page_says_so_and_offers_the_calendar_instead(
    owner_client: Client,
) -> None:
    page = owner_client.get(reverse("calendar")).content.decode()
    assert "Your account has no e-mail address" in page
    assert "add an alert to the subscription" in page
    assert 'name="by_email"' not in page
