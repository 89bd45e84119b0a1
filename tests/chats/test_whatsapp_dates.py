"""WhatsApp date orders: deciding the order from the whole file, forcing it, impossible
dates; and a reference reader for generated chats in every header layout (order,
separators, year width, padding, seconds, 12-hour markers, line ends)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import whatsapp
from twoway.chats.messages import ChatError, ReadOptions

from .whatsapp_helpers import NNBSP, check, read, t, text

# -- date order --------------------------------------------------------------------------


def test_date_order_comes_from_the_whole_file_not_the_first_line() -> None:
    lines = [f"0{d}/0{m}/2021, 10:00 - Sam: hi" for d, m in ((1, 2), (2, 2), (3, 2))]
    day_first = text("\n".join([*lines, "13/02/2021, 10:00 - Sam: late"]))
    assert day_first.messages["at"][0] == t("2021-02-01 10:00")
    month_first = text("\n".join([*lines, "02/13/2021, 10:00 - Sam: late"]))
    assert month_first.messages["at"][0] == t("2021-01-02 10:00")


def test_ambiguous_dates_are_decided_by_the_times_going_forwards() -> None:
    chat = read("ambiguous_dates.txt")
    assert chat.messages["at"].to_list() == [
        t("2021-01-11 10:00"),
        t("2021-01-12 10:00"),
        t("2021-02-01 10:00"),
        t("2021-02-02 10:00"),
    ]


def test_undecidable_dates_ask_for_the_order() -> None:
    with pytest.raises(ChatError, match=r"ambiguous.*03/04/2021") as raised:
        read("ambiguous_tie.txt")
    assert raised.value.code == "ambiguous_dates"
    assert raised.value.fields["candidates"] == ["dmy", "mdy"]
    assert raised.value.fields["example"] == "03/04/2021"
    assert raised.value.option == "date_order"
    assert "--" not in raised.value.message  # the library names no flag; the CLI does
    assert read("ambiguous_tie.txt", date_order="mdy").messages["at"][0] == t("2021-03-04 10:00")
    assert read("ambiguous_tie.txt", date_order="dmy").messages["at"][0] == t("2021-04-03 10:00")


def test_dates_that_read_the_same_either_way_need_no_order() -> None:
    chat = text("05/05/2021, 10:00 - Sam: hi\n05/05/2021, 10:01 - Jo: hey\n")
    assert chat.messages["at"].to_list() == [t("2021-05-05 10:00"), t("2021-05-05 10:01")]


def test_forced_order_wins_and_impossible_dates_are_skips() -> None:
    chat = read("android_dmy_24h.txt", date_order="mdy")
    # 12/03 and 13/03 read as month/day: December 3rd, and the 13th month (skipped).
    assert chat.messages["at"][0] == t("2021-12-03 09:20")
    skipped = {s.position for s in chat.skipped}
    assert {13, 14, 18} <= skipped
    assert all("month/day/year" in s.reason for s in chat.skipped)


def test_forced_order_that_fits_no_date_is_an_error() -> None:
    with pytest.raises(ChatError, match="no WhatsApp messages could be read"):
        read("japanese_12h.txt", date_order="dmy")


def test_year_first_and_two_digit_years() -> None:
    chat = text("21-03-13 10:00 - Sam: hi\n", date_order="ymd")
    assert chat.messages["at"][0] == t("2021-03-13 10:00")
    chat = text("2021-03-13 10:00 - Sam: hi\n")
    assert chat.messages["at"][0] == t("2021-03-13 10:00")
    chat = text("13/03/99, 10:00 - Sam: hi\n")
    assert chat.messages["at"][0] == t("2099-03-13 10:00")


def test_unknown_date_order_option_is_an_error() -> None:
    with pytest.raises(ChatError, match="unknown date order 'yyyy'"):
        read("android_dmy_24h.txt", date_order="yyyy")
    assert read("android_dmy_24h.txt", date_order=" DMY ").messages.height == 8


def test_leap_days() -> None:
    chat = text("29/02/2020, 10:00 - Sam: leap\n29/02/2021, 10:00 - Sam: not\n")
    assert chat.messages["text"].to_list() == ["leap"]
    assert chat.skipped[0].position == 2


def test_dates_wider_than_the_sampled_ones_are_still_read() -> None:
    """The date key's width comes from the first and last lines; wider dates in the
    middle (two-digit days after one-digit ones) are keyed again, wider."""
    narrow = [f"3/1/21, 10:{i % 60:02d} - Sam: early {i}" for i in range(2100)]
    wide = [f"12/13/21, 10:{i % 60:02d} - Jo: middle {i}" for i in range(30)]
    tail = [f"3/5/22, 11:{i % 60:02d} - Sam: late {i}" for i in range(600)]
    chat = text("\n".join(narrow + wide + tail))
    check(chat)
    assert chat.messages.height == 2730
    middle = chat.messages.filter(pl.col("sender") == "Jo")
    assert middle.height == 30
    assert middle["at"][0] == t("2021-12-13 10:00")


# -- a reference reader for generated chats ----------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a phone writes its headers."""

    ios: bool
    order: str
    sep: str
    four_digit_year: bool
    padded: bool
    seconds: bool
    clock12: tuple[str, str, bool] | None  # (am, pm, before the time)
    crlf: bool

    def header(self, at: datetime, name: str) -> str:
        y = f"{at.year:04d}" if self.four_digit_year else f"{at.year % 100:02d}"
        d, m = (f"{at.day:02d}", f"{at.month:02d}") if self.padded else (str(at.day), str(at.month))
        date = {"dmy": (d, m, y), "mdy": (m, d, y), "ymd": (y, m, d)}[self.order]
        hour = at.hour
        marker = ""
        if self.clock12 is not None:
            marker = self.clock12[0] if hour < 12 else self.clock12[1]
            hour = hour % 12 or 12
        clock = f"{hour:02d}:{at.minute:02d}" if self.padded else f"{hour}:{at.minute:02d}"
        if self.seconds:
            clock += f":{at.second:02d}"
        if self.clock12 is not None:
            clock = f"{marker}{clock}" if self.clock12[2] else f"{clock}{NNBSP}{marker}"
        stamp = f"{self.sep.join(date)}, {clock}"
        return f"[{stamp}] {name}: " if self.ios else f"{stamp} - {name}: "


