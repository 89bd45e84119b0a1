"""Check-ins: starting one, each side's guided part, the ledger events it writes, who sees what."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from twoway.core.rituals import period_of
from twoway.web.ledger.models import Event, Person, Relationship
from twoway.web.rituals import checkins
from twoway.web.rituals.models import CheckIn, CheckInPart, Ritual
from twoway.web.site import clock
from twoway.web.together import access

WEEKLY_ANA = {
    "supported": "You cooked on Tuesday when my deadline ran late",
    "attention": "Time to talk before bed, phones away",
    "progress": "We had two quiet evenings",
    "shared": "on",
}
WEEKLY_BEN = {
    "supported": "You came to the station in the rain",
    "attention": "Planning the weekend together earlier",
    "shared": "on",
}


def start(client: Client, rel: Relationship, cadence: str = "weekly", **extra: str):
    return client.post(
        reverse("checkin_start", args=[rel.person_id]), {"cadence": cadence, **extra}
    )


def page(rel: Relationship, checkin: CheckIn) -> str:
    return reverse("checkin", args=[rel.person_id, checkin.pk])


def kinds(rel: Relationship) -> list[tuple[str, bool, str, str]]:
    """(kind, by me, value, note) of each event in a relationship, in the order written."""
    rows = Event.objects.filter(relationship=rel).order_by("pk")
    return [(e.kind, e.by_me, e.value, e.note) for e in rows]


@pytest.fixture
def alone(owner: User) -> Relationship:
    """The owner's relationship with Sam, who is not on twoway."""
    sam = Person.objects.create(owner=owner, name="Sam")
    return Relationship.objects.create(owner=owner, person=sam, kind="friend", me_name="Alex")


def test_starting_makes_this_periods_check_in_at_the_pairs_home(client: Client, couple):
    client.force_login(couple.ana)
    answer = start(client, couple.ana_side)
    checkin = CheckIn.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == page(couple.ana_side, checkin)
    assert checkin.home == access.home(couple.ana_side)
    assert checkin.started_by == couple.ana_side
    assert checkin.period == period_of("weekly", clock.today())


def test_the_period_is_counted_in_the_rituals_zone(couple, monkeypatch, settings):
    # 23:30 on Sunday 8 March in UTC is already Monday the 9th in Auckland: a new week there.
    settings.TWOWAY_TIME_ZONE = "UTC"
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 8, 23, 30))
    assert checkins.current_period(couple.ana_side, "weekly") == date(2026, 3, 2)
    Ritual.objects.create(
        relationship=access.home(couple.ana_side),
        cadence="weekly",
        weekdays="1",
        at_time=time(8),
        time_zone="Pacific/Auckland",
    )
    assert checkins.current_period(couple.ben_side, "weekly") == date(2026, 3, 9)


def test_the_partner_starting_the_same_check_in_joins_it(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side)
    client.force_login(couple.ben)
    answer = start(client, couple.ben_side)
    checkin = CheckIn.objects.get()
    assert answer["Location"] == page(couple.ben_side, checkin)
    assert checkin.started_by == couple.ana_side
    html = client.get(answer["Location"]).content.decode()
    assert "Ana has already started this one" in html
    assert "Ana started this one" in html


def test_both_fill_in_the_weekly_check_in(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side)
    checkin = CheckIn.objects.get()
    saved = client.post(page(couple.ana_side, checkin), WEEKLY_ANA, follow=True)
    assert "Your part is saved and shared with Ben." in saved.content.decode()

    client.force_login(couple.ben)
    ben_page = client.get(page(couple.ben_side, checkin)).content.decode()
    assert "You cooked on Tuesday" in ben_page  # Ana's shared part
    assert "Share my part with Ana" in ben_page
    client.post(page(couple.ben_side, checkin), WEEKLY_BEN)

    assert CheckInPart.objects.filter(checkin=checkin).count() == 2
    # Each side's events in its own ledger; the check-in is by Ana, who started it.
    assert kinds(couple.ana_side) == [
        (
            "checkin",
            True,
            "weekly",
            "Felt supported: You cooked on Tuesday when my deadline ran late · "
            "Needs more care: Time to talk before bed, phones away · "
            "Progress: We had two quiet evenings",
        ),
        ("gratitude", True, "", WEEKLY_ANA["supported"]),
        ("need", True, "", WEEKLY_ANA["attention"]),
    ]
    assert [(k, by_me) for k, by_me, _, _ in kinds(couple.ben_side)] == [
        ("checkin", False),
        ("gratitude", True),
        ("need", True),
    ]
    assert Event.objects.filter(relationship=couple.ben_side, kind="need").get().key == "need-1"
    assert all(Event.objects.values_list("shared", flat=True))

    client.force_login(couple.ana)
    ana_page = client.get(page(couple.ana_side, checkin)).content.decode()
    assert "You came to the station in the rain" in ana_page
    assert "You cooked on Tuesday" in ana_page


