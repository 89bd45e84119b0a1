"""SMS Backup & Restore XML: a fixture in the app's layout, contacts, errors, and fuzzing."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import sms
from twoway.chats.messages import MESSAGE_SCHEMA, Chat, ChatError, ReadOptions, Skip
from twoway.errors import TwowayError

HERE = Path(__file__).parent.parent / "data" / "chats" / "sms"
BACKUP = (HERE / "backup.xml").read_bytes()


def read(data: bytes = BACKUP, **options: Any) -> Chat:
    return sms.read(data, "sms.xml", ReadOptions(**options))


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def entry(tag: str = "sms", **attrs: str) -> str:
    """One `<sms>` (or other) element; a received "hi" from Alice unless told otherwise."""
    defaults = {"address": "+15555550100", "date": "1672912800000", "type": "1"}
    defaults |= {"body": "hi", "contact_name": "Alice"}
    fields = " ".join(f"{k}={quoteattr(v)}" for k, v in (defaults | attrs).items())
    return f"<{tag} {fields} />"


def backup(*entries: str) -> bytes:
    head = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    return (
        head + f'<smses count="{len(entries)}">\n' + "\n".join(entries) + "\n</smses>\n"
    ).encode()


# -- sniff -------------------------------------------------------------------------------


def test_sniff_knows_a_backup_even_when_cut_off() -> None:
    assert sms.sniff(BACKUP, "sms.xml") is None
    assert sms.sniff(BACKUP[:400], "sms.xml") is None
    assert sms.sniff(b"\xef\xbb\xbf<smses count='0'/>", "sms.xml") is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "not XML"),
        (b"[2023-01-05 10:00:00] Alice: hi", "not XML"),
        (b'{"smses": []}', "not XML"),
        (b"<?xml version='1.0'?>\n<calls count='1'><call number='1'/></calls>", "<calls>"),
        (b"<!-- <smses> --><html></html>", "<html>"),
        (b"\xff\xfe<\x00s\x00", "not XML"),
    ],
)
def test_sniff_says_why_not(data: bytes, why: str) -> None:
    reason = sms.sniff(data, "x")
    assert reason is not None
    assert why in reason


# -- one contact of a whole backup ----------------------------------------------------------


def test_a_backup_with_several_contacts_needs_one_chosen() -> None:
    with pytest.raises(ChatError) as info:
        read()
    text = str(info.value)
    assert "3 contacts" in text
    assert (info.value.code, info.value.option) == ("which_chat", "chat")
    assert "--chat" not in text  # the CLI adds its flag; the library names none
    # most messages first; a contact without a name is shown by its number
    assert "Alice (+15555550100, 6 messages); Bob (+15555550177, 2 messages); +15555550188" in text


ALICE = [
    (t("2023-01-05 10:00:00"), "Alice", "Hey! Are we still on for Saturday? 😀", "text", 1),
    # written twice by the app (entry 3): counted once
    (t("2023-01-05 10:01:12"), "Me", "Yes!\nBringing the board games.", "text", 2),
    (t("2023-01-05 10:05:00"), "Alice", "", "media", 5),
    # an MMS date in seconds; its vCard is an attachment beside the text
    (t("2023-01-05 10:06:00"), "Me", "Soup recipe attached 🥣", "text", 6),
    # the same number written without +1, under "(Unknown)"; a lone surrogate → U+FFFD
    (t("2023-01-05 19:10:00"), "Me", "Home safe ♥ \ufffd", "text", 11),
    (t("2023-01-05 19:13:20"), "Alice", "", "text", 12),
]


@pytest.mark.parametrize(
    "choice", ["Alice", " alice ", "+15555550100", "(555) 555-0100", "555555010 0"]
)
def test_the_contact_is_chosen_by_name_or_number(choice: str) -> None:
    chat = read(chat=choice)
    assert chat.format == "sms"
    assert chat.unit == "message"
    assert chat.title == "Alice"
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.messages.rows() == ALICE
    # the draft (entry 8); the group MMS (entry 7) is another thread and not counted
    assert chat.system == 1
    assert chat.skipped == (Skip(9, "no date", "message"),)
    assert chat.participants == ["Alice", "Me"]


def test_time_zone_and_my_name() -> None:
    chat = read(chat="Alice", tz="Europe/Berlin", me="Sam")
    assert chat.messages["at"].to_list()[0] == t("2023-01-05 11:00:00")
    assert chat.messages["at"].dtype == MESSAGE_SCHEMA["at"]
    assert chat.participants == ["Alice", "Sam"]
    summer = read(backup(entry(date="1688205600000")), tz="America/New_York")
    assert summer.messages["at"].to_list() == [t("2023-07-01 06:00:00")]


def test_an_unknown_time_zone_is_an_error() -> None:
    with pytest.raises(ChatError, match="unknown time zone 'Mars/Olympus'"):
        read(chat="Alice", tz="Mars/Olympus")


def test_a_contact_without_a_name_is_shown_by_number() -> None:
    chat = read(chat="+1 555 555 0188")
    assert chat.messages.rows() == [
        (t("2023-01-05 10:13:20"), "+15555550188", "Your code is 4411", "text", 10)
    ]


def test_an_unknown_choice_lists_the_contacts() -> None:
    with pytest.raises(ChatError, match=r"no contact named or numbered 'Carol'.*Alice .*Bob"):
        read(chat="Carol")


def test_two_contacts_with_one_name_are_chosen_by_number() -> None:
    data = backup(
        entry(address="+15555550100", contact_name="Mom"),
        entry(address="+445555550111", contact_name="Mom"),
    )
    with pytest.raises(ChatError, match="'mom' matches 2 contacts; choose one by number"):
        read(data, chat="mom")
    assert read(data, chat="+44 5555 550111").messages.height == 1


def test_a_backup_with_one_contact_needs_no_choice() -> None:
    chat = read(backup(entry(), entry(type="2", body="hello", date="1672912860000")))
    assert chat.messages.rows() == [
        (t("2023-01-05 10:00:00"), "Alice", "hi", "text", 1),
        (t("2023-01-05 10:01:00"), "Me", "hello", "text", 2),
    ]


def test_short_codes_and_names_as_addresses() -> None:
    data = backup(entry(address="AMAZON", contact_name="(Unknown)"), entry(address="72345"))
    assert read(data, chat="amazon").messages["sender"].to_list() == ["AMAZON"]
    assert read(data, chat="72345").messages["sender"].to_list() == ["Alice"]


# -- entries that are not messages ------------------------------------------------------------


def test_drafts_failed_and_unread_mms_are_system_entries() -> None:
    mms_notice = (
        '<mms date="1672912900000" msg_box="1" address="+15555550100" contact_name="Alice">'
        "<parts /><addrs /></mms>"
    )
    chat = read(
        backup(
            entry(),
            entry(type="3", body="draft"),
            entry(type="5", body="failed"),
            entry(type="6", body="queued"),
            mms_notice,
        )
    )
    assert chat.messages.height == 1
    assert chat.system == 4


def test_unreadable_entries_are_skipped_by_position() -> None:
    chat = read(
        backup(
            entry(),
            entry(type="9"),
            entry(date="soon"),
            entry(date="0"),
            entry(date="99999999999999999"),
            entry(address=""),
            entry(address="+15555550177", date="later", contact_name="Bob"),
            "<call number='1' />",
            entry(body="still here"),
        ),
        chat="Alice",
    )
    assert chat.messages["position"].to_list() == [1, 8]
    reasons = {s.position: s.reason for s in chat.skipped}
    assert all(s.unit == "message" for s in chat.skipped)
    # Bob's broken entry (7) is Bob's business, not this chat's
    assert sorted(reasons) == [2, 3, 4, 5, 6]
    assert "neither 1 (received) nor 2 (sent)" in reasons[2]
    assert "'soon' is not a count of milliseconds" in reasons[3]
    assert "0" in reasons[4]
    assert "beyond the years" in reasons[5]
    assert "no address" in reasons[6]


def test_mms_addresses_when_the_thread_address_is_missing() -> None:
    received = (
        '<mms date="1672912900000" msg_box="1" contact_name="Alice"><parts>'
        '<part ct="text/plain" text="from the addr list" /></parts><addrs>'
        '<addr address="+15555550100" type="137" /><addr address="+15555550123" type="151" />'
        "</addrs></mms>"
    )
    sent = (
        '<mms date="1672913000" msg_box="2" contact_name="Alice"><parts>'
        '<part ct="application/smil" text="&lt;smil/&gt;" /><part ct="image/png" text="null" />'
        '</parts><addrs><addr address="insert-address-token" type="137" />'
        '<addr address="+15555550100" type="151" /></addrs></mms>'
    )
    chat = read(backup(received, sent))
    assert chat.messages.rows() == [
        (t("2023-01-05 10:01:40"), "Alice", "from the addr list", "text", 1),
        (t("2023-01-05 10:03:20"), "Me", "", "media", 2),
    ]


def test_one_number_written_twice_is_not_a_group() -> None:
    mms = (
        '<mms date="1672912900000" msg_box="1" address="+15555550100~(555) 555-0100">'
        '<parts><part ct="text/plain" text="just us" /></parts></mms>'
    )
    assert read(backup(mms)).messages["text"].to_list() == ["just us"]


def test_only_group_mms_is_no_chat() -> None:
    group = (
        '<mms date="1672912900000" msg_box="1" address="+15555550100~+15555550177">'
        '<parts><part ct="text/plain" text="hi all" /></parts></mms>'
    )
    with pytest.raises(ChatError, match="only 1 group MMS"):
        read(backup(group))


@pytest.mark.parametrize(
    "data", [b"<smses count='0'></smses>", b"<smses/>", backup(entry(type="3"))]
)
def test_no_messages_is_an_error(data: bytes) -> None:
    with pytest.raises(ChatError, match="no messages"):
        read(data)


# -- broken files ------------------------------------------------------------------------------


def test_a_cut_off_backup_names_line_and_column() -> None:
    cut = BACKUP[: BACKUP.index(b"<sms", BACKUP.index(b"Bob")) + 30]
    with pytest.raises(ChatError) as info:
        read(cut)
    assert info.value.unit == "line"
    assert info.value.position == cut.count(b"\n") + 1
    assert "column" in str(info.value)
    assert "broken or cut short" in str(info.value)


def test_columns_stay_true_after_emoji_are_repaired() -> None:
    line = '<sms date="1" type="1" address="1" body="&#55357;&#56832;&#55357;&#56832;" <'
    with pytest.raises(ChatError) as info:
        read(f"<smses>\n{line}\n</smses>".encode())
    assert info.value.position == 2
    assert f"column {len(line)}:" in str(info.value)


def test_another_backup_of_the_app_is_refused() -> None:
    with pytest.raises(ChatError, match="root element is <calls>, not <smses>"):
        read(b"<calls count='1'><call number='+15555550100' /></calls>")


def test_bytes_that_are_not_utf8_are_named_by_offset() -> None:
    data = BACKUP.replace(b"Did you", b"Did \xe9you")
    with pytest.raises(ChatError) as info:
        read(data)
    assert info.value.unit == "byte"
    assert info.value.position == data.index(b"\xe9")


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("&#55357;&#56832;", "😀"),
        ("&#xD83D;&#xDE00;", "😀"),
        ("&#55357;&#x0DE00;", "😀"),
        ("&#56832;&#55357;", "\ufffd\ufffd"),  # the wrong order is two lone halves
        ("&#55357;x&#56832;", "\ufffdx\ufffd"),
        ("&#55357;", "\ufffd"),
        ("&#1;&#9;&#65535;", "\ufffd\t\ufffd"),
        ("&#233;&amp;&#10;", "é&\n"),
    ],
)
def test_character_references_are_repaired(written: str, read_as: str) -> None:
    repaired = sms.repair_references(written)
    assert len(repaired) == len(written) or read_as == "\ufffd\t\ufffd"
    chat = read(backup(entry().replace('body="hi"', f'body="{written}"')))
    assert chat.messages["text"].to_list() == [read_as]
    chat.messages["text"].to_list()[0].encode("utf-8")


# -- fuzzing ---------------------------------------------------------------------------------


def outcome(data: bytes, chat: str | None = None) -> None:
    """sniff never raises; read gives a well-formed Chat in file order or a TwowayError."""
    reason = sms.sniff(data, "fuzz")
    assert reason is None or isinstance(reason, str)
    try:
        result = sms.read(data, "fuzz", ReadOptions(chat=chat, tz="Pacific/Kiritimati"))
    except TwowayError:
        return
    assert result.messages.schema == MESSAGE_SCHEMA
    assert result.messages.height > 0
    positions = result.messages["position"].to_list()
    assert positions == sorted(set(positions))
    assert all(isinstance(s, Skip) and s.unit == "message" for s in result.skipped)
    assert set(result.messages["kind"].to_list()) <= {"text", "media", "call", "deleted"}
    assert len(set(result.messages["sender"].to_list())) <= 2
    result.messages["at"].to_list()  # every time is a real datetime
    for text in result.messages["text"].to_list():
        text.encode("utf-8")


VALUES = st.sampled_from(
    [
        "",
        "null",
        "1",
        "2",
        "3",
        "0",
        "1672912800",
        "253402300799999",
        "+15555550100",
        "a~b",
        "(Unknown)",
        "&#55357;",
        "&#55357;&#56832;",
        "&#xDE00;",
        "&#0;",
        "&#99999999;",
        "&lt;",
        "&bogus;",
        '"',
        "<",
    ]
)


@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@given(st.text(max_size=300), st.none() | st.text(max_size=5))
def test_fuzz_arbitrary_text(text: str, chat: str | None) -> None:
    outcome(text.encode("utf-8", "surrogatepass"), chat)
    outcome(f"<smses>{text}</smses>".encode("utf-8", "surrogatepass"), chat)


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["address", "date", "type", "body", "contact_name"]),
            VALUES | st.text(max_size=8).map(lambda s: quoteattr(s)[1:-1]),
        ),
        max_size=6,
    ),
    st.none() | VALUES,
)
def test_fuzz_arbitrary_entries(entries: list[dict[str, str]], chat: str | None) -> None:
    parts = []
    for attrs in entries:
        fields = " ".join(f'{k}="{v}"' for k, v in attrs.items())
        parts.append(f"<sms {fields} />")
    outcome(("<smses>" + "".join(parts) + "</smses>").encode(), chat)


ATTRIBUTE = re.compile(rb'(?<= )[a-z_]+="[^"]*"')
SPANS = [m.span() for m in ATTRIBUTE.finditer(BACKUP)]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.data(), VALUES | st.text(max_size=10), st.booleans(), st.sampled_from([None, "Alice"]))
def test_fuzz_mutated_backups(
    data: st.DataObject, value: str, delete: bool, chat: str | None
) -> None:
    start, end = SPANS[data.draw(st.integers(0, len(SPANS) - 1))]
    name = BACKUP[start:end].split(b"=", 1)[0]
    replacement = b"" if delete else name + b'="' + value.encode("utf-8", "surrogatepass") + b'"'
    outcome(BACKUP[:start] + replacement + BACKUP[end:], chat)


@settings(max_examples=100)
@given(st.data())
def test_fuzz_damaged_bytes(data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(BACKUP)))
    at = data.draw(st.integers(0, len(BACKUP) - 1))
    byte = data.draw(st.integers(0, 255))
    outcome(BACKUP[:cut], "Alice")
    outcome(BACKUP[:at] + bytes([byte]) + BACKUP[at + 1 :], "Alice")
