"""The report page of a relationship, and its self-assessment.

The numbers come from `twoway.core.analyze` over the stored ledger, exactly as
`twoway report PERSON` computes them, and the page shows them with the same
template parts as the HTML report file.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from twoway.chats.figures import figures_report
from twoway.core import analyze
from twoway.core import assessment as core_assessment
from twoway.errors import TwowayError
from twoway.render import chat_words as cw
from twoway.render.charts import assessment_chart
from twoway.render.chat_html import figures_context
from twoway.render.html import report_context
from twoway.render.svg import render_figure
from twoway.web.journal.people import my_person
from twoway.web.ledger import store
from twoway.web.reports.evidence import with_entries
from twoway.web.site import clock
from twoway.web.site.http import AuthenticatedHttpRequest
from twoway.web.together import ledgers


@login_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Balance over time, the counts, the signals and the self-assessment's trend."""
    person = my_person(request, pk)
    rel = person.relationship
    as_of, problem = clock.as_of(request)
    history = [(a.taken_on, a.score) for a in rel.assessments.order_by("taken_on", "pk")]
    context: dict[str, Any] = {
        "nav": "people",
        "person": person,
        "as_of_value": as_of.isoformat(),
        "problem": problem,
        "trend": core_assessment.trend(history) if history else None,
        "latest": history[-1] if history else None,
        "describe": core_assessment.describe,
        "has_chats": rel.chat_exports.exclude(figures={}).exists(),
        "assessment_chart": _assessment_figure(history, person.name),
    }
    # Linked, the partner's shared entries count too, each act both logged once.
    ledger = ledgers.visible_ledger(rel)
    if len(ledger):
        result = analyze(ledger, as_of=as_of, me=rel.me_name)
        partners = rel.kind == "partner"  # the 5 : 1 line is a finding about couples
        context.update(report_context(result, partners=partners), has_report=True)
        context["signals"] = with_entries(rel, context["signals"])
    return render(request, "reports/report.html", context)


@login_required
def chats(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The charts of each chat imported into this relationship, newest first.

    Drawn from the figures each import kept (`twoway.chats.figures`), by the
    chat report's own renderers; the messages themselves are not kept.
    """
    person = my_person(request, pk)
    rows = person.relationship.chat_exports.exclude(figures={}).order_by("-last_at", "first_at")
    shown = []
    kept: list[tuple[str, Any, Any]] = []
    for n, row in enumerate(rows):
        # An export wholly inside a larger one of the same chat shows once, as the larger.
        if any(s == row.source and a <= row.first_at and row.last_at <= b for s, a, b in kept):
            continue
        kept.append((row.source, row.first_at, row.last_at))
        try:
            chat = figures_report(row.figures, f"chat {n + 1}")
        except TwowayError:
            continue  # figures this twoway cannot read; the rest still show
        shown.append(
            {
                **figures_context(chat),
                "fid": f"c{n}-",
                "dates": cw.dates(chat),
                "messages": cw.count(chat.messages, "message"),
                "conversations": cw.count(chat.conversations, "conversation"),
                "format": cw.format_label(chat),
                "title": chat.title,
            }
        )
    context = {"nav": "people", "person": person, "chats": shown}
    return render(request, "reports/chats.html", context)


def _assessment_figure(history: list[tuple[date, float]], them: str) -> Markup | None:
    """The self-assessment's scores over time as a chart, in "you"'s colour; None below two."""
    chart = assessment_chart(history, them)
    return None if chart is None else Markup(render_figure(chart, "assess"))


class AssessmentForm(forms.Form):
    """The self-assessment's questions, each answered 1 to 5."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in core_assessment.QUESTIONS:
            self.fields[q.key] = forms.TypedChoiceField(
                label=q.text,
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=f"1: {q.low} · 5: {q.high}",
            )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take the self-assessment of this relationship; it is kept with today's date."""
    person = my_person(request, pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = store.save_assessment(
            person.name,
            form.cleaned_data,
            clock.today(),
            owner=request.user,
        )
        messages.success(
            request,
            f"Saved. Score today: {saved.score:.0f} / 100. {core_assessment.describe(saved.score)}",
        )
        return redirect("report", pk=person.pk)
    history = [(a.taken_on, a.score) for a in person.relationship.assessments.all()]
    context = {
        "nav": "people",
        "person": person,
        "form": form,
        "questions": core_assessment.QUESTIONS,
        "scale": core_assessment.SCALE,
        "assessment_chart": _assessment_figure(history, person.name),
    }
    return render(request, "reports/assess.html", context, status=400 if form.errors else 200)
