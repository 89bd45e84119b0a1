"""A chat report as one self-contained HTML file, like the ledger's (`html.py`).

The same promises: inline CSS (the ledger page's stylesheet), inline SVG
charts, no script, nothing that points outside the file, a CSP that forbids
any request, and a template that autoescapes every name and message excerpt.
The signals are the ledger page's cards (templates/_macros.html), in the
ledger's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from twoway.chats.report import ChatReport
from twoway.render import chat_words as cw
from twoway.render import moment_words as mw
from twoway.render.chat_activity import heatmap_rows, terms_text
from twoway.render.chat_charts import colours, latency_chart, messages_chart, starts_chart
from twoway.render.html import CSP, environment, signal_view
from twoway.render.svg import render_figure
from twoway.render.words import day

SKIPPED_SHOWN = 10
VAGUE_SHOWN = 5
PLAN_TEXT_MAX = 200


@dataclass(frozen=True, slots=True)
class Row:
    """One participant's line in a table: the name, its colour class and the cells."""

    name: str
    cls: str
    cells: list[str]


def _cls(index: int | None) -> str:
    return f"p{index}" if index is not None else "neutral"


def _rows(report: ChatReport, cells: Callable[[ChatReport, str], list[str]]) -> list[Row]:
    colour = colours(report)
    return [Row(cw.who(report, p), _cls(colour[p]), cells(report, p)) for p in report.people]


def _vague(report: ChatReport) -> list[dict[str, str]]:
    colour = colours(report)
    return [
        {
            "day": day(x.at.date()),
            "name": cw.who(report, x.by),
            "cls": _cls(colour.get(x.by)),
            "text": cw.excerpt(x.text, PLAN_TEXT_MAX),
        }
        for x in cw.latest_vague(report, VAGUE_SHOWN)
    ]


def figures_context(report: ChatReport) -> dict[str, Any]:
    """What `_chat_figures.html` draws: charts over time, the hour × weekday grid, the words.

    The site's chat page (`twoway.web.reports`) draws stored figures with it too.
    """
    colour = colours(report)
    return {
        # Markup: svg.py escapes every piece of text it draws, so the figures go in as they are.
        "charts": {
            key: Markup(render_figure(chart(report)))
            for key, chart in (("messages", messages_chart), ("starts", starts_chart))
        },
        "period": report.period,
        "heatmap": heatmap_rows(report),
        "words": [
            {
                "name": cw.who(report, p),
                "cls": _cls(colour[p]),
                "words": terms_text(report.top_words.get(p, [])),
                "emoji": terms_text(report.top_emoji.get(p, [])),
            }
            for p in report.people
        ],
    }


def render_chat_html(report: ChatReport) -> str:
    """The whole chat report as one HTML document (a string), safe to open offline anywhere."""
    figures = figures_context(report)
    charts = {**figures.pop("charts"), "latency": Markup(render_figure(latency_chart(report)))}
    colour = colours(report)
    ledger = report.ledger
    context = {
        "report": report,
        "csp": CSP,
        "title": f"twoway · chat · {cw.chat_name(report)} · {cw.dates(report)}",
        "chat_title": report.title,
        "names": [{"name": cw.who(report, p), "cls": _cls(colour[p])} for p in report.people],
        "sources": ", ".join(cw.source_names(report)),
        "format": cw.format_label(report),
        "dates": cw.dates(report),
        "as_of": day(report.as_of),
        "messages": cw.count(report.messages, "message"),
        "conversations": cw.count(report.conversations, "conversation"),
        "conversations_note": cw.conversations_note(report),
        **figures,
        "charts": charts,
        "written_head": cw.written_head(report),
        "written": _rows(report, cw.written_cells),
        "replies_head": cw.REPLY_HEAD,
        "replies": _rows(report, cw.reply_cells),
        "latency_head": [b.label for b in report.latency],
        "latency": _rows(report, cw.latency_cells),
        "plans_head": cw.PLAN_HEAD,
        "plans_note": cw.PLAN_NOTE,
        "plans": _rows(report, cw.plan_cells) if report.plans else [],
        "vague": _vague(report),
        "signals": [signal_view(ledger, s) for s in report.signals] if ledger else [],
        "notes": report.notes,
        "moments": mw.moment_lines(report),
        "moments_read": mw.moments_read_line(report),
        "moments_off": report.moments_read is not None and report.moments_read.layer == "off",
        "has_ledger": report.ledger is not None,
        "skipped_count": len(report.skipped),
        "skipped_heading": cw.skipped_heading(report) if report.skipped else "",
        "skipped": cw.skipped_lines(report, SKIPPED_SHOWN),
        "system": cw.system_sentence(report),
        "how_to_read": cw.HOW_TO_READ,
    }
    return environment().get_template("chat.html").render(**context)
