"""/api/people/{id}/report: the same analysis, and the same JSON, as `twoway report --json`."""

from __future__ import annotations

import json
from datetime import date

from tests.web.api.api_helpers import Api
from twoway.core import analyze
from twoway.web.ledger import store
from twoway.web.ledger.models import Person


def expected(person: Person, as_of: date) -> object:
    """What `twoway report PERSON --json` prints, parsed."""
    rel = person.relationship
    report = analyze(store.relationship_ledger(rel), as_of, me=rel.me_name)
    return json.loads(json.dumps(report.to_dict(), ensure_ascii=False))


def test_the_report_is_the_cores_analysis_as_of_the_day_asked(api: Api, sam: Person) -> None:
    response = api.get(f"/people/{sam.pk}/report", as_of="2024-03-05")
    assert response.status_code == 200
    body = response.json()
    assert body == expected(sam, date(2024, 3, 5))
    assert (body["as_of"], body["me"], body["events"]) == ("2024-03-05", "Alex", 5)


def test_the_report_looks_from_today_by_default(api: Api, sam: Person, frozen_today: date) -> None:
    body = api.get(f"/people/{sam.pk}/report").json()
    assert body == expected(sam, frozen_today)
    assert body["as_of"] == frozen_today.isoformat()


def test_a_report_without_events_explains_why(api: Api, sam: Person) -> None:
    response = api.get(f"/people/{sam.pk}/report", as_of="2023-01-01")
    assert response.status_code == 422
    assert "no events on or before 2023-01-01" in response.json()["detail"]


def test_a_day_far_outside_the_calendar_is_refused_plainly(api: Api, sam: Person) -> None:
    for day in ("0001-01-01", "9999-12-31"):
        response = api.get(f"/people/{sam.pk}/report", as_of=day)
        assert response.status_code == 422
        assert response.json()["detail"].startswith("as_of: expected a day between")
    assert api.get(f"/people/{sam.pk}/report", as_of="2024-02-30").status_code == 422
