"""Exports of the apps twoway reads, in a form it does not read: known by their look.

Telegram Desktop exports a chat as HTML unless JSON is chosen, and Facebook's and
Instagram's "Download your information" give HTML unless JSON is chosen. A person
holding such a file needs to hear which export to take instead, not only that
the file is no chat twoway can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Final

__all__ = ["OtherExport", "other_export"]


@dataclass(frozen=True)
class OtherExport:
    """An export in a form twoway does not read, and how to take the one it reads."""

    #: the app that made it ("Telegram Desktop")
    app: str
    #: the form it is in ("HTML")
    form: str
    #: what to do instead, as steps in the app
    instead: str


_TELEGRAM: Final = OtherExport(
    "Telegram Desktop",
    "HTML",
    'in Telegram Desktop, open the chat, choose "Export chat history" in its menu, '
    'set Format to "Machine-readable JSON", and give twoway the result.json it writes',
)
_META: Final = OtherExport(
    "Facebook or Instagram",
    "HTML",
    'ask for "Download your information" again with Format set to "JSON", and give '
    "twoway the chat's message_1.json (in messages/inbox/<chat>/)",
)
#: How far into a file the signs are looked for.
_HEAD: Final = 16 * 1024
#: Meta's pages of one chat: `message_1.html`, `message_2.html` …
_META_NAME: Final = re.compile(r"^message_[0-9]+\.html?$")
#: Class names of the pages Meta's "Download your information" writes.
_META_CLASSES: Final = re.compile(rb'class="[^"]*(?:\b_a6-[a-z]\b|\buiBoxWhite\b|\b_3-95\b)')


def other_export(data: bytes, source: str) -> OtherExport | None:
    """What `data` is when it is a known export twoway does not read, else None."""
    head = data[:_HEAD].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if not head.startswith((b"<!doctype html", b"<html")):
        return None
    if b'class="page_wrap"' in head and (
        b"<title>exported data</title>" in head or b"history" in head
    ):
        return _TELEGRAM
    name = PurePosixPath(source.replace("\\", "/")).name.lower()
    if _META_NAME.match(name) or _META_CLASSES.search(data[:_HEAD]):
        return _META
    return None
