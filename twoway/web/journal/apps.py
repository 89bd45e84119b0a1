"""App configuration: the journal: people, the log form, and the list of entries with their edits."""

from django.apps import AppConfig


class JournalConfig(AppConfig):
    """The journal: people, the log form, and the list of entries with their edits."""

    name = "twoway.web.journal"
    label = "journal"
