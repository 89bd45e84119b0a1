"""The practices' forms: an appreciation, an "I statement", a role reversal and one side of it."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from twoway.core.i_statement import FEELINGS

OTHER = "other"


def _text(label: str, *, rows: int = 3, placeholder: str = "", **kwargs: Any) -> forms.CharField:
    attrs = {"rows": rows, **({"placeholder": placeholder} if placeholder else {})}
    return forms.CharField(label=label, widget=forms.Textarea(attrs=attrs), **kwargs)


class GratitudeForm(forms.Form):
    """One specific appreciation, from you to them; who sees it only matters when linked."""

    note = _text(
        "What are you thankful for?",
        max_length=2000,
        placeholder="You drove me to the station at six and it made the whole day easier.",
        help_text="Name exactly what they did and how it helped you. Small things count.",
        error_messages={"required": "Write a few words about what they did."},
    )
    share = forms.ChoiceField(widget=forms.RadioSelect, required=False, label="Who sees it")

    def __init__(self, *args: Any, partner: str | None, shared: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if partner is None:
            del self.fields["share"]  # not linked: it is your own list
        else:
            cast(forms.ChoiceField, self.fields["share"]).choices = [
                ("shared", f"Share with {partner}"),
                ("private", "Only me"),
            ]
            self.fields["share"].initial = "shared" if shared else "private"

    def shared(self) -> bool | None:
        """The choice made, or None (the kind's default) when none was made or offered."""
        choice = self.cleaned_data.get("share")
        return None if not choice else choice == "shared"


class IStatementForm(forms.Form):
    """A feeling (a chip, or your own word), the situation and the need."""

    feeling = forms.ChoiceField(
        choices=[*[(f, f) for f in FEELINGS], (OTHER, "something else")],
        widget=forms.RadioSelect,
        label="I feel",
        error_messages={"required": "Choose a feeling, or write your own."},
    )
    feeling_other = forms.CharField(
        required=False,
        max_length=120,
        label="In your own word",
        help_text="One or two words for how it is inside you.",
    )
    situation = _text(
        "When",
        rows=2,
        max_length=1000,
        placeholder="the plans for the weekend change on Friday night",
        help_text="What happens, as a camera would see it: one recent moment.",
        error_messages={"required": "Describe the moment in a few words."},
    )
    need = _text(
        "And I need",
        rows=2,
        max_length=1000,
        placeholder="us to settle the weekend by Thursday",
        help_text="Something concrete the two of you could do.",
        error_messages={"required": "Say what would help."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("feeling") == OTHER and not str(data.get("feeling_other", "")).strip():
            self.add_error("feeling_other", "Write the feeling in your own word.")
        return data

    def the_feeling(self) -> str:
        """The chosen chip, or the words written for "something else"."""
        data = self.cleaned_data
        if data["feeling"] == OTHER:
            return str(data["feeling_other"]).strip()
        return str(data["feeling"])


class RoleReversalForm(forms.Form):
    """A situation both of you will describe from the other's side."""

    situation = _text(
        "The situation",
        rows=3,
        max_length=2000,
        placeholder="The evening we disagreed about visiting my parents",
        help_text="One moment or topic you both remember. Describe it briefly and neutrally.",
        error_messages={"required": "Describe the situation in a few words."},
    )


class SideForm(forms.Form):
    """How you think the other person saw the situation."""

    text = _text(
        "Their side, as you imagine it",
        rows=6,
        max_length=5000,
        help_text=(
            "Write in their voice: “I …”. What did they notice, what did they feel, "
            "what did they hope for?"
        ),
        error_messages={"required": "Write a few sentences from their side."},
    )
