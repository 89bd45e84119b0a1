"""The check-in parts' forms: what each cadence asks, sharing, and the answers as stored."""

from __future__ import annotations

from datetime import time

import pytest

from twoway.web.rituals.forms import DailyPart, MonthlyPart, RitualForm, WeeklyPart


def test_each_cadence_asks_its_own_prompts():
    assert list(DailyPart(them="Ben", linked=True).fields) == ["shared", "challenge", "win"]
    assert list(WeeklyPart(them="Ben", linked=True).fields) == [
        "shared",
        "supported",
        "attention",
        "progress",
    ]
    assert list(MonthlyPart(them="Ben", linked=True).fields) == [
        "shared",
        "hard",
        "needs_met",
        "needs_words",
        "next_step",
        "next_date",
    ]


def test_sharing_is_offered_and_on_when_linked():
    form = WeeklyPart(them="Ben", linked=True)
    assert form.fields["shared"].label == "Share my part with Ben"
    assert form.initial["shared"] is True


def test_alone_there_is_nothing_to_share_with():
    assert "shared" not in WeeklyPart(them="Sam", linked=False).fields


def test_the_answers_are_tidy_text_without_empty_ones():
    form = MonthlyPart(
        {
            "hard": "  Rushed evenings ",
            "needs_met": "partly",
            "next_step": "Walks",
            "next_date": "2026-04-11",
        },
        them="Ben",
        linked=True,
    )
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "hard": "Rushed evenings",
        "needs_met": "partly",
        "next_step": "Walks",
        "next_date": "2026-04-11",
    }
    assert form.cleaned_data["shared"] is False  # unticked in a posted form


@pytest.mark.parametrize("form_class", [DailyPart, WeeklyPart, MonthlyPart])
def test_at_least_one_answer_is_needed(form_class):
    form = form_class({"shared": "on"}, them="Ben", linked=True)
    assert not form.is_valid()
    assert "at least one of the boxes" in str(form.non_field_errors())


def test_needs_met_alone_is_an_answer():
    assert MonthlyPart({"needs_met": "yes"}, them="Ben", linked=True).is_valid()


def test_needs_met_is_one_of_three():
    form = MonthlyPart({"needs_met": "never"}, them="Ben", linked=True)
    assert not form.is_valid()
    assert "needs_met" in form.errors


def test_a_very_long_answer_is_refused():
    form = DailyPart({"win": "x" * 2001}, them="Ben", linked=False)
    assert not form.is_valid()
    assert "win" in form.errors


def test_the_ritual_form_reads_its_cadences_fields():
    weekly = RitualForm(
        {
            "weekly-active": "on",
            "weekly-weekdays": ["4", "1"],
            "weekly-at_time": "19:30:45",
            "weekly-time_zone": "Europe/Paris",
        },
        cadence="weekly",
    )
    assert weekly.is_valid(), weekly.errors
    assert weekly.schedule() == {
        "active": True,
        "weekdays": (4, 1),
        "week_of_month": 1,
        "at_time": time(19, 30),
        "time_zone": "Europe/Paris",
    }
    assert "weekday" not in weekly.fields
    monthly = RitualForm(cadence="monthly")
    assert "weekdays" not in monthly.fields
    assert monthly.initial["weekday"] == "7"  # the first Sunday, to begin with


def test_a_saved_zone_no_longer_offered_is_kept(settings):
    class Old:
        active, week_of_month, at_time, time_zone = True, 1, time(9), "Etc/GMT+5"
        weekdays = "1"

    form = RitualForm(cadence="weekly", ritual=Old())
    assert form.fields["time_zone"].choices[0] == ("Etc/GMT+5", "Etc/GMT+5")
