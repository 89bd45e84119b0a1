"""App configuration: rituals, check-ins, the calendar feed and reminders."""

from django.apps import AppConfig


class RitualsConfig(AppConfig):
    """Scheduled check-ins (daily, weekly, monthly), guided forms, calendar feed and reminders."""

    name = "twoway.web.rituals"
    label = "rituals"
    # Its part of an account (export, restore, delete): see twoway.web.ledger.parts.
    account_part = "twoway.web.rituals.portability.PART"
    # Its sections of the Together page (see twoway.web.together.hub).
    hub_sections = (("twoway.web.rituals.sections", "rituals/_hub.html"),)
