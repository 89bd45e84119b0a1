"""When people write and what they write most, as the terminal and the HTML report draw it.

Only drawing: the counts come from `ChatReport.activity`, `top_words` and
`top_emoji` (`twoway.chats.activity`).
"""

from __future__ import annotations

from typing import Final

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from twoway.chats.report import ChatReport

DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Shades from none to the busiest hour (the terminal's heatmap).
SHADES: Final = " ░▒▓█"
#: Levels of the HTML heatmap's cells (classes `heat-0` … `heat-4`).
LEVELS: Final = 4


def level(count: int, top: int) -> int:
    """0 for none, else 1 … `LEVELS` by the share of the busiest cell (rounded up)."""
    if count <= 0 or top <= 0:
        return 0
    return min(LEVELS, -(-count * LEVELS // top))


def heatmap_block(report: ChatReport) -> RenderableType:
    """The hour × weekday grid as shaded blocks, one row per weekday."""
    grid = report.activity
    if not grid:
        return Text("No messages.", style="dim")
    top = max(max(row) for row in grid)
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_row(Text(""), Text("0     6     12    18   23", style="dim"))
    for name, row in zip(DAYS, grid, strict=True):
        table.add_row(Text(name), Text("".join(SHADES[level(n, top)] for n in row)))
    busiest = max(
        ((n, d, h) for d, row in enumerate(grid) for h, n in enumerate(row)), default=(0, 0, 0)
    )
    note = (
        f"Each mark is an hour of the day; the darker, the more messages. The busiest: "
        f"{DAYS[busiest[1]]} {busiest[2]:02d}:00–{busiest[2]:02d}:59, {busiest[0]} messages."
    )
    return Group(table, Text(note, style="dim"))


def terms_text(terms: list[tuple[str, int]]) -> str:
    """`coffee 12 · interview 5`, or a dash when there are none."""
    return " · ".join(f"{t} {n}" for t, n in terms) or "—"


def words_table(report: ChatReport) -> Table:
    """Each person's most used words and emoji."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("")
    table.add_column("most used words")
    table.add_column("emoji")
    for person in report.people:
        table.add_row(
            person,
            terms_text(report.top_words.get(person, [])),
            terms_text(report.top_emoji.get(person, [])),
        )
    return table


def heatmap_rows(report: ChatReport) -> list[dict[str, object]]:
    """The grid for the HTML template: per weekday its name and cells (count, level)."""
    grid = report.activity
    top = max((max(row) for row in grid), default=0)
    return [
        {
            "day": name,
            "cells": [{"n": n, "level": level(n, top), "hour": h} for h, n in enumerate(row)],
        }
        for name, row in zip(DAYS, grid, strict=True)
    ]
