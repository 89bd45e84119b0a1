"""A typed request for views behind `login_required`: its `user` is a `User`, never anonymous.

Django's `HttpRequest.user` is `User | AnonymousUser`; a view that only runs
for a signed-in person annotates its request as `AuthenticatedHttpRequest`, so
the type checker knows what `login_required` already made true.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """An `HttpRequest` whose user has logged in (django-htmx adds `htmx` to every request)."""

    user: User
    htmx: HtmxDetails
