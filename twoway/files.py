"""Reading and writing ledger files: the I/O edge around `twoway.core.ledger`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from twoway.core.reading import as_utf8
from twoway.errors import BadInput

if TYPE_CHECKING:
    from twoway.chats.messages import Chat, ReadOptions
    from twoway.core.ledger import Format, Ledger

#: Bytes read between two progress reports on a large file.
_CHUNK = 8 << 20


def load_ledger(
    path: str | Path,
    *,
    skip_bad: bool = False,
    people: Sequence[str] = (),
    fmt: Format | None = None,
) -> Ledger:
    """Read a ledger file (CSV or JSON Lines); errors name the file and line.

    A file saved as UTF-16 (some spreadsheets' "Unicode text") is read as the
    text it is; a file with a header and no events says so.
    """
    # Imported here, for start-up speed: reading a chat needs none of the ledger's checks.
    from twoway.core.ledger import format_for, parse_ledger

    p = Path(path)
    data = read_bytes(p, "a ledger file (.csv or .jsonl)")
    data = as_utf8(data, str(p))
    written = _lines_with_text(data, most=2)
    if written <= 1 and (fmt or format_for(p.name)) != "jsonl":
        detail = "has a header and no events yet" if written else "is empty: it has no events"
        raise BadInput(str(p), detail, code="empty_file")
    return parse_ledger(data, str(p), fmt=fmt, skip_bad=skip_bad, people=people)


def _lines_with_text(data: bytes, *, most: int) -> int:
    """How many lines of `data` hold more than blanks (or a byte order mark), up to `most`.

    Read line by line and no further than needed: a list of a big file's lines
    would cost more memory than the ledger made from it.
    """
    found = 0
    for line in _LINE.finditer(data):
        if line.group().strip(b" \t\xef\xbb\xbf"):
            found += 1
            if found >= most:
                break
    return found


#: A line's text, between line breaks (`\n`, `\r\n` or `\r`, as `bytes.splitlines`).
_LINE = re.compile(rb"[^\r\n]+")


def read_bytes(
    path: str | Path, expected: str, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """A whole file's bytes, with errors a person can act on; `progress(done, total)` hears bytes read."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            if progress is None:
                return f.read()
            total = p.stat().st_size
            parts = []
            while chunk := f.read(_CHUNK):
                parts.append(chunk)
                progress(sum(map(len, parts)), total)
            return b"".join(parts)
    except FileNotFoundError:
        raise BadInput(str(p), "no such file", code="no_such_file") from None
    except IsADirectoryError:
        raise BadInput(str(p), f"is a folder; expected {expected}", code="is_a_folder") from None
    except PermissionError:
        raise BadInput(str(p), "cannot be read (permission denied)", code="unreadable") from None


def load_chat(
    path: str | Path,
    fmt: str | None = None,
    options: ReadOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Chat:
    """Read a chat export; its format is detected from the content unless `fmt` names it."""
    from dataclasses import replace
    from datetime import datetime

    from twoway.chats import ReadOptions, read_chat

    data = read_bytes(path, "a chat export file (.txt, .zip, .json, .xml, .md or .csv)", progress)
    options = options or ReadOptions()
    if options.latest is None:
        # No message can be newer than the file that holds it (a copy is newer still).
        options = replace(options, latest=datetime.fromtimestamp(Path(path).stat().st_mtime))
    return read_chat(data, str(path), fmt, options)


def save_ledger(ledger: Ledger, path: str | Path, fmt: Format | None = None) -> None:
    """Write a ledger atomically: a crash never leaves half a file behind."""
    from twoway.core.ledger import dumps, format_for  # here: see load_ledger

    p = Path(path)
    fmt = fmt or format_for(p.name) or "csv"
    tmp = p.with_name(f".{p.name}.tmp")
    tmp.write_text(dumps(ledger, fmt), encoding="utf-8")
    tmp.replace(p)
