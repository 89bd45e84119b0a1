"""Invitations: a one-time code that expires, stored as a hash, refused kindly when it can't be used."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.web.conftest import Couple
from twoway.web.ledger.models import Person, Relationship
from twoway.web.together import invitations
from twoway.web.together.invitations import InvitationError, NewPerson
from twoway.web.together.models import Invitation


def side(user: User, name: str, me: str, kind: str = "partner") -> Relationship:
    """`user`'s relationship with a new person `name`."""
    person = Person.objects.create(owner=user, name=name)
    return Relationship.objects.create(owner=user, person=person, kind=kind, me_name=me)


@pytest.fixture
def ana(db: None, django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(username="ana")


@pytest.fixture
def ben(db: None, django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(username="ben")


@pytest.fixture
def anas_ben(ana: User) -> Relationship:
    return side(ana, "Ben", "Ana")


def test_a_code_is_ten_unambiguous_characters_shown_in_two_halves(anas_ben: Relationship) -> None:
    issued = invitations.invite(anas_ben)
    first, second = issued.code.split("-")
    assert len(first) == len(second) == 5
    assert not set(first + second) & set("0O1IL")
    assert set(first + second) <= set(invitations.ALPHABET)


def test_only_the_sha256_of_the_code_is_stored(anas_ben: Relationship) -> None:
    issued = invitations.invite(anas_ben)
    (row,) = Invitation.objects.all()
    plain = issued.code.replace("-", "")
    assert row.code_hash == hashlib.sha256(plain.encode()).hexdigest()
    stored = {str(v) for v in Invitation.objects.values_list(flat=False).get()}
    assert not any(plain in v or issued.code in v for v in stored)


def test_it_expires_after_72_hours(anas_ben: Relationship) -> None:
    now = timezone.now()
    issued = invitations.invite(anas_ben, now=now)
    assert timedelta(hours=72) == invitations.EXPIRES_AFTER
    assert issued.expires == now + timedelta(hours=72)


def test_typing_the_code_ignores_case_dashes_and_spaces(anas_ben: Relationship, ben: User) -> None:
    code = invitations.invite(anas_ben).code
    typed = f" {code.lower().replace('-', ' ')} "
    assert invitations.find(typed, ben).relationship == anas_ben
    assert invitations.find(code.replace("-", ""), ben).relationship == anas_ben


def test_a_new_invitation_removes_the_earlier_unaccepted_one(
    anas_ben: Relationship, ben: User
) -> None:
    old = invitations.invite(anas_ben).code
    new = invitations.invite(anas_ben).code
    assert Invitation.objects.count() == 1
    with pytest.raises(InvitationError, match="doesn't match any invitation"):
        invitations.find(old, ben)
    assert invitations.find(new, ben)


def test_accepting_links_both_sides_with_a_new_person_and_uses_the_code(
    anas_ben: Relationship, ben: User
) -> None:
    code = invitations.invite(anas_ben).code
    mine = invitations.accept(code, ben, new=NewPerson("Ana", "Ben", "partner"))
    anas_ben.refresh_from_db()
    assert (mine.owner, mine.person.name) == (ben, "Ana")
    assert (anas_ben.linked, mine.linked) == (mine, anas_ben)
    assert Invitation.objects.get().accepted is not None


def test_accepting_links_an_existing_person(anas_ben: Relationship, ben: User) -> None:
    bens_ana = side(ben, "Ana", "Ben")
    code = invitations.invite(anas_ben).code
    assert invitations.accept(code, ben, person=bens_ana.person) == bens_ana
    bens_ana.refresh_from_db()
    assert bens_ana.linked == anas_ben


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("ABCDE-FGHJK", "doesn't match any invitation"),
        ("ABCD", "A code has 10 letters and digits"),
        ("ABCDE-FGHJ0", "A code has 10 letters and digits"),
    ],
)
def test_an_unknown_or_misshapen_code_is_refused_in_words(
    anas_ben: Relationship, ben: User, typed: str, says: str
) -> None:
    invitations.invite(anas_ben)
    with pytest.raises(InvitationError, match=says):
        invitations.accept(typed, ben, new=NewPerson("Ana", "Ben", "partner"))
    assert not Person.objects.filter(owner=ben).exists()


