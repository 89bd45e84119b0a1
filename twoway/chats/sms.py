"""Text messages from an SMS Backup & Restore backup (the Android app's `sms-….xml`).

The backup is one XML document::

    <smses count="3">
      <sms address="+15555550100" date="1672912800000" type="1" body="Hi"
           contact_name="Alice" readable_date="…" …/>
      <mms date="1672912900000" msg_box="2" address="+15555550100" contact_name="Alice" …>
        <parts><part ct="text/plain" text="Look"/><part ct="image/jpeg" …/></parts>
        <addrs><addr address="+15555550100" type="151"/><addr address="…" type="137"/></addrs>
      </mms>
    </smses>

Decisions:

* One backup holds every conversation of the phone. A contact is one other party,
  identified by its address; phone numbers are compared on their last 9 digits
  (so "+1 555-555-0100" and "5555550100" are one contact), other addresses (short
  names like "AMAZON", e-mail) on their case-folded text. `ReadOptions.chat` picks
  the contact by name (any `contact_name` it has) or by address; without it a backup
  with several contacts is an error listing them (most messages first) and saying
  to choose with --chat.
* Group MMS (more than one other party in the entry's `address`, "~"-separated, or in
  its `addrs`) belong to the group's own thread and are not read as any contact's
  messages; nor are they counted or skipped.
* `sms type` 1 and `mms msg_box` 1 are received, 2 sent. Drafts, outbox, failed and
  queued messages (types 3-6, boxes 3-5) were never exchanged: they are counted in
  `Chat.system`, not messages. Any other type is a `Skip`.
* Received messages are sent by the contact under one name for the whole chat: its
  most frequent `contact_name` other than "(Unknown)", else its most frequent
  written address. Sent messages are by `ReadOptions.me`, else "Me".
* `date` is milliseconds since 1970, or seconds when below 10^11 (decided per entry);
  the instant becomes wall-clock time in `ReadOptions.tz` (an IANA name; unknown
  names are an error), UTC when it is None. A missing, zero or unreadable date, or one
  outside the years 2-9998, is a `Skip` of that entry; so is a message with no address
  at all (its conversation is unknown). Skips of entries that are another contact's
  are not reported.
* MMS text is its `text/plain` parts joined with "\\n"; an MMS with attachments only
  (images, audio, vCards: any part but text and SMIL layout) is kind "media" with
  empty text; one with neither (a download notification) is a system entry. An SMS
  with an empty body is a text message with empty text.
* The app is known to write a message twice: entries with the same date, contact,
  type or box and content count once.
* The app writes characters beyond the Basic Multilingual Plane (emoji) as pairs of
  numeric references to UTF-16 surrogates (`&#55357;&#56832;`), which XML forbids.
  Before parsing, such pairs become the one character they encode, and references
  to characters XML cannot hold (lone surrogates, control characters) become U+FFFD.
  The replacement keeps each line's length wherever it can, so parse errors name
  the right line and column.
* `position` is the entry's 1-based index among the backup's `sms` and `mms` entries.

The file is parsed incrementally (`XMLPullParser`) and each entry dropped once read,
so MMS attachments (base64 in the XML) are never all held as a tree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Final
from xml.parsers.expat import ErrorString

from twoway.chats.messages import (
    Chat,
    ChatError,
    ReadOptions,
    Skip,
    check_zone,
    decode,
    in_zone,
    messages_frame,
)

NAME: Final = "sms"
LABEL: Final = "SMS Backup & Restore (XML)"

_EPOCH: Final = datetime(1970, 1, 1)  # instants are kept as naive UTC until the end
_FIRST_YEAR, _LAST_YEAR = 2, 9998
#: Below this a date is in seconds (10^11 s is the year 5138; 10^11 ms is 1973).
_SECONDS_BELOW: Final = 10**11
_RECEIVED, _SENT = "1", "2"
_NOT_SENT_SMS: Final = {"3": "a draft", "4": "in the outbox", "5": "failed", "6": "queued"}
_NOT_SENT_MMS: Final = {"3": "a draft", "4": "in the outbox", "5": "failed"}
_UNKNOWN_NAMES: Final = {"", "(unknown)", "null"}
_NO_ADDRESS: Final = {"", "null", "insert-address-token"}
_FROM, _TO = "137", "151"
_LISTED: Final = 30  # contacts named in the "choose one" error; the rest are counted
_CHUNK: Final = 1 << 20

_PROLOG = re.compile(
    r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?P<root>[^\s/>]+)", re.DOTALL
)
_PHONE = re.compile(r"\+?[0-9 ()./-]+")
_NOT_DIGIT = re.compile(r"[^0-9]")
_DIGITS = re.compile(r"[0-9]{1,19}")
#: A numeric character reference; longer ones are left for the parser to refuse.
_REF = re.compile(r"&#(?:([0-9]{1,10})|[xX]([0-9a-fA-F]{1,8}));")


def sniff(data: bytes, source: str) -> str | None:
    """None when the bytes are XML whose root element is `<smses>`, else why not."""
    head = data[:8192].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    found = _PROLOG.match(head)
    if found is None:
        return "not XML starting with an <smses> element"
    if found["root"] != "smses":
        return f"XML whose first element is <{found['root'][:40]}>, not <smses>"
    return None


def _instant(value: int) -> datetime | None:
    """Seconds or milliseconds since 1970 (by magnitude) as the UTC instant (naive).

    None beyond the years 2-9998: a time zone's offset must not carry it out of range.
    """
    ms = value if value >= _SECONDS_BELOW else value * 1000
    try:
        at = _EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        return None
    return at if _FIRST_YEAR <= at.year <= _LAST_YEAR else None


def _ref_value(found: re.Match[str]) -> int:
    decimal, hexadecimal = found.group(1), found.group(2)
    return int(decimal) if decimal is not None else int(hexadecimal, 16)


def _xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _ref(code: int, width: int) -> str:
    # Leading zeros are allowed in a character reference; they keep the line's length.
    digits = str(code)
    return "&#" + digits.zfill(width - 3) + ";"


def repair_references(text: str) -> str:
    """Surrogate-pair references joined into one character; unusable references → U+FFFD."""
    if "&#" not in text:
        return text
    swallowed = -1  # where the low half of a pair just joined starts: it becomes ""

    def repair(ref: re.Match[str]) -> str:
        nonlocal swallowed
        if ref.start() == swallowed:
            return ""
        code = _ref_value(ref)
        if _xml_char(code):
            return ref.group(0)
        if 0xD800 <= code <= 0xDBFF:
            low = _REF.match(text, ref.end())
            if low is not None and 0xDC00 <= (low_code := _ref_value(low)) <= 0xDFFF:
                swallowed = low.start()
                joined = 0x10000 + ((code - 0xD800) << 10) + (low_code - 0xDC00)
                return _ref(joined, low.end() - ref.start())
        return _ref(0xFFFD, ref.end() - ref.start())

    return _REF.sub(repair, text)


@lru_cache(maxsize=4096)  # a backup repeats a few hundred addresses many thousand times
def _contact_key(address: str) -> str:
    """Phone numbers by their last 9 digits; anything else by its case-folded text."""
    address = address.strip()
    digits = _NOT_DIGIT.sub("", address)
    if digits and _PHONE.fullmatch(address):
        return "tel:" + digits[-9:]
    return "addr:" + address.casefold()


@dataclass(slots=True)
class _Message:
    at: datetime
    sent: bool
    text: str
    kind: str
    key: tuple[object, ...]  # what makes two entries the same message (duplicates)


@dataclass(slots=True)
class _Entry:
    """One sms or mms entry, read: its other parties and what it turned out to be."""

    position: int
    parties: tuple[str, ...]
    name: str
    #: a message, "system" (a draft, a failed send…), or the reason it was skipped
    outcome: _Message | str
    system: bool = False
    #: the same message as an earlier entry (the app writes some twice)
    duplicate: bool = False


@dataclass
class _Contact:
    key: str
    addresses: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    messages: int = 0

    @property
    def name(self) -> str:
        """The name the contact is shown under: its most frequent real name, else address."""
        if self.names:
            return self.names.most_common(1)[0][0]
        return self.addresses.most_common(1)[0][0]

    def describe(self) -> str:
        address = self.addresses.most_common(1)[0][0]
        n = f"{self.messages} message{'s' if self.messages != 1 else ''}"
        return f"{self.name} ({n})" if self.name == address else f"{self.name} ({address}, {n})"


def _date(raw: str | None) -> datetime | str:
    """The entry's UTC instant (naive), or why it has none."""
    value = (raw or "").strip()
    if value.casefold() in ("", "null"):
        return "no date"
    if not _DIGITS.fullmatch(value):
        return f"the date {value[:40]!r} is not a count of milliseconds since 1970"
    number = int(value)
    if number == 0:
        return "the date is 0 (no date)"
    at = _instant(number)
    return at if at is not None else f"the date {value} is beyond the years 2-9998"


