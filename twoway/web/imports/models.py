"""An import from the browser, carried out later by a background worker.

The uploaded file is kept in the row itself (`data`), so a worker on any machine
that reaches the database can read it; it is cleared as soon as the job ends,
whatever the outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """One uploaded file on its way into the owner's store, with its progress and outcome."""

    class Kind(models.TextChoices):
        LEDGER = "ledger", "Ledger file"
        CHAT = "chat", "Chat export"
        ACCOUNT = "account", "twoway account export"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    #: The uploaded bytes until the job ends; empty afterwards.
    data = models.BinaryField(default=b"", blank=True)
    #: What the form said: person, me, relation, new, skip_bad, and how to read a chat.
    options = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=200, blank=True, default="")
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    #: What the import did (added, present, skipped, person…), once it is done.
    result = models.JSONField(default=dict, blank=True)
    #: Why it failed, in words fit to show the owner.
    error = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    #: The worker carrying the job out, as `host:pid`, so a job whose worker died can be told.
    worker = models.CharField(max_length=300, blank=True, default="")
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-pk")
        indexes = (models.Index(fields=["owner", "-created"], name="imports_job_owner_created"),)

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind}, {self.state})"

    @property
    def ended(self) -> bool:
        """Whether the job is over, either way: the page stops asking then."""
        return self.state in {self.State.DONE, self.State.FAILED}
