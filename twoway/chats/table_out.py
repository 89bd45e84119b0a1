"""The parsed messages of one or more exports as a CSV or Parquet file, for pandas or Polars.

Columns: `time` (the wall-clock time the export gives, ISO 8601), `person`,
`kind` (text, media, call, deleted, poll, location), `text`, `line` (where the
message starts in its export: a line, or an entry's number for JSON and XML)
and `file` (which export it came from). Messages that two overlapping exports
share are written once, in time order (`conversations.merged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from twoway.chats.conversations import merged
from twoway.chats.messages import Chat
from twoway.errors import TwowayError

#: The file endings `write_messages` knows, and what they hold.
SUFFIXES = {".csv": "CSV", ".parquet": "Parquet"}


def messages_table(chats: Sequence[Chat]) -> pl.DataFrame:
    """The messages of `chats` as the table `write_messages` writes."""
    sources = [c.source for c in chats]
    table = merged(chats)
    return table.select(
        time=pl.col("at"),
        person=pl.col("sender"),
        kind=pl.col("kind"),
        text=pl.col("text"),
        line=pl.col("position"),
        file=pl.col("file").replace_strict(
            list(range(len(sources))), sources, return_dtype=pl.String
        ),
    )


def write_messages(chats: Sequence[Chat], path: str | Path) -> int:
    """Write the messages to `path` (.csv or .parquet), whole or not at all; return how many.

    The file is written next to its place and then moved there, so a failure never
    leaves half a file; an export being read is never written over.
    """
    target = Path(path)
    kind = SUFFIXES.get(target.suffix.lower())
    if kind is None:
        raise TwowayError(
            f"{target}: messages are written as .csv or .parquet, not {target.suffix or 'a file without an ending'}",
            code="bad_messages_path",
            option="messages",
            path=str(target),
        )
    if any(_same_file(target, c.source) for c in chats):
        raise TwowayError(
            f"{target}: that is an export being read; choose another file for the messages",
            code="messages_over_input",
            option="messages",
            path=str(target),
        )
    table = messages_table(chats)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        if kind == "CSV":
            table.write_csv(tmp, datetime_format="%Y-%m-%dT%H:%M:%S")
        else:
            table.write_parquet(tmp)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TwowayError(
            f"{target}: the messages could not be written ({exc.strerror or exc})",
            code="cannot_write",
            path=str(target),
        ) from None
    return table.height


def _same_file(target: Path, source: str) -> bool:
    try:
        return target.resolve() == Path(source).resolve()
    except OSError:  # pragma: no cover - a path that cannot be resolved is not the same
        return False
