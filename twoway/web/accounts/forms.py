"""The accounts' forms: Django's own, with kinder words and the attributes browsers need."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from twoway.web.ledger.lookup import LOCAL_USER

if TYPE_CHECKING:
    # The stubs make these forms generic in the user model; Django's classes are not.
    UserCreationForm = auth_forms.UserCreationForm[User]
    SetPasswordFormBase = auth_forms.SetPasswordForm[User]
else:
    UserCreationForm = auth_forms.UserCreationForm
    SetPasswordFormBase = auth_forms.SetPasswordForm

#: One message for a wrong name and for a wrong password, so the form never tells
#: a stranger which names have an account.
WRONG_LOGIN = "That user name and password do not match. Both care about capital letters."


EMAIL_HELP = (
    "Only used to send you a link if you forget your password, "
    "and the reminders you ask for. Never shown to anyone."
)


def password_help() -> SafeString:
    """What a new password needs, as a list: built here, because Django's own is a lazy
    string that Jinja2 cannot tell is already HTML."""
    items = format_html_join(
        "", "<li>{}</li>", ((text,) for text in password_validators_help_texts())
    )
    return format_html("<ul>{}</ul>", items)


class SignupForm(UserCreationForm):
    """A name, an optional e-mail address (only for resetting the password), a password twice."""

    email = forms.EmailField(
        label="E-mail",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=EMAIL_HELP,
    )

    class Meta:
        model = User
        fields = ("username", "email")
        # As Django's own form: the name normalised (NFKC) before it is checked.
        field_classes: ClassVar[dict[str, type[forms.Field]]] = {
            "username": auth_forms.UsernameField
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = "User name"
        username.help_text = "What you log in with. Letters, digits and @ . + - _ only."
        self.fields["password1"].help_text = password_help()
        self.fields["password2"].label = "Password again"
        self.fields["password2"].help_text = "The same password, to be sure it is typed right."

    def clean_username(self) -> str:
        """Django's checks, and the name the command line keeps for itself."""
        username = super().clean_username()
        if username and username.casefold() == LOCAL_USER:
            # The CLI acts as this user on the same store: an account by that name would share it.
            raise forms.ValidationError("This name is taken. Please choose another.")
        return username


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, saying the same thing for a wrong name as for a wrong password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {**self.error_messages, "invalid_login": WRONG_LOGIN}
        self.fields["username"].label = "User name"


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Your current password, then the new one twice."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help()
        self.fields["new_password2"].label = "New password again"


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The e-mail address a reset link goes to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail"
        self.fields["email"].widget.attrs["autofocus"] = True


class SetPasswordForm(SetPasswordFormBase):
    """A new password, twice, from a reset link."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True
        self.fields["new_password1"].help_text = password_help()
        self.fields["new_password2"].label = "New password again"


class DeleteAccountForm(forms.Form):
    """Your password, to be sure it is you who asks."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        """The account's password, or an error on the field."""
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


class EmailForm(forms.Form):
    """A new e-mail address (or none), confirmed with the current password.

    The password guards it because the address is where a password reset goes.
    """

    email = forms.EmailField(
        label="E-mail",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=EMAIL_HELP + " Leave it empty to remove it.",
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        """The account's current password, or a plain error."""
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was changed.")
        return password
