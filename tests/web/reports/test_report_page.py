"""The report page: the same analysis as `twoway report`, with its chart, and the self-assessment."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from django.contrib.auth.models import User
from django.test import Client

from twoway.core import analyze
from twoway.render import words
from twoway.web.ledger import store
from twoway.web.ledger.models import Assessment, Event, Person


def test_the_page_shows_what_the_analysis_finds(
    owner_client: Client, demo: dict[str, Person], owner: User
) -> None:
    jordan = demo["Jordan"]
    html = unescape(
        owner_client.get(f"/people/{jordan.pk}/report/?as_of=2025-06-01").content.decode()
    )
    report = analyze(
        store.ledger_for("Jordan", owner), as_of=date(2025, 6, 1), me=jordan.relationship.me_name
    )
    assert words.verdict_headline(report) in html
    assert words.share_sentence(report) in html
    assert report.signals, "the one-sided demo ledger has signals"
    for signal in report.signals:
        assert signal.summary in html
        assert signal.practice in html
    assert html.count('<figure class="chart"') >= 1  # the balance over time, drawn server-side
    assert "<svg" in html


def test_every_count_on_the_page_is_the_analysis_count(
    owner_client: Client, demo: dict[str, Person], owner: User
) -> None:
    """No second implementation: the page shows the core's counts, row by row."""
    sam = demo["Sam"]
    html = unescape(owner_client.get(f"/people/{sam.pk}/report/?as_of=2025-06-01").content.decode())
    report = analyze(
        store.ledger_for("Sam", owner), as_of=date(2025, 6, 1), me=sam.relationship.me_name
    )
    for scope in ("recent", "all"):
        for row in words.count_rows(report, scope):
            cells = "".join(f"<td>{c}</td>" for c in row.cells)
            assert cells in html, (scope, row.label)


def test_a_person_without_entries_gets_a_way_to_start(owner_client: Client, owner: User) -> None:
    owner_client.post("/people/new/", {"name": "Kim", "kind": "friend", "me_name": "Alex"})
    kim = Person.objects.get(owner=owner, name="Kim")
    html = owner_client.get(f"/people/{kim.pk}/report/").content.decode()
    assert "No entries with Kim yet." in html


def test_a_bad_day_is_explained_and_today_shown(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    html = owner_client.get(f"/people/{demo['Sam'].pk}/report/?as_of=yesterday").content.decode()
    assert "is not a day (expected YYYY-MM-DD)" in html


def test_the_self_assessment_is_scored_by_the_core_and_its_trend_shown(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    from twoway.core import assessment

    sam = demo["Sam"]
    answers = dict.fromkeys(assessment.KEYS, 4)
    response = owner_client.post(f"/people/{sam.pk}/assess/", answers)
    assert response["Location"] == f"/people/{sam.pk}/report/"
    saved = Assessment.objects.get(relationship__person=sam)
    assert saved.score == assessment.score(answers)
    html = owner_client.get(f"/people/{sam.pk}/report/").content.decode()
    assert f"{saved.score:.0f} / 100" in html
    assert unescape(assessment.trend([(saved.taken_on, saved.score)]).summary) in unescape(html)


def test_the_assessment_page_says_5_is_always_the_kinder_answer(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    from twoway.core import assessment

    html = unescape(owner_client.get(f"/people/{demo['Sam'].pk}/assess/").content.decode())
    assert assessment.SCALE in html
    assert f"{len(assessment.QUESTIONS)} questions" in html
    for q in assessment.QUESTIONS:
        assert f"1: {q.low} · 5: {q.high}" in html


def test_the_assessment_trend_is_drawn_in_your_colour_on_both_pages(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    from twoway.render.sides import LIGHT

    sam = demo["Sam"]
    rel = sam.relationship
    for day, score in ((date(2025, 1, 5), 40.6), (date(2025, 3, 2), 62.5)):
        Assessment.objects.create(relationship=rel, taken_on=day, answers={}, score=score)
    for url in (f"/people/{sam.pk}/report/", f"/people/{sam.pk}/assess/"):
        html = unescape(owner_client.get(url).content.decode())
        (figure,) = re.findall(r'<figure class="chart" id="assess-assessment">.*?</figure>', html)
        assert "Your self-assessment over time" in figure
        assert 'class="line p0"' in figure
        assert f'stroke="{LIGHT[0]}"' in figure
        assert LIGHT[1] not in figure
        assert "from 41 on 5 Jan 2025 to 62 on 2 Mar 2025" in figure


def test_one_assessment_draws_no_trend(owner_client: Client, demo: dict[str, Person]) -> None:
    sam = demo["Sam"]
    Assessment.objects.create(
        relationship=sam.relationship, taken_on=date(2025, 1, 5), answers={}, score=50.0
    )
    assert "assess-assessment" not in owner_client.get(f"/people/{sam.pk}/report/").content.decode()


def test_an_incomplete_assessment_stores_nothing(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    sam = demo["Sam"]
    response = owner_client.post(f"/people/{sam.pk}/assess/", {"energy": 3})
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_a_signals_evidence_is_the_entries_in_words_each_linked_in_the_journal(
    owner_client: Client, demo: dict[str, Person], owner: User
) -> None:
    jordan = demo["Jordan"]
    html = unescape(
        owner_client.get(f"/people/{jordan.pk}/report/?as_of=2025-06-01").content.decode()
    )
    assert "Entries behind this: " in html
    assert "Events behind this" not in html
    assert "<code>" not in html  # no ledger id, no row number
    links = re.findall(
        r'<a href="(/journal/\?[^"]+#entry-(\d+))">(your|Jordan\'s) ([^<]+)</a>', html
    )
    assert links
    for href, pk, whose, what in links:
        row = Event.objects.get(pk=int(pk), relationship__owner=owner)
        assert (whose == "your") == row.by_me
        assert what.endswith(f"on {row.at.day} {row.at:%b %Y}")
        assert f'id="entry-{pk}"' in owner_client.get(href).content.decode()
