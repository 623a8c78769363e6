"""The data of the report's 附件 and of every chart (the report's, 首页's, the county's): one place.

The 附件 is honest by construction:

- a row is left out when its figure is 0 (or cannot be computed) in every year it shows, so no
  "0次 0次 持平" goes to the county;
- the year before is compared only when its ledger was kept (``LedgerCoverage.kept``): a year
  counts when its records cover at least half of the record kinds this period has records of
  *and* fall in at least three of its four quarters. One straggler (a hotline case received on
  2023-12-28) or a ledger begun in July does not make a year. 报告格式 can override the rule
  (``PRIOR_YEAR_CHOICES``); even then a year without any record is never compared;
- rates are written with the body's rounding and defined under the table; every chart value is a
  figure of the table, and the charts compare with the year before exactly when the table does.

Charts are described by ``ChartSpec`` (plain data); ``draw`` turns one into a matplotlib figure,
for the report (as PNG) and for the pages that show charts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lawdesk.models import RECORD_MODELS, database
from lawdesk.report import content
from lawdesk.report.context import AttachmentPage, ChartImage, DataTable
from lawdesk.schema import spec_for
from lawdesk.services import stats, units
from lawdesk.services.period import Period
from lawdesk.services.report_settings import ReportOptions, report_profile

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ATTACHMENT_KEYS = stats.REFERENCE_KEYS + (
    "disputes_received",
    "dispute_resolution_rate",
    "study_participants",
    "lecture_audience",
    "legal_reviews",
    "adviser_services",
)
#: What the attachment needs of the year before: the table's figures (no lists, no open-at-end scans).
PREVIOUS_KEYS = ATTACHMENT_KEYS

# Every chart figure is a row of the table (ATTACHMENT_KEYS).
CHART_KEYS = ("patrols", "lectures", "study_sessions", "leadership_meetings", "hotline_closed", "county_assigned_closed")
RATE_CHART_KEYS = ("on_time_rate", "satisfaction_rate", "dispute_resolution_rate")
RATE_SHORT = {"on_time_rate": "办结率", "satisfaction_rate": "满意率", "dispute_resolution_rate": "化解率"}

# ============================================================== was the year before kept?

PRIOR_AUTO, PRIOR_SHOW, PRIOR_HIDE = "auto", "show", "hide"
#: The choices of 报告格式 for the year before, with their Chinese labels.
PRIOR_YEAR_CHOICES: dict[str, str] = {
    PRIOR_AUTO: "上年台账齐全时列出（自动）",
    PRIOR_SHOW: "总是列出（上年有记录时）",
    PRIOR_HIDE: "不列出上年数据",
}
#: The record kinds of a ledger (the work records; not the rosters of 社区 and 宣讲员).
LEDGER_KINDS = tuple(kind for kind in RECORD_MODELS if spec_for(kind).common)
QUARTERS_KEPT = 3  # of 4


@dataclass(frozen=True)
class LedgerCoverage:
    """Which record kinds hold records in a period and in the year before, and in how many
    quarters of the year before records fall."""

    kinds_now: frozenset[str]
    kinds_before: frozenset[str]
    quarters_before: int

    @property
    def kept(self) -> bool:
        """Was the ledger of the year before kept (see the module docstring)?"""
        shared = len(self.kinds_before & self.kinds_now) if self.kinds_now else len(self.kinds_before)
        return shared >= max(1, math.ceil(len(self.kinds_now) / 2)) and self.quarters_before >= QUARTERS_KEPT

    @property
    def any_before(self) -> bool:
        return bool(self.kinds_before)


def _quarters(period: Period) -> list[tuple[dt.date, dt.date]]:
    days = (period.end - period.start).days + 1
    cuts = [period.start + dt.timedelta(days=days * k // 4) for k in range(5)]
    return [(cuts[k], cuts[k + 1] - dt.timedelta(days=1)) for k in range(4) if cuts[k + 1] > cuts[k]]


def ledger_coverage(period: Period, unit: units.UnitRef = None) -> LedgerCoverage:
    """The record kinds of ``period`` and of the year before, and the quarters of the year
    before holding records: one query of EXISTS tests, each an index seek (never a count)."""
    spans = [(period.start, period.end), *_quarters(period.previous())]
    unit_id = units.scope_id(unit)
    params: list[object] = []
    for _kind in LEDGER_KINDS:
        for start, end in spans:
            params += ([unit_id] if unit_id is not None else []) + [start, end]
    row = database.execute_sql(_coverage_sql(database.param, unit_id is not None, len(spans)), params).fetchone()
    found = iter(bool(x) for x in row)
    now, previous, in_quarters = set(), set(), [False] * (len(spans) - 1)
    for kind in LEDGER_KINDS:
        current, *by_quarter = (next(found) for _ in spans)
        if current:
            now.add(kind)
        if any(by_quarter):
            previous.add(kind)
        in_quarters = [seen or hit for seen, hit in zip(in_quarters, by_quarter, strict=True)]
    return LedgerCoverage(frozenset(now), frozenset(previous), sum(in_quarters))


@functools.lru_cache(maxsize=8)
def _coverage_sql(param: str, by_unit: bool, spans: int) -> str:
    """The EXISTS query of ``ledger_coverage``, written once (peewee takes ~10 ms to build the
    50 sub-queries every time): portable SQL, the same on SQLite and PostgreSQL."""
    tests = []
    for kind in LEDGER_KINDS:
        model = RECORD_MODELS[kind]
        table = _quote(model._meta.table_name)
        day = _quote(getattr(model, spec_for(kind).date_field).column_name)
        unit = f"{_quote(model.unit_id.column_name)} = {param} AND " if by_unit else ""
        test = (f"EXISTS (SELECT 1 FROM {table} WHERE {unit}{_quote(model.deleted_at.column_name)} IS NULL "
                f"AND {day} BETWEEN {param} AND {param})")  # fmt: skip
        tests += [test] * spans
    return "SELECT " + ", ".join(tests)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def prior_year_choice(unit: units.UnitRef = None) -> str:
    """The stored choice of 报告格式 for the year before (``PRIOR_YEAR_CHOICES``)."""
    choice = report_profile(unit).prior_year
    return choice if choice in PRIOR_YEAR_CHOICES else PRIOR_AUTO


def shows_prior_year(coverage: LedgerCoverage, choice: str = PRIOR_AUTO) -> bool:
    """Does the 附件 (and its charts) compare with the year before?"""
    if choice == PRIOR_HIDE or not coverage.any_before:
        return False
    return choice == PRIOR_SHOW or coverage.kept


# ============================================================== the 附件


def _zero(value: int | float | None) -> bool:
    return value is None or value == 0


def data_attachment(
    period: Period, figures: stats.Figures, options: ReportOptions | None = None, unit: units.UnitRef = None
) -> AttachmentPage:
    """附件: the period's figures (beside the year before when its ledger was kept), two charts."""
    if options is None:
        options = ReportOptions.load(unit)
    previous_period = period.previous()
    coverage = ledger_coverage(period, unit)
    with_previous = shows_prior_year(coverage, prior_year_choice(unit))
    previous = stats.compute(previous_period, unit, keys=PREVIOUS_KEYS) if with_previous else None
    now_text = _attachment_texts(figures, options)
    before_text = _attachment_texts(previous, options) if previous is not None else {}
    keys = [k for k in ATTACHMENT_KEYS
            if not (_zero(figures[k]) and (previous is None or _zero(previous[k])))]  # fmt: skip
    rows = []
    for key in keys:
        fig = stats.FIGURES_BY_KEY[key]
        row = [fig.label, now_text[key]]
        if previous is not None:
            row += [before_text[key], _change(fig, figures[key], previous[key], options.rate_decimals)]
        rows.append(row)
    header = ["指标", _year_label(period)]
    if previous is not None:
        header += [_year_label(previous_period), "同比"]
    notes = [_rate_definition(stats.FIGURES_BY_KEY[k]) for k in keys if stats.FIGURES_BY_KEY[k].is_rate]
    if coverage.any_before and previous is None and prior_year_choice(unit) == PRIOR_AUTO:
        notes.append(f"{_year_label(previous_period)}工作台账记录不全，本表不与上年比较。")
    notes.append(f"数据根据{_chinese_span(period)}工作台账统计。")
    specs = report_charts(period, figures, previous, now_text, keys)
    return AttachmentPage(
        title=f"{period.span_name}法治政府建设主要数据",
        tables=[DataTable(title="", header=header, rows=rows)] if rows else [],
        charts=[ChartImage(png=png(spec), width_mm=150, caption=spec.caption) for spec in specs],
        notes=notes if rows else [f"{_chinese_span(period)}工作台账中没有可统计的工作数据。"],
    )


