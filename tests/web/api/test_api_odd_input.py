"""Odd input never fails the site: strict types, one range of days, one rule for names.

Each case is sent through Django's test client as a person or a script would
send it; the answer may refuse (4xx, with JSON naming the field) but never 5xx,
and a refused request changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.api.api_helpers import Api, events_of
from twoway.web.ledger.models import Person

ODD_TIMES = [
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "1899-12-31T23:59:59",
    "2200-01-01T00:00:00",
    "1900-01-01T00:00:00",
    "2199-12-31T23:59:59",
    "2024-03-01T12:00:00+14:00",
    "2024-03-01",
]

#: Values a careless or hostile client sends where a field wants something else.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.sampled_from(ODD_TIMES),
    st.text(max_size=30),
    st.sampled_from(["me", "them", "talk", "bid", "toward", "0", "true", "a\nb", "\x00"]),
    st.lists(st.none(), max_size=3),
    st.just({"nested": {"deeper": []}}),
)
FIELDS = [
    "at",
    "date_only",
    "by",
    "kind",
    "key",
    "ref",
    "value",
    "note",
    "shared",
    "name",
    "me_name",
]
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), ODD_VALUES, max_size=6),
    st.lists(ODD_VALUES, max_size=3),
    ODD_VALUES,
)


def _send(api: Api, method: str, path: str, body: Any) -> Any:
    raw = json.dumps(body)
    call = getattr(api.client, method)
    return call(
        f"/api{path}", raw, "application/json", headers={"Authorization": f"Bearer {api.token}"}
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=BODIES,
    method=st.sampled_from(["post-event", "patch-event", "patch-person", "post-person"]),
)
def test_no_body_makes_the_api_fail(api: Api, sam: Person, body: Any, method: str) -> None:
    event = events_of(sam)[0]
    target = {
        "post-event": ("post", f"/people/{sam.pk}/events"),
        "patch-event": ("patch", f"/events/{event.pk}"),
        "patch-person": ("patch", f"/people/{sam.pk}"),
        "post-person": ("post", "/people"),
    }[method]
    response = _send(api, *target, body)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.json()["error"]["code"]
    report = api.get(f"/people/{sam.pk}/report")
    assert report.status_code == 200
    assert len(report.content) < 2_000_000  # the weekly series stays within the accepted days


@pytest.mark.parametrize("body", [[None, None], [], "text", 0, None])
def test_a_body_that_is_not_an_object_is_refused(api: Api, sam: Person, body: Any) -> None:
    event = events_of(sam)[0]
    for method, path in (("patch", f"/events/{event.pk}"), ("patch", f"/people/{sam.pk}")):
        response = _send(api, method, path, body)
        assert response.status_code == 422, (path, response.content)
        assert response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_a_boolean_must_be_a_boolean(api: Api, sam: Person, value: Any) -> None:
    event = events_of(sam)[0]
    shared_before = event.shared
    for field in ("shared", "date_only"):
        response = _send(api, "patch", f"/events/{event.pk}", {field: value})
        if value is None:  # null leaves the field as it is
            assert response.status_code == 200
        else:
            assert response.status_code == 422, (field, value)
            assert response.json()["error"]["fields"]["errors"][0]["field"] == field
    event.refresh_from_db()
    assert event.shared == shared_before


@pytest.mark.parametrize(
    "at", ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "1899-12-31T23:59:59"]
)
def test_an_event_outside_the_accepted_days_is_refused(api: Api, sam: Person, at: str) -> None:
    before = len(events_of(sam))
    response = _send(
        api, "post", f"/people/{sam.pk}/events", {"at": at, "by": "me", "kind": "talk"}
    )
    assert response.status_code == 422
    assert "between 1900-01-01 and 2199-12-31" in response.json()["detail"]
    assert len(events_of(sam)) == before


@pytest.mark.parametrize("name", ["Sam\nJo", "Jo\r", "Tab\tbed", "\u202eevil", "Line\u2028Sep", ""])
def test_a_name_holds_one_line_of_text(api: Api, sam: Person, name: str) -> None:
    for field in ("name", "me_name"):
        response = _send(api, "patch", f"/people/{sam.pk}", {field: name})
        assert response.status_code == 422, (field, name)
    assert Person.objects.get(pk=sam.pk).name == "Sam"


def test_the_import_form_refuses_a_name_with_a_line_break(
    owner_client: Client, owner: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.csv", b"at,by,to,kind\n2024-03-01,Alex,Sam,talk\n")
    response = owner_client.post(
        "/import/", {"file": upload, "kind": "auto", "person": "Sam\nJo", "me": "Al\nex"}
    )
    assert response.status_code == 400
    assert "one line of text" in response.content.decode()


@pytest.mark.parametrize(
    ("since", "until"),
    [("0001-01-01", "9999-12-31"), ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01")],
)
def test_the_journal_filters_by_any_days(
    owner_client: Client, sam: Person, since: str, until: str
) -> None:
    response = owner_client.get("/journal/", {"since": since, "until": until})
    assert response.status_code == 200
