"""Role reversal: the pair's exercise; the other's side stays unread until yours is written."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.web.conftest import Couple
from twoway.web.ledger.models import Person, Relationship
from twoway.web.practices.models import RoleReversal, RoleReversalSide

ANAS = "Ben probably felt rushed, as if his evening was planned without him."
BENS = "Ana likely felt alone with the planning, and tired of asking."


def list_url(person_pk: int) -> str:
    return f"/people/{person_pk}/role-reversal/"


def detail_url(person_pk: int, exercise: RoleReversal) -> str:
    return f"/people/{person_pk}/role-reversal/{exercise.pk}/"


def propose(client: Client, couple: Couple) -> RoleReversal:
    client.force_login(couple.ana)
    response = client.post(
        list_url(couple.ana_side.person_id), {"situation": "Friday's dinner plans"}
    )
    exercise = RoleReversal.objects.get()
    assert response["Location"] == detail_url(couple.ana_side.person_id, exercise)
    return exercise


def test_a_proposed_exercise_belongs_to_the_pair_and_both_see_it(
    client: Client, couple: Couple
) -> None:
    exercise = propose(client, couple)
    assert exercise.home_id == min(couple.ana_side.pk, couple.ben_side.pk)
    client.force_login(couple.ben)
    html = client.get(list_url(couple.ben_side.person_id)).content.decode()
    assert "Friday&#39;s dinner plans" in html
    assert "Nobody has written yet" in html
    assert client.get(detail_url(couple.ben_side.person_id, exercise)).status_code == 200


def test_the_other_side_is_hidden_until_both_have_written(client: Client, couple: Couple) -> None:
    exercise = propose(client, couple)
    ana_url = detail_url(couple.ana_side.person_id, exercise)
    ben_url = detail_url(couple.ben_side.person_id, exercise)
    client.force_login(couple.ana)
    assert client.post(ana_url, {"text": ANAS}).status_code == 302

    # Ben knows Ana has written, not what.
    client.force_login(couple.ben)
    html = client.get(ben_url).content.decode()
    assert "Ana has already written" in html
    assert ANAS not in html
    # Ana sees her own side, and waits for Ben's.
    client.force_login(couple.ana)
    html = client.get(ana_url).content.decode()
    assert ANAS in html
    assert "Ben has not written their side yet" in html

    client.force_login(couple.ben)
    client.post(ben_url, {"text": BENS})
    for user, page in ((couple.ana, ana_url), (couple.ben, ben_url)):
        client.force_login(user)
        html = client.get(page).content.decode()
        assert ANAS in html
        assert BENS in html
        assert "Both sides" in html
        assert "Reflect:" in html
        assert "Validate:" in html
    client.force_login(couple.ana)
    listed = client.get(list_url(couple.ana_side.person_id)).content.decode()
    assert "ready to compare" in listed


def test_before_writing_no_query_reads_the_others_text(client: Client, couple: Couple) -> None:
    exercise = propose(client, couple)
    RoleReversalSide.objects.create(exercise=exercise, writer=couple.ana_side, text=ANAS)
    client.force_login(couple.ben)
    with CaptureQueriesContext(connection) as queries:
        client.get(detail_url(couple.ben_side.person_id, exercise))
    sides = [q["sql"] for q in queries if "practices_rolereversalside" in q["sql"]]
    assert any(f'"writer_id" = {couple.ana_side.pk}' in sql for sql in sides)  # whether she wrote
    reads = [sql for sql in sides if '"practices_rolereversalside"."text"' in sql]
    # The only text read is Ben's own (none yet): always filtered by him as the writer.
    assert reads
    assert all(f'"writer_id" = {couple.ben_side.pk}' in sql for sql in reads)


def test_each_side_is_written_once(client: Client, couple: Couple) -> None:
    exercise = propose(client, couple)
    url = detail_url(couple.ana_side.person_id, exercise)
    client.post(url, {"text": ANAS})
    response = client.post(url, {"text": "a second try"}, follow=True)
    assert "Your side is already written." in response.content.decode()
    assert [s.text for s in RoleReversalSide.objects.all()] == [ANAS]


def test_a_side_needs_words(client: Client, couple: Couple) -> None:
    exercise = propose(client, couple)
    response = client.post(detail_url(couple.ana_side.person_id, exercise), {"text": "  "})
    assert response.status_code == 400
    assert not RoleReversalSide.objects.exists()


def test_outsiders_and_guessed_ids_get_a_404(
    client: Client, couple: Couple, outsider: User
) -> None:
    exercise = propose(client, couple)
    RoleReversalSide.objects.create(exercise=exercise, writer=couple.ana_side, text=ANAS)
    outsiders_person = Person.objects.get(owner=outsider).pk
    client.force_login(outsider)
    for person in (couple.ana_side.person_id, couple.ben_side.person_id, outsiders_person):
        assert client.get(detail_url(person, exercise)).status_code == 404
        assert client.post(detail_url(person, exercise), {"text": "mine"}).status_code == 404
    assert exercise.situation not in client.get(list_url(outsiders_person)).content.decode()
    # Ben reaches it through his own person only.
    client.force_login(couple.ben)
    assert client.get(detail_url(couple.ana_side.person_id, exercise)).status_code == 404
    assert RoleReversalSide.objects.count() == 1


def test_an_exercise_of_another_pair_is_not_reachable_from_yours(
    client: Client, couple: Couple, outsider: User
) -> None:
    theirs = RoleReversal.objects.create(
        home=Relationship.objects.get(owner=outsider), situation="their own business"
    )
    client.force_login(couple.ana)
    assert client.get(detail_url(couple.ana_side.person_id, theirs)).status_code == 404
    html = client.get(list_url(couple.ana_side.person_id)).content.decode()
    assert "their own business" not in html


def test_after_unlinking_the_partners_exercise_is_out_of_reach(
    client: Client, couple: Couple
) -> None:
    from twoway.web.together import linking

    exercise = RoleReversal.objects.create(home=couple.ben_side, situation="Ben's proposal")
    client.force_login(couple.ana)
    assert client.get(detail_url(couple.ana_side.person_id, exercise)).status_code == 200
    linking.unlink(couple.ana_side)
    assert client.get(detail_url(couple.ana_side.person_id, exercise)).status_code == 404


def test_alone_it_says_it_works_best_with_both_and_still_takes_your_side(
    owner_client: Client, owner: User
) -> None:
    sam = Person.objects.create(owner=owner, name="Sam")
    rel = Relationship.objects.create(owner=owner, person=sam, kind="friend", me_name="Alex")
    html = owner_client.get(list_url(sam.pk)).content.decode()
    assert "works best with both of you" in html
    owner_client.post(list_url(sam.pk), {"situation": "the move"})
    exercise = RoleReversal.objects.get()
    assert exercise.home == rel
    owner_client.post(detail_url(sam.pk, exercise), {"text": "Sam felt left out of the move."})
    html = owner_client.get(detail_url(sam.pk, exercise)).content.decode()
    assert "Sam felt left out of the move." in html
    assert "link your accounts" in html
