"""The chat report as one HTML file: self-contained, escaped, with the known numbers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

from twoway.chats.messages import Skip
from twoway.chats.report import Plan
from twoway.render.chat_html import render_chat_html
from twoway.render.html import CSP
from twoway.render.svg import SVG_NS

from .chat_known import (
    SAM_AND_ALEX,
    analysed,
    chat,
    group_rows,
    one_sided_rows,
    plan_rows,
    renamed,
    sam_and_alex,
)

XSS = '<script>alert("x")</script>'


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each table row."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def rows_for(html: str, name: str) -> list[list[str]]:
    """The cells after the name of every table row that starts with `name`."""
    return [r[1:] for r in parse(html).rows if r and r[0] == name]


def test_the_page_reaches_nothing_outside_itself() -> None:
    html = render_chat_html(sam_and_alex())
    assert html.startswith("<!doctype html>")
    assert set(re.findall(r"https?://[^\"' <>]+", html)) == {SVG_NS}
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html
    assert "url(" not in html
    for tag, attrs in parse(html).tags:
        assert "src" not in attrs, tag
        assert not (attrs.get("href") or "").strip(), tag


def test_the_page_forbids_any_network_request() -> None:
    html = render_chat_html(sam_and_alex())
    metas = [a for t, a in parse(html).tags if t == "meta" and a.get("http-equiv")]
    assert metas == [{"http-equiv": "Content-Security-Policy", "content": CSP}]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media (prefers-color-scheme: dark)" in html


def test_the_known_numbers_are_in_the_tables() -> None:
    html = render_chat_html(sam_and_alex())
    sam, alex = rows_for(html, "Sam"), rows_for(html, "Alex")
    # Messages (messages, words, media); conversations and replies; reply times; no plans table.
    assert sam[0] == ["7", "14", "1"]
    assert alex[0] == ["6", "11", "0"]
    assert sam[1] == ["4", "2 (50%)", "3", "20 min", "1 h 8 min"]
    assert alex[1] == ["2", "0 (0%)", "3", "4 min", "3 h 11 min"]
    assert sam[2] == ["0 (0%)", "1 (33%)", "0 (0%)", "1 (33%)", "1 (33%)", "0 (0%)"]
    assert "4 Mar – 18 Mar 2024 · 13 messages · 6 conversations" in html
    assert "From WhatsApp Chat with Sam.txt (WhatsApp)" in html
    assert "/home/me" not in html
    assert "No proposals to meet were found in the messages." in html
    assert "Nothing stands out in this chat yet." in html


def test_three_charts_are_drawn_inline_with_their_totals() -> None:
    html = render_chat_html(sam_and_alex())
    for key in ("chat-messages", "chat-starts", "chat-latency"):
        assert f'<figure class="chart" id="chart-{key}">' in html
    assert "In all: Sam 7 and Alex 6." in html
    assert "In all: Sam 4 and Alex 2." in html
    for svg in re.findall(r"<svg xmlns=.*?</svg>", html, flags=re.S):
        ET.fromstring(svg)


def test_a_three_person_chat_renders_with_a_colour_each_and_the_note() -> None:
    report = analysed([chat(group_rows())])
    html = render_chat_html(report)
    assert rows_for(html, "Kim")[0] == ["3", "7", "0"]
    assert '<span class="who p2">Kim</span>' in html
    assert 'class="bar p2 solid"' in html
    assert "this chat has 3 participants" in html
    assert "Nothing stands out" not in html
    assert 'class="card signal' not in html


def test_names_titles_and_texts_are_escaped() -> None:
    rows = renamed(SAM_AND_ALEX, {"Sam": XSS, "Alex": "Al & <b>Ex</b>"})
    report = analysed([chat(rows, skipped=[Skip(9, f"odd {XSS}")])])
    vague = Plan(datetime(2024, 3, 5, 9), XSS, f"let's meet {XSS}", "vague", None, None, "x", 1)
    html = render_chat_html(replace(report, plans=[vague]))
    assert "<script" not in html.lower()
    assert "<b>Ex</b>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "Al &amp; &lt;b&gt;Ex&lt;/b&gt;" in html
    titled = render_chat_html(analysed([chat(SAM_AND_ALEX, title=f"Us {XSS}")]))
    assert "<script" not in titled.lower()
    assert "<h1>Us &lt;script&gt;" in titled


def test_signals_are_the_ledger_pages_cards() -> None:
    report = analysed([chat(one_sided_rows())], me="Sam")
    html = render_chat_html(report)
    assert report.signals
    cards = re.findall(r'<article class="card signal (\w+)" data-code="(\w+)">', html)
    assert [code for _, code in cards] == [s.code for s in report.signals]
    assert "one_sided_initiation" in [code for _, code in cards]
    assert "you started 35 of the 35" in html
    assert '<p class="label">A practice to try</p>' in html
    assert '<dl class="evidence">' in html
    assert "<code>chat-whatsapp-20240115T090000</code>" in html


def test_plans_and_the_latest_vague_ones_are_listed() -> None:
    html = render_chat_html(analysed([chat(plan_rows())]))
    assert rows_for(html, "Sam")[-1] == ["2", "0", "2"]
    assert rows_for(html, "Alex")[-1] == ["1", "1", "0"]
    assert "<q>we should catch up sometime</q>" in html
    assert "<q>we should grab dinner one of these days</q>" in html
    assert '<span class="when">20 Apr 2024</span>' in html


def test_left_out_lines_show_the_first_ten_and_the_system_count() -> None:
    skipped = [Skip(100 + i, f"no date ({i})") for i in range(13)]
    html = render_chat_html(analysed([chat(SAM_AND_ALEX, skipped=skipped, system=2)]))
    assert "13 lines could not be read and were left out:" in html
    assert "<li>WhatsApp Chat with Sam.txt, line 100: no date (0)</li>" in html
    assert "line 109: no date (9)" in html
    assert "line 110" not in html
    assert "<li>… and 3 more</li>" in html
    assert "2 system or service lines (not written by a person) are not counted" in html


def test_you_are_named_you() -> None:
    html = render_chat_html(sam_and_alex(me="Alex"))
    assert '<span class="who p1">You</span>' in html
    assert rows_for(html, "You")[0] == ["6", "11", "0"]
