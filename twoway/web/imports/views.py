"""The import page (upload a file) and a job's page (its progress, then its outcome)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from twoway.web.imports.forms import MAX_BYTES, ImportForm, too_big
from twoway.web.imports.models import ImportJob
from twoway.web.imports.progress import live_progress
from twoway.web.imports.recovery import recover_stalled
from twoway.web.imports.tasks import import_file
from twoway.web.ledger import reviews
from twoway.web.ledger.models import Person
from twoway.web.site.http import AuthenticatedHttpRequest

#: How many of your imports the import page lists.
RECENT = 10

#: How many of your imports may wait or run at once (each keeps its file in the database).
MAX_UNFINISHED = 3

#: How long a job may wait before its page says a worker may not be running.
WAITING_LONG = timedelta(seconds=20)

#: Room for the form's other fields and the multipart framing around the file.
_FRAMING = 64 * 1024

#: What to choose on the form, by error code, worded from the error's fields.
FORM_ADVICE = {
    "ambiguous_dates": "Choose day/month/year or month/day/year under {label}, and send the file again.",
    "which_me": "Say which name is you under {label}, and send the file again.",
    "me_not_found": "Choose one of the chat's names under {label}, and send the file again.",
    "bad_row": "Tick {label} to leave those rows out, or correct them and send the file again.",
}


UNFINISHED = (ImportJob.State.QUEUED, ImportJob.State.RUNNING)


def _jobs(request: AuthenticatedHttpRequest) -> Any:
    """The signed-in user's jobs, without the uploaded bytes (they may be large)."""
    return ImportJob.objects.filter(owner=request.user).defer("data")


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file; on success the job is queued and you go to its page."""
    recover_stalled(request.user)  # a job whose worker died no longer holds a place
    people = list(Person.objects.filter(owner=request.user).values_list("name", flat=True))
    form = ImportForm(people=people)
    status, refused = 200, ""
    if request.method == "POST":
        length = _content_length(request)
        unfinished = _jobs(request).filter(state__in=UNFINISHED).count()
        if length > MAX_BYTES + _FRAMING:
            # Refused before Django reads (and stores) the whole upload.
            status, refused = 413, too_big(length)
        elif unfinished >= MAX_UNFINISHED:
            status, refused = (
                429,
                (
                    f"You have {unfinished} imports waiting or under way; "
                    "send this file once one of them has ended."
                ),
            )
        else:
            form = ImportForm(request.POST, request.FILES, people=people)
            if form.is_valid():
                job = _queue(request, form)
                return redirect("import_job", job.pk)
            status = 400
    context = {"form": form, "refused": refused, "jobs": _jobs(request)[:RECENT], "nav": "import"}
    return render(request, "imports/import.html", context, status=status)


def _content_length(request: AuthenticatedHttpRequest) -> int:
    """The request's declared body size; 0 when missing or not a number (Django then reads it)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _queue(request: AuthenticatedHttpRequest, form: ImportForm) -> ImportJob:
    """Store the job and queue its task together: neither exists without the other."""
    upload = form.cleaned_data["file"]
    assert form.detected is not None  # a valid form has detected its kind
    with transaction.atomic():
        job = ImportJob.objects.create(
            owner=request.user,
            kind=form.detected,
            filename=(upload.name or "upload")[-255:],
            data=form.data_bytes,
            options=form.options(),
        )
        import_file.enqueue(job.pk)
    return job


@login_required
@require_http_methods(["GET"])
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A job's progress, asked for again every second until it ends; then what it did."""
    recover_stalled(request.user)
    job = get_object_or_404(_jobs(request), pk=pk)
    stage, done, total = live_progress(job)
    person = None
    if job.result.get("person_id"):
        person = Person.objects.filter(owner=request.user, pk=job.result["person_id"]).first()
    # A chat's moments wait in the review list; the finished import says how many.
    to_review = None
    if person is not None and job.kind == ImportJob.Kind.CHAT and job.ended:
        to_review = reviews.waiting(person.relationship)
    context = {
        "to_review": to_review,
        "job": job,
        "stage": stage,
        "done": done,
        "total": total,
        "person": person,
        "hints": form_hints(job.result.get("error") or {}),
        "waiting_long": job.state == ImportJob.State.QUEUED
        and timezone.now() - job.created > WAITING_LONG,
        "nav": "import",
    }
    template = "imports/_status.html" if request.htmx else "imports/job.html"
    return render(request, template, context)


def form_hints(error: dict[str, Any]) -> list[str]:
    """What on the import form would change a failed job's outcome, from its error's fields.

    `error` is the job's error as `TwowayError.as_json` gives it: the setting the
    library names (`fields["option"]`) is one of this form's fields.
    """
    option = (error.get("fields") or {}).get("option")
    field = ImportForm.base_fields.get(option) if isinstance(option, str) else None
    if field is None:
        return []
    label = f"“{field.label}”"
    template = FORM_ADVICE.get(
        str(error.get("code")), "Change {label} on the form and send the file again."
    )
    return [template.format(label=label)]
