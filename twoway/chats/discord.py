"""Discord channels and DMs exported as JSON by DiscordChatExporter.

`{"guild": {...}, "channel": {"id", "type", "name", ...}, "messages": [...],
"messageCount"}`; each message has `id`, `type`, `timestamp` (ISO with an
offset), `content`, `author` (`name`, `nickname`, `isBot`…), `attachments`,
`embeds`, `stickers`, `reactions`, `mentions`, `reference`.

Decisions:

- Types Default and Reply are messages (a reply is an ordinary message); Call
  is a message of kind `call` (empty text); every other type (RecipientAdd,
  ChannelPinnedMessage, GuildMemberJoin, ThreadCreated, …) is not a message
  and is counted in `Chat.system`.
- The sender is the author's `nickname` (the name shown in that server), else
  their `name`. Bots are kept as senders.
- Kinds: empty content is `media` (attachments, stickers, embeds only, or
  content the export does not include); content is `text`, an attachment's
  caption included. DiscordChatExporter has no deleted messages.
- `timestamp` is an instant: it becomes the wall-clock time in `ReadOptions.tz`,
  or UTC without one (a timestamp without an offset is read as UTC). An unknown
  zone is a `ChatError`. Edits appear once, at their original time.
- `position` is the entry's 1-based index in `messages`; an entry that cannot be
  read (not an object, no readable `timestamp`, no author name, content that is
  not text, no `type`) becomes a `Skip` naming it. The title is the channel's name.
"""

from __future__ import annotations

from typing import Final

from twoway.chats.json_export import (
    SYSTEM,
    Columns,
    describe,
    gather,
    gc_paused,
    has_key,
    instant_from_iso,
    json_object_start,
    load_json,
    safe_text,
    shown,
)
from twoway.chats.messages import Chat, ChatError, ReadOptions, check_zone, in_zone

NAME: Final = "discord"
LABEL: Final = "Discord (DiscordChatExporter JSON)"

MESSAGE_TYPES: Final = ("Default", "Reply")
CALL: Final = "Call"


def sniff(data: bytes, source: str) -> str | None:
    """None when the bytes look like a DiscordChatExporter JSON export, else why not."""
    try:
        why = json_object_start(data)
        if why is not None:
            return why
        if not has_key(data, "messages", "["):
            return "JSON without a `messages` list"
        if not (has_key(data, "guild", "{") and has_key(data, "channel", "{")):
            return "JSON with `messages` but no Discord `guild` and `channel`"
        return None
    except Exception:  # sniffing never fails; reading will say what is wrong
        return "could not be examined"


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """One exported Discord channel as the normalized message table."""
    with gc_paused():
        return _read(data, source, options)


def _read(data: bytes, source: str, options: ReadOptions) -> Chat:
    tz = check_zone(options.tz, source)
    root = load_json(data, source)
    if not isinstance(root, dict):
        raise ChatError(
            source,
            f"expected a JSON object with `channel` and a `messages` list, found {describe(root)}",
        )
    entries = root.get("messages")
    if not isinstance(entries, list):
        raise ChatError(
            source, f"expected `messages` to be a list of messages, found {describe(entries)}"
        )
    columns, skipped, system = gather(entries, _read_entry)
    channel = root.get("channel")
    title = channel.get("name") if isinstance(channel, dict) else None
    return Chat(
        format=NAME,
        source=source,
        messages=in_zone(columns.frame(), tz),
        skipped=tuple(skipped),
        title=safe_text(title) if isinstance(title, str) else "",
        unit="message",
        system=system,
    )


def _read_entry(entry: object, position: int, columns: Columns) -> str | None:
    """Add one entry to the columns; else "system" for a notice, or why it was skipped."""
    if not isinstance(entry, dict):
        return f"expected a message object, found {describe(entry)}"
    kind_of_entry = entry.get("type")
    if not isinstance(kind_of_entry, str):
        return f"`type` is {describe(kind_of_entry)}, not a message type such as Default"
    if kind_of_entry not in MESSAGE_TYPES and kind_of_entry != CALL:
        return SYSTEM
    at = instant_from_iso(entry.get("timestamp"))
    if at is None:
        return (
            "`timestamp` is missing or not a time like 2023-01-01T10:00:00+00:00 "
            f"(found {shown(entry.get('timestamp'))})"
        )
    sender = _sender(entry.get("author"))
    if sender is None:
        return "`author` has no `name` or `nickname`"
    if kind_of_entry == CALL:
        columns.add(at, sender, "", "call", position)
        return None
    content = entry.get("content")
    if content is None:
        content = ""
    elif not isinstance(content, str):
        return f"`content` is {describe(content)}, not text"
    columns.add(at, sender, content, "text" if content.strip() else "media", position)
    return None


def _sender(author: object) -> str | None:
    """The author's nickname, else their name; None when neither is text."""
    if not isinstance(author, dict):
        return None
    for key in ("nickname", "name"):
        name = author.get(key)
        if isinstance(name, str) and name.strip():
            return name
    return None