MARKERS = [
    ("AM", "PM", False),
    ("a. m.", "p. m.", False),
    ("午前", "午後", True),
    ("ص", "م", False),
]
layouts = st.builds(
    Layout,
    ios=st.booleans(),
    order=st.sampled_from(["dmy", "mdy", "ymd"]),
    sep=st.sampled_from(["/", ".", "-"]),
    four_digit_year=st.booleans(),
    padded=st.booleans(),
    seconds=st.booleans(),
    clock12=st.none() | st.sampled_from(MARKERS),
    crlf=st.booleans(),
)
# Words without the characters a header or a placeholder needs, so that no line of
# a message can be read as a header or a notice.
words = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        exclude_characters="/.-:<>[]\u200e\u200f\ufeff\r\n",
    ),
    max_size=12,
)
names = st.sampled_from(["Robin", "Sam Lee", "Zoë", "+44 7700 900123", "名前", "Ana María"])
message = st.tuples(
    st.integers(min_value=0, max_value=3 * 86_400),  # seconds after the one before
    names,
    st.lists(words, min_size=1, max_size=3),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=layouts, messages=st.lists(message, min_size=1, max_size=12))
def test_generated_chats_read_back_exactly(
    layout: Layout, messages: list[tuple[int, str, list[str]]]
) -> None:
    """Any chat written in any of these layouts is read back message for message."""
    at = datetime(2021, 1, 1, 0, 0, 0)
    lines: list[str] = []
    expected = []
    for gap, name, body in messages:
        at += timedelta(seconds=gap)
        shown = at if layout.seconds else at.replace(second=0)
        # Later lines must not be empty at the end of the file (trailing empty lines
        # are the file's end) nor look blank.
        body = [body[0], *(line or "x" for line in body[1:])]
        expected.append((shown, name, "\n".join(body), len(lines) + 1))
        lines.append(layout.header(shown, name) + body[0])
        lines.extend(body[1:])
    end = "\r\n" if layout.crlf else "\n"
    data = (end.join(lines) + end).encode("utf-8")
    chat = whatsapp.read(data, "chat.txt", ReadOptions(date_order=layout.order))
    check(chat)
    assert chat.messages.select("at", "sender", "text", "position").rows() == expected
    # Bracketed ISO dates without seconds are signal-export's older layout (with
    # seconds they are WhatsApp's unless Markdown says Signal: test_format_corners);
    # every other layout is sniffed.
    iso = layout.ios and layout.order == "ymd" and layout.four_digit_year and layout.sep == "-"
    if not iso:
        assert whatsapp.sniff(data, "chat.txt") is None
    elif not layout.seconds:
        assert whatsapp.sniff(data, "chat.txt") is not None
