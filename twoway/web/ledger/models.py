"""The store's tables: one schema for the CLI now and the web app later.

A `Relationship` is the owner and one `Person`; its `Event` rows are that
relationship's ledger. The analysis never reads these models: the store turns
them into a plain `twoway.core.Ledger` first (see `store.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from twoway.core.events import Kind
from twoway.web.ledger import RELATIONSHIP_KINDS


class Person(models.Model):
    """Someone in the owner's circle. Names are unique per owner, ignoring case."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)
        constraints = (
            # "Sam" and "sam" are the same person; look them up with name__iexact.
            models.UniqueConstraint(
                "owner", Lower("name"), name="ledger_person_name_unique_per_owner"
            ),
        )

    def __str__(self) -> str:
        return self.name


class Relationship(models.Model):
    """The owner and one person. `me_name` is the owner's name in this ledger."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relationships"
    )
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="relationship")
    kind = models.CharField(
        max_length=16, choices=[(k, k) for k in RELATIONSHIP_KINDS], default="other"
    )
    me_name = models.CharField(max_length=200)
    # The other account's relationship with the owner, once they linked (both point at
    # each other). Their shared entries then belong to this ledger too; see together.access.
    linked = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="linked_from"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.me_name} and {self.person.name} ({self.kind})"


class Event(models.Model):
    """One ledger row.

    Time: `at` is the wall-clock time as written in the ledger ("18:30 on
    1 March"), not an instant. Django stores aware datetimes, so the store labels
    that wall-clock time as UTC on the way in and drops the label on the way
    out: a "floating" time that no time-zone conversion ever moves.
    `offset_minutes` keeps the UTC offset when the source gave one (null when it
    did not) and `date_only` marks rows that gave a day alone, so an export
    writes the time back exactly as it was read.

    Writer: an event is always written by the relationship's owner. `shared` lets
    the linked partner see it (see `twoway.web.together.access`).

    Side: `by_me` says whether the owner did it. Names are not stored per row, so
    renaming the person (or the owner's `me_name`) keeps the history.

    `key` is the ledger's `id` (blank for rows without one; unique within the
    relationship otherwise). `fingerprint` identifies the row's content, so
    importing the same file again, or a newer export that overlaps an older one,
    never adds a row twice (see `store.fingerprint`).

    `client_key` is the idempotency key a device sent with the entry (the phone
    app's offline queue, an API client's `Idempotency-Key`): sending the same
    entry again with it adds nothing. Blank when none was sent.
    """

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    offset_minutes = models.SmallIntegerField(null=True, blank=True)
    date_only = models.BooleanField(default=False)
    by_me = models.BooleanField()
    kind = models.CharField(max_length=16, choices=[(k.value, k.value) for k in Kind])
    key = models.TextField(blank=True, default="")
    ref = models.TextField(blank=True, default="")
    value = models.TextField(blank=True, default="")
    note = models.TextField(blank=True, default="")
    extra = models.JSONField(default=dict, blank=True)
    # Shared entries are seen by a linked partner too; private ones by their writer only.
    shared = models.BooleanField(default=False)
    fingerprint = models.CharField(max_length=64)
    # db_default: rows written by raw SQL (the staged imports) get a blank key too.
    client_key = models.CharField(max_length=64, blank=True, default="", db_default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("at", "pk")
        indexes = (models.Index(fields=["relationship", "at"], name="ledger_event_rel_at"),)
        constraints = (
            models.UniqueConstraint(
                fields=["relationship", "key"],
                condition=~models.Q(key=""),
                name="ledger_event_key_unique_per_relationship",
            ),
            models.UniqueConstraint(
                fields=["relationship", "fingerprint"],
                name="ledger_event_fingerprint_unique_per_relationship",
            ),
            models.UniqueConstraint(
                fields=["relationship", "client_key"],
                condition=~models.Q(client_key=""),
                name="ledger_event_client_key_unique_per_relationship",
            ),
        )

    def __str__(self) -> str:
        side = "me" if self.by_me else "them"
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} by {side}"


class Assessment(models.Model):
    """One self-assessment of a relationship: the answers given on a day, and their score."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="assessments"
    )
    taken_on = models.DateField()
    answers = models.JSONField()
    score = models.FloatField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("taken_on", "pk")
        indexes = (
            models.Index(fields=["relationship", "taken_on"], name="ledger_assess_rel_taken"),
        )

    def __str__(self) -> str:
        return f"{self.taken_on}: {self.score:.0f}"


class LastWrite(models.Model):
    """What an account's last log or import added, so `twoway undo` can take it back once.

    One row per account, replaced by each write and removed by the undo; it goes
    with the relationship (deleting the person) and with the account.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="last_write"
    )
    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="+")
    events = models.JSONField(default=list)
    what = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.what


class MomentReview(models.Model):
    """What the owner said of one moment read from a chat: confirmed (maybe changed), or rejected.

    `key` is the moment event's ledger id (`moment-whatsapp-20240105T100000-support`),
    built from the message, so the review outlives the event row: a re-import, or the
    same chat imported again after an undo, meets the review and keeps what the owner
    said (`twoway.web.ledger.reviews`). A review outranks the rules: `kind` and `style`
    are what the owner chose, whatever the rules read then or read later.
    """

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="moment_reviews"
    )
    key = models.TextField()
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    kind = models.CharField(max_length=16, blank=True, default="")
    style = models.CharField(max_length=16, blank=True, default="")
    reviewed = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("relationship", "key")
        constraints = (
            models.UniqueConstraint(
                fields=["relationship", "key"], name="ledger_moment_review_unique_key"
            ),
        )

    def __str__(self) -> str:
        return f"{self.key}: {self.verdict}"


class ChatExport(models.Model):
    """One imported export of a chat: its span, and how its first conversation began.

    `source` is the chat's id prefix (`chat-whatsapp-`); `first_at` and
    `last_at` are the file's first and last message times. An export read alone
    takes its first message for a conversation start, although it may continue
    a conversation of an older export imported later, so the import remembers
    that start (`opening`: the bid's key, blank once settled or when there was
    none), who wrote it (`by_me`), each side's first message in that first
    conversation (`mine_at` / `theirs_at`, with their lines), and the check-in
    or repair moments left out because it opened a conversation (`held`, as
    ledger rows). `twoway.web.ledger.chat_exports` revises it when an older
    export shows a message within the gap before it, and reads the spans so a
    newer export's first message is known to continue. `figures` are what the
    chat's charts draw (`twoway.chats.figures`; no message text but each
    person's top words). It goes with the person, travels in the account
    export, and is deleted with the account.
    """

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="chat_exports"
    )
    source = models.CharField(max_length=64)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    opening = models.TextField(blank=True, default="")
    by_me = models.BooleanField(default=False)
    mine_at = models.DateTimeField(null=True, blank=True)
    mine_line = models.IntegerField(null=True, blank=True)
    theirs_at = models.DateTimeField(null=True, blank=True)
    theirs_line = models.IntegerField(null=True, blank=True)
    held = models.JSONField(default=list, blank=True)
    #: the chat's figures for its charts (`twoway.chats.figures`): counts and top words only
    figures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("first_at", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["relationship", "source", "first_at", "last_at"],
                name="ledger_chat_export_span_unique",
            ),
        )

    def __str__(self) -> str:
        return f"{self.source} {self.first_at:%Y-%m-%d %H:%M} to {self.last_at:%Y-%m-%d %H:%M}"
