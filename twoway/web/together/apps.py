"""App configuration: linking two accounts' relationships."""

from django.apps import AppConfig


class TogetherConfig(AppConfig):
    """Linking two accounts, what each sees of the other's ledger, and the perception gap."""

    name = "twoway.web.together"
    label = "together"