def _parties(raw: str | None) -> list[str]:
    """The addresses in an `address` attribute ("~" between a group's), one per contact."""
    if raw is None:
        return []
    found: dict[str, str] = {}
    for address in raw.split("~"):
        address = address.strip()
        if address.casefold() not in _NO_ADDRESS:
            found.setdefault(_contact_key(address), address)
    return list(found.values())


def _sms(entry: ET.Element, position: int) -> _Entry:
    attrs = entry.attrib
    parties = tuple(_parties(attrs.get("address")))
    name = attrs.get("contact_name", "").strip()
    kind = attrs.get("type", "").strip()
    if kind in _NOT_SENT_SMS:
        return _Entry(position, parties, name, f"not sent: {_NOT_SENT_SMS[kind]}", system=True)
    if kind not in (_RECEIVED, _SENT):
        return _Entry(
            position, parties, name, f"type {kind[:20]!r} is neither 1 (received) nor 2 (sent)"
        )
    at = _date(attrs.get("date"))
    if isinstance(at, str):
        return _Entry(position, parties, name, at)
    body = attrs.get("body", "")
    key = ("sms", at, tuple(sorted(map(_contact_key, parties))), kind, body)
    return _Entry(position, parties, name, _Message(at, kind == _SENT, body, "text", key))