def test_a_private_part_is_never_shown_to_the_partner(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side)
    checkin = CheckIn.objects.get()
    private = {k: v for k, v in WEEKLY_ANA.items() if k != "shared"}
    saved = client.post(page(couple.ana_side, checkin), private, follow=True).content.decode()
    assert "Your part is saved, for you alone." in saved
    assert "Kept to yourself" in saved
    assert not CheckInPart.objects.get().shared
    assert not Event.objects.filter(shared=True).exists()

    client.force_login(couple.ben)
    ben_page = client.get(page(couple.ben_side, checkin)).content.decode()
    assert "You cooked" not in ben_page
    assert "Time to talk before bed" not in ben_page
    assert "shows here once Ana shares it" in ben_page
    assert not checkins.visible_parts(couple.ben_side).exists()
    assert not access.visible_events(couple.ben_side).filter(relationship=couple.ana_side).exists()
    together = client.get(reverse("together", args=[couple.ben_side.person_id])).content.decode()
    assert "You cooked" not in together


def test_the_daily_check_in_writes_one_check_in_event(client: Client, couple):
    client.force_login(couple.ben)
    start(client, couple.ben_side, "daily")
    checkin = CheckIn.objects.get()
    client.post(
        page(couple.ben_side, checkin),
        {"challenge": "A long week at work", "win": "Finished the shelf", "shared": "on"},
    )
    assert kinds(couple.ben_side) == [
        (
            "checkin",
            True,
            "daily",
            "Hard right now: A long week at work · Went well: Finished the shelf",
        )
    ]


def test_the_monthly_conversation_writes_a_need_and_a_plan(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side, "monthly")
    checkin = CheckIn.objects.get()
    client.post(
        page(couple.ana_side, checkin),
        {
            "hard": "Evenings feel rushed",
            "needs_met": "partly",
            "needs_words": "More unhurried time on weekends",
            "next_step": "A slow Saturday breakfast",
            "next_date": "2026-04-11",
        },
    )
    assert [(k, v, n) for k, _, v, n in kinds(couple.ana_side)][1:] == [
        ("need", "", "More unhurried time on weekends"),
        ("commitment", "2026-04-11", "A slow Saturday breakfast"),
    ]
    assert CheckInPart.objects.get().answers["needs_met"] == "partly"

    client.force_login(couple.ben)
    client.post(page(couple.ben_side, checkin), {"needs_met": "yes", "shared": "on"})
    assert [k for k, *_ in kinds(couple.ben_side)] == ["checkin"]
    assert kinds(couple.ben_side)[0][3] == "Needs met: Yes"


def test_a_plan_without_a_date_is_a_plan_to_date(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side, "monthly")
    checkin = CheckIn.objects.get()
    client.post(page(couple.ana_side, checkin), {"needs_met": "not_yet", "next_step": "Walks"})
    assert [(k, v, n) for k, _, v, n in kinds(couple.ana_side)][1:] == [
        ("need", "", "Needs met: not yet"),
        ("commitment", "", "Walks"),
    ]


def test_an_empty_part_is_asked_again(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side)
    checkin = CheckIn.objects.get()
    answer = client.post(page(couple.ana_side, checkin), {"shared": "on"})
    assert answer.status_code == 400
    assert "at least one of the boxes" in answer.content.decode()
    assert not CheckInPart.objects.exists()
    assert not Event.objects.exists()


def test_a_date_without_a_plan_is_asked_again(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side, "monthly")
    checkin = CheckIn.objects.get()
    answer = client.post(page(couple.ana_side, checkin), {"hard": "x", "next_date": "2026-05-01"})
    assert answer.status_code == 400
    assert not CheckInPart.objects.exists()


def test_a_part_is_saved_once(client: Client, couple):
    client.force_login(couple.ana)
    start(client, couple.ana_side)
    checkin = CheckIn.objects.get()
    client.post(page(couple.ana_side, checkin), WEEKLY_ANA)
    again = client.post(page(couple.ana_side, checkin), WEEKLY_BEN, follow=True)
    assert "already saved" in again.content.decode()
    assert CheckInPart.objects.count() == 1
    assert Event.objects.count() == 3
    with pytest.raises(checkins.AlreadySaved):
        checkins.save_part(couple.ana_side, checkin, {"supported": "again"}, shared=True)
    assert Event.objects.count() == 3


def test_the_part_and_its_events_are_saved_together_or_not_at_all(couple, monkeypatch):
    checkin, _ = checkins.start(couple.ana_side, "weekly")
    real = checkins.add_event
    calls = []

    def fails_on_the_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return real(*args, **kwargs)

    monkeypatch.setattr(checkins, "add_event", fails_on_the_third)
    with pytest.raises(RuntimeError):
        checkins.save_part(couple.ana_side, checkin, dict(WEEKLY_ANA), shared=True)
    assert not CheckInPart.objects.exists()
    assert not Event.objects.exists()


def test_alone_a_check_in_the_other_person_started(owner_client: Client, alone: Relationship):
    answer = start(owner_client, alone, "daily", starter="them")
    checkin = CheckIn.objects.get()
    assert checkin.home == alone
    assert checkin.started_by is None
    html = owner_client.get(answer["Location"]).content.decode()
    assert "Sam started this one" in html
    assert "Share my part" not in html  # nothing to share with
    owner_client.post(page(alone, checkin), {"win": "We laughed a lot", "shared": "on"})
    assert kinds(alone) == [("checkin", False, "daily", "Went well: We laughed a lot")]
    assert not Event.objects.get().shared
    assert not CheckInPart.objects.get().shared


