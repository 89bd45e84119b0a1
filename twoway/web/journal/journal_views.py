"""The journal: every entry, newest first, filtered by person, kind and days; edit and delete.

A linked partner's shared entries are listed too, read-only and marked as theirs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from twoway.web.journal.entries import entry, filtered, journal_events
from twoway.web.journal.forms import JournalFilter
from twoway.web.site.http import AuthenticatedHttpRequest
from twoway.web.together import access

PER_PAGE = 50


@login_required
def journal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list of entries; the filters live in the URL, so a filtered view can be bookmarked."""
    owner = request.user
    form = JournalFilter(request.GET or None, owner=owner)
    rows = journal_events(owner)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("person"):
            # That person's journal: yours, and their shared entries when you are linked.
            rows = journal_events(owner, access.mine(owner, data["person"].pk))
        rows = filtered(
            rows,
            kind=data.get("kind") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    # The count includes a linked partner's shared entries: say how many, so it matches the
    # account page's count of your own (which leaves them out).
    theirs = rows.exclude(relationship__owner=owner).count() if page.paginator.count else 0
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav": "journal",
        "form": form,
        "page": page,
        "entries": [entry(e, owner) for e in page.object_list],
        "query": query.urlencode(),
        "theirs": theirs,
        "editable": True,
    }
    template = "journal/_entries.html" if request.htmx else "journal/journal.html"
    return render(request, template, context)
