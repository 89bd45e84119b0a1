"""Write the WhatsApp fixtures in this folder: `python tests/data/chats/whatsapp/make_fixtures.py`.

The files imitate real exports line for line, including the invisible marks
phones put in them, which is why they are written by this script rather than
by hand: U+200E (LRM) before iOS placeholders and notices, U+202F (narrow
no-break space) before AM/PM and after the "~" of unsaved contacts, U+00A0 in
Spanish "p. m.", a byte-order mark and CRLF line ends. Nothing here is fetched.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).parent
LRM = "\u200e"
NNBSP = "\u202f"
NBSP = "\u00a0"
E2E = (
    "Messages and calls are end-to-end encrypted. No one outside of this chat, "
    "not even WhatsApp, can read or listen to them. Tap to learn more."
)

FILES: dict[str, str] = {
    # Android, English (UK): day first, 24-hour clock, a group with its events.
    "android_dmy_24h.txt": f"""12/03/2021, 09:15 - {E2E}
12/03/2021, 09:15 - Robin created group "Book club"
12/03/2021, 09:16 - Robin added Sam
12/03/2021, 09:16 - Robin added +44 7700 900123
12/03/2021, 09:20 - Robin: Welcome everyone!
12/03/2021, 09:21 - Sam: Thanks for setting this up 😊
12/03/2021, 09:22 - Sam: First book idea:
The Left Hand of Darkness
or Piranesi?
12/03/2021, 09:25 - +44 7700 900123: <Media omitted>
12/03/2021, 09:26 - Robin: This message was deleted
12/03/2021, 09:30 - Robin changed the subject from "Book club" to "Book club: spring"
13/03/2021, 18:02 - Sam: we should catch up sometime <This message was edited>
13/03/2021, 18:05 - Robin: IMG-20210313-WA0004.jpg (file attached)
Our shelf
13/03/2021, 18:07 - Robin changed this group's icon
13/03/2021, 18:10 - +44 7700 900123 left
14/03/2021, 08:00 - Sam: Deal: Piranesi it is
""",
    # Android, English (US): month first, 12-hour clock, U+202F before AM/PM.
    "android_mdy_12h.txt": f"""3/12/21, 9:15{NNBSP}AM - {E2E}
