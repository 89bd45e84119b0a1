"""twoway: see whether care flows both ways in a relationship.

Use it as a library::

    import twoway
    ledger = twoway.load_ledger("alex-sam.csv")
    report = twoway.analyze(ledger, me="Alex")
    for signal in report.signals:
        print(signal.code, signal.summary)
"""

from twoway.core import Event, Ledger, Report, Signal, analyze, dumps, parse_ledger
from twoway.errors import BadRow, NotOneRelationship, TwowayError, UnknownFormat
from twoway.files import load_ledger, save_ledger

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
