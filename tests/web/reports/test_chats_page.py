"""The chats page: each imported chat's charts, drawn from the figures its import kept."""

from __future__ import annotations

import json
import re
from html import unescape

from django.contrib.auth.models import User
from django.test import Client

from twoway.chats import ReadOptions, read_chat
from twoway.chats.analysis import analyze_chat
from twoway.chats.figures import figures_report
from twoway.render.chat_activity import terms_text
from twoway.web.accounts.portability import export_account
from twoway.web.ledger.models import ChatExport, Person
from twoway.web.ledger.workflow import ImportOptions, import_chat

#: Alex and Sam over two weeks; Sam's word is "interview", Alex's "coffee" and ☕.
CHAT = [
    "02/03/2021, 08:10 - Alex: coffee later? ☕",
    "02/03/2021, 08:15 - Sam: after the interview",
    "02/03/2021, 18:40 - Sam: the interview went fine",
    "02/03/2021, 18:45 - Alex: coffee tomorrow then ☕☕",
    "09/03/2021, 21:00 - Sam: another interview on Friday",
    "09/03/2021, 21:30 - Alex: good luck! coffee after?",
]
DATA = ("\n".join(CHAT) + "\n").encode()


def _import(owner: User) -> Person:
    import_chat(owner, [(DATA, "chat.txt")], "Sam", ImportOptions(me="Alex", date_order="dmy"))
    return Person.objects.get(owner=owner, name="Sam")


def _page(client: Client, person: Person) -> str:
    response = client.get(f"/people/{person.pk}/chats/")
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_page_draws_the_figures_the_analysis_finds(owner_client: Client, owner: User) -> None:
    sam = _import(owner)
    html = _page(owner_client, sam)
    chat = read_chat(DATA, "chat.txt", "auto", ReadOptions(date_order="dmy", me="Alex"))
    report = analyze_chat([chat], me="Alex")
    # the words and emoji, each person's, as the analysis counts them
    for person in ("Alex", "Sam"):
        assert terms_text(report.top_words[person]) in html
    assert "coffee 3" in html
    assert "interview 3" in html
    assert "☕ 3" in html
    # the hour × weekday grid: Tuesday (two messages at 08:xx, two at 18:xx) and no other day
    cells = re.findall(r'title="(\w{3}) (\d\d):00: (\d+)"', html)
    busy = {(d, h): int(n) for d, h, n in cells if n != "0"}
    assert busy == {("Tue", "08"): 2, ("Tue", "18"): 2, ("Tue", "21"): 2}
    # messages week by week, drawn server-side as SVG
    assert html.count('<figure class="chart"') == 2
    assert "6 messages" in html
    assert "<script" not in html.split("<main", 1)[1]  # nothing but the layout's vendored scripts


def test_the_page_keeps_no_message_text_but_the_top_words(owner: User) -> None:
    _import(owner)
    stored = json.dumps(ChatExport.objects.get().figures)
    assert "went fine" not in stored
    assert "good luck" not in stored
    assert "coffee" in stored
    # and the figures travel in the account export
    assert "coffee" in json.dumps(export_account(owner))


def test_the_report_page_links_to_the_chats_only_when_there_are_some(
    owner_client: Client, owner: User
) -> None:
    sam = _import(owner)
    assert (
        f"/people/{sam.pk}/chats/" in owner_client.get(f"/people/{sam.pk}/report/").content.decode()
    )
    ChatExport.objects.all().delete()
    assert "/chats/" not in owner_client.get(f"/people/{sam.pk}/report/").content.decode()
    assert "No chat imported for Sam yet" in _page(owner_client, sam)


def test_another_account_gets_a_404(owner: User, outsider: User, client: Client) -> None:
    sam = _import(owner)
    client.force_login(outsider)
    assert client.get(f"/people/{sam.pk}/chats/").status_code == 404


def test_figures_this_twoway_cannot_read_are_left_out_not_a_crash(
    owner_client: Client, owner: User
) -> None:
    sam = _import(owner)
    ChatExport.objects.update(figures={"schema": 99})
    assert "No chat imported" in _page(owner_client, sam)


def test_figures_read_back_as_the_report_they_came_from(owner: User) -> None:
    _import(owner)
    chat = read_chat(DATA, "chat.txt", "auto", ReadOptions(date_order="dmy", me="Alex"))
    report = analyze_chat([chat], me="Alex")
    back = figures_report(ChatExport.objects.get().figures)
    assert back.activity == report.activity
    assert back.top_words == report.top_words
    assert back.top_emoji == report.top_emoji
    assert back.periods == report.periods
    assert back.participants == report.participants
    assert (back.first, back.last, back.messages) == (report.first, report.last, report.messages)


def test_a_part_imported_before_the_whole_chat_shows_once_as_the_whole(
    owner_client: Client, owner: User
) -> None:
    part = ("\n".join(CHAT[:4]) + "\n").encode()
    options = ImportOptions(me="Alex", date_order="dmy")
    import_chat(owner, [(part, "part.txt")], "Sam", options)
    sam = _import(owner)
    assert ChatExport.objects.count() == 2
    html = _page(owner_client, sam)
    assert html.count('<h2 id="c') == 1
    assert "6 messages" in html
