"""WhatsApp's "Export chat" file (.txt, or the .zip a phone shares) as the message table.

Android writes one message per line as ``12/03/2021, 14:05 - Name: text``, iOS as
``[12/03/2021, 14:05:22] Name: text`` (often after U+200E). The date and clock follow
the phone's locale: day, month or year first, ``/ . -`` between them, 2- or 4-digit
years, 12- or 24-hour clocks with markers such as ``PM``, ``p. m.``, ``nachm.`` or
``午後`` (before the time in Japanese, Korean and Chinese).

Decisions:

* A line that does not start with a header continues the message above; it is
  joined with "\\n" (a trailing "\\r" is dropped). Lines before the first header
  are `Skip`s; lines after a system line or a skipped header go with it.
* The date order is decided from the header lines only, by the evidence
  `whatsapp_order` weighs (fields that can be one reading, with a margin;
  attachment names; time order; the export's language); `Chat.notes` says what
  decided. ``ReadOptions.date_order`` always wins.
* Headers whose date or time is impossible under that order are `Skip`s.
* System lines are known by structure: no sender (Android), a body led by
  U+200E that is no placeholder of a message, a body holding ": U+200E" (a
  group subject with a colon), a subject change whose subject holds ": "; and
  the encryption notice by its wording in any language. They are counted in
  `Chat.system`, not messages, and make nobody a participant.
* ``kind`` is "media", "deleted", "call", "poll" or "location" for WhatsApp's placeholders, judged on
  the message's first line; the text keeps them as written. The note
  ``<This message was edited>`` is taken out of the text.
* Sender names lose the invisible marks phones add; the "~ " WhatsApp puts
  before people who are not in your contacts goes too, unless someone with the
  same name without it also writes (`people.tilde_names`). Message text is kept
  as written.

The phrases are data: AM/PM markers in ``whatsapp_phrases.toml``, placeholders
and system lines in ``whatsapp_languages/<code>.toml``, one file per language.

This module is the reader's entry (sniffing, reading, the .zip, finding headers,
putting the table together); its parts live next to it: `whatsapp_patterns` (the
regular expressions built from the phrases), `whatsapp_lines` (bytes to lines,
continuation lines, kinds, sender names) and `whatsapp_dates` (dates, times and
the date order).

Reading is vectorised with Polars, without a Python loop over lines: a generated
1,000,000-message export (48 MB) reads in about half a second on two cores.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import replace
from functools import partial
from pathlib import PurePosixPath
from typing import Final

import polars as pl

from twoway.chats.messages import Chat, ChatError, ReadOptions, Skip, as_utf8, sniff_text
from twoway.chats.people import tilde_names
from twoway.chats.whatsapp_dates import _date_codes, _date_key_width, _time_table
from twoway.chats.whatsapp_lines import (
    _codes,
    _continued,
    _fill,
    _kinds,
    _lines,
    _no_messages,
    _sender,
    _stream,
    _with_continuations,
    _without_edit_note,
    ascii_headers,
    byte_find,
    sample_of,
    with_own_texts,
)
from twoway.chats.whatsapp_order import Evidence, decide
from twoway.chats.whatsapp_patterns import _M, _SUBJECT, LINKS, NATIVE_ASCII, languages_of
from twoway.chats.whatsapp_patterns import AMPM as AMPM
from twoway.chats.whatsapp_patterns import HEADER as HEADER
from twoway.chats.whatsapp_patterns import MARKS as MARKS

NAME: Final = "whatsapp"
LABEL: Final = "WhatsApp (.txt or .zip)"
DATE_ORDERS: Final = ("dmy", "mdy", "ymd")
_ORDER_WORDS: Final = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}

# Sniffing looks at the first lines only, with Python's re (same syntax here).
_SNIFF_LINES: Final = 50
_SNIFF_BYTES: Final = 64 * 1024
_SNIFF_HEADER: Final = re.compile(HEADER)
#: Native digits as ASCII ones (one character for one: positions stay where they were).
_TO_ASCII: Final = str.maketrans(NATIVE_ASCII)
_SECONDS: Final = re.compile(r"[0-9][:.][0-9]{2}[:.][0-9]{2}")
#: Signal's chat.md also writes `[2021-03-04, 18:20] Name:`; WhatsApp's bracketed
#: headers never start with an ISO date, so those are left to the Signal reader.
_ISO_BRACKET: Final = re.compile(rf"^{_M}*\[[0-9]{{4}}-")
#: A bracketed ISO header with seconds, as WhatsApp's iOS app writes in some locales.
_ISO_SECONDS: Final = re.compile(
    rf"^{_M}*\[[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}},? [0-9]{{1,2}}:[0-9]{{2}}:[0-9]{{2}}\]"
)
#: What only WhatsApp writes into an export.
_WHATSAPP_SIGNS: Final = (
    "\u200e",
    "<attached: ",
    " omitted",
    "end-to-end encrypted",
    "<Media omitted>",
)
#: How many placeholders and system lines are looked at to tell the export's language.
_LANGUAGE_SAMPLE: Final = 200
_ZIP_MAGIC: Final = b"PK\x03\x04"
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    KeyError,
)
_TITLE: Final = re.compile(
    r"(?:WhatsApp[ -][Cc]hat|Chat (?:de )?WhatsApp|Discussion WhatsApp|Conversa do WhatsApp)"
    r" (?:with|-|mit|con|avec|com|met) (.+?)(?:\.txt|\.zip)?$"
)
#: The most a chat .txt inside a .zip may unpack to, and how many times its packed size.
MAX_UNPACKED: Final = 1 << 30
MAX_RATIO: Final = 200


def sniff(data: bytes, source: str) -> str | None:
    """None when the bytes are a WhatsApp export (or a .zip holding one), else why not."""
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                name = _chat_member(archive)
                if name is None:
                    return "a .zip without a WhatsApp chat .txt in it"
                with archive.open(name) as member:
                    data = member.read(_SNIFF_BYTES)
        except _ZIP_ERRORS:
            return "a damaged .zip"
    head = sniff_text(data[:_SNIFF_BYTES])
    lines = head.split("\n")[:_SNIFF_LINES]
    iso_ours = _iso_is_whatsapp(head, lines)
    for line in lines:
        header = _SNIFF_HEADER.match(line.translate(_TO_ASCII))
        if header and (iso_ours or not _ISO_BRACKET.match(line)):
            return None
    return "no line like `12/03/2021, 14:05 - Name: text` or `[12/03/2021, 14:05:22] Name: text`"


def _iso_is_whatsapp(head: str, lines: list[str]) -> bool:
    """Whether bracketed ISO headers (`[2024-03-12 21:15:03] Alex: …`) are WhatsApp's.

    Signal's chat.md writes them too. WhatsApp's show its own marks (U+200E, its
    placeholders, its encryption notice) or always carry seconds with no Markdown
    line breaks, links to `./media/` or reactions lines, which Signal's have.
    """
    if any(sign in head for sign in _WHATSAPP_SIGNS):
        return True
    stamped = [line for line in lines if _ISO_BRACKET.match(line)]
    if not stamped or not all(_ISO_SECONDS.match(line) for line in stamped):
        return False
    signal = ("](./media/", "\n(- ", "  \n", "  \r\n", "] Me: ", "] No-Sender:")
    return not any(sign in head for sign in signal)


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """The messages of one WhatsApp export, in file order; `data` is the .txt or the .zip."""
    order = options.date_order.strip().lower() if options.date_order else None
    if order is not None and order not in DATE_ORDERS:
        raise ChatError(
            source, f"unknown date order {options.date_order!r}; use one of dmy, mdy, ymd"
        )
    title = _title(source)
    notes: tuple[str, ...] = ()
    if data.startswith(_ZIP_MAGIC):
        inner, data = _unzip(data, source)
        title = _title(inner) or title
        data, notes = as_utf8(data, inner)
    lines = _lines(data, source)
    chat = _parse(lines, source, order, title)
    return replace(chat, notes=(*notes, *chat.notes)) if notes else chat


# --- the .zip a phone shares ----------------------------------------------------------


def _chat_member(archive: zipfile.ZipFile) -> str | None:
    """The chat's .txt inside a shared .zip: iOS's `_chat.txt`, Android's `WhatsApp Chat with X.txt`
    in the phone's language ("WhatsApp Chat mit X", "Discussion WhatsApp avec X", …)."""
    texts = [
        n
        for n in archive.namelist()
        if n.lower().endswith(".txt") and not n.startswith("__MACOSX/") and not n.endswith("/")
    ]
    for want in ("_chat.txt", "whatsapp"):
        for name in texts:
            if want in PurePosixPath(name).name.lower():
                return name
    return texts[0] if len(texts) == 1 else None


