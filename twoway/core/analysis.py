"""`analyze`: the one function that turns a ledger into a `Report`.

The CLI, the HTML file and the web site all call this, so every number a
person sees is computed here once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from twoway.core.balance import compute_balance
from twoway.core.counts import activity, side_counts
from twoway.core.ledger import Ledger
from twoway.core.moment_counts import counted_moments
from twoway.core.names import match_name
from twoway.core.report import Report, Window
from twoway.core.signals import find_signals
from twoway.core.timeline import RECENT_WEEKS, prepare
from twoway.errors import TwowayError


def you_first(people: tuple[str, str], me: str | None) -> tuple[str, str]:
    """The two people with the reader first; as they are without a reader.

    Every output draws a report's first person first and in the first colour
    (`twoway.render.sides`), so "you" keep one side and one colour in every
    report, whoever appears first in the ledger. The order is set here, before
    anything is computed, because the weekly intervals and the sentences follow it.
    """
    a, b = people
    return (b, a) if me is not None and me == b else (a, b)


def analyze(ledger: Ledger, as_of: date | None = None, me: str | None = None) -> Report:
    """Analyse `ledger` as it stood at the end of `as_of` (default: its last event's day).

    `me` names the reader (one of the two people); the report then speaks to
    "you", and names you first (`you_first`). Events after `as_of` are ignored;
    "recent" means the last `RECENT_WEEKS` weeks up to it.
    """
    if me is not None:
        me = match_name(me, ledger.people) or me  # "alex" and "zoe" mean Alex and Zoë
    if me is not None and me not in ledger.people:
        a, b = ledger.people
        raise TwowayError(
            f"{me!r} is not in this ledger; its people are {a} and {b}",
            code="me_not_found",
            option="me",
            name=me,
            candidates=[a, b],
        )
    ledger = replace(ledger, people=you_first(ledger.people, me))
    # Moments read from a chat count once confirmed, or when read with high confidence.
    ledger, moments = counted_moments(ledger)
    tl = prepare(ledger, as_of)
    if tl.events.is_empty():
        raise TwowayError(f"{ledger.source}: no events on or before {tl.as_of.isoformat()}")
    balance, findings = compute_balance(tl, me)
    first = tl.events["at"].min()
    assert isinstance(first, datetime)
    return Report(
        people=ledger.people,
        me=me,
        as_of=tl.as_of,
        first=first.date(),
        events=tl.events.height,
        window=Window(start=tl.week_start(RECENT_WEEKS - 1), end=tl.as_of, weeks=RECENT_WEEKS),
        balance=balance,
        counts=side_counts(tl),
        activity=activity(tl),
        signals=find_signals(tl, balance, findings, me),
        skipped=len(ledger.skipped),
        source=ledger.source,
        moments=moments,
    )
