"""Validating a raw ledger frame: every row checked, the first bad one explained.

Checks run in two steps so a clean million-row ledger stays fast: one boolean
"is anything wrong" per row, vectorised; then, for the few bad rows only, the
message that names the field and what was expected. Checks that need other
rows (duplicate ids, refs) look only at the rows that carry an id or a ref.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from twoway.core.event_rules import (
    DUE_DATE,
    NO_TARGET,
    SAME_PERSON,
    WHITESPACE,
    WRONG_TARGET,
    All,
    Blank,
    Is,
    Missing,
    Nonblank,
    NotIn,
    Outside,
    Same,
    Test,
    row_rules,
)
from twoway.core.events import ANSWERED_BY_OTHER, COLUMNS, KINDS, REF_TARGET, REQUIRED_COLUMNS
from twoway.errors import BadInput, BadRow, NotOneRelationship

_AT = (
    r"^\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$"
)
_ZONE = r"([Zz]|[+-]\d{2}(?::?\d{2})?)$"
_US = {"day": 86_400_000_000, "h": 3_600_000_000, "m": 60_000_000, "s": 1_000_000}
_TEXT = ("by", "to", "kind", "id", "ref", "value", "note")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row left out by `skip_bad`, and why."""

    line: int
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class _Check:
    condition: pl.Expr
    field: str
    message: pl.Expr


def _expr(test: Test) -> pl.Expr:
    """A rule's test as a Polars expression over the whole frame (see `event_rules`)."""
    match test:
        case Blank(column):
            return pl.col(column) == ""
        case Nonblank(column):
            return pl.col(column) != ""
        case Is(column, value):
            return pl.col(column) == value
        case NotIn(column, values):
            return ~pl.col(column).is_in(list(values))
        case Same(column, other):
            return pl.col(column) == pl.col(other)
        case Missing(column):
            return pl.col(column).is_null()
        case Outside(column, low, high):
            return ((pl.col(column) < low) | (pl.col(column) >= high)).fill_null(False)
        case All(tests):
            return pl.all_horizontal([_expr(t) for t in tests])


def _arg(column: str) -> pl.Expr:
    """A message's argument: a column, or `_day`, the date of the parsed time."""
    return pl.col("_at").dt.date() if column == "_day" else pl.col(column)


def _checks(typed: bool = False) -> list[_Check]:
    """Every row-local rule (`event_rules.row_rules`) as expressions, in the order they are told.

    `typed`: the `at` column already holds datetimes (a store), not text to parse.
    """
    return [
        _Check(
            _expr(rule.test),
            rule.field,
            pl.format(rule.message, *map(_arg, rule.args)) if rule.args else pl.lit(rule.message),
        )
        for rule in row_rules(typed)
    ]


def _explain(bad: pl.DataFrame, checks: Sequence[_Check]) -> pl.DataFrame:
    """For bad rows only: the first failing check's field and message."""
    field: pl.Expr = pl.lit(None, pl.String)
    message: pl.Expr = pl.lit(None, pl.String)
    for check in reversed(checks):
        field = pl.when(check.condition).then(pl.lit(check.field)).otherwise(field)
        message = pl.when(check.condition).then(check.message).otherwise(message)
    return bad.select("line", _field=field, _message=message)