def _unzip(data: bytes, source: str) -> tuple[str, bytes]:
    """(member name, its bytes) of the chat .txt in a .zip, or an error naming the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            name = _chat_member(archive)
            if name is None:
                listed = ", ".join(archive.namelist()[:5]) or "nothing"
                raise ChatError(
                    source,
                    "this .zip holds no WhatsApp chat .txt (`_chat.txt` or "
                    f"`WhatsApp Chat with ….txt`); it holds {listed}",
                )
            return name, _bounded(archive, name, source)
    except _ZIP_ERRORS as exc:
        raise ChatError(
            source, f"this .zip is damaged or incomplete ({exc}); share the chat again"
        ) from None


def _bounded(archive: zipfile.ZipFile, name: str, source: str) -> bytes:
    """A member's bytes, read with a bound on their size and on how far they expand.

    The sizes a .zip states may lie, so the bound is counted while unpacking:
    reading stops as soon as it is passed, and a zip bomb costs at most the bound.
    """
    packed = archive.getinfo(name).compress_size
    limit = min(MAX_UNPACKED, max(packed * MAX_RATIO, 1 << 20))
    parts, total = [], 0
    with archive.open(name) as member:
        while chunk := member.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise ChatError(
                    source,
                    f"this .zip unpacks to more than {limit >> 20} MB from {max(packed >> 10, 1)} KB, "
                    "which no chat export does; it was not unpacked",
                    code="zip_too_large",
                    limit_bytes=limit,
                    packed_bytes=packed,
                )
            parts.append(chunk)
    return b"".join(parts)


def _title(name: str) -> str:
    """The chat's name from `WhatsApp Chat with Sam.txt` (or `.zip`), else ""."""
    found = _TITLE.search(PurePosixPath(name.replace("\\", "/")).name)
    return found.group(1).strip() if found else ""


