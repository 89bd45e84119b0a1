"""The "I statement" helper: preview, save, list and delete; private to its writer."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import Couple
from twoway.web.practices.models import IStatement

WORDS = {
    "feeling": "unheard",
    "situation": "Plans change at the last minute.",
    "need": "us to agree on changes a day ahead",
}
SENTENCE = (
    "I feel unheard when plans change at the last minute, "
    "and I need us to agree on changes a day ahead."
)


def url(couple: Couple) -> str:
    return f"/people/{couple.ana_side.person_id}/i-statements/"


def test_the_page_offers_feelings_as_chips_and_an_own_word(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    html = client.get(url(couple)).content.decode()
    assert 'type="radio" name="feeling" value="worried"' in html
    assert 'value="other"' in html
    assert 'name="feeling_other"' in html
    assert "Ben never sees them" not in html  # said with the preview, not before


def test_preview_without_javascript_shows_the_sentence_and_saves_nothing(
    client: Client, couple: Couple
) -> None:
    client.force_login(couple.ana)
    response = client.post(url(couple), {**WORDS, "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert SENTENCE in html
    assert "Ben never sees them" in html
    assert not IStatement.objects.exists()


def test_preview_with_htmx_swaps_only_the_sentence_in(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    response = client.post(url(couple), {**WORDS, "action": "preview"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="i-preview"')
    assert SENTENCE in html
    assert not IStatement.objects.exists()


def test_an_htmx_preview_with_a_piece_missing_says_which(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    response = client.post(
        url(couple), {**WORDS, "need": " ", "action": "preview"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # HTMX swaps only 2xx answers
    assert "Say what would help." in response.content.decode()


def test_always_and_never_get_a_hint_and_can_still_be_saved(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    words = {**WORDS, "situation": "you always change plans", "action": "preview"}
    html = client.post(url(couple), words).content.decode()
    assert "Something to consider" in html
    assert "“always” and “never”" in html
    client.post(url(couple), {**words, "action": "save"})
    assert IStatement.objects.get().sentence.startswith("I feel unheard when you always change")


def test_saving_stores_the_sentence_built_here_and_lists_it(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    response = client.post(url(couple), {**WORDS, "sentence": "forged", "action": "save"})
    assert response.status_code == 302
    saved = IStatement.objects.get()
    assert saved.relationship == couple.ana_side
    assert (saved.feeling, saved.sentence) == ("unheard", SENTENCE)
    assert SENTENCE in client.get(url(couple)).content.decode()


def test_a_feeling_of_your_own_needs_its_words(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    response = client.post(url(couple), {**WORDS, "feeling": "other", "action": "save"})
    assert response.status_code == 400
    assert "Write the feeling in your own word." in response.content.decode()
    client.post(
        url(couple), {**WORDS, "feeling": "other", "feeling_other": "Adrift", "action": "save"}
    )
    assert IStatement.objects.get().sentence.startswith("I feel adrift when")


def test_deleting_asks_first_then_deletes(client: Client, couple: Couple) -> None:
    client.force_login(couple.ana)
    client.post(url(couple), {**WORDS, "action": "save"})
    saved = IStatement.objects.get()
    delete = f"{url(couple)}{saved.pk}/delete/"
    assert SENTENCE in client.get(delete).content.decode()
    assert IStatement.objects.exists()
    assert client.post(delete).status_code == 302
    assert not IStatement.objects.exists()


def test_the_partner_and_an_outsider_can_neither_list_open_nor_delete_them(
    client: Client, couple: Couple, outsider: User
) -> None:
    client.force_login(couple.ana)
    client.post(url(couple), {**WORDS, "action": "save"})
    saved = IStatement.objects.get()
    # Ben, on his own side of the same relationship: his list is empty.
    client.force_login(couple.ben)
    bens = client.get(f"/people/{couple.ben_side.person_id}/i-statements/").content.decode()
    assert SENTENCE not in bens
    assert "None saved yet." in bens
    # Ana's pages and her statement, reached by Ben or an outsider: 404, nothing deleted.
    outsiders_person = outsider.people.get().pk
    for user, own_person in ((couple.ben, couple.ben_side.person_id), (outsider, outsiders_person)):
        client.force_login(user)
        assert client.get(url(couple)).status_code == 404
        assert client.post(url(couple), {**WORDS, "action": "save"}).status_code == 404
        for person in (couple.ana_side.person_id, own_person):  # a guessed id, through either
            delete = f"/people/{person}/i-statements/{saved.pk}/delete/"
            assert client.get(delete).status_code == 404
            assert client.post(delete).status_code == 404
    assert list(IStatement.objects.all()) == [saved]
