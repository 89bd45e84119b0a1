"""What an uploaded file is: a ledger, a chat export, or a whole twoway account.

Detection reads the file's name and its first bytes only; reading the whole
file is the background job's work. Chat formats are recognised by the chat
readers' own sniffers (`twoway.chats.detect`), so a format added there is
recognised here too.
"""

from __future__ import annotations

import re

from twoway.chats import detect
from twoway.core.events import REQUIRED_COLUMNS
from twoway.core.ledger import format_for
from twoway.errors import TwowayError, UnknownFormat
from twoway.web.accounts.portability import FORMAT as ACCOUNT_FORMAT

LEDGER, CHAT, ACCOUNT = "ledger", "chat", "account"

#: How far into a file detection looks.
_HEAD = 64 * 1024

#: `"format": "twoway-account"`, which an account export writes first.
_ACCOUNT = re.compile(rb'"format"\s*:\s*"' + re.escape(ACCOUNT_FORMAT.encode()) + rb'"')

_WHAT_WE_READ = (
    "twoway imports ledger files (.csv or .jsonl, with the columns at, by and kind), "
    "chat exports (WhatsApp .txt or .zip, Telegram, Messenger, Instagram or Discord JSON, "
    "Signal Markdown, SMS Backup & Restore XML, or a CSV with timestamp, sender and text) "
    "and twoway account exports (.json)"
)


def detect_kind(data: bytes, filename: str) -> str:
    """`"ledger"`, `"chat"` or `"account"`; a `TwowayError` when the file is none of them."""
    head = data[:_HEAD].removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head:
        raise TwowayError(f"{filename} is empty")
    if head.startswith(b"{") and _ACCOUNT.search(head):
        return ACCOUNT
    if filename.lower().endswith((".jsonl", ".ndjson")):
        return LEDGER
    try:
        detect(data, filename)
    except UnknownFormat as exc:
        if exc.code == "export_not_read":
            raise  # a chat app's export in a form twoway does not read: it says which to take
    else:
        return CHAT
    if format_for(filename) is not None or _looks_like_ledger(head):
        return LEDGER
    raise TwowayError(f"{filename}: twoway cannot tell what this file is. {_WHAT_WE_READ}.")


def _looks_like_ledger(head: bytes) -> bool:
    """A CSV header naming the ledger's required columns, or a first line that is a JSON object."""
    first = head.split(b"\n", 1)[0].strip()
    if first.startswith(b"{"):
        return b'"at"' in first
    columns = {c.strip().strip('"').lower() for c in first.decode("utf-8", "replace").split(",")}
    return all(c in columns for c in REQUIRED_COLUMNS)
