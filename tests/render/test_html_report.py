"""The HTML report: one self-contained file, escaped, with the charts, counts and signals."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser

from twoway.core.ledger import Skipped
from twoway.core.report import Report
from twoway.render.html import CSP, render_html
from twoway.render.svg import SVG_NS

XSS = '<script>alert("x")</script>'


class _Tags(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_the_page_reaches_nothing_outside_itself(report: Report) -> None:
    html = render_html(report)
    urls = re.findall(r"https?://[^\"' <>]+", html)
    assert set(urls) == {SVG_NS}
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html
    assert "url(" not in html
    for tag, attrs in _tags(html):
        assert "src" not in attrs, tag
        assert not (attrs.get("href") or "").strip(), tag


def test_the_page_forbids_any_network_request(report: Report) -> None:
    html = render_html(report)
    metas = [a for t, a in _tags(html) if t == "meta" and a.get("http-equiv")]
    assert metas == [{"http-equiv": "Content-Security-Policy", "content": CSP}]
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def test_the_page_is_made_for_phones_and_dark_mode(report: Report) -> None:
    html = render_html(report)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert html.startswith("<!doctype html>")
    assert '<html lang="en">' in html


def test_the_page_has_the_four_charts(report: Report) -> None:
    html = render_html(report)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    for key in ("balance", "initiations", "bids", "energy"):
        assert f'id="chart-{key}"' in html
    assert html.count('<table class="visually-hidden">') == 4


def test_the_header_names_both_people_the_date_and_the_window(report: Report) -> None:
    html = render_html(report)
    assert '<span class="who p0">Sam</span>' in html
    assert '<span class="who p1">Alex</span>' in html
    assert "As of 10 Mar 2024" in html
    assert "the last 8 weeks (15 Jan – 10 Mar 2024)" in html


def test_only_the_file_name_of_the_ledger_is_shown(report: Report) -> None:
    html = render_html(report)
    assert "sam-alex.csv" in html
    assert "/home/someone" not in html


def test_the_verdict_gives_the_shares_and_the_range_in_words(report: Report) -> None:
    html = render_html(report)
    assert "Since 1 Jan 2024, Sam has given 73% of the support." in html
    assert (
        "Sam gave 76% of the 29 support events in the last 8 weeks (likely between 58% and 88%)"
        in html
    )
    assert 'class="seg p0" x="0" y="0" width="76"' in html
    assert 'class="seg p1" x="76" y="0" width="24"' in html


def test_no_share_bar_when_the_evidence_is_too_thin(report: Report) -> None:
    thin = replace(report, balance=replace(report.balance, verdict="insufficient_evidence"))
    html = render_html(thin)
    assert 'class="sharebar"' not in html
    assert 'class="sharelegend"' not in html
    assert 'class="sharebar"' in render_html(report)


def test_counts_are_side_by_side_for_the_window_and_all_time(report: Report) -> None:
    html = render_html(report)
    assert "<caption>Last 8 weeks</caption>" in html
    assert "<caption>All time</caption>" in html
    assert '<th scope="row">Bids turned toward' in html
    assert "<td>6 of 18</td><td>12 of 13</td>" in html  # recent
    assert "<td>8 of 23</td><td>15 of 16</td>" in html  # all time


def test_the_ratio_row_names_the_reference_figure_for_partners_only(report: Report) -> None:
    assert "stable couples show about 5 to 1" in render_html(report, partners=True)
    assert "5 to 1" not in render_html(report)  # a finding about couples, not friends


def test_signals_show_summary_evidence_events_since_and_practice(report: Report) -> None:
    html = render_html(report)
    for signal in report.signals:
        assert signal.summary.replace("'", "&#39;") in html
        assert signal.practice.replace("'", "&#39;") in html
    assert html.count('<article class="card signal attention"') == 2
    assert html.count('<article class="card signal positive"') == 1
    assert "<dt>share</dt><dd>76%</dd>" in html
    assert "<dt>support given</dt><dd>Sam 22, Alex 7</dd>" in html
    # 22 events: five keys shown, the rest counted.
    assert (
        "<code>s1</code>, <code>s2</code>, <code>s3</code>, <code>s4</code>, <code>s5</code> and 17 more"
        in html
    )
    assert "<code>s6</code>" not in html
    assert "Since 15 Jan 2024" in html


def test_user_text_is_escaped_everywhere(make_report: Callable[..., Report]) -> None:
    base = make_report()
    evil = replace(
        base.signals[0],
        summary=f"note: {XSS}",
        evidence={**base.signals[0].evidence, "events": [XSS, "ok"]},
        practice=f"{XSS} & be kind",
    )
    report = replace(base, people=(XSS, "Alex"), signals=[evil], source=f"/tmp/{XSS}.csv")
    html = render_html(report)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&amp; be kind" in html


def test_skipped_rows_are_counted_and_listed(make_report: Callable[..., Report]) -> None:
    rows = [Skipped(line=n, field="kind", reason=f"unknown kind 'hug{n}'") for n in range(2, 10)]
    html = render_html(make_report(skipped=len(rows)), skipped=rows)
    assert "8 rows were skipped for not fitting the format" in html
    assert "line 2 · kind: unknown kind &#39;hug2&#39;" in html
    assert "line 7" not in html  # only the first five are listed …
    assert "… and 3 more" in html  # … and the rest counted


def test_no_skipped_section_when_nothing_was_skipped(report: Report) -> None:
    assert "Rows left out" not in render_html(report)


def test_the_page_speaks_to_the_reader(make_report: Callable[..., Report]) -> None:
    html = render_html(make_report(me="Alex"))
    assert '<span class="who p1">You</span>' in html
    assert "; you gave 24%." in html


def test_a_page_without_signals_says_nothing_stands_out(make_report: Callable[..., Report]) -> None:
    html = render_html(make_report(signals=[]))
    assert "Nothing stands out in the ledger yet." in html


def test_how_to_read_says_it_describes_the_ledger_not_the_people(report: Report) -> None:
    html = render_html(report)
    assert "How to read this" in html
    assert "describes what was written in the ledger, not who either of you is" in html
