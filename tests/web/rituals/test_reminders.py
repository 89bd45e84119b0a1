"""E-mail reminders: who gets one, when, exactly once, and what it says."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from tests.web.conftest import Couple
from twoway.web.ledger.models import Event, Relationship
from twoway.web.rituals.models import ReminderPreference, ReminderSent, Ritual
from twoway.web.rituals.reminders import send_due
from twoway.web.settings import env_site_url
from twoway.web.together import linking

PARIS = ZoneInfo("Europe/Paris")
#: Monday 3 March 2025, a weekly ritual's day (Monday 19:00 in Paris).
MONDAY = datetime(2025, 3, 3, tzinfo=PARIS)


def at(hour: int, minute: int = 0, day: datetime = MONDAY) -> datetime:
    """A time on that Monday, in Paris."""
    return day.replace(hour=hour, minute=minute)


def weekly_ritual(rel: Relationship, **fields: object) -> Ritual:
    """Mondays at 19:00, Paris time."""
    values = {
        "cadence": "weekly",
        "weekdays": "1",
        "at_time": time(19),
        "time_zone": "Europe/Paris",
    }
    return Ritual.objects.create(relationship=rel, **{**values, **fields})


def remind(user: User, minutes: int = 60, email: str = "", on: bool = True) -> None:
    """Turn `user`'s reminders on (or off), `minutes` ahead, to `email` (default: name@example.org)."""
    User.objects.filter(pk=user.pk).update(email=email or f"{user.username}@example.org")
    ReminderPreference.objects.update_or_create(
        user=user, defaults={"by_email": on, "minutes_before": minutes}
    )


def test_one_reminder_is_sent_within_the_lead_time_and_never_again(couple: Couple) -> None:
    ritual = weekly_ritual(couple.ana_side)
    remind(couple.ana, 60)
    assert send_due(at(18, 15)) == 1
    assert send_due(at(18, 20)) == 0
    assert send_due(at(18, 59)) == 0
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Weekly check-in with Ben, today at 19:00"
    sent = ReminderSent.objects.get()
    assert (sent.ritual, sent.user) == (ritual, couple.ana)
    assert sent.occurrence == at(19)


def test_the_mail_says_when_and_where_in_kind_words_with_absolute_links(couple: Couple) -> None:
    weekly_ritual(couple.ana_side)
    remind(couple.ana, 60)
    send_due(at(18, 30))
    (message,) = mail.outbox
    site = settings.TWOWAY_SITE_URL
    together = site + reverse("together", args=[couple.ana_side.person.pk])
    assert "Hello ana," in message.body
    assert "Your weekly check-in with Ben is today at 19:00 (Europe/Paris time)." in message.body
    assert together in message.body
    assert site + reverse("calendar") in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_each_partner_is_reminded_of_the_shared_ritual_by_their_own_name_for_the_other(
    couple: Couple,
) -> None:
    weekly_ritual(couple.ana_side)
    remind(couple.ana, 60)
    remind(couple.ben, 60)
    assert send_due(at(18, 30)) == 2
    by_whom = {m.to[0]: m for m in mail.outbox}
    assert "with Ben" in by_whom["ana@example.org"].subject
    assert "with Ana" in by_whom["ben@example.org"].subject
    together = reverse("together", args=[couple.ben_side.person.pk])
    assert together in by_whom["ben@example.org"].body
    linking.unlink(couple.ben_side)
    assert send_due(at(18, 30, MONDAY.replace(day=10))) == 1  # Ana's alone


def test_a_day_ahead_the_reminder_says_tomorrow(couple: Couple) -> None:
    weekly_ritual(couple.ana_side)
    remind(couple.ana, 1440)
    assert send_due(at(19, 30, MONDAY.replace(day=2))) == 1
    assert mail.outbox[0].subject == "Weekly check-in with Ben, tomorrow at 19:00"


