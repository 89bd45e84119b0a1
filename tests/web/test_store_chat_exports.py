"""The store remembers each imported chat export, so the order of imports never matters.

The CLI's cuts at every place are in tests/cli/test_chat_overlap.py; these are
the parts only the store shows: a check-in held back and given back, and the
remembered exports going through an account export, delete and restore.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.cli.test_chat_overlap import CHAT as LONG
from twoway.web.accounts.portability import (
    delete_account,
    export_account,
    parse_export,
    restore_account,
)
from twoway.web.ledger.models import ChatExport, Event
from twoway.web.ledger.workflow import ImportOptions, import_chat

#: Sam's question about the interview comes mid-conversation: a check-in, not an opening.
CHAT = [
    "13/03/2021, 10:00 - Alex: morning!",
    "13/03/2021, 10:05 - Sam: hey you",
    "13/03/2021, 10:20 - Sam: how did the interview go?",
    "13/03/2021, 10:30 - Alex: really well",
    "14/03/2021, 19:00 - Alex: dinner was lovely",
    "14/03/2021, 19:10 - Sam: it was",
]
OPTIONS = ImportOptions(me="Alex", date_order="dmy")


def _file(lines: list[str], name: str) -> tuple[bytes, str]:
    return ("\n".join(lines) + "\n").encode(), name


def _events(owner: User, person: str) -> list[tuple[Any, ...]]:
    rows = Event.objects.filter(relationship__owner=owner, relationship__person__name=person)
    return sorted(
        (e.at.replace(tzinfo=None), e.by_me, e.kind, e.key, e.ref, e.value, e.note) for e in rows
    )


def test_a_check_in_that_opened_the_newer_export_comes_back_once_the_older_shows_it_did_not(
    owner: User,
) -> None:
    import_chat(owner, [_file(CHAT, "whole.txt")], "Whole", OPTIONS)
    whole = _events(owner, "Whole")
    assert any(kind == "checkin" for _, _, kind, *_ in whole)  # the fixture has its check-in

    import_chat(owner, [_file(CHAT[2:], "newer.txt")], "Sam", OPTIONS)
    alone = _events(owner, "Sam")
    # read alone, the question opens a conversation: a bid, and no check-in beside it
    assert any(kind == "bid" and at.hour == 10 and at.minute == 20 for at, _, kind, *_ in alone)
    assert not any(kind == "checkin" for _, _, kind, *_ in alone)

    import_chat(owner, [_file(CHAT[:2], "older.txt")], "Sam", OPTIONS)
    assert _events(owner, "Sam") == whole
    # the newer export's opening is settled; the older one's stays open to an even older export
    openings = ChatExport.objects.filter(relationship__person__name="Sam").order_by("first_at")
    assert [o.opening for o in openings] == ["chat-whatsapp-20210313T100000", ""]


def test_remembered_exports_survive_an_account_export_delete_and_restore(owner: User) -> None:
    import_chat(owner, [_file(CHAT, "whole.txt")], "Whole", OPTIONS)
    whole = _events(owner, "Whole")
    import_chat(owner, [_file(CHAT[2:], "newer.txt")], "Sam", OPTIONS)
    text = json.dumps(export_account(owner))
    remembered = ChatExport.objects.filter(relationship__owner=owner).count()
    assert remembered == 2  # the whole chat and the newer part

    delete_account(owner)
    assert not ChatExport.objects.exists()
    again = User.objects.create(username="alex-again")
    result = restore_account(again, parse_export(text))
    assert result.added("chat_exports") == remembered

    import_chat(again, [_file(CHAT[:2], "older.txt")], "Sam", OPTIONS)
    assert _events(again, "Sam") == whole


#: The CLI test's chat (tests/cli/test_chat_overlap.py), cut in three.
def _two_people(lines: list[str]) -> bool:
    return {line.split(" - ")[1].split(":")[0] for line in lines} == {"Alex", "Sam"}


THREE_CUTS = [
    (i, j)
    for i in range(1, len(LONG))
    for j in range(i + 1, len(LONG))
    if _two_people(LONG[:i]) and _two_people(LONG[i:j]) and _two_people(LONG[j:])
]


@pytest.mark.parametrize("cuts", THREE_CUTS)
def test_three_exports_in_every_order_give_the_whole_chat(
    owner: User, cuts: tuple[int, int]
) -> None:
    import_chat(owner, [_file(LONG, "whole.txt")], "Whole", OPTIONS)
    whole = _events(owner, "Whole")
    i, j = cuts
    parts = [_file(LONG[:i], "a.txt"), _file(LONG[i:j], "b.txt"), _file(LONG[j:], "c.txt")]
    names = ("Ash", "Birch", "Cedar", "Dune", "Elm", "Fern")  # not typos of one another
    for person, order in zip(names, itertools.permutations(parts), strict=True):
        for part in order:
            import_chat(owner, [part], person, OPTIONS)
        assert _events(owner, person) == whole, [name for _, name in order]
