"""The journal's forms: a person, the log form, and the journal's filters.

The forms only gather and tidy input; whether an event fits the ledger is
decided by the core's validation, through the store (`store.add_event`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User

from twoway.core.events import CHECKINS, REF_TARGET, STYLES, Kind
from twoway.web.ledger import RELATIONSHIP_KINDS, writing
from twoway.web.ledger.lookup import validate_name
from twoway.web.ledger.models import Person, Relationship

#: The kinds offered first in the log form; the rest sit under "More".
COMMON_KINDS = ("support", "talk", "bid", "response", "together", "gratitude", "checkin")
MORE_KINDS = tuple(k.value for k in Kind if k.value not in COMMON_KINDS)

KIND_LABELS = {
    "support": "Support",
    "talk": "Talk",
    "bid": "Reaching out",
    "response": "Answer to a reach-out",
    "together": "Time together",
    "gratitude": "Thanks",
    "checkin": "Check-in",
    "commitment": "Plan",
    "kept": "Plan kept",
    "broken": "Plan broken",
    "need": "Need stated",
    "met": "Need met",
    "boundary": "Boundary stated",
    "crossed": "Boundary crossed",
    "conflict": "Conflict",
    "repair": "Repair",
}

ENERGY_LABELS = (
    ("-2", "−2 drained"),
    ("-1", "−1"),
    ("0", "0"),
    ("1", "+1"),
    ("2", "+2 energized"),
)

KIND_HELP = {
    "support": "Listening, comfort, help: what was given.",
    "bid": "A small reach for attention: a message, a question, a photo.",
    "response": "How a reach-out was met: turned toward, away or against.",
    "together": "Time spent together, and how you felt afterwards.",
    "commitment": "A plan to meet or do something; give a date if there is one.",
    "need": "A need said out loud.",
    "boundary": "A limit said out loud.",
}


class PersonForm(forms.Form):
    """A person and the relationship with them."""

    name = forms.CharField(validators=[validate_name], max_length=200, label="Their name")
    kind = forms.ChoiceField(
        choices=[(k, k.capitalize()) for k in RELATIONSHIP_KINDS],
        initial="friend",
        label="Relationship",
    )
    me_name = forms.CharField(
        max_length=200,
        validators=[validate_name],
        label="Your name in this relationship",
        help_text="How you appear in this ledger and its report.",
    )

    def __init__(self, *args: Any, owner: User, person: Person | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.person = person

    def clean_name(self) -> str:
        """Names are unique per account, ignoring case."""
        name = str(self.cleaned_data["name"]).strip()
        if not name or any(ord(c) < 32 for c in name):
            raise forms.ValidationError("Enter a name.")
        taken = Person.objects.filter(owner=self.owner, name__iexact=name)
        if self.person is not None:
            taken = taken.exclude(pk=self.person.pk)
        if taken.exists():
            raise forms.ValidationError(f"You already have someone called {name}.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, me = data.get("name"), str(data.get("me_name", "")).strip()
        if me:
            data["me_name"] = me
        if name and me and name.casefold() == me.casefold():
            self.add_error("me_name", "You and the person need different names here.")
        return data


#: Which way, for a relationship kept alone, and for a linked one (each writes from their side).
DIRECTIONS = [("me", "I did it, for them"), ("them", "They did it, for me")]
LINKED_DIRECTIONS = [("me", "I gave"), ("them", "I received")]


def share_choice(data: Mapping[str, Any], kind: str, default: Callable[[str], bool]) -> bool:
    """Whether an entry of `kind` is shared, from the `share` and `share_for` the form sent.

    Nothing chosen: the kind's default. `share_for` is the kind the choice was
    shown for; when the kind has changed since (without JavaScript, nothing swaps
    the choice) and the choice is still that kind's default, the new kind's
    default applies: changing "support" to "conflict" never shares a conflict
    just because support is shared by default. A choice the writer changed stands.
    """
    share, shown_for = data.get("share"), str(data.get("share_for") or "")
    if share not in ("shared", "private"):
        return default(kind)
    chosen = share == "shared"
    if shown_for != kind and shown_for in KIND_LABELS and chosen == default(shown_for):
        return default(kind)
    return bool(chosen)


def share_state(rel: Relationship | None, data: Any, kind: str) -> dict[str, str]:
    """The share choice to show for `kind` in `rel` (none when not linked); see share_choice."""
    if rel is None or rel.linked_id is None:
        return {}
    shared = share_choice(data or {}, kind, lambda k: writing.default_shared(rel, k))
    return {"share": "shared" if shared else "private", "share_for": kind}


def _radio(choices: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)


class LogForm(forms.Form):
    """What happened, with whom, and which way. Defaults make the common case one tap."""

    person = forms.ModelChoiceField(queryset=Person.objects.none(), empty_label=None, label="Who")
    direction = _radio(DIRECTIONS, initial="me", label="Which way")
    kind = _radio(
        [(k, KIND_LABELS[k]) for k in (*COMMON_KINDS, *MORE_KINDS)], initial="support", label="What"
    )
    style = _radio(
        [(s, s.capitalize()) for s in STYLES], required=False, label="What kind of support"
    )
    energy = _radio(ENERGY_LABELS, required=False, label="Energy afterwards")
    response = _radio(
        [("toward", "Turned toward"), ("away", "Turned away"), ("against", "Turned against")],
        required=False,
        label="How it was met",
    )
    checkin = forms.ChoiceField(
        choices=[("", "—")] + [(c, c.capitalize()) for c in CHECKINS],
        required=False,
        label="Which check-in",
    )
    due = forms.DateField(
        required=False,
        label="Planned for",
        help_text="Leave empty for a plan without a date yet.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ref = forms.ChoiceField(choices=[], required=False, label="Answers")
    at = forms.DateTimeField(
        required=False,
        label="When",
        help_text="Leave as it is for now.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "What happened, in a few words"}),
    )
    # Filled in by the page's script (site/app.js): the same entry sent twice, as a phone's
    # offline queue may after a lost answer, is stored once (see ledger.writing.add_event).
    client_key = forms.RegexField(
        regex=writing.CLIENT_KEY,
        required=False,
        widget=forms.HiddenInput(attrs={"data-client-key": ""}),
    )

    def __init__(
        self,
        *args: Any,
        owner: User,
        open_items: list[tuple[str, str]],
        share_with: str | None = None,
        **kwargs: Any,
    ):
        """`share_with`: the person's name when the relationship is linked (else no share choice)."""
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(owner=owner).order_by("name")
        cast("forms.ModelChoiceField[Any]", self.fields["person"]).queryset = people
        cast(forms.ChoiceField, self.fields["ref"]).choices = [("", "—"), *open_items]
        self.share_with = share_with
        if share_with is not None:
            cast(forms.ChoiceField, self.fields["direction"]).choices = LINKED_DIRECTIONS
            self.fields["share"] = _radio(
                [("shared", f"Shared with {share_with}"), ("private", "Only me")],
                label="Who sees it",
            )
            # The kind the share choice was shown for (see share_choice).
            self.fields["share_for"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def shared(self) -> bool | None:
        """The share choice made; None when there is none (not linked, or nothing chosen)."""
        share = self.cleaned_data.get("share") if self.share_with is not None else None
        return None if not share else share == "shared"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        need = {
            "together": ("energy", "Choose how you felt afterwards."),
            "response": ("response", "Choose how the reach-out was met."),
        }
        if kind in need:
            field, message = need[kind]
            if not data.get(field):
                self.add_error(field, message)
        if kind in REF_TARGET and not data.get("ref"):
            self.add_error(
                "ref", f"Choose the {KIND_LABELS[REF_TARGET[kind]].lower()} this answers."
            )
        return data

    def value(self) -> str:
        """The ledger's `value` for the chosen kind."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == "support":
            return str(data.get("style") or "")
        if kind == "together":
            return str(data.get("energy") or "")
        if kind == "response":
            return str(data.get("response") or "")
        if kind == "checkin":
            return str(data.get("checkin") or "")
        if kind == "commitment" and isinstance(data.get("due"), date):
            return str(data["due"].isoformat())
        return ""

    def when(self, now: datetime) -> tuple[datetime, bool]:
        """The wall-clock time given, else `now`; and whether only a day was given."""
        at = self.cleaned_data.get("at")
        if isinstance(at, datetime):
            return at.replace(tzinfo=None, second=0, microsecond=0), False
        return now.replace(second=0, microsecond=0), False


class JournalFilter(forms.Form):
    """The journal's filters; every one optional."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, empty_label="Everyone", label="Person"
    )
    kind = forms.ChoiceField(
        choices=[("", "All kinds")] + [(k, KIND_LABELS[k]) for k in (*COMMON_KINDS, *MORE_KINDS)],
        required=False,
        label="Kind",
    )
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["person"]).queryset = Person.objects.filter(
            owner=owner
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "Choose a day after the first one.")
        return data
