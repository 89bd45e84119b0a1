"""App configuration: accounts: sign up, log in and out, passwords, and the account's export and deletion."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Accounts: sign up, log in and out, passwords, and the account's export and deletion."""

    name = "twoway.web.accounts"
    label = "accounts"