def test_nothing_is_sent_outside_the_lead_time_nor_after_the_ritual_began(couple: Couple) -> None:
    weekly_ritual(couple.ana_side)
    remind(couple.ana, 15)
    assert send_due(at(18, 0)) == 0  # an hour before: too early for a 15-minute reminder
    assert send_due(at(18, 44)) == 0
    assert send_due(at(19, 1)) == 0  # too late: it has begun
    assert mail.outbox == []
    assert send_due(at(18, 45)) == 1  # exactly 15 minutes before


@pytest.mark.parametrize(
    "case", ["off", "no e-mail", "no preference", "inactive", "inactive ritual"]
)
def test_nothing_is_sent_to_someone_who_did_not_ask_or_cannot_receive_it(
    couple: Couple, case: str
) -> None:
    weekly_ritual(couple.ana_side, active=case != "inactive ritual")
    if case == "off":
        remind(couple.ana, 60, on=False)
    elif case == "no e-mail":
        remind(couple.ana, 60)
        User.objects.filter(pk=couple.ana.pk).update(email="")
    elif case == "inactive":
        remind(couple.ana, 60)
        User.objects.filter(pk=couple.ana.pk).update(is_active=False)
    elif case == "inactive ritual":
        remind(couple.ana, 60)
    assert send_due(at(18, 30)) == 0
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_another_account_s_rituals_bring_no_reminder(couple: Couple, outsider: User) -> None:
    weekly_ritual(Relationship.objects.get(owner=outsider))
    remind(couple.ana, 60)
    assert send_due(at(18, 30)) == 0
    remind(outsider, 60)
    assert send_due(at(18, 30)) == 1
    assert mail.outbox[0].to == ["morgan@example.org"]
    assert "with Sam" in mail.outbox[0].subject


def test_a_reminder_another_worker_already_took_is_not_sent_again(couple: Couple) -> None:
    ritual = weekly_ritual(couple.ana_side)
    remind(couple.ana, 60)
    ReminderSent.objects.create(ritual=ritual, user=couple.ana, occurrence=at(19))
    assert send_due(at(18, 30)) == 0
    assert mail.outbox == []


def test_a_reminder_the_mail_server_refused_is_tried_again_on_the_next_run(couple: Couple) -> None:
    weekly_ritual(couple.ana_side)
    remind(couple.ana, 60)
    # A real SMTP backend, towards a port where nothing listens.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=9,
        EMAIL_TIMEOUT=2,
    ):
        assert send_due(at(18, 30)) == 0
    assert not ReminderSent.objects.exists()
    assert send_due(at(18, 35)) == 1
    assert len(mail.outbox) == 1


def test_the_mail_holds_nothing_anyone_wrote(couple: Couple) -> None:
    weekly_ritual(couple.ana_side)
    remind(couple.ana, 60)
    remind(couple.ben, 60)
    for rel in (couple.ana_side, couple.ben_side):
        Event.objects.create(
            relationship=rel,
            at=datetime(2025, 3, 2, tzinfo=UTC),
            by_me=True,
            kind="talk",
            note=f"mail-private-note-{rel.pk}",
            shared=True,
            fingerprint=f"{rel.pk}" * 10,
        )
    send_due(at(18, 30))
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "mail-private-note" not in message.subject + message.body


def test_the_site_address_setting_takes_a_web_address_only() -> None:
    assert env_site_url({}, "TWOWAY_SITE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    given = {"TWOWAY_SITE_URL": " https://twoway.example.org/ "}
    assert env_site_url(given, "TWOWAY_SITE_URL", "x") == "https://twoway.example.org"
    for bad in ("twoway.example.org", "ftp://example.org", "https://", "https://a.org/?x=1"):
        with pytest.raises(ImproperlyConfigured, match="TWOWAY_SITE_URL"):
            env_site_url({"TWOWAY_SITE_URL": bad}, "TWOWAY_SITE_URL", "x")
