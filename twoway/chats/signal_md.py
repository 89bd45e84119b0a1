"""Signal chats as written by signal-export (github.com/carderne/signal-export), `chat.md`.

signal-export writes one Markdown file per conversation, one message per header line::

    [2023-01-05 10:00:00] Alice: Hey! Are we still on for Saturday?••
    (blank line)
    [2023-01-05 10:02:40] Me: ••
    (blank line)
    > the quoted message, every line prefixed "> "
    (blank line)
    Perfect••
    (- Alice: ❤️, Bob: 👍 -)
    (blank line)
    [2023-01-05 10:05:00] Alice: ••![IMG_2041.jpg](./media/IMG_2041.jpg)••

(•• is the two trailing spaces it adds for Markdown line breaks.) Older versions wrote
`[2021-03-04 18:20]` or `[2021-03-04, 18:20]` and no blank line between messages; both are read.

Decisions:

* A message is its header line and every line up to the next header; continuation
  lines are joined with "\\n". `position` is the header's line (1-based).
* The times are the exporting computer's wall-clock times, taken as they are
  (`ReadOptions.tz` does not apply: there is no instant to convert).
* Your own messages are sent by "Me"; `ReadOptions.me`, when given, replaces that name.
  A chat.md is one conversation, so `ReadOptions.chat` is not needed and ignored.
* The quote of a reply (`> …` lines before the body), the reactions line `(- … -)`
  and attachment and sticker links (`[name](./media/…)`, `![name](./media/…)`,
  `[emoji](../exported_stickers/…)`, `(( emoji ))`) are not the sender's words and
  are left out of `text`. A message left with attachments or a sticker only is kind
  "media" with empty text.
* "(This message was deleted)" is kind "deleted" with empty text; signal-export's
  call records ("Missed voice call", "Outgoing video call (accepted, 2m 5s)", …) are
  kind "call" with that description as text. A message whose text is exactly such a
  description is taken for a call record too.
* A header with nothing after it (signal-export writes group changes, safety-number
  and timer notices that way, sent by "No-Sender" or a member) is a system line:
  counted in `Chat.system`, not a message.
* Lines before the first message, and header-like lines whose bracketed time cannot
  be read or that name no sender, are `Skip`s; the lines that follow a skipped
  header belong to it and are not added to the message before.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from twoway.chats.messages import Chat, ChatError, ReadOptions, Skip, decode, messages_frame

NAME: Final = "signal"
LABEL: Final = "Signal (signal-export Markdown)"

#: A line that starts with a bracketed date and time, however written: a header,
#: or a line meant as one whose time cannot be read.
_STAMPED = re.compile(
    r"\[(?P<stamp>\d{1,4}[-./]\d{1,2}[-./]\d{1,4},? \d{1,2}:\d{1,2}(?::\d{1,2})?)\]"
    r"(?P<after>.*)"
)
#: What follows the time in a header: " Name: text" (the space after the colon is
#: missing when the body is empty in some versions).
_SENDER = re.compile(r" (?P<sender>[^\n]+?): ?(?P<rest>.*)")
#: signal-export's own header, for sniffing: its date layouts only.
_SNIFF = re.compile(r"\[\d{4}-\d{2}-\d{2},? \d{2}:\d{2}(?::\d{2})?\] [^\n]+?:(?: .*)?")
#: The times signal-export writes: `2023-01-05 10:00:00`, older `2021-03-04, 18:20`.
_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}),? (\d{2}):(\d{2})(?::(\d{2}))?")

#: Attachment and sticker links. Their paths have no whitespace (signal-export
#: writes spaces as %20), which is how a file name holding ")" is still read whole.
_LINK = re.compile(
    # The name is bounded so that a long line full of "[" cannot take quadratic time.
    r"!?\[[^\n]{0,300}?\]\((?:\./media[/\\]|\.\./exported_stickers/|media[/\\])\S*?\)"
    r"(?=\s|$|!?\[)"
)
_REACTIONS = re.compile(r"\(- .* -\)")
_STICKER_LABEL = re.compile(r"\(\( .* \)\)")
_DELETED: Final = "(This message was deleted)"
_CALL = re.compile(
    r"(?:Incoming|Outgoing|Missed)(?: (?:voice|video|audio|group))? call(?: \([^)\n]*\))?"
)
_SNIFF_BYTES: Final = 64 * 1024


def sniff(data: bytes, source: str) -> str | None:
    """None when the first non-empty line is a signal-export header, else why not."""
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    for line in head.split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if not _SNIFF.fullmatch(line):
            return "the first line is not a message like `[2023-01-05 10:00:00] Name: text`"
        stamp = line[1 : line.index("]")]
        if _parse_stamp(stamp) is None:
            return f"the first line's time [{stamp}] is not a real date and time"
        return None
    return "the file has no text"


def _parse_stamp(stamp: str) -> datetime | None:
    # A regex and datetime() rather than strptime: several times faster on long chats.
    found = _TIME.fullmatch(stamp)
    if found is None:
        return None
    year, month, day, hour, minute, second = found.groups(default="0")
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None


class _Open:
    """The message being read: its header and the lines that follow it."""

    __slots__ = ("at", "line", "lines", "sender")

    def __init__(self, line: int, at: datetime, sender: str, first: str) -> None:
        self.line, self.at, self.sender, self.lines = line, at, sender, [first]


def _body(lines: list[str]) -> tuple[str, str] | None:
    """(kind, text) of a message's lines; None for a system line (no content at all)."""
    # Markdown's trailing double spaces are layout, not words.
    lines = [line.rstrip() for line in lines]
    if not lines[0].strip() and len(lines) > 1:
        # A reply: "Name: " then a blank line, the quote's "> " lines, a blank line.
        i = 1
        while i < len(lines) and not lines[i]:
            i += 1
        if i < len(lines) and lines[i].startswith(">"):
            while i < len(lines) and lines[i].startswith(">"):
                i += 1
            lines = lines[i:]
    text = "\n".join(lines)
    text, links = _LINK.subn("", text)
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        if _REACTIONS.fullmatch(stripped):
            continue
        if _STICKER_LABEL.fullmatch(stripped):
            links += 1
            continue
        kept.append(line.rstrip())
    text = "\n".join(kept).strip()
    if text == _DELETED:
        return "deleted", ""
    if _CALL.fullmatch(text):
        return "call", text
    if text:
        return "text", text
    if links:
        return "media", ""
    return None


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """The messages of one signal-export `chat.md`, in file order."""
    text = decode(data, source)
    me = options.me.strip() if options.me and options.me.strip() else None
    rows: list[tuple[datetime, str, str, str, int]] = []
    skipped: list[Skip] = []
    system = 0
    current: _Open | None = None
    seen_header = False  # after a skipped header, its lines are not "before the first message"

    def close() -> None:
        nonlocal system
        if current is None:
            return
        body = _body(current.lines)
        if body is None:
            system += 1
            return
        sender = me if me is not None and current.sender == "Me" else current.sender
        rows.append((current.at, sender, body[1], body[0], current.line))

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        stamped = _STAMPED.match(line)
        if stamped is None:
            if current is not None:
                current.lines.append(line)
            elif line.strip() and not seen_header:
                skipped.append(Skip(number, "text before the first message"))
            continue
        close()
        current = None
        seen_header = True
        stamp = stamped["stamp"]
        at = _parse_stamp(stamp)
        if at is None:
            skipped.append(
                Skip(
                    number,
                    f"the time [{stamp}] cannot be read; signal-export writes "
                    "[YYYY-MM-DD HH:MM:SS]",
                )
            )
            continue
        who = _SENDER.fullmatch(stamped["after"])
        if who is None or not who["sender"].strip():
            skipped.append(Skip(number, "no sender: expected `[time] Name: text`"))
            continue
        current = _Open(number, at, who["sender"].strip(), who["rest"])
    close()

    if not rows:
        raise ChatError(
            source,
            "no messages found; a signal-export chat.md has lines like "
            "`[2023-01-05 10:00:00] Name: text`",
        )
    return Chat(
        format=NAME,
        source=source,
        messages=messages_frame(rows),
        skipped=tuple(skipped),
        unit="line",
        system=system,
    )
