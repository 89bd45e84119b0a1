"""A WhatsApp export's date order, decided from evidence in its header lines only.

Only lines that read as a message header vote (a continuation line that happens
to start like a date never does). The evidence, in the order it is weighed:

1. **Header fields** that can be only one reading: a field above 12 in first or
   second place, a 4-digit year in first place. The order most such lines
   allow wins when it has a clear majority (at least `MARGIN` times the
   runner-up); the few lines that read only another way are skipped, and the
   note lists them.
2. **Attachment names** the export itself wrote (`PHOTO-2020-11-02-…`,
   `IMG-20201102-WA0001.jpg`, `VID-`, `AUD-`, `PTT-`, `STK-`, `DOC-`): the
   order whose header date matches the name's date (within a day).
3. **Time order**: the right reading keeps messages in order; the wrong one
   jumps back and forth across months.
4. **The export's language** as a prior: dates written with dots are day first
   (no locale writes the month first with dots; those that put the year first
   with dots end the date with one), lower-case or localised am/pm markers and
   non-English system lines are day first; upper-case "AM"/"PM" alone is month
   first (the United States' phones).

Nothing here reads the text again: the votes come from the distinct dates and
times already read, the attachment names from the few placeholder messages the
kind classifier picked out. `Decision.note` says which evidence decided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

import polars as pl

from twoway.chats.messages import ChatError
from twoway.core.plural import counted

#: A reading wins on field votes when it has at least this many times the runner-up's.
MARGIN: Final = 4
_WORDS: Final = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}
#: Attachment names with the date they were made: iOS and Android spellings.
_ATTACHED: Final = (
    r"(?:PHOTO|VIDEO|AUDIO|GIF|STICKER|DOC|FILE)-(?P<y1>[0-9]{4})-(?P<m1>[0-9]{2})-(?P<d1>[0-9]{2})"
    r"|(?:IMG|VID|AUD|PTT|STK|DOC)-(?P<y2>[0-9]{4})(?P<m2>[0-9]{2})(?P<d2>[0-9]{2})-WA"
)
_EPOCH: Final = date(1970, 1, 1)
#: How many minority lines a note lists by number.
_LISTED: Final = 5


@dataclass(frozen=True, slots=True)
class Decision:
    """The order chosen and the sentence saying what decided it."""

    order: str
    note: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the reader already has: header dates, times, placeholder texts, clock markers."""

    #: the date table (`whatsapp_dates._date_table`): one row per distinct date key
    dates: pl.DataFrame
    #: each header line's row in `dates`
    date_code: pl.Series
    #: each header line's seconds after midnight (null when no time of day)
    seconds: pl.Series
    #: each header line's line number
    positions: pl.Series
    #: texts of media placeholders, with their header's `date_code` (`text`, `code`)
    attachments: pl.DataFrame
    #: "am" markers as written (distinct), for the language prior
    markers: tuple[str, ...] = ()
    #: the languages (codes) of the system lines and placeholders found, asked for only
    #: when nothing before the language prior decides (most files never need them)
    languages: Callable[[], tuple[str, ...]] = tuple


