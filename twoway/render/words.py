"""The words every renderer shares: names (or "you"), dates, shares and the verdict.

The terminal report, the HTML file and (later) the web pages all say the same
thing in the same words, so the sentences are written once, here. The tone:
kind and plain; describe what the ledger shows, never label a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from twoway.core.report import Interval, Report, SideCounts, Signal

# A fixed table rather than strftime("%b"): month names must not follow the machine's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: How many event keys a signal shows before "and N more".
EVENT_KEYS_SHOWN = 5

HOW_TO_READ = (
    "This report describes what was written in the ledger, not who either of you is. "
    "Care ebbs and flows: a week or two leaning one way is normal, and only a pattern "
    "that lasts for weeks is worth a conversation. Each share comes with a range that "
    "says how sure the numbers can be; with few entries the range is wide. Two people "
    "can remember the same week differently, so read it together if you can."
)


#: Gottman's figure for stable couples in conflict, shown as a reference, never as a verdict,
#: and only about partners: it is a finding about couples, not friends or family.
RATIO_NOTE = "Positive to negative: research on stable couples found about 5 to 1."

HOW_TO_READ_SHORT = (
    "This describes what was written in the ledger, not who either of you is; "
    "care ebbs and flows, so look for patterns over weeks."
)


def who(report: Report, person: str, *, capital: bool = True) -> str:
    """The person's name, or "You"/"you" when the report is told who is reading."""
    if report.me is not None and person == report.me:
        return "You" if capital else "you"
    return person


def whose(report: Report, person: str, *, capital: bool = True) -> str:
    """Possessive: "Your"/"your" for the reader, else "Sam's"."""
    if report.me is not None and person == report.me:
        return "Your" if capital else "your"
    return f"{person}'s"


def has(report: Report, person: str) -> str:
    """ "has" or "have", agreeing with `who(report, person)`."""
    return "have" if report.me is not None and person == report.me else "has"


def pct(share: float) -> str:
    """A share in 0..1 as a whole percentage: 0.724 -> "72%"."""
    return f"{round(share * 100)}%"


def signed(x: float) -> str:
    """An energy-like value with its sign and a true minus: "+1.2", "−0.5"."""
    return f"{x:+.1f}".replace("-", "−")


def day(d: date) -> str:
    """A date in words, locale-free: "3 Mar 2024"."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def short_day(d: date) -> str:
    """A date without its year, for axis labels: "3 Mar"."""
    return f"{d.day} {MONTHS[d.month - 1]}"


def span(start: date, end: date) -> str:
    """A date range, dropping the first year when both ends share it."""
    if start.year == end.year:
        return f"{short_day(start)} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def count(n: int, one: str, many: str | None = None) -> str:
    """The number with its word: "1 event", "2 events", "1 entry", "3 entries"."""
    return f"{n:,} {one}" if n == 1 else f"{n:,} {many or one + 's'}"


def moments_counted(report: Report) -> str | None:
    """Which moments read from a chat the balance counts, in one sentence; None without any.

    "Moments read from the chat in this balance: 12 confirmed, 30 read with high
    confidence; 8 wait for your review and are not counted yet."
    """
    m = report.moments
    if m is None:
        return None
    counted = f"{m.confirmed:,} confirmed, {m.high:,} read with high confidence"
    text = f"Moments read from the chat in this balance: {counted}"
    if m.waiting:
        verb, be = ("waits", "is") if m.waiting == 1 else ("wait", "are")
        text += f"; {m.waiting:,} {verb} for your review and {be} not counted yet"
    if m.rejected:
        be = "is" if m.rejected == 1 else "are"
        text += f"; {m.rejected:,} you rejected {be} left out"
    return text + "."


def weeks(n: int) -> str:
    """ "1 week", "8 weeks"."""
    return count(n, "week")


def source_name(report: Report) -> str:
    """The ledger's file name without its folders: the report may be shared, the path is private."""
    return PurePath(report.source).name or report.source


