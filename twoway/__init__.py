"""twoway: see whether care flows both ways in a relationship.

Use it as a library::

    import twoway
    ledger = twoway.load_ledger("alex-sam.csv")
    report = twoway.analyze(ledger, me="Alex")
    for signal in report.signals:
        print(signal.code, signal.summary)

The names are imported on first use (PEP 562), so `import twoway.cli` does not
import Polars and the analysis: `twoway --help` answers at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from twoway.errors import BadRow, NotOneRelationship, TwowayError, UnknownFormat

if TYPE_CHECKING:
    from twoway.core import Event, Ledger, Report, Signal, analyze, dumps, parse_ledger
    from twoway.files import load_ledger, save_ledger

_WHERE = {
    "Event": "twoway.core",
    "Ledger": "twoway.core",
    "Report": "twoway.core",
    "Signal": "twoway.core",
    "analyze": "twoway.core",
    "dumps": "twoway.core",
    "parse_ledger": "twoway.core",
    "load_ledger": "twoway.files",
    "save_ledger": "twoway.files",
}

__all__ = [
    "BadRow",
    "Event",
    "Ledger",
    "NotOneRelationship",
    "Report",
    "Signal",
    "TwowayError",
    "UnknownFormat",
    "analyze",
    "dumps",
    "load_ledger",
    "parse_ledger",
    "save_ledger",
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
