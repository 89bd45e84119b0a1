"""The fr/es/pt/it/nl phrases checked against peers' parsers and test fixtures.

Each line below is written by us, in the real format, with a phrase that a peer
project's WhatsApp parser or test fixture also lists (docs/chats.md says which
peer, and which phrases are still unchecked). A placeholder must read as its
kind; a system line must be known to its language's file and, written on the
partner's name as iOS writes it, be no message and create nobody.
"""

from __future__ import annotations

import pytest

from twoway.chats.whatsapp_patterns import languages_of

from .whatsapp_helpers import LRM, text

#: (language, the body as the export writes it, its kind; "system" for a system line)
CHECKED = [
    # mlomb/chat-analytics, pipeline/parse/parsers/WhatsApp.ts (placeholders per language)
    ("fr", "<Médias omis>", "media"),
    ("fr", "<Fichier omis>", "media"),
    ("es", "<Multimedia omitido>", "media"),
    ("es", "<Archivo omitido>", "media"),
    ("es", "imagen omitida", "media"),
    ("es", "documento omitido", "media"),
    ("it", "<Media omessi>", "media"),
    ("it", "<Media omesso>", "media"),
    ("nl", "<Media weggelaten>", "media"),
    ("pt", "<Mídia omitida>", "media"),
    ("pt", "<ficheiro não revelado>", "media"),
    # its encryption notice, and other peers' parsers and fixtures for the rest
    (
        "es",
        "Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de "
        "este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
        "system",
    ),
    ("fr", "Les messages et les appels sont chiffrés de bout en bout.", "system"),
    ("it", "I messaggi e le chiamate sono crittografati end-to-end.", "system"),
    ("pt", "As mensagens e chamadas são criptografadas de ponta a ponta.", "system"),
    ("pt", "As mensagens e as chamadas são encriptadas ponta a ponta.", "system"),
    ("it", "immagine omessa", "media"),
    ("it", "Cris ha aggiunto Luca", "system"),
    ("es", 'Diego creó el grupo "Salida del sábado"', "system"),
    ("es", "Te uniste mediante el enlace de invitación de este grupo", "system"),
    ("es", "Se eliminó este mensaje.", "deleted"),
    ("es", "Eliminaste este mensaje.", "deleted"),
    ("es", "Este mensaje fue eliminado", "deleted"),
    ("fr", "Ce message a été supprimé", "deleted"),
    ("fr", "Vous avez supprimé ce message", "deleted"),
    ("it", "Questo messaggio è stato eliminato", "deleted"),
    ("it", "Hai eliminato questo messaggio", "deleted"),
    ("pt", "<Mídia oculta>", "media"),
    ("pt", "Esta mensagem foi apagada", "deleted"),
    ("pt", "Você apagou esta mensagem", "deleted"),
    ("nl", "Dit bericht is verwijderd", "deleted"),
    ("nl", "Je hebt dit bericht verwijderd", "deleted"),
    ("nl", 'Sanne heeft het onderwerp gewijzigd naar "Weekend"', "system"),
]


@pytest.mark.parametrize(("language", "body", "kind"), CHECKED)
def test_a_checked_phrase_belongs_to_its_language(language: str, body: str, kind: str) -> None:
    assert language in languages_of([body])


@pytest.mark.parametrize(("language", "body", "kind"), [c for c in CHECKED if c[2] != "system"])
def test_a_checked_placeholder_reads_as_its_kind_on_android(
    language: str, body: str, kind: str
) -> None:
    chat = text(
        "12/03/2024, 14:20 - Sam: hola\n"
        f"12/03/2024, 14:21 - Sam: {body}\n"
        "12/03/2024, 14:22 - Jo: ok\n"
    )
    assert chat.messages["kind"].to_list() == ["text", kind, "text"]


@pytest.mark.parametrize(("language", "body", "kind"), [c for c in CHECKED if c[2] == "system"])
def test_a_checked_system_line_on_the_partners_name_is_no_message(
    language: str, body: str, kind: str
) -> None:
    # iOS writes the notice on the partner's name, its body after U+200E
    chat = text(
        f"[12/03/2024, 14:20:00] Sam: {LRM}{body}\n"
        "[12/03/2024, 14:21:00] Sam: hola\n"
        "[12/03/2024, 14:22:00] Jo: ok\n"
    )
    assert chat.messages["text"].to_list() == ["hola", "ok"]
    assert chat.system == 1
    assert chat.participants == ["Sam", "Jo"]
