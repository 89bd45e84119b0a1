"""Role reversal: each of you describes a situation from the other's side, then you compare.

An exercise belongs to the pair (`RoleReversal.home` is one of `access.pair_ids`),
so both linked partners reach it and nobody else does. What the other wrote is
not read from the database until you have written your own side: the page
can only show what its queries loaded, and before that they load whether the
other has written, never what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from twoway.web.practices.days import day
from twoway.web.practices.forms import RoleReversalForm, SideForm
from twoway.web.practices.models import RoleReversal, RoleReversalSide
from twoway.web.together import access

if TYPE_CHECKING:
    from twoway.web.ledger.models import Relationship


def exercises(rel: Relationship) -> QuerySet[RoleReversal]:
    """The pair's exercises, newest first, each marked with who has written (not what)."""
    sides = RoleReversalSide.objects.filter(exercise=OuterRef("pk"))
    return (
        RoleReversal.objects.filter(home_id__in=access.pair_ids(rel))
        .annotate(
            mine_written=Exists(sides.filter(writer_id=rel.pk)),
            theirs_written=Exists(sides.filter(writer_id=rel.linked_id))
            if rel.linked_id is not None
            else Value(False, output_field=BooleanField()),
        )
        .order_by("-created", "-pk")
    )


def waiting_for_me(rel: Relationship) -> QuerySet[RoleReversal]:
    """The pair's exercises where your side is still to write."""
    return exercises(rel).filter(mine_written=False)  # type: ignore[misc]  # an annotation the plugin cannot see


@dataclass(frozen=True, slots=True)
class Row:
    """One exercise in the list: its situation and where it stands."""

    pk: int
    situation: str
    day: str
    when: str
    status: str
    ready: bool


def _status(e: RoleReversal, rel: Relationship) -> tuple[str, bool]:
    them = rel.person.name
    mine, theirs = e.mine_written, e.theirs_written  # type: ignore[attr-defined]  # annotated in exercises(); the plugin cannot see it
    if mine and theirs:
        return "Both sides written: ready to compare", True
    if mine:
        return f"Your side is written; waiting for {them}’s", False
    if theirs:
        return f"{them} has written; your side is next", False
    return "Nobody has written yet", False


def _row(e: RoleReversal, rel: Relationship) -> Row:
    status, ready = _status(e, rel)
    return Row(e.pk, e.situation, *day(e.created), status, ready)


@login_required
@require_http_methods(["GET", "POST"])
def role_reversal(request: HttpRequest, pk: int) -> HttpResponse:
    """The pair's role reversal exercises, and a form to propose a new one."""
    rel = access.mine(request.user, pk)
    form = RoleReversalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        exercise = RoleReversal.objects.create(
            home=access.home(rel), situation=form.cleaned_data["situation"].strip()
        )
        messages.success(request, "Proposed. Now write your side: how did it look to them?")
        return redirect("role_reversal_detail", pk=pk, exercise_pk=exercise.pk)
    context = {
        "nav": "people",
        "person": rel.person,
        "linked": rel.linked_id is not None,
        "form": form,
        "rows": [_row(e, rel) for e in exercises(rel)],
    }
    return render(
        request, "practices/role_reversals.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_reversal_detail(request: HttpRequest, pk: int, exercise_pk: int) -> HttpResponse:
    """One exercise: write your side; once both are written, read them side by side."""
    rel = access.mine(request.user, pk)
    exercise = get_object_or_404(RoleReversal, pk=exercise_pk, home_id__in=access.pair_ids(rel))
    sides = RoleReversalSide.objects.filter(exercise=exercise)
    mine = sides.filter(writer=rel).first()
    form = SideForm(request.POST if request.method == "POST" and mine is None else None)
    if request.method == "POST":
        if mine is not None:
            messages.info(request, "Your side is already written.")
            return redirect("role_reversal_detail", pk=pk, exercise_pk=exercise.pk)
        if form.is_valid():
            try:
                with transaction.atomic():
                    RoleReversalSide.objects.create(
                        exercise=exercise, writer=rel, text=form.cleaned_data["text"].strip()
                    )
            except IntegrityError:
                messages.info(request, "Your side is already written.")
            else:
                messages.success(request, "Your side is saved.")
            return redirect("role_reversal_detail", pk=pk, exercise_pk=exercise.pk)
    theirs, theirs_written = None, False
    if rel.linked_id is not None:
        their_side = sides.filter(writer_id=rel.linked_id)
        if mine is None:
            theirs_written = their_side.exists()  # whether they wrote, never what
        else:
            theirs = their_side.first()
            theirs_written = theirs is not None
    context = {
        "nav": "people",
        "person": rel.person,
        "linked": rel.linked_id is not None,
        "exercise": exercise,
        "proposed": day(exercise.created),
        "form": form,
        "mine": mine,
        "theirs": theirs,
        "theirs_written": theirs_written,
    }
    return render(
        request, "practices/role_reversal.html", context, status=400 if form.errors else 200
    )