def _year_label(period: Period) -> str:
    if period.is_calendar_year:
        return f"{period.end.year}年"
    return period.span_name if period.half else _chinese_span(period)


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


# ============================================================== charts


@dataclass(frozen=True)
class ChartSpec:
    """One chart as plain data: what ``draw`` needs, nothing from the database.

    ``kind``: "comparison" (``items`` of (label, this year, year before or None)), "rates"
    (``items`` of (label, percent); ``labels`` the texts printed at the bars) or "monthly"
    (``series`` label → 12 values).
    """

    kind: str
    title: str
    items: tuple[tuple[Any, ...], ...] = ()
    year: int = 0
    previous_year: int | None = None
    labels: tuple[str, ...] | None = None
    series: Mapping[str, Sequence[int | float]] = field(default_factory=dict)
    caption: str = ""
    legend: tuple[str, str] | None = None  # the two periods' names when not whole years


def draw(spec: ChartSpec) -> Figure:
    """The matplotlib figure of ``spec`` (matplotlib is imported here, not at start-up)."""
    from lawdesk import charts

    if spec.kind == "comparison":
        return charts.comparison_chart(list(spec.items), spec.year, spec.previous_year, title=spec.title,
                                       legend=spec.legend)  # fmt: skip
    if spec.kind == "rates":
        return charts.rate_chart(list(spec.items), title=spec.title, labels=spec.labels)
    if spec.kind == "monthly":
        return charts.monthly_chart(dict(spec.series), spec.year, title=spec.title)
    raise ValueError(f"unknown chart kind {spec.kind!r}")


