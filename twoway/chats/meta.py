"""Facebook Messenger and Instagram JSON from Meta's "Download your information".

One file (`message_1.json`) of one thread; a thread split over several files is
merged by the caller. Two layouts:

- older (Messenger, and Instagram's old files): `participants: [{"name"}]`,
  messages with `sender_name`, `timestamp_ms`, `content`, attachments (`photos`,
  `videos`, `audio_files`, `gifs`, `files`, `sticker`, `share`), `type`
  (Generic, Share, Call, Subscribe, Unsubscribe), `is_unsent`. Every string is
  UTF-8 whose bytes were written as Latin-1 escapes ("Ã©" for "é"); it is
  repaired, and a string that does not repair (already real text) is kept.
- newer: `participants: ["A", "B"]`, `threadName`, messages with `senderName`,
  `timestamp` (ms), `text`, `media`, `isUnsent`, `type`; plain UTF-8.

The layout is decided once per file, by the first message that has either
sender key (else by the form of `participants`).

Decisions:

- Times are instants (ms since 1970, UTC); they become wall-clock times in
  `ReadOptions.tz`, or stay UTC without one. An unknown zone is a `ChatError`.
- Meta writes messages newest first. The frame is in chronological order: the
  list is reversed (not sorted, so messages with equal times keep their
  chronological order) when its first readable time is later than its last, and
  also when that cannot tell (one message, all at one time), Meta's habit. A
  file already oldest first (the newer layout's order is not documented) is kept.
- `position` is the entry's 1-based index in the file's `messages` list, so in
  the frame positions run downwards for a newest-first file; skips stay in
  file order.
- Not messages, counted in `Chat.system`: types Subscribe and Unsubscribe
  (whatever else the entry holds), and Meta's automatic notices ("Sam named the
  group …", "… set the nickname for …", "… left the group.", "You are now
  connected on Messenger", reactions written as messages…) when the text starts
  with the sender's name (or first name, or "You") and there is no attachment.
- Kinds: type Call is `call` (empty text); unsent is `deleted` (empty text);
  no text is `media` (an attachment, or content the export does not include);
  Meta's own words for an attachment ("You sent a photo.", "Sam sent an
  attachment.") with an attachment are `media` with empty text; anything else is
  `text`, an attachment's caption included.
- A missing or empty sender name (a deactivated account) is "Facebook User".
- An entry that cannot be read (not an object, no plausible timestamp, a sender
  or text that is not text) becomes a `Skip` naming its index.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Final, Literal

from twoway.chats.json_export import (
    SYSTEM,
    Columns,
    describe,
    gather,
    gc_paused,
    has_key,
    instant_from_ms,
    json_object_start,
    load_json,
    safe_text,
    shown,
)
from twoway.chats.messages import Chat, ChatError, MessageKind, ReadOptions, check_zone, in_zone

NAME: Final = "meta"
LABEL: Final = "Facebook Messenger / Instagram JSON"

UNKNOWN_SENDER: Final = "Facebook User"

Layout = Literal["old", "new"]

#: the older layout's attachment keys (a non-empty value means an attachment)
ATTACHMENTS: Final = ("photos", "videos", "audio_files", "gifs", "files", "sticker", "share")
_ATTACHMENT_KEYS: Final = frozenset(ATTACHMENTS)

#: what follows the actor's name in Meta's automatic notices
_NOTICES: Final = (
    r"named the (?:group|chat)\b",
    r"removed the (?:group|chat) name\b",
    r"changed the (?:group|chat) (?:photo|name)\b",
    r"removed the (?:group|chat) photo\b",
    r"set (?:the|your|his|her|their|(?:his|her|their|your) own) nickname\b",
    r"set the nickname for\b",
    r"cleared (?:the|your|his|her|their|(?:his|her|their|your) own) nickname\b",
    r"cleared the nickname for\b",
    r"left the (?:group|chat|conversation)\b",
    r"created the (?:group|chat)\b",
    r"added .+ to the (?:group|chat)\b",
    r"removed .+ from the (?:group|chat)\b",
    r"changed the (?:chat )?theme\b",
    r"(?:set|changed) the (?:emoji|quick reaction)\b",
    r"joined the (?:video )?(?:call|chat)\b",
    r"(?:pinned|unpinned) a message\b",
    r"turned (?:on|off) (?:disappearing messages|vanish mode)\b",
    r"made .+ an admin\b",
    r"removed .+ as an admin\b",
    r"reacted .+ to (?:your|a|his|her|their) message\b",
    r"liked a message\b",
)
#: notices that do not start with a name
_STANDALONE: Final = re.compile(
    r"^(?:You are now connected on (?:Messenger|Instagram)"
    r"|Say hi to your new Facebook friend"
    r"|You can now (?:message|call)"
    r"|Reacted .+ to your message"
    r"|Liked a message$)",
    re.DOTALL,
)
#: Meta's words for an attachment: "You sent a photo.", "Sam sent 3 photos."
_SENT_ATTACHMENT: Final = re.compile(r"^.{1,100}? sent (?:a|an|\d+) [\w ]{1,40}\.?$", re.DOTALL)


def sniff(data: bytes, source: str) -> str | None:
    """None when the bytes look like a Messenger/Instagram thread file, else why not."""
    try:
        why = json_object_start(data)
        if why is not None:
            return why
        if not has_key(data, "messages", "["):
            return "JSON without a `messages` list"
        if not has_key(data, "participants", "["):
            return "JSON with `messages` but no `participants` list"
        return None
    except Exception:  # sniffing never fails; reading will say what is wrong
        return "could not be examined"


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """One Messenger/Instagram thread file as the normalized message table."""
    with gc_paused():
        return _read(data, source, options)


def _read(data: bytes, source: str, options: ReadOptions) -> Chat:
    tz = check_zone(options.tz, source)
    root = load_json(data, source)
    if not isinstance(root, dict):
        raise ChatError(
            source, f"expected a JSON object with a `messages` list, found {describe(root)}"
        )
    entries = root.get("messages")
    if not isinstance(entries, list):
        raise ChatError(
            source, f"expected `messages` to be a list of messages, found {describe(entries)}"
        )
    layout = _layout(root, entries)
    fix = repair if layout == "old" else _same
    columns, skipped, system = gather(entries, partial(_read_entry, layout=layout, fix=fix))
    if _newest_first(columns):
        columns.reverse()  # skips stay in file order: their positions name file entries
    title = root.get("title" if layout == "old" else "threadName")
    return Chat(
        format=NAME,
        source=source,
        messages=in_zone(columns.frame(), tz),
        skipped=tuple(skipped),
        title=safe_text(fix(title)) if isinstance(title, str) else "",
        unit="message",
        system=system,
    )


def repair(text: str) -> str:
    """Undo Meta's mojibake: UTF-8 bytes written as Latin-1 characters ("Ã©" → "é").

    A string that is not such mojibake (a character above U+00FF, or bytes that are
    not UTF-8) is returned unchanged.
    """
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def _same(text: str) -> str:
    return text


def _layout(root: dict[str, object], entries: list[object]) -> Layout:
    """Older (`sender_name`, `timestamp_ms`, mojibake) or newer (`senderName`, `timestamp`)."""
    for entry in entries:
        if isinstance(entry, dict):
            if "sender_name" in entry or "timestamp_ms" in entry:
                return "old"
            if "senderName" in entry:
                return "new"
    participants = root.get("participants")
    if isinstance(participants, list) and participants and isinstance(participants[0], str):
        return "new"
    return "old"


def _newest_first(columns: Columns) -> bool:
    """Whether the messages read run from newest to oldest (see the module's decisions)."""
    if len(columns.at) >= 2 and columns.at[0] != columns.at[-1]:
        return columns.at[0] > columns.at[-1]
    return True  # both layouts, as far as Meta's habit goes


def _has_attachment(entry: dict[str, object], layout: Layout) -> bool:
    """Whether the entry carries a photo, video, sticker, share… (a non-empty value)."""
    keys = _ATTACHMENT_KEYS.intersection(entry) if layout == "old" else ("media",)
    return any(entry.get(key) for key in keys)


def _read_entry(
    entry: object,
    position: int,
    columns: Columns,
    *,
    layout: Layout,
    fix: Callable[[str], str],
) -> str | None:
    """Add one entry to the columns; else "system" for a notice, or why it was skipped."""
    if not isinstance(entry, dict):
        return f"expected a message object, found {describe(entry)}"
    kind_of_entry = entry.get("type")
    kind_name = kind_of_entry.casefold() if isinstance(kind_of_entry, str) else "generic"
    if kind_name in ("subscribe", "unsubscribe"):
        return SYSTEM  # like other formats' service entries: counted, not checked
    time_key, sender_key, text_key, unsent_key = (
        ("timestamp_ms", "sender_name", "content", "is_unsent")
        if layout == "old"
        else ("timestamp", "senderName", "text", "isUnsent")
    )
    at = instant_from_ms(entry.get(time_key))
    if at is None:
        return (
            f"`{time_key}` is missing or not a time in milliseconds "
            f"(found {shown(entry.get(time_key))})"
        )
    sender = entry.get(sender_key)
    if sender is None or sender == "":
        sender = UNKNOWN_SENDER
    elif not isinstance(sender, str):
        return f"`{sender_key}` is {describe(sender)}, not a name"
    text = entry.get(text_key)
    if text is None:
        text = ""
    elif not isinstance(text, str):
        return f"`{text_key}` is {describe(text)}, not text"
    sender, text = fix(sender), fix(text)
    kind: MessageKind
    if kind_name == "call":
        kind, text = "call", ""
    elif entry.get(unsent_key) is True:
        kind, text = "deleted", ""
    else:
        attached = _has_attachment(entry, layout)
        if not attached and _is_notice(text, sender):
            return SYSTEM
        if attached and _SENT_ATTACHMENT.match(text):
            text = ""
        kind = "text" if text.strip() else "media"
    columns.add(at, sender, text, kind, position)
    return None


def _is_notice(text: str, sender: str) -> bool:
    """Whether the text is one of Meta's automatic notices rather than something written."""
    if not text:
        return False
    return bool(_STANDALONE.match(text) or _notice_pattern(sender).match(text))


@lru_cache(maxsize=256)
def _notice_pattern(sender: str) -> re.Pattern[str]:
    """Notices by this sender: their full name, first name or "You", then a notice phrase."""
    names = {sender, sender.split(" ", 1)[0], "You"} - {""}
    actor = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"^(?:{actor}) (?:{'|'.join(_NOTICES)})", re.DOTALL)
