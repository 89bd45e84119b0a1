"""Draw chart specs (`twoway.render.charts`) as inline SVG, with a legend and a data table.

Inline SVG rather than a JavaScript chart library: the HTML report must be one
file that works offline on any phone, with no script at all. The output scales
to its container (viewBox, width 100%), names itself for screen readers (role
"img", <title>, <desc>) and comes with a visually hidden table of the numbers.

Colours are Okabe–Ito (safe for the common colour-vision differences); person 0
is always blue and person 1 always vermillion, and they differ in marker shape
too (circle, square), so colour is never the only cue. A group chat's further
people take the next Okabe–Ito colours, up to six in all; beyond, neutral grey. Each element carries
presentation attributes, so a chart stands alone; the page's CSS overrides them
through classes for dark mode.

Every piece of text is escaped here: names and labels are user text, and the
caller marks the result safe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from twoway.render import sides
from twoway.render.charts import Chart, Series
from twoway.render.words import MONTHS, day, pct, signed

SVG_NS = "http://www.w3.org/2000/svg"

# A narrow viewBox on purpose: in a 390-pixel phone's column (about 358 px) the text comes out
# at 12.5 px, over the 12 px the every-page browser check asks of any text.
WIDTH, HEIGHT = 400, 220
TOP, RIGHT, BOTTOM = 14, 10, 28
LEFT = {"share": 46, "count": 32, "energy": 78}
FONT = 14

#: Okabe–Ito on light backgrounds: person 0 blue, person 1 vermillion, then (group chats)
#: bluish green, reddish purple, orange and sky blue; anyone further is drawn neutral.
PALETTE = (*sides.LIGHT, "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
INK_MUTED = "#5b6068"
GRID = "#d5d9de"

MAX_X_LABELS = 5


def _n(x: float) -> str:
    """A coordinate with one decimal, without a trailing ".0"."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _coloured(person: int | None) -> bool:
    return person is not None and 0 <= person < len(PALETTE)


def _colour(person: int | None) -> str:
    return PALETTE[person] if person is not None and _coloured(person) else INK_MUTED


def _cls(person: int | None) -> str:
    return f"p{person}" if _coloured(person) else "neutral"


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where the plot area sits in the viewBox, and how values map onto it."""

    left: float
    n: int
    y_min: float
    y_max: float

    @property
    def plot_w(self) -> float:
        return WIDTH - self.left - RIGHT

    @property
    def plot_h(self) -> float:
        return HEIGHT - TOP - BOTTOM

    @property
    def step(self) -> float:
        return self.plot_w / max(self.n, 1)

    def x(self, i: int) -> float:
        return self.left + self.step * (i + 0.5)

    def y(self, v: float) -> float:
        span = (self.y_max - self.y_min) or 1.0
        v = min(max(v, self.y_min), self.y_max)
        return TOP + self.plot_h * (1 - (v - self.y_min) / span)


def y_ticks(chart: Chart) -> list[tuple[float, str]]:
    """The y gridlines and their labels for a chart."""
    if chart.y_unit == "share":
        return [(v, pct(v)) for v in (0.0, 0.25, 0.5, 0.75, 1.0)]
    if chart.y_unit == "energy":
        words = {2.0: "energized", 0.0: "0", -2.0: "drained"}
        return [(v, words.get(v, "")) for v in (-2.0, -1.0, 0.0, 1.0, 2.0)]
    top = chart.y_max
    # Counts: at most 6 ticks, on whole numbers, preferring round steps (1, 2, 5, 10 …).
    steps = [
        s for s in (top / 5, top / 4, top / 3, top / 2, top) if s >= 1 and float(s).is_integer()
    ]
    step = next((s for s in steps if _round_step(s)), steps[0] if steps else max(top, 1.0))
    return [(k * step, str(int(k * step))) for k in range(round(top / step) + 1)]


def _round_step(step: float) -> bool:
    digits = str(int(step)).rstrip("0")
    return digits in {"1", "2", "5"}


def _text_width(text: str) -> float:
    """A rough width in viewBox units: enough to keep axis labels from overlapping."""
    return len(text) * FONT * 0.6


def _x_labels(chart: Chart, f: _Frame) -> list[tuple[float, str, str]]:
    """The week labels to print: (x, text, anchor), spaced so that none overlap.

    Within one year a label is the day ("26 Dec"); across years, the month and
    year ("Dec ’24"), which says more in fewer characters. Categories (a chart
    without dates) are each centred under their bars, every one shown that fits.
    """
    n = len(chart.x_labels)
    if n == 0:
        return []
    if not chart.x_dates:
        widest = max(_text_width(t) for t in chart.x_labels)
        stride = max(1, math.ceil((widest + 6) / f.step))
        return [(f.x(i), chart.x_labels[i], "middle") for i in range(0, n, stride)]
    multi_year = len({d.year for d in chart.x_dates}) > 1
    texts = [
        f"{MONTHS[d.month - 1]} ’{d.year % 100:02d}" if multi_year else label
        for d, label in zip(chart.x_dates, chart.x_labels, strict=True)
    ]
    widest = max(_text_width(t) for t in texts)
    # The first label is drawn from the plot's left edge, the others centred on their week:
    # 1.5 label widths plus a gap between ticks keeps each clear of the next.
    stride = max(1, math.ceil((1.5 * widest + 8) / f.step), math.ceil(n / MAX_X_LABELS))
    out = []
    for i in range(0, n, stride):
        x, anchor = (f.left, "start") if i == 0 else (f.x(i), "middle")
        if anchor == "middle" and x + _text_width(texts[i]) / 2 > WIDTH:
            x, anchor = float(WIDTH - 1), "end"
        out.append((x, texts[i], anchor))
    return out


def _text(x: float, y: float, body: str, anchor: str = "middle", cls: str = "axis") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" class="{cls}" '
        f'fill="{INK_MUTED}" font-size="{FONT}">{escape(body)}</text>'
    )


def _axes(chart: Chart, f: _Frame) -> list[str]:
    out = []
    for v, label in y_ticks(chart):
        y = f.y(v)
        out.append(
            f'<line x1="{_n(f.left)}" x2="{_n(WIDTH - RIGHT)}" y1="{_n(y)}" y2="{_n(y)}" '
            f'class="grid" stroke="{GRID}" stroke-width="1"/>'
        )
        if label:
            out.append(_text(f.left - 5, y + FONT / 3, label, "end"))
    for x, label, anchor in _x_labels(chart, f):
        out.append(_text(x, HEIGHT - 8, label, anchor))
    for rule in chart.rules:
        y = f.y(rule.value)
        out.append(
            f'<line x1="{_n(f.left)}" x2="{_n(WIDTH - RIGHT)}" y1="{_n(y)}" y2="{_n(y)}" class="rule" '
            f'stroke="{INK_MUTED}" stroke-width="1.2" stroke-dasharray="5 4"/>'
        )
        if rule.label:
            out.append(_text(WIDTH - RIGHT - 2, y - 4, rule.label, "end"))
    return out


def _marker(x: float, y: float, person: int | None) -> str:
    c, cls = _colour(person), _cls(person)
    if person == 1:
        return f'<rect x="{_n(x - 3)}" y="{_n(y - 3)}" width="6" height="6" class="mark {cls}" fill="{c}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.3" class="mark {cls}" fill="{c}"/>'


def _runs(values: list[float | None]) -> list[list[tuple[int, float]]]:
    """Stretches of consecutive values: a line never bridges a week without data."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if r]


