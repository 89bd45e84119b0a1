"""The WhatsApp reader's dates and times: reading them from header pieces, and
deciding the file's date order.

Each distinct date key becomes its three numbers and its day under every order
(day, month or year first); each distinct time piece becomes seconds after
midnight (12-hour markers included) and the sender after it. The order of the
whole file is decided here too, from what its dates can and cannot be. These
run on distinct values only, so they are few compared with the lines.
"""

from __future__ import annotations

import polars as pl

from twoway.chats.whatsapp_lines import _codes, byte_find
from twoway.chats.whatsapp_patterns import _DATE_KEY, _DATE_START, _SPACES, _TIME_KEY, AMPM


def _date_key_width(sample: pl.Series) -> int:
    """How many characters of a line to take as its date key: the widest date (with
    the marks and "[" before it) among the sampled lines, plus one."""
    found = sample.str.extract_groups(_DATE_KEY).struct.unnest()
    widest = (found["lead"].str.len_chars() + found["date"].str.len_chars()).max()
    return widest + 1 if isinstance(widest, int) else 12


def _date_codes(lines: pl.Series, keys: pl.Series, width: int) -> tuple[pl.DataFrame, pl.Series]:
    """(a table of distinct date keys, each line's row in it).

    A key is the first `width` characters of a line. Lines whose key is only the
    start of a date (a date wider than the sampled ones) are keyed again, wider.
    """
    distinct, codes = _codes(keys)
    tables = [_date_table(distinct, width)]
    pending = tables[0]["cut"].gather(codes).arg_true()
    offset = len(tables[0])
    while len(pending) and width < 48:
        width += 8
        more, more_codes = _codes(lines.gather(pending).str.head(width))
        table = _date_table(more, width)
        codes = codes.scatter(pending, more_codes + offset)
        pending = pending.filter(table["cut"].gather(more_codes))
        tables.append(table)
        offset += len(table)
    return pl.concat(tables), codes


def _date_table(keys: pl.Series, width: int) -> pl.DataFrame:
    """Each distinct date key: where its date ends (`start` of the rest, in characters),
    its three numbers, and its day (days since 1970) under each order, null where it
    is no date under that order. `cut` marks keys that may be a date cut short."""
    parts = (
        keys.to_frame("key")
        .with_columns(pl.col("key").str.extract_groups(_DATE_KEY).alias("p"))
        .unnest("p")
        .with_columns(
            start=(pl.col("lead").str.len_chars() + pl.col("date").str.len_chars()),
            start_bytes=(pl.col("lead").str.len_bytes() + pl.col("date").str.len_bytes()),
            cut=pl.col("date").is_null()
            & (pl.col("key").str.len_chars() == width)
            & pl.col("key").str.contains(_DATE_START),
            a=pl.col("s1").cast(pl.Int32, strict=False),
            b=pl.col("s2").cast(pl.Int32, strict=False),
            wide=pl.col("s1").str.len_bytes() == 4,
        )
    )
    return parts.select(
        "start",
        "start_bytes",
        "cut",
        "date",
        "a",
        "b",
        "wide",
        dmy=_day("s3", "s2", "s1"),
        mdy=_day("s3", "s1", "s2"),
        ymd=_day("s1", "s2", "s3"),
    )


