"""The upload form: a file, what it is, and whose ledger it goes into.

The form only gathers and checks what it can see at once (a file that is there,
not too big, of a kind twoway reads, with a person when one is needed); reading
the file is the background job's work.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from twoway.chats import format_names
from twoway.chats.conversations import DEFAULT_GAP_HOURS
from twoway.chats.people import parse_same
from twoway.errors import TwowayError
from twoway.web.imports.kinds import ACCOUNT, CHAT, LEDGER, detect_kind
from twoway.web.ledger import RELATIONSHIP_KINDS
from twoway.web.ledger.lookup import validate_name

#: The largest file the site imports (the CLI has no limit).
MAX_BYTES = 50 * 1024 * 1024

KIND_CHOICES = (
    ("auto", "Find out from the file"),
    (LEDGER, "A ledger file (CSV or JSON Lines)"),
    (CHAT, "A chat export"),
    (ACCOUNT, "A twoway account export"),
)

FORMAT_LABELS = {
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "meta": "Messenger or Instagram",
    "discord": "Discord",
    "sms": "SMS Backup & Restore",
    "signal": "Signal",
    "csv": "CSV",
}


def too_big(size: int) -> str:
    """The message for a file over the limit, with both sizes in MB."""
    return (
        f"This file is {size / 2**20:.0f} MB; the largest file you can import here is "
        f"{MAX_BYTES // 2**20} MB. The command line has no limit: "
        "`twoway import` or `twoway import-chat`."
    )


class ImportForm(forms.Form):
    """One file to import, and how."""

    file = forms.FileField(label="File", help_text=f"Up to {MAX_BYTES // 2**20} MB.")
    kind = forms.ChoiceField(choices=KIND_CHOICES, initial="auto", label="What it is")
    person = forms.CharField(
        max_length=200,
        validators=[validate_name],
        required=False,
        label="Whose ledger it goes into",
        help_text="Choose someone or type a new name. Not needed for an account export.",
        widget=forms.TextInput(attrs={"list": "people-names", "autocomplete": "off"}),
    )
    me = forms.CharField(
        max_length=200,
        validators=[validate_name],
        required=False,
        label="Which name is you",
        help_text="As the file writes it. Default: your name in this person's ledger, "
        "else the name in the file that is not theirs.",
    )
    relation = forms.ChoiceField(
        choices=[("", "Leave as it is (other, for someone new)")]
        + [(k, k.capitalize()) for k in RELATIONSHIP_KINDS],
        required=False,
        label="Relationship",
    )
    new = forms.BooleanField(
        required=False,
        label="They are someone new, even if the name looks like someone already here",
    )
    skip_bad = forms.BooleanField(
        required=False,
        label="Skip ledger rows that break the format (they are listed afterwards)",
    )
    format = forms.ChoiceField(
        choices=[("auto", "Find out from the file")]
        + [(name, FORMAT_LABELS.get(name, name)) for name in format_names()],
        initial="auto",
        required=False,
        label="Chat format",
    )
    date_order = forms.ChoiceField(
        choices=(
            ("", "Decide from the whole file"),
            ("dmy", "Day, month, year"),
            ("mdy", "Month, day, year"),
            ("ymd", "Year, month, day"),
        ),
        required=False,
        label="How a WhatsApp export writes dates",
    )
    chat = forms.CharField(
        max_length=200,
        required=False,
        label="Which chat",
        help_text="For an export holding several chats (all of Telegram, an SMS backup): "
        "its name, id or phone number.",
    )
    tz = forms.CharField(
        max_length=64,
        required=False,
        label="Time zone",
        help_text="For Messenger, Instagram, Discord and SMS, which store instants: "
        "such as Europe/Paris. Default: UTC.",
    )
    same = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Names that are one person",
        help_text="One pair a line, as the chat writes them: “~ Leon=Leon”. "
        "Otherwise two spellings are two people.",
    )
    gap = forms.FloatField(
        initial=DEFAULT_GAP_HOURS,
        required=False,
        label="Hours of silence that start a new conversation",
    )

    def __init__(self, *args: Any, people: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The owner's people, offered as the person's suggestions.
        self.people = people or []
        self.detected: str | None = None
        self.data_bytes = b""

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(too_big(upload.size))
        return upload

    def clean_same(self) -> str:
        same: str = self.cleaned_data.get("same") or ""
        try:
            parse_same(same.splitlines())
        except TwowayError:
            raise forms.ValidationError(
                "Write each pair as two names joined by “=”, such as “~ Leon=Leon”."
            ) from None
        return same.strip()

    def clean_gap(self) -> float:
        gap: float | None = self.cleaned_data["gap"]
        if gap is None:
            return DEFAULT_GAP_HOURS
        if not gap > 0:
            raise forms.ValidationError("Expected a number of hours above 0.")
        return gap

    def clean(self) -> dict[str, Any]:
        # Django's Form.clean gives its cleaned_data back (the stubs allow None for subclasses).
        cleaned = super().clean() or self.cleaned_data
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        self.data_bytes = b"".join(upload.chunks())
        kind = cleaned.get("kind") or "auto"
        if kind == "auto":
            try:
                kind = detect_kind(self.data_bytes, upload.name or "upload")
            except TwowayError as exc:
                self.add_error("file", str(exc))
                return cleaned
        self.detected = kind
        person = (cleaned.get("person") or "").strip()
        cleaned["person"] = person
        if kind in (LEDGER, CHAT) and not person:
            what = "ledger" if kind == LEDGER else "chat export"
            self.add_error(
                "person", f"This is a {what}: say whose ledger it goes into (a name is enough)."
            )
        return cleaned

    def options(self) -> dict[str, Any]:
        """The choices the job needs, as JSON (`ImportJob.options`)."""
        c = self.cleaned_data
        if self.detected == ACCOUNT:
            return {}
        common = {
            "person": c["person"],
            "me": c["me"].strip(),
            "relation": c["relation"],
            "new": c["new"],
        }
        if self.detected == LEDGER:
            return {**common, "skip_bad": c["skip_bad"]}
        return {
            **common,
            "format": c["format"] or "auto",
            "date_order": c["date_order"],
            "chat": c["chat"].strip(),
            "tz": c["tz"].strip(),
            "gap": c["gap"],
            "same": c["same"],
        }
