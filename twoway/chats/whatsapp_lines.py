"""The WhatsApp reader's work on lines: the file's bytes split into lines, and the
message text put together from them.

Here are the line splitting (Polars' CSV reader, or Python's as a fallback), the
Polars helpers the reader runs per line or per distinct value, the joining of
continuation lines, the ``<This message was edited>`` note, the kinds
(media, deleted, call) and the notices iOS attributes to a person, and the
cleaning of sender names. Header finding lives in `whatsapp`, dates and times in
`whatsapp_dates`.
"""

from __future__ import annotations

import io
from typing import Final

import polars as pl

from twoway.chats.messages import ChatError, decode
from twoway.chats.whatsapp_patterns import (
    _CALL,
    _CANDIDATE,
    _DELETED,
    _EDITED,
    _LOCATION,
    _MEDIA,
    _MEDIA_END,
    _NOTICE,
    _POLL,
    MARKS,
    NATIVE_ASCII,
    NATIVE_HEAD,
)


def _lines(data: bytes, source: str) -> pl.Series:
    """The file's lines as strings (line ends and a byte-order mark removed).

    Polars' CSV reader splits and checks the UTF-8 fastest, in parallel; it is
    given a separator byte the file does not hold, so each line is one field.
    """
    if not data or data.isspace():
        raise _no_messages(source)
    # (Both paths below drop a byte-order mark; decode's error offsets count it.)
    separator = next((c for c in "\x1f\x1e\x1d\x1c\x01\x02\x03" if c.encode() not in data), None)
    if separator is not None:
        try:
            frame = pl.read_csv(
                io.BytesIO(data),
                has_header=False,
                separator=separator,
                quote_char=None,
                new_columns=["line"],
                infer_schema=False,
                raise_if_empty=False,
            )
            if frame.width == 1 and frame.dtypes[0] == pl.String:
                return frame.to_series().fill_null("")
        except pl.exceptions.PolarsError:
            pass  # bad UTF-8 (decode below names the offset) or a shape the reader refused
    text = decode(data, source)
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return pl.Series("line", parts, dtype=pl.String).str.strip_suffix("\r")


def sample_of(lines: pl.Series) -> pl.Series:
    """The lines a file's layout is judged on: its first 2,000 and its last 500."""
    return pl.concat([lines.head(2000), lines.tail(500)])


def ascii_headers(lines: pl.Series, sample: pl.Series) -> pl.Series | None:
    """`lines` with each header's date and clock in ASCII digits, when the phone wrote
    them in its script's own (`NATIVE_ASCII`); None when `sample` (`sample_of`) has no
    such header.

    Only the part of a line up to where a header plainly ends ("]" or " - ") is
    rewritten: names and texts keep their digits. A line rewritten that turns out to
    be no header gets its own text back (`with_own_texts`).
    """
    if not sample.str.contains(NATIVE_HEAD).any():
        return None
    head = pl.col("line").str.extract(NATIVE_HEAD, 1)
    native, ascii_ = list(NATIVE_ASCII), list(NATIVE_ASCII.values())
    return _stream(
        lines.to_frame("line"),
        pl.when(head.is_not_null())
        .then(
            pl.concat_str(
                head.str.replace_many(native, ascii_),
                pl.col("line").str.slice(head.str.len_chars()),
            )
        )
        .otherwise(pl.col("line"))
        .alias("line"),
    ).to_series()


def with_own_texts(frame: pl.DataFrame, lines: pl.Series) -> pl.DataFrame:
    """`frame` (`_headers`' every line) with the lines that are no header as written."""
    return frame.with_columns(
        line=pl.when(pl.col("head")).then(pl.col("line")).otherwise(lines.alias("line"))
    )


def _no_messages(source: str) -> ChatError:
    return ChatError(
        source,
        "no WhatsApp messages were found; expected lines like "
        "`12/03/2021, 14:05 - Name: text` or `[12/03/2021, 14:05:22] Name: text`",
    )


def _stream(frame: pl.DataFrame, *exprs: pl.Expr, **named: pl.Expr) -> pl.DataFrame:
    """Row-wise expressions on `frame`, run by Polars' streaming engine, which works
    through the rows in batches on every core (twice as fast as an eager select here)."""
    return frame.lazy().select(*exprs, **named).collect(engine="streaming")


def byte_find(text: pl.Expr, literal: str) -> pl.Expr:
    """The byte offset of the first `literal` in each text (null where there is none).

    Bytes, to cut the binary form with: `str.find` counts characters since Polars 2.2.
    """
    return text.cast(pl.Binary).bin.find(literal.encode())


