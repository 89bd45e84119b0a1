"""App configuration: the report page of a relationship, and its self-assessment."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The report page of a relationship, and its self-assessment."""

    name = "twoway.web.reports"
    label = "reports"
