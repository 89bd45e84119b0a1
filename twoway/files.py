"""Reading and writing ledger files: the I/O edge around `twoway.core.ledger`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from twoway.core.ledger import Format, Ledger, dumps, format_for, parse_ledger
from twoway.errors import TwowayError


def load_ledger(
    path: str | Path,
    *,
    skip_bad: bool = False,
    people: Sequence[str] = (),
    fmt: Format | None = None,
) -> Ledger:
    """Read a ledger file (CSV or JSON Lines); errors name the file and line."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise TwowayError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise TwowayError(f"{p}: is a folder; expected a ledger file (.csv or .jsonl)") from None
    except PermissionError:
        raise TwowayError(f"{p}: cannot be read (permission denied)") from None
    return parse_ledger(data, str(p), fmt=fmt, skip_bad=skip_bad, people=people)


def save_ledger(ledger: Ledger, path: str | Path, fmt: Format | None = None) -> None:
    """Write a ledger atomically: a crash never leaves half a file behind."""
    p = Path(path)
    fmt = fmt or format_for(p.name) or "csv"
    tmp = p.with_name(f".{p.name}.tmp")
    tmp.write_text(dumps(ledger, fmt), encoding="utf-8")
    tmp.replace(p)
