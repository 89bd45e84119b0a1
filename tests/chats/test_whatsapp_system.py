"""WhatsApp system lines by structure, then by each language's data file; message
kinds (poll, location, call, media, deleted); and who is a participant."""

from __future__ import annotations

import pytest

from twoway.chats import ReadOptions, read_chat
from twoway.chats.people import parse_same
from twoway.chats.whatsapp_patterns import LANGUAGES, MORE_MEDIA, languages_of
from twoway.errors import TwowayError

from .whatsapp_helpers import LRM, check, text

GERMAN_IOS = f"""[27.09.23, 18:02:11] Reise: Rom: {LRM}Mia hat die Gruppe „Reise: Rom“ erstellt
[27.09.23, 18:02:11] Reise: Rom: {LRM}Mia hat dich hinzugefügt
[27.09.23, 18:03:00] Mia: Hallo zusammen
[27.09.23, 18:04:00] ~ Leon: Hi!
[27.09.23, 18:04:30] Leon: Hallo Leon 😄
[27.09.23, 18:05:00] Reise: Rom: {LRM}Du hast eine Nachricht fixiert
[27.09.23, 18:05:10] Mia: {LRM}Mia hat das Gruppenbild geändert
[27.09.23, 18:05:20] Mia: {LRM}Mia hat die Gruppenbeschreibung geändert
{LRM}[28.09.23, 09:00:00] +49 151 23456789: {LRM}Deine Sicherheitsnummer für +49 151 23456789 hat sich geändert. Tippe, um mehr zu erfahren.
[28.09.23, 09:01:00] ~ Leon: {LRM}~ Leon hat die Telefonnummer gewechselt. Tippe, um eine Nachricht zu schreiben.
[28.09.23, 09:02:00] Reise: Rom: {LRM}Mia hat Jonas und 4 weitere Personen hinzugefügt
[28.09.23, 09:03:00] Reise: Rom: {LRM}Jonas ist über den Einladungslink dieser Gruppe beigetreten
[28.09.23, 09:04:00] Mia: {LRM}UMFRAGE:
{LRM}Wann?
{LRM}OPTION: Samstag (2 Stimmen)
[28.09.23, 09:05:00] ~ Leon: {LRM}Standort: https://maps.google.com/?q=41.9,12.5
[28.09.23, 09:06:00] Mia: {LRM}Kontaktkarte weggelassen
[28.09.23, 09:07:00] Leon: {LRM}Diese Nachricht wurde gelöscht.
[28.09.23, 09:08:00] Mia: {LRM}Videonachricht weggelassen
[28.09.23, 09:09:00] Leon: {LRM}Verpasster Sprachanruf
[28.09.23, 09:10:00] Mia: {LRM}Diese Nachricht wurde von einem Admin gelöscht.
[13.10.23, 19:00:00] Mia: Bis bald
"""


def test_german_ios_system_lines_are_not_messages_and_create_nobody() -> None:
    chat = text(GERMAN_IOS)
    check(chat)
    rows = chat.messages.select("sender", "kind").rows()
    assert rows == [
        ("Mia", "text"),
        ("~ Leon", "text"),
        ("Leon", "text"),
        ("Mia", "poll"),
        ("~ Leon", "location"),
        ("Mia", "media"),
        ("Leon", "deleted"),
        ("Mia", "media"),
        ("Leon", "call"),
        ("Mia", "deleted"),
        ("Mia", "text"),
    ]
    assert chat.system == 9
    assert set(chat.participants) == {"Mia", "~ Leon", "Leon"}  # no "Reise", "Du", phone number
    assert chat.messages["text"][3].startswith(f"{LRM}UMFRAGE:\n{LRM}Wann?")
    assert chat.spellings == (("~ Leon", "Leon"),)
    read = read_chat(GERMAN_IOS.encode(), "_chat.txt")
    assert any("‘~ Leon’ and ‘Leon’ are counted as two people" in n for n in read.notes)
    assert "day/month/year" in chat.notes[0]


ANDROID_EN = """12/03/2021, 14:05 - Alex created group "Trip: Rome"
12/03/2021, 14:05 - Alex changed the subject from "Trip: Rome" to "Trip: Paris"
12/03/2021, 14:06 - Alex: POLL:
When?
OPTION: Sat (1 vote)
12/03/2021, 14:07 - Sam: location: https://maps.google.com/?q=1,2
12/03/2021, 14:08 - Sam: null
12/03/2021, 14:09 - Alex: This message was deleted by admin
13/03/2021, 14:10 - Sam: Alex.vcf (file attached)
13/03/2021, 14:11 - Alex: Missed voice call
13/03/2021, 14:12 - Sam: we should have a poll: what now
"""


