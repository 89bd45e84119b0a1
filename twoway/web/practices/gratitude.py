"""The gratitude wall: specific appreciations, both ways, and a form to add one.

Gratitude is a ledger kind, so the wall reads the ledger through
`together.access.visible_events`: all of your own entries, and only the ones
your linked partner shared. "Thanks from you" are your entries of you thanking
them, and their entries of you thanking them; "thanks to you" the other way.
An act of thanks both of you logged is one card, with both sides' words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from twoway.core import together
from twoway.core.events import Event
from twoway.errors import TwowayError
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.writing import add_event, default_shared
from twoway.web.practices.forms import GratitudeForm
from twoway.web.site import clock
from twoway.web.site.http import AuthenticatedHttpRequest
from twoway.web.together import access

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from twoway.web.ledger.models import Event as EventRow
    from twoway.web.ledger.models import Relationship

PER_PAGE = 20


def wall(rel: Relationship) -> QuerySet[EventRow]:
    """Every gratitude entry the owner of `rel` may see, newest first."""
    return access.visible_events(rel).filter(kind="gratitude").order_by("-at", "-pk")


@dataclass(frozen=True, slots=True)
class Card:
    """One act of thanks as the wall shows it: one side's entry of it, or both sides'."""

    day: str
    when: str
    from_me: bool
    who: str
    #: the words written down, each once: yours, then theirs; each with whose they are
    #: ("you" or the partner's name) when both sides wrote different words, else ""
    notes: tuple[tuple[str, str], ...]
    #: which sides logged it: "both", "me" (only you) or "them" (only the partner)
    logged: str
    #: your entry of it is one the partner does not see (only when linked)
    private: bool
    #: for ordering: the newest first
    at: datetime


@dataclass(frozen=True, slots=True)
class _Row:
    pk: int
    at: datetime
    from_me: bool
    note: str
    shared: bool


def cards(rel: Relationship) -> list[Card]:
    """The wall of `rel`'s owner, newest first: one card per act of thanks.

    An act both of you logged (the partner's shared entry of it beside yours) is one
    card, paired by the rule the report counts it once by (`core.together.same_acts`).
    """
    fields = ("pk", "relationship_id", "at", "by_me", "note", "shared")
    mine: list[_Row] = []
    theirs: list[_Row] = []
    for pk, rel_id, at, by_me, note, shared in wall(rel).order_by("at", "pk").values_list(*fields):
        side = theirs if rel_id != rel.pk else mine
        # Their "I did it" is "they did it" for you.
        side.append(_Row(pk, floating(at), by_me != (side is theirs), note, shared))
    pairs = together.same_acts(_frame(mine), _frame(theirs)) if mine and theirs else []
    partner_of = dict(pairs)
    paired = {b for _, b in pairs}
    out = [
        _card(rel, m, theirs[partner_of[i]] if i in partner_of else None)
        for i, m in enumerate(mine)
    ]
    out += [_card(rel, None, t) for j, t in enumerate(theirs) if j not in paired]
    out.sort(key=lambda c: c.at, reverse=True)
    return out


def _frame(rows: list[_Row]) -> pl.DataFrame:
    """`rows` as the core reads a ledger's: time, kind and who did it."""
    return pl.DataFrame(
        {
            "at": [r.at for r in rows],
            "kind": ["gratitude"] * len(rows),
            "by": ["me" if r.from_me else "them" for r in rows],
        },
        schema={"at": pl.Datetime("us"), "kind": pl.String, "by": pl.String},
    )


def _card(rel: Relationship, mine: _Row | None, theirs: _Row | None) -> Card:
    """One act from the point of view of the owner of `rel`: their entry, the partner's, or both."""
    first = mine or theirs
    assert first is not None
    them = rel.person.name
    written = [(w, r.note) for w, r in (("You", mine), (them, theirs)) if r is not None and r.note]
    if len({note for _, note in written}) < len(written):
        written = written[:1]
    notes = tuple(written) if len(written) == 2 else tuple(("", note) for _, note in written)
    return Card(
        day=first.at.date().isoformat(),
        when=first.at.strftime("%a %-d %b %Y"),
        from_me=first.from_me,
        who=f"You thanked {them}" if first.from_me else f"{them} thanked you",
        notes=notes,
        logged="both" if mine and theirs else ("me" if mine else "them"),
        private=mine is not None and not mine.shared and rel.linked_id is not None,
        at=first.at,
    )


def _form(request: AuthenticatedHttpRequest, rel: Relationship) -> GratitudeForm:
    partner = rel.person.name if rel.linked_id is not None else None
    data = request.POST if request.method == "POST" else None
    return GratitudeForm(data, partner=partner, shared=default_shared(rel, "gratitude"))


@login_required
@require_http_methods(["GET", "POST"])
def gratitude(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The wall of appreciations with your person `pk`, and a form to add one."""
    rel = access.mine(request.user, pk)
    them = rel.person.name
    form = _form(request, rel)
    if request.method == "POST" and form.is_valid():
        event = Event(
            at=clock.now().replace(second=0, microsecond=0),
            by=rel.me_name,
            to=them,
            kind="gratitude",
            note=form.cleaned_data["note"].strip(),
        )
        shared = form.shared()
        try:
            add_event(them, event, owner=request.user, shared=shared)
        except TwowayError as exc:
            form.add_error(None, str(exc))
        else:
            seen = f", where {them} sees it too" if shared else ""
            messages.success(request, f"Your thanks is on the wall{seen}.")
            return redirect("gratitude", pk=pk)
    page = Paginator(cards(rel), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "nav": "people",
        "person": rel.person,
        "rel": rel,
        "linked": rel.linked_id is not None,
        "form": form,
        "page": page,
        "cards": page.object_list,
    }
    return render(request, "practices/gratitude.html", context, status=400 if form.errors else 200)
