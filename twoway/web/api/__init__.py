"""The JSON API (django-ninja), its OpenAPI schema and token authentication."""
