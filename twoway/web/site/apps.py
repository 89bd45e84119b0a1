"""App configuration for the site's frame."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The layout shared by every page, the home page and the error pages."""

    name = "twoway.web.site"
    label = "site"
    verbose_name = "Site"
