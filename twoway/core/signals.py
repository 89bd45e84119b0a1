"""The signals: findings about the ledger, each with its evidence and a practice.

Every rule needs a minimum of evidence before it speaks, looks at the recent
window only (`RECENT_WEEKS`), and describes what the ledger shows. The
thresholds and their reasons are in docs/method.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from twoway.core.balance import EVEN_BAND, SWING_WEEKS, BalanceFindings
from twoway.core.events import INITIATIONS
from twoway.core.ledger import evidence_keys
from twoway.core.practices import practice_for
from twoway.core.report import Balance, Signal, Tone
from twoway.core.timeline import RECENT_WEEKS, Timeline, narrow
from twoway.core.voice import Voice

INITIATION_SHARE, INITIATION_MIN = 0.75, 12
BIDS_MIN, BIDS_TOWARD_BELOW = 10, 0.5
NEEDS_MIN, NEEDS_MET_BELOW, NEEDS_GRACE_DAYS = 4, 0.5, 7
PLANS_MIN, PLANS_KEPT_BELOW = 3, 0.5
ENERGY_MIN, ENERGY_DRAINED_AT = 4, -0.5
OVER_SHARE, OVER_SUPPORT_MIN, OVER_INITIATION_MIN, OVER_REPAIR_MIN = 0.75, 12, 12, 2
# The swing length: this signal speaks while the balance verdict still waits.
TURNED_HISTORY_SHARE, TURNED_HISTORY_MIN, TURNED_WEEKS = 0.6, 12, SWING_WEEKS
TURNED_RECENT_MIN, TURNED_NEEDS_MIN = 4, 3
#: How many event keys a signal lists (the total is always given).
EVIDENCE_KEYS = 25


def _first_day(frame: pl.DataFrame) -> date:
    first = frame["at"].min()
    assert isinstance(first, datetime)
    return first.date()


def _keys(frame: pl.DataFrame) -> dict[str, Any]:
    keys = evidence_keys(frame, EVIDENCE_KEYS)
    return {"events": keys, "events_total": frame.height}


def _pct(x: float) -> str:
    return f"{x:.0%}"


def find_signals(
    tl: Timeline, balance: Balance, findings: BalanceFindings, me: str | None = None
) -> list[Signal]:
    """All signals for the timeline, attention first, in a stable order."""
    say = Voice(me)
    recent = tl.events.select(narrow(tl.events)).filter(pl.col("week") < RECENT_WEEKS)
    rules: list[Callable[[], list[Signal]]] = [
        lambda: _support(tl, balance, findings, say),
        lambda: _initiation(tl, recent, say),
        lambda: _bids(tl, say),
        lambda: _needs(tl, say),
        lambda: _plans(tl, say),
        lambda: _draining(tl, recent, say),
        lambda: _over_functioning(tl, recent, say),
        lambda: _tables_turned(tl, say),
    ]
    found = [s for rule in rules for s in rule()]
    return sorted(found, key=lambda s: s.tone == "positive")


def _signal(
    code: str, person: str | None, summary: str, evidence: dict[str, Any], since: Any
) -> Signal:
    tone: Tone = "positive" if code in ("balanced", "improving") else "attention"
    sentence = summary[:1].upper() + summary[1:]  # rules may open with "you" or a number
    return Signal(code, person, sentence, evidence, since, practice_for(code), tone)


def _support(tl: Timeline, balance: Balance, findings: BalanceFindings, say: Voice) -> list[Signal]:
    support = tl.support
    base = {"given": balance.given, "share": balance.share, "interval": balance.interval}
    if balance.verdict == "one_sided" and balance.carrier:
        stretch = findings.stretch or findings.earlier
        assert stretch is not None
        carrier = balance.carrier
        since_week = stretch.since_week
        rows = support.filter((pl.col("by") == carrier) & (pl.col("week") <= since_week))
        weeks = since_week + 1
        summary = (
            f"{say(carrier)} gave most of the support for {weeks} weeks: "
            f"{_pct(stretch.share)} across the weeks with support."
        )
        if findings.stretch is None and findings.weeks_since_earlier:
            summary += (
                f" The last {findings.weeks_since_earlier} week(s) were more even; "
                "too soon to call it a change."
            )
        evidence = {**base, "weeks": weeks, "stretch_share": stretch.share, **_keys(rows)}
        return [_signal("one_sided_support", carrier, summary, evidence, tl.week_start(since_week))]
    if balance.verdict != "balanced":
        return []
    out = []
    earlier, ago = findings.earlier, findings.weeks_since_earlier
    if earlier and ago is not None and ago > SWING_WEEKS:
        rows = support.filter(pl.col("week") < RECENT_WEEKS)
        summary = (
            f"Support has been more even for the last {ago} weeks, after a stretch in which "
            f"{say(earlier.carrier, capital=False)} gave {_pct(earlier.share)} of it."
        )
        evidence = {**base, "balanced_weeks": ago, "earlier_share": earlier.share, **_keys(rows)}
        out.append(_signal("improving", earlier.carrier, summary, evidence, tl.week_start(ago - 1)))
    share = balance.share or {}
    interval = balance.interval or {}
    first = tl.people[0]
    if share and (
        EVEN_BAND[0] <= share[first] <= EVEN_BAND[1]
        or interval[first].low <= 0.5 <= interval[first].high
    ):
        a, b = tl.people
        summary = (
            f"Support flowed both ways over the last {RECENT_WEEKS} weeks: "
            f"{say(a, capital=False)} {_pct(share[a])}, {say(b, capital=False)} {_pct(share[b])}."
        )
        rows = support.filter(pl.col("week") < RECENT_WEEKS)
        out.append(
            _signal(
                "balanced", None, summary, {**base, **_keys(rows)}, tl.week_start(RECENT_WEEKS - 1)
            )
        )
    return out


def _initiation(tl: Timeline, recent: pl.DataFrame, say: Voice) -> list[Signal]:
    rows = recent.filter(pl.col("kind").is_in(INITIATIONS))
    total = rows.height
    if total < INITIATION_MIN:
        return []
    for p in tl.people:
        mine = rows.filter(pl.col("by") == p)
        if mine.height / total >= INITIATION_SHARE:
            summary = (
                f"{say(p)} started {mine.height} of the last {total} conversations, check-ins, "
                f"plans, bids and repairs ({_pct(mine.height / total)})."
            )
            evidence = {
                "initiated": mine.height,
                "total": total,
                "share": mine.height / total,
                **_keys(mine),
            }
            return [_signal("one_sided_initiation", p, summary, evidence, _first_day(mine))]
    return []


def _bids(tl: Timeline, say: Voice) -> list[Signal]:
    out = []
    bids = tl.bids.filter((pl.col("week") < RECENT_WEEKS) & (pl.col("outcome") != "pending"))
    for p in tl.people:
        mine = bids.filter(pl.col("by") == p)
        if mine.height < BIDS_MIN:
            continue
        toward = mine.filter(pl.col("outcome") == "toward").height
        if toward / mine.height < BIDS_TOWARD_BELOW:
            missed = mine.filter(pl.col("outcome") != "toward")
            counts = dict(missed.group_by("outcome").len().iter_rows())
            summary = (
                f"{toward} of {say.possessive(p, capital=False)} last {mine.height} reach-outs were "
                f"answered with attention within three days ({_pct(toward / mine.height)})."
            )
            evidence = {"bids": mine.height, "toward": toward, "share_toward": toward / mine.height}
            evidence |= {o: int(counts.get(o, 0)) for o in ("away", "against", "unanswered")}
            out.append(
                _signal(
                    "bids_turned_away",
                    p,
                    summary,
                    evidence | _keys(missed),
                    _first_day(mine),
                )
            )
    return out


def _needs(tl: Timeline, say: Voice) -> list[Signal]:
    out = []
    grace = tl.as_of - timedelta(days=NEEDS_GRACE_DAYS)
    needs = tl.needs.filter(
        (pl.col("week") < RECENT_WEEKS) & (pl.col("answered") | (pl.col("at").dt.date() <= grace))
    )
    for p in tl.people:
        mine = needs.filter(pl.col("by") == p)
        if mine.height < NEEDS_MIN:
            continue
        met = mine.filter(pl.col("answered")).height
        if met / mine.height < NEEDS_MET_BELOW:
            unmet = mine.filter(~pl.col("answered"))
            summary = (
                f"{say(p)} put {mine.height} needs into words recently; {met} of them "
                f"{'was' if met == 1 else 'were'} met afterwards."
            )
            evidence = {
                "stated": mine.height,
                "met": met,
                "share_met": met / mine.height,
                **_keys(unmet),
            }
            out.append(_signal("needs_unmet", p, summary, evidence, _first_day(mine)))
    return out


def _plans(tl: Timeline, say: Voice) -> list[Signal]:
    out = []
    done = tl.commitments.filter(
        (pl.col("week") < RECENT_WEEKS) & pl.col("outcome").is_in(["kept", "broken", "vague"])
    )
    for p in tl.people:
        mine = done.filter(pl.col("by") == p)
        if mine.height < PLANS_MIN:
            continue
        kept = mine.filter(pl.col("outcome") == "kept").height
        if kept / mine.height < PLANS_KEPT_BELOW:
            missed = mine.filter(pl.col("outcome") != "kept")
            vague = missed.filter(pl.col("outcome") == "vague").height
            whose = say.possessive(p, capital=False)
            if vague == mine.height:  # a chat knows proposals, not whether people met
                summary = f"None of {whose} last {mine.height} plans to meet got a date."
            else:
                summary = (
                    f"{kept} of {whose} last {mine.height} promises and plans "
                    f"happened; {vague} never got a date."
                )
            evidence = {
                "resolved": mine.height,
                "kept": kept,
                "broken": missed.height - vague,
                "vague": vague,
                **_keys(missed),
            }
            out.append(_signal("plans_not_kept", p, summary, evidence, _first_day(mine)))
    return out


def _draining(tl: Timeline, recent: pl.DataFrame, say: Voice) -> list[Signal]:
    out = []
    together = recent.filter(pl.col("kind") == "together").with_columns(
        energy=pl.col("value").cast(pl.Int64)
    )
    for p in tl.people:
        mine = together.filter(pl.col("by") == p)
        if mine.height < ENERGY_MIN:
            continue
        mean = float(mine["energy"].mean())  # type: ignore[arg-type]
        if mean <= ENERGY_DRAINED_AT:
            low = mine.filter(pl.col("energy") < 0)
            summary = (
                f"{say(p)} felt drained after time together more often than not lately "
                f"(average {mean:+.1f} on a scale from -2 to +2, over {mine.height} times)."
            )
            evidence = {"mean": mean, "n": mine.height, "drained": low.height, **_keys(low)}
            out.append(_signal("draining", p, summary, evidence, _first_day(mine)))
    return out


def _share(rows: pl.DataFrame, person: str) -> tuple[int, int]:
    return rows.filter(pl.col("by") == person).height, rows.height


def _over_functioning(tl: Timeline, recent: pl.DataFrame, say: Voice) -> list[Signal]:
    support = tl.support.filter(pl.col("week") < RECENT_WEEKS)
    inits = recent.filter(pl.col("kind").is_in(INITIATIONS))
    repairs = recent.filter(pl.col("kind") == "repair")
    for p in tl.people:
        s, s_n = _share(support, p)
        i, i_n = _share(inits, p)
        r, r_n = _share(repairs, p)
        if (
            s_n >= OVER_SUPPORT_MIN
            and i_n >= OVER_INITIATION_MIN
            and r_n >= OVER_REPAIR_MIN
            and min(s / s_n, i / i_n, r / r_n) >= OVER_SHARE
        ):
            summary = (
                f"{say(p)} gave {_pct(s / s_n)} of the support, started {_pct(i / i_n)} of "
                f"things and made {r} of {r_n} repair attempts in the last {RECENT_WEEKS} weeks."
            )
            evidence = {
                "support": {"given": s, "total": s_n},
                "initiations": {"made": i, "total": i_n},
                "repairs": {"made": r, "total": r_n},
                **_keys(repairs.filter(pl.col("by") == p)),
            }
            return [
                _signal("over_functioning", p, summary, evidence, tl.week_start(RECENT_WEEKS - 1))
            ]
    return []


def _tables_turned(tl: Timeline, say: Voice) -> list[Signal]:
    support = tl.support
    before = support.filter(pl.col("week") >= RECENT_WEEKS)
    lately = support.filter(pl.col("week") < TURNED_WEEKS)
    needs = tl.needs.filter(pl.col("week") < TURNED_WEEKS)
    if before.height < TURNED_HISTORY_MIN:
        return []
    for p in tl.people:
        gave, total = _share(before, p)
        # Not suppressed while the verdict still names them as the carrier: that is
        # exactly when the roles have just turned (a swing keeps the verdict a while).
        if gave / total < TURNED_HISTORY_SHARE:
            continue
        other = tl.people[1] if p == tl.people[0] else tl.people[0]
        got, recent_total = _share(lately, other)
        stated = needs.filter(pl.col("by") == p)
        flipped = recent_total >= TURNED_RECENT_MIN and got / recent_total >= 0.65
        # Needs count only when they rose well above that person's own usual rate.
        history = tl.needs.filter((pl.col("by") == p) & (pl.col("week") >= TURNED_WEEKS)).height
        usual = history * TURNED_WEEKS / max(1, tl.weeks - TURNED_WEEKS)
        rising = stated.height >= max(TURNED_NEEDS_MIN, 2 * usual)
        if not (flipped or rising):
            continue
        summary = (
            f"{say(p)} usually gave most of the support ({_pct(gave / total)} before the last "
            f"{RECENT_WEEKS} weeks), and lately "
            + (
                f"{say(p, capital=False)} received more than gave."
                if flipped
                else f"{say(p, capital=False)} put {stated.height} needs into words."
            )
            + " This may be a time to offer care in return."
        )
        evidence = {
            "usual_share": gave / total,
            "recent_support_received": got,
            "recent_support_total": recent_total,
            "recent_needs": stated.height,
            **_keys(
                pl.concat([lately.filter(pl.col("by") == other), stated.select(lately.columns)])
            ),
        }
        return [_signal("tables_turned", p, summary, evidence, tl.week_start(TURNED_WEEKS - 1))]
    return []