def test_android_kinds_and_a_group_subject_with_a_colon() -> None:
    chat = text(ANDROID_EN)
    check(chat)
    assert chat.messages.select("sender", "kind").rows() == [
        ("Alex", "poll"),
        ("Sam", "location"),
        ("Sam", "media"),
        ("Alex", "deleted"),
        ("Sam", "media"),
        ("Alex", "call"),
        ("Sam", "text"),
    ]
    assert chat.participants == ["Alex", "Sam"]
    assert chat.system == 2


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Tim hat die Gruppe verlassen", "de"),
        (
            "Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
            "en",
        ),
        ("Alex a ajouté Sam", "fr"),
        ("Ana salió del grupo", "es"),
        ("Ana saiu", "pt"),
        ("Questo messaggio è stato eliminato", "it"),
        ("Dit bericht is verwijderd", "nl"),
    ],
)
def test_each_language_file_knows_its_lines(line: str, language: str) -> None:
    assert language in LANGUAGES
    assert languages_of([line])[0] == language


@pytest.mark.parametrize(
    ("system", "placeholder", "kind"),
    [
        ("Sam a quitté", "Ce message a été supprimé", "deleted"),
        ("Sam salió del grupo", "ENCUESTA:", "poll"),
        ("Sam saiu", "Mensagem apagada", "deleted"),
        ("Sam ha aggiunto Jo", "immagine omessa", "media"),
        ("Sam is vertrokken", "Gemiste spraakoproep", "call"),
    ],
)
def test_ios_system_lines_by_structure_in_every_language(
    system: str, placeholder: str, kind: str
) -> None:
    chat = text(
        f"[13.03.21, 10:00:00] Groep: {LRM}{system}\n"
        f"[13.03.21, 10:01:00] Sam: {LRM}{placeholder}\n"
        "[13.03.21, 10:02:00] Jo: ok\n"
    )
    assert chat.messages["kind"].to_list() == [kind, "text"]
    assert chat.participants == ["Sam", "Jo"]
    assert chat.system == 1


@pytest.mark.parametrize(
    "placeholder",
    ["<Без медиафайлов>", "<Medya dahil edilmedi>", "<تم استبعاد الوسائط>", "<メディアなし>"],
    ids=["ru", "tr", "ar", "ja"],
)
def test_androids_media_placeholder_in_other_languages_is_media(placeholder: str) -> None:
    chat = text(
        f"13.03.2024, 21:05 - Alex: {placeholder}\n"
        "13.03.2024, 21:06 - Sam: <hug>\n"
        f"13.03.2024, 21:07 - Sam: {placeholder} and this is what I meant"
    )
    # a placeholder is the whole text; "<hug>" or a sentence around one is someone's words
    assert chat.messages["kind"].to_list() == ["media", "text", "text"]


def test_other_languages_placeholders_are_whole_bracketed_phrases() -> None:
    for phrase in MORE_MEDIA:
        assert phrase.startswith("<"), phrase
        assert phrase.endswith(">"), phrase
        assert "\n" not in phrase


def test_a_number_change_line_links_two_names() -> None:
    chat = read_chat(
        (
            b"13/03/2021, 10:00 - ~ Leon: hi\n"
            b"13/03/2021, 10:01 - Leon: hey\n"
            b"13/03/2021, 10:02 - ~ Leon changed to Leon\n"
            b"13/03/2021, 10:03 - Mia: hello both\n"
        ),
        "chat.txt",
    )
    assert chat.participants == ["Leon", "Mia"]
    assert any("a line in the export links them" in n for n in chat.notes)


def test_same_links_two_names_when_you_say_so() -> None:
    data = b"13/03/2021, 10:00 - ~ Leon: hi\n13/03/2021, 10:01 - Leon: hey\n"
    assert read_chat(data, "chat.txt").participants == ["~ Leon", "Leon"]
    same = parse_same(["~ Leon=Leon"])
    chat = read_chat(data, "chat.txt", options=ReadOptions(same=same))
    assert chat.participants == ["Leon"]
    nobody = read_chat(data, "chat.txt", options=ReadOptions(same=parse_same(["Kai=Leon"])))
    assert any("does not write" in n for n in nobody.notes)
    with pytest.raises(TwowayError, match="two names joined by '='") as caught:
        parse_same(["Leon"])
    assert (caught.value.code, caught.value.option) == ("bad_same", "same")


def test_a_tilde_alone_reads_as_the_name() -> None:
    chat = read_chat(b"13/03/2021, 10:00 - ~ Leon: hi\n13/03/2021, 10:01 - Mia: hey\n", "c.txt")
    assert chat.participants == ["Leon", "Mia"]
