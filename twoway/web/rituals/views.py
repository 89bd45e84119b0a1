"""The rituals' pages: scheduling them, starting a check-in, and filling in your part.

Every page reaches the relationship through `access.mine` and a check-in
through `checkins.reachable` (the pair's only), so a guessed id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from twoway.core.rituals import CADENCES, describe
from twoway.errors import TwowayError
from twoway.web.ledger.models import Relationship
from twoway.web.rituals import checkins
from twoway.web.rituals.forms import PART_FORMS, ZONE_LIST, PartForm, RitualForm, StartForm
from twoway.web.rituals.models import CheckIn
from twoway.web.rituals.schedules import TITLES, pair_rituals, save_ritual, schedule_of, zones
from twoway.web.together import access


@login_required
@require_http_methods(["GET", "POST"])
def rituals(request: HttpRequest, pk: int) -> HttpResponse:
    """The pair's three rituals: on or off, which days, what time, in which zone."""
    rel = access.mine(request.user, pk)
    found = pair_rituals(rel)
    posted = request.POST.get("cadence") if request.method == "POST" else None
    forms = {}
    for cadence in CADENCES:
        data = request.POST if cadence == posted else None
        forms[cadence] = RitualForm(data, cadence=cadence, ritual=found.get(cadence))
    if posted in forms and forms[posted].is_valid():
        ritual = save_ritual(rel, posted, **forms[posted].schedule())
        said = describe(schedule_of(ritual))
        if ritual.active:
            messages.success(request, f"{TITLES[posted]} saved: {said[0].lower()}{said[1:]}.")
        else:
            messages.success(request, f"{TITLES[posted]} is off for now. Turn it on any time.")
        return redirect("rituals", pk=pk)
    context = {
        "nav": "people",
        "person": rel.person,
        "rel": rel,
        "partner": access.partner_side(rel),
        "ritual_forms": forms,
        "titles": TITLES,
        "zones": zones(),
        "zone_list": ZONE_LIST,
    }
    status = 400 if posted and any(f.errors for f in forms.values()) else 200
    return render(request, "rituals/rituals.html", context, status=status)


@login_required
@require_POST
def checkin_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start this period's check-in (or join the one the other side just started)."""
    rel = access.mine(request.user, pk)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That check-in could not be started; please try again.")
        return redirect("together", pk=pk)
    cadence = form.cleaned_data["cadence"]
    checkin, made = checkins.start(rel, cadence, by_me=form.cleaned_data["starter"] != "them")
    if not made and not checkins.started_by_me(checkin, rel):
        messages.info(request, f"{rel.person.name} has already started this one: add your part.")
    return redirect("checkin", pk=pk, checkin=checkin.pk)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int, checkin: int) -> HttpResponse:
    """One check-in: who started it, your part (to fill in, or as saved), and theirs if shared."""
    rel = access.mine(request.user, pk)
    found = checkins.reachable(rel, checkin)
    partner = access.partner_side(rel)
    them = rel.person.name
    parts = checkins.visible_parts(rel).filter(checkin=found)
    mine = next((p for p in parts if p.writer_id == rel.pk), None)
    theirs = next((p for p in parts if p.writer_id != rel.pk), None)
    form_class = PART_FORMS[found.cadence]
    form = None
    if mine is None:
        data = request.POST if request.method == "POST" else None
        form = form_class(data, them=them, linked=partner is not None)
        if data is not None and form.is_valid() and _save_part(request, rel, found, form):
            return redirect("checkin", pk=pk, checkin=found.pk)
    elif request.method == "POST":
        messages.info(request, "Your part was already saved; here it is.")
        return redirect("checkin", pk=pk, checkin=found.pk)
    context = {
        "nav": "people",
        "person": rel.person,
        "rel": rel,
        "partner": partner,
        "checkin": found,
        "title": TITLES[found.cadence],
        "period": checkins.period_words(found.cadence, found.period),
        "started_by_me": checkins.started_by_me(found, rel),
        "form": form,
        "mine": mine,
        "mine_answers": checkins.answer_list(found.cadence, mine.answers) if mine else [],
        "theirs": theirs,
        "theirs_answers": checkins.answer_list(found.cadence, theirs.answers) if theirs else [],
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "rituals/checkin.html", context, status=status)


def _save_part(request: HttpRequest, rel: Relationship, found: CheckIn, form: PartForm) -> bool:
    """Save the part and say so; False (the form holding why) when the ledger refused it."""
    shared = bool(form.cleaned_data.get("shared"))
    try:
        checkins.save_part(rel, found, form.answers(), shared=shared)
    except checkins.AlreadySaved:
        messages.info(request, "Your part was already saved; here it is.")
    except TwowayError as exc:
        form.add_error(None, f"Your part was not saved: {exc}")
        return False
    else:
        them = rel.person.name
        if rel.linked_id is None or not shared:
            messages.success(request, "Your part is saved, for you alone.")
        else:
            messages.success(request, f"Your part is saved and shared with {them}.")
    return True
