"""The at-a-glance table that compares several relationships (the demo's last screen)."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from twoway.core import analyze
from twoway.render.terminal import overview_table
from twoway.render.words import SIGNAL_LABELS
from twoway.simulate import demo_ledgers

END = date(2026, 11, 20)


def test_overview_names_each_relationship_its_verdict_and_signals():
    rows = []
    for name, (kind, ledger) in demo_ledgers(END).items():
        rows.append((name, kind, analyze(ledger, as_of=END, me="Alex")))
    out = Console(record=True, width=80)
    out.print(overview_table(rows))
    text = out.export_text()
    for name, kind, report in rows:
        assert name in text
        assert kind in text
        for signal in report.signals:
            assert SIGNAL_LABELS[signal.code] in text
    assert "mostly from you" in text
    assert "both ways" in text


def test_every_signal_code_has_a_short_label():
    from twoway.core.practices import PRACTICES

    assert set(SIGNAL_LABELS) == set(PRACTICES)
