"""The published schema, the docs page (nothing from another host), and errors always in JSON."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.web.api.api_helpers import Api
from twoway.web.ledger.models import Person

URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


def test_the_schema_is_published_with_its_title_version_and_bearer_auth(
    client: Client, db: None
) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert (schema["info"]["title"], schema["info"]["version"]) == ("twoway API", "1")
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) == 11
    assert all(op["security"] == [{"TokenAuth": []}] for op in operations)
    assert sorted(op["operationId"] for op in operations) == [
        "create_event",
        "create_person",
        "delete_event",
        "delete_person",
        "get_event",
        "get_person",
        "list_events",
        "list_people",
        "patch_event",
        "patch_person",
        "report",
    ]


def test_the_docs_page_loads_nothing_from_another_host(client: Client, db: None) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "twoway API" in html
    foreign = [
        u for u in URL.findall(html) if not u.startswith(("http://testserver/", "//testserver/"))
    ]
    assert foreign == []
    assets = re.findall(r"""<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)\"""", html)
    assert assets  # the Swagger UI's script, style and icons
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert '"url": "/api/openapi.json"' in html
    assert '"validatorUrl": null' in html  # no badge fetched from swagger.io
    # Fit for a phone, with a way back to the site.
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<a href="/">twoway</a>' in html


def test_the_docs_page_keeps_the_sites_strict_content_security_policy(
    client: Client, db: None
) -> None:
    policy = client.get("/api/docs")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert "unsafe" not in policy


def test_other_addresses_and_methods_under_api_answer_in_json(
    api: Api, sam: Person, client: Client
) -> None:
    headers = {"Authorization": f"Bearer {api.token}"}
    cases = {
        ("get", "/api/"): (404, ("not_found", "Not found")),
        ("get", "/api/nowhere/at/all"): (404, ("not_found", "Not found")),
        ("put", "/api/people"): (
            405,
            ("method_not_allowed", "PUT is not allowed here; allowed: GET, POST"),
        ),
        ("post", f"/api/events/{sam.pk}"): (405, None),
    }
    for (method, path), (status, body) in cases.items():
        response = getattr(client, method)(path, headers=headers)
        assert response.status_code == status, path
        assert response["Content-Type"] == "application/json; charset=utf-8", path
        if body:
            code, message = body
            assert response.json() == {
                "detail": message,
                "error": {"code": code, "message": message, "fields": {}},
            }
    assert client.get("/api/tokens")["Location"] == "/api/tokens/"


def test_an_id_that_is_not_a_number_is_a_422_naming_it(api: Api) -> None:
    response = api.get("/people/abc")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("person_id: ")
    assert api.get("/people/0").status_code == 422


def test_a_bug_is_answered_in_json_and_logged(
    api: Api, sam: Person, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the analysis")

    monkeypatch.setattr("twoway.web.api.people.analyze", broken)
    response = api.get(f"/people/{sam.pk}/report")
    assert response.status_code == 500
    assert response.json()["detail"] == "Something went wrong on the server."
    assert response.json()["error"]["code"] == "server_error"
    assert "a bug in the analysis" in caplog.text
