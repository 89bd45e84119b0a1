"""The forms of linking: typing a code, saying who the inviter is for you, confirming an unlink."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from twoway.web.ledger import RELATIONSHIP_KINDS
from twoway.web.ledger.lookup import validate_name
from twoway.web.ledger.models import Person
from twoway.web.together import invitations
from twoway.web.together.models import Invitation

#: The `who` choice for "someone new".
NEW = "new"


class JoinForm(forms.Form):
    """The code, as typed: case, dashes and spaces do not matter."""

    code = forms.CharField(
        max_length=40,
        label="Invitation code",
        help_text="Ten letters and digits, like ABCDE-FGHJK. Capitals and dashes are optional.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "ABCDE-FGHJK",
            }
        ),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        if not invitations.well_formed(code):
            n = len(invitations.normalize(code))
            raise forms.ValidationError(
                f"A code has {invitations.CODE_LENGTH} letters and digits; this one has {n}. "
                "Check it against the message you were sent."
            )
        return invitations.normalize(code)


class AcceptForm(forms.Form):
    """Who the one who invited you is in your circle: someone already there, or someone new."""

    who = forms.ChoiceField(widget=forms.RadioSelect, label="Who is this for you?")
    name = forms.CharField(
        validators=[validate_name], max_length=200, required=False, label="Their name"
    )
    me_name = forms.CharField(
        max_length=200,
        validators=[validate_name],
        required=False,
        label="Your name in this relationship",
        help_text="How you appear in this journal and its report.",
    )
    kind = forms.ChoiceField(
        choices=[(k, k.capitalize()) for k in RELATIONSHIP_KINDS], label="Relationship"
    )

    def __init__(self, *args: Any, owner: User, invitation: Invitation, **kwargs: Any) -> None:
        inviter = invitation.relationship
        # Free to link: your people whose journal is not linked with anyone yet.
        self.people = list(
            Person.objects.filter(owner=owner, relationship__linked__isnull=True).order_by("name")
        )
        same_name = next(
            (p for p in self.people if p.name.casefold() == inviter.me_name.casefold()), None
        )
        kwargs.setdefault(
            "initial",
            {
                "who": str(same_name.pk) if same_name else NEW,
                "name": inviter.me_name,
                "me_name": inviter.person.name,
                "kind": inviter.kind,
            },
        )
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["who"].choices = [  # type: ignore[attr-defined]
            *((str(p.pk), p.name) for p in self.people),
            (NEW, "Someone new"),
        ]

    def chosen(self) -> Person | None:
        """The existing person chosen, or None for someone new."""
        who = self.cleaned_data.get("who")
        return next((p for p in self.people if str(p.pk) == who), None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("who") != NEW:
            return data
        name = str(data.get("name") or "").strip()
        me = str(data.get("me_name") or "").strip()
        if not name:
            self.add_error("name", "Give their name, as you want to see it.")
        elif Person.objects.filter(owner=self.owner, name__iexact=name).exists():
            self.add_error(
                "name", f"You already have someone called {name}: choose them above, or change it."
            )
        if not me:
            self.add_error("me_name", "Give your name in this relationship.")
        elif name and name.casefold() == me.casefold():
            self.add_error("me_name", "You and the person need different names here.")
        data["name"], data["me_name"] = name, me
        return data

    def new_person(self) -> invitations.NewPerson | None:
        """The new person to add, when "someone new" was chosen."""
        if self.cleaned_data.get("who") != NEW:
            return None
        d = self.cleaned_data
        return invitations.NewPerson(name=d["name"], me_name=d["me_name"], kind=d["kind"])


class UnlinkForm(forms.Form):
    """Unlinking asks once more, in words, what it does."""

    confirm = forms.BooleanField(
        label="Unlink",
        error_messages={"required": "Tick the box to confirm, or go back to keep the link."},
    )

    def __init__(self, *args: Any, partner: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = (
            f"I want to unlink: {partner} will no longer see my shared entries, "
            "and I will no longer see theirs."
        )