def verdict_headline(report: Report) -> str:
    """One line that answers "does care flow both ways?", from the current stretch.

    It says when the stretch began ("Since 14 Mar 2026, Alex has given 72% of
    the support") and never more than the stretch's interval allows: "both ways"
    only when an even share is within it.
    """
    b = report.balance
    st = b.stretch
    if b.verdict == "insufficient_evidence":
        return "Too few entries yet to say how support is shared."
    if st is None or not st.share:  # a report built without its stretch: no date to give
        if b.carrier:
            return f"{who(report, b.carrier)} {has(report, b.carrier)} given more of the support."
        return "Support has been flowing both ways."
    since = f"Since {day(st.start)}"
    if b.verdict == "one_sided" and b.carrier:
        return (
            f"{since}, {who(report, b.carrier, capital=False)} {has(report, b.carrier)} "
            f"given {pct(st.share[b.carrier])} of the support."
        )
    if b.verdict == "leaning" and b.carrier:
        return (
            f"{since}, {who(report, b.carrier, capital=False)} {has(report, b.carrier)} "
            f"given more of the support ({pct(st.share[b.carrier])})."
        )
    return f"{since}, support has been flowing both ways."


def share_sentence(report: Report) -> str:
    """The window's shares and the likely range in words.

    "Sam gave 72% of the support in the last 8 weeks (likely between 61% and 81%);
    you gave 28%." The person who gave more is named first.
    """
    b = report.balance
    last = f"the last {weeks(report.window.weeks)}"
    if not b.share:
        return f"No support was logged in {last}."
    a, c = report.people
    lead, other = (a, c) if b.share.get(a, 0.0) >= b.share.get(c, 0.0) else (c, a)
    lead_pct = round(b.share.get(lead, 0.0) * 100)
    total = sum(b.given.values())
    sentence = f"{who(report, lead)} gave {lead_pct}% of the {total} support events in {last}"
    if b.interval and lead in b.interval:
        iv = b.interval[lead]
        sentence += f" (likely between {pct(iv.low)} and {pct(iv.high)})"
    # The second share is the complement, so the two always add up to 100%.
    return sentence + f"; {who(report, other, capital=False)} gave {100 - lead_pct}%."


@dataclass(frozen=True, slots=True)
class CountRow:
    """One line of the counts table: a label and one cell per person (same order as people)."""

    label: str
    cells: tuple[str, str]
    hint: str = ""


def _of(part: int, whole: int) -> str:
    return "—" if whole == 0 else f"{part} of {whole}"


def _energy(e: dict[str, float | int | None]) -> str:
    mean, n = e.get("mean"), int(e.get("n") or 0)
    if mean is None or n == 0:
        return "—"
    return f"{signed(mean)} ({n}×)"


def _cells(side: SideCounts) -> list[str]:
    bids = side.bids
    decided = sum(bids.get(k, 0) for k in ("toward", "away", "against", "unanswered"))
    c = side.commitments
    return [
        str(side.support.get("total", 0)),
        str(side.initiations.get("total", 0)),
        _of(bids.get("toward", 0), decided),
        # Out of the promises that have an outcome: open ones are not yet kept nor broken.
        _of(c.get("kept", 0), sum(c.get(k, 0) for k in ("kept", "broken", "vague"))),
        str(c.get("vague", 0)),
        _of(side.needs.get("met", 0), side.needs.get("stated", 0)),
        _of(side.boundaries.get("crossed", 0), side.boundaries.get("set", 0)),
        str(side.gratitude),
        _energy(side.energy),
        f"{side.positive} to {side.negative}",
    ]


_ROWS = (
    ("Support given", ""),
    ("Things started", "conversations, check-ins, bids, plans and repairs they began"),
    ("Bids turned toward", "their reach-outs the other engaged with"),
    ("Promises kept", ""),
    ("Plans left vague", "never given a date"),
    ("Needs met", "needs they put into words that the other then met"),
    ("Limits crossed", "limits they set that the other crossed"),
    ("Thanks given", ""),
    ("Energy after time together", "mean from −2 (drained) to +2 (energized)"),
    ("Positive to negative", "kind acts to hurtful ones"),
)
#: The ratio row's hint for partners, with the research figure.
_RATIO_HINT_PARTNERS = "kind acts to hurtful ones; stable couples show about 5 to 1"


def count_rows(report: Report, scope: str, *, partners: bool = False) -> list[CountRow]:
    """The counts table for `scope` ("recent" or "all"), people in report order.

    `partners`: the relationship is a couple's, so the ratio row may quote the
    research figure about couples.
    """
    per = report.counts.get(scope, {})
    a, b = report.people
    if a not in per or b not in per:
        return []
    ca, cb = _cells(per[a]), _cells(per[b])
    rows = [
        CountRow(label, (x, y), hint) for (label, hint), x, y in zip(_ROWS, ca, cb, strict=True)
    ]
    if partners:
        rows[-1] = CountRow(rows[-1].label, rows[-1].cells, _RATIO_HINT_PARTNERS)
    return rows