def _mms(entry: ET.Element, position: int) -> _Entry:
    attrs = entry.attrib
    box = attrs.get("msg_box", "").strip()
    parties = _parties(attrs.get("address"))
    if not parties:
        # No thread address: the sender of a received MMS, the recipients of a sent one.
        wanted = _FROM if box == _RECEIVED else _TO
        for addr in entry.iter("addr"):
            if addr.get("type", "").strip() == wanted:
                parties += _parties(addr.get("address"))
        parties = _parties("~".join(parties))  # one per contact
    name = attrs.get("contact_name", "").strip()
    if box in _NOT_SENT_MMS:
        return _Entry(
            position, tuple(parties), name, f"not sent: {_NOT_SENT_MMS[box]}", system=True
        )
    if box not in (_RECEIVED, _SENT):
        return _Entry(
            position,
            tuple(parties),
            name,
            f"msg_box {box[:20]!r} is neither 1 (received) nor 2 (sent)",
        )
    at = _date(attrs.get("date"))
    if isinstance(at, str):
        return _Entry(position, tuple(parties), name, at)
    texts: list[str] = []
    media: list[str] = []
    for part in entry.iter("part"):
        ct = part.get("ct", "").strip().casefold()
        if ct == "text/plain":
            text = part.get("text")
            if text:
                texts.append(text)
        elif ct and ct != "application/smil":
            media.append(ct)
    text = "\n".join(texts)
    if not text and not media:
        return _Entry(position, tuple(parties), name, "no text or attachment", system=True)
    key = ("mms", at, tuple(sorted(map(_contact_key, parties))), box, text, tuple(media))
    message = _Message(at, box == _SENT, text, "text" if text else "media", key)
    return _Entry(position, tuple(parties), name, message)


def _chunks(text: str) -> Iterator[str]:
    """The text in pieces that end just after a ">": never inside a character reference."""
    start = 0
    while start < len(text):
        end = text.find(">", start + _CHUNK)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


