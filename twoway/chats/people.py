"""Who is who in a chat: two spellings are two people unless something links them.

WhatsApp writes "~ Leon" for someone not in your contacts and "Leon" for a
contact; in one group both can be real, different people who answer each other.
So names are never merged by looking alike. Two names become one person only
when the export says so (a "changed their phone number" line: `Chat.links`) or
when you say so (`ReadOptions.same`, pairs "as written=as it should read").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import polars as pl

from twoway.chats.messages import Chat
from twoway.errors import TwowayError


def parse_same(values: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Pairs from "~ Leon=Leon" texts (blank ones ignored); a text without "=" is an error."""
    pairs = []
    for value in values:
        if not value.strip():
            continue
        written, sep, meant = value.partition("=")
        if not sep or not written.strip() or not meant.strip():
            raise TwowayError(
                f"{value!r} is not two names joined by '=' (for example '~ Leon=Leon')",
                code="bad_same",
                option="same",
                value=value,
            )
        pairs.append((written.strip(), meant.strip()))
    return tuple(pairs)


def link_people(chat: Chat, same: Sequence[tuple[str, str]] = ()) -> Chat:
    """`chat` with each linked name replaced by the one it is linked to, and a note per link.

    The export's own links (`chat.links`) come first, then `same`. A pair naming
    nobody who writes in the chat is noted and changes nothing.
    """
    if not chat.links and not same and not chat.spellings:
        return chat
    present = set(chat.participants)
    mapping: dict[str, str] = {}
    notes = list(chat.notes)
    for pairs, why in ((chat.links, "a line in the export links them"), (same, "you said so")):
        for written, meant in pairs:
            if written == meant:
                continue
            if written not in present:
                if why == "you said so":
                    notes.append(
                        f"‘{written}’ does not write in {_name(chat)}; nothing was linked."
                    )
                continue
            mapping[written] = meant
            notes.append(f"‘{written}’ and ‘{meant}’ are read as one person, ‘{meant}’: {why}.")
    for marked, plain in chat.spellings:
        if mapping.get(marked) != plain and mapping.get(plain) != marked:
            notes.append(
                f"‘{marked}’ and ‘{plain}’ are counted as two people: nothing in the export "
                "links them (say they are the same to read them as one)."
            )
    if not mapping:
        return replace(chat, notes=tuple(notes))
    final = {name: _follow(name, mapping) for name in mapping}
    senders = chat.messages["sender"].replace(final)
    return replace(chat, messages=chat.messages.with_columns(sender=senders), notes=tuple(notes))


def _follow(name: str, mapping: dict[str, str]) -> str:
    """Where a chain of links ends (a=b, b=c: c); a loop ends where it started again."""
    seen = {name}
    while name in mapping and mapping[name] not in seen:
        name = mapping[name]
        seen.add(name)
    return name


def _name(chat: Chat) -> str:
    return chat.source.replace("\\", "/").rsplit("/", 1)[-1]


def tilde_names(senders: pl.Series) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """WhatsApp's "~ " before people who are not your contacts, dropped where safe.

    Returns (renames, spellings): "~ Leon" reads as "Leon" unless someone named
    "Leon" also writes; such pairs stay two people and are returned as spellings
    (`Chat.spellings`), which `link_people` notes unless they are linked.
    """
    names = set(senders.drop_nulls().unique().to_list())
    renames, spellings = {}, []
    for name in sorted(n for n in names if n.startswith("~")):
        plain = name[1:].strip()
        if not plain:
            continue
        if plain in names:
            spellings.append((name, plain))
        else:
            renames[name] = plain
    return renames, tuple(spellings)
