"""Telegram Desktop's JSON export (`result.json`).

Two shapes: one chat (`{"name", "type", "id", "messages": [...]}`) or the whole
account (`{"chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}, ...}`).

Decisions:

- Whole account: the chat is chosen with `ReadOptions.chat`, by name (ignoring
  case) or by id; chats you left (`left_chats`) can be chosen too. With no choice
  and exactly one chat it is taken; with several, the error lists them. The
  "Saved Messages" chat has no name in the export and is called that. A name
  shared by several chats must be chosen by id. A single-chat export ignores
  `ReadOptions.chat`: the file holds only that chat.
- `text` is a string or a list of pieces (strings and `{"type", "text"}`
  entities); the pieces are joined into the plain text.
- Kinds: a message whose text is empty is `media` (Telegram cannot send an empty
  text, so the content is a photo, file, sticker, voice or video message,
  location, contact, poll… described in other fields); a message with text is
  `text`, including media sent with a caption, whose text is the caption.
- Service entries (`"type": "service"`: joins, pins, title changes…) are not
  messages and are counted in `Chat.system`; except `"action": "phone_call"`
  (answered or missed), a message of kind `call` by its `actor`, with empty
  text. A group's voice chat (`group_call`) is a service entry like the rest.
- `from` (or a call's `actor`) missing, null or empty means a deleted account:
  the sender is "Deleted Account".
- `date` is the wall-clock time Telegram wrote, used as is (`ReadOptions.tz`
  does not apply: the export holds no instants to convert). Edited messages
  appear once, at their original time; replies are ordinary messages.
- `position` is the entry's 1-based index in the chat's `messages` list. An entry
  that cannot be read (not an object, no readable `date`, a sender or text that
  is not text, an unknown `type`) becomes a `Skip` naming that index.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final
from zoneinfo import ZoneInfo

from twoway.chats.json_export import (
    SYSTEM,
    Columns,
    describe,
    gather,
    gc_paused,
    has_key,
    json_object_start,
    load_json,
    safe_text,
    shown,
    wall_clock,
)
from twoway.chats.messages import Chat, ChatError, ReadOptions, check_zone

NAME: Final = "telegram"
LABEL: Final = "Telegram Desktop JSON (result.json)"

DELETED: Final = "Deleted Account"
SAVED: Final = "Saved Messages"
#: the chat types Telegram Desktop writes at the top of a one-chat export
CHAT_TYPES: Final = (
    "personal_chat",
    "bot_chat",
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "private_channel",
    "public_channel",
    "saved_messages",
    "replies",
    "verification_codes",
)
#: how many chat names an error lists before saying how many more there are
_LISTED: Final = 60


def sniff(data: bytes, source: str) -> str | None:
    """None when the bytes look like a Telegram Desktop export, else why not (no full parse)."""
    try:
        why = json_object_start(data)
        if why is not None:
            return why
        if has_key(data, "chats", "{") and has_key(data, "list", "["):
            return None  # the whole account
        if not has_key(data, "messages", "["):
            return "JSON without a `messages` list"
        if has_key(data, "type", one_of=CHAT_TYPES):
            return None
        # A one-chat export without its `type` (cut down by a tool): its messages
        # still carry Telegram's own keys.
        if has_key(data, "from_id", '"') or has_key(data, "date_unixtime", '"'):
            return None
        return "JSON with `messages` but no Telegram chat `type` (personal_chat, private_group…)"
    except Exception:  # sniffing never fails; reading will say what is wrong
        return "could not be examined"


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """One chat of a Telegram Desktop export as the normalized message table."""
    with gc_paused():
        return _read(data, source, options)


def _read(data: bytes, source: str, options: ReadOptions) -> Chat:
    root = load_json(data, source)
    if not isinstance(root, dict):
        raise ChatError(
            source,
            f"expected a JSON object (a Telegram chat or account export), found {describe(root)}",
        )
    account = "messages" not in root and ("chats" in root or "left_chats" in root)
    chat = _choose(root, source, options) if account else root
    entries = chat.get("messages")
    if not isinstance(entries, list):
        if account:
            what = f"the chat {_label(chat)} has no `messages` list (found {describe(entries)})"
        elif "messages" in chat:
            what = f"expected `messages` to be a list of messages, found {describe(entries)}"
        else:
            what = (
                "expected a `messages` list (a Telegram chat) or `chats` (a whole-account export)"
            )
        raise ChatError(source, what)
    zone = check_zone(options.tz, source)
    columns, skipped, system = gather(entries, _read_entry, zone=zone)
    return Chat(
        format=NAME,
        source=source,
        messages=columns.frame(),
        skipped=tuple(skipped),
        title=safe_text(_display_name(chat)),
        unit="message",
        system=system,
    )


def _read_entry(entry: object, position: int, columns: Columns) -> str | None:
    """Add one entry to the columns; else "system" for a service entry, or why it was skipped."""
    if not isinstance(entry, dict):
        return f"expected a message object, found {describe(entry)}"
    kind_of_entry = entry.get("type")
    if kind_of_entry == "service":
        if entry.get("action") != "phone_call":
            return SYSTEM
        who = "actor"
    elif kind_of_entry == "message":
        who = "from"
    else:
        return f"`type` is {describe(kind_of_entry)} {kind_of_entry!r}, not message or service"
    at = wall_clock(entry.get("date"))
    if at is None and "date" not in entry and "date_unixtime" in entry:
        at = _from_unixtime(entry["date_unixtime"], columns.zone)
        if at is None:
            return (
                f"`date_unixtime` is not a time in seconds (found {shown(entry['date_unixtime'])})"
            )
    if at is None:
        return f"`date` is missing or not a time like 2023-01-05T10:00:00 (found {shown(entry.get('date'))})"
    sender = entry.get(who)
    if sender is None or sender == "":
        sender = DELETED
    elif not isinstance(sender, str):
        return f"`{who}` is {describe(sender)}, not a name"
    if who == "actor":
        columns.add(at, sender, "", "call", position)
        return None
    text = _plain_text(entry.get("text", ""))
    if text is None:
        return "`text` is neither text nor a list of text pieces"
    columns.add(at, sender, text, "text" if text.strip() else "media", position)
    return None


def _from_unixtime(value: object, zone: str | None) -> datetime | None:
    """`date_unixtime` (seconds, as text or a number) as wall-clock time in `zone` (UTC if None)."""
    try:
        seconds = (
            int(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
        )
        if seconds is None:
            return None
        at = datetime.fromtimestamp(seconds, ZoneInfo(zone) if zone else UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return at.replace(tzinfo=None)


def _plain_text(value: object) -> str | None:
    """Telegram's `text` (a string, or a list of strings and entities) as plain text."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return None
    parts: list[str] = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            parts.append(piece["text"])
        else:
            return None
    return "".join(parts)


