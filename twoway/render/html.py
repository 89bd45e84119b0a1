"""The report as one self-contained HTML file: inline CSS, inline SVG charts, no script.

The page must open from a USB stick or an e-mail attachment, on a phone, with
no network: nothing in it points outside the file, and its Content-Security-Policy
forbids any request should something slip in. The template autoescapes, because
names, event keys and summaries can hold anything a person typed; the only
markup let through unescaped is the charts, which `svg.py` escapes itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from twoway.core.report import Report, Signal
from twoway.core.validation import Skipped
from twoway.render import words
from twoway.render.charts import all_charts
from twoway.render.svg import render_figure

#: Forbids every request from the page: styles are inline, images only data: URLs.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

SKIPPED_SHOWN = 5


@cache
def environment() -> Environment:
    """The templates' environment (shared with the chat report, `chat_html`)."""
    # Autoescape on for every template, whatever its name: all of them print user text.
    return Environment(
        # The stylesheet lives with the static files, because the site serves it too.
        loader=ChoiceLoader(
            [
                PackageLoader("twoway.render", "templates"),
                PackageLoader("twoway.render", "static/twoway"),
            ]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True, slots=True)
class SignalView:
    """A signal, with its evidence already in words for the template."""

    code: str
    tone: str
    summary: str
    evidence: list[tuple[str, str]]
    events: list[str]
    more_events: int
    since: str | None
    practice: str
    person_index: int | None
    #: The events as a page shows them, (words, link) each; when empty, `events` by key.
    entries: tuple[tuple[str, str], ...] = ()


def signal_view(report: Report, s: Signal) -> SignalView:
    """`s` ready for the `signal_card` macro (templates/_signals.html), in `report`'s words."""
    keys, more = words.event_keys(s)
    return SignalView(
        code=s.code,
        tone=s.tone,
        summary=s.summary,
        evidence=words.evidence_items(s, report),
        events=keys,
        more_events=more,
        since=words.day(s.since) if s.since else None,
        practice=s.practice,
        person_index=report.people.index(s.person) if s.person in report.people else None,
    )


def render_html(report: Report, *, skipped: Sequence[Skipped] = (), partners: bool = False) -> str:
    """The whole report as one HTML document (a string), safe to open offline anywhere.

    `skipped` are the rows `--skip-bad` left out; the first few are listed.
    `partners`: a couple's relationship (the 5 : 1 line is about couples).
    """
    context = report_context(report, skipped=skipped, partners=partners)
    return environment().get_template("report.html").render(csp=CSP, **context)


def report_context(
    report: Report, *, skipped: Sequence[Skipped] = (), partners: bool = False
) -> dict[str, object]:
    """What `_report_body.html` shows: the report file and the site's report page share it."""
    # Markup: svg.py escapes every piece of text it draws, so the figures go in as they are.
    charts = [Markup(render_figure(c)) for c in all_charts(report)]
    scopes = [s for s in ("recent", "all") if words.count_rows(report, s)]
    return {
        "report": report,
        "names": [words.who(report, p) for p in report.people],
        "as_of": words.day(report.as_of),
        "events": words.count(report.events, "event"),
        "first": words.day(report.first) if report.first else None,
        "window": words.span(report.window.start, report.window.end),
        "window_weeks": words.weeks(report.window.weeks),
        "source": words.source_name(report),
        "headline": words.verdict_headline(report),
        "sentence": words.share_sentence(report),
        "moments_counted": words.moments_counted(report),
        "shares": _shares(report),
        "charts": charts,
        "tables": [
            {
                "title": words.scope_title(report, s),
                "rows": words.count_rows(report, s, partners=partners),
            }
            for s in scopes
        ],
        "signals": [signal_view(report, s) for s in report.signals],
        "skipped_count": max(len(skipped), report.skipped),
        "skipped": list(skipped[:SKIPPED_SHOWN]),
        "how_to_read": words.HOW_TO_READ,
    }


def _shares(report: Report) -> list[dict[str, object]]:
    """Each person's share of the window's support, as whole percentages that add up to 100.

    None when the evidence is too thin for a verdict: a bar would say more than it can.
    """
    share = report.balance.share
    if not share or report.balance.verdict == "insufficient_evidence":
        return []
    first = round(share.get(report.people[0], 0.0) * 100)
    return [
        {"name": words.who(report, p), "index": i, "pct": first if i == 0 else 100 - first}
        for i, p in enumerate(report.people)
    ]
