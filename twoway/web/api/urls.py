"""URLs of the api app, all under /api/: the token page, then the JSON API and its docs."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from twoway.web.api import views
from twoway.web.api.service import api

_patterns, _app, _namespace = api.urls
#: Ninja's URLs (names in the "api" namespace: openapi-json, openapi-view …), errors in JSON.
ninja_urls = [
    URLPattern(p.pattern, views.json_errors(p.callback), p.default_args, p.name)
    if isinstance(p, URLPattern)
    else p
    for p in _patterns
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="api_token_revoke"),
    # /api/people, /api/events/…, /api/openapi.json, /api/docs.
    path("", include((ninja_urls, _app), namespace=_namespace)),
    # Anything else under /api/ answers in JSON too, never with the site's HTML page
    # (but /api/tokens still gets its slash added).
    re_path(r"^(?!tokens$)(?P<rest>.*)$", views.api_not_found),
]
