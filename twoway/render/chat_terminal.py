"""A chat report in the terminal, with Rich: readable at a glance in 80 columns.

The signals are drawn by the ledger report's own `terminal.signal_block`, so a
chat and a hand-kept ledger speak alike. Every piece of user text (names,
titles, message excerpts, file names) goes through `Text`, never through Rich
markup, so a name like "[bold]" prints as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from twoway.chats.report import ChatReport
from twoway.render import chat_words as cw
from twoway.render import moment_words as mw
from twoway.render import terminal
from twoway.render.chat_activity import heatmap_block, words_table
from twoway.render.chat_charts import MAX_PERIODS, colours, groups
from twoway.render.words import day

#: The ledger report's two colours, then four more for group chats (as svg.PALETTE).
PERSON_STYLES = (
    *terminal.PERSON_STYLES,
    "bold #009e73",
    "bold #cc79a7",
    "bold #f0e442",
    "bold #56b4e9",
)

NAME_MAX = 18
SPARK_MAX = 48
SKIPPED_SHOWN = 10
VAGUE_SHOWN = 3
PLAN_TEXT_MAX = 60


def _style(index: int | None) -> str:
    return PERSON_STYLES[index] if index is not None and index < len(PERSON_STYLES) else "bold"


def _name(report: ChatReport, person: str, index: int | None) -> Text:
    return Text(cw.who(report, person), style=_style(index))


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _table(title: str | None = None, caption: str | None = None) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title=title,
        title_justify="left",
        title_style="bold",
        caption=caption,
        caption_justify="left",
        caption_style="dim",
    )
    table.add_column("", max_width=NAME_MAX, overflow="ellipsis", no_wrap=True)
    return table


def header(report: ChatReport) -> Text:
    """The chat's name, then its files and format, its dates and its size."""
    t = Text("twoway · chat · ", style="dim")
    if report.title:
        t.append(report.title, style="bold")
    else:
        colour = colours(report)
        for i, p in enumerate(report.people):
            if i:
                t.append(" and " if i == len(report.people) - 1 else ", ")
            t.append_text(_name(report, p, colour[p]))
    t.append(f"\n{', '.join(cw.source_names(report))} · {cw.format_label(report)}", style="dim")
    t.append(
        f"\n{cw.dates(report)} · {cw.count(report.messages, 'message')} · "
        f"{cw.count(report.conversations, 'conversation')}",
        style="dim",
    )
    return t


def _people_table(
    report: ChatReport,
    title: str | None,
    head: Sequence[str],
    cells: Callable[[ChatReport, str], list[str]],
    caption: str | None = None,
) -> Table:
    table = _table(title, caption)
    for label in head:
        table.add_column(label, justify="right")
    colour = colours(report)
    for p in report.people:
        table.add_row(_name(report, p, colour[p]), *(Text(c) for c in cells(report, p)))
    return table


def messages_table(report: ChatReport) -> Table:
    """One row per participant: messages, words, media (and calls, deleted when there are any)."""
    return _people_table(report, "Who wrote what", cw.written_head(report), cw.written_cells)


def replies_table(report: ChatReport) -> Table:
    """One row per participant: conversations started, unanswered, replies and reply times."""
    return _people_table(
        report,
        "Conversations and replies",
        cw.REPLY_HEAD,
        cw.reply_cells,
        cw.conversations_note(report),
    )