# --- lines to messages ----------------------------------------------------------------
#
# Per-line work is done with cheap Polars string operations only (a prefix, finding
# ": ", byte slices), on the streaming engine; every regular expression runs on
# distinct values (dates, "time - sender" pieces, names), which are few compared
# with the lines.


def _parse(lines: pl.Series, source: str, order: str | None, title: str) -> Chat:
    filled = lines.str.len_bytes() > 0
    if not filled.any():
        raise _no_messages(source)
    # Trailing empty lines are the end of the file, not part of the last message.
    lines = lines.head(len(lines) - (filled.reverse().arg_max() or 0))
    del filled

    # A phone in Arabic (and others) writes its headers in its own digits: they are read
    # in ASCII ones, and the lines that are no header keep theirs.
    written = ascii_headers(lines, sample_of(lines))
    heads, frame, names, dates, clock = _headers(lines if written is None else written)
    if written is not None:
        frame = with_own_texts(frame, lines)
    del lines, written
    # Headers with a sender (Android writes system lines without one). A "sender"
    # holding a subject change is a system line whose subject has ": " in it.
    subject = names.str.contains(_SUBJECT).gather(heads["who"]).fill_null(False)
    sent = (heads["colon"].is_not_null() | heads["colon_end"]) & ~subject
    if not sent.any():
        raise _no_messages(source)
    del subject

    seconds = clock["seconds"].gather(heads["time_code"])
    # Every header line votes on the date order (system lines too); nothing else does.
    all_codes, all_seconds, all_positions = heads["date_code"], seconds, heads["position"]
    unsent = heads.filter(~sent).select("position", "date_code", "time_code")
    unsent_seconds = seconds.filter(~sent)
    # The text starts after the first ": " (ASCII, so the byte offset cuts whole
    # characters). A line ending in "Sam:" is a message whose text starts on the next line.
    # Kinds are read before the date order: media placeholders carry attachment names,
    # which are evidence for it.
    heads = (
        heads.lazy()
        .with_columns(seconds=seconds, sent=sent)
        .filter("sent")
        .select(
            "position",
            "msg",
            "who",
            "date_code",
            "time_code",
            "seconds",
            "colon_end",
            first=pl.col("line").cast(pl.Binary).bin.slice(pl.col("colon") + 2).cast(pl.String),
        )
        .collect(engine="streaming")
    )
    del sent
    first = _fill(heads["first"], heads["colon_end"], "")
    # Picking columns by name keeps the streaming engine's chunks; drop() would copy
    # every column into one chunk first (0.03 s on a million messages), for nothing.
    heads = heads[[c for c in heads.columns if c not in ("first", "colon_end")]]
    kind, notice = _kinds(first)
    notes: tuple[str, ...] = ()
    if order is None:
        media = (kind == "media").arg_true()
        decision = decide(
            Evidence(
                dates=dates,
                date_code=all_codes,
                seconds=all_seconds,
                positions=all_positions,
                attachments=pl.DataFrame(
                    {"text": first.gather(media), "code": heads["date_code"].gather(media)}
                ),
                markers=_markers(clock),
                languages=partial(_languages, frame, unsent, first, kind, notice),
            ),
            source,
        )
        order = decision.order
        notes = (
            f"{PurePosixPath(source).name}: dates read as {_ORDER_WORDS[order]}: "
            f"{decision.note} (the date order can be given instead).",
        )
    del all_codes, all_seconds, all_positions
    day = dates[order].gather(heads["date_code"]).cast(pl.Int64)
    at = ((day * 86_400 + heads["seconds"]) * 1_000_000).cast(pl.Datetime("us"))
    del day
    bad = at.is_null()
    unsent_bad = dates[order].gather(unsent["date_code"]).is_null() | unsent_seconds.is_null()
    system = int((~unsent_bad).sum())
    skipped = _skips(
        frame,
        pl.concat([heads.filter(bad).select(unsent.columns), unsent.filter(unsent_bad)]),
        dates,
        clock,
        order,
    )
    system_texts = first.filter(notice & ~bad).to_list() + [
        _SNIFF_HEADER.sub("", line, count=1)
        for line in frame["line"]
        .gather((unsent["position"].filter(~unsent_bad) - 1).cast(pl.UInt32))
        .to_list()
    ]
    del unsent, unsent_bad, unsent_seconds
    if bad.any():
        heads, first, kind, notice, at = (
            heads.filter(~bad),
            first.filter(~bad),
            kind.filter(~bad),
            notice.filter(~bad),
            at.filter(~bad),
        )
    del bad
    text = _with_continuations(first, heads["msg"], _continued(frame))
    del first, frame
    senders = pl.Series([_sender(n) for n in names.to_list()], dtype=pl.String)
    table = pl.DataFrame(
        {
            "at": at,
            "sender": senders.gather(heads["who"]),
            "text": _without_edit_note(text),
            "kind": kind,
            "position": heads["position"].cast(pl.Int64),
        }
    )
    del heads, text, kind, at
    # A header whose name is only marks or spaces ("[date] \u200e: …") is the app's own line.
    notice = notice | (table["sender"].str.len_chars() == 0).fill_null(False)
    if notice.any():  # notices that iOS attributes to a person (encryption, group events)
        system += int(notice.sum())
        table = table.filter(~notice)
    renames, spellings = tilde_names(table["sender"])
    if renames:
        table = table.with_columns(sender=table["sender"].replace(renames))
    links = tuple(
        (renames.get(old, old), renames.get(new, new)) for old, new in _links(system_texts)
    )
    if table.is_empty():
        if skipped:
            first_skip = skipped[0]
            raise ChatError(
                source,
                f"no WhatsApp messages could be read; {first_skip.where()}: {first_skip.reason}",
            )
        raise _no_messages(source)
    return Chat(
        format=NAME,
        source=source,
        messages=table,
        skipped=tuple(skipped),
        title=title,
        unit="line",
        system=system,
        notes=notes,
        links=links,
        spellings=spellings,
    )