3/12/21, 9:15{NNBSP}AM - Jo: hey!
3/12/21, 12:05{NNBSP}PM - Kim: lunch?
3/13/21, 12:30{NNBSP}AM - Jo: can't sleep
3/13/21, 11:59{NNBSP}PM - Kim: You deleted this message
""",
    # iOS, English (UK): brackets and seconds, placeholders and notices after U+200E,
    # an unsaved contact ("~ Alex"), calls, a multi-line message with a blank line.
    "ios_dmy_24h.txt": f"""[12/03/2021, 09:15:02] Book club: {LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
[12/03/2021, 09:15:02] Book club: {LRM}Robin created group “Book club”
[12/03/2021, 09:16:10] Book club: {LRM}Robin added Sam
[12/03/2021, 09:20:45] Robin: Welcome everyone!
[12/03/2021, 09:21:03] Sam: {LRM}image omitted
[12/03/2021, 09:21:30] Sam: {LRM}<attached: 00000012-PHOTO-2021-03-12-09-21-30.jpg>
{LRM}[12/03/2021, 09:22:00] ~{NNBSP}Alex: hi all
[12/03/2021, 09:23:11] Robin: {LRM}Missed voice call, {LRM}Tap to call back
[12/03/2021, 09:40:00] Robin: {LRM}Voice call, {LRM}12 min
[13/03/2021, 18:00:00] Sam: {LRM}This message was deleted.
[13/03/2021, 18:01:00] Sam: a mark{LRM} inside stays
[13/03/2021, 18:02:00] Robin: Report.pdf • {LRM}3 pages {LRM}document omitted
[13/03/2021, 18:03:00] Robin: line one
line two

line four
[13/03/2021, 18:04:00] Book club: {LRM}Robin changed the group name to “Readers”
[13/03/2021, 18:05:00] Sam: Messages and calls are end-to-end encrypted? Really?
[13/03/2021, 18:06:00] ~{NNBSP}Alex: {LRM}sticker omitted
""",
    # iOS, English (US): month first, 12-hour clock with seconds.
    "ios_mdy_12h.txt": f"""[3/12/21, 9:15:02{NNBSP}AM] Jo: good morning
[3/12/21, 12:00:00{NNBSP}PM] Kim: noon
[3/13/21, 12:00:59{NNBSP}AM] Jo: midnight
[3/13/21, 1:02:03{NNBSP}PM] Kim: {LRM}Missed video call
""",
    # Android, German: dots, 2-digit years, German notices and placeholders.
    "german_24h.txt": """12.03.21, 14:05 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören.
12.03.21, 14:05 - Lena: Hallo!
12.03.21, 14:06 - Tim: <Medien ausgeschlossen>
13.03.21, 09:00 - Tim: Diese Nachricht wurde gelöscht
13.03.21, 09:01 - Tim hat Jonas hinzugefügt
13.03.21, 09:02 - Lena: Bis Samstag
""",
    # Android, German 12-hour clock (vorm./nachm.).
    "german_12h.txt": """12.03.21, 9:05 vorm. - Lena: Morgen
13.03.21, 2:05 nachm. - Tim: Mittag
""",
    # Android, Spanish: "p. m." with a no-break space inside, U+202F before it.
    "spanish_12h.txt": f"""12/3/21, 2:05{NNBSP}p.{NBSP}m. - Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.
12/3/21, 2:05{NNBSP}p.{NBSP}m. - Ana: hola
13/3/21, 9:30{NNBSP}a.{NBSP}m. - Luis: <Multimedia omitido>
13/3/21, 12:10{NNBSP}p.{NBSP}m. - Ana: Se eliminó este mensaje.
13/3/21, 12:11 p. m. - Luis: imagen omitida
""",
    # Android, French: "à" between date and time.
    "french_24h.txt": """12/03/2021 à 14:05 - Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.
12/03/2021 à 14:05 - Léa: Salut !
13/03/2021 à 08:15 - Hugo: <Médias omis>
""",
    # Android, Portuguese (Brazil): no comma between date and time.
    "portuguese_24h.txt": """12/03/2021 14:05 - Ana: oi
13/03/2021 14:06 - Bruno: <Mídia oculta>
""",
    # iOS, Japanese: year first, 午前/午後 before the time.
    "japanese_12h.txt": """[2021/03/12 午前9:05:00] 健: おはよう
[2021/03/12 午後2:05:22] 由美: こんにちは
""",
    # Android, Korean: "2021. 3. 12." and 오전/오후 before the time.
    "korean_12h.txt": """2021. 3. 12. 오전 9:05 - 민수: 안녕
2021. 3. 13. 오후 2:05 - 지은: 반가워
""",
    # Android, Arabic (ص/م) and Greek (π.μ./μ.μ.) markers.
    "arabic_12h.txt": """13/03/2021, 9:05 ص - سارة: صباح الخير
13/03/2021, 2:05 م - عمر: مرحبا
""",
    "greek_12h.txt": """13/3/21, 9:05 π.μ. - Νίκος: καλημέρα
13/3/21, 2:05 μ.μ. - Ελένη: γεια
""",
    # Every date fits day-first and month-first; read month first, the times would
    # jump back from December to January, so day first wins.
    "ambiguous_dates.txt": """11/01/2021, 10:00 - Robin: hi
12/01/2021, 10:00 - Sam: hey
01/02/2021, 10:00 - Robin: new month
02/02/2021, 10:00 - Sam: yes
""",
    # One date that reads either way, nothing to decide by: an error.
    "ambiguous_tie.txt": """03/04/2021, 10:00 - Robin: hi
""",
    # Headers that cannot be read, and text before the first message.
    "bad_lines.txt": """Chat history exported on my phone
12/03/2021, 09:00 - Robin: ok
31/31/2021, 09:05 - Robin: no such date
this line belongs to the header above
13/03/2021, 25:00 - Sam: no such hour
13/03/2021, 10:61 - Sam: no such minute
13/03/2021, 10:00 - Sam: fine
""",
    # The phone's clock went back an hour: the messages stay in file order.
    "backwards.txt": """13/03/2021, 10:00 - Robin: first
13/03/2021, 09:00 - Sam: second, written later
13/03/2021, 10:30 - Robin: third
""",
    # Odd corners: a text on the line after "Sam:", a line that starts with a date
    # but is not a header, a name with a colon in it, marks around a phone number.
    "edge_cases.txt": f"""14/03/2021, 08:00 - Sam:
the text starts here
14/03/2021, 08:01 - Robin: 14/03/2021 was a good day
14/03/2021 was a good day, I said
14/03/2021, 08:02 - \u202a+44 7700 900123\u202c: who is this?
14/03/2021, 08:03 - Robin: {LRM}
14/03/2021, 08:04 - Robin: Voice call me later
""",
    # Only system lines: no messages.
    "system_only.txt": f"""12/03/2021, 09:15 - {E2E}
12/03/2021, 09:16 - Robin added Sam
""",
    "not_whatsapp.txt": """Dear diary,
today was a good day.
""",
}


def write() -> None:
    """Write every fixture (text files, the CRLF and bad-byte ones, the zips)."""
    for name, text in FILES.items():
        (HERE / name).write_bytes(text.encode("utf-8"))
    # Windows line ends and a byte-order mark (an export opened and saved on Windows).
    crlf = FILES["android_dmy_24h.txt"].replace("\n", "\r\n")
    (HERE / "crlf_bom.txt").write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    # A byte that is not UTF-8 in the middle of line 2 (offset 47: 32 + 15).
    (HERE / "not_utf8.txt").write_bytes(
        b"12/03/2021, 09:00 - Robin: ok\n13/03/2021, 09:01 - Sam: caf\xe9 au lait\n"
    )
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "blank.txt").write_bytes(b"\n  \n\n")

    # What phones share: iOS "WhatsApp Chat - Book club.zip" holds `_chat.txt`,
    # Android's holds "WhatsApp Chat with Book club.txt"; both carry the media too.
    photo = b"\xff\xd8\xff\xe0" + bytes(64)
    with zipfile.ZipFile(HERE / "WhatsApp Chat - Book club.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_chat.txt", FILES["ios_dmy_24h.txt"])
        z.writestr("00000012-PHOTO-2021-03-12-09-21-30.jpg", photo)
    with zipfile.ZipFile(HERE / "android_chat.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("IMG-20210313-WA0004.jpg", photo)
        z.writestr("WhatsApp Chat with Book club.txt", FILES["android_dmy_24h.txt"])
    with zipfile.ZipFile(HERE / "no_chat.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("IMG-20210313-WA0004.jpg", photo)
    whole = (HERE / "android_chat.zip").read_bytes()
    (HERE / "corrupt.zip").write_bytes(whole[: len(whole) // 2])


if __name__ == "__main__":
    write()
