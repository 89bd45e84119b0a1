"""The report in the terminal, with Rich: readable at a glance in 80 columns.

Every piece of user text (names, summaries, event keys) goes through `Text`,
never through Rich markup, so a name like "[bold]" prints as written. Colour is
a help, never the only cue: bars, markers and words carry the meaning too, and
Rich drops colour by itself when the output is not a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from twoway.core.report import Report, Signal
from twoway.core.validation import Skipped
from twoway.render import sides, words
from twoway.render.charts import focus
from twoway.render.words import who

#: The two people's colours, matching the HTML charts: "you" first (see render.sides).
PERSON_STYLES = sides.TERMINAL
TONE = {"positive": ("✓", "green"), "attention": ("◆", "yellow")}

BAR_WIDTH = 36
BAR_LABEL_MAX = 20
SPARK = "▁▂▃▄▅▆▇█"
SPARK_MAX = 60
SKIPPED_SHOWN = 5


def _person_style(report: Report, person: str | None) -> str:
    if person in report.people:
        return PERSON_STYLES[report.people.index(person)]
    return "bold"


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def header(report: Report) -> Text:
    """Two lines: the two people, then the as-of date, the size and the recent window."""
    a, b = report.people
    t = Text("twoway · ", style="dim")
    t.append(who(report, a), style=PERSON_STYLES[0])
    t.append(" & ")
    t.append(who(report, b), style=PERSON_STYLES[1])
    w = report.window
    since = f" since {words.day(report.first)}" if report.first else ""
    t.append(
        f"\nas of {words.day(report.as_of)} · {words.count(report.events, 'event')}{since} · "
        f"recent: {words.span(w.start, w.end)}",
        style="dim",
    )
    return t


def share_bars(report: Report) -> Text:
    """One bar per person for the window's share of support.

    Empty without support, and when the evidence is too thin for a verdict: a bar
    would say more than it can.
    """
    share = report.balance.share
    t = Text()
    if not share or report.balance.verdict == "insufficient_evidence":
        return t
    # Long names are shortened here only: the bar needs the room, and the sentence below names them in full.
    labels = [_clip(who(report, p), BAR_LABEL_MAX) for p in report.people]
    width = max(len(x) for x in labels)
    # Complementary rounding, as in the sentence: the two percentages add up to 100.
    first = round(share.get(report.people[0], 0.0) * 100)
    for i, (p, label) in enumerate(zip(report.people, labels, strict=True)):
        value = first if i == 0 else 100 - first
        filled = round(BAR_WIDTH * value / 100)
        t.append(f"{label:<{width}}  ", style=_person_style(report, p))
        t.append("█" * filled, style=PERSON_STYLES[i])
        t.append("░" * (BAR_WIDTH - filled), style="dim")
        t.append(f" {value:>3}%\n")
    t.rstrip()
    return t


def sparkline(report: Report) -> Text:
    """One person's share week by week (the reader's if known), coloured by who leaned that week."""
    wk = report.balance.weeks[-SPARK_MAX:]
    t = Text()
    if not wk:
        return t
    index = focus(report)
    person, other = report.people[index], report.people[1 - index]
    t.append(f"Week by week, {words.whose(report, person, capital=False)} share:\n", style="dim")
    if len(report.balance.weeks) > SPARK_MAX:
        t.append("…")
    for w in wk:
        share = w.share.get(person) if w.share else None
        if share is None:
            t.append("·", style="dim")
            continue
        ch = SPARK[min(len(SPARK) - 1, int(share * len(SPARK)))]
        t.append(ch, style=_person_style(report, w.lean) if w.lean else "")
    t.append(f"  {words.span(wk[0].start, wk[-1].end)}", style="dim")
    t.append(
        f"\ntall: more from {who(report, person, capital=False)} · "
        f"low: more from {who(report, other, capital=False)} · ·: none logged",
        style="dim",
    )
    return t


def balance_panel(report: Report) -> Panel:
    """The verdict, the share bars, the shares in words and the weekly sparkline."""
    b = report.balance
    headline_style = {
        "one_sided": "bold yellow",
        "leaning": "bold",
        "balanced": "bold green",
    }.get(b.verdict, "bold")
    parts: list[RenderableType] = [Text(words.verdict_headline(report), style=headline_style)]
    bars = share_bars(report)
    if bars:
        parts += [Text(""), bars]
    parts += [Text(""), Text(words.share_sentence(report))]
    if b.reason:
        parts.append(Text(b.reason, style="dim"))
    spark = sparkline(report)
    if spark:
        parts += [Text(""), spark]
    return Panel(Group(*parts), title="Balance of support", title_align="left", box=box.ROUNDED)


def counts_table(report: Report, *, partners: bool = False) -> Table:
    """The counts with the two people as columns, for the recent window and for all time.

    `partners`: a couple's relationship, for which the 5 : 1 research line is shown.
    """
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title="What each person did",
        title_justify="left",
        caption=words.RATIO_NOTE if partners else None,
        caption_justify="left",
        caption_style="dim",
    )
    table.add_column("")
    scopes = [s for s in ("recent", "all") if words.count_rows(report, s)]
    for scope in scopes:
        label = f"last {report.window.weeks} wk" if scope == "recent" else "all time"
        for i, p in enumerate(report.people):
            head = Text(who(report, p), style=PERSON_STYLES[i])
            head.append(f"\n{label}", style="dim")
            table.add_column(head, justify="right")
    rows = {s: words.count_rows(report, s) for s in scopes}
    if not scopes:
        return table
    for k, row in enumerate(rows[scopes[0]]):
        cells = [c for s in scopes for c in rows[s][k].cells]
        table.add_row(Text(row.label), *(Text(c) for c in cells))
    return table


def signal_block(report: Report, signal: Signal) -> Table:
    """One signal: a marker by tone, the summary, the evidence, since when and a practice.

    A two-column grid, so wrapped lines stay under the summary rather than under the marker.
    """
    mark, colour = TONE.get(signal.tone, TONE["attention"])
    lines: list[RenderableType] = [Text(signal.summary, style="bold")]
    evidence = [f"{label} {value}" for label, value in words.evidence_items(signal, report)]
    keys, more = words.event_keys(signal)
    if keys:
        evidence.append("events " + ", ".join(keys) + (f" and {more} more" if more else ""))
    if evidence:
        lines.append(Text.assemble(("Evidence: ", "dim"), " · ".join(evidence)))
    if signal.since:
        lines.append(Text.assemble(("Since: ", "dim"), words.day(signal.since)))
    if signal.practice:
        lines.append(Text.assemble(("Practice: ", "dim"), (signal.practice, "italic")))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column()
    grid.add_row(Text(mark, style=f"bold {colour}"), Group(*lines))
    return grid


def skipped_block(report: Report, skipped: Sequence[Skipped]) -> Text | None:
    """The rows left out by --skip-bad: how many, and the first few with their reason."""
    n = max(len(skipped), report.skipped)
    if not n:
        return None
    what = "1 row was" if n == 1 else f"{n} rows were"
    t = Text(f"{what} skipped for not fitting the format (--skip-bad):", style="yellow")
    for s in skipped[:SKIPPED_SHOWN]:
        t.append(f"\n  line {s.line} · {s.field}: {s.reason}")
    if n > SKIPPED_SHOWN:
        t.append(f"\n  … and {n - min(len(skipped), SKIPPED_SHOWN)} more")
    return t


def print_report(
    report: Report,
    skipped: Sequence[Skipped] = (),
    console: Console | None = None,
    *,
    partners: bool = False,
) -> None:
    """Print `report` for a person at a terminal; `skipped` are the rows --skip-bad left out.

    `partners`: the relationship is a couple's (the 5 : 1 line is about couples).
    """
    out = console or Console(highlight=False)
    out.print(header(report), highlight=False)
    out.print()
    out.print(balance_panel(report), highlight=False)
    moments = words.moments_counted(report)
    if moments:
        out.print(Text(moments, style="dim"), highlight=False)
    out.print()
    out.print(counts_table(report, partners=partners), highlight=False)
    out.print()
    out.print(Text("Signals", style="bold underline"))
    if report.signals:
        for signal in report.signals:
            out.print()
            out.print(signal_block(report, signal), highlight=False)
    else:
        out.print(Text("Nothing stands out in the ledger yet.", style="dim"))
    note = skipped_block(report, skipped)
    if note is not None:
        out.print()
        out.print(note, highlight=False)
    out.print()
    out.print(Text(words.HOW_TO_READ_SHORT, style="dim italic"), highlight=False)


def overview_table(reports: Sequence[tuple[str, str, Report]]) -> Table:
    """Several relationships side by side: (person, kind, report) each, one row apiece."""
    table = Table(box=None, pad_edge=False)
    table.add_column("Person", style="bold", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Support, last 8 weeks", no_wrap=True)
    table.add_column("Signals")
    for person, kind, report in reports:
        signals = [
            Text(f"{'✓' if s.tone == 'positive' else '◆'} {words.signal_label(s)}")
            for s in report.signals
        ]
        table.add_row(
            person,
            kind,
            words.verdict_short(report),
            Text("\n").join(signals) if signals else Text("nothing stands out", style="dim"),
        )
    return table