def _line(s: Series, f: _Frame, markers: bool) -> list[str]:
    out = []
    c, cls = _colour(s.person), _cls(s.person)
    if s.style != "dots":
        dash = ' stroke-dasharray="6 4"' if s.style == "dashed" else ""
        for run in _runs(s.values):
            if len(run) > 1:
                pts = " ".join(f"{_n(f.x(i))},{_n(f.y(v))}" for i, v in run)
                out.append(
                    f'<polyline points="{pts}" class="line {cls} {s.style}" fill="none" '
                    f'stroke="{c}" stroke-width="2.4" stroke-linejoin="round"{dash}/>'
                )
            elif not markers:
                # A lone value would vanish as a zero-length line: show it as a point.
                out.append(_marker(f.x(run[0][0]), f.y(run[0][1]), s.person))
    if markers or s.style == "dots":
        out.extend(
            _marker(f.x(i), f.y(v), s.person) for i, v in enumerate(s.values) if v is not None
        )
    return out


def _band(chart: Chart, f: _Frame) -> list[str]:
    if chart.band is None:
        return []
    b = chart.band
    c, cls = _colour(b.person), _cls(b.person)
    w = max(2.0, f.step * 0.55)
    out = []
    for i, (lo, hi) in enumerate(zip(b.low, b.high, strict=True)):
        if lo is None or hi is None:
            continue
        top, bottom = f.y(hi), f.y(lo)
        out.append(
            f'<rect x="{_n(f.x(i) - w / 2)}" y="{_n(top)}" width="{_n(w)}" '
            f'height="{_n(max(bottom - top, 1.0))}" class="band {cls}" fill="{c}" fill-opacity="0.18"/>'
        )
    return out


def _bars(chart: Chart, f: _Frame) -> list[str]:
    slots: list[str] = []
    for k, s in enumerate(chart.series):
        slot = s.stack if s.stack is not None else f"#{k}"
        if slot not in slots:
            slots.append(slot)
    group = f.step * 0.8
    slot_w = group / max(len(slots), 1)
    bar_w = max(slot_w * 0.86, 0.8)
    out = []
    for i in range(f.n):
        base = dict.fromkeys(slots, 0.0)
        for k, s in enumerate(chart.series):
            v = s.values[i] if i < len(s.values) else None
            if not v or v <= 0:
                continue
            slot = s.stack if s.stack is not None else f"#{k}"
            x = f.x(i) - group / 2 + slots.index(slot) * slot_w + (slot_w - bar_w) / 2
            y0, y1 = f.y(base[slot]), f.y(base[slot] + v)
            base[slot] += v
            c, cls = _colour(s.person), _cls(s.person)
            if s.style == "muted":
                paint = f'fill="{c}" fill-opacity="0.25" stroke="{c}" stroke-width="1"'
            else:
                paint = f'fill="{c}"'
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y1)}" width="{_n(bar_w)}" height="{_n(y0 - y1)}" '
                f'class="bar {cls} {s.style}" {paint}/>'
            )
    return out