def decide(evidence: Evidence, source: str) -> Decision:
    """The date order of the whole file, or a `ChatError` saying what was tried."""
    ev = evidence
    counts = (
        ev.date_code.rename("code")
        .drop_nulls()
        .value_counts(name="lines")
        .with_columns(pl.col("code").cast(pl.UInt32))
    )
    used = (
        ev.dates.with_row_index("code")
        .join(counts, on="code", how="inner")
        .filter(pl.col("date").is_not_null())
        .with_columns(
            ymd_ok=pl.col("ymd").is_not_null() & (pl.col("wide") | (pl.col("a") > 31)),
            dmy_ok=pl.col("dmy").is_not_null() & ~pl.col("wide"),
            mdy_ok=pl.col("mdy").is_not_null() & ~pl.col("wide"),
        )
        .with_columns(
            readings=pl.sum_horizontal(
                pl.col("ymd_ok").cast(pl.Int32),
                pl.col("dmy_ok").cast(pl.Int32),
                pl.col("mdy_ok").cast(pl.Int32),
            )
        )
    )
    if used.is_empty():
        raise ChatError(
            source,
            "no header line has a date; expected lines like `12/03/2021, 14:05 - Name: text`",
        )
    votes = {
        o: int(used.filter(pl.col(f"{o}_ok") & (pl.col("readings") == 1))["lines"].sum())
        for o in ("dmy", "mdy", "ymd")
    }
    tried: list[str] = []
    ranked = sorted(votes, key=lambda o: -votes[o])
    top, second = ranked[0], ranked[1]
    if votes[top]:
        if votes[top] >= MARGIN * votes[second]:
            note = f"{counted(votes[top], 'header line')} can only be {_WORDS[top]}"
            if votes[second]:
                note += _minority(ev, used, top)
            return Decision(top, note)
        contenders = [o for o in ranked if votes[o]]
        tried.append(
            "header fields ("
            + ", ".join(f"{votes[o]} read only as {_WORDS[o]}" for o in contenders)
            + ")"
        )
    else:
        possible = [o for o in ("dmy", "mdy", "ymd") if used[f"{o}_ok"].all()]
        if not possible:
            possible = [o for o in ("dmy", "mdy", "ymd") if used[f"{o}_ok"].any()]
        if possible == ["ymd"]:
            return Decision("ymd", "the dates start with a 4-digit year")
        if possible == []:
            return Decision("ymd", "only year/month/day gives these dates a day that exists")
        if used.select(pl.col("dmy").eq_missing(pl.col("mdy")).all()).item():
            return Decision("dmy", "every date reads the same day or month first")
        contenders = [o for o in possible if o != "ymd"] or possible
        tried.append("header fields (none above 12)")
    found = _by_attachments(ev, contenders)
    if isinstance(found, Decision):
        return found
    tried.append(found)
    found = _by_time_order(ev, contenders)
    if isinstance(found, Decision):
        return found
    tried.append(found)
    found = _by_language(ev, contenders)
    if isinstance(found, Decision):
        return found
    tried.append(found)
    example = used.filter(pl.col("a") != pl.col("b"))["date"].head(1).to_list()
    shown = f" (for example {example[0]})" if example else ""
    readings = " and as ".join(_WORDS[o] for o in contenders)
    raise ChatError(
        source,
        f"the dates are ambiguous: they read as {readings}{shown}; tried " + "; ".join(tried) + ".",
        code="ambiguous_dates",
        option="date_order",
        candidates=contenders,
        example=example[0] if example else None,
        tried=tried,
    )


def _minority(ev: Evidence, used: pl.DataFrame, top: str) -> str:
    """'; 3 header lines that read only another way were skipped (line 5, 9, 40)'."""
    odd = used.filter(~pl.col(f"{top}_ok"))["code"]
    lines = ev.positions.filter(ev.date_code.is_in(odd.implode())).head(_LISTED).to_list()
    total = int(used.filter(~pl.col(f"{top}_ok"))["lines"].sum())
    listed = ", ".join(str(p) for p in lines) + (", …" if total > len(lines) else "")
    were = "was" if total == 1 else "were"
    return f"; {counted(total, 'header line')} that read only another way {were} skipped (line {listed})"


