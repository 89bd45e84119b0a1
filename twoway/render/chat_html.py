"""A chat report as one self-contained HTML file, like the ledger's (`html.py`).

The same promises: inline CSS (the ledger page's stylesheet), inline SVG
charts, no script, nothing that points outside the file, a CSP that forbids
any request, and a template that autoescapes every name and message excerpt.
The signals are the ledger page's cards (templates/_macros.html), in the
ledger's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from twoway.chats.report import ChatReport
from twoway.render import chat_words as cw
from twoway.render.chat_charts import colours, latency_chart, messages_chart, starts_chart
from twoway.render.html import CSP, environment, signal_view
from twoway.render.svg import render_figure
from twoway.render.words import day, pct

SKIPPED_SHOWN = 10
VAGUE_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Row:
    """One participant's line in a table: the name, its colour class and the cells."""

    name: str
    cls: str
    cells: list[str]


def _cls(index: int | None) -> str:
    return f"p{index}" if index is not None else "neutral"


def _rows(report: ChatReport, cells: dict[str, list[str]]) -> list[Row]:
    colour = colours(report)
    return [Row(cw.who(report, p), _cls(colour[p]), c) for p, c in cells.items()]


def _participants(report: ChatReport) -> dict[str, object]:
    extra = [
        (label, attr)
        for label, attr in (("Calls", "calls"), ("Deleted", "deleted"))
        if any(getattr(s, attr) for s in report.participants.values())
    ]
    return {
        "written_head": ["Messages", "Words", "Media", *(label for label, _ in extra)],
        "written": _rows(
            report,
            {
                p: [
                    cw.number(n)
                    for n in (s.messages, s.words, s.media, *(getattr(s, a) for _, a in extra))
                ]
                for p, s in report.participants.items()
            },
        ),
        "replies_head": ["Started", "Unanswered", "Replies", "Typical reply", "9 in 10 within"],
        "replies": _rows(
            report,
            {
                p: [
                    cw.number(s.conversations_started),
                    cw.unanswered(s.conversations_started, s.unanswered),
                    cw.number(s.replies),
                    cw.duration(s.median_reply_seconds),
                    cw.duration(s.p90_reply_seconds),
                ]
                for p, s in report.participants.items()
            },
        ),
        "latency_head": [b.label for b in report.latency],
        "latency": _rows(
            report,
            {p: _latency_cells(report, p) for p in report.people},
        ),
    }


def _latency_cells(report: ChatReport, person: str) -> list[str]:
    counts = [b.replies.get(person, 0) for b in report.latency]
    total = sum(counts)
    return [f"{c} ({pct(c / total)})" if total else "—" for c in counts]


def _plans(report: ChatReport) -> dict[str, object]:
    cells = {}
    for p in report.people:
        mine = [x for x in report.plans if x.by == p]
        scheduled = sum(1 for x in mine if x.status == "scheduled")
        cells[p] = [cw.number(n) for n in (len(mine), scheduled, len(mine) - scheduled)]
    colour = colours(report)
    vague = [x for x in report.plans if x.status == "vague"][-VAGUE_SHOWN:]
    return {
        "plans": _rows(report, cells) if report.plans else [],
        "vague": [
            {
                "day": day(x.at.date()),
                "name": cw.who(report, x.by),
                "cls": _cls(colour.get(x.by)),
                "text": x.text,
            }
            for x in vague
        ],
    }


def render_chat_html(report: ChatReport) -> str:
    """The whole chat report as one HTML document (a string), safe to open offline anywhere."""
    # Markup: svg.py escapes every piece of text it draws, so the figures go in as they are.
    figure = {
        key: Markup(render_figure(chart(report)))
        for key, chart in (
            ("messages", messages_chart),
            ("starts", starts_chart),
            ("latency", latency_chart),
        )
    }
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
        "messages": cw.number(report.messages),
        "conversations": cw.number(report.conversations),
        "conversations_note": cw.conversations_note(report),
        "period": report.period,
        "charts": figure,
        **_participants(report),
        **_plans(report),
        "signals": [signal_view(ledger, s) for s in report.signals] if ledger else [],
        "notes": report.notes,
        "skipped_count": len(report.skipped),
        "skipped_heading": cw.skipped_heading(report) if report.skipped else "",
        "skipped": cw.skipped_lines(report, SKIPPED_SHOWN),
        "system": cw.system_sentence(report),
        "how_to_read": cw.HOW_TO_READ,
    }
    return environment().get_template("chat.html").render(**context)
