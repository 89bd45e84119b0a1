"""URLs of the accounts app, all under /account/: Django's auth views with our templates and forms."""

from __future__ import annotations

from django.contrib.auth import views as auth
from django.urls import URLPattern, path, reverse_lazy

from twoway.web.accounts import forms, views

ACCOUNT = {"nav": "account"}

urlpatterns: list[URLPattern] = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("email/", views.account_email, name="account_email"),
    path(
        "login/",
        auth.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=forms.LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", views.logout_view, name="logout"),
    path(
        "password/",
        auth.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=forms.PasswordChangeForm,
            success_url=reverse_lazy("password_change_done"),
            extra_context=ACCOUNT,
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html", extra_context=ACCOUNT
        ),
        name="password_change_done",
    ),
    path(
        "reset/",
        auth.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=forms.PasswordResetForm,
            # Plain-text Django templates (templates/accounts/): the mail is not a web page.
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "reset/sent/",
        auth.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=forms.SetPasswordForm,
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("export/", views.account_export, name="account_export"),
    path("delete/", views.account_delete, name="account_delete"),
]
