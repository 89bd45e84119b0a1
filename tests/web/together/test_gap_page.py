"""The perception gap page and its section of the Together page, as Ana, Ben and an outsider."""

from __future__ import annotations

import re
from html import unescape

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import Couple
from tests.web.together.gap_helpers import ANA_SECRET, AS_OF, BEN_SECRET, fill
from twoway.core.together import perception_gap
from twoway.web.ledger import store
from twoway.web.ledger.models import Event, Person, Relationship
from twoway.web.together import ledgers
from twoway.web.together.gap_views import read


def page(client: Client, user: User, rel: Relationship, **query: str) -> str:
    client.force_login(user)
    response = client.get(
        reverse("gap", args=[rel.person.pk]), {"as_of": AS_OF.isoformat(), **query}
    )
    assert response.status_code == 200
    return unescape(response.content.decode())


def window_row(html: str, span: str) -> list[int]:
    """The numbers of one row of the page's table of stretches (not the chart's own table)."""
    table = html[html.index('<div class="gap-windows"') :]
    row = re.search(rf"<tr><th scope=\"row\">{re.escape(span)}</th>(.*?)</tr>", table)
    assert row, span
    return [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", row.group(1))]


def test_the_gap_counts_exactly_what_each_side_logged(client: Client, couple: Couple) -> None:
    fill(couple)
    html = page(client, couple.ben, couple.ben_side)
    # From Ana (Ana shared, Ben logged, both), then from Ben (Ben logged, Ana shared, both).
    assert window_row(html, "4 May – 31 May 2025") == [3, 2, 1, 2, 1, 1]
    assert window_row(html, "6 Apr – 3 May 2025") == [0, 0, 0, 0, 0, 0]
    gap = read(HttpRequest(), couple.ben_side, AS_OF).gap
    assert gap is not None
    latest = gap.windows[-1]
    assert (latest.to_me.giver, latest.to_me.receiver) == ("Ana", "Ben")
    assert latest.to_me.given == {"support": 2, "gratitude": 1, "kept": 0, "met": 0, "repair": 0}
    assert latest.to_me.received["support"] == 2
    for sentence in gap.sentences:
        assert sentence in html
    assert (
        "Ana shared 3 acts of care given to you (2 acts of support, 1 thank-you); you logged 1 of "
        "the same acts as received, and 2 are not in your log."
    ) in html


def test_the_latest_weeks_list_which_side_noticed_each_act(client: Client, couple: Couple) -> None:
    fill(couple)
    html = page(client, couple.ben, couple.ben_side)
    both = html[html.index("Noticed by both") : html.index("Logged only by you")]
    only_ben = html[html.index("Logged only by you") : html.index("Logged only by Ana")]
    only_ana = html[html.index("Logged only by Ana") : html.index('id="move-h"')]
    assert both.count('<li class="entry">') == 2  # 10 May from Ana, 11 May from Ben
    assert "Ana: walked with him" in both  # her shared note beside his
    assert "You: she walked" in both
    assert only_ben.count('<li class="entry">') == 2  # 25 May from Ana, 18 May from Ben (private)
    assert "from you to Ana" in only_ben
    assert only_ana.count('<li class="entry">') == 2  # 12 May support, 20 May thank-you
    assert "Thank-you" in only_ana


def test_anas_private_entries_never_reach_bens_gap(client: Client, couple: Couple) -> None:
    fill(couple)
    html = page(client, couple.ben, couple.ben_side)
    assert ANA_SECRET not in html
    before = read(HttpRequest(), couple.ben_side, AS_OF).gap
    # More private entries on Ana's side change nothing Ben sees.
    private = Event.objects.filter(relationship=couple.ana_side, shared=False)
    assert private.count() == 3
    for i, e in enumerate(Event.objects.filter(relationship=couple.ana_side, shared=True)):
        e.pk, e.shared, e.key = None, False, ""
        e.fingerprint = f"{e.fingerprint[:56]}copy{i:04d}"
        e.save()
    after = read(HttpRequest(), couple.ben_side, AS_OF).gap
    assert before is not None
    assert after is not None
    assert after.windows == before.windows
    assert after.sentences == before.sentences
    csrf = re.compile(r'"X-CSRFToken": "[^"]*"')
    assert csrf.sub("", page(client, couple.ben, couple.ben_side)) == csrf.sub("", html)


def test_each_side_sees_its_own_writing_and_the_others_shared(
    client: Client, couple: Couple
) -> None:
    fill(couple)
    html = page(client, couple.ana, couple.ana_side)
    assert ANA_SECRET in html  # her own private note, in her own view
    assert BEN_SECRET not in html
    gap = read(HttpRequest(), couple.ana_side, AS_OF).gap
    assert gap is not None
    ana_own = store.relationship_ledger(couple.ana_side)
    ben_shared = ledgers.partner_ledger(couple.ana_side)
    assert ben_shared is not None
    assert (
        len(ben_shared) == Event.objects.filter(relationship=couple.ben_side, shared=True).count()
    )
    assert gap == perception_gap(ana_own, ben_shared, "Ana", "Ben", AS_OF)
    # From Ana's side: care from Ben as Ben shared it (11 May) vs as Ana logged it (11 May).
    assert window_row(html, "4 May – 31 May 2025")[:3] == [1, 1, 1]


def test_the_page_has_a_chart_with_a_table_and_no_inline_style_or_script(
    client: Client, couple: Couple
) -> None:
    fill(couple)
    html = page(client, couple.ben, couple.ben_side)
    # One chart per direction, two series each: you first.
    assert html.index('id="gap-from-you"') < html.index('id="gap-from-them"')
    assert "<svg" in html
    assert '<table class="visually-hidden">' in html
    assert "style=" not in html
    assert "<style" not in html
    assert "<script>" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


def test_whose_move_is_on_the_page(client: Client, couple: Couple) -> None:
    fill(couple)
    html = page(client, couple.ben, couple.ben_side)
    # Moves: Ana's private talk (16 May) is not Ben's to see; her shared one (17 May) and his (19 May) are.
    assert "You made the last move, a conversation, 12 days ago." in html


def test_not_linked_explains_kindly_and_points_to_together(
    owner_client: Client, owner: User
) -> None:
    owner_client.post("/people/new/", {"name": "Kim", "kind": "friend", "me_name": "Alex"})
    kim = Person.objects.get(owner=owner, name="Kim")
    response = owner_client.get(reverse("gap", args=[kim.pk]))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "This needs both of you" in html
    assert "fills in once Kim has an account linked with yours" in html
    assert f'href="{reverse("together", args=[kim.pk])}"' in html
    assert "No one has started a conversation" in html


def test_an_outsider_and_the_partner_get_404_for_someone_elses_person(
    client: Client, couple: Couple, outsider: User
) -> None:
    url = reverse("gap", args=[couple.ana_side.person.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(couple.ben)  # Ben's own person is another pk; Ana's is not his
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_bad_day_is_explained(client: Client, couple: Couple) -> None:
    html = page(client, couple.ben, couple.ben_side, as_of="soon")
    assert "as_of='soon' is not a day" in html


def test_the_together_page_has_the_gap_summary_and_whose_move(
    client: Client, couple: Couple
) -> None:
    fill(couple)
    client.force_login(couple.ben)
    html = unescape(
        client.get(reverse("together", args=[couple.ben_side.person.pk])).content.decode()
    )
    assert "Given and noticed" in html
    assert "Whose move" in html
    assert f'href="{reverse("gap", args=[couple.ben_side.person.pk])}"' in html
    assert ANA_SECRET not in html


def test_the_together_page_before_linking_says_what_the_gap_will_show(
    owner_client: Client, owner: User
) -> None:
    owner_client.post("/people/new/", {"name": "Kim", "kind": "friend", "me_name": "Alex"})
    kim = Person.objects.get(owner=owner, name="Kim")
    html = unescape(owner_client.get(reverse("together", args=[kim.pk])).content.decode())
    assert "Once you and Kim are linked" in html
