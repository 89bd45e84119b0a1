"""App configuration: linking two accounts' relationships."""

from django.apps import AppConfig
from django.db.models.signals import pre_delete


class TogetherConfig(AppConfig):
    """Linking two accounts, what each sees of the other's ledger, and the perception gap."""

    name = "twoway.web.together"
    label = "together"
    # Its part of an account (export, restore, delete): see twoway.web.ledger.parts.
    account_part = "twoway.web.together.portability.PART"
    # Its sections of the Together page (see twoway.web.together.hub).
    hub_sections = (
        ("twoway.web.together.sections", "together/_hub.html"),
        ("twoway.web.together.balance_section", "together/_balance_hub.html"),
        ("twoway.web.together.gap_section", "together/_gap_hub.html"),
    )

    def ready(self) -> None:
        """Deleting one side of a link, however it happens, unlinks the other side cleanly."""
        # In ready(), as Django asks: models cannot be imported while apps are loading.
        from twoway.web.ledger.models import Relationship
        from twoway.web.together.linking import forget_partner

        pre_delete.connect(forget_partner, sender=Relationship, dispatch_uid="together-forget")
