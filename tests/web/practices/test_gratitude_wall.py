"""The gratitude wall: thanks both ways, the partner's shared ones only, and adding one."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import Couple
from twoway.core.events import Event
from twoway.web.ledger.models import Event as EventRow
from twoway.web.ledger.models import Person, Relationship
from twoway.web.ledger.writing import add_event
from twoway.web.together.ledgers import visible_ledger

DAY = datetime(2025, 5, 1, 9, 0)


def thank(user: User, person: str, by: str, to: str, note: str, **kw: object) -> None:
    """A gratitude entry written by `user` in their ledger with `person`."""
    at = kw.pop("at", DAY)
    add_event(person, Event(at=at, by=by, to=to, kind="gratitude", note=note), owner=user, **kw)


def wall(client: Client, user: User, person_pk: int, page: int = 1) -> str:
    client.force_login(user)
    response = client.get(f"/people/{person_pk}/gratitude/?page={page}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_wall_shows_thanks_both_ways_from_both_ledgers(client: Client, couple: Couple) -> None:
    thank(couple.ana, "Ben", "Ana", "Ben", "you fixed my bike before the rain")
    thank(couple.ben, "Ana", "Ben", "Ana", "thanks for the soup when I was ill")
    thank(
        couple.ben, "Ana", "Ana", "Ben", "Ana booked the dentist for me", at=DAY + timedelta(days=1)
    )
    html = wall(client, couple.ana, couple.ana_side.person_id)
    assert "you fixed my bike before the rain" in html
    assert "thanks for the soup when I was ill" in html
    assert "Ana booked the dentist for me" in html
    # Ben's "I thanked Ana" is "Ben thanked you" on Ana's wall, and the other way round.
    assert html.count("Ben thanked you") == 1
    assert html.count("You thanked Ben") == 2
    assert html.count("From Ben’s side") == 2


def cards_on(html: str) -> list[str]:
    """The wall's cards, each as its text on one line."""
    found = re.findall(r'<li class="entry thanks[^"]*">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in found]


def test_an_act_both_logged_is_one_card_with_both_sides_words(
    client: Client, couple: Couple
) -> None:
    # Ana thanked Ben in the morning and logged it; Ben logged the same thanks that night.
    thank(couple.ana, "Ben", "Ana", "Ben", "the bike, before the rain")
    thank(couple.ben, "Ana", "Ana", "Ben", "", at=DAY.replace(hour=21))
    # Ben thanked Ana twice that day; Ana logged one, without words; Ben logged both.
    thank(couple.ana, "Ben", "Ben", "Ana", "", at=DAY.replace(hour=12))
    thank(couple.ben, "Ana", "Ben", "Ana", "the soup", at=DAY.replace(hour=11))
    thank(couple.ben, "Ana", "Ben", "Ana", "the lift", at=DAY.replace(hour=18))
    ana = cards_on(wall(client, couple.ana, couple.ana_side.person_id))
    assert len(ana) == 3
    assert sum("You thanked Ben" in c for c in ana) == 1
    assert sum("Ben thanked you" in c for c in ana) == 2
    (bike,) = [c for c in ana if "You thanked Ben" in c]
    assert "the bike, before the rain" in bike
    assert "You both logged this" in bike
    assert "No words written down" not in bike
    # Ben's earlier one pairs with Ana's entry (the first with the first); his later one is his alone.
    (soup,) = [c for c in ana if "the soup" in c]
    assert "You both logged this" in soup
    (lift,) = [c for c in ana if "the lift" in c]
    assert "From Ben’s side" in lift
    # Ben's wall: the same three acts from his side.
    ben = cards_on(wall(client, couple.ben, couple.ben_side.person_id))
    assert len(ben) == 3
    assert sum("You both logged this" in c for c in ben) == 2


def test_both_sides_words_are_shown_with_whose_they_are(client: Client, couple: Couple) -> None:
    thank(couple.ana, "Ben", "Ana", "Ben", "the bike")
    thank(couple.ben, "Ana", "Ana", "Ben", "she said thanks for the bike", at=DAY.replace(hour=22))
    (card,) = cards_on(wall(client, couple.ana, couple.ana_side.person_id))
    assert "You: the bike" in card
    assert "Ben: she said thanks for the bike" in card


@pytest.mark.parametrize("seed", range(6))
def test_the_wall_has_one_card_for_each_act_the_report_counts(
    client: Client, couple: Couple, seed: int
) -> None:
    rng = random.Random(seed)
    for _ in range(30):
        user, person, me, them = rng.choice(
            [(couple.ana, "Ben", "Ana", "Ben"), (couple.ben, "Ana", "Ben", "Ana")]
        )
        by, to = (me, them) if rng.random() < 0.5 else (them, me)
        at = DAY + timedelta(days=rng.randrange(5), hours=rng.randrange(12))
        thank(user, person, by, to, rng.choice(["", "words"]), at=at, shared=rng.random() < 0.8)
    for user, rel in ((couple.ana, couple.ana_side), (couple.ben, couple.ben_side)):
        counted = visible_ledger(rel).frame.filter(pl.col("kind") == "gratitude")
        given = counted.filter(pl.col("by") == rel.me_name).height
        html = wall(client, user, rel.person_id)
        if "Page 1 of 2" in html:
            html += wall(client, user, rel.person_id, page=2)
        shown = cards_on(html)
        assert len(shown) == counted.height
        assert sum(c.count(f"You thanked {rel.person.name}") for c in shown) == given


def test_the_partners_private_thanks_never_reach_the_wall(client: Client, couple: Couple) -> None:
    thank(couple.ben, "Ana", "Ben", "Ana", "a private thank-you Ben kept for himself", shared=False)
    thank(couple.ben, "Ana", "Ben", "Ana", "a shared thank-you")
    html = wall(client, couple.ana, couple.ana_side.person_id)
    assert "a shared thank-you" in html
    assert "a private thank-you Ben kept for himself" not in html
    # Ben sees his own private one, marked as his alone.
    html = wall(client, couple.ben, couple.ben_side.person_id)
    assert "a private thank-you Ben kept for himself" in html
    assert "Only you see this" in html


def test_newest_first_and_paginated(client: Client, couple: Couple) -> None:
    for n in range(25):
        thank(couple.ana, "Ben", "Ana", "Ben", f"thanks number {n:02}", at=DAY + timedelta(days=n))
    first = wall(client, couple.ana, couple.ana_side.person_id)
    assert first.index("thanks number 24") < first.index("thanks number 23")
    assert "thanks number 00" not in first
    assert "Page 1 of 2" in first
    assert "thanks number 00" in wall(client, couple.ana, couple.ana_side.person_id, page=2)


def test_adding_thanks_writes_a_shared_gratitude_event_by_me(
    client: Client, couple: Couple
) -> None:
    client.force_login(couple.ana)
    url = f"/people/{couple.ana_side.person_id}/gratitude/"
    page = client.get(url).content.decode()
    assert "Share with Ben" in page
    assert "Only me" in page
    response = client.post(url, {"note": "  you waited up for my late train ", "share": "shared"})
    assert response.status_code == 302
    (event,) = EventRow.objects.filter(relationship=couple.ana_side)
    assert (event.kind, event.by_me, event.shared, event.note) == (
        "gratitude",
        True,
        True,
        "you waited up for my late train",
    )
    # Ben sees it as Ana's thanks to him.
    html = wall(client, couple.ben, couple.ben_side.person_id)
    assert "you waited up for my late train" in html
    assert "Ana thanked you" in html


def test_thanks_kept_to_myself_stay_off_the_partners_wall(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    url = f"/people/{couple.ana_side.person_id}/gratitude/"
    client.post(url, {"note": "just for my own record", "share": "private"})
    assert EventRow.objects.get(relationship=couple.ana_side).shared is False
    assert "just for my own record" not in wall(client, couple.ben, couple.ben_side.person_id)


def test_the_note_is_required(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    response = client.post(
        f"/people/{couple.ana_side.person_id}/gratitude/", {"note": "  ", "share": "shared"}
    )
    assert response.status_code == 400
    assert "Write a few words about what they did." in response.content.decode()
    assert not EventRow.objects.exists()


def test_without_a_link_the_wall_is_your_own_list(owner_client: Client, owner: User) -> None:
    sam = Person.objects.create(owner=owner, name="Sam")
    rel = Relationship.objects.create(owner=owner, person=sam, kind="friend", me_name="Alex")
    url = f"/people/{sam.pk}/gratitude/"
    page = owner_client.get(url).content.decode()
    assert "yours alone for now" in page
    assert "Share with" not in page
    response = owner_client.post(url, {"note": "Sam lent me the tent"})
    assert response.status_code == 302
    event = EventRow.objects.get(relationship=rel)
    assert (event.kind, event.by_me, event.shared) == ("gratitude", True, False)
    assert "Sam lent me the tent" in owner_client.get(url).content.decode()


def test_someone_elses_wall_is_a_404(client: Client, couple: Couple, outsider: User) -> None:
    thank(couple.ana, "Ben", "Ana", "Ben", "secret")
    url = f"/people/{couple.ana_side.person_id}/gratitude/"
    for user in (couple.ben, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"note": "sneaky"}).status_code == 404
    assert not EventRow.objects.filter(note="sneaky").exists()


def test_signed_out_visitors_are_sent_to_log_in(client: Client, couple: Couple) -> None:
    response = client.get(f"/people/{couple.ana_side.person_id}/gratitude/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_linked_without_a_choice_the_thanks_is_shared_by_its_kind(
    client: Client, couple: Couple
) -> None:
    client.force_login(couple.ana)
    client.post(f"/people/{couple.ana_side.person_id}/gratitude/", {"note": "the lift home"})
    assert EventRow.objects.get(relationship=couple.ana_side).shared is True
