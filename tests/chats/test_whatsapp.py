"""WhatsApp exports: fixtures in the real layouts and locales, kinds and system lines,
zips, errors, sniffing and the benchmark's generator.

Date orders and generated chats in every layout are in test_whatsapp_dates.py,
fuzzing in test_whatsapp_fuzz.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from benchmarks import chat_generate
from twoway.chats import reader, whatsapp
from twoway.chats.messages import ChatError, ReadOptions

from .whatsapp_helpers import DATA, HERE, LRM, check, read, t, text

# -- the fixtures ------------------------------------------------------------------------


def test_android_day_first_24h_group() -> None:
    chat = read("android_dmy_24h.txt")
    check(chat)
    assert chat.messages.rows() == [
        (t("2021-03-12 09:20"), "Robin", "Welcome everyone!", "text", 5),
        (t("2021-03-12 09:21"), "Sam", "Thanks for setting this up 😊", "text", 6),
        (
            t("2021-03-12 09:22"),
            "Sam",
            "First book idea:\nThe Left Hand of Darkness\nor Piranesi?",
            "text",
            7,
        ),
        (t("2021-03-12 09:25"), "+44 7700 900123", "<Media omitted>", "media", 10),
        (t("2021-03-12 09:26"), "Robin", "This message was deleted", "deleted", 11),
        (t("2021-03-13 18:02"), "Sam", "we should catch up sometime", "text", 13),
        (
            t("2021-03-13 18:05"),
            "Robin",
            "IMG-20210313-WA0004.jpg (file attached)\nOur shelf",
            "media",
            14,
        ),
        (t("2021-03-14 08:00"), "Sam", "Deal: Piranesi it is", "text", 18),
    ]
    # The notice, "created group", two "added", the subject change (with ": " in
    # the new subject), the icon change and "left".
    assert chat.system == 7
    assert chat.skipped == ()
    assert chat.participants == ["Robin", "Sam", "+44 7700 900123"]


def test_android_month_first_12h_with_narrow_no_break_space() -> None:
    chat = read("android_mdy_12h.txt")
    check(chat)
    assert chat.messages.select("at", "sender", "kind").rows() == [
        (t("2021-03-12 09:15"), "Jo", "text"),
        (t("2021-03-12 12:05"), "Kim", "text"),  # 12 PM is noon
        (t("2021-03-13 00:30"), "Jo", "text"),  # 12 AM is midnight
        (t("2021-03-13 23:59"), "Kim", "deleted"),
    ]
    assert chat.system == 1


def test_ios_marks_placeholders_calls_and_attributed_notices() -> None:
    chat = read("ios_dmy_24h.txt")
    check(chat)
    rows = chat.messages.rows()
    assert [(r[1], r[3], r[4]) for r in rows] == [
        ("Robin", "text", 4),
        ("Sam", "media", 5),
        ("Sam", "media", 6),
        ("Alex", "text", 7),  # "~\u202fAlex": an unsaved contact
        ("Robin", "call", 8),
        ("Robin", "call", 9),
        ("Sam", "deleted", 10),
        ("Sam", "text", 11),
        ("Robin", "media", 12),
        ("Robin", "text", 13),
        ("Sam", "text", 18),
        ("Alex", "media", 19),
    ]
    assert rows[0][0] == t("2021-03-12 09:20:45")
    texts = chat.messages["text"].to_list()
    # Placeholders and texts keep their marks, as written.
    assert texts[1] == f"{LRM}image omitted"
    assert texts[2] == f"{LRM}<attached: 00000012-PHOTO-2021-03-12-09-21-30.jpg>"
    assert texts[4] == f"{LRM}Missed voice call, {LRM}Tap to call back"
    assert texts[7] == f"a mark{LRM} inside stays"
    assert texts[9] == "line one\nline two\n\nline four"
    # A person asking about encryption is not the notice.
    assert texts[10] == "Messages and calls are end-to-end encrypted? Really?"
    # Attributed to "Book club" but marked: the notice, created group, added, renamed.
    assert chat.system == 4
    assert "Book club" not in chat.participants


@pytest.mark.parametrize(
    "notice",
    [
        f"{LRM}Messages to this group are now secured with end-to-end encryption. Tap for more info.",
        f"{LRM}Your security code with Sam changed. Tap to learn more.",
        f"{LRM}Sam is a contact.",
        f"{LRM}You're now an admin",
        f"{LRM}Sam turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent.",
        f"{LRM}Sam left",
        f"{LRM}Sam changed this group's icon",
        f"{LRM}Sam changed the subject to “Trip: Lisbon”",
        f"{LRM}Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat puede leerlos.",
        "Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
    ],
)
def test_notices_that_ios_attributes_to_someone_are_system_lines(notice: str) -> None:
    chat = text(f"[13/03/2021, 10:00:00] Trip: {notice}\n[13/03/2021, 10:01:00] Sam: hi\n")
    assert chat.messages.select("sender", "text").rows() == [("Sam", "hi")]
    assert chat.system == 1


def test_the_same_words_without_the_mark_are_a_message() -> None:
    chat = text("[13/03/2021, 10:00:00] Sam: Sam left\n")
    assert chat.messages.select("sender", "text").rows() == [("Sam", "Sam left")]
    assert chat.system == 0


@pytest.mark.parametrize("name", [":", f"{LRM}", " ", f"{LRM} "])
def test_a_header_with_no_name_is_a_system_line_not_a_person(name: str) -> None:
    # Found by fuzzing: "[date] : …" made a participant named "".
    chat = text(
        f"[25/03/2021, 10:00:00] Sam: hi\n[25/03/2021, 10:01:00] {name}: Sam: odd\n"
        "[25/03/2021, 10:02:00] Alex: hello\n"
    )
    assert chat.participants == ["Sam", "Alex"]
    assert chat.messages.select("sender", "text").rows() == [("Sam", "hi"), ("Alex", "hello")]
    assert chat.system == 1


def test_ios_month_first_12h_with_seconds() -> None:
    chat = read("ios_mdy_12h.txt")
    check(chat)
    assert chat.messages.select("at", "kind").rows() == [
        (t("2021-03-12 09:15:02"), "text"),
        (t("2021-03-12 12:00:00"), "text"),
        (t("2021-03-13 00:00:59"), "text"),
        (t("2021-03-13 13:02:03"), "call"),
    ]


@pytest.mark.parametrize(
    ("name", "expected", "system"),
    [
        (
            "german_24h.txt",
            [
                (t("2021-03-12 14:05"), "Lena", "text"),
                (t("2021-03-12 14:06"), "Tim", "media"),
                (t("2021-03-13 09:00"), "Tim", "deleted"),
                (t("2021-03-13 09:02"), "Lena", "text"),
            ],
            2,
        ),
        (
            "german_12h.txt",
            [(t("2021-03-12 09:05"), "Lena", "text"), (t("2021-03-13 14:05"), "Tim", "text")],
            0,
        ),
        (
            "spanish_12h.txt",
            [
                (t("2021-03-12 14:05"), "Ana", "text"),
                (t("2021-03-13 09:30"), "Luis", "media"),
                (t("2021-03-13 12:10"), "Ana", "deleted"),
                (t("2021-03-13 12:11"), "Luis", "media"),
            ],
            1,
        ),
        (
            "french_24h.txt",
            [(t("2021-03-12 14:05"), "Léa", "text"), (t("2021-03-13 08:15"), "Hugo", "media")],
            1,
        ),
        (
            "portuguese_24h.txt",
            [(t("2021-03-12 14:05"), "Ana", "text"), (t("2021-03-13 14:06"), "Bruno", "media")],
            0,
        ),
        (
            "japanese_12h.txt",
            [(t("2021-03-12 09:05"), "健", "text"), (t("2021-03-12 14:05:22"), "由美", "text")],
            0,
        ),
        (
            "korean_12h.txt",
            [(t("2021-03-12 09:05"), "민수", "text"), (t("2021-03-13 14:05"), "지은", "text")],
            0,
        ),
        (
            "arabic_12h.txt",
            [(t("2021-03-13 09:05"), "سارة", "text"), (t("2021-03-13 14:05"), "عمر", "text")],
            0,
        ),
        (
            "greek_12h.txt",
            [(t("2021-03-13 09:05"), "Νίκος", "text"), (t("2021-03-13 14:05"), "Ελένη", "text")],
            0,
        ),
    ],
)
def test_locales(name: str, expected: list[tuple[Any, ...]], system: int) -> None:
    chat = read(name)
    check(chat)
    assert chat.messages.select("at", "sender", "kind").rows() == expected
    assert chat.system == system
    assert whatsapp.sniff((HERE / name).read_bytes(), name) is None


@pytest.mark.parametrize(
    ("layout", "first"),
    [
        ("12.3.2021 klo 14.05 - Sam: hei\n13.3.2021 klo 9.05 - Jo: moi", "2021-03-12 14:05"),
        ("12.03.2021 kl. 14.05 - Sam: hej\n13.03.2021 kl. 09.05 - Jo: hej", "2021-03-12 14:05"),
        ("12-03-2021 14:05 - Sam: hoi\n13-03-2021 09:05 - Jo: hoi", "2021-03-12 14:05"),
        ("2021-03-12 14:05 - Sam: hej\n2021-03-13 09:05 - Jo: hej", "2021-03-12 14:05"),
        ("12/03/2021, 2:05 pm - Sam: hi\n13/03/2021, 9:05 am - Jo: hey", "2021-03-12 14:05"),
        ("[12.03.21, 14:05:22] Sam: Hallo\n[13.03.21, 09:05:01] Jo: Hi", "2021-03-12 14:05:22"),
        ("12.03.2021, 14:05 - Саша: привет\n13.03.2021, 09:05 - Женя: пока", "2021-03-12 14:05"),
    ],
    ids=["finnish", "danish", "dutch", "swedish", "india", "ios-german", "russian"],
)
def test_more_locales_written_inline(layout: str, first: str) -> None:
    chat = text(layout)
    assert chat.messages["at"][0] == t(first)
    assert chat.messages.height == 2
    assert whatsapp.sniff(layout.encode(), "x.txt") is None


#: Digits as phones write them in Arabic (Arabic-Indic), Persian and Bengali.
_ARABIC, _PERSIAN, _BENGALI = "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "০১২৩৪৫৬৭৮৯"
RLM = "\u200f"


def _in(digits: str, written: str) -> str:
    """`written` with its ASCII digits in `digits`' script (Arabic's comma after dates)."""
    return written.translate(str.maketrans("0123456789,", digits + "،"))


@pytest.mark.parametrize(
    ("layout", "times"),
    [
        (
            # Android in Arabic: a right-to-left mark after day and month, "م" for pm
            _in(_ARABIC, f"12{RLM}/3{RLM}/2024, 9:05 م - ")
            + "عمر: عندي ٣ تفاحات\n"
            + "٣ - ثم الخبز\n"
            + _in(_ARABIC, f"13{RLM}/3{RLM}/2024, 10:00 ص - ")
            + "سارة: شكرا ٢٠ مرة",
            ["2024-03-12 21:05", "2024-03-13 10:00"],
        ),
        (
            # iOS in Arabic: bracketed, with seconds
            _in(_ARABIC, f"[12{RLM}/3{RLM}/2024, 9:05:11 م] ")
            + "عمر: عندي ٣ تفاحات\n"
            + "٣ - ثم الخبز\n"
            + _in(_ARABIC, f"[13{RLM}/3{RLM}/2024, 10:00:02 ص] ")
            + "سارة: شكرا ٢٠ مرة",
            ["2024-03-12 21:05:11", "2024-03-13 10:00:02"],
        ),
        (
            _in(_PERSIAN, "2024/3/12, 21:05 - ")
            + "عمر: عندي ٣ تفاحات\n"
            + "٣ - ثم الخبز\n"
            + _in(_PERSIAN, "2024/3/13, 10:00 - ")
            + "سارة: شكرا ٢٠ مرة",
            ["2024-03-12 21:05", "2024-03-13 10:00"],
        ),
        (
            _in(_BENGALI, "12/3/24").replace("،", ",")
            + _in(_BENGALI, ", 9:05 PM - ").replace("،", ",")
            + "عمر: عندي ٣ تفاحات\n"
            + "٣ - ثم الخبز\n"
            + _in(_BENGALI, "13/3/24").replace("،", ",")
            + _in(_BENGALI, ", 10:00 AM - ").replace("،", ",")
            + "سارة: شكرا ٢٠ مرة",
            ["2024-03-12 21:05", "2024-03-13 10:00"],
        ),
    ],
    ids=["arabic-android", "arabic-ios", "persian", "bengali"],
)
def test_headers_in_a_scripts_own_digits_are_read_and_texts_keep_theirs(
    layout: str, times: list[str]
) -> None:
    """An Arabic (Persian, Bengali…) phone writes dates and clocks in its own digits."""
    assert whatsapp.sniff(layout.encode(), "x.txt") is None
    chat = text(layout)
    assert chat.messages.select("at", "sender").rows() == [
        (t(times[0]), "عمر"),
        (t(times[1]), "سارة"),
    ]
    # the texts keep their digits, and a line after a header stays as written, even one
    # that starts like a header in those digits
    assert chat.messages["text"].to_list() == ["عندي ٣ تفاحات\n٣ - ثم الخبز", "شكرا ٢٠ مرة"]
    assert chat.skipped == ()


def test_a_file_holding_every_control_byte_is_still_split_into_lines() -> None:
    """The fast line splitter needs a byte the file lacks; without one, lines are split in Python."""
    odd = "".join(chr(c) for c in (0x1F, 0x1E, 0x1D, 0x1C, 0x01, 0x02, 0x03))
    chat = text(
        f"13/03/2021, 10:00 - Sam: odd {odd}\r\nsecond line\r\n13/03/2021, 10:01 - Jo: ok\r\n"
    )
    assert chat.messages["text"].to_list() == [f"odd {odd}\nsecond line", "ok"]


def test_windows_line_ends_and_byte_order_mark_read_like_the_original() -> None:
    original = read("android_dmy_24h.txt")
    windows = read("crlf_bom.txt")
    assert windows.messages.equals(original.messages)
    assert windows.system == original.system
    assert "\r" not in "".join(windows.messages["text"].to_list())


def test_timestamps_that_go_backwards_stay_in_file_order() -> None:
    chat = read("backwards.txt")
    assert chat.messages.select("at", "position").rows() == [
        (t("2021-03-13 10:00"), 1),
        (t("2021-03-13 09:00"), 2),
        (t("2021-03-13 10:30"), 3),
    ]


def test_edge_cases() -> None:
    chat = read("edge_cases.txt")
    check(chat)
    assert chat.messages.select("sender", "text", "kind", "position").rows() == [
        # "Sam:" ends the line: the text is on the next one.
        ("Sam", "\nthe text starts here", "text", 1),
        # A continuation line that starts with a date is still a continuation.
        ("Robin", "14/03/2021 was a good day\n14/03/2021 was a good day, I said", "text", 3),
        # Marks around a phone number (U+202A … U+202C) are not part of the name.
        ("+44 7700 900123", "who is this?", "text", 5),
        ("Robin", LRM, "text", 6),
        # "Voice call" followed by words is a text, not a call record.
        ("Robin", "Voice call me later", "text", 7),
    ]


def test_unreadable_headers_and_text_before_the_first_message_are_skips() -> None:
    chat = read("bad_lines.txt")
    check(chat)
    assert chat.messages.select("text", "position").rows() == [("ok", 2), ("fine", 7)]
    assert [(s.position, s.reason) for s in chat.skipped] == [
        (1, "text before the first message"),
        (
            3,
            "'31/31/2021' is not a date read as day/month/year "
            "(if that order is wrong, give the date order)",
        ),
        (5, "'25:00' is not a time of day"),
        (6, "'10:61' is not a time of day"),
    ]
    assert chat.skipped[0].to_dict() == {"line": 1, "reason": "text before the first message"}


def test_en_dash_and_spaced_headers_are_read_whole() -> None:
    chat = text("13/03/2021, 10:00 – Sam: hi\n13/03/2021, 10:01\u00a0- Jo: hey\n")
    assert chat.messages.select("sender", "text").rows() == [("Sam", "hi"), ("Jo", "hey")]


@pytest.mark.parametrize("split", [True, False])
@pytest.mark.parametrize(
    "name",
    [
        "android_dmy_24h.txt",
        "ios_dmy_24h.txt",
        "spanish_12h.txt",
        "edge_cases.txt",
        "bad_lines.txt",
    ],
)
def test_senders_keyed_apart_or_with_the_time_read_the_same(
    name: str, split: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headers with seconds or many senders key the sender on its own; both ways agree."""
    expected = read(name)
    monkeypatch.setattr(whatsapp, "_many_pieces", lambda sample: split)
    chat = read(name)
    assert chat.messages.equals(expected.messages)
    assert (chat.system, chat.skipped) == (expected.system, expected.skipped)


