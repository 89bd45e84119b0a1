"""The CSV chat reader's fast path: the rows after the header split and parsed by Polars.

`csv_chat.read_rows` (Python's `csv` module, row by row) is the reference; this
module gives the same rows, or None when it cannot be sure, and the caller then
reads row by row. It is sure when the rows after the header are plain RFC 4180
CSV, where Polars' reader and Python's split a file alike:

* a field is either unquoted (no `"` in it) or quoted from its first character
  to a closing `"` followed by the separator or the line end, with `""` for a
  quote inside; so a `"` only ever opens or closes a field or is doubled;
* line ends are "\\n" or "\\r\\n" (a lone "\\r" ends a line for Python, not for Polars);
* the quotes balance by the end, the rows do not start with a byte-order mark,
  and no row is longer (in bytes) than the `csv` module's field size limit;
* one of the control bytes 0x01-0x03, 0x1c-0x1f is not in them (the lines are
  split by Polars' reader with it as the separator).

Every line holding a quote is checked against that grammar (a line without one
is unquoted fields, or text inside a quoted field). A row starts on each line
that does not start inside a quoted field: whether it does is the parity of the
quotes before it.

Each row's timestamp is parsed here when it is ASCII ISO 8601 or an epoch number
that is a real time in the years 2-9998; the row is a message when its sender is
not blank either, and its last needed field is there: not empty, or empty with
enough separators before it outside quotes. Every other row (a time to look at
closer, a blank sender, too few fields, a blank line) is returned as its text,
for the caller to judge as `read_rows` does; there are few of them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import polars as pl

#: What `str.strip()` removes: the characters `str.isspace()` holds (a test checks).
WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
FIRST_YEAR: Final = 2  # times outside the years 2-9998 are skipped, so that
LAST_YEAR: Final = 9998  # a zone's offset keeps every time in range
MILLIS_FROM: Final = 10**11  # 10^11 s is the year 5138; 10^11 ms is 1973

_EPOCH: Final = datetime(1970, 1, 1)
_LOW: Final = (datetime(FIRST_YEAR, 1, 1) - _EPOCH) // _EPOCH.resolution
_HIGH: Final = (datetime(LAST_YEAR + 1, 1, 1) - _EPOCH) // _EPOCH.resolution
_DAY_US: Final = 86_400_000_000
_BOM: Final = b"\xef\xbb\xbf"
#: Separator bytes for splitting lines with Polars' reader: the first one the file lacks.
_LINE_SEPARATORS: Final = "\x1f\x1e\x1d\x1c\x01\x02\x03"
_ESCAPED: Final = {",": ",", ";": ";", "\t": r"\t"}

# The timestamps parsed here (csv_chat._time's forms with ASCII digits, after blanks and
# tabs are stripped): the common ones are cut at fixed places, the rest parsed by `_TIME`.
_PLAIN_ISO: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?$"
_PLAIN_NUMBER: Final = r"^[0-9]{1,15}$"
_TIME: Final = (
    r"^(?:(?<whole>[0-9]{1,15})(?:\.(?<frac>[0-9]{1,9}))?"
    r"|(?<y>[0-9]{4})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})[Tt ](?<h>[0-9]{2}):(?<mi>[0-9]{2})"
    r"(?::(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,9}))?)?"
    r"[ \t]*(?:(?<z>[Zz])|(?<sign>[+-])(?<oh>[0-9]{2})(?::?(?<om>[0-9]{2}))?)?)$"
)
_GROUPS: Final = ("whole", "frac", "y", "mo", "d", "h", "mi", "s", "f", "z", "sign", "oh", "om")
_QUOTED: Final = r'"(?:[^"]|"")*"'


@dataclass(frozen=True)
class FastRows:
    """The rows after the header: what was read here, and the rows left to judge."""

    #: per row, in order: at (naive, UTC when `instant`; null when not read here),
    #: sender (stripped), text ("\r\n" made "\n"), position, instant, and message:
    #: whether the row is surely a message
    rows: pl.DataFrame
    #: row (its index in `rows`), position, the timestamp, sender and text fields as
    #: Polars read them, and raw: the row's lines joined by "\n" ("\r" left out; the
    #: fields keep it). Each is a message, a skip or a blank row: the caller judges.
    unsure: pl.DataFrame


def fast_rows(
    body: bytes, delimiter: str, columns: dict[str, int], first_line: int, field_limit: int
) -> FastRows | None:
    """The rows of `body` (the file after its header; its first line is `first_line`).

    `columns` are the timestamp, sender and text columns' indexes, in that order.
    None when the body is not plain CSV (see the module's docstring). Polars raises
    when the body is not UTF-8.
    """
    if body.startswith(_BOM) or body.endswith(b"\r"):
        return None
    lines = _lines(body) if body else pl.Series("line", [], dtype=pl.String)
    if lines is None:
        return None
    structure = _structure(lines, delimiter, field_limit)
    if structure is None:
        return None
    indexes = list(columns.values())
    need = max(indexes) + 1
    fields = pl.read_csv(
        io.BytesIO(body),
        has_header=False,
        separator=delimiter,
        quote_char='"',
        columns=indexes,
        schema={f"c{i}": pl.String for i in range(need)},
        truncate_ragged_lines=True,
        empty_string_is_null=False,
        missing_columns="insert",
        extra_columns="ignore",
        raise_if_empty=False,
    )
    starts = structure.with_row_index("index").filter("start")
    if fields.height != starts.height:
        return None
    stamp, sender, text = (f"c{i}" for i in indexes)
    last = {indexes[0]: "stamp", indexes[1]: "sender", indexes[2]: "text"}[need - 1]
    table = (
        pl.concat(
            [
                starts.select("row", position=pl.col("index").cast(pl.Int64) + first_line),
                fields.select(stamp=stamp, sender=sender, text=text),
            ],
            how="horizontal",
        )
        .lazy()
        .pipe(_times)
        .with_columns(stripped=pl.col("sender").str.strip_chars(WHITESPACE))
        .with_columns(
            # A row with a time and a sender is a message if its last needed field,
            # when empty, is there (not missing): the caller sees to those.
            message=pl.col("at").is_not_null() & (pl.col("stripped") != "") & (pl.col(last) != "")
        )
        .collect()
    )
    unsure = table.filter(~pl.col("message")).select(
        "row",
        "position",
        "stamp",
        "sender",
        "text",
        timed=pl.col("at").is_not_null() & (pl.col("stripped") != ""),
    )
    raw = (
        structure.filter(pl.col("row").is_in(unsure["row"].implode()))
        .group_by("row", maintain_order=True)
        .agg(raw=pl.col("line").str.join("\n"))
    )
    # A row with a time and a sender whose last needed field is empty: a message when
    # it has enough fields, counted as separators outside quotes.
    fields_after = (
        pl.col("raw").str.replace_all(_QUOTED, "").str.count_matches(delimiter, literal=True)
    )
    unsure = unsure.join(raw, on="row", how="left").with_columns(
        message=pl.col("timed") & (fields_after >= need - 1)
    )
    message = table["message"].clone()
    message.scatter(unsure.filter("message")["row"], True)
    return FastRows(
        rows=table.select(
            "at",
            sender="stripped",
            text=pl.col("text").str.replace_all("\r\n", "\n", literal=True),
            position="position",
            instant="instant",
        ).with_columns(message),
        unsure=unsure.filter(~pl.col("message")).drop("timed", "message"),
    )


def _grammar(delimiter: str) -> tuple[str, str]:
    """Regexes for a whole line starting outside, and inside, a quoted field."""
    d = _ESCAPED[delimiter]
    unquoted, content = f'[^"{d}]*', r'(?:[^"]|"")*'
    field = f"(?:{_QUOTED}|{unquoted})"
    opened = f'"{content}'  # a quoted field that goes on past the line end
    outside = f"^(?:{field}{d})*(?:{field}|{opened})$"
    inside = f'^{content}(?:"(?:{d}{field})*(?:{d}{opened})?)?$'
    return outside, inside


def _lines(body: bytes) -> pl.Series | None:
    """The body's lines, split by Polars' reader (which drops a "\\r" before each "\\n")."""
    separator = next((c for c in _LINE_SEPARATORS if c.encode() not in body), None)
    if separator is None:
        return None
    frame = pl.read_csv(
        io.BytesIO(body),
        has_header=False,
        separator=separator,
        quote_char=None,
        new_columns=["line"],
        infer_schema=False,
        raise_if_empty=False,
    )
    if frame.width != 1 or frame.dtypes[0] != pl.String:
        return None
    return frame.to_series().fill_null("")


def _structure(lines: pl.Series, delimiter: str, field_limit: int) -> pl.DataFrame | None:
    """Per line: `line`, `start` (a row starts on it) and `row`; None when not plain CSV."""
    outside, inside = _grammar(delimiter)
    line, quotes, opened = pl.col("line"), pl.col("quotes"), pl.col("inside")
    frame = (
        pl.DataFrame({"line": lines})
        .lazy()
        .with_columns(quotes=line.str.count_matches('"', literal=True).cast(pl.Int64))
        .with_columns(inside=(quotes.cum_sum() - quotes) % 2 == 1)
        .collect()
    )
    odd = frame["quotes"].sum() % 2 == 1  # a quoted field open at the end
    lone = frame.select(line.str.contains("\r", literal=True).any()).item()  # "\r" ending no line
    broken = (
        frame.lazy()
        .filter(quotes > 0)  # without a quote, a line is unquoted fields or quoted text
        .select(
            (
                ~pl.when(opened)
                .then(line.str.contains(inside))
                .otherwise(line.str.contains(outside))
            ).any()
        )
        .collect()
        .item()
    )
    if odd or lone or broken:
        return None
    frame = frame.select(
        "line",
        start=~opened,
        row=(~opened).cum_sum() - 1,
        end=(line.str.len_bytes().cast(pl.Int64) + 2).cum_sum(),
    )
    # Bytes per row, line ends counted as 2: a bound of every field's length.
    ends = frame.filter(pl.col("start").shift(-1, fill_value=True))["end"]
    if (ends - ends.shift(1, fill_value=0)).gt(field_limit).any():
        return None
    return frame.drop("end")


def _times(table: pl.LazyFrame) -> pl.LazyFrame:
    """`table` with `at` (naive; UTC when `instant`) where its `stamp` is surely a readable time."""
    stamp, plain_iso, plain_number = pl.col("_stamp"), pl.col("_iso"), pl.col("_number")

    def number(name: str, cut: pl.Expr, plain: pl.Expr) -> pl.Expr:
        """A part as a number: cut from a plain time, else from the parsed groups."""
        parsed = pl.col(name).cast(pl.Int64)
        return pl.when(plain).then(cut.cast(pl.Int64, strict=False)).otherwise(parsed).alias(name)

    parts = [number(name, stamp.str.slice(at, size), plain_iso) for name, at, size in _ISO_PARTS]
    return (
        table.with_columns(_stamp=pl.col("stamp").str.strip_chars(" \t"))
        .with_columns(
            _iso=stamp.str.contains(_PLAIN_ISO), _number=stamp.str.contains(_PLAIN_NUMBER)
        )
        .with_columns(
            pl.when(~plain_iso & ~plain_number)
            .then(stamp)
            .str.extract_groups(_TIME)
            .alias("groups")
        )
        .unnest("groups")
        .with_columns(
            *parts,
            number("whole", stamp, plain_number),
            pl.col("oh", "om").cast(pl.Int64),
        )
        .with_columns(micros=_micros())
        .with_columns(
            at=pl.when(pl.col("micros").is_between(_LOW, _HIGH, closed="left"))
            .then(pl.col("micros"))
            .cast(pl.Datetime("us")),
            instant=pl.col("whole").is_not_null()
            | pl.col("z").is_not_null()
            | pl.col("sign").is_not_null(),
        )
        .drop(*_GROUPS, "micros", "_stamp", "_iso", "_number")
    )


#: Where a plain ISO time's parts are; a time without seconds cuts "" for them (null).
_ISO_PARTS: Final = (
    ("y", 0, 4),
    ("mo", 5, 2),
    ("d", 8, 2),
    ("h", 11, 2),
    ("mi", 14, 2),
    ("s", 17, 2),
)


def _micros() -> pl.Expr:
    """Microseconds since 1970 (UTC for an instant) of the parsed parts; null if not a real time."""

    def digits(name: str, width: int) -> pl.Expr:
        """The first `width` digits of a fraction, padded with zeros, as a number (0 if none)."""
        padded = pl.col(name).str.slice(0, width).str.pad_end(width, "0")
        return padded.cast(pl.Int64).fill_null(0)

    whole, y, mo, d, h, mi = (pl.col(name) for name in ("whole", "y", "mo", "d", "h", "mi"))
    s, offset = pl.col("s").fill_null(0), pl.col("oh") * 60 + pl.col("om").fill_null(0)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = (
        pl.when(mo == 2)
        .then(28 + leap.cast(pl.Int64))
        .when(mo.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    real = (  # (the year 0 needs no check: it is outside the years 2-9998 anyway)
        mo.is_between(1, 12)
        & d.is_between(1, month_days)
        & (h <= 23)
        & (mi <= 59)
        & (s <= 59)
        & (offset.fill_null(0) < 24 * 60)
    )
    # Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    year = y - (mo <= 2).cast(pl.Int64)
    era = year // 400
    of_era = year - era * 400
    of_year = (153 * (mo + pl.when(mo > 2).then(-3).otherwise(9)) + 2) // 5 + d - 1
    days = era * 146_097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - 719_468
    sign = pl.when(pl.col("sign") == "-").then(-1).otherwise(1)
    iso = (
        days * _DAY_US
        + ((h * 60 + mi) * 60 + s) * 1_000_000
        + digits("f", 6)
        - sign * offset.fill_null(0) * 60_000_000
    )
    epoch = pl.coalesce(  # each `when` is null for the other unit: no overflow
        pl.when(whole < MILLIS_FROM).then(whole) * 1_000_000 + digits("frac", 6),
        pl.when(whole >= MILLIS_FROM).then(whole) * 1000 + digits("frac", 3),
    )
    return pl.when(whole.is_not_null()).then(epoch).when(real).then(iso)
