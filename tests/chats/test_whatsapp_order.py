"""WhatsApp's date order decided from header lines only: fields that can be one
reading, attachment names, time order, the language prior, majority with a
margin, and a refusal that says what was tried."""

from __future__ import annotations

import pytest

from twoway.chats.messages import ChatError

from .whatsapp_helpers import NNBSP, t, text


def _dmy_group(days: int = 40) -> list[str]:
    """A day-first group chat over `days` days (days above 12 included)."""
    lines = []
    for i in range(days):
        day, month = 1 + i % 28, 9 + i // 28
        lines.append(f"[{day:02d}.{month:02d}.23, 18:{i % 60:02d}:00] Mia: Tag {i}")
    return lines


def test_a_continuation_line_shaped_like_a_year_first_date_does_not_vote() -> None:
    # A multi-line message whose second line starts like a date with a first field
    # above 31 once made the whole German file read as year/month/day (2001-2031).
    lines = _dmy_group()
    lines.insert(5, "2031.12.01 war das Datum auf dem Zettel")
    lines.insert(9, "45.12.23, 10:00 noch eine Zeile")
    chat = text("\n".join(lines) + "\n")
    assert chat.messages["at"].min() == t("2023-09-01 18:00")
    assert chat.messages["at"].max() == t("2023-10-12 18:39")
    assert chat.messages.height == 40
    assert "2031.12.01 war das Datum" in chat.messages["text"][4]
    assert "can only be day/month/year" in chat.notes[0]


def test_a_single_odd_header_never_outvotes_the_rest_and_is_listed() -> None:
    lines = [f"{d:02d}/03/2021, 10:00 - Sam: day {d}" for d in range(1, 29)]
    lines.insert(20, "03/25/2021, 10:00 - Sam: pasted from an American phone")
    chat = text("\n".join(lines) + "\n")
    assert chat.messages.height == 28
    assert chat.messages["at"][0] == t("2021-03-01 10:00")
    assert [s.position for s in chat.skipped] == [21]
    note = chat.notes[0]
    assert "16 header lines can only be day/month/year" in note
    assert "1 header line that read only another way was skipped (line 21)" in note


def test_a_real_split_vote_is_not_decided_by_fields_alone() -> None:
    # As many headers read only day first as only month first: fields do not
    # decide; here time order does (month first keeps the messages in order).
    lines = [
        "01/13/2021, 10:00 - Sam: a",
        "01/14/2021, 10:00 - Sam: b",
        "02/03/2021, 10:00 - Sam: c",
        "02/05/2021, 10:00 - Sam: d",
        "13/02/2021, 10:00 - Sam: e",
        "14/02/2021, 10:00 - Sam: f",
    ]
    chat = text("\n".join(lines) + "\n")
    assert "go back in time" in chat.notes[0]


def _ios_lowercase(photo: str) -> str:
    """13 messages of an iOS en-IN export: every day at most 12, lower-case am/pm."""
    rows = [f"[02/11/2020, 9:1{i % 10}:03{NNBSP}pm] Ravi: hello {i}" for i in range(6)] + [
        f"[03/11/2020, 10:0{i}:00{NNBSP}am] Anu: hi {i}" for i in range(6)
    ]
    rows.insert(3, f"[02/11/2020, 9:13:30{NNBSP}pm] Anu: \u200e<attached: 00000003-{photo}>")
    return "\n".join(rows) + "\n"


def test_attachment_names_decide_the_order() -> None:
    chat = text(_ios_lowercase("PHOTO-2020-11-02-21-13-30.jpg"))
    assert chat.messages.height == 13
    assert chat.messages["at"][0] == t("2020-11-02 21:10:03")
    assert "1 attachment name carries the same date" in chat.notes[0]
    assert "day/month/year" in chat.notes[0]


def test_android_attachment_names_decide_month_first() -> None:
    lines = [
        "03/04/21, 10:00 - Sam: look",
        "03/04/21, 10:01 - Sam: IMG-20210304-WA0001.jpg (file attached)",
        "03/04/21, 10:02 - Jo: nice",
    ]
    chat = text("\n".join(lines) + "\n")
    assert chat.messages["at"][0] == t("2021-03-04 10:00")
    assert "attachment" in chat.notes[0]
    assert "month/day/year" in chat.notes[0]


def test_the_language_prior_decides_when_nothing_else_does() -> None:
    lower = text(f"[03/04/2021, 10:00:00{NNBSP}am] Robin: hi\n")
    assert lower.messages["at"][0] == t("2021-04-03 10:00")
    assert "suggests day/month/year" in lower.notes[0]
    upper = text("03/04/2021, 10:00 AM - Robin: hi\n")
    assert upper.messages["at"][0] == t("2021-03-04 10:00")
    assert "suggests month/day/year" in upper.notes[0]


@pytest.mark.parametrize(
    "header",
    ["03.04.21, 10:00 - ", "03.04.2021 10:00 - ", "[03.04.21, 10:00:00] ", "3.4.2021 klo 10.00 - "],
)
def test_dates_written_with_dots_are_day_first_when_nothing_else_decides(header: str) -> None:
    # a short chat from the first days of a month, with no hint in its words or clock
    chat = text(f"{header}Мила: привет\n{header}Зоя: <Без медиафайлов>\n")
    assert chat.messages["at"].to_list() == [t("2021-04-03 10:00")] * 2
    assert "dates written with dots are day/month/year" in chat.notes[0]


def test_a_message_line_with_slashes_does_not_stop_the_dots_deciding() -> None:
    chat = text(
        "03.04.21, 10:00 - Mila: our dates\n03/04/21 or 04/03/21?\n03.04.21, 10:01 - Zoe: hey\n"
    )
    assert chat.messages["at"][0] == t("2021-04-03 10:00")
    assert "dates written with dots are day/month/year" in chat.notes[0]


@pytest.mark.parametrize(
    ("header", "note"),
    [
        ("2021. 4. 3. 10:00 - ", "can only be year/month/day"),
        ("21. 4. 3. 10:00 - ", "only year/month/day gives these dates a day that exists"),
    ],
)
def test_year_first_dates_with_dots_stay_year_first(header: str, note: str) -> None:
    chat = text(f"{header}Mila: hi\n{header}Zoe: hey\n")
    assert chat.messages["at"][0] == t("2021-04-03 10:00")
    assert note in chat.notes[0]


def test_refusal_says_what_was_tried() -> None:
    with pytest.raises(ChatError) as caught:
        text("03/04/2021, 10:00 - Robin: hi\n03/04/2021, 11:00 - Sam: later\n")
    message = str(caught.value)
    for tried in ("header fields", "attachment names", "time order", "language"):
        assert tried in message
    assert "03/04/2021" in message
