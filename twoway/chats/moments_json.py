"""A chat's found moments as JSON text, written by Polars a column at a time.

A big chat has tens of thousands of moments: a dict a moment, with its time made
text by `datetime.isoformat`, costs more than finding them in Polars did. The
text is the one orjson writes for `MomentList.json_rows` under a top-level key of
an object indented by two spaces (`OPT_INDENT_2`), so the report's JSON stays the
same, byte for byte; the tests hold the two to it.
"""

from __future__ import annotations

from typing import Final

import orjson
import polars as pl

__all__ = ["indented_json"]

#: A moment is an item of a list under a top-level key: its keys are three levels in.
_ITEM: Final = " " * 4
_KEY: Final = " " * 6


def indented_json(frame: pl.DataFrame) -> bytes | None:
    """The moments of a frame of found ones as orjson lays out their `json_rows`, in UTF-8.

    None when a column is not of a type it writes as `json_rows` does (times with
    a time zone or missing, lines that are not whole numbers, NaN confidences).
    """
    if frame.height == 0:
        return b"[]"
    at_type = frame.schema["at"]
    if (
        not isinstance(at_type, pl.Datetime)
        or at_type.time_zone is not None
        or at_type.time_unit == "ns"  # a Python datetime drops what is under a microsecond
        or frame["at"].null_count()
        or not frame.schema["position"].is_integer()
    ):
        return None
    fields = {"line": pl.col("position").cast(pl.String).fill_null("null")}
    # as `isoformat`: the microseconds only when there are some (one format a run: each
    # costs about as much as all the other columns)
    at = pl.col("at")
    iso = at.dt.strftime("%Y-%m-%dT%H:%M:%S")
    if (frame["at"].dt.microsecond() != 0).any():
        iso = (
            pl.when(at.dt.microsecond() == 0)
            .then(iso)
            .otherwise(at.dt.strftime("%Y-%m-%dT%H:%M:%S%.6f"))
        )
    fields["at"] = pl.concat_str(pl.lit('"'), iso, pl.lit('"'))
    for name in ("by", "kind", "style", "confidence", "language"):
        value = _encoded(frame[name])
        if value is None:
            return None
        fields[name] = value
    # each field as `{name}: {value}` after the item's brace or the field before's comma
    parts: list[pl.Expr] = []
    for i, (name, value) in enumerate(fields.items()):
        lead = "," if i else _ITEM + "{"
        parts += [pl.lit(f'{lead}\n{_KEY}"{name}": '), value]
    row = pl.concat_str(*parts, pl.lit(f"\n{_ITEM}}}"))
    text = pl.concat_str(pl.lit("[\n"), row.str.join(",\n"), pl.lit("\n  ]"))
    # as UTF-8 bytes, what orjson writes: a Python string of it would be decoded, then
    # encoded again (a name with an emoji made that 25 ms more)
    written = frame.select(text).to_series().cast(pl.Binary).item()
    assert isinstance(written, bytes)
    return written


def _encoded(column: pl.Series) -> pl.Expr | None:
    """Each value of a column of few distinct values as orjson writes it (None: NaN in it)."""
    if column.dtype.is_float() and column.is_nan().any():
        return None
    distinct = column.drop_nulls().unique().to_list()
    if not distinct:
        return pl.lit("null")
    written = {v: orjson.dumps(v).decode() for v in distinct}
    return pl.col(column.name).replace_strict(written, return_dtype=pl.String).fill_null("null")