class _Reader:
    """Turns the parser's events into entries; keeps only what is still being read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[_Entry] = []
        self.root: ET.Element | None = None
        self.depth = 0
        self.position = 0

    def handle(self, parser: ET.XMLPullParser[ET.Element]) -> None:
        for found in parser.read_events():
            event, elem = found[0], found[-1]
            if not isinstance(elem, ET.Element):
                continue  # namespace events, which are not asked for
            if event == "start":
                self.depth += 1
                if self.depth == 1:
                    self.root = elem
                    if elem.tag != "smses":
                        raise ChatError(
                            self.source,
                            f"the XML's root element is <{str(elem.tag)[:40]}>, not <smses>: "
                            "not an SMS Backup & Restore message backup",
                        )
                elif self.depth == 2 and elem.tag in ("sms", "mms"):
                    self.position += 1
                continue
            if self.depth == 2 and elem.tag in ("sms", "mms"):
                read = _sms if elem.tag == "sms" else _mms
                self.entries.append(read(elem, self.position))
                # Done with it: drop its attributes, parts and attachment data.
                elem.clear()
                if self.root is not None:
                    self.root.clear()
            self.depth -= 1


def _entries(text: str, source: str) -> list[_Entry]:
    """Every sms and mms entry of the backup, in file order."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    reader = _Reader(source)
    try:
        for chunk in _chunks(text):
            parser.feed(repair_references(chunk))
            reader.handle(parser)
        parser.close()
        reader.handle(parser)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ChatError(
            source,
            f"column {column + 1}: the XML is broken or cut short ({ErrorString(exc.code)}); "
            "is this the backup file itself, complete and unchanged?",
            line,
        ) from None
    return reader.entries


def _choose(contacts: dict[str, _Contact], options: ReadOptions, source: str) -> _Contact:
    ranked = sorted(contacts.values(), key=lambda c: -c.messages)

    def listing(found: list[_Contact]) -> str:
        shown = "; ".join(c.describe() for c in found[:_LISTED])
        more = len(found) - _LISTED
        return shown + (f"; and {more} more" if more > 0 else "")

    if options.chat is None or not options.chat.strip():
        if len(ranked) == 1:
            return ranked[0]
        raise ChatError(
            source,
            f"the backup holds messages with {len(ranked)} contacts; say which one: "
            f"{listing(ranked)}",
            code="which_chat",
            option="chat",
            candidates=[c.describe() for c in ranked[:_LISTED]],
        )
    wanted = options.chat.strip()
    key, folded = _contact_key(wanted), wanted.casefold()
    found = [
        c
        for c in ranked
        if c.key == key
        or any(n.casefold() == folded for n in c.names)
        or any(a.casefold() == folded for a in c.addresses)
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ChatError(
            source, f"no contact named or numbered {wanted!r}; the contacts are: {listing(ranked)}"
        )
    raise ChatError(
        source,
        f"{wanted!r} matches {len(found)} contacts; choose one by number: {listing(found)}",
    )


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """The messages with one contact of an SMS Backup & Restore backup, in file order."""
    tz = check_zone(options.tz, source)
    text = decode(data, source)
    entries = _entries(text, source)

    contacts: dict[str, _Contact] = {}
    groups = 0
    seen: set[tuple[object, ...]] = set()
    for entry in entries:
        if not isinstance(entry.outcome, _Message):
            continue
        if entry.outcome.key in seen:
            entry.duplicate = True
            continue
        seen.add(entry.outcome.key)
        if len(entry.parties) > 1:
            groups += 1
            continue
        if not entry.parties:
            continue
        key = _contact_key(entry.parties[0])
        if key not in contacts:
            contacts[key] = _Contact(key)
        contact = contacts[key]
        contact.addresses[entry.parties[0]] += 1
        contact.messages += 1
        if entry.name.casefold() not in _UNKNOWN_NAMES:
            contact.names[entry.name] += 1
    if not contacts:
        note = f" (only {groups} group MMS, which are not read)" if groups else ""
        raise ChatError(source, f"no messages with a contact found{note}")
    contact = _choose(contacts, options, source)
    me = options.me.strip() if options.me and options.me.strip() else "Me"

    rows: list[tuple[datetime, str, str, str, int]] = []
    skipped: list[Skip] = []
    system = 0
    for entry in entries:
        if entry.duplicate:
            continue
        if not entry.parties:
            if not entry.system:
                reason = (
                    entry.outcome
                    if isinstance(entry.outcome, str)
                    else "no address: which conversation it belongs to is unknown"
                )
                skipped.append(Skip(entry.position, reason, "message"))
            continue
        if len(entry.parties) > 1 or _contact_key(entry.parties[0]) != contact.key:
            continue
        outcome = entry.outcome
        if entry.system:
            system += 1
        elif isinstance(outcome, str):
            skipped.append(Skip(entry.position, outcome, "message"))
        else:
            sender = me if outcome.sent else contact.name
            rows.append((outcome.at, sender, outcome.text, outcome.kind, entry.position))

    return Chat(
        format=NAME,
        source=source,
        messages=in_zone(messages_frame(rows), tz),
        skipped=tuple(skipped),
        title=contact.name,
        unit="message",
        system=system,
    )
