"""App configuration: the JSON API (django-ninja), its OpenAPI schema and token authentication."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API (django-ninja), its OpenAPI schema and token authentication."""

    name = "twoway.web.api"
    label = "api"
    # Its part of an account (export, restore, delete): see twoway.web.ledger.parts.
    account_part = "twoway.web.api.portability.PART"
