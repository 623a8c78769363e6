"""The report's 附件 (the data table and its charts): what goes in it, from the figures.

Split from ``reports`` so the report's words and its data page can change apart. Every value
comes from ``stats``; the writer (``report.docx``) only lays the ``AttachmentPage`` out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from lawdesk.report import content
from lawdesk.report.context import AttachmentPage, ChartImage, DataTable
from lawdesk.services import stats, units
from lawdesk.services.period import Period

if TYPE_CHECKING:
    from lawdesk.services.reports import ReportOptions

ATTACHMENT_KEYS = stats.REFERENCE_KEYS + (
    "disputes_received",
    "dispute_resolution_rate",
    "study_participants",
    "lecture_audience",
    "legal_reviews",
    "adviser_services",
)


def data_attachment(
    period: Period, figures: stats.Figures, options: ReportOptions | None = None, unit: units.UnitRef = None
) -> AttachmentPage:
    """附件: the period's figures (beside the previous year's when it has records), two charts.

    Honest by construction: rates are written with the body's rounding, each rate is defined
    under the table, every chart value is a figure of the table, and the year before is left
    out when it holds no records (no column of zeros marked "新增").
    """
    if options is None:
        from lawdesk.services.reports import ReportOptions

        options = ReportOptions.load(unit)
    previous_period = period.previous()
    previous = stats.compute(previous_period, unit, keys=PREVIOUS_KEYS)  # no lists, no open-at-end scans
    with_previous = _has_records(previous)
    year, prev_year = period.end.year, previous_period.end.year
    now_text = _attachment_texts(figures, options)
    before_text = _attachment_texts(previous, options)
    rows = []
    for key in ATTACHMENT_KEYS:
        fig = stats.FIGURES_BY_KEY[key]
        row = [fig.label, now_text[key]]
        if with_previous:
            row += [before_text[key], _change(fig, figures[key], previous[key], options.rate_decimals)]
        rows.append(row)
    header = ["指标", _year_label(period)]
    if with_previous:
        header += [_year_label(previous_period), "同比"]
    table = DataTable(title="", header=header, rows=rows)
    rate_notes = [_rate_definition(stats.FIGURES_BY_KEY[k]) for k in ATTACHMENT_KEYS if stats.FIGURES_BY_KEY[k].is_rate]
    return AttachmentPage(
        title=f"{period.title_label}法治政府建设主要数据",
        tables=[table],
        charts=_charts(figures, previous if with_previous else None, year, prev_year, now_text),
        notes=[*rate_notes, f"数据根据{_chinese_span(period)}工作台账统计。"],
    )


#: The figures counted by a record's date: a period holds records when one of them is not 0
#: (standing figures such as 社区 or 宣讲员 do not count).
DATED_KEYS = tuple(f.key for f in stats.FIGURES if not f.is_derived and f.date_field is not None)
#: What the attachment needs of the year before: the table's figures and the dated ones.
PREVIOUS_KEYS = tuple(dict.fromkeys(ATTACHMENT_KEYS + DATED_KEYS))


def _has_records(figures: stats.Figures) -> bool:
    """Does a period hold any dated record (standing figures such as 社区 or 宣讲员 do not count)?"""
    return any(figures[key] for key in DATED_KEYS)


def _year_label(period: Period) -> str:
    return f"{period.end.year}年" if period.is_calendar_year else _chinese_span(period)


def _chinese_span(period: Period) -> str:
    """"2022年1月1日至12月31日" (GB/T 9704 §7.3.5.4 date form, no ISO dates in the text)."""
    start, end = period.start, period.end
    head = f"{start.year}年{start.month}月{start.day}日"
    tail = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    return f"{head}至{tail}"


def _attachment_texts(figures: stats.Figures, options: ReportOptions) -> dict[str, str]:
    """Each attachment figure as the table writes it: counts exact, rates rounded as in the body."""
    out = {}
    for key in ATTACHMENT_KEYS:
        fig = stats.FIGURES_BY_KEY[key]
        value = figures[key]
        if value is None:
            out[key] = "—"
        elif fig.is_rate:
            out[key] = f"{content.format_rate(float(value), options.rate_decimals)}%"
        else:
            out[key] = stats.format_value(fig, value)
    return out


def _rate_definition(fig: stats.FigureDef) -> str:
    num, den = stats.FIGURES_BY_KEY[fig.num], stats.FIGURES_BY_KEY[fig.den]
    return f"{fig.label}＝{num.label}÷{den.label}×100%。"


def _change(fig: stats.FigureDef, now: int | float | None, before: int | float | None, decimals: int = 0) -> str:
    if now is None or before is None:
        return "—"
    if fig.is_rate:
        diff = content.format_rate(abs(float(now) - float(before)), decimals)
        if float(diff) == 0:
            return "持平"
        return f"{'+' if now > before else '−'}{diff}个百分点"
    if before == 0:
        return "新增" if now else "持平"
    pct = (now - before) * 100 / before
    return "持平" if abs(pct) < 0.05 else f"{'+' if pct > 0 else '−'}{abs(pct):.1f}%"


# Every chart figure is a row of the table (ATTACHMENT_KEYS).
CHART_KEYS = ("patrols", "lectures", "study_sessions", "leadership_meetings", "hotline_closed", "county_assigned_closed")
RATE_CHART_KEYS = ("on_time_rate", "satisfaction_rate", "dispute_resolution_rate")


def _charts(
    figures: stats.Figures, previous: stats.Figures | None, year: int, prev_year: int, texts: Mapping[str, str]
) -> list[ChartImage]:
    from lawdesk import charts

    assert set(CHART_KEYS) | set(RATE_CHART_KEYS) <= set(ATTACHMENT_KEYS)
    if previous is not None:
        title1 = f"{year}年与{prev_year}年主要工作量对比"
        items = [(stats.FIGURES_BY_KEY[k].label, float(figures[k] or 0), float(previous[k] or 0)) for k in CHART_KEYS]
        first = charts.comparison_chart(items, year, prev_year, title=title1)
    else:
        title1 = f"{year}年主要工作量"
        first = charts.comparison_chart(
            [(stats.FIGURES_BY_KEY[k].label, float(figures[k] or 0), None) for k in CHART_KEYS], year, None, title=title1
        )
    out = [ChartImage(png=charts.figure_to_png(first), width_mm=150, caption=f"图1 {title1}")]
    rate_keys = [k for k in RATE_CHART_KEYS if figures[k] is not None]
    if rate_keys:
        title2 = f"{year}年主要办结率、满意率和化解率"
        rates = charts.rate_chart(
            [(stats.FIGURES_BY_KEY[k].label, float(figures[k])) for k in rate_keys],
            title=title2,
            labels=[texts[k] for k in rate_keys],
        )
        out.append(ChartImage(png=charts.figure_to_png(rates), width_mm=150, caption=f"图2 {title2}"))
    return out