def test_a_big_group_without_seconds() -> None:
    people = [f"Person {i}" for i in range(12)]
    lines = [f"13/03/2021, 10:{i:02d} - {people[i % 12]}: message {i}" for i in range(48)]
    chat = text("\n".join(lines))
    assert chat.participants == people
    assert chat.messages["text"][47] == "message 47"


# -- zip ---------------------------------------------------------------------------------


def test_ios_zip_reads_its_chat_txt() -> None:
    chat = read("WhatsApp Chat - Book club.zip")
    assert chat.messages.equals(read("ios_dmy_24h.txt").messages)
    assert chat.title == "Book club"


def test_android_zip_reads_its_chat_txt_whatever_comes_first() -> None:
    chat = read("android_chat.zip")
    assert chat.messages.equals(read("android_dmy_24h.txt").messages)
    assert chat.title == "Book club"


def test_zip_without_a_chat_is_an_error_naming_the_file() -> None:
    with pytest.raises(ChatError, match=r"no_chat\.zip: this \.zip holds no WhatsApp chat"):
        read("no_chat.zip")
    assert whatsapp.sniff((HERE / "no_chat.zip").read_bytes(), "no_chat.zip") is not None


def test_corrupt_zip_is_an_error_naming_the_file() -> None:
    with pytest.raises(ChatError, match=r"corrupt\.zip: this \.zip is damaged"):
        read("corrupt.zip")
    assert whatsapp.sniff((HERE / "corrupt.zip").read_bytes(), "corrupt.zip") == "a damaged .zip"


