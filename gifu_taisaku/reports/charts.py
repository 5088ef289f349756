"""Charts of the dashboard and the annual report, drawn on the server as SVG.

One definition serves the page and the PDF: a `Chart` holds its numbers, draws itself with
matplotlib (Agg, no pyplot state, so it is safe in threads) and is shown as an <img> of a
data: URL, with the same numbers beside it as a table for screen readers and print.
Text stays text in the SVG (svg.fonttype "none"), set in Noto Sans CJK JP, so that the
browser and WeasyPrint typeset the Japanese labels with the installed font. An SVG image
keeps its own styles out of the page, where the CSP forbids inline styles.

matplotlib is imported when a chart is drawn, not when this module is loaded.
"""

import base64
import functools
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gifu_taisaku.reports.selectors import ReportFigures

FONT_FAMILY = ["Noto Sans CJK JP"]
RC_PARAMS = {
    "svg.fonttype": "none",  # text stays text
    "svg.hashsalt": "gifu-taisaku",  # stable element ids: the same figures, the same file
    "font.family": FONT_FAMILY,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": True,
    "grid.color": "#dddddd",
}
COLOURS = ("#0017c1", "#949497", "#197a4b", "#b78f00")  # the app's blue, grey, green, amber
WIDTH_INCHES = 6.6  # fits the text width of an A4 page with 20 mm margins
LABEL_CHARS = 18


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart and its numbers; `horizontal` for long category names (measures, stations)."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    horizontal: bool = False
    unit: str = "件"
    description: str = ""

    @property
    def headers(self) -> list[str]:
        return [_("区分"), *(s.name for s in self.series)]

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        return [
            (category, [s.values[i] for s in self.series])
            for i, category in enumerate(self.categories)
        ]

    @property
    def alt(self) -> str:
        return _("%(title)s のグラフ（数値は下の表のとおり）") % {"title": self.title}

    @functools.cached_property
    def svg(self) -> str:
        return draw_svg(self)

    @property
    def data_url(self) -> str:
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.lru_cache(maxsize=128)
def draw_svg(chart: Chart) -> str:
    """The chart as an SVG document, drawn with matplotlib's object API (no pyplot state).

    Cached by the chart's numbers and labels: a dashboard shown again with the same figures,
    or the PDF made right after the page, does not draw the same chart twice.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC_PARAMS):
        height = _height(chart)
        figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        axes = figure.subplots()
        _draw_bars(axes, chart)
        axes.set_title(chart.title, loc="left", fontsize=10, fontweight="bold")
        if len(chart.series) > 1:
            axes.legend(frameon=False, fontsize=8)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _height(chart: Chart) -> float:
    if not chart.horizontal:
        return 2.8
    return min(max(1.2 + 0.26 * len(chart.categories) * len(chart.series), 2.0), 9.0)


def _draw_bars(axes, chart: Chart) -> None:
    count = max(len(chart.series), 1)
    width = 0.8 / count
    positions = range(len(chart.categories))
    labels = [short_label(c) for c in chart.categories]
    for index, series in enumerate(chart.series):
        offset = [p - 0.4 + width * (index + 0.5) for p in positions]
        colour = COLOURS[index % len(COLOURS)]
        if chart.horizontal:
            axes.barh(offset, series.values, height=width, color=colour, label=series.name)
        else:
            axes.bar(offset, series.values, width=width, color=colour, label=series.name)
    if chart.horizontal:
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()  # first category on top, as in the table
        axes.grid(axis="y", visible=False)
        axes.set_xlabel(chart.unit)
    else:
        axes.set_xticks(list(positions), labels)
        axes.grid(axis="x", visible=False)
        axes.set_ylabel(chart.unit)
    from matplotlib.ticker import MaxNLocator

    value_axis = axes.xaxis if chart.horizontal else axes.yaxis
    value_axis.set_major_locator(MaxNLocator(integer=True))


# --- the charts of a report ---------------------------------------------------------------


def monthly_activities(figures: ReportFigures) -> Chart:
    area = figures.areas["activities"]
    table = area.measure_by_month()
    previous_months = _previous_monthly(figures)
    return Chart(
        key="activities_month",
        title=_("各種警察活動 月別実施件数"),
        categories=tuple(column.text for column in table.columns),
        series=(
            Series(figures.period.label, tuple(table.column_totals())),
            Series(figures.period.previous().label, previous_months),
        ),
        description=_("承認済みの活動の件数を、前年の同じ月と並べています。"),
    )


def _previous_monthly(figures: ReportFigures) -> tuple[int, ...]:
    monthly = figures.areas["activities"].extra.get("previous_months", {})
    months = figures.period.previous().months()
    return tuple(monthly.get(month, 0) for month in months)


def measures_chart(figures: ReportFigures, key: str, title: str, metric: str = "count") -> Chart:
    area = figures.areas[key]
    table = area.measure_by_month(metric)
    return Chart(
        key=f"{key}_measure",
        title=title,
        categories=tuple(f"{row.label.text} {row.label.title}" for row in table.table_rows()),
        series=(Series(_("件数"), tuple(row.total for row in table.table_rows())),),
        horizontal=True,
    )


def stations_chart(figures: ReportFigures) -> Chart:
    table = figures.areas["activities"].station_by_measure()
    return Chart(
        key="activities_station",
        title=_("警察署別 活動件数"),
        categories=tuple(row.label.title or row.label.text for row in table.table_rows()),
        series=(Series(_("件数"), tuple(row.total for row in table.table_rows())),),
        horizontal=True,
    )


def languages_chart(figures: ReportFigures) -> Chart:
    return Chart(
        key="interpreter_languages",
        title=_("通訳言語別 通訳人帯同の活動件数"),
        categories=tuple(name for name, _n in figures.languages),
        series=(Series(_("件数"), tuple(n for _name, n in figures.languages)),),
        horizontal=True,
    )


def liaison_chart(figures: ReportFigures) -> Chart:
    return Chart(
        key="liaison_kind",
        title=_("関係機関との連携 種別ごとの件数"),
        categories=tuple(str(label) for label, _n in figures.liaison_kinds),
        series=(Series(_("件数"), tuple(n for _label, n in figures.liaison_kinds)),),
        horizontal=True,
    )


def coverage_chart(figures: ReportFigures) -> Chart:
    rows = coverage_totals(figures)
    return Chart(
        key="training_coverage",
        title=_("職場教養 推進方策別の受講率"),
        categories=tuple(f"{measure.code} {measure.name}" for measure, *_rest in rows),
        series=(Series(_("受講率（%）"), tuple(percent for *_rest, percent in rows)),),
        horizontal=True,
        unit="%",
    )


def coverage_totals(figures: ReportFigures) -> list[tuple]:
    """(measure, attended, officers, percent) over every unit in scope."""
    if not figures.coverage:
        return []
    officers = sum(unit.officers for unit in figures.coverage)
    rows = []
    for index, first in enumerate(figures.coverage[0].measures):
        attended = sum(unit.measures[index].attended for unit in figures.coverage)
        percent = round(attended * 100 / officers) if officers else 0
        rows.append((first.measure, attended, officers, percent))
    return rows


def intel_chart(figures: ReportFigures) -> Chart:
    area = figures.areas["intel"]
    rows = area.measure_by_month().table_rows()
    signs = area.measure_by_month("signs").table_rows()
    return Chart(
        key="intel_category",
        title=_("実態把握 区分別の報告件数"),
        categories=tuple(f"{row.label.text} {row.label.title}" for row in rows),
        series=(
            Series(_("報告"), tuple(row.total for row in rows)),
            Series(_("うち予兆"), tuple(row.total for row in signs)),
        ),
        horizontal=True,
    )


def report_charts(figures: ReportFigures) -> list[Chart]:
    """The charts of the dashboard and the annual report, in page order."""
    charts = [
        monthly_activities(figures),
        measures_chart(figures, "activities", _("推進方策別 活動件数")),
    ]
    if figures.scope.is_prefecture:
        charts.append(stations_chart(figures))
    charts += [languages_chart(figures), liaison_chart(figures), coverage_chart(figures)]
    if figures.show_intel:
        charts.append(intel_chart(figures))
    return charts
