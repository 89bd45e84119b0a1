"""The JSON API: its routers, token auth, and errors that are always JSON.

Every route acts for the token's user and sees only their rows; someone
else's id and a missing one get the same 404. The schema is published at
`/api/openapi.json` and browsable at `/api/docs` (Swagger UI, served from this
site's own static files).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation

from twoway.errors import StoreBusy, TwowayError
from twoway.web.api import events, people
from twoway.web.api.tokens import TokenAuth
from twoway.web.ledger.busy import BUSY, RETRY_AFTER, is_busy
from twoway.web.ledger.editing import NotFound

log = logging.getLogger(__name__)

NOT_FOUND = {
    "detail": "Not found",
    "error": {"code": "not_found", "message": "Not found", "fields": {}},
}


def error_body(code: str, message: str, **fields: Any) -> dict[str, Any]:
    """Every error's JSON: `{"error": {"code", "message", "fields"}}`, and `detail` as before.

    `detail` (the message) stays for clients written against the first form.
    """
    return {"detail": message, "error": {"code": code, "message": message, "fields": fields}}


class SiteSwagger(Swagger):
    """Ninja's Swagger UI page in the site's frame: a phone's viewport and a link home."""

    template = "api/swagger.html"


class TwowayAPI(NinjaAPI):
    """Ninja, with each operation named after its function (`list_people`, `create_event` …)."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view function's name: short, stable, and unique in this API."""
        return operation.view_func.__name__


api = TwowayAPI(
    title="twoway API",
    version="1",
    description=(
        "Your people, their ledgers and reports. Authenticate with "
        "`Authorization: Bearer <token>`; make a token on the API tokens page (/api/tokens/). "
        'Every error is JSON: `{"error": {"code": "...", "message": "...", "fields": {...}}}` '
        '(and `"detail"`, the message again); the codes are listed in docs/json.md.'
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    # No validator badge: Swagger UI would fetch it from another host.
    docs=SiteSwagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
api.add_router("/people", people.router, tags=["people"])
api.add_router("", events.router, tags=["events"])


def _field(loc: list[Any]) -> str:
    """`["body", "payload", "kind"]` -> `kind`: the name a client sent."""
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A malformed request: one sentence naming each field, and the details for programs."""
    errors = [
        {"field": _field(e.get("loc", [])), "message": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    body = {**error_body("invalid_request", detail, errors=errors), "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(TwowayError)
def refused(request: HttpRequest, exc: TwowayError) -> HttpResponse:
    """The ledger's rules said no: 422 with the readable reason (404 for a missing row)."""
    if isinstance(exc, NotFound):
        return not_found(request, exc)
    if isinstance(exc, StoreBusy):
        return busy(request, exc)
    body = error_body(exc.code, exc.message, **exc.fields)
    return api.create_response(request, body, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The same body for a missing row and for someone else's."""
    return api.create_response(request, NOT_FOUND, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """No token, or one that is wrong or revoked."""
    response = api.create_response(
        request,
        error_body("unauthorized", "A valid API token is needed (Authorization: Bearer …)"),
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals (a body it cannot read, …), as JSON."""
    return api.create_response(request, error_body("bad_request", str(exc)), status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback, answered in JSON rather than an HTML page."""
    if is_busy(exc):
        return busy(request, StoreBusy(BUSY))
    log.exception("API error on %s %s", request.method, request.path)
    return api.create_response(
        request, error_body("server_error", "Something went wrong on the server."), status=500
    )


def busy(request: HttpRequest, exc: TwowayError) -> HttpResponse:
    """The store was taken by other writes for longer than we wait: 503, try again shortly."""
    response = api.create_response(request, error_body(exc.code, exc.message), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