def _links(texts: list[str]) -> list[tuple[str, str]]:
    """(old name, new name) from system lines that link two names (a number change)."""
    found = []
    for text in texts:
        for pattern in LINKS:
            match = pattern.match(text)
            if match:
                old, new = _sender(match["old"]), _sender(match["new"])
                if old and new and old != new:
                    found.append((old, new))
                break
    return found


def _headers(
    lines: pl.Series,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series, pl.DataFrame, pl.DataFrame]:
    """Find the header lines and read their dates, times and senders.

    Returns (header lines: `position`, `line`, `msg`, `date_code`, `time_code`, `who`
    (a row of the names), `colon` (byte offset of the first ": ", null if none),
    `colon_end`; every line: `line`, `head`, `msg`, `position`; the names as written;
    the date table; the time table). `msg` counts the headers up to each line.
    """
    line = pl.col("line")
    sample = sample_of(lines)
    width = _date_key_width(sample)
    split = _many_pieces(sample)
    colon = byte_find(line, ": ")
    cut = _stream(
        lines.to_frame("line"),
        key=line.str.head(width),
        colon=colon,
        end=pl.coalesce(colon, line.str.len_bytes()),
        # where the header plainly ends ("] " or " - "), if the senders are keyed apart
        plain=pl.min_horizontal(byte_find(line, "] ") + 2, byte_find(line, " - ") + 3)
        if split
        else pl.lit(None, dtype=pl.UInt32),
    )
    # 1. The date: a prefix of the line, read once per distinct prefix.
    dates, date_code = _date_codes(lines, cut["key"], width)
    # 2. What follows the date up to the first ": " (", 14:05 - Sam", ", 14:05:22] Sam",
    # or the rest of a line without one), read once per distinct piece. With seconds
    # or many people these pieces are many, so the sender is then cut off and keyed
    # on its own. The date is ASCII and so are ": ", "] " and " - ": these byte
    # offsets cut whole characters.
    pieces = pl.DataFrame(
        {"line": lines, "start": dates["start_bytes"].gather(date_code)}
    ).with_columns(cut["end"], cut["plain"])
    plain = pl.col("plain")
    plain_ok = (plain >= pl.col("start")) & (plain <= pl.col("end"))
    time_end = pl.when(plain_ok).then(plain).otherwise(pl.col("end"))
    raw = line.cast(pl.Binary)
    keys = _stream(
        pieces,
        time=raw.bin.slice("start", (time_end - pl.col("start")).clip(lower_bound=0)).cast(
            pl.String
        ),
        who=pl.when(plain_ok).then(raw.bin.slice(plain, pl.col("end") - plain).cast(pl.String)),
    )
    del pieces
    times, time_code = _codes(keys["time"])
    clock = _time_table(times)
    is_head = clock["ok"].gather(time_code).fill_null(False)
    frame = pl.DataFrame({"line": lines, "head": is_head, "msg": is_head.cum_sum()}).with_row_index(
        "position", offset=1
    )
    heads = (
        frame.with_columns(
            date_code=date_code, time_code=time_code, colon=cut["colon"], who=keys["who"]
        )
        .lazy()
        .filter(pl.col("head"))
        .with_columns(colon_end=pl.col("colon").is_null() & line.str.ends_with(":"))
        .drop("head")
        .collect(engine="streaming")
    )
    del keys, cut
    if split:
        named = heads["who"].fill_null(clock["who"].gather(heads["time_code"]))
        names, who = _codes(named)
    else:
        names, name_code = _codes(clock["who"])
        who = name_code.gather(heads["time_code"])
    return heads.with_columns(who=who), frame, names, dates, clock


