"""App configuration: the practices two people do together or one prepares alone."""

from django.apps import AppConfig


class PracticesConfig(AppConfig):
    """The gratitude wall, the "I statement" helper and the role reversal exercise."""

    name = "twoway.web.practices"
    label = "practices"
    # Its part of an account (export, restore, delete): see twoway.web.ledger.parts.
    account_part = "twoway.web.practices.portability.PART"
    # Its sections of the Together page (see twoway.web.together.hub).
    hub_sections = (("twoway.web.practices.sections", "practices/_hub.html"),)
