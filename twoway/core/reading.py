"""Reading the interchange format's bytes into a raw frame of text columns.

Every raw frame has text columns only (empty string, never null) and a `line`
column: the physical line each row starts on, so messages can name it even
when a quoted note spans several lines.
"""

from __future__ import annotations

import csv
import io
import json

import polars as pl

from twoway.errors import BadInput, BadRow, TwowayError

#: Placed before the CSV reader's own row count, so the header is line 1.
_FIRST_DATA_LINE = 2
#: Column names twoway keeps for itself in a ledger frame.
RESERVED = frozenset({"line", "key", "offset", "date_only"})


def text(value: object) -> str:
    """A JSON or Python value as the text the format holds (2.0 -> "2", True -> "true")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_utf8(data: bytes, source: str) -> bytes:
    """UTF-16 text with its byte-order mark (some spreadsheets' "Unicode text") as UTF-8; else as is."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            source, f"not readable UTF-16 text (byte {exc.start})", code="not_utf8", byte=exc.start
        ) from None


def utf8_error(data: bytes, source: str) -> TwowayError | None:
    """The error for bytes that are not UTF-8, naming the line and byte; None when they are."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return BadInput(
            source,
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8 and try again",
            line=line,
            code="not_utf8",
            byte=exc.start,
        )
    return None


def frame_of(records: list[dict[str, str]]) -> pl.DataFrame:
    """Text records (which may differ in their keys) as one frame of text columns."""
    columns: dict[str, None] = {}
    for r in records:
        columns.update(dict.fromkeys(r))
    data = {c: [r.get(c, "") for r in records] for c in columns}
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.String))


def read_csv(data: bytes, source: str) -> pl.DataFrame:
    """CSV with a header row -> raw frame. Falls back to the csv module only to explain errors."""
    if not data.removeprefix(b"\xef\xbb\xbf").strip():  # a byte-order mark alone is empty too
        raise BadInput(
            source, "the file is empty; expected a header row with at, by, kind", code="empty_file"
        )
    try:
        # The reader numbers rows itself: a column added afterwards would sit in one
        # chunk beside the text's many, and every later select would copy to align them.
        frame = pl.read_csv(
            io.BytesIO(data),
            infer_schema=False,
            empty_string_is_null=False,
            raise_if_empty=True,
            row_index_name="line",
            row_index_offset=_FIRST_DATA_LINE,
        )
    except Exception:  # bad UTF-8, a ragged row, a broken quote: explain it precisely
        error = utf8_error(data, source)
        if error:
            raise error from None
        return _read_csv_slowly(data, source)
    names = _first_row(data)
    if names is None or len(names) != frame.width - 1:  # a header the fast reader saw otherwise
        return _read_csv_slowly(data, source)
    header = _header(names, source)
    frame = frame.rename(dict(zip(frame.columns, ["line", *header], strict=True)))
    frame = _shift_lines(frame, data)
    # Columns are named by the file, so they are taken as Series: in an expression a
    # header such as "*" or "^x$" would be read as a wildcard or a pattern.
    blank: pl.Series | None = None
    for c in frame.columns:
        if c != "line":
            empty = frame.get_column(c) == ""
            blank = empty if blank is None else blank & empty
    if blank is not None and blank.any():
        frame = frame.filter(~blank)
    return frame


def _first_row(data: bytes) -> list[str] | None:
    """The header as the csv module reads it (the fast reader renames repeated names)."""
    start = len(data) - len(data.lstrip(b"\r\n"))  # like the fast reader, skip blank lines
    end = data.find(b"\n", start)
    head = data[start : end + 1 if end >= 0 else len(data)].decode("utf-8", errors="replace")
    try:
        return next(csv.reader(io.StringIO(head.lstrip("\ufeff"), newline="")), [])
    except csv.Error:
        return None


def _header(names: list[str], source: str) -> list[str]:
    """Header names without surrounding spaces; each must be there once and not be reserved."""
    tidy = [n.strip().lstrip("\ufeff").strip() for n in names]
    seen: set[str] = set()
    for name in tidy:
        check_column_name(name, source)
        if name in seen:
            raise BadInput(
                source,
                f"the header names the column {name!r} twice",
                line=1,
                code="bad_header",
                column=name,
            )
        seen.add(name)
    return tidy


def check_column_name(name: str, source: str, line: int = 1) -> None:
    """Refuse a column twoway uses itself, rather than drop or overwrite it."""
    if name in RESERVED or name.startswith("_"):
        raise BadInput(
            source,
            f"the column {name!r} is a name twoway keeps for itself; "
            f"rename it (for example to 'my {name.strip('_')}')",
            line=line,
            code="reserved_column",
            column=name,
        )


def _shift_lines(frame: pl.DataFrame, data: bytes) -> pl.DataFrame:
    """Blank lines are rows here, so only newlines inside quoted values shift line numbers."""
    if data.count(b"\n") <= frame.height + 1:  # one line per row (plus the header)
        return frame.with_columns(pl.col("line").cast(pl.Int64))
    inside = pl.zeros(frame.height, dtype=pl.Int64, eager=True)
    for c in frame.columns:
        if c != "line":
            inside += frame.get_column(c).str.count_matches("\n", literal=True).cast(pl.Int64)
    return frame.with_columns(
        line=pl.col("line").cast(pl.Int64) + inside.cum_sum().shift(1, fill_value=0)
    )


def _read_csv_slowly(data: bytes, source: str) -> pl.DataFrame:
    """The csv module, row by row: only for files the fast reader refused, to find the line."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    try:
        # the header is the first line with something written on it
        names = next((row for row in reader if any(cell.strip() for cell in row)), [])
        header = _header(names, source)
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
        raise BadInput(
            source, f"not valid CSV ({exc})", line=reader.line_num, code="bad_csv"
        ) from None
    if not records:
        frame = pl.DataFrame(schema=dict.fromkeys([*header, "line"], pl.String))
    else:
        frame = frame_of(records)
    return frame.with_columns(pl.col("line").cast(pl.Int64))


def read_jsonl(data: bytes, source: str) -> pl.DataFrame:
    """JSON Lines -> raw frame: one object per line; numbers and booleans become text."""
    error = utf8_error(data, source)
    if error:
        raise error
    records = []
    # Lines end at \n alone (or \r\n): str.splitlines would also cut at U+2028 and the
    # like, which JSON leaves unescaped inside strings.
    for n, raw_line in enumerate(data.decode("utf-8-sig").split("\n"), start=1):
        raw_line = raw_line.removesuffix("\r")
        if not raw_line.strip():
            continue
        try:
            obj = json.loads(raw_line)
        except json.JSONDecodeError as exc:
            raise BadInput(
                source,
                f"not a JSON object ({exc.msg} at column {exc.colno})",
                line=n,
                code="bad_json",
            ) from None
        except RecursionError:  # arrays or objects nested thousands deep
            raise BadInput(
                source,
                "expected one flat JSON object, got values nested too deeply to read",
                line=n,
                code="bad_json",
            ) from None
        if not isinstance(obj, dict):
            raise BadInput(
                source, f"expected a JSON object, got {type(obj).__name__}", line=n, code="bad_json"
            )
        record = {}
        for k, v in obj.items():
            if isinstance(v, dict | list):
                raise BadRow(source, n, k, "expected text or a number, got a nested value")
            check_column_name(k.strip(), source, n)
            record[k.strip()] = text(v)
        record["line"] = str(n)
        records.append(record)
    if not records:
        raise BadInput(
            source, "no events found; expected one JSON object per line", code="empty_file"
        )
    return frame_of(records).with_columns(pl.col("line").cast(pl.Int64))
