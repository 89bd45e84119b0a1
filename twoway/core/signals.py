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

from twoway.core import stretch as st
from twoway.core.balance import IMPROVING_MAX_WEEKS, BalanceFindings, read_series, series
from twoway.core.counts import weekly
from twoway.core.events import INITIATIONS
from twoway.core.ledger import evidence_keys
from twoway.core.practices import practice_for
from twoway.core.report import Balance, Signal, Tone
from twoway.core.timeline import RECENT_WEEKS, Timeline, narrow
from twoway.core.voice import Voice, day, weeks

#: Initiations in the recent window below which the initiation rule stays silent.
INITIATION_MIN = 12
BIDS_MIN, BIDS_TOWARD_BELOW = 10, 0.5
NEEDS_MIN, NEEDS_MET_BELOW, NEEDS_GRACE_DAYS = 4, 0.5, 7
PLANS_MIN, PLANS_KEPT_BELOW = 3, 0.5
ENERGY_MIN, ENERGY_DRAINED_AT = 4, -0.5
OVER_SHARE, OVER_SUPPORT_MIN, OVER_INITIATION_MIN, OVER_REPAIR_MIN = 0.75, 12, 12, 2
# The needs path of `tables_turned` looks at the last few weeks (a swing's length).
TURNED_HISTORY_SHARE, TURNED_HISTORY_MIN, TURNED_WEEKS = 0.6, 12, st.SWING_WEEKS
TURNED_NEEDS_MIN = 3
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
        lambda: _tables_turned(tl, findings, say),
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
    found = findings.support
    cur = balance.stretch
    base = {"given": balance.given, "share": balance.share, "interval": balance.interval}
    if found is None or cur is None or not cur.share or not cur.interval:
        return []
    stretch_ev = {
        "stretch_start": cur.start,
        "stretch_weeks": cur.weeks,
        "stretch_share": cur.share,
        "stretch_interval": cur.interval,
    }
    start_week = (tl.as_of - cur.start).days // 7
    in_stretch = support.filter(pl.col("week") <= start_week)
    if balance.verdict == "one_sided" and balance.carrier:
        carrier = balance.carrier
        iv = cur.interval[carrier]
        summary = (
            f"Since {day(cur.start)}, {say(carrier, capital=False)} gave "
            f"{_pct(cur.share[carrier])} of the support ({weeks(cur.weeks)}; likely between "
            f"{_pct(iv.low)} and {_pct(iv.high)})."
        )
        rows = in_stretch.filter(pl.col("by") == carrier)
        evidence = {**base, **stretch_ev, "weeks": cur.weeks, **_keys(rows)}
        return [_signal("one_sided_support", carrier, summary, evidence, cur.start)]
    if balance.verdict != "balanced":
        return []
    out = []
    earlier = balance.earlier
    if (
        earlier is not None
        and earlier.share
        and st.improving(found.reading, IMPROVING_MAX_WEEKS)
        and found.reading.previous is not None
    ):
        before = tl.people[st.side_of(found.reading.previous)[0]]
        summary = (
            f"Support has been more even for the last {weeks(cur.weeks)} (since "
            f"{day(cur.start)}), after {weeks(earlier.weeks)} in which "
            f"{say(before, capital=False)} gave {_pct(earlier.share[before])} of it."
        )
        evidence = {
            **base,
            **stretch_ev,
            "balanced_weeks": cur.weeks,
            "earlier_weeks": earlier.weeks,
            "earlier_share": earlier.share[before],
            **_keys(in_stretch),
        }
        out.append(_signal("improving", before, summary, evidence, cur.start))
    a, b = tl.people
    summary = (
        f"Support has flowed both ways since {day(cur.start)}: "
        f"{say(a, capital=False)} {_pct(cur.share[a])}, {say(b, capital=False)} {_pct(cur.share[b])}."
    )
    out.append(
        _signal("balanced", None, summary, {**base, **stretch_ev, **_keys(in_stretch)}, cur.start)
    )
    return out


