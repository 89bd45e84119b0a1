"""App configuration for the store's tables."""

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """People, relationships, their events and self-assessments."""

    name = "twoway.web.ledger"
    label = "ledger"
    verbose_name = "Ledger"
    default_auto_field = "django.db.models.BigAutoField"