def _display_name(chat: dict[str, object]) -> str:
    """The chat's name as Telegram shows it (Saved Messages has none in the export)."""
    name = chat.get("name")
    if isinstance(name, str) and name:
        return name
    if chat.get("type") == "saved_messages":
        return SAVED
    return ""


def _chats(root: dict[str, object], source: str) -> list[dict[str, object]]:
    """Every chat of a whole-account export: `chats.list`, then `left_chats.list`."""
    found: list[dict[str, object]] = []
    for key in ("chats", "left_chats"):
        if key not in root:
            continue
        section = root[key]
        listed = section.get("list") if isinstance(section, dict) else None
        if not isinstance(listed, list):
            raise ChatError(source, f"expected `{key}` to be an object with a `list` of chats")
        found.extend(chat for chat in listed if isinstance(chat, dict))
    return found


def _label(chat: dict[str, object]) -> str:
    """`Sam (id 123)` for error messages."""
    name = _display_name(chat) or "(no name)"
    chat_id = chat.get("id")
    label = f"{name} (id {chat_id})" if isinstance(chat_id, int | str) else name
    return safe_text(label)


def _listing(chats: list[dict[str, object]]) -> str:
    labels = [_label(chat) for chat in chats[:_LISTED]]
    more = len(chats) - _LISTED
    return ", ".join(labels) + (f" and {more} more" if more > 0 else "")


def _choose(root: dict[str, object], source: str, options: ReadOptions) -> dict[str, object]:
    """The chat of a whole-account export that `options.chat` names (or the only one)."""
    chats = _chats(root, source)
    if not chats:
        raise ChatError(source, "this Telegram account export holds no chats")
    wanted = options.chat
    if wanted is None:
        if len(chats) == 1:
            return chats[0]
        raise ChatError(
            source,
            f"this Telegram account export holds {len(chats)} chats; say which one "
            f"(its name or id): {_listing(chats)}",
            code="which_chat",
            option="chat",
        )
    key = wanted.strip().casefold()
    by_id = [c for c in chats if isinstance(c.get("id"), int | str) and str(c.get("id")) == key]
    if by_id:
        return by_id[0]
    by_name = [c for c in chats if _display_name(c).casefold() == key]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise ChatError(
            source,
            f"{len(by_name)} chats are named {wanted!r}; say which one by its id: "
            f"{_listing(by_name)}",
            code="which_chat",
            option="chat",
        )
    raise ChatError(
        source, f"no chat named {wanted!r} (nor with that id); the chats are: {_listing(chats)}"
    )