def _by_attachments(ev: Evidence, contenders: list[str]) -> Decision | str:
    """Decide by the dates in the export's own attachment names, else what was seen."""
    if ev.attachments.is_empty():
        return "attachment names (none)"
    found = (
        ev.attachments.with_columns(pl.col("text").str.extract_groups(_ATTACHED).alias("p"))
        .unnest("p")
        .with_columns(
            y=pl.coalesce("y1", "y2").cast(pl.Int32, strict=False),
            m=pl.coalesce("m1", "m2").cast(pl.Int32, strict=False),
            d=pl.coalesce("d1", "d2").cast(pl.Int32, strict=False),
        )
        .filter(
            pl.col("y").is_between(1, 9999)
            & pl.col("m").is_between(1, 12)
            & pl.col("d").is_between(1, 31)
        )
    )
    if found.is_empty():
        return "attachment names (none with a date)"
    # Placeholders are few: their dates are checked in Python (Feb 30 is no date).
    codes, days = [], []
    for code, y, m, d in found.select("code", "y", "m", "d").iter_rows():
        try:
            days.append((date(y, m, d) - _EPOCH).days)
        except ValueError:
            continue
        codes.append(code)
    named = pl.DataFrame({"code": codes, "day": days}, schema={"code": pl.UInt32, "day": pl.Int32})
    if named.is_empty():
        return "attachment names (none with a date)"
    match = {}
    for o in contenders:
        header = ev.dates[o].gather(named["code"]).cast(pl.Int32)
        match[o] = ((header - named["day"]).abs() <= 1).fill_null(False)
    votes = {}
    for o in contenders:
        alone = match[o]
        for other in contenders:
            if other != o:
                alone = alone & ~match[other]
        votes[o] = int(alone.sum())
    ranked = sorted(votes, key=lambda o: -votes[o])
    top = ranked[0]
    rest = votes[ranked[1]] if len(ranked) > 1 else 0
    if votes[top] and votes[top] >= MARGIN * rest:
        return Decision(
            top,
            f"{counted(votes[top], 'attachment name')} "
            f"{'carries' if votes[top] == 1 else 'carry'} the same date as their message "
            f"read as {_WORDS[top]}",
        )
    return (
        "attachment names (" + ", ".join(f"{votes[o]} match {_WORDS[o]}" for o in contenders) + ")"
    )


def _by_time_order(ev: Evidence, contenders: list[str]) -> Decision | str:
    """Decide by which reading keeps the messages in time order, else the counts."""
    backwards = {}
    for o in contenders:
        stamps = ev.dates[o].gather(ev.date_code).cast(pl.Int64) * 86_400 + ev.seconds
        backwards[o] = int((stamps.drop_nulls().diff() < 0).sum())
    ranked = sorted(backwards, key=lambda o: backwards[o])
    best = ranked[0]
    if len(ranked) > 1 and backwards[best] < backwards[ranked[1]]:
        return Decision(
            best,
            f"read as {_WORDS[best]} the messages go back in time {counted(backwards[best], 'time')}, "
            f"as {_WORDS[ranked[1]]} {counted(backwards[ranked[1]], 'time')}",
        )
    return (
        "time order ("
        + ", ".join(f"{counted(backwards[o], 'step')} back as {_WORDS[o]}" for o in contenders)
        + ")"
    )


def _by_language(ev: Evidence, contenders: list[str]) -> Decision | str:
    """A prior from the export's language: how it writes dates, its am/pm spelling and
    its system lines."""
    # the dates of header lines only (a message line that starts like a date never votes)
    written = ev.dates["date"].gather(ev.date_code.drop_nulls().unique()).drop_nulls()
    # Dates with dots ("12.03.24") are day first wherever they are written so; a
    # locale that puts the year first with dots ends its date with one ("24. 3. 12.").
    dotted = (
        not written.is_empty()
        and bool(written.str.contains(r"[0-9]\.[^/-]*[0-9]$").all())
        and not bool(written.str.contains("[/-]").any())
    )
    if "dmy" in contenders and dotted:
        return Decision(
            "dmy", "nothing in the dates decides; dates written with dots are day/month/year"
        )
    foreign = [lang for lang in ev.languages() if lang != "en"]
    lower = [m for m in ev.markers if m != m.upper() or m not in ("AM", "PM")]
    upper = [m for m in ev.markers if m in ("AM", "PM")]
    if "dmy" in contenders and (foreign or lower) and not upper:
        why = (
            f"the export's language ({', '.join(foreign)})"
            if foreign
            else (f"its clock written {lower[0]!r}")
        )
        return Decision("dmy", f"nothing in the dates decides; {why} suggests day/month/year")
    if "mdy" in contenders and upper and not foreign and not lower:
        return Decision(
            "mdy",
            "nothing in the dates decides; its clock written 'AM'/'PM' suggests month/day/year",
        )
    return "language (no hint)"
