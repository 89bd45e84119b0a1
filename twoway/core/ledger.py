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
from datetime import datetime, timedelta, timezone
from typing import Literal

import polars as pl

from twoway.core.events import (
    ANSWERED_BY_OTHER,
    CHECKINS,
    COLUMNS,
    ENERGY,
    KINDS,
    NEEDS_ID,
    REF_TARGET,
    REQUIRED_COLUMNS,
    RESPONSES,
    STYLES,
    Event,
    expected_value,
)
from twoway.errors import BadRow, NotOneRelationship, TwowayError

Format = Literal["csv", "jsonl"]

_TEXT = ("by", "to", "kind", "id", "ref", "value", "note")
_AT = (
    r"^(?P<d>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"\s*(?P<z>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$"
)
_SEP = "\x1f"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row left out by `skip_bad`, and why."""

    line: int
    field: str
    reason: str


@dataclass(frozen=True)
class Ledger:
    """The time-ordered events of one relationship between exactly two people.

    `frame` columns: `at` (wall-clock datetime as written), `offset` (UTC offset
    in minutes, or null), `date_only`, the text fields `by`, `to`, `kind`, `id`,
    `ref`, `value`, `note` (empty string when absent), `line` (where the row came
    from), `key` (the name evidence uses for the row: its `id`, else `line N`)
    and any extra columns, kept as text. Rows are ordered by `at`; ties keep
    their order in the source.
    """

    frame: pl.DataFrame
    people: tuple[str, str]
    source: str = "<ledger>"
    extra_columns: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = field(default=())

    def __len__(self) -> int:
        return self.frame.height

    def other(self, name: str) -> str:
        """The other person of the relationship."""
        a, b = self.people
        if name == a:
            return b
        if name == b:
            return a
        raise TwowayError(f"{name!r} is not in this ledger; its people are {a} and {b}")


def detect_format(data: bytes, source: str) -> Format:
    """JSON Lines for .jsonl/.ndjson/.json or content starting with `{`; CSV otherwise."""
    lower = source.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith(".csv"):
        return "csv"
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
    _check_utf8(data, source)
    fmt = fmt or detect_format(data, source)
    raw = _read_csv(data, source) if fmt == "csv" else _read_jsonl(data, source)
    return _validate(raw, source, skip_bad=skip_bad, people=people)


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
        record = {k: _text(v) for k, v in row.items()}
        record.setdefault("line", str(n))
        records.append(record)
    return _validate(_frame_of(records), source, skip_bad=skip_bad, people=people)


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
    for r in ledger.frame.iter_rows(named=True):
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


def format_at(at: datetime, offset_minutes: int | None, date_only: bool) -> str:
    """Write a time back the way the interchange format reads it."""
    if date_only:
        return at.date().isoformat()
    text = at.isoformat()
    if offset_minutes is not None:
        text = at.replace(tzinfo=timezone(timedelta(minutes=offset_minutes))).isoformat()
    return text


def to_rows(ledger: Ledger) -> list[dict[str, str]]:
    """The ledger as interchange rows (text only), extra columns last."""
    out = []
    for r in ledger.frame.iter_rows(named=True):
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


# --- reading ------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_utf8(data: bytes, source: str) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TwowayError(
            f"{source}, line {line}: not UTF-8 text (byte {exc.start}); "
            "save the file as UTF-8 and try again"
        ) from None


def _frame_of(records: list[dict[str, str]]) -> pl.DataFrame:
    columns: dict[str, None] = {}
    for r in records:
        columns.update(dict.fromkeys(r))
    data = {c: [r.get(c, "") for r in records] for c in columns}
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.String))


def _read_csv(data: bytes, source: str) -> pl.DataFrame:
    if not data.strip():
        raise TwowayError(f"{source}: the file is empty; expected a header row with at, by, kind")
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, raise_if_empty=True)
    except Exception:  # a ragged row or a broken quote: find the line with the csv module
        return _read_csv_slowly(data, source)
    frame = frame.rename({c: c.strip().lstrip("\ufeff").strip() for c in frame.columns})
    multiline = any(
        frame.select(pl.col(c).str.contains("[\r\n]").any()).item() for c in frame.columns
    )
    if multiline:  # a quoted value spans lines: row index no longer maps to the line
        return _read_csv_slowly(data, source)
    frame = frame.with_columns(line=pl.int_range(2, frame.height + 2, dtype=pl.Int64))
    blank = pl.all_horizontal(pl.exclude("line").is_null())
    return frame.filter(~blank).with_columns(pl.exclude("line").fill_null(""))


def _read_csv_slowly(data: bytes, source: str) -> pl.DataFrame:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        records = []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > len(header):
                    raise BadRow(
                        source,
                        start,
                        header[-1],
                        f"{len(row)} values but the header names {len(header)} columns",
                    )
                record = dict(zip(header, row, strict=False))
                record["line"] = str(start)
                records.append(record)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TwowayError(f"{source}, line {reader.line_num}: not valid CSV ({exc})") from None
    frame = _frame_of(records) if records else pl.DataFrame(schema=dict.fromkeys(header, pl.String))
    if "line" not in frame.columns:
        frame = frame.with_columns(line=pl.lit(None, pl.String))
    return frame.with_columns(pl.col("line").cast(pl.Int64))


def _read_jsonl(data: bytes, source: str) -> pl.DataFrame:
    records = []
    for n, raw_line in enumerate(data.decode("utf-8-sig").splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            obj = json.loads(raw_line)
        except json.JSONDecodeError as exc:
            raise TwowayError(
                f"{source}, line {n}: not a JSON object ({exc.msg} at column {exc.colno})"
            ) from None
        if not isinstance(obj, dict):
            raise TwowayError(
                f"{source}, line {n}: expected a JSON object, got {type(obj).__name__}"
            )
        record = {}
        for k, v in obj.items():
            if isinstance(v, dict | list):
                raise BadRow(source, n, k, "expected text or a number, got a nested value")
            record[k.strip()] = _text(v)
        record["line"] = str(n)
        records.append(record)
    if not records:
        raise TwowayError(f"{source}: no events found; expected one JSON object per line")
    frame = _frame_of(records)
    return frame.with_columns(pl.col("line").cast(pl.Int64))


# --- validating ---------------------------------------------------------------


def _row_errors(df: pl.DataFrame) -> pl.Expr:
    """One expression giving, per row, `field<SEP>what was expected`, or null when fine."""
    at = pl.col("at")
    kind = pl.col("kind")
    value = pl.col("value")

    def got(column: str) -> pl.Expr:
        return pl.format("got '{}'", pl.col(column))

    checks: list[tuple[pl.Expr, str, pl.Expr | str]] = [
        (at == "", "at", "expected a date or date-time, got nothing"),
        (
            pl.col("_at").is_null(),
            "at",
            pl.format(
                "expected an ISO 8601 date or date-time such as 2024-03-01 or "
                "2024-03-01T18:30, got '{}'",
                at,
            ),
        ),
        (pl.col("by") == "", "by", "expected the name of the person who did it, got nothing"),
        (kind == "", "kind", "expected the kind of event, got nothing"),
        (
            ~kind.is_in(sorted(KINDS)),
            "kind",
            pl.format("expected one of {}, {}", pl.lit(", ".join(sorted(KINDS))), got("kind")),
        ),
        (
            pl.col("to") == pl.col("by"),
            "to",
            "expected the other person; `to` names the same person as `by`",
        ),
    ]
    allowed = {
        "support": ("", *STYLES),
        "response": RESPONSES,
        "checkin": ("", *CHECKINS),
        "together": ENERGY,
    }
    for k, values in allowed.items():
        checks.append(
            (
                (kind == k) & ~value.is_in(list(values)),
                "value",
                pl.format(
                    "a {} expects {}, {}", pl.lit(k), pl.lit(expected_value(k)), got("value")
                ),
            )
        )
    checks.append(
        (
            (kind == "commitment") & (value != "") & pl.col("_due").is_null(),
            "value",
            pl.format(
                "a commitment expects {}, {}", pl.lit(expected_value("commitment")), got("value")
            ),
        )
    )
    for k in sorted(NEEDS_ID):
        checks.append(
            (
                (kind == k) & (pl.col("id") == ""),
                "id",
                f"a {k} needs an id, so that later rows can refer to it",
            )
        )
    for k, target in REF_TARGET.items():
        checks.append(
            (
                (kind == k) & (pl.col("ref") == ""),
                "ref",
                f"a {k} needs `ref`: the id of the {target} it answers",
            )
        )
    expr: pl.Expr = pl.lit(None, pl.String)
    for cond, fld, msg in reversed(checks):
        message = pl.lit(msg) if isinstance(msg, str) else msg
        expr = pl.when(cond).then(pl.lit(fld + _SEP) + message).otherwise(expr)
    return expr


def _link_errors(df: pl.DataFrame) -> pl.Series:
    """Errors that need the other rows: duplicate ids, dangling or mistyped refs."""
    with_id = df.filter(pl.col("id") != "").select("id", "kind", "by", "line", "_row")
    first = with_id.group_by("id", maintain_order=True).agg(
        pl.col("line").first().alias("_first_line"),
        pl.col("_row").first().alias("_first_row"),
        pl.col("kind").first().alias("_target_kind"),
        pl.col("by").first().alias("_target_by"),
    )
    joined = (
        df.select("_row", "id", "ref", "kind", "by")
        .join(first, on="id", how="left")
        .join(
            first.select(
                pl.col("id").alias("ref"),
                pl.col("_target_kind").alias("_ref_kind"),
                pl.col("_target_by").alias("_ref_by"),
            ),
            on="ref",
            how="left",
        )
        .sort("_row")
    )
    # A commitment may refer to an earlier, vague one: the plan that finally got a date.
    expected = (
        pl.when((pl.col("kind") == "commitment") & (pl.col("ref") != ""))
        .then(pl.lit("commitment"))
        .otherwise(pl.col("kind").replace_strict(REF_TARGET, default=None))
    )
    err = (
        pl.when((pl.col("id") != "") & (pl.col("_first_row") != pl.col("_row")))
        .then(
            pl.format(
                "id{}'{}' is already used on line {}",
                pl.lit(_SEP),
                pl.col("id"),
                pl.col("_first_line"),
            )
        )
        .when(expected.is_not_null() & pl.col("_ref_kind").is_null())
        .then(
            pl.format(
                "ref{}no {} with id '{}' in this ledger", pl.lit(_SEP), expected, pl.col("ref")
            )
        )
        .when(expected.is_not_null() & (pl.col("_ref_kind") != expected))
        .then(
            pl.format(
                "ref{}'{}' is a {}, but a {} answers a {}",
                pl.lit(_SEP),
                pl.col("ref"),
                pl.col("_ref_kind"),
                pl.col("kind"),
                expected,
            )
        )
        .when(pl.col("kind").is_in(sorted(ANSWERED_BY_OTHER)) & (pl.col("by") == pl.col("_ref_by")))
        .then(
            pl.format(
                "by{}a {} comes from the other person, but {} also made {} '{}'",
                pl.lit(_SEP),
                pl.col("kind"),
                pl.col("by"),
                pl.col("_ref_kind"),
                pl.col("ref"),
            )
        )
        .otherwise(pl.lit(None, pl.String))
    )
    return joined.select(err.alias("_err")).to_series()


def _parse_at(df: pl.DataFrame) -> pl.DataFrame:
    parts = pl.col("at").str.strip_chars().str.extract_groups(_AT).alias("_p")
    df = df.with_columns(parts).unnest("_p")

    def num(column: str) -> pl.Expr:
        return pl.col(column).cast(pl.Int64, strict=False).fill_null(0)

    frac = (
        pl.col("f").fill_null("").str.pad_end(6, "0").str.slice(0, 6).cast(pl.Int64, strict=False)
    )
    day = pl.col("d").str.to_date("%Y-%m-%d", strict=False)
    time_ok = (num("h") < 24) & (num("m") < 60) & (num("s") < 60)
    at = pl.when(day.is_not_null() & time_ok).then(
        day.cast(pl.Datetime("us"))
        + pl.duration(
            hours=num("h"), minutes=num("m"), seconds=num("s"), microseconds=frac.fill_null(0)
        )
    )
    z = pl.col("z")
    sign = pl.when(z.str.starts_with("-")).then(-1).otherwise(1)
    digits = z.str.replace_all(r"[^0-9]", "")
    offset = (
        pl.when(z.is_null())
        .then(pl.lit(None, pl.Int32))
        .when(z.str.to_lowercase() == "z")
        .then(0)
        .otherwise(
            sign
            * (
                digits.str.slice(0, 2).cast(pl.Int32, strict=False) * 60
                + digits.str.slice(2, 2).cast(pl.Int32, strict=False).fill_null(0)
            )
        )
        .cast(pl.Int32)
    )
    due = pl.col("value").str.to_date("%Y-%m-%d", strict=False)
    return df.with_columns(_at=at, offset=offset, date_only=pl.col("h").is_null(), _due=due).drop(
        "d", "h", "m", "s", "f", "z"
    )


def _validate(raw: pl.DataFrame, source: str, *, skip_bad: bool, people: Sequence[str]) -> Ledger:
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if missing:
        found = ", ".join(c for c in raw.columns if c != "line") or "none"
        raise TwowayError(
            f"{source}, line 1: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; a ledger needs at, by and kind "
            f"(and may have to, id, ref, value, note); columns found: {found}"
        )
    extra = tuple(
        c for c in raw.columns if c not in (*COLUMNS, "line", "key") and not c.startswith("_")
    )
    df = raw.with_columns(
        [pl.lit("", pl.String).alias(c) for c in COLUMNS if c not in raw.columns]
    ).with_columns(
        *[
            pl.col(c).fill_null("").str.strip_chars()
            for c in ("at", "by", "to", "id", "ref", "value")
        ],
        *[pl.col(c).fill_null("") for c in ("note", *extra)],
        pl.col("kind").fill_null("").str.strip_chars().str.to_lowercase(),
        _row=pl.int_range(0, pl.len(), dtype=pl.Int64),
    )
    df = _parse_at(df)
    df = df.with_columns(_err=_row_errors(df))
    skipped: list[Skipped] = []
    df, skipped = _drop_or_raise(df, source, skip_bad, skipped)
    while True:  # dropping a row can strand the rows that referred to it
        df = df.with_columns(_err=_link_errors(df))
        before = len(skipped)
        df, skipped = _drop_or_raise(df, source, skip_bad, skipped)
        if len(skipped) == before:
            break
    names = _people(df, source, people)
    a, b = names
    other = pl.when(pl.col("by") == a).then(pl.lit(b)).otherwise(pl.lit(a))
    key = pl.col("key") if "key" in df.columns else pl.lit("")
    df = df.with_columns(
        to=pl.when(pl.col("to") == "").then(other).otherwise(pl.col("to")),
        key=pl.when(key.fill_null("") != "")
        .then(key)
        .when(pl.col("id") != "")
        .then(pl.col("id"))
        .otherwise(pl.format("line {}", pl.col("line"))),
        at=pl.col("_at"),
    ).sort("at", maintain_order=True)
    frame = df.select("at", "offset", "date_only", *_TEXT, "line", "key", *extra)
    return Ledger(
        frame=frame, people=names, source=source, extra_columns=extra, skipped=tuple(skipped)
    )


def _drop_or_raise(
    df: pl.DataFrame, source: str, skip_bad: bool, skipped: list[Skipped]
) -> tuple[pl.DataFrame, list[Skipped]]:
    bad = df.filter(pl.col("_err").is_not_null()).sort("line")
    if bad.is_empty():
        return df, skipped
    if not skip_bad:
        first = bad.row(0, named=True)
        fld, _, msg = first["_err"].partition(_SEP)
        raise BadRow(source, first["line"], fld, msg, more=bad.height - 1)
    for r in bad.select("line", "_err").iter_rows():
        fld, _, msg = r[1].partition(_SEP)
        skipped.append(Skipped(line=r[0], field=fld, reason=msg))
    return df.filter(pl.col("_err").is_null()), skipped


def _people(df: pl.DataFrame, source: str, given: Sequence[str]) -> tuple[str, str]:
    seen = (
        pl.concat(
            [
                df.select(name=pl.col("by"), line=pl.col("line"), _row=pl.col("_row")),
                df.filter(pl.col("to") != "").select(
                    name=pl.col("to"), line=pl.col("line"), _row=pl.col("_row")
                ),
            ]
        )
        .sort("_row", maintain_order=True)
        .unique("name", keep="first", maintain_order=True)
    )
    found = list(zip(seen["name"].to_list(), seen["line"].to_list(), strict=True))
    names = [n for n, _ in found]
    strangers = [(n, line) for n, line in found if given and n not in given]
    if len(names) > 2 or strangers:
        listing = ", ".join(f"{n} (line {line})" for n, line in found)
        expected = f"{given[0]} and {given[1]}" if len(given) == 2 else "two people"
        raise NotOneRelationship(
            f"{source}: a ledger is one relationship between {expected}, "
            f"but it names {len(names)}: {listing}"
        )
    for n in given:
        if len(names) < 2 and n not in names:
            names.append(n)
    if len(names) < 2:
        only = names[0] if names else "nobody"
        raise NotOneRelationship(
            f"{source}: a ledger is one relationship between two people, but it names only "
            f"{only}; add the other person's name in a `to` column"
        )
    return names[0], names[1]
