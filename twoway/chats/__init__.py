"""Chat exports people already have, read into one normalized message table.

Each format is one module exposing `NAME`, `LABEL`, `sniff(data, source)` (None
when the bytes look like this format, else the reason they do not) and
`read(data, source, options) -> Chat`. `detect` tries them in order.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from types import ModuleType

from twoway.chats.messages import Chat, ChatError, ReadOptions, Skip, as_utf8
from twoway.chats.other_exports import other_export
from twoway.chats.people import link_people
from twoway.chats.sanity import check_times
from twoway.errors import UnknownFormat

#: Reader modules in the order detection tries them (the most specific first).
READERS = ("whatsapp", "telegram", "meta", "discord", "sms", "signal_md", "csv_chat")

__all__ = ["READERS", "Chat", "ChatError", "ReadOptions", "Skip", "detect", "read_chat", "reader"]


def reader(name: str) -> ModuleType:
    """The reader module for a format name (`whatsapp`, `telegram`, …)."""
    for module in READERS:
        mod = importlib.import_module(f"twoway.chats.{module}")
        if name == mod.NAME:
            return mod
    names = ", ".join(importlib.import_module(f"twoway.chats.{m}").NAME for m in READERS)
    raise UnknownFormat(f"unknown chat format {name!r}; the formats are: {names}")


def format_names() -> list[str]:
    """Every format name, in detection order."""
    return [importlib.import_module(f"twoway.chats.{m}").NAME for m in READERS]


def detect(data: bytes, source: str) -> ModuleType:
    """The reader whose format the bytes are in; else an error saying why each did not fit."""
    reasons = []
    for module in READERS:
        mod = importlib.import_module(f"twoway.chats.{module}")
        why = mod.sniff(data, source)
        if why is None:
            return mod
        reasons.append(f"  {mod.LABEL}: {why}")
    other = other_export(data, source)
    if other is not None:
        raise UnknownFormat(
            f"{source}: this is an {other.form} export from {other.app}, which twoway does "
            f"not read; it reads the app's JSON export: {other.instead}.",
            code="export_not_read",
            app=other.app,
            form=other.form,
        )
    raise UnknownFormat(
        f"{source}: not a chat export twoway can read. Formats tried:\n" + "\n".join(reasons)
    )


def read_chat(
    data: bytes, source: str, fmt: str | None = None, options: ReadOptions | None = None
) -> Chat:
    """Read one export: its format detected from the content unless `fmt` names it."""
    options = options or ReadOptions()
    data, read_notes = as_utf8(data, source)
    mod = reader(fmt) if fmt and fmt != "auto" else detect(data, source)
    chat: Chat = mod.read(data, source, options)
    if read_notes:
        chat = replace(chat, notes=(*read_notes, *chat.notes))
    chat = link_people(chat, options.same)
    checked = check_times(chat, options.latest)
    if checked.messages.is_empty():
        first = checked.skipped[0] if checked.skipped else None
        raise ChatError(
            source,
            "no message has a possible date"
            + (f"; {first.where()}: {first.reason}" if first else ""),
            code="no_possible_dates",
        )
    return checked
