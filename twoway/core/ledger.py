"""The ledger of one relationship: parsing, validating and writing the interchange format.

A ledger arrives as CSV (a header row) or JSON Lines, UTF-8. Every row is
checked in one vectorised pass; the first bad row becomes a `BadRow` naming the
source, the line, the field and what was expected, unless `skip_bad` asks to
drop such rows, in which case each one is recorded in `Ledger.skipped`.

This module never touches the file system: it takes bytes and a source name.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from twoway.core.events import COLUMNS, Event, format_at
from twoway.core.reading import as_utf8, frame_of, read_csv, read_jsonl, text
from twoway.core.validation import Skipped, validate
from twoway.errors import TwowayError

Format = Literal["csv", "jsonl"]


@dataclass(frozen=True)
class Ledger:
    """The time-ordered events of one relationship between exactly two people.

    `frame` columns: `at` (wall-clock datetime as written), `offset` (UTC offset
    in minutes, or null), `date_only`, the text fields `by`, `to`, `kind`, `id`,
    `ref`, `value`, `note` (empty string when absent), `line` (where the row came
    from), `key` only when the caller named rows for evidence (a database id; see
    `evidence_keys`), and any extra columns, kept as text. Rows stay in source
    order (sorting a million rows is a full copy); `in_time_order` sorts them,
    ties keeping their source order.
    """

    frame: pl.DataFrame
    people: tuple[str, str]
    source: str = "<ledger>"
    extra_columns: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = field(default=())

    def __len__(self) -> int:
        return self.frame.height

    def in_time_order(self) -> pl.DataFrame:
        """The frame sorted by `at`, ties in source order."""
        at = self.frame["at"]
        return self.frame if at.is_sorted() else self.frame.sort("at", maintain_order=True)

    def other(self, name: str) -> str:
        """The other person of the relationship."""
        from twoway.core.names import match_name

        a, b = self.people
        name = match_name(name, self.people) or name
        if name == a:
            return b
        if name == b:
            return a
        raise TwowayError(f"{name!r} is not in this ledger; its people are {a} and {b}")


#: File names that mean a ledger in JSON Lines, and in either format.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
LEDGER_SUFFIXES = (".csv", *JSONL_SUFFIXES)


def format_for(name: str) -> Format | None:
    """The format a file name says, if it says one."""
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "csv" if lower.endswith(".csv") else None


def detect_format(data: bytes, source: str) -> Format:
    """The format the name says; else JSON Lines for content starting with `{`, CSV otherwise."""
    named = format_for(source)
    if named:
        return named
    return "jsonl" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def parse_ledger(
    data: bytes,
    source: str = "<ledger>",
    *,
    fmt: Format | None = None,
    skip_bad: bool = False,
    people: Sequence[str] = (),
) -> Ledger:
    """Parse and validate ledger bytes (CSV or JSON Lines) into a `Ledger`.

    `people` may name the two people in advance (a store knows them); then a row
    naming anyone else is an error, and a file naming one person only is fine.
    """
    data = as_utf8(data, source)  # a file, an upload or the API: UTF-16 is read the same
    fmt = fmt or detect_format(data, source)
    raw = read_csv(data, source) if fmt == "csv" else read_jsonl(data, source)
    return _build(raw, source, skip_bad=skip_bad, people=people)


def ledger_from_rows(
    rows: Iterable[Mapping[str, object]],
    source: str = "<ledger>",
    *,
    skip_bad: bool = False,
    people: Sequence[str] = (),
) -> Ledger:
    """Build a ledger from mappings of field name to value (a store, a form, a chat).

    A row may carry `line` (used in messages and as its evidence key when it has
    no `id`) and `key` (an evidence key of the caller's choosing, such as a
    database id); other unknown fields are kept as extra columns.
    """
    records: list[dict[str, str]] = []
    for n, row in enumerate(rows, start=1):
        record = {k: text(v) for k, v in row.items()}
        record.setdefault("line", str(n))
        records.append(record)
    return _build(frame_of(records), source, skip_bad=skip_bad, people=people)


def ledger_from_frame(
    frame: pl.DataFrame,
    source: str = "<ledger>",
    *,
    skip_bad: bool = False,
    people: Sequence[str] = (),
) -> Ledger:
    """Build a ledger from a frame whose `at` already holds datetimes (a database's rows).

    Beside `at` it may have `offset` and `date_only`, the text fields, `line`,
    `key` and extra columns; it goes through the same checks as a file, without
    writing times out as text to read them back.
    """
    if not isinstance(frame.schema.get("at"), pl.Datetime):
        raise TypeError("ledger_from_frame needs an `at` column of datetimes")
    if "line" not in frame.columns:
        frame = frame.with_row_index("line", offset=1)
    return _build(frame, source, skip_bad=skip_bad, people=people)


def ledger_from_events(
    events: Sequence[Event],
    source: str = "<ledger>",
    *,
    keys: Sequence[str] = (),
    people: Sequence[str] = (),
) -> Ledger:
    """Build a ledger from `Event` objects; `keys` name them in evidence (database ids)."""
    rows: list[dict[str, object]] = []
    for i, e in enumerate(events):
        row: dict[str, object] = {
            "at": format_at(e.at, e.offset_minutes, e.date_only),
            "by": e.by,
            "to": e.to,
            "kind": e.kind,
            "id": e.id,
            "ref": e.ref,
            "value": e.value,
            "note": e.note,
            **e.extra,
        }
        if keys:
            row["key"] = keys[i]
        rows.append(row)
    return ledger_from_rows(rows, source, people=people)


def events_of(ledger: Ledger) -> list[Event]:
    """The ledger's rows as `Event` objects, in ledger order."""
    extras = ledger.extra_columns
    out = []
    for r in ledger.in_time_order().iter_rows(named=True):
        out.append(
            Event(
                at=r["at"],
                by=r["by"],
                kind=r["kind"],
                to=r["to"],
                id=r["id"],
                ref=r["ref"],
                value=r["value"],
                note=r["note"],
                offset_minutes=r["offset"],
                date_only=r["date_only"],
                extra={c: r[c] for c in extras if r[c] != ""},
            )
        )
    return out


def to_rows(ledger: Ledger) -> list[dict[str, str]]:
    """The ledger as interchange rows (text only), extra columns last."""
    out = []
    for r in ledger.in_time_order().iter_rows(named=True):
        row = {"at": format_at(r["at"], r["offset"], r["date_only"])}
        row.update({c: r[c] for c in COLUMNS[1:]})
        row.update({c: r[c] for c in ledger.extra_columns})
        out.append(row)
    return out


def dumps(ledger: Ledger, fmt: Format = "csv") -> str:
    """Serialise a ledger to CSV or JSON Lines; `parse_ledger` reads it back unchanged."""
    rows = to_rows(ledger)
    if fmt == "jsonl":
        return "".join(
            json.dumps({k: v for k, v in r.items() if v != ""}, ensure_ascii=False) + "\n"
            for r in rows
        )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[*COLUMNS, *ledger.extra_columns], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _build(raw: pl.DataFrame, source: str, *, skip_bad: bool, people: Sequence[str]) -> Ledger:
    owned = [raw]
    del raw  # `validate` takes the only reference (see there)
    frame, names, extra, skipped = validate(owned, source, skip_bad=skip_bad, people=people)
    return Ledger(frame=frame, people=names, source=source, extra_columns=extra, skipped=skipped)


def evidence_keys(frame: pl.DataFrame, limit: int) -> list[str]:
    """Names for the earliest `limit` rows: the caller's key (a database id), else `id`, else line."""
    head = frame.sort("at", maintain_order=True).head(limit)
    name = (
        pl.when(pl.col("id") != "")
        .then(pl.col("id"))
        .otherwise(pl.format("line {}", pl.col("line")))
    )
    if "key" in head.columns:
        name = pl.when(pl.col("key").fill_null("") != "").then(pl.col("key")).otherwise(name)
    return head.select(name).to_series().to_list()
