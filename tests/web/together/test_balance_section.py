"""The Together page shows the balance verdict and its current stretch, in the report's words."""

from __future__ import annotations

from html import unescape

from django.test import Client
from django.urls import reverse

from tests.web.conftest import Couple
from tests.web.together.gap_helpers import AS_OF, fill
from twoway.core import analyze
from twoway.render import words
from twoway.web.ledger import store


def test_the_together_page_gives_the_verdict_of_the_combined_ledger(
    client: Client, couple: Couple
) -> None:
    fill(couple)
    client.force_login(couple.ben)
    pk = couple.ben_side.person.pk
    html = unescape(client.get(f"{reverse('together', args=[pk])}?as_of={AS_OF}").content.decode())
    report = analyze(store.visible_ledger(couple.ben_side), as_of=AS_OF, me="Ben")
    assert report.balance.stretch is not None
    assert "Balance of support" in html
    assert f"verdict-{report.balance.verdict}" in html
    assert words.verdict_headline(report) in html
    assert report.balance.reason in html
    assert reverse("report", args=[pk]) in html


def test_nothing_logged_yet_shows_no_balance(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    html = client.get(reverse("together", args=[couple.ana_side.person.pk])).content.decode()
    assert html.count("<h2") >= 1  # the page itself renders
    assert "Balance of support" not in html