def render_svg(chart: Chart, id_prefix: str = "chart") -> str:
    """The chart as one inline <svg> element, scaled to its container's width."""
    base = f"{id_prefix}-{chart.key}"
    f = _Frame(LEFT[chart.y_unit], len(chart.x_labels), chart.y_min, chart.y_max)
    parts = [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" role="img" class="chart-svg" '
        f'aria-labelledby="{base}-title {base}-desc" font-family="system-ui, sans-serif">',
        f'<title id="{base}-title">{escape(chart.title)}</title>',
        f'<desc id="{base}-desc">{escape(chart.description)}</desc>',
    ]
    if f.n == 0:
        parts.append(_text(WIDTH / 2, HEIGHT / 2, "Nothing logged yet"))
    else:
        parts.extend(_axes(chart, f))
        parts.extend(_band(chart, f))
        if chart.kind == "bars":
            parts.extend(_bars(chart, f))
        else:
            # Energy is sparse (not logged every week), and assessments are few: markers keep
            # single points visible.
            markers = chart.y_unit == "energy" or chart.key == "assessment"
            for s in chart.series:
                parts.extend(_line(s, f, markers))
    parts.append("</svg>")
    return "".join(parts)


def _key(kind: str, person: int | None) -> str:
    c, cls = _colour(person), _cls(person)
    head = '<svg class="key" viewBox="0 0 18 12" width="18" height="12" aria-hidden="true">'
    if kind == "band":
        body = f'<rect x="1" y="1" width="16" height="10" class="band {cls}" fill="{c}" fill-opacity="0.18"/>'
    elif kind == "muted":
        body = (
            f'<rect x="2" y="1" width="14" height="10" class="bar {cls} muted" fill="{c}" '
            f'fill-opacity="0.25" stroke="{c}" stroke-width="1"/>'
        )
    elif kind == "dots":
        body = _marker(9, 6, person)
    elif kind == "bar":
        body = f'<rect x="2" y="1" width="14" height="10" class="bar {cls}" fill="{c}"/>'
    else:
        dash = ' stroke-dasharray="4 3"' if kind == "dashed" else ""
        body = f'<line x1="1" x2="17" y1="6" y2="6" class="line {cls}" stroke="{c}" stroke-width="2.4"{dash}/>'
    return head + body + "</svg>"


def render_legend(chart: Chart) -> str:
    """An HTML list naming each series with its colour and mark (it reflows on a phone)."""
    items = []
    for s in chart.series:
        kind = ("muted" if s.style == "muted" else "bar") if chart.kind == "bars" else s.style
        items.append(f"<li>{_key(kind, s.person)}{escape(s.label)}</li>")
    if chart.band is not None:
        items.append(f"<li>{_key('band', chart.band.person)}{escape(chart.band.label)}</li>")
    items.extend(
        f"<li>{_key('dashed', None)}{escape(r.label)}</li>" for r in chart.rules if r.label
    )
    return '<ul class="legend">' + "".join(items) + "</ul>"


def format_value(chart: Chart, v: float | None) -> str:
    """A y value as the table prints it."""
    if v is None:
        return "—"
    if chart.y_unit == "share":
        return pct(v)
    if chart.y_unit == "energy":
        return signed(v)
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def render_table(chart: Chart) -> str:
    """The chart's numbers as a table, visually hidden: the fallback for screen readers."""
    head = [f'<th scope="col">{escape(chart.x_title)}</th>']
    head += [f'<th scope="col">{escape(s.label)}</th>' for s in chart.series]
    if chart.band is not None:
        head.append(f'<th scope="col">{escape(chart.band.label)}</th>')
    rows = []
    names = chart.x_full or [day(d) for d in chart.x_dates] or chart.x_labels
    for i, name in enumerate(names):
        cells = [f'<th scope="row">{escape(name)}</th>']
        cells += [f"<td>{escape(format_value(chart, s.values[i]))}</td>" for s in chart.series]
        if chart.band is not None:
            lo, hi = chart.band.low[i], chart.band.high[i]
            rng = (
                "—"
                if lo is None or hi is None
                else f"{format_value(chart, lo)} to {format_value(chart, hi)}"
            )
            cells.append(f"<td>{escape(rng)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="visually-hidden"><caption>{escape(chart.title)}: the numbers</caption>'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_figure(chart: Chart, id_prefix: str = "chart") -> str:
    """A <figure>: heading, the description as caption, the SVG, its legend and the hidden table."""
    return (
        f'<figure class="chart" id="{id_prefix}-{chart.key}">'
        f"<figcaption><h3>{escape(chart.title)}</h3><p>{escape(chart.description)}</p></figcaption>"
        f"{render_svg(chart, id_prefix)}{render_legend(chart)}{render_table(chart)}</figure>"
    )
