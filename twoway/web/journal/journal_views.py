"""The journal: every entry, newest first, filtered by person, kind and days; edit and delete."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twoway.web.journal.entries import entry, filtered, owner_events
from twoway.web.journal.forms import JournalFilter

PER_PAGE = 50


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """The list of entries; the filters live in the URL, so a filtered view can be bookmarked."""
    owner = request.user
    form = JournalFilter(request.GET or None, owner=owner)  # type: ignore[arg-type]
    rows = owner_events(owner)  # type: ignore[arg-type]
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        rows = filtered(
            rows,
            person=data["person"].pk if data.get("person") else None,
            kind=data.get("kind") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav": "journal",
        "form": form,
        "page": page,
        "entries": [entry(e) for e in page.object_list],
        "query": query.urlencode(),
        "editable": True,
    }
    template = "journal/_entries.html" if request.htmx else "journal/journal.html"  # type: ignore[attr-defined]
    return render(request, template, context)
