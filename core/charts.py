"""Server-rendered SVG charts: vertical and horizontal (stacked) bars, as safe markup.

Pure functions of a ``Chart``: no JavaScript (the Content-Security-Policy allows no inline
script), no library. Each chart is an ``<svg role="img">`` named by its ``<title>`` and
``<desc>`` (``aria-labelledby``), scaled by its ``viewBox`` to the width of its box, followed
by a legend and a table of the same numbers (in ``<details>``) for those who do not see it.

Accessibility: every series colour has at least 3:1 contrast against the white background
(WCAG 1.4.11), adjacent segments are parted by a white gap, and each series has its own
pattern as well as its colour and legend entry (1.4.1, not by colour alone). Every label is
escaped: a supplier or category name never becomes markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# (fill colour, pattern): contrast against white 8.7, 6.5, 6.6, 9.9 and 6.0 to 1.
STYLES = (
    ("#1f4e79", "solid"),
    ("#a04000", "diagonal"),
    ("#2e6b30", "dots"),
    ("#5b2a86", "cross"),
    ("#55595f", "horizontal"),
)
TEXT = "#212529"
GRID = "#c8cdd2"
FONT = 'font-family="system-ui, sans-serif"'
WIDTH = 300
LABEL_CHARS = 40
# The width of a character of the labels, on average, in viewBox units (font size 14).
CHAR_WIDTH = 7.5
LINE = 16


@dataclass(frozen=True)
class Series:
    """One layer of the bars: its name and a value per category."""

    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """What a chart shows. ``chart_id`` must be unique on the page (it prefixes the ids)."""

    chart_id: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_label: str = ""
    y_label: str = ""
    empty_text: str = ""
    # Extra text per category for the table (e.g. the suppliers behind a number).
    notes: tuple[str, ...] = field(default_factory=tuple)

    def totals(self) -> list[int]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]

    @property
    def is_empty(self) -> bool:
        return not any(self.totals())


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def wrap(label: str, width: int) -> list[str]:
    """The words of ``label`` on lines of about ``width`` characters (at most three; a word
    longer than a line is cut)."""
    width = max(width, 4)
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], _short(" ".join(lines[2:]), width)]
    return [_short(line, width + 2) for line in lines] or [""]


def nice_scale(maximum: int) -> tuple[int, int]:
    """(top of the axis, step between ticks): whole numbers, at most five steps."""
    if maximum <= 4:
        # Small counts on a scale of 0–4: one finding is not a bar the height of the chart.
        return 4, 1
    raw = maximum / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        step = max(1, int(factor * magnitude))
        if step * 5 >= maximum:
            break
    return step * math.ceil(maximum / step), step


def _patterns(chart: Chart) -> str:
    """One <pattern> per series: the colour with white lines or dots on top."""
    parts = []
    marks = {
        "solid": "",
        "diagonal": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" '
        'stroke-width="1.5" stroke-opacity=".7"/>',
        "dots": '<circle cx="4" cy="4" r="1.4" fill="#fff" fill-opacity=".75"/>',
        "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" stroke-width="1" '
        'stroke-opacity=".6"/>',
        "horizontal": '<path d="M0,4 h8" stroke="#fff" stroke-width="1.5" stroke-opacity=".7"/>',
    }
    for index, _series in enumerate(chart.series):
        colour, kind = STYLES[index % len(STYLES)]
        parts.append(
            f'<pattern id="{escape(chart.chart_id)}-p{index}" width="8" height="8" '
            f'patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{colour}"/>'
            f"{marks[kind]}</pattern>"
        )
    return f"<defs>{''.join(parts)}</defs>"


def _fill(chart: Chart, index: int) -> str:
    return f"url(#{escape(chart.chart_id)}-p{index})"


def _open_svg(chart: Chart, height: int) -> str:
    cid = escape(chart.chart_id)
    return (
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg" {FONT} '
        f'font-size="14" fill="{TEXT}"><title id="{cid}-title">{escape(chart.title)}</title>'
        f'<desc id="{cid}-desc">{escape(chart.description)}</desc>{_patterns(chart)}'
    )


def bar_svg(chart: Chart) -> SafeString:
    """Vertical bars, stacked when there is more than one series, with the total on top of
    each bar, a labelled value axis and the categories below."""
    left, right, top = 34, 4, 30
    plot_h = 170
    plot_w = WIDTH - left - right
    slot = plot_w / max(len(chart.categories), 1)
    labels = [wrap(category, int(slot / CHAR_WIDTH)) for category in chart.categories]
    lines = max((len(lines) for lines in labels), default=1)
    bottom = 8 + LINE * lines + (LINE + 6 if chart.x_label else 0)
    height = top + plot_h + bottom
    totals = chart.totals()
    axis_top, step = nice_scale(max(totals, default=0))
    out = [_open_svg(chart, height)]
    # The value axis: grid lines and their numbers.
    for tick in range(0, axis_top + 1, step):
        y = top + plot_h - plot_h * tick / axis_top
        out.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="1"/><text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end">{tick}'
            "</text>"
        )
    if chart.y_label:
        out.append(
            f'<text x="0" y="{top - 14}">{escape(_short(chart.y_label, LABEL_CHARS))}</text>'
        )
    bar_w = min(slot * 0.62, 48)
    for i, category in enumerate(chart.categories):
        x = left + slot * i + (slot - bar_w) / 2
        base = top + plot_h
        for index, series in enumerate(chart.series):
            value = series.values[i]
            if not value:
                continue
            h = plot_h * value / axis_top
            base -= h
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{_fill(chart, index)}" stroke="#fff" stroke-width="1">'
                f"<title>{escape(category)}, {escape(series.label)}: {value}</title></rect>"
            )
        centre = left + slot * i + slot / 2
        out.append(
            f'<text x="{centre:.1f}" y="{base - 4:.1f}" text-anchor="middle" '
            f'font-weight="bold">{totals[i]}</text>'
            f'<text x="{centre:.1f}" y="{top + plot_h + LINE + 2}" text-anchor="middle">'
            + "".join(
                f'<tspan x="{centre:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
                for n, line in enumerate(labels[i])
            )
            + "</text>"
        )
    out.append(
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{TEXT}" stroke-width="1"/>'
    )
    if chart.x_label:
        out.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
            f'font-style="italic">{escape(chart.x_label)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # every label above is escaped


def horizontal_bar_svg(chart: Chart) -> SafeString:
    """One row per category: its name on a line of its own (long names stay readable on a
    narrow screen) and below it the bar, stacked, with its total at the end."""
    row_h, top = 42, 4
    height = top + row_h * len(chart.categories) + 4
    plot_w = WIDTH - 30
    totals = chart.totals()
    axis_top = max(max(totals, default=0), 1)
    out = [_open_svg(chart, height)]
    for i, category in enumerate(chart.categories):
        y = top + row_h * i
        out.append(f'<text x="0" y="{y + 14}">{escape(_short(category))}</text>')
        x = 0.0
        for index, series in enumerate(chart.series):
            value = series.values[i]
            if not value:
                continue
            w = plot_w * value / axis_top
            out.append(
                f'<rect x="{x:.1f}" y="{y + 20}" width="{w:.1f}" height="16" '
                f'fill="{_fill(chart, index)}" stroke="#fff" stroke-width="1">'
                f"<title>{escape(category)}, {escape(series.label)}: {value}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 5:.1f}" y="{y + 33}" font-weight="bold">{totals[i]}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # every label above is escaped


def legend_html(chart: Chart) -> SafeString:
    """The series, each with a swatch of its colour and pattern (hidden from screen readers:
    the name says it)."""
    if len(chart.series) < 2:
        return mark_safe("")
    return format_html(
        '<ul class="chart-legend list-inline small mb-1">{}</ul>',
        format_html_join(
            "",
            '<li class="list-inline-item"><svg width="14" height="14" aria-hidden="true" '
            'focusable="false"><rect width="14" height="14" fill="{}"/></svg> {}</li>',
            ((_fill(chart, index), s.label) for index, s in enumerate(chart.series)),
        ),
    )


def table_html(chart: Chart, *, caption: str = "") -> SafeString:
    """The chart's numbers as a table: a row per category, a column per series (and the
    total when there are several)."""
    several = len(chart.series) > 1
    head = [*(s.label for s in chart.series), *([_("Total")] if several else [])]
    rows = []
    for i, category in enumerate(chart.categories):
        cells = [s.values[i] for s in chart.series]
        if several:
            cells.append(sum(cells))
        note = chart.notes[i] if i < len(chart.notes) else ""
        rows.append(
            format_html(
                '<tr><th scope="row" class="fw-normal">{}{}</th>{}</tr>',
                category,
                format_html('<div class="text-body-secondary">{}</div>', note) if note else "",
                format_html_join("", '<td class="text-end">{}</td>', ((c,) for c in cells)),
            )
        )
    return format_html(
        '<div class="table-responsive" tabindex="0"><table class="table table-sm small mb-0">'
        '<caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th>{}'
        "</tr></thead><tbody>{}</tbody></table></div>",
        caption or chart.title,
        chart.x_label,
        format_html_join("", '<th scope="col" class="text-end">{}</th>', ((h,) for h in head)),
        mark_safe("".join(rows)),  # each row is built by format_html
    )


def chart_figure(chart: Chart, *, horizontal: bool = False) -> SafeString:
    """The chart, its legend and its table behind "Show as a table", or its empty text."""
    if chart.is_empty:
        return format_html('<p class="small text-body-secondary mb-0">{}</p>', chart.empty_text)
    svg = horizontal_bar_svg(chart) if horizontal else bar_svg(chart)
    return format_html(
        '<figure class="chart mb-0" id="{}-figure">{}{}'
        '<details class="small"><summary>{}</summary>{}</details></figure>',
        chart.chart_id,
        svg,
        legend_html(chart),
        _("Show as a table"),
        table_html(chart),
    )