def scope_title(report: Report, scope: str) -> str:
    """ "Last 8 weeks" or "All time"."""
    return f"Last {weeks(report.window.weeks)}" if scope == "recent" else "All time"


# Evidence keys that hold a share in 0..1, shown as percentages.
_SHARE_WORDS = ("share", "rate", "fraction", "pct", "percent")

# Friendlier labels for the evidence keys the analysis uses; others read as their key.
_LABELS = {
    "given": "support given",
    "share": "share",
    "interval": "likely range",
    "stretch_share": "share over the stretch",
    "stretch_interval": "likely range over the stretch",
    "stretch_start": "stretch began",
    "stretch_weeks": "stretch length",
    "earlier_share": "share before",
    "earlier_weeks": "stretch before",
    "balanced_weeks": "even for",
    "initiated": "started",
    "share_toward": "share toward",
    "share_met": "share met",
    "resolved": "resolved",
    "mean": "average energy",
    "n": "times logged",
    "drained": "times drained",
    "usual_share": "usual share",
    "recent_support_received": "support received lately",
    "recent_support_total": "support lately, in all",
    "recent_needs": "needs stated lately",
}


def _value(key: str, value: Any, names: dict[str, str] | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return weeks(value) if key == "weeks" or key.endswith("_weeks") else str(value)
    if isinstance(value, Interval):
        return f"{pct(value.low)}–{pct(value.high)}"
    if isinstance(value, float):
        if key == "mean":
            return signed(value)
        if any(w in key for w in _SHARE_WORDS) and 0.0 <= value <= 1.0:
            return pct(value)
        return f"{round(value, 2):g}"
    if isinstance(value, date):
        return day(value)
    if isinstance(value, dict):
        # {"given": 20, "total": 25} reads best as "20 of 25".
        if "total" in value and len(value) == 2:
            part = next(v for k, v in value.items() if k != "total")
            return f"{_value(key, part)} of {_value(key, value['total'])}"
        names = names or {}
        return ", ".join(f"{names.get(str(k), k)} {_value(key, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_value(key, v, names) for v in value)
    return str(value)


def evidence_items(signal: Signal, report: Report | None = None) -> list[tuple[str, str]]:
    """The evidence numbers as (label, value) pairs; the event keys are left to `event_keys`.

    With `report`, per-person numbers name the reader "you", as the summaries do.
    """
    names = {p: who(report, p) for p in report.people} if report else {}
    return [
        (_LABELS.get(key, key.replace("_", " ")), _value(key, value, names))
        for key, value in signal.evidence.items()
        if key not in ("events", "events_total")
    ]


def event_keys(signal: Signal, limit: int = EVENT_KEYS_SHOWN) -> tuple[list[str], int]:
    """The first `limit` keys of the events behind a signal, and how many more there are.

    The analysis lists a limited number of keys and gives the full count as
    `events_total`; "more" counts from that total, so nothing is undercounted.
    """
    keys = [str(k) for k in signal.evidence.get("events", ()) or ()]
    total = signal.evidence.get("events_total")
    total = total if isinstance(total, int) and total >= len(keys) else len(keys)
    shown = keys[:limit]
    return shown, total - len(shown)


#: A few words per signal code, for places with room for a label only.
SIGNAL_LABELS = {
    "one_sided_support": "support mostly one way",
    "one_sided_initiation": "one side starts most things",
    "bids_turned_away": "reach-outs often missed",
    "needs_unmet": "needs said but not met",
    "plans_not_kept": "plans not followed through",
    "draining": "time together feels draining",
    "over_functioning": "one side does nearly everything",
    "tables_turned": "the roles have turned",
    "balanced": "support flows both ways",
    "improving": "more even than before",
}


def signal_label(signal: Signal) -> str:
    """A short label for a signal."""
    return SIGNAL_LABELS.get(signal.code, signal.code.replace("_", " "))


def verdict_short(report: Report) -> str:
    """The verdict in two or three words, for tables."""
    b = report.balance
    if b.verdict == "one_sided" and b.carrier:
        return f"mostly from {who(report, b.carrier, capital=False)}"
    if b.verdict == "leaning" and b.carrier:
        return f"more from {who(report, b.carrier, capital=False)}"
    if b.verdict == "balanced":
        return "both ways"
    return "too few entries"