def parse_at(at: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """ISO 8601 text -> (wall-clock datetime or null, UTC offset minutes or null, date only).

    Parts are cut at their fixed positions once the whole text has matched the
    pattern: much cheaper than capture groups over a million rows.
    """

    def part(start: int, length: int) -> pl.Expr:
        return at.str.slice(start, length).cast(pl.Int64, strict=False)

    valid = at.str.contains(_AT)
    day = at.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    has_time = at.str.len_bytes() > 10
    hour = pl.when(has_time).then(part(11, 2)).otherwise(0)
    minute = pl.when(has_time).then(part(14, 2)).otherwise(0)
    second = pl.when(at.str.slice(16, 1) == ":").then(part(17, 2)).otherwise(0)
    fraction = (
        pl.when(at.str.slice(19, 1).is_in([".", ","]))
        .then(
            at.str.extract(r"^.{20}(\d{1,9})", 1)
            .str.pad_end(6, "0")
            .str.slice(0, 6)
            .cast(pl.Int64, strict=False)
        )
        .otherwise(0)
    )
    micros = (
        day.cast(pl.Int64) * _US["day"]
        + hour * _US["h"]
        + minute * _US["m"]
        + second * _US["s"]
        + fraction
    )
    ok = valid & day.is_not_null() & (hour < 24) & (minute < 60) & (second < 60)
    when = pl.when(ok).then(micros.cast(pl.Datetime("us")))
    zone = pl.when(has_time).then(at.str.extract(_ZONE, 1))
    digits = zone.str.replace_all(":", "", literal=True)
    sign = pl.when(digits.str.starts_with("-")).then(-1).otherwise(1)
    offset = (
        pl.when(zone.str.to_lowercase() == "z")
        .then(0)
        .otherwise(
            sign
            * (
                digits.str.slice(1, 2).cast(pl.Int32, strict=False) * 60
                + digits.str.slice(3, 2).cast(pl.Int32, strict=False).fill_null(0)
            )
        )
        .cast(pl.Int32)
    )
    return when, offset, ~has_time


def _normalise(
    raw: pl.DataFrame, extra: tuple[str, ...], checks: Sequence[_Check], typed: bool
) -> pl.DataFrame:
    """Tidy the text columns, parse times, and flag (`_bad`) rows failing a row-local check.

    Columns are only rewritten when a cheap scan finds something to tidy, so a
    clean file's text is never copied. `typed`: `at` holds datetimes already, with
    `offset` and `date_only` beside it when known (a store).
    """
    text = ("by", "to", "kind", "id", "ref", "value") if typed else ("at", *_TEXT[:-1])
    present = [c for c in text if c in raw.columns]
    untidy = raw.select(
        *[pl.col(c).str.contains(r"^\s|\s$").any().alias(c) for c in present],
        _case=~pl.col("kind").is_in(sorted(KINDS)).all(),
    ).row(0, named=True)
    tidy = [pl.col(c).str.strip_chars(WHITESPACE) for c in present if untidy[c] and c != "kind"]
    if untidy["kind"] or untidy["_case"]:
        tidy.append(pl.col("kind").str.strip_chars(WHITESPACE).str.to_lowercase())
    # Extra columns are named by the file ("*" would be a wildcard in an expression),
    # so they are tidied as Series, outside the query.
    for c in ("note", *extra):
        if c in raw.columns and raw.get_column(c).null_count():
            raw = raw.with_columns(raw.get_column(c).fill_null(""))
    if typed:
        at = pl.col("at").cast(pl.Datetime("us"))
        has = raw.columns
        offset = pl.col("offset").cast(pl.Int32) if "offset" in has else pl.lit(None, pl.Int32)
        date_only = pl.col("date_only").cast(pl.Boolean) if "date_only" in has else pl.lit(False)
    else:
        at, offset, date_only = parse_at(pl.col("at"))

    return (
        raw.lazy()
        .with_columns([pl.lit("", pl.String).alias(c) for c in COLUMNS if c not in raw.columns])
        .with_columns(
            *tidy,
            line=pl.col("line").cast(pl.Int64),
        )
        .with_columns(
            _at=at,
            offset=offset,
            date_only=date_only,
            # Only YYYY-MM-DD with ASCII digits is read as a day (`event_rules.due_date`).
            _due=pl.when(
                (pl.col("kind") == "commitment") & pl.col("value").str.contains(f"^{DUE_DATE}$")
            ).then(pl.col("value").str.to_date("%Y-%m-%d", strict=False)),
        )
        .with_columns(_bad=pl.any_horizontal([c.condition for c in checks]))
        .collect()
    )


def _row_errors(df: pl.DataFrame, checks: Sequence[_Check]) -> pl.DataFrame:
    """line, _field, _message for every row flagged `_bad`."""
    return _explain(df.filter(pl.col("_bad")), checks)


def _link_errors(df: pl.DataFrame) -> pl.DataFrame:
    """Duplicate ids and refs that point nowhere, at the wrong kind, or back at oneself."""
    # Select before filtering: filtering the wide frame would copy every column.
    ids = df.select("id", "kind", "by", "line").filter(pl.col("id") != "")
    errors = []
    firsts = ids  # a hash table of the ids is costly: build it only when one repeats
    if ids["id"].n_unique() != ids.height:
        firsts = ids.sort("line").unique("id", keep="first", maintain_order=True)
        dup = ids.with_row_index("_i").filter(pl.col("id").is_duplicated())
        first_line = dup.group_by("id").agg(pl.col("line").min().alias("_first"))
        dup = dup.join(first_line, on="id").filter(pl.col("line") != pl.col("_first"))
        errors.append(
            dup.select(
                "line",
                _field=pl.lit("id"),
                _message=pl.format(
                    "'{}' is already used on line {}", pl.col("id"), pl.col("_first")
                ),
            )
        )
    refs = df.select("line", "kind", "by", "ref").filter(pl.col("ref") != "")
    # A commitment may refer to an earlier, vague one: the plan that finally got a date
    # (`event_rules.ref_target`).
    expected = (
        pl.when(pl.col("kind") == "commitment")
        .then(pl.lit("commitment"))
        .otherwise(pl.col("kind").replace_strict(REF_TARGET, default=None))
    )
    refs = refs.with_columns(_expected=expected).filter(pl.col("_expected").is_not_null())
    refs = refs.join(firsts.select(ref="id", _ref_kind="kind", _ref_by="by"), on="ref", how="left")
    wrong = (
        pl.when(pl.col("_ref_kind").is_null())
        .then(pl.format(NO_TARGET, pl.col("_expected"), pl.col("ref")))
        .when(pl.col("_ref_kind") != pl.col("_expected"))
        .then(
            pl.format(
                WRONG_TARGET,
                pl.col("ref"),
                pl.col("_ref_kind"),
                pl.col("kind"),
                pl.col("_expected"),
            )
        )
    )
    same_person = pl.col("kind").is_in(sorted(ANSWERED_BY_OTHER)) & (
        pl.col("by") == pl.col("_ref_by")
    )
    bad_refs = refs.filter(
        pl.col("_ref_kind").is_null() | (pl.col("_ref_kind") != pl.col("_expected")) | same_person
    )
    if bad_refs.height:
        errors.append(
            bad_refs.select(
                "line",
                _field=pl.when(wrong.is_null()).then(pl.lit("by")).otherwise(pl.lit("ref")),
                _message=pl.coalesce(
                    wrong,
                    pl.format(
                        SAME_PERSON,
                        pl.col("kind"),
                        pl.col("by"),
                        pl.col("_ref_kind"),
                        pl.col("ref"),
                    ),
                ),
            )
        )
    if not errors:
        return pl.DataFrame(schema={"line": pl.Int64, "_field": pl.String, "_message": pl.String})
    return pl.concat(errors)


def _drop_or_raise(
    df: pl.DataFrame, errors: pl.DataFrame, source: str, skip_bad: bool, skipped: list[Skipped]
) -> pl.DataFrame:
    if errors.is_empty():
        return df
    errors = errors.sort("line").unique("line", keep="first", maintain_order=True)
    if not skip_bad:
        line, field, message = errors.row(0)
        raise BadRow(source, line, field, message, more=errors.height - 1)
    skipped.extend(Skipped(line, field, message) for line, field, message in errors.iter_rows())
    return df.filter(~pl.col("line").is_in(errors["line"].implode()))


def validate(
    owned: list[pl.DataFrame], source: str, *, skip_bad: bool, people: Sequence[str]
) -> tuple[pl.DataFrame, tuple[str, str], tuple[str, ...], tuple[Skipped, ...]]:
    """Check a raw frame; return the ledger frame, its people, extra columns, skipped rows.

    The raw frame comes in a one-item list that this function empties, so that
    columns it replaces are freed at once (a million rows' worth each).
    """
    raw = owned.pop()
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if missing:
        found = ", ".join(c for c in raw.columns if c != "line") or "none"
        raise BadInput(
            source,
            f"missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; a ledger needs at, by and kind "
            f"(and may have to, id, ref, value, note); columns found: {found}",
            line=1,
            code="missing_columns",
            columns=missing,
        )
    extra = tuple(
        c
        for c in raw.columns
        if c not in (*COLUMNS, "line", "key", "offset", "date_only") and not c.startswith("_")
    )
    typed = isinstance(raw.schema["at"], pl.Datetime)
    checks = _checks(typed)
    df = _normalise(raw, extra, checks, typed)
    keys = ["key"] if "key" in raw.columns else []
    del raw
    skipped: list[Skipped] = []
    if df["_bad"].any():
        df = _drop_or_raise(df, _row_errors(df, checks), source, skip_bad, skipped)
    while True:  # dropping a row can strand the rows that referred to it
        before = len(skipped)
        df = _drop_or_raise(df, _link_errors(df), source, skip_bad, skipped)
        if len(skipped) == before:
            break
    names = _people(df, source, people)
    a, b = names
    other = pl.when(pl.col("by") == a).then(pl.lit(b)).otherwise(pl.lit(a))
    at = df.get_column("_at").alias("at")
    names_ = ("offset", "date_only", *_TEXT, "line", *keys, *extra)
    frame = pl.DataFrame([at, *(df.get_column(n) for n in names_)])
    del df
    if (frame["to"] == "").any():
        frame = frame.with_columns(
            to=pl.when(pl.col("to") == "").then(other).otherwise(pl.col("to"))
        )
    skipped.sort(key=lambda s: s.line)
    return frame, names, extra, tuple(skipped)


def _people(df: pl.DataFrame, source: str, given: Sequence[str]) -> tuple[str, str]:
    """The two names, in order of first appearance; a third name is an error listing all.

    On one line, `by` comes before `to`: the row "Alex helped Sam" names Alex first.
    """
    # (line, column) of each name's first appearance: ties on a line are broken by
    # the column, never by the order group_by happens to return its groups in.
    firsts: dict[str, tuple[int, int]] = {}
    for order, column in enumerate(("by", "to")):
        seen = (
            df.lazy()
            .select(column, "line")
            .filter(pl.col(column) != "")
            .group_by(column)
            .agg(pl.col("line").min())
            .collect()
        )
        for name, line in seen.iter_rows():
            firsts[name] = min((line, order), firsts.get(name, (line, order)))
    found = [(n, at[0]) for n, at in sorted(firsts.items(), key=lambda item: item[1])]
    names = [n for n, _ in found]
    strangers = [n for n in names if given and n not in given]
    if len(names) > 2 or strangers:
        listing = ", ".join(f"{n} (line {line})" for n, line in found)
        expected = f"{given[0]} and {given[1]}" if len(given) == 2 else "two people"
        raise NotOneRelationship(
            f"{source}: a ledger is one relationship between {expected}, "
            f"but it names {len(names)}: {listing}",
            source=source,
            expected=expected,
            names=[{"name": n, "line": line} for n, line in found],
        )
    for n in given:
        if len(names) < 2 and n not in names:
            names.append(n)
    if len(names) < 2:
        only = names[0] if names else "nobody"
        raise NotOneRelationship(
            f"{source}: a ledger is one relationship between two people, but it names only "
            f"{only}; add the other person's name in a `to` column",
            source=source,
            names=[{"name": n, "line": line} for n, line in found],
        )
    return names[0], names[1]
