"""The plain pure-Python baseline: csv.DictReader, dict loops, datetime.fromisoformat.

It computes, per person, the counts twoway's report gives for the whole ledger
(`Report.counts["all"]`), the way anyone would write it without a data-frame
library, so that the benchmark can say how much twoway's columnar approach buys.
It trusts the file (the generator writes valid ledgers) and does no validation;
twoway validates every row, so the comparison flatters the baseline a little.

The benchmark asserts that both give the same numbers for the fields in
`COMPARED`: a speed ratio between two programs doing different work is worthless.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

# Written out rather than imported from twoway.core.events: importing `twoway`
# pulls in polars, and the baseline's peak memory must be plain Python's own.
STYLES: Final = ("listen", "comfort", "celebrate", "help", "reassure", "other")
INITIATIONS: Final = ("talk", "checkin", "bid", "commitment", "repair")
BID_GRACE_DAYS: Final = 3

#: The fields (section, key) both sides must agree on, per person.
COMPARED: Final = (
    *(("support", s) for s in (*STYLES, "total")),
    *(("initiations", k) for k in (*INITIATIONS, "total")),
    *(("bids", k) for k in ("made", "toward", "away", "against")),
    ("needs", "stated"),
    ("needs", "met"),
    ("gratitude", None),
    ("energy", "mean"),
    ("energy", "n"),
)

Counts = dict[str, dict[str, Any]]


def _side() -> dict[str, Any]:
    return {
        "support": dict.fromkeys((*STYLES, "total"), 0),
        "initiations": dict.fromkeys((*INITIATIONS, "total"), 0),
        "bids": dict.fromkeys(("made", "toward", "away", "against", "unanswered", "pending"), 0),
        "commitments": dict.fromkeys(("made", "kept", "broken", "vague", "open"), 0),
        "needs": {"stated": 0, "met": 0},
        "boundaries": {"set": 0, "crossed": 0},
        "gratitude": 0,
        "energy": {"mean": None, "n": 0},
    }


def _when(text: str) -> datetime:
    """The wall-clock time as written (a UTC offset is kept aside, not applied)."""
    return datetime.fromisoformat(text.strip()).replace(tzinfo=None)


def count(path: str | Path) -> Counts:
    """Per-person counts over the whole ledger at `path` (as of its last event's day)."""
    people: dict[str, dict[str, Any]] = {}
    bids: dict[str, tuple[str, datetime]] = {}  # id -> (by, at)
    responses: dict[str, tuple[datetime, str]] = {}  # bid id -> first (at, value)
    needs: dict[str, str] = {}  # need id -> by
    met: set[str] = set()
    energy: dict[str, list[int]] = {}
    last = datetime.min
    initiations = frozenset(INITIATIONS)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            at = _when(row["at"])
            if at > last:
                last = at
            by = row["by"].strip()
            side = people.get(by)
            if side is None:
                side = people[by] = _side()
            to = (row.get("to") or "").strip()
            if to and to not in people:
                people[to] = _side()
            kind = row["kind"].strip().lower()
            if kind == "support":
                style = row["value"].strip() or "other"
                side["support"][style] += 1
                side["support"]["total"] += 1
            elif kind == "gratitude":
                side["gratitude"] += 1
            elif kind == "together":
                energy.setdefault(by, []).append(int(row["value"]))
            elif kind == "response":
                ref = row["ref"].strip()
                if ref not in responses or at < responses[ref][0]:
                    responses[ref] = (at, row["value"].strip())
            elif kind == "need":
                needs[row["id"].strip()] = by
                side["needs"]["stated"] += 1
            elif kind == "met":
                met.add(row["ref"].strip())
            if kind in initiations:
                side["initiations"][kind] += 1
                side["initiations"]["total"] += 1
                if kind == "bid":
                    bids[row["id"].strip()] = (by, at)
    _answer_bids(people, bids, responses, last)
    for ref in met:
        if ref in needs:
            people[needs[ref]]["needs"]["met"] += 1
    for name, values in energy.items():
        people[name]["energy"] = {"mean": sum(values) / len(values), "n": len(values)}
    return people


def _answer_bids(
    people: Counts,
    bids: dict[str, tuple[str, datetime]],
    responses: dict[str, tuple[datetime, str]],
    last: datetime,
) -> None:
    """Credit each bid to its maker: how it was answered, or whether it still can be."""
    grace = timedelta(days=BID_GRACE_DAYS)
    end = datetime.combine(last.date(), datetime.max.time())
    for bid_id, (by, at) in bids.items():
        counts = people[by]["bids"]
        counts["made"] += 1
        answer = responses.get(bid_id)
        if answer is not None:
            counts[answer[1]] += 1
        elif end - at < grace:
            counts["pending"] += 1
        else:
            counts["unanswered"] += 1


def pick(counts: Counts) -> dict[str, dict[str, Any]]:
    """The `COMPARED` fields of per-person counts, flat: {person: {"bids.made": 3, ...}}."""
    out: dict[str, dict[str, Any]] = {}
    for name, side in counts.items():
        flat: dict[str, Any] = {}
        for section, key in COMPARED:
            value = side[section] if key is None else side[section][key]
            if isinstance(value, float):
                value = round(value, 9)
            flat[section if key is None else f"{section}.{key}"] = value
        out[name] = flat
    return out
