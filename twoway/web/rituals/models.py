"""Rituals, their check-ins and each side's part, the calendar feed and reminders.

Things two linked people share (a ritual, a check-in) belong to one side's
relationship, their *home*; `together.access` decides who reaches them. A
check-in's home is the pair's `access.home` so that both sides starting the same
check-in at the same moment meet on one unique row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from twoway.core.events import CHECKINS
from twoway.web.ledger.models import Relationship

CADENCES = [(c, c) for c in CHECKINS]


class Ritual(models.Model):
    """A scheduled check-in: daily, weekly or monthly, at a time in a time zone.

    `weekdays` holds ISO weekday numbers (1 = Monday) as "1,4"; a daily ritual
    on every day holds all seven. A monthly ritual falls on the `week_of_month`th
    (1-4, or -1 for the last) `weekdays` day of each month.
    """

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="rituals")
    cadence = models.CharField(max_length=8, choices=CADENCES)
    weekdays = models.CharField(max_length=20, default="1,2,3,4,5,6,7")
    week_of_month = models.SmallIntegerField(default=1)
    at_time = models.TimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("relationship", "cadence")
        constraints = (
            models.UniqueConstraint(
                fields=["relationship", "cadence"], name="rituals_one_per_cadence"
            ),
        )

    def __str__(self) -> str:
        return f"{self.cadence} check-in of {self.relationship}"


class CheckIn(models.Model):
    """One occurrence of a ritual: the day, week (its Monday) or month (its 1st) it belongs to."""

    home = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="checkins")
    cadence = models.CharField(max_length=8, choices=CADENCES)
    period = models.DateField()
    started_by = models.ForeignKey(
        Relationship, on_delete=models.SET_NULL, null=True, related_name="checkins_started"
    )
    started = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-period", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=["home", "cadence", "period"], name="rituals_one_checkin_per_period"
            ),
        )

    def __str__(self) -> str:
        return f"{self.cadence} check-in of {self.period}"


class CheckInPart(models.Model):
    """One side's answers to a check-in's prompts; saving it writes that side's ledger events."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="parts")
    writer = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="checkin_parts")
    answers = models.JSONField(default=dict)
    shared = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("checkin", "created", "pk")
        constraints = (
            models.UniqueConstraint(fields=["checkin", "writer"], name="rituals_one_part_per_side"),
        )

    def __str__(self) -> str:
        return f"{self.writer.me_name}'s part of {self.checkin}"


class CalendarFeed(models.Model):
    """A user's secret calendar address; only its SHA-256 is kept, so it can be revoked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"


class ReminderPreference(models.Model):
    """Whether, and how long before, a user gets an e-mail before each ritual."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    by_email = models.BooleanField(default=False)
    minutes_before = models.PositiveIntegerField(default=60)

    def __str__(self) -> str:
        return f"reminders of {self.user}"


class ReminderSent(models.Model):
    """One reminder mailed, so that the scheduled job never sends it twice."""

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="reminders_sent")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    occurrence = models.DateTimeField()
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["ritual", "user", "occurrence"], name="rituals_reminder_once"
            ),
        )

    def __str__(self) -> str:
        return f"reminder for {self.ritual} at {self.occurrence}"
