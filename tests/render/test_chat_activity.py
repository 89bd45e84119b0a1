"""The heatmap and the top words in the terminal and in the HTML report."""

from __future__ import annotations

import re

from rich.console import Console

from twoway.render.chat_activity import SHADES, level
from twoway.render.chat_html import render_chat_html
from twoway.render.chat_terminal import print_chat_report

from .chat_known import sam_and_alex


def test_levels_go_from_none_to_the_busiest() -> None:
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 6, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert level(5, 0) == 0


def test_the_terminal_shows_the_heatmap_and_the_words() -> None:
    console = Console(record=True, width=200, color_system=None)
    print_chat_report(sam_and_alex(), console)
    text = console.export_text()
    assert "When you write (hour × weekday)" in text
    monday = next(line for line in text.splitlines() if line.startswith("Mon "))
    assert monday[4 + 9] == SHADES[-1]  # Monday 9:00 is the busiest hour
    assert monday[4 + 10] == SHADES[2]
    assert "The busiest: Mon 09:00–09:59, 5 messages." in text
    assert "Most used words and emoji" in text
    assert re.search(r"Sam\s+.*coffee 1", text)


def test_the_html_report_draws_the_heatmap_and_the_words() -> None:
    page = render_chat_html(sam_and_alex())
    heatmap = page.split('<table class="heatmap">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\">(\w+)</th>(.*?)</tr>", heatmap)
    assert [day for day, _ in rows] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    monday = re.findall(r'class="heat-(\d)"', rows[0][1])
    assert len(monday) == 24
    assert monday[9] == "4"
    assert monday[0] == "0"
    assert "Most used words and emoji" in page
    assert "coffee 1" in page
