"""A chat report in the terminal, with Rich: readable at a glance in 80 columns.

The signals are drawn by the ledger report's own `terminal.signal_block`, so a
chat and a hand-kept ledger speak alike. Every piece of user text (names,
titles, message excerpts, file names) goes through `Text`, never through Rich
markup, so a name like "[bold]" prints as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from twoway.chats.report import ChatReport, Plan
from twoway.render import chat_words as cw
from twoway.render import terminal
from twoway.render.chat_charts import MAX_PERIODS, colours, groups
from twoway.render.words import day, pct

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


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


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
        f"\n{cw.dates(report)} · {cw.number(report.messages)} messages · "
        f"{cw.number(report.conversations)} conversations",
        style="dim",
    )
    return t


def messages_table(report: ChatReport) -> Table:
    """One row per participant: messages, words, media (and calls, deleted when there are any)."""
    table = _table("Who wrote what")
    extra = [
        (label, attr)
        for label, attr in (("calls", "calls"), ("deleted", "deleted"))
        if any(getattr(s, attr) for s in report.participants.values())
    ]
    for label in ("messages", "words", "media", *(label for label, _ in extra)):
        table.add_column(label, justify="right")
    colour = colours(report)
    for p, s in report.participants.items():
        cells = [s.messages, s.words, s.media, *(getattr(s, attr) for _, attr in extra)]
        table.add_row(_name(report, p, colour[p]), *(Text(cw.number(c)) for c in cells))
    return table


def replies_table(report: ChatReport) -> Table:
    """One row per participant: conversations started, unanswered, replies and reply times."""
    table = _table("Conversations and replies", cw.conversations_note(report))
    table.add_column("started", justify="right")
    table.add_column("unanswered", justify="right")
    table.add_column("replies", justify="right")
    table.add_column("typical reply", justify="right")
    table.add_column("9 in 10 within", justify="right")
    colour = colours(report)
    for p, s in report.participants.items():
        table.add_row(
            _name(report, p, colour[p]),
            Text(cw.number(s.conversations_started)),
            Text(cw.unanswered(s.conversations_started, s.unanswered)),
            Text(cw.number(s.replies)),
            Text(cw.duration(s.median_reply_seconds)),
            Text(cw.duration(s.p90_reply_seconds)),
        )
    return table


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
    table = _table("How soon replies came")
    for b in report.latency:
        table.add_column(b.label, justify="right")
    colour = colours(report)
    for p in report.people:
        counts = [b.replies.get(p, 0) for b in report.latency]
        total = sum(counts)
        table.add_row(
            _name(report, p, colour[p]),
            *(Text(f"{c} ({pct(c / total)})" if total else "—") for c in counts),
        )
    return table


def _vague(plans: Sequence[Plan]) -> list[Plan]:
    return [p for p in plans if p.status == "vague"][-VAGUE_SHOWN:]


def plans_block(report: ChatReport) -> RenderableType:
    """Proposals to meet per person, given a day or left vague, and the latest vague ones."""
    if not report.plans:
        return Text("No proposals to meet were found in the messages.", style="dim")
    table = _table(
        None,
        "Given a day: a concrete day or time followed within 14 days; left vague: none did.",
    )
    table.add_column("proposed", justify="right")
    table.add_column("given a day", justify="right")
    table.add_column("left vague", justify="right")
    colour = colours(report)
    for p in report.people:
        mine = [x for x in report.plans if x.by == p]
        scheduled = sum(1 for x in mine if x.status == "scheduled")
        table.add_row(
            _name(report, p, colour[p]),
            Text(cw.number(len(mine))),
            Text(cw.number(scheduled)),
            Text(cw.number(len(mine) - scheduled)),
        )
    parts: list[RenderableType] = [table]
    vague = _vague(report.plans)
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
                Text(f"“{_clip(plan.text, PLAN_TEXT_MAX)}”", no_wrap=True, overflow="ellipsis"),
            )
        parts += [Text("Latest left vague:", style="dim"), grid]
    return Group(*parts)


def signals_block(report: ChatReport) -> RenderableType:
    """The ledger's signals for a two-person chat; else the notes saying why there are none."""
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
    elif not report.notes:
        parts.append(Text("Nothing stands out in this chat yet.", style="dim"))
    parts += [Text(note, style="dim") for note in report.notes]
    return Group(*parts)


def left_out(report: ChatReport) -> Text | None:
    """What was not understood (the first few, with where and why) and the system lines."""
    t = Text()
    n = len(report.skipped)
    if n:
        t.append(f"{cw.skipped_heading(report)}:", style="yellow")
        for line in cw.skipped_lines(report, SKIPPED_SHOWN):
            t.append(f"\n  {line}")
        if n > SKIPPED_SHOWN:
            t.append(f"\n  … and {cw.number(n - SKIPPED_SHOWN)} more")
    if report.system:
        if t:
            t.append("\n")
        t.append(cw.system_sentence(report), style="dim")
    return t or None


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
    show(_heading("Plans to meet"), plans_block(report))
    show(_heading("Signals"), signals_block(report))
    note = left_out(report)
    if note is not None:
        show(note)
    out.print(Text(cw.HOW_TO_READ_SHORT, style="dim italic"), highlight=False)