def _initiation(tl: Timeline, recent: pl.DataFrame, say: Voice) -> list[Signal]:
    """Who starts things, read by the same stretch method as support."""
    rows = recent.filter(pl.col("kind").is_in(INITIATIONS))
    total = rows.height
    if total < INITIATION_MIN:
        return []
    # Only the weeks the stretch reading looks at: its cost stays in weeks, not in history.
    horizon = min(max(tl.weeks, RECENT_WEEKS), st.LOOKBACK_WEEKS)
    inits = tl.events.filter((pl.col("week") < horizon) & pl.col("kind").is_in(INITIATIONS)).select(
        narrow(tl.events)
    )
    oldest_first = weekly(inits, horizon, tl.people)
    by_week = {p: oldest_first[p][::-1] for p in tl.people}
    found = read_series(series(by_week, tl.people), tl, tl.people)
    if found is None or found.reading.state != "one_sided" or found.reading.side is None:
        return []
    p = tl.people[found.reading.side]
    cur = found.current
    assert cur.share is not None
    assert cur.interval is not None
    start_week = (tl.as_of - cur.start).days // 7
    mine = inits.filter((pl.col("by") == p) & (pl.col("week") <= start_week))
    made, all_made = cur.given[p], sum(cur.given.values())
    iv = cur.interval[p]
    summary = (
        f"Since {day(cur.start)}, {say(p, capital=False)} started {made} of the {all_made} "
        f"conversations, check-ins, plans, bids and repairs ({_pct(cur.share[p])}; likely "
        f"between {_pct(iv.low)} and {_pct(iv.high)})."
    )
    evidence = {
        "initiated": made,
        "total": all_made,
        "share": cur.share[p],
        "interval": iv,
        "stretch_start": cur.start,
        "stretch_weeks": cur.weeks,
        **_keys(mine),
    }
    return [_signal("one_sided_initiation", p, summary, evidence, cur.start)]


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
        mean = mine["energy"].mean()
        assert isinstance(mean, float)  # ENERGY_MIN rows or more: a number
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


def _tables_turned(tl: Timeline, findings: BalanceFindings, say: Voice) -> list[Signal]:
    """The usual giver now receives: the stretch method saw the share change sides for good,
    or their stated needs rose well above their usual rate in the last few weeks."""
    support = tl.support
    found = findings.support
    turned = st.turned(found.reading) if found else None
    if found is not None and turned is not None:
        p = tl.people[turned]
        other = tl.people[1 - turned]
        segs = found.reading.segments
        before, last = segs[-2], segs[-1]
        gave = before.share if turned == 0 else 1 - before.share
        got = last.share if turned == 1 else 1 - last.share
        start_week = last.last - last.first  # the last stretch ends with week 0
        since = tl.week_start(start_week)
        lately = support.filter((pl.col("by") == other) & (pl.col("week") <= start_week))
        summary = (
            f"{say(p)} gave most of the support before {day(since)} ({_pct(gave)}); since then "
            f"{say(p, capital=False)} {say.has(p)} received "
            f"{_pct(got)} of it. This may be a time to offer care in return."
        )
        evidence = {
            "usual_share": gave,
            "recent_support_received": last.n - last.k if turned == 0 else last.k,
            "recent_support_total": last.n,
            "stretch_start": since,
            "stretch_weeks": last.weeks,
            "recent_needs": 0,
            **_keys(lately),
        }
        return [_signal("tables_turned", p, summary, evidence, since)]
    return _needs_rising(tl, say)


def _needs_rising(tl: Timeline, say: Voice) -> list[Signal]:
    support = tl.support
    before = support.filter(pl.col("week") >= RECENT_WEEKS)
    needs = tl.needs.filter(pl.col("week") < TURNED_WEEKS)
    if before.height < TURNED_HISTORY_MIN:
        return []
    for p in tl.people:
        gave, total = _share(before, p)
        if gave / total < TURNED_HISTORY_SHARE:
            continue
        stated = needs.filter(pl.col("by") == p)
        # Needs count only when they rose well above that person's own usual rate.
        history = tl.needs.filter((pl.col("by") == p) & (pl.col("week") >= TURNED_WEEKS)).height
        usual = history * TURNED_WEEKS / max(1, tl.weeks - TURNED_WEEKS)
        if stated.height < max(TURNED_NEEDS_MIN, 2 * usual):
            continue
        summary = (
            f"{say(p)} usually gave most of the support ({_pct(gave / total)} before the last "
            f"{RECENT_WEEKS} weeks), and lately {say(p, capital=False)} put {stated.height} "
            "needs into words. This may be a time to offer care in return."
        )
        evidence = {
            "usual_share": gave / total,
            "recent_needs": stated.height,
            **_keys(stated),
        }
        return [_signal("tables_turned", p, summary, evidence, tl.week_start(TURNED_WEEKS - 1))]
    return []