def _day(year: str, month: str, day: str) -> pl.Expr:
    """Days since 1970-01-01 from year, month and day digits; null if there is no such date.

    Two-digit years are 20YY; any other width than 2 or 4 digits is not a year.
    """
    digits = pl.col(year)
    y = (
        pl.when(digits.str.len_bytes() == 2)
        .then(digits.cast(pl.Int32, strict=False) + 2000)
        .when(digits.str.len_bytes() == 4)
        .then(digits.cast(pl.Int32, strict=False))
    )
    m = pl.col(month).cast(pl.Int32, strict=False)
    d = pl.col(day).cast(pl.Int32, strict=False)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = (
        pl.when(m == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(m.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    valid = (y >= 1) & m.is_between(1, 12) & (d >= 1) & (d <= month_days)
    # Impossible parts are nulled before pl.date sees them (it raises on them).
    return pl.date(pl.when(valid).then(y), pl.when(valid).then(m), pl.when(valid).then(d)).cast(
        pl.Int32
    )


def _time_table(keys: pl.Series) -> pl.DataFrame:
    """Each distinct piece after a date: whether it is a header's time and end (`ok`),
    its length in characters, the time as written (`clock`), seconds after midnight
    (null for no time of day: hour 25, minute 61, 13 PM), and the sender (`who`).

    The pieces are many when times have seconds and a group has many people
    (", 9:15:02 PM] Sam"), so each is cut where the header plainly ends ("] " or
    " - ") and the times are read once per distinct time; pieces not cut that way
    are read whole.
    """
    key = pl.col("key")
    cut = pl.min_horizontal(byte_find(key, "] ") + 2, byte_find(key, " - ") + 3)
    pieces = keys.to_frame("key").with_columns(cut.alias("cut"))
    raw = key.cast(pl.Binary)
    pieces = pieces.with_columns(  # ASCII cut points: the bytes cut whole characters
        time=raw.bin.slice(0, pl.col("cut")).cast(pl.String),
        rest=raw.bin.slice(pl.col("cut")).cast(pl.String),
    )
    times = pieces["time"].drop_nulls().unique()
    cut_read = _clock(times).filter(pl.col("ok") & (pl.col("who") == "")).drop("ok", "who")
    pieces = pieces.join(cut_read, on="time", how="left", maintain_order="left")
    whole = pieces.filter(pl.col("seconds").is_null() & pl.col("clock").is_null())["key"]
    whole_read = _clock(whole).rename({"clock": "clock_whole", "seconds": "seconds_whole"})
    pieces = pieces.join(
        whole_read.rename({"time": "key"}), on="key", how="left", maintain_order="left"
    )
    from_cut = pl.col("clock").is_not_null()
    return pieces.select(
        (from_cut | pl.col("ok").fill_null(False)).alias("ok"),
        key.str.len_chars().cast(pl.UInt32).alias("chars"),
        pl.coalesce("clock", "clock_whole").alias("clock"),
        pl.when(from_cut)
        .then(pl.col("seconds"))
        .otherwise(pl.col("seconds_whole"))
        .alias("seconds"),
        pl.when(from_cut).then(pl.col("rest")).otherwise(pl.col("who")).alias("who"),
    )


def _clock(pieces: pl.Series) -> pl.DataFrame:
    """Read distinct pieces with `_TIME_KEY`: `time` (the piece), `ok`, `clock`,
    `seconds` (null when not a time of day) and `who` (what follows the header)."""
    parts = (
        pieces.to_frame("time")
        .with_columns(pl.col("time").str.extract_groups(_TIME_KEY).alias("p"))
        .unnest("p")
    )
    marker = (
        pl.coalesce("before", "after")
        .str.replace_all(f"[{_SPACES}]", " ")
        .replace_strict(AMPM, default=None, return_dtype=pl.String)
    )
    h = pl.col("h").cast(pl.Int32, strict=False)
    m = pl.col("m").cast(pl.Int32, strict=False)
    s = pl.col("s").cast(pl.Int32, strict=False).fill_null(0)
    hour = (
        pl.when(marker.is_null() & (h <= 23))
        .then(h)
        .when((marker == "am") & (h <= 12))
        .then(h % 12)
        .when((marker == "pm") & (h <= 12))
        .then(h % 12 + 12)
    )
    return parts.select(
        "time",
        pl.col("clock").is_not_null().alias("ok"),
        "clock",
        pl.when((m <= 59) & (s <= 59))
        .then(hour.cast(pl.Int64) * 3600 + m * 60 + s)
        .alias("seconds"),
        "who",
    )