def _codes(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(distinct non-null values, each value's index among them; null stays null)."""
    distinct = values.unique().drop_nulls()
    # replace_strict looks the values up in one hash table: half the cost of a left join
    codes = values.replace_strict(
        distinct,
        pl.int_range(len(distinct), eager=True, dtype=pl.UInt32),
        default=None,
        return_dtype=pl.UInt32,
    )
    return distinct, codes


def _fill(values: pl.Series, where: pl.Series, value: str) -> pl.Series:
    """`values` with `value` at the rows where `where` is true (few rows: a scatter)."""
    rows = where.arg_true()
    if rows.is_empty():
        return values
    return values.clone().scatter(rows, value)


def _kinds(first: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(kind, is a system line) of each message from its first line's text.

    A system line is known by its structure first: iOS starts its body with U+200E
    (`Book club: \u200eAlex added Sam`), so a body led by it that is no placeholder
    of a message (media, deleted, call, poll, location) is one; so is a body holding
    ": \u200e" (a group subject with a colon in it, `Trip: Rome: \u200eAlex left`).
    The encryption notice is known by its wording, in every language's data file.
    A cheap look picks the candidates; the exact patterns run on those only.
    """
    kind = pl.repeat("text", len(first), eager=True, dtype=pl.String)
    notice = pl.repeat(False, len(first), eager=True, dtype=pl.Boolean)
    t = pl.col("t")
    rows = _stream(first.to_frame("t"), t.str.contains(_CANDIDATE)).to_series().arg_true()
    if rows.is_empty():
        return kind, notice
    found = (
        first.gather(rows)
        .to_frame("t")
        .select(
            pl.when(t.str.contains(_MEDIA) | t.str.contains(_MEDIA_END))
            .then(pl.lit("media"))
            .when(t.str.contains(_DELETED))
            .then(pl.lit("deleted"))
            .when(t.str.contains(_CALL))
            .then(pl.lit("call"))
            .when(t.str.contains(_POLL))
            .then(pl.lit("poll"))
            .when(t.str.contains(_LOCATION))
            .then(pl.lit("location"))
            .otherwise(pl.lit("text"))
            .alias("kind"),
            t.str.contains(_NOTICE).fill_null(False).alias("notice"),
            (t.str.starts_with("\u200e") & (t.str.strip_chars(MARKS + " ") != "")).alias("marked"),
            t.str.contains(": \u200e", literal=True).alias("subject"),
        )
        .select(
            "kind",
            (
                pl.col("notice")
                | ((pl.col("marked") | pl.col("subject")) & (pl.col("kind") == "text"))
            ).alias("notice"),
        )
    )
    return kind.scatter(rows, found["kind"]), notice.scatter(rows, found["notice"])


_NO_MARKS: Final = {ord(c): None for c in MARKS}


def _sender(name: str | None) -> str | None:
    """A sender name without invisible marks; "~ " before an unsaved contact is kept as
    "~ Name" (`people.tilde_names` drops it where no "Name" also writes)."""
    if name is None:
        return None
    clean = name.translate(_NO_MARKS).strip()
    if clean.startswith("~"):
        clean = "~ " + clean[1:].strip()
    return clean.removesuffix(":").strip() if clean.endswith(":") else clean


def _continued(frame: pl.DataFrame) -> pl.DataFrame:
    """The lines after each header, joined: `msg` (the header's number) and `line`."""
    return (
        frame.lazy()
        .filter(~pl.col("head") & (pl.col("msg") > 0))
        .group_by("msg")
        .agg(pl.col("line"))
        .select("msg", pl.col("line").list.join("\n"))
        .collect(engine="streaming")
    )


def _with_continuations(first: pl.Series, msg: pl.Series, more: pl.DataFrame) -> pl.Series:
    """Each message's text: its header line's part, then the lines that follow it.

    `msg` is each message's header number (sorted); `more` is `_continued`. Lines
    after headers that are not messages (system lines, skips) are dropped with them.
    """
    if more.is_empty():
        return first
    # Where each continued header is among the messages (null: a dropped header).
    top = int(more.select(pl.col("msg").max()).item())
    where = pl.Series("where", [], dtype=pl.UInt32).extend_constant(None, top + 1)
    inside = msg <= top
    where = where.scatter(
        msg.filter(inside), pl.int_range(len(msg), eager=True, dtype=pl.UInt32).filter(inside)
    )
    rows = where.gather(more["msg"])
    found = rows.is_not_null()
    rows, tails = rows.filter(found), more["line"].filter(found)
    if rows.is_empty():
        return first
    first = first.rechunk()
    return first.scatter(rows, first.gather(rows) + "\n" + tails)


def _without_edit_note(text: pl.Series) -> pl.Series:
    """The texts without the `<This message was edited>` WhatsApp appends to edited ones."""
    rows = _stream(text.to_frame("t"), pl.col("t").str.ends_with(">")).to_series().arg_true()
    rows = rows.filter(text.gather(rows).str.contains(_EDITED))
    if rows.is_empty():
        return text
    return text.clone().scatter(rows, text.gather(rows).str.replace(_EDITED, ""))