def test_title_comes_from_the_export_name() -> None:
    data = (HERE / "android_dmy_24h.txt").read_bytes()
    chat = whatsapp.read(data, "/tmp/WhatsApp Chat with Book club.txt", ReadOptions())
    assert chat.title == "Book club"
    assert read("android_dmy_24h.txt").title == ""


def test_zip_with_one_txt_of_another_name_is_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("chat export.txt", "13/03/2021, 10:00 - Sam: hi\n")
    chat = whatsapp.read(buffer.getvalue(), "export.zip", ReadOptions())
    assert chat.messages["text"].to_list() == ["hi"]


# -- bad input ---------------------------------------------------------------------------


def test_bad_utf8_names_the_byte_offset() -> None:
    data = (HERE / "not_utf8.txt").read_bytes()
    offset = data.index(b"\xe9")
    with pytest.raises(ChatError, match=rf"offset {offset} \(line 2\)") as caught:
        read("not_utf8.txt")
    assert caught.value.position == offset
    assert caught.value.unit == "byte"


def test_bad_utf8_after_a_byte_order_mark_counts_the_mark() -> None:
    data = b"\xef\xbb\xbf13/03/2021, 10:00 - Sam: \xff\n"
    offset = data.index(b"\xff")
    with pytest.raises(ChatError, match=f"offset {offset}"):
        whatsapp.read(data, "x.txt", ReadOptions())


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt", "not_whatsapp.txt", "system_only.txt"])
def test_no_messages_is_an_error(name: str) -> None:
    with pytest.raises(ChatError, match=rf"{name}: no WhatsApp messages were found"):
        read(name)


