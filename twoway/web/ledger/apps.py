"""App configuration for the store's tables."""

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """People, relationships, their events and self-assessments."""

    name = "twoway.web.ledger"
    label = "ledger"
    # Its part of an account (export, restore, delete): see twoway.web.ledger.parts.
    account_part = "twoway.web.ledger.portability.PART"
    verbose_name = "Ledger"
    default_auto_field = "django.db.models.BigAutoField"
