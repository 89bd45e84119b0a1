"""The practices' section of the Together page: latest thanks each way, links, waiting exercises."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import Couple
from twoway.core.events import Event
from twoway.web.ledger.writing import add_event
from twoway.web.practices.models import RoleReversal, RoleReversalSide

DAY = datetime(2025, 5, 1, 9, 0)


def thank(user: User, person: str, by: str, to: str, note: str, days: int, **kw: object) -> None:
    event = Event(at=DAY + timedelta(days=days), by=by, to=to, kind="gratitude", note=note)
    add_event(person, event, owner=user, **kw)


def together(client: Client, user: User, person_pk: int) -> str:
    client.force_login(user)
    response = client.get(f"/people/{person_pk}/together/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_latest_two_thanks_each_way(client: Client, couple: Couple) -> None:
    for n in range(3):
        thank(couple.ana, "Ben", "Ana", "Ben", f"from Ana {n}", n)
        thank(couple.ben, "Ana", "Ben", "Ana", f"from Ben {n}", n)
    thank(couple.ben, "Ana", "Ben", "Ana", "Ben's private thanks", 9, shared=False)
    html = together(client, couple.ana, couple.ana_side.person_id)
    for seen in ("from Ana 2", "from Ana 1", "from Ben 2", "from Ben 1"):
        assert seen in html
    assert "from Ana 0" not in html
    assert "from Ben 0" not in html
    assert "Ben's private thanks" not in html
    assert html.index("Your thanks to Ben") < html.index("from Ana 2")
    assert html.index("Ben’s thanks to you") < html.index("from Ben 2")


def test_links_to_the_three_practices(client: Client, couple: Couple) -> None:
    pk = couple.ana_side.person_id
    html = together(client, couple.ana, pk)
    for path in ("gratitude", "i-statements", "role-reversal"):
        assert f'href="/people/{pk}/{path}/"' in html


def test_role_reversals_waiting_for_your_side(client: Client, couple: Couple) -> None:
    waiting = RoleReversal.objects.create(home=couple.ana_side, situation="the holiday budget")
    done = RoleReversal.objects.create(home=couple.ana_side, situation="the moving boxes")
    RoleReversalSide.objects.create(exercise=waiting, writer=couple.ana_side, text="Ben felt...")
    RoleReversalSide.objects.create(exercise=done, writer=couple.ben_side, text="Ana felt...")
    bens = together(client, couple.ben, couple.ben_side.person_id)
    assert "Waiting for your side" in bens
    assert "the holiday budget" in bens
    assert "Ana has written theirs" in bens
    assert "the moving boxes" not in bens
    anas = together(client, couple.ana, couple.ana_side.person_id)
    assert "the moving boxes" in anas
    assert "the holiday budget" not in anas
    assert "Ben felt..." not in bens  # never the text itself
