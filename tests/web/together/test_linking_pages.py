"""Linking through the pages: invite, join by link or by typed code, unlink from either side."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD, Couple
from twoway.core.events import Event
from twoway.web.ledger import store
from twoway.web.ledger.models import Event as EventRow
from twoway.web.ledger.models import Person, Relationship
from twoway.web.together.models import Invitation

CODE = re.compile(r'id="invite-code">([A-Z2-9]{5}-[A-Z2-9]{5})<')
LINK = re.compile(r'id="invite-link">(http://testserver/together/join/[A-Z2-9-]+/)<')


@pytest.fixture
def ana(db: None, django_user_model: type[User]) -> User:
    user = django_user_model.objects.create_user(username="ana", password=PASSWORD)
    person = Person.objects.create(owner=user, name="Ben")
    Relationship.objects.create(owner=user, person=person, kind="partner", me_name="Ana")
    return user


@pytest.fixture
def ben(db: None, django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(username="ben", password=PASSWORD)


def text(response: HttpResponse) -> str:
    """A page's HTML with its character references read (`&#x27;` and `&#39;` are `'`)."""
    return html.unescape(response.content.decode())


def anas_ben(ana: User) -> Person:
    return Person.objects.get(owner=ana, name="Ben")


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(ana: User) -> tuple[str, str]:
    """Ana invites her Ben; returns the link and the code shown."""
    response = as_user(ana).post(reverse("invite", args=[anas_ben(ana).pk]))
    html = response.content.decode()
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    link, code = LINK.search(html), CODE.search(html)
    assert link, html
    assert code, html
    return link.group(1), code.group(1)


def test_not_linked_the_page_says_what_linking_means_and_offers_an_invitation(ana: User) -> None:
    html = as_user(ana).get(reverse("together", args=[anas_ben(ana).pk])).content.decode()
    assert "Link with Ben" in html
    assert "seen by both of you" in html
    assert "seen by you alone" in html
    assert "before linking stays private" in html
    assert "Invite Ben" in html


def test_the_code_is_shown_once_with_its_expiry(ana: User) -> None:
    link, code = invite(ana)
    assert link.endswith(f"/together/join/{code}/")
    again = as_user(ana).get(reverse("together", args=[anas_ben(ana).pk])).content.decode()
    assert code not in again
    assert "An invitation for Ben is waiting until" in again
    assert "Make a new code" in again


def test_withdrawing_an_invitation_stops_its_code(ana: User, ben: User) -> None:
    link, _ = invite(ana)
    as_user(ana).post(reverse("invite_cancel", args=[anas_ben(ana).pk]))
    assert not Invitation.objects.exists()
    response = as_user(ben).get(link)
    assert response.status_code == 404
    assert "doesn't match any invitation" in text(response)


def test_joining_by_link_adds_the_inviter_as_someone_new_and_links_both_ways(
    ana: User, ben: User
) -> None:
    link, _ = invite(ana)
    client = as_user(ben)
    page = client.get(link).content.decode()
    # Defaults come from the inviter's side: their name there, yours there, the kind.
    assert 'value="Ana"' in page
    assert 'value="Ben"' in page
    assert '<option value="partner" selected>' in page
    response = client.post(
        link, {"who": "new", "name": "Ana", "me_name": "Ben", "kind": "partner"}, follow=True
    )
    html = response.content.decode()
    bens_ana = Person.objects.get(owner=ben, name="Ana")
    assert response.redirect_chain[-1][0] == reverse("together", args=[bens_ana.pk])
    assert "You and ana are linked" in html
    assert "Linked with ana" in html
    ana_side = anas_ben(ana).relationship
    assert ana_side.linked == bens_ana.relationship
    assert bens_ana.relationship.linked == ana_side
    ana_page = as_user(ana).get(reverse("together", args=[anas_ben(ana).pk])).content.decode()
    assert "Linked with ben" in ana_page


def test_joining_by_typed_code_links_an_existing_person(ana: User, ben: User) -> None:
    mine = Person.objects.create(owner=ben, name="Ana")
    Relationship.objects.create(owner=ben, person=mine, kind="partner", me_name="Ben")
    _, code = invite(ana)
    client = as_user(ben)
    typed = code.lower().replace("-", "")
    response = client.post(reverse("join"), {"code": typed})
    assert response["Location"] == reverse("join_code", args=[code])
    page = client.get(response["Location"]).content.decode()
    # Ben's Ana has the inviter's name there: she is chosen already.
    assert re.search(rf'value="{mine.pk}"[^>]* checked>', page)
    client.post(response["Location"], {"who": str(mine.pk), "kind": "partner"})
    mine.relationship.refresh_from_db()
    assert mine.relationship.linked == anas_ben(ana).relationship


@pytest.mark.parametrize(
    ("typed", "status", "says"),
    [
        ("ABCDE-FGHJK", 404, "doesn't match any invitation"),
        ("abc", 400, "A code has 10 letters and digits; this one has 3"),
    ],
)
def test_a_wrong_typed_code_says_what_is_wrong_and_what_to_do(
    ana: User, ben: User, typed: str, status: int, says: str
) -> None:
    invite(ana)
    response = as_user(ben).post(reverse("join"), {"code": typed})
    assert response.status_code == 400  # the form comes back with the reason
    assert says in text(response)
    assert "Check it against the message you were sent" in text(response)
    direct = as_user(ben).get(reverse("join_code", args=[typed]))
    assert direct.status_code == status
    assert says.split(";")[0] in text(direct)


def test_a_used_link_is_refused_kindly(ana: User, ben: User, django_user_model: type[User]) -> None:
    link, _ = invite(ana)
    as_user(ben).post(link, {"who": "new", "name": "Ana", "me_name": "Ben", "kind": "partner"})
    cleo = django_user_model.objects.create_user(username="cleo")
    response = as_user(cleo).get(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    refused = as_user(cleo).post(
        link, {"who": "new", "name": "Ana", "me_name": "Cleo", "kind": "friend"}
    )
    assert refused.status_code == 410
    assert not Person.objects.filter(owner=cleo).exists()


def test_your_own_link_is_refused_kindly(ana: User) -> None:
    link, _ = invite(ana)
    response = as_user(ana).get(link)
    assert response.status_code == 409
    assert "your own invitation for Ben" in response.content.decode()


def test_not_signed_in_you_log_in_and_come_back(ana: User, ben: User, client: Client) -> None:
    link, _ = invite(ana)
    path = link.removeprefix("http://testserver")
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next={path}"
    html = response.content.decode()
    assert "to accept the invitation" in html
    assert f'name="next" value="{path}"' in html
    back = client.post(reverse("login"), {"username": "ben", "password": PASSWORD, "next": path})
    assert back["Location"] == path


def test_not_signed_in_you_can_sign_up_and_come_back(
    ana: User, client: Client, settings: object
) -> None:
    link, _ = invite(ana)
    path = link.removeprefix("http://testserver")
    login_page = client.get(f"{reverse('login')}?next={path}").content.decode()
    assert f'href="{reverse("signup")}?next={path}"' in login_page
    signup_page = client.get(f"{reverse('signup')}?next={path}").content.decode()
    assert f'name="next" value="{path}"' in signup_page
    response = client.post(
        reverse("signup"),
        {
            "username": "cleo",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": path,
        },
    )
    assert response["Location"] == path
    assert "Link with ana" in client.get(path).content.decode()


def test_sign_up_ignores_a_next_of_another_site(client: Client, db: None) -> None:
    response = client.post(
        reverse("signup"),
        {
            "username": "cleo",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://elsewhere.example/",
        },
    )
    assert response["Location"] == reverse("people")


def entries(couple: Couple) -> None:
    """One shared and one private entry on each side."""
    for owner, name, me in ((couple.ana, "Ben", "Ana"), (couple.ben, "Ana", "Ben")):
        at = datetime(2025, 5, 1, 9, 0)
        store.add_event(
            name,
            Event(at, by=me, to=name, kind="support", note=f"{me} shared"),
            owner=owner,
            shared=True,
        )
        store.add_event(
            name,
            Event(at, by=me, to=name, kind="conflict", note=f"{me} secret"),
            owner=owner,
            shared=False,
        )


@pytest.mark.parametrize("who", ["ana", "ben"])
def test_unlinking_from_either_side_keeps_entries_and_removes_access(
    couple: Couple, who: str
) -> None:
    entries(couple)
    ana, ben = as_user(couple.ana), as_user(couple.ben)
    before = ana.get(f"{reverse('journal')}?person={couple.ana_side.person_id}").content.decode()
    assert "Ben shared" in before
    unlinker, rel = (ana, couple.ana_side) if who == "ana" else (ben, couple.ben_side)
    page = unlinker.get(reverse("unlink", args=[rel.person_id]))
    assert "Unlink from" in page.content.decode()
    unconfirmed = unlinker.post(reverse("unlink", args=[rel.person_id]), {})
    assert unconfirmed.status_code == 400
    assert Relationship.objects.get(pk=rel.pk).linked_id is not None
    done = unlinker.post(reverse("unlink", args=[rel.person_id]), {"confirm": "on"}, follow=True)
    assert "no longer linked" in done.content.decode()
    assert not Relationship.objects.filter(linked__isnull=False).exists()
    assert EventRow.objects.filter(relationship=couple.ana_side).count() == 2
    assert EventRow.objects.filter(relationship=couple.ben_side).count() == 2
    for client, theirs, person in (
        (ana, "Ben shared", couple.ana_side.person_id),
        (ben, "Ana shared", couple.ben_side.person_id),
    ):
        for url in (reverse("journal"), f"{reverse('journal')}?person={person}"):
            assert theirs not in client.get(url).content.decode()
        assert "Link with" in client.get(reverse("together", args=[person])).content.decode()


def test_someone_elses_together_pages_are_404(couple: Couple, outsider: User) -> None:
    client = as_user(outsider)
    pk = couple.ana_side.person_id
    assert client.get(reverse("together", args=[pk])).status_code == 404
    assert client.post(reverse("invite", args=[pk])).status_code == 404
    assert client.post(reverse("invite_cancel", args=[pk])).status_code == 404
    assert client.get(reverse("unlink", args=[pk])).status_code == 404
    assert client.post(reverse("unlink", args=[pk]), {"confirm": "on"}).status_code == 404
    assert Relationship.objects.get(pk=couple.ana_side.pk).linked_id == couple.ben_side.pk
