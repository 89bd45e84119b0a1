"""The web benchmark's data and measurements work, at a tiny size (speed is `make bench`'s job)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import ModuleType

import pytest
from rich.console import Console

from benchmarks import together, together_child, web, web_child, web_generate
from twoway.web.ledger.models import Event


def test_a_generated_ledger_holds_every_common_kind_and_ends_by_today() -> None:
    ledger = web_generate.ledger(weeks=8, seed=3)
    kinds = set(ledger.frame["kind"].to_list())
    assert {"support", "bid", "response", "together", "gratitude", "talk"} <= kinds
    assert ledger.people == (web_generate.ME_NAME, web_generate.PERSON)
    last = ledger.frame["at"].max()
    assert date.today() - timedelta(days=8 * 7) <= last.date() <= date.today()
    assert ledger.frame["note"].str.len_chars().gt(0).any()


def test_ten_years_at_the_default_pace_is_about_twenty_thousand_events() -> None:
    weekly = len(web_generate.ledger(weeks=26, seed=1)) / 26
    assert 15_000 < weekly * web_generate.WEEKS < 25_000


def test_spread_hands_out_exactly_the_total_within_the_caps() -> None:
    sizes = web_generate.spread(100_000, 60, 5_000, random.Random(1))
    assert sum(sizes) == 100_000
    assert len(sizes) == 60
    assert all(1 <= s <= 5_000 for s in sizes)
    assert max(sizes) > 3 * min(sizes)  # a few big relationships, many small ones


def test_spread_refuses_a_total_that_cannot_fit() -> None:
    with pytest.raises(ValueError, match="cannot split"):
        web_generate.spread(1_000, 3, 100, random.Random(1))


@pytest.mark.sqlite_only("the SQLite half of the web benchmark (`make bench` fills PostgreSQL)")
def test_a_tiny_sqlite_store_is_filled_and_its_report_measured(store: ModuleType) -> None:
    made = web_generate.fill_sqlite(weeks=4)
    assert made["relationship_events"] == Event.objects.count() > 50

    result = web_child.measure(requests=2, people=[web_generate.PERSON])

    measured = result["people"][web_generate.PERSON]
    assert measured["events"] == made["relationship_events"]
    assert "page_error" not in measured
    assert len(measured["runs"]["standin"]) == 2
    assert measured["queries"]["standin"] >= 1
    rows = web.rows_of("SQLite", result)
    console = Console(record=True, width=200)
    console.print(web.table(rows, result["view_built"], 2))
    text = console.export_text()
    assert "ledger read + analyze" in text
    if result["view_built"]:
        page = next(r for r in rows if r.case == "page")
        assert page.runs[0]["analyze_calls"] == 1
        assert "report page" in text
        assert "analyze" in page.breakdown()


def test_a_tiny_linked_store_is_filled_and_its_pages_measured(committed_db: None) -> None:
    # Committed: each measured request closes the connection, as a server does.
    together_child.fill(weeks=4)
    result = together_child.measure(requests=2)  # a page that is not 200 raises

    assert result["own_events"] > 50
    assert result["shared_events"] > 50
    assert set(result["runs"]) == set(together_child.CASES)
    assert all(len(runs) == 2 for runs in result["runs"].values())
    console = Console(record=True, width=200)
    console.print(together.table(result, 2))
    text = console.export_text()
    assert "report, linked" in text
    assert "1.00×" in text  # the baseline against itself