def _languages(
    frame: pl.DataFrame, unsent: pl.DataFrame, first: pl.Series, kind: pl.Series, notice: pl.Series
) -> tuple[str, ...]:
    """The export's languages, from a few of its placeholders and system lines."""
    texts = first.filter(notice | (kind != "text")).head(_LANGUAGE_SAMPLE).to_list()
    rows = (unsent["position"].head(_LANGUAGE_SAMPLE) - 1).cast(pl.UInt32)
    texts += [_SNIFF_HEADER.sub("", line, count=1) for line in frame["line"].gather(rows).to_list()]
    return languages_of(texts)


def _markers(clock: pl.DataFrame) -> tuple[str, ...]:
    """The am/pm markers the clocks are written with (distinct), for the language prior."""
    marks = (
        clock["clock"]
        .drop_nulls()
        .str.replace_all(r"[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?", "")
        .str.strip_chars(" \u00a0\u202f\u2009")
        .unique()
    )
    return tuple(m for m in marks.to_list() if m)


def _many_pieces(sample: pl.Series) -> bool:
    """Whether the headers in `sample` have seconds or many senders, so that keying
    "time and sender" pieces together would give nearly one key per line."""
    senders = set()
    for line in sample.to_list():
        found = _SNIFF_HEADER.match(line)
        if found is None:
            continue
        if _SECONDS.search(found.group(0)):
            return True
        sender, colon, _ = line[found.end() :].partition(": ")
        if colon:
            senders.add(sender)
    return len(senders) > 6


def _skips(
    frame: pl.DataFrame, bad: pl.DataFrame, dates: pl.DataFrame, clock: pl.DataFrame, order: str
) -> list[Skip]:
    """Lines before the first message, and headers whose date or time is impossible."""
    before = (
        frame.head(int(frame["msg"].search_sorted(1, "left")))
        .filter(pl.col("line").str.strip_chars() != "")["position"]
        .to_list()
    )
    skips = [Skip(p, "text before the first message") for p in before]
    words = _ORDER_WORDS[order]
    days = dates[order].gather(bad["date_code"]).to_list()
    shown_dates = dates["date"].gather(bad["date_code"]).to_list()
    shown_times = clock["clock"].gather(bad["time_code"]).to_list()
    for position, day, date, clock_text in zip(
        bad["position"].to_list(), days, shown_dates, shown_times, strict=True
    ):
        if day is None:
            reason = f"{date!r} is not a date read as {words}"
            if order != "ymd":
                reason += " (if that order is wrong, give the date order)"
        else:
            reason = f"{clock_text!r} is not a time of day"
        skips.append(Skip(position, reason))
    return sorted(skips, key=lambda s: s.position)
