"""The pure core: the ledger, its analysis and the report. No Django, no clock, no files."""

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