def _spark(values: Sequence[int], top: int, style: str) -> Text:
    t = Text()
    for v in values:
        if v <= 0:
            t.append("·", style="dim")
        else:
            level = min(len(terminal.SPARK), -(-v * len(terminal.SPARK) // top)) - 1
            t.append(terminal.SPARK[level], style=style)
    return t


def over_time(report: ChatReport) -> Group:
    """Messages and conversation starts per week or month: one sparkline and total per person."""
    periods = report.periods[-min(SPARK_MAX, MAX_PERIODS) :]
    gs = groups(report)
    parts: list[RenderableType] = []
    for title, field in (
        ("Messages", "messages"),
        ("Conversations started", "conversations_started"),
    ):
        rows = [[sum(getattr(p, field).get(m, 0) for m in g.members) for p in periods] for g in gs]
        top = max((v for row in rows for v in row), default=0)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(max_width=NAME_MAX, overflow="ellipsis", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        for g, row in zip(gs, rows, strict=True):
            grid.add_row(
                Text(g.label, style=_style(g.person)),
                _spark(row, top, _style(g.person)),
                Text(cw.number(sum(row))),
            )
        parts += [Text(title, style="bold"), grid]
    earlier = len(report.periods) - len(periods)
    note = (
        f"Each mark is a {report.period} ({cw.periods_span(report, periods)}); "
        "the tallest is the busiest, · is none; the numbers are the totals"
    )
    note += f" of the {cw.periods_count(report, len(periods))} shown." if earlier else "."
    parts.append(Text(note, style="dim"))
    return Group(*parts)


def latency_table(report: ChatReport) -> Table:
    """Each person's replies by how long they took: counts and shares of their replies."""
    head = [b.label for b in report.latency]
    return _people_table(report, "How soon replies came", head, cw.latency_cells)


def plans_block(report: ChatReport) -> RenderableType:
    """Proposals to meet per person, given a day or left vague, and the latest vague ones."""
    if not report.plans:
        return Text("No proposals to meet were found in the messages.", style="dim")
    table = _people_table(report, None, cw.PLAN_HEAD, cw.plan_cells, cw.PLAN_NOTE)
    colour = colours(report)
    parts: list[RenderableType] = [table]
    vague = cw.latest_vague(report, VAGUE_SHOWN)
    if vague:
        # The dates and names keep their width; a long text gives way with an ellipsis.
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, min_width=max(len(day(p.at.date())) for p in vague) + 2)
        longest = max(len(cw.who(report, p.by)) for p in vague)
        grid.add_column(min_width=min(longest, NAME_MAX), max_width=NAME_MAX, no_wrap=True)
        # Not no_wrap: only a wrappable column gives way when the row is too wide.
        grid.add_column(overflow="ellipsis")
        for plan in vague:
            grid.add_row(
                Text(f"  {day(plan.at.date())}"),
                _name(report, plan.by, colour.get(plan.by)),
                Text(
                    f"“{cw.excerpt(plan.text, PLAN_TEXT_MAX)}”", no_wrap=True, overflow="ellipsis"
                ),
            )
        parts += [Text("Latest left vague:", style="dim"), grid]
    return Group(*parts)


def moments_block(report: ChatReport) -> RenderableType:
    """Who comforted, thanked, apologised, checked in: per person and kind, with examples."""
    lines = mw.moment_lines(report)
    parts: list[RenderableType] = (
        [Padding(Text(line), (0, 0, 0, 2)) for line in lines]
        if lines
        else [Text("No moments of care were found in the messages.", style="dim")]
        if report.moments_read is None or report.moments_read.layer != "off"
        else []
    )
    read = mw.moments_read_line(report)
    if read:
        parts.append(Text(read, style="dim"))
    return Group(*parts)


def signals_block(report: ChatReport) -> RenderableType:
    """The ledger's signals for a two-person chat, then the notes (why a group chat has none)."""
    parts: list[RenderableType] = []
    if report.signals and report.ledger is not None:
        parts.append(
            Text(
                "Read as a ledger: each conversation start is a reach-out, the other's first "
                "message in it an answer, each proposal to meet a plan.",
                style="dim",
            )
        )
        for signal in report.signals:
            parts += [Text(""), terminal.signal_block(report.ledger, signal)]
    elif report.ledger is not None:  # a group chat has no signals; a note says why
        parts.append(Text("Nothing stands out in this chat yet.", style="dim"))
    parts += [Text(note, style="dim") for note in report.notes]
    return Group(*parts)


def left_out(report: ChatReport) -> Group | None:
    """What was not understood (the first few, with where and why) and the system lines."""
    parts: list[RenderableType] = []
    n = len(report.skipped)
    if n:
        parts.append(Text(f"{cw.skipped_heading(report)}:", style="yellow"))
        lines = cw.skipped_lines(report, SKIPPED_SHOWN)
        if n > SKIPPED_SHOWN:
            lines.append(f"… and {cw.number(n - SKIPPED_SHOWN)} more")
        # Indented as a block, so a long reason wraps under its own line.
        parts += [Padding(Text(line), (0, 0, 0, 2)) for line in lines]
    if report.system:
        parts.append(Text(cw.system_sentence(report), style="dim"))
    return Group(*parts) if parts else None


def print_chat_report(report: ChatReport, console: Console | None = None) -> None:
    """Print a chat report for a person at a terminal."""
    out = console or Console(highlight=False)

    def show(*parts: RenderableType) -> None:
        for part in parts:
            out.print(part, highlight=False)
        out.print()

    show(header(report))
    show(messages_table(report))
    show(replies_table(report))
    show(_heading(f"{report.period.capitalize()} by {report.period}"), over_time(report))
    show(latency_table(report))
    show(_heading("When you write (hour × weekday)"), heatmap_block(report))
    show(_heading("Most used words and emoji"), words_table(report))
    show(_heading("Plans to meet"), plans_block(report))
    show(_heading("Signals"), signals_block(report))
    show(_heading("Moments of care"), moments_block(report))
    note = left_out(report)
    if note is not None:
        show(note)
    out.print(Text(cw.HOW_TO_READ_SHORT, style="dim italic"), highlight=False)