def test_an_expired_code_is_refused_and_says_to_ask_for_a_new_one(
    anas_ben: Relationship, ben: User
) -> None:
    code = invitations.invite(anas_ben, now=timezone.now() - timedelta(hours=73)).code
    with pytest.raises(InvitationError, match=r"expired.*ask Ana for a new one") as caught:
        invitations.accept(code, ben, new=NewPerson("Ana", "Ben", "partner"))
    assert caught.value.status == 410
    assert Relationship.objects.get(pk=anas_ben.pk).linked is None


def test_a_code_works_once(
    anas_ben: Relationship, ben: User, django_user_model: type[User]
) -> None:
    code = invitations.invite(anas_ben).code
    invitations.accept(code, ben, new=NewPerson("Ana", "Ben", "partner"))
    cleo = django_user_model.objects.create_user(username="cleo")
    with pytest.raises(InvitationError, match="already been used"):
        invitations.accept(code, cleo, new=NewPerson("Ana", "Cleo", "friend"))
    assert not Person.objects.filter(owner=cleo).exists()


def test_your_own_code_is_refused(anas_ben: Relationship, ana: User) -> None:
    code = invitations.invite(anas_ben).code
    with pytest.raises(InvitationError, match="your own invitation for Ben"):
        invitations.accept(code, ana, new=NewPerson("Ana2", "Ana", "partner"))


def test_a_person_of_yours_already_linked_is_refused(
    couple: Couple, django_user_model: type[User]
) -> None:
    cleo = django_user_model.objects.create_user(username="cleo")
    code = invitations.invite(side(cleo, "Ben", "Cleo", "friend")).code
    with pytest.raises(InvitationError, match="already linked"):
        invitations.accept(code, couple.ben, person=couple.ben_side.person)
    assert Relationship.objects.get(pk=couple.ben_side.pk).linked_id == couple.ana_side.pk


def test_an_inviter_already_linked_is_refused(
    couple: Couple, django_user_model: type[User]
) -> None:
    # Ana invited from her "Ben" journal, then linked it another way before the code was used.
    Relationship.objects.filter(pk__in=[couple.ana_side.pk, couple.ben_side.pk]).update(linked=None)
    code = invitations.invite(Relationship.objects.get(pk=couple.ana_side.pk)).code
    from twoway.web.together import linking

    linking.link(
        Relationship.objects.get(pk=couple.ana_side.pk),
        Relationship.objects.get(pk=couple.ben_side.pk),
    )
    cleo = django_user_model.objects.create_user(username="cleo")
    with pytest.raises(InvitationError, match="already linked with another account"):
        invitations.accept(code, cleo, new=NewPerson("Ana", "Cleo", "friend"))


def test_you_cannot_link_a_second_journal_with_the_same_account(couple: Couple) -> None:
    code = invitations.invite(side(couple.ana, "Benjamin", "Ana", "friend")).code
    with pytest.raises(InvitationError, match="already linked with ana through your journal"):
        invitations.accept(code, couple.ben, new=NewPerson("Ana B", "Ben", "friend"))


def test_a_linked_journal_cannot_invite(couple: Couple) -> None:
    with pytest.raises(InvitationError, match="already linked"):
        invitations.invite(couple.ana_side)


def test_a_new_person_whose_name_you_already_use_is_refused(
    anas_ben: Relationship, ben: User
) -> None:
    side(ben, "ana", "Ben", "friend")
    code = invitations.invite(anas_ben).code
    with pytest.raises(InvitationError, match="already have someone called Ana"):
        invitations.accept(code, ben, new=NewPerson("Ana", "Ben", "partner"))
    assert Invitation.objects.get().accepted is None
