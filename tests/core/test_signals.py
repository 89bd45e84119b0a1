"""The signals beyond rules (a)-(f): each fires on a clear pattern, stays silent without one.

Ledgers are generated with noise, so a signal is a statistical rule: it is
tested on a fixed set of seeds (`SEEDS`) against the rate it must reach, never
on whatever seed a run happens to draw (seed 756 once left a clear pattern of
unmet needs unnamed, which a rule on noisy data may do). The clear patterns must
be named in at least `HIT_RATE` of the draws, the quiet ones in at most
`FALSE_RATE`; every seed passes both today, so a drop below them is a regression,
not noise. What holds for every draw (the words never label a person) stays a
property test over any seed.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.core import analyze
from twoway.core.ledger import Ledger
from twoway.core.practices import PRACTICES
from twoway.simulate import Phase, demo_ledgers, simulate

END = date(2026, 6, 28)
PEOPLE = ("Alex", "Sam")
seeds = st.integers(0, 2**32 - 1)
#: The fixed draws every statistical rule is checked on, and the rates it must reach.
SEEDS = range(60)
HIT_RATE = 0.95
FALSE_RATE = 0.05
QUIET = Phase(weeks=1, needs=(0, 0), plans=(0, 0), together=(0, 0), conflicts=(0, 0))


def phase(weeks: int, **changes: object) -> Phase:
    return Phase(**{**QUIET.__dict__, "weeks": weeks, **changes})


def about(ledger: Ledger, code: str) -> list[str | None]:
    return [s.person for s in analyze(ledger, as_of=END).signals if s.code == code]


def ledger(*phases: Phase, seed: int) -> Ledger:
    return simulate(phases, end=END, people=PEOPLE, seed=seed)


def rate(phases: tuple[Phase, ...], code: str, expected: list[str | None]) -> float:
    """The share of the fixed draws of `phases` whose `code` signals name exactly `expected`."""
    return sum(about(ledger(*phases, seed=s), code) == expected for s in SEEDS) / len(SEEDS)


def named(*phases: Phase, code: str, person: str | None) -> bool:
    """`code` names `person` in at least HIT_RATE of the fixed draws."""
    return rate(phases, code, [person]) >= HIT_RATE


def quiet(*phases: Phase, code: str) -> bool:
    """`code` fires in at most FALSE_RATE of the fixed draws."""
    return 1 - rate(phases, code, []) <= FALSE_RATE


def test_needs_explained_but_rarely_met_are_named():
    assert named(phase(10, needs=(1, 2), met=(0.1, 0.95)), code="needs_unmet", person="Alex")
    assert quiet(phase(10, needs=(1, 2), met=(0.9, 0.9)), code="needs_unmet")


def test_plans_that_do_not_happen_are_named():
    assert named(phase(10, plans=(1, 2), kept=(0.95, 0.05)), code="plans_not_kept", person="Sam")
    assert quiet(phase(10, plans=(1, 2), kept=(0.95, 0.95)), code="plans_not_kept")


def test_feeling_drained_after_time_together_is_named():
    drained = phase(10, together=(1, 2), energy=(-1.6, 1.0))
    assert named(drained, code="draining", person="Alex")
    assert quiet(phase(10, together=(1, 2), energy=(1.0, 1.0)), code="draining")


def test_giving_starting_and_repairing_nearly_everything_is_over_functioning():
    pattern = {
        "share": (0.8, 1.0),
        "lead": (0.85, 1.0),
        "starts": (2, 4),
        "bids": ((1, 3), (0, 0)),
        "conflicts": (1, 2),
        "repairs": (1.0, 1.0),
    }
    assert named(phase(10, **pattern), code="over_functioning", person="Alex")
    shared_repairs = {**pattern, "repairs": (0.25, 0.25)}  # Sam makes most repairs
    assert quiet(phase(10, **shared_repairs), code="over_functioning")


def test_the_usual_giver_who_now_receives_is_told_the_tables_turned():
    even = {"support": (4, 8), "share": (0.36, 0.64)}  # 4..8 events always split evenly
    giving = phase(20, share=(0.7, 0.9))
    # Turned for good: six weeks the other way (three would still be a swing).
    turned = (giving, phase(6, **even), phase(6, share=(0.0, 0.3)))
    assert named(*turned, code="tables_turned", person="Alex")
    assert quiet(giving, phase(9, **even), code="tables_turned")


def test_a_balanced_window_is_said_to_be_balanced():
    even = phase(10, support=(4, 8), share=(0.36, 0.64))
    assert named(even, code="balanced", person=None)
    assert quiet(even, code="one_sided_support")


def test_thin_evidence_gives_no_signal_about_needs_plans_or_energy():
    thin = ledger(phase(10, needs=(0, 0), plans=(0, 0), together=(0, 0)), seed=1)
    for code in ("needs_unmet", "plans_not_kept", "draining", "over_functioning"):
        assert about(thin, code) == []


LABELS = re.compile(
    r"toxic|narciss|selfish|abus|manipulat|codepend|lazy|cold|clingy|needy|"
    r"disorder|gaslight|red flag|you should leave|unhealthy",
    re.IGNORECASE,
)


@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_signals_describe_the_ledger_and_never_label_a_person(seed):
    for _, (_, demo) in demo_ledgers(END, seed=seed % 1000).items():
        report = analyze(demo, as_of=END, me="Alex")
        for signal in report.signals:
            assert not LABELS.search(signal.summary), signal.summary
            assert signal.practice == PRACTICES[signal.code]
            assert signal.since is None or signal.since <= END
            assert signal.evidence["events_total"] >= len(signal.evidence["events"]) > 0
            assert signal.person in (*demo.people, None)
    for practice in PRACTICES.values():
        assert not LABELS.search(practice), practice
