"""The rituals' forms: a ritual's schedule, starting a check-in, and each cadence's part.

The prompts are ours, written to invite rather than to test: short, concrete,
about what happened and what would help, never about what is wrong with anyone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from twoway.core.rituals import CADENCES, DAY_NAMES, ORDINALS
from twoway.web.rituals.schedules import DEFAULTS, site_zone, weekdays_of, zones

#: The id of the page's one list of time zones.
ZONE_LIST = "time-zones"
DAY_CHOICES = [(str(n), name) for n, name in enumerate(DAY_NAMES, start=1)]
WEEK_CHOICES = [(str(n), word.capitalize()) for n, word in ORDINALS.items()]


class RitualForm(forms.Form):
    """When one cadence's ritual falls. A monthly one falls on one weekday of a given week."""

    active = forms.BooleanField(required=False, label="On")
    weekdays = forms.MultipleChoiceField(
        choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple, label="Days"
    )
    week_of_month = forms.TypedChoiceField(
        choices=WEEK_CHOICES, coerce=int, initial="1", label="Which week of the month"
    )
    weekday = forms.TypedChoiceField(choices=DAY_CHOICES, coerce=int, label="Day")
    at_time = forms.TimeField(
        label="Time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    # A text box suggesting from one list of zones for the page (`rituals.html`'s datalist),
    # not a select per ritual: three selects of ~520 zones weighed 90 KB of the page.
    time_zone = forms.ChoiceField(
        label="Time zone",
        widget=forms.TextInput(
            attrs={"list": ZONE_LIST, "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={
            "invalid_choice": "Choose a time zone from the list, such as Europe/Paris."
        },
    )

    def __init__(self, *args: Any, cadence: str, ritual: Any = None, **kwargs: Any) -> None:
        days, week, at = DEFAULTS[cadence]
        if ritual is not None:
            days, week, at = weekdays_of(ritual), ritual.week_of_month, ritual.at_time
        kwargs.setdefault(
            "initial",
            {
                "active": ritual.active if ritual is not None else False,
                "weekdays": [str(d) for d in days],
                "weekday": str(days[0]),
                "week_of_month": str(week),
                "at_time": at,
                "time_zone": ritual.time_zone if ritual is not None else site_zone(),
            },
        )
        kwargs["prefix"] = cadence
        super().__init__(*args, **kwargs)
        self.cadence = cadence
        known = zones()
        chosen = self.initial["time_zone"]
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)
        zone.choices = [
            (z, z.replace("_", " ")) for z in (known if chosen in known else (chosen, *known))
        ]
        if cadence == "monthly":
            del self.fields["weekdays"]
        else:
            del self.fields["weekday"], self.fields["week_of_month"]
            self.fields["weekdays"].help_text = (
                "The days it falls on." if cadence == "daily" else "One day a week, or a few."
            )

    def schedule(self) -> dict[str, Any]:
        """The cleaned fields as `schedules.save_ritual` takes them."""
        data = self.cleaned_data
        weekdays: tuple[int, ...]
        if self.cadence == "monthly":
            weekdays, week = (data["weekday"],), data["week_of_month"]
        else:
            weekdays, week = tuple(int(d) for d in data["weekdays"]), 1
        return {
            "active": data["active"],
            "weekdays": weekdays,
            "week_of_month": week,
            "at_time": data["at_time"].replace(second=0, microsecond=0),
            "time_zone": data["time_zone"],
        }


class StartForm(forms.Form):
    """Start a check-in; alone (not linked), say who started the one you had together."""

    cadence = forms.ChoiceField(choices=[(c, c) for c in CADENCES])
    starter = forms.ChoiceField(choices=[("me", "me"), ("them", "them")], required=False)


def _text(label: str, help_text: str, *, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PartForm(forms.Form):
    """One side's answers; every cadence asks its own, and at least one must be given."""

    cadence = ""
    shared = forms.BooleanField(required=False)

    def __init__(self, *args: Any, them: str, linked: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"shared": linked})
        super().__init__(*args, **kwargs)
        self.them = them
        if linked:
            self.fields["shared"].label = f"Share my part with {them}"
            self.fields[
                "shared"
            ].help_text = (
                f"{them} sees your answers once you save. Untick it to keep this part to yourself."
            )
        else:
            del self.fields["shared"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(k) for k in self.answer_fields()):
            raise forms.ValidationError("Write a few words in at least one of the boxes.")
        return data

    def answer_fields(self) -> list[str]:
        return [name for name in self.fields if name != "shared"]

    def answers(self) -> dict[str, str]:
        """The answers as stored in the part (text; a date as YYYY-MM-DD; nothing empty)."""
        found = {}
        for name in self.answer_fields():
            value = self.cleaned_data.get(name)
            if isinstance(value, date):
                value = value.isoformat()
            if value:
                found[name] = str(value).strip()
        return found


class DailyPart(PartForm):
    cadence = "daily"
    challenge = _text(
        "Something that is hard for you right now",
        "Big or small. Naming it is enough; nobody has to fix it tonight.",
    )
    win = _text("Something that went well lately", "A small win counts just as much.")


class WeeklyPart(PartForm):
    cadence = "weekly"
    supported = _text(
        "A moment this week when you felt supported",
        "What happened, and what it meant to you. It is kept as a thank-you.",
    )
    attention = _text(
        "Somewhere you would like more care",
        "Put it as what would help you, rather than what went wrong.",
    )
    progress = _text(
        "What has moved since last time",
        "Anything a little better than before, even slightly.",
        rows=2,
    )


class MonthlyPart(PartForm):
    cadence = "monthly"
    hard = _text(
        "What has felt hard between you lately",
        "What happened and how it felt for you; no one needs to be at fault.",
    )
    needs_met = forms.ChoiceField(
        label="Do your needs feel met at the moment?",
        choices=[("yes", "Yes"), ("partly", "Partly"), ("not_yet", "Not yet")],
        widget=forms.RadioSelect,
        required=False,
    )
    needs_words = _text(
        "About your needs, in your own words",
        "Which need, and what meeting it could look like.",
        rows=2,
    )
    next_step = _text(
        "One thing you will try next", "Small and concrete tends to work best.", rows=2
    )
    next_date = forms.DateField(
        label="By when",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="A date turns a good intention into a plan.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("next_date") and not data.get("next_step"):
            self.add_error("next_step", "Say what you will try, to go with the date.")
        return data


PART_FORMS: dict[str, type[PartForm]] = {
    "daily": DailyPart,
    "weekly": WeeklyPart,
    "monthly": MonthlyPart,
}
