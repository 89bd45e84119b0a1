"""The report of a linked relationship: both sides' shared entries, each act once, nothing private."""

from __future__ import annotations

import re
from html import unescape

from django.test import Client
from django.urls import reverse

from tests.web.conftest import Couple
from tests.web.together.gap_helpers import ANA_SECRET, AS_OF, BEN_SECRET, fill
from twoway.core import analyze
from twoway.core.events import Event as CoreEvent
from twoway.core.ledger import Ledger, evidence_keys, ledger_from_events
from twoway.core.together import PARTNER_PREFIX, combine
from twoway.render import words
from twoway.web.api.tokens import issue_token
from twoway.web.ledger import store
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.models import Event, Relationship
from twoway.web.together import access, ledgers, linking


def by_hand(rel: Relationship) -> Ledger:
    """The owner's ledger plus the partner's shared rows, read here through the ORM, not the store."""
    me, them = rel.me_name, rel.person.name
    rows = list(access.partner_shared_events(rel).order_by("at", "pk"))
    theirs = ledger_from_events(
        [
            CoreEvent(
                at=floating(e.at),
                by=them if e.by_me else me,
                to=me if e.by_me else them,
                kind=e.kind,
                value=e.value,
                note=e.note,
            )
            for e in rows
        ],
        keys=[f"#{e.pk}" for e in rows],
        people=(me, them),
    )
    return combine(store.relationship_ledger(rel), theirs)


def test_the_report_page_is_the_analysis_of_the_combined_ledger(
    client: Client, couple: Couple
) -> None:
    fill(couple)
    client.force_login(couple.ben)
    pk = couple.ben_side.person.pk
    html = unescape(client.get(f"/people/{pk}/report/?as_of={AS_OF}").content.decode())
    report = analyze(by_hand(couple.ben_side), as_of=AS_OF, me="Ben")
    assert (
        report.to_dict()
        == analyze(ledgers.visible_ledger(couple.ben_side), as_of=AS_OF, me="Ben").to_dict()
    )
    assert f"{report.events} entries" in html
    assert words.share_sentence(report) in html
    for scope in ("recent", "all"):
        for row in words.count_rows(report, scope):
            assert "".join(f"<td>{c}</td>" for c in row.cells) in html, (scope, row.label)


def test_an_act_both_logged_counts_once_and_private_ones_not_at_all(couple: Couple) -> None:
    fill(couple)
    report = analyze(ledgers.visible_ledger(couple.ben_side), as_of=AS_OF, me="Ben")
    # Ana's support as Ben sees it: 10 May (both logged it), 12 May (hers), 25 May (his).
    # Her private 14 May support is not his to see.
    assert report.counts["all"]["Ana"].support["total"] == 3
    assert report.counts["all"]["Ana"].gratitude == 1  # 20 May shared; 15 May private
    assert report.counts["all"]["Ben"].support["total"] == 2  # 11 May (both), 18 May (his)
    assert report.counts["all"]["Ana"].initiations["talk"] == 1  # 17 May shared; 16 May private
    # Ana's own view counts her private entries and Ben's shared ones, not his private one.
    mine = analyze(ledgers.visible_ledger(couple.ana_side), as_of=AS_OF, me="Ana")
    assert mine.counts["all"]["Ana"].support["total"] == 4  # 10, 12, 14 May and Ben's 25 May
    assert mine.counts["all"]["Ben"].support["total"] == 1  # 11 May, logged by both


def test_anas_private_notes_and_edit_pages_never_show_on_bens_report(
    client: Client, couple: Couple
) -> None:
    fill(couple)
    client.force_login(couple.ben)
    html = client.get(f"/people/{couple.ben_side.person.pk}/report/?as_of={AS_OF}").content
    text = unescape(html.decode())
    assert ANA_SECRET not in text
    for e in Event.objects.filter(relationship=couple.ana_side):
        assert reverse("event_edit", args=[e.pk]) not in text
        assert reverse("event_delete", args=[e.pk]) not in text
    # Evidence keys (what a signal lists) name the partner's rows as theirs, never as one of
    # Ben's own rows: a key of Ben's own is the only kind that could lead to an edit page.
    own = {f"#{pk}" for pk in couple.ben_side.events.values_list("pk", flat=True)}
    keys = evidence_keys(ledgers.visible_ledger(couple.ben_side).frame, 100)
    theirs = [k for k in keys if k not in own]
    assert len(theirs) == access.partner_shared_events(couple.ben_side).count() - 2  # 2 both logged
    assert all(k.startswith(f"{PARTNER_PREFIX}#") for k in theirs)
    for key in re.findall(r"<code>([^<]*)</code>", text):
        assert key in own or key.startswith(PARTNER_PREFIX), key


def test_the_api_report_counts_both_sides_once_and_nothing_private(
    client: Client, couple: Couple
) -> None:
    fill(couple)
    token = issue_token(couple.ben, "tests")[1]
    response = client.get(
        f"/api/people/{couple.ben_side.person.pk}/report",
        {"as_of": AS_OF.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body == analyze(by_hand(couple.ben_side), as_of=AS_OF, me="Ben").to_dict()
    assert body["counts"]["all"]["Ana"]["support"]["total"] == 3
    assert ANA_SECRET not in response.content.decode()
    assert BEN_SECRET not in response.content.decode()  # notes are not part of a report at all


def test_unlinking_takes_the_partners_entries_out_of_the_report(couple: Couple) -> None:
    fill(couple)
    linking.unlink(couple.ben_side)
    couple.ben_side.refresh_from_db()
    report = analyze(ledgers.visible_ledger(couple.ben_side), as_of=AS_OF, me="Ben")
    assert report.events == Event.objects.filter(relationship=couple.ben_side).count()
    assert report.counts["all"]["Ana"].support["total"] == 2  # only what Ben logged
