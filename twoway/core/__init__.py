"""The pure core: the ledger, its analysis and the report. No Django, no clock, no files.

The names below are imported on first use (PEP 562), so that importing a
light module such as `twoway.core.events` does not import Polars and the whole
analysis: the command line starts quickly and pays for them only when a
command builds a frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twoway.core.analysis import analyze
    from twoway.core.events import Event, Kind
    from twoway.core.ledger import (
        Ledger,
        dumps,
        events_of,
        ledger_from_events,
        ledger_from_frame,
        ledger_from_rows,
        parse_ledger,
    )
    from twoway.core.report import Report, Signal
    from twoway.core.validation import Skipped

_WHERE = {
    "analyze": "twoway.core.analysis",
    "Event": "twoway.core.events",
    "Kind": "twoway.core.events",
    "Ledger": "twoway.core.ledger",
    "dumps": "twoway.core.ledger",
    "events_of": "twoway.core.ledger",
    "ledger_from_events": "twoway.core.ledger",
    "ledger_from_frame": "twoway.core.ledger",
    "ledger_from_rows": "twoway.core.ledger",
    "parse_ledger": "twoway.core.ledger",
    "Report": "twoway.core.report",
    "Signal": "twoway.core.report",
    "Skipped": "twoway.core.validation",
}

__all__ = [
    "Event",
    "Kind",
    "Ledger",
    "Report",
    "Signal",
    "Skipped",
    "analyze",
    "dumps",
    "events_of",
    "ledger_from_events",
    "ledger_from_frame",
    "ledger_from_rows",
    "parse_ledger",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is used."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
