"""App configuration: imports from the browser, run as background jobs."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Imports from the browser: ledger files, chat exports and account exports, run as background jobs."""

    name = "twoway.web.imports"
    label = "imports"
    # Its part of an account (export, restore, delete): see twoway.web.ledger.parts.
    account_part = "twoway.web.imports.portability.PART"