def test_alone_a_check_in_i_started(owner_client: Client, alone: Relationship):
    start(owner_client, alone, "weekly", starter="me")
    assert CheckIn.objects.get().started_by == alone


def test_linked_the_starter_is_whoever_pressed_start(client: Client, couple):
    client.force_login(couple.ben)
    start(client, couple.ben_side, starter="them")  # ignored when linked
    assert CheckIn.objects.get().started_by == couple.ben_side


def test_an_unknown_cadence_starts_nothing(client: Client, couple):
    client.force_login(couple.ana)
    answer = start(client, couple.ana_side, "yearly")
    assert answer.status_code == 302
    assert not CheckIn.objects.exists()


def test_outsiders_and_guessed_ids_get_a_404(client: Client, couple, outsider: User, owner: User):
    checkin, _ = checkins.start(couple.ana_side, "weekly")
    checkins.save_part(couple.ana_side, checkin, {"supported": "The soup"}, shared=True)
    # The outsider: with the couple's people, and with their own person and the couple's id.
    client.force_login(outsider)
    own = Relationship.objects.get(owner=outsider)
    for person_pk in (couple.ana_side.person_id, couple.ben_side.person_id, own.person_id):
        url = reverse("checkin", args=[person_pk, checkin.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, WEEKLY_BEN).status_code == 404
    assert start(client, couple.ana_side).status_code == 404
    # Ana, through another relationship of hers: still not found.
    other = Relationship.objects.create(
        owner=couple.ana,
        person=Person.objects.create(owner=couple.ana, name="Robin"),
        kind="friend",
        me_name="Ana",
    )
    client.force_login(couple.ana)
    assert client.get(reverse("checkin", args=[other.person_id, checkin.pk])).status_code == 404
    assert client.get(reverse("checkin", args=[couple.ana_side.person_id, 9999])).status_code == 404
    assert CheckInPart.objects.count() == 1


def test_after_unlinking_the_partners_check_in_is_gone(client: Client, couple):
    from twoway.web.together import linking

    checkin, _ = checkins.start(couple.ana_side, "weekly")
    not_home = couple.ben_side if checkin.home == couple.ana_side else couple.ana_side
    linking.unlink(not_home)
    not_home.refresh_from_db()
    client.force_login(not_home.owner)
    assert client.get(page(not_home, checkin)).status_code == 404


def test_both_check_in_events_carry_the_start_so_they_read_as_one_act(couple, settings):
    settings.TWOWAY_TIME_ZONE = "Europe/Paris"
    checkin, _ = checkins.start(couple.ana_side, "weekly")
    started = datetime(2026, 3, 9, 18, 45, 30, tzinfo=UTC)  # 19:45 in Paris
    CheckIn.objects.filter(pk=checkin.pk).update(started=started)
    checkin.refresh_from_db()
    checkins.save_part(couple.ana_side, checkin, {"supported": "The soup"}, shared=True)
    checkins.save_part(couple.ben_side, checkin, {"supported": "The lift"}, shared=True)
    rows = Event.objects.filter(kind="checkin")
    assert {e.at.replace(tzinfo=None) for e in rows} == {datetime(2026, 3, 9, 19, 45)}
    assert {(e.relationship_id, e.by_me) for e in rows} == {
        (couple.ana_side.pk, True),
        (couple.ben_side.pk, False),
    }


def test_a_periods_words():
    assert checkins.period_words("daily", date(2026, 3, 9)) == "Monday 9 March 2026"
    assert checkins.period_words("weekly", date(2026, 3, 9)) == "the week of 9 March 2026"
    assert checkins.period_words("monthly", date(2026, 3, 1)) == "March 2026"


def test_the_page_says_who_started_and_for_when(client: Client, couple, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 11, 12))
    checkin, _ = checkins.start(couple.ben_side, "weekly")
    client.force_login(couple.ana)
    html = client.get(page(couple.ana_side, checkin)).content.decode()
    assert "Ben started this one, for the week of 9 March 2026." in html
    client.force_login(couple.ben)
    html = client.get(page(couple.ben_side, checkin)).content.decode()
    assert "You started this one, for the week of 9 March 2026." in html


def test_a_part_the_ledger_refuses_is_shown_again_and_nothing_is_kept(
    client: Client, couple, monkeypatch
):
    from twoway.errors import TwowayError

    def refuses(*args, **kwargs):
        raise TwowayError("the ledger is being repaired")

    checkin, _ = checkins.start(couple.ana_side, "weekly")
    monkeypatch.setattr(checkins, "add_event", refuses)
    client.force_login(couple.ana)
    answer = client.post(page(couple.ana_side, checkin), WEEKLY_ANA)
    assert answer.status_code == 400
    assert "Your part was not saved: the ledger is being repaired" in answer.content.decode()
    assert not CheckInPart.objects.exists()