def test_only_unreadable_headers_is_an_error_naming_the_first() -> None:
    with pytest.raises(ChatError, match=r"no WhatsApp messages could be read; line 1: '25:00'"):
        text("13/03/2021, 25:00 - Sam: hi\n")


# -- sniff -------------------------------------------------------------------------------


def test_sniff_looks_inside_zips_and_at_the_first_lines() -> None:
    for path in HERE.iterdir():
        if path.suffix in {".txt", ".zip"} and path.name not in {
            "empty.txt",
            "blank.txt",
            "not_whatsapp.txt",
            "no_chat.zip",
            "corrupt.zip",
        }:
            assert whatsapp.sniff(path.read_bytes(), path.name) is None, path.name


def test_sniff_only_looks_at_the_first_50_lines() -> None:
    late = "hello\n" * 60 + "13/03/2021, 10:00 - Sam: hi\n"
    assert whatsapp.sniff(late.encode(), "x.txt") is not None


def test_sniff_leaves_other_formats_alone() -> None:
    """Every other reader's fixture (Signal's `[2023-01-05 10:00:00] Name:` included)."""
    others = [p for p in DATA.rglob("*") if p.is_file() and "whatsapp" not in p.parts]
    assert others
    for path in others:
        assert whatsapp.sniff(path.read_bytes(), path.name) is not None, path