def png(spec: ChartSpec) -> bytes:
    """``spec`` drawn as PNG bytes for the report (200 dpi, 15 cm wide)."""
    from lawdesk import charts

    return charts.figure_to_png(draw(spec))


def report_charts(
    period: Period,
    figures: stats.Figures,
    previous: stats.Figures | None,
    texts: Mapping[str, str],
    rows: Sequence[str] = ATTACHMENT_KEYS,
) -> list[ChartSpec]:
    """The 附件's charts: the table's counts (beside the year before when the table has it) and
    its rates, each only with the rows the table has; numbered 图1, 图2 in order."""
    assert set(CHART_KEYS) | set(RATE_CHART_KEYS) <= set(ATTACHMENT_KEYS)
    year = period.end.year
    specs: list[ChartSpec] = []
    counts = [k for k in CHART_KEYS if k in rows]
    if counts:
        legend = (_chart_label(period), _chart_label(period.previous())) if period.half else None
        if previous is not None:
            prev_year = period.previous().end.year
            title = f"{_chart_label(period)}与{_chart_label(period.previous())}主要工作量对比"
            items = tuple((stats.FIGURES_BY_KEY[k].label, float(figures[k] or 0), float(previous[k] or 0)) for k in counts)
        else:
            prev_year, title = None, f"{_chart_label(period)}主要工作量"
            items = tuple((stats.FIGURES_BY_KEY[k].label, float(figures[k] or 0), None) for k in counts)
        specs.append(ChartSpec("comparison", title, items, year, prev_year, legend=legend))
    rates = [k for k in RATE_CHART_KEYS if k in rows and figures[k] is not None]
    if rates:
        names = [RATE_SHORT[k] for k in rates]
        joined = names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]
        specs.append(ChartSpec("rates", f"{_chart_label(period)}主要{joined}",
                               tuple((stats.FIGURES_BY_KEY[k].label, float(figures[k])) for k in rates),
                               year, labels=tuple(texts[k] for k in rates)))  # fmt: skip
    return [dataclasses.replace(s, caption=f"图{i} {s.title}") for i, s in enumerate(specs, 1)]


def _chart_label(period: Period) -> str:
    """A chart names its period short: "2022年", "2022年上半年"."""
    return period.span_name if period.half else f"{period.end.year}年"


#: The monthly series 首页 draws.
HOME_MONTHLY_KEYS = ("patrols", "lectures", "disputes_received", "hotline_received")


def home_charts(year: int, unit: units.UnitRef = None) -> list[ChartSpec]:
    """首页's charts of ``year``: the key counts (beside the year before when its ledger was kept,
    the 附件's rule), the rates, and the months."""
    period = Period.year(year)
    now = stats.compute(period, unit, keys=stats.REFERENCE_KEYS)
    with_previous = shows_prior_year(ledger_coverage(period, unit), prior_year_choice(unit))
    before = stats.compute(period.previous(), unit, keys=stats.REFERENCE_KEYS) if with_previous else None
    items, rates = [], []
    for key in stats.REFERENCE_KEYS:
        fig = stats.FIGURES_BY_KEY[key]
        if fig.is_rate:
            if now[key] is not None:
                rates.append((fig.label, float(now[key] or 0)))
        else:
            items.append((fig.label, float(now[key] or 0), float(before[key] or 0) if before is not None else None))
    title = f"{year}年与{year - 1}年主要工作量" if before is not None else f"{year}年主要工作量"
    specs = [ChartSpec("comparison", title, tuple(items), year, year - 1 if before is not None else None)]
    if rates:
        specs.append(ChartSpec("rates", f"{year}年办结率、满意率", tuple(rates), year))
    specs.append(ChartSpec("monthly", "各月工作量", year=year, series=stats.monthly(HOME_MONTHLY_KEYS, year, unit=unit)))
    return specs


def office_chart(rollup: Any, key: str) -> ChartSpec:
    """The county's chart of figure ``key``: one bar per office (a rate: the county's own rate,
    from the summed terms, as the last bar). ``rollup`` is a ``county.Rollup``."""
    fig = stats.FIGURES_BY_KEY[key]
    title = f"{rollup.county_name}{rollup.period.label}各单位{fig.label}"

    def name(row: Any) -> str:
        return row.name if row.reported else f"{row.name}（未报送）"

    if fig.is_rate:  # no rate for an office that did not report the period
        rates = [(name(row), float(row.figures[key])) for row in rollup.reported_rows if row.figures[key] is not None]
        if rollup.total[key] is not None:
            rates.append((f"{rollup.county_name}（合计）", float(rollup.total[key])))
        return ChartSpec("rates", title, tuple(rates), rollup.period.start.year,
                         labels=tuple(f"{v:.2f}%" for _n, v in rates))  # fmt: skip
    items = tuple((name(row), float(row.figures[key] or 0) if row.reported else 0.0, None) for row in rollup.rows)
    return ChartSpec("comparison", f"{title}（{fig.unit}）", items, rollup.period.start.year)