def test_registered_under_its_name() -> None:
    assert reader("whatsapp") is whatsapp
    assert whatsapp.NAME == "whatsapp"
    assert whatsapp.LABEL == "WhatsApp (.txt or .zip)"


# -- the generator -----------------------------------------------------------------------


def test_generated_export_is_read_back_whole(tmp_path: Path) -> None:
    path = chat_generate.whatsapp_export(tmp_path / "chat.txt", 3000, seed=7)
    assert (
        path.read_bytes()
        == chat_generate.whatsapp_export(tmp_path / "again.txt", 3000, 7).read_bytes()
    )
    chat = whatsapp.read(path.read_bytes(), path.name, ReadOptions())
    check(chat)
    frame = chat.messages
    assert frame.height == 3000
    assert frame["sender"].n_unique() == 3
    assert chat.system >= 1
    multi = frame["text"].str.contains("\n").mean()
    media = (frame["kind"] == "media").mean()
    assert isinstance(multi, float)
    assert isinstance(media, float)
    assert 0.07 < multi < 0.13
    assert 0.015 < media < 0.045
    assert frame["text"].str.contains("catch up|coffee|walk|dinner|again soon").any()


def test_distinct_export_differs_only_in_its_prose_texts(tmp_path: Path) -> None:
    plain = chat_generate.whatsapp_export(tmp_path / "plain.txt", 3000, seed=7)
    made = chat_generate.whatsapp_export(tmp_path / "distinct.txt", 3000, seed=7, distinct=True)
    chats = [whatsapp.read(p.read_bytes(), p.name, ReadOptions()).messages for p in (plain, made)]
    same = ["at", "sender", "kind"]
    assert chats[0].select(same).equals(chats[1].select(same))
    changed = chats[0]["text"] != chats[1]["text"]
    # the prose (about half the messages) changed, and no changed text repeats
    assert 0.35 < changed.mean() < 0.65  # type: ignore[operator]
    prose = chats[1].filter(changed)["text"].str.split("\n").list.first()
    assert prose.n_unique() == prose.len()
    kept = chats[0].filter(~changed)["text"].str.split("\n").list.first()
    assert kept.n_unique() <= len(chat_generate.SHORT) + len(chat_generate.PLANS) + 1


def test_cached_export_is_made_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_generate, "DATA_DIR", tmp_path)
    first = chat_generate.cached_whatsapp(200, people=2)
    stamp = first.stat().st_mtime_ns
    assert chat_generate.cached_whatsapp(200, people=2) == first
    assert first.stat().st_mtime_ns == stamp
    assert first.parent == tmp_path
