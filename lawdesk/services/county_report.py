"""The county's reports: its own 全县乡镇（街道） report, and every office's report regenerated.

**The county report** (``export_county_report``) is written by the county unit (kind 县, e.g.
中共新县委员会全面依法治县委员会办公室, 文号 新法办〔2025〕3号, 主送 中共新县委员会全面依法治县
委员会) from the records of the offices, with the same GB/T 9704 writer, the same narrative
grammar and the same linter and proofreader as an office's report. Its texts are its own
(``report/county_content.py``) along its own outline (``outline.county_outline``).

What the county counts (the rule, deliberately): the **offices** are the units whose kind is not
县; the county total of each figure is the sum of the offices' figures (``stats.compute_by_unit``,
grouped queries), and each rate is recomputed from the summed numerator and denominator (never
an average of the offices' rates). Rows that belong to the county unit itself (a county
database may hold a few) are not an office's work: they are left out of every total, and the
report says so in a warning. An office with no dated record in the period counts as not
reporting (its standing figures such as 社区 still count).

**An office's report at the county** (``export_office_report``, ``export_all_office_reports``)
is ``annual_report.export_report`` for that unit: its records, unit profile, report settings and
narratives (the ones its package brought), so it is the report the office writes itself.

Storage by unit (``services.settings``): the unit profile, the narratives and the report
settings (版式 profile, wording options, outline, chosen suggestions) of each unit are its own;
the county's are those of the county unit. The county's 单位设置 are checked with
``COUNTY_PROFILE`` (one 发文机关, no 办事处) and stored in the same ``unit_profile`` row as an
office's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lawdesk.errors import LawdeskError
from lawdesk.models import Unit, UnitProfile, database
from lawdesk.report import compose, content, county_content, narrative, organs
from lawdesk.report.content import SectionDef
from lawdesk.report.context import AttachmentPage, DataTable, ReportContext
from lawdesk.report.narrative import Items
from lawdesk.report.outline import Outline, county_outline
from lawdesk.schema import SettingsSpec
from lawdesk.services import (
    annual_report,
    audit,
    documents,
    events,
    gate,
    report_values,
    settings,
    stats,
    units,
    words,
    writing,
)
from lawdesk.services.period import Period
from lawdesk.services.settings import COUNTY_PROFILE
from lawdesk.services.validation import clean_record

__all__ = [
    "COUNTY_KIND",
    "COUNTY_PROFILE",
    "CountyFigures",
    "OfficeReports",
    "build_county_context",
    "county_figures",
    "county_unit",
    "export_all_office_reports",
    "export_county_report",
    "export_office_report",
    "office_context",
    "offices",
    "save_county_narrative",
    "save_county_profile",
    "save_unit_profile",
]

COUNTY_KIND = "县"

# --------------------------------------------------------------------------------------------
# Units: the county and its offices


def county_unit() -> Unit:
    """The county unit (kind 县) of this database; a Chinese error when there is none or several."""
    found = list(Unit.select().where(Unit.kind == COUNTY_KIND).order_by(Unit.id))
    if not found:
        raise LawdeskError("数据库中还没有县级单位，请先添加县级单位并填写其发文机关、文号代字和主送机关。")
    if len(found) > 1:
        raise LawdeskError(f"数据库中有{len(found)}个县级单位（{'、'.join(u.name for u in found)}），只能保留一个。")
    return found[0]


def offices() -> list[Unit]:
    """The offices (乡镇、街道): every unit whose kind is not 县, in the order they were added."""
    from lawdesk.services import county

    return county.offices()


# --------------------------------------------------------------------------------------------
# Storage of a named unit (``services.settings`` scoped by unit)


def _unit(unit: units.UnitRef) -> Unit:
    if unit is None:
        raise LawdeskError("请先选择单位。")
    return units.get_unit(unit)


def unit_profile(unit: units.UnitRef) -> dict[str, object]:
    """The unit profile of ``unit`` as a dict (defaults when it was never filled in)."""
    return settings.profile_values(_unit(unit))


def unit_setting(key: str, unit: units.UnitRef, default: object = None) -> object:
    """Report setting ``key`` of ``unit`` (stored per unit by ``settings``)."""
    return settings.get(key, default, unit=_unit(unit))


def put_unit_setting(key: str, unit: units.UnitRef, value: object, *, user: str | None = None) -> None:
    settings.put(key, value, user=user, unit=_unit(unit))


def unit_narratives(year: int, unit: units.UnitRef) -> dict[str, str]:
    """Every stored section text of ``unit``'s report for ``year``."""
    return settings.narratives(year, unit=_unit(unit))


def save_unit_narrative(year: int, section: str, text: str, unit: units.UnitRef, *, user: str | None = None) -> None:
    """Store the text of one section of ``unit``'s report for ``year`` (placeholders stay)."""
    settings.save_narrative(year, section, text.strip(), user=user, unit=_unit(unit))


def save_unit_profile(unit: units.UnitRef, data: Mapping[str, object], *,
                      user: str | None = None) -> dict[str, object]:  # fmt: skip
    """Validate and save the profile of ``unit``: an office's through ``settings.save_profile``,
    the county's with ``COUNTY_PROFILE``'s rules (one 发文机关); fields not in ``data`` keep
    their values."""
    target = _unit(unit)
    if target.kind != COUNTY_KIND:
        return settings.save_profile(data, user=user, unit=target)
    old = unit_profile(target)
    values = clean_record(COUNTY_PROFILE, data, partial=True, existing=old)
    with database.atomic():
        row = UnitProfile.get_or_none(UnitProfile.unit_id == target.id)
        if row is None:
            row = UnitProfile.create(office=target.id, **values)
        else:
            UnitProfile.update(**values, updated_at=dt.datetime.now().replace(microsecond=0)).where(
                UnitProfile.id == row.id
            ).execute()
        changed = {k: v for k, v in values.items() if old.get(k) != v}
        if changed:
            audit.log("修改", COUNTY_PROFILE, row.id, str(values.get("unit_name") or ""),
                      {k: old.get(k) for k in changed}, changed, user=user, unit=target.id)  # fmt: skip
    events.notify("settings", table="unit_profile", action="update")
    return unit_profile(target)


def save_county_profile(data: Mapping[str, object], *, user: str | None = None) -> dict[str, object]:
    """Validate and save the county unit's profile (fields not in ``data`` keep their values)."""
    return save_unit_profile(county_unit(), data, user=user)


def _require_profile(profile: Mapping[str, object], spec: SettingsSpec, who: str) -> None:
    missing = [f.label for f in spec.fields if f.required and profile.get(f.name) in (None, "")]
    if missing:
        raise LawdeskError(f"{who}的单位设置还缺少：{'、'.join(missing)}，请先填写再生成报告。")


def save_county_narrative(year: int, key: str, text: str, *, user: str | None = None) -> None:
    """Store the county's text of one part of its report (开头, a section's body, 结尾) for ``year``."""
    known = {"preamble", "closing", *county_content.DEFAULT_TEXTS, *(n.key for n in county_report_outline().walk())}
    if key not in known:
        raise LawdeskError(f"全县报告中没有“{key}”这一部分。")
    save_unit_narrative(year, key, text, county_unit(), user=user)


def county_report_outline() -> Outline:
    """The county's outline as stored for the county unit, or the built-in county outline."""
    return Outline.from_dict(unit_setting(annual_report.OUTLINE_KEY, county_unit()), default=county_outline)


# --------------------------------------------------------------------------------------------
# The county's figures


@dataclass
class CountyFigures:
    """What the county report is composed from (``services.county``'s roll-up):

    - ``reporting``: the offices that reported the period (报送: a package covering it arrived,
      or on a shared server their clerk marked it), in the order they were added;
    - ``missing``: the offices that did not;
    - ``by_office``: every office with the figures the report may state for it — its own for a
      reporting office, all zero (no figures, no lists) for a missing one, so no breakdown,
      table row or total ever credits an office that did not report;
    - ``total``: the sum over the reporting offices (rates recomputed from summed terms);
    - ``leftovers``: (office, its figures, records) of missing offices that nevertheless have
      records dated in the period — never in the totals; a report that mentions them says they
      are left out;
    - ``county_rows``: dated records of the county unit itself (in no office and no total);
    - ``reporting_total``: what the text sums (the offices that reported: ``total``), so an
      office named 尚未报送 is never counted in a figure of the text;
    - ``names``: each office as it names itself (its 单位设置's 单位简称).
    """

    period: Period
    total: stats.Figures
    by_office: list[tuple[Unit, stats.Figures]]
    reporting: list[Unit]
    missing: list[Unit]
    county_rows: int = 0  # dated records of the county unit itself (left out of the totals)
    leftovers: list[tuple[Unit, stats.Figures, int]] = field(default_factory=list)
    reporting_total: stats.Figures | None = None
    names: dict[int, str] = field(default_factory=dict)  # unit id → the office's own name

    @property
    def offices(self) -> list[Unit]:
        """Every office of the county, reporting or not."""
        return [u for u, _f in self.by_office]

    def figures_of(self, unit: Unit) -> stats.Figures:
        """The figures the report may state for ``unit`` (zero when it did not report)."""
        for office, figures in self.by_office:
            if office.id == unit.id:
                return figures
        raise LawdeskError(f"“{unit.name}”不是本县的单位。")

    def name(self, unit: Unit) -> str:
        """The office as it names itself (its 单位设置's 单位简称), else its unit's name."""
        return self.names.get(unit.id) or str(unit.name)


def office_names(unit_list: list[Unit]) -> dict[int, str]:
    """Each office's own name (单位简称 of its 单位设置) by unit id, for those that set one."""
    ids = [u.id for u in unit_list]
    if not ids:
        return {}
    query = UnitProfile.select(UnitProfile.unit_id, UnitProfile.unit_name).where(UnitProfile.unit_id.in_(ids))
    return {unit_id: str(name).strip() for unit_id, name in query.tuples() if name and str(name).strip()}


def _nothing(period: Period) -> stats.Figures:
    """The figures of an office that did not report: all zero (rates: none), no lists."""
    from lawdesk.services import county

    return county.total_of(period, [])


def county_figures(period: Period) -> CountyFigures:
    """The county report's input from the roll-up (``services.county``: grouped queries; counts
    added, rates recomputed from the added terms over the offices that reported the period);
    the missing offices and their leftovers apart; the county unit's own dated records."""
    from lawdesk.services import county

    rolled = county.rollup(period)
    by_office = [(row.unit, row.figures if row.reported else _nothing(period)) for row in rolled.rows]
    reporting = [row.unit for row in rolled.reported_rows]
    leftovers = [(row.unit, row.figures, row.records) for row in rolled.leftovers]
    return CountyFigures(period, rolled.total, by_office, reporting, list(rolled.missing), rolled.county_records,
                         leftovers, rolled.total, office_names([u for u, _f in by_office]))  # fmt: skip


# --------------------------------------------------------------------------------------------
# The county's placeholder values and text

#: The county's words for the units under its offices.
COUNTY_WORDS = organs.KindWords("县", "", "村（社区）")


def county_placeholders() -> list[tuple[str, str]]:
    """(key, Chinese name) of every placeholder a county text may use (names unique)."""
    figures = [(f.key, f.label + report_values.UNIT_NOUNS.get(f.unit, f.unit)) for f in stats.FIGURES]
    parts = [(county_content.by_office_key(k), f"{name}（分单位）") for k, name in figures
             if not stats.FIGURES_BY_KEY[k].is_rate]  # fmt: skip
    return list(county_content.COUNTY_PLACEHOLDERS) + figures + parts


def _record_placeholders() -> set[str]:
    """The county's placeholders that print the offices' records (and the roll-up of them)."""
    keys = {key for key, _name in county_placeholders()}
    return keys - {"year", "next_year", "span_word", "unit_name", "superior"}


def county_values(cf: CountyFigures, profile: Mapping[str, object]) -> dict[str, object]:
    """Every placeholder's raw value of the county report: totals and breakdowns over the offices
    that reported, who reported and who did not, the named lists, the county's own words."""
    total = cf.reporting_total or cf.total
    n = total.values
    year = cf.period.end.year
    reported = {u.id for u in cf.reporting}
    rows = [(u, f) for u, f in cf.by_office if u.id in reported]
    values: dict[str, object] = dict(n)
    for fig in stats.FIGURES:
        if fig.is_rate:
            continue
        parts = [(cf.name(u), f[fig.key]) for u, f in rows]
        values[county_content.by_office_key(fig.key)] = county_content.breakdown(parts, fig.unit)
    coverage = [organs.coverage_label(item, COUNTY_WORDS) for key, item in report_values.COVERAGE
                if n["communities"] and n[key] == n["communities"]]  # fmt: skip
    # problem fields: those of the office that solved most first
    ranked = sorted(rows, key=lambda uf: -(uf[1]["problems_solved"] or 0))
    fields: list[str] = []
    for _u, f in ranked:
        fields.extend(x for x in f.lists.get("problem_fields", []) if x not in fields)
    all_reported = bool(cf.reporting) and not cf.missing
    values.update(report_values.period_words(cf.period))
    values.update(
        year=year,
        next_year=year + 1,
        unit_name=profile.get("unit_name") or "",
        superior=organs.leading_bodies(profile, county=True),
        offices_total=len(cf.by_office),
        offices_reporting=len(cf.reporting),
        offices_all=len(cf.by_office) if all_reported and len(cf.by_office) >= 2 else None,
        offices_one=cf.name(cf.reporting[0]) if all_reported and len(cf.by_office) == 1 else None,
        offices_partial=len(cf.reporting) if cf.reporting and cf.missing else None,
        offices_missing=Items(tuple(cf.name(u) for u in cf.missing)),
        problem_fields=Items(tuple(fields[:3]), more=len(fields) > 3),
        coverage_items=Items(tuple(coverage)),
        honor_titles_sentence=report_values.honor_sentence(total.lists.get("honor_holders", []),
                                                      total.lists.get("honor_names", [])),
    )  # fmt: skip
    return values


def text_values(values: Mapping[str, object], options: annual_report.ReportOptions) -> dict[str, narrative.Value]:
    """The county's values as text: a total followed by its breakdown is written exactly."""
    itemised = {k.removesuffix(county_content.BY_OFFICE) for k, v in values.items()
                if k.endswith(county_content.BY_OFFICE) and county_content.is_itemised(v)}  # fmt: skip
    exact = dataclasses.replace(options, approx=[k for k in options.approx if k not in itemised])
    return report_values.text_values(values, exact)


def county_inputs(period: Period, values: Mapping[str, object], figures: Mapping[str, object]) -> compose.Inputs:
    """What the composition engine needs for the county's report of ``period``."""
    county = county_unit()
    options = annual_report.ReportOptions.load(county)
    year = annual_report.narrative_year(period)
    outline = county_report_outline()
    words = annual_report.unit_words(year, county, figures)
    titles = {n.key: n.title for n in outline.walk()}
    return compose.Inputs(
        outline=outline,
        texts=words.texts,
        default=county_content.default_text,
        empty_prompt=lambda key: county_content.empty_prompt(key, titles.get(key, "")),
        values=text_values(values, options),
        record_keys=_record_placeholders(),
        office_keys={"unit_name", "superior"},
        known=values.keys(),
        suggestions=words.suggestions,
        headings=words.headings,
        names={s.key: s.title.strip() for s in county_sections(outline, year)},
    )  # fmt: skip


def county_sections(outline: Outline | None = None, year: int | None = None) -> list[SectionDef]:
    """Every editable text of the county's report: 开头, each section, 结尾."""
    return words.outline_sections(outline or county_report_outline(), county_content.default_text,
                                  words.year_words(year))


def county_text(period: Period, cf: CountyFigures | None = None,
                values: Mapping[str, object] | None = None) -> annual_report.ReportText:
    """The county report's filled body (with the claims, and what the linter and proofreader found)."""
    cf = cf or county_figures(period)
    values = values if values is not None else county_values(cf, unit_profile(county_unit()))
    return compose.compose(county_inputs(period, values, (cf.reporting_total or cf.total).values))


def county_title(profile: Mapping[str, object], period: Period) -> str:
    return documents.COUNTY.title(profile, period)


# --------------------------------------------------------------------------------------------
# The county's attachment: offices × key figures, and the county total

#: (title of the table, figure keys) — four figure columns per table, so that each header
#: ("治安巡逻" over "（次）") wraps on two lines and every number fits on one.
COUNTY_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("表1 党政主要负责人履职", ("leadership_meetings", "field_research", "supervisions_led", "problems_solved")),
    ("表2 社会治安和矛盾纠纷化解", ("patrols", "disputes_received", "disputes_resolved", "dispute_resolution_rate")),
    ("表3 学法普法和合法性审查", ("study_sessions", "cadre_trainings", "lectures", "legal_reviews")),
    ("表4 群众诉求办理", ("hotline_closed", "county_assigned_closed", "on_time_rate", "satisfaction_rate")),
)
#: Short column heads (at most four characters; the unit goes below in brackets).
SHORT_LABELS = {
    "leadership_meetings": "专题会议", "field_research": "现场调研", "supervisions_led": "带队督查",
    "problems_solved": "解决问题", "patrols": "治安巡逻", "disputes_received": "受理纠纷",
    "disputes_resolved": "化解纠纷", "dispute_resolution_rate": "化解率", "study_sessions": "集中学法",
    "cadre_trainings": "干部培训", "lectures": "普法宣讲", "legal_reviews": "合法审查",
    "hotline_closed": "办结热线", "county_assigned_closed": "县交办件", "on_time_rate": "按期率",
    "satisfaction_rate": "满意率",
}  # fmt: skip
#: Each rate of the tables defined in one line of the note (4号, within the 版心 width).
RATE_NOTES = {
    "dispute_resolution_rate": "化解率＝期内受理并已化解的纠纷÷期内受理的纠纷×100%。",
    "on_time_rate": "按期率＝按期办结件数÷办结件数（热线和交办件）×100%。",
    "satisfaction_rate": "满意率＝回访满意和基本满意件数÷已回访件数×100%。",
}
TOTAL_LABEL = "全县合计"


def _cell(fig: stats.FigureDef, value: int | float | None, options: annual_report.ReportOptions,
          reported: bool = True) -> str:  # fmt: skip
    if value is None or (not reported and not value):
        return "—"  # nothing to divide by, or an office that did not report
    if fig.is_rate:
        return content.format_rate(float(value), options.rate_decimals)
    return f"{value:g}" if isinstance(value, float) else str(value)


def county_attachment(period: Period, cf: CountyFigures, options: annual_report.ReportOptions) -> AttachmentPage:
    """附件: each key figure of every office and the county total (rates: the county's own)."""
    tables = []
    reported = {u.id for u in cf.reporting}
    for title, keys in COUNTY_TABLES:
        header = ["单位"] + [f"{SHORT_LABELS[k]}（{stats.FIGURES_BY_KEY[k].unit}）" for k in keys]
        rows = [[u.name] + [_cell(stats.FIGURES_BY_KEY[k], f[k], options, u.id in reported) for k in keys]
                for u, f in cf.by_office]  # fmt: skip
        rows.append([TOTAL_LABEL] + [_cell(stats.FIGURES_BY_KEY[k], cf.total[k], options) for k in keys])
        tables.append(DataTable(title=title, header=header, rows=rows))
    used = [k for _t, keys in COUNTY_TABLES for k in keys]
    notes = [RATE_NOTES[k] for k in used if stats.FIGURES_BY_KEY[k].is_rate]
    notes.append("全县合计为各乡镇（街道）数据之和，比率由全县合计数计算（不是各单位比率的平均数）。")
    span = annual_report._chinese_span(period)
    if cf.missing:
        notes.append(f"“—”表示没有数据：{'、'.join(u.name for u in cf.missing)}未报送{span}的工作台账，"
                     "或没有可计算比率的件数。")  # fmt: skip
    else:
        notes.append("“—”表示没有可计算比率的件数。")
    notes.append(f"数据根据各乡镇（街道）报送的{span}工作台账汇总。")
    return AttachmentPage(title=f"{period.title_label}全县乡镇（街道）主要工作数据", tables=tables, notes=notes)


# --------------------------------------------------------------------------------------------
# The county report


def build_county_report(
    period: Period,
    *,
    public: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
    draft: bool = False,
) -> writing.BuiltReport:
    """The county report's context, warnings and composed text."""
    county = county_unit()
    profile = unit_profile(county)
    _require_profile(profile, COUNTY_PROFILE, county.name)
    if not offices():
        raise LawdeskError("数据库中还没有乡镇（街道）的数据，请先导入各乡镇（街道）报送的数据包。")
    options = annual_report.ReportOptions.load(county)
    cf = county_figures(period)
    values = county_values(cf, profile)
    inputs = county_inputs(period, values, (cf.reporting_total or cf.total).values)
    text = compose.compose(inputs)
    warnings = list(text.warnings)
    if not cf.reporting:
        warnings.append(f"{period.label}没有任何乡镇（街道）的台账数据，报告中只有不含数字的文字。")
    if cf.county_rows:
        warnings.append(f"县级单位本身录入的{cf.county_rows}条记录不属于任何乡镇（街道），未计入全县合计。")
    for unit, _figures, count in cf.leftovers:
        warnings.append(f"{cf.name(unit)}尚未报送{period.label}的台账，其已有的{count}条记录未计入全县合计。")
    with_attachment = options.attachment if attachment is None else attachment
    attachments = [county_attachment(period, cf, options)] if with_attachment else []
    ctx = writing.document_context(profile, documents.COUNTY.title(profile, period), text.body, options,
                                   attachments=attachments, doc_number=doc_number, issue_date=issue_date,
                                   public=public, draft=draft)  # fmt: skip
    return writing.BuiltReport(ctx, warnings, text, dict(inputs.names))


def build_county_context(
    period: Period,
    *,
    public: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
) -> tuple[ReportContext, list[str]]:
    """The county report's ``ReportContext`` and its warnings."""
    built = build_county_report(period, public=public, attachment=attachment, doc_number=doc_number,
                                issue_date=issue_date)  # fmt: skip
    return built.ctx, built.warnings


def export_county_report(
    period: Period,
    out_path: Path,
    *,
    public: bool = False,
    pdf: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
    page_count: str = "auto",
    draft: bool = False,
) -> writing.ExportResult:
    """Write the county report (.docx, PDF on request) atomically; options, the export gate and
    drafts as ``annual_report.export_report``."""
    writing.refuse_draft_public(public=public, draft=draft)
    out_path = writing.docx_target(out_path)
    built = build_county_report(period, public=public, attachment=attachment, doc_number=doc_number,
                                issue_date=issue_date, draft=draft)  # fmt: skip
    return writing.export_built(built, annual_report.report_profile(county_unit()), out_path, pdf=pdf,
                                page_count=page_count, what=documents.COUNTY.what(period), public=public,
                                draft=draft)  # fmt: skip


# --------------------------------------------------------------------------------------------
# An office's report, regenerated at the county


def _office(unit: units.UnitRef) -> Unit:
    office = _unit(unit)
    if office.kind == COUNTY_KIND:
        raise LawdeskError(f"“{office.name}”是县级单位，请用全县汇总报告。")
    return office


def office_context(
    period: Period,
    unit: units.UnitRef,
    *,
    public: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
) -> tuple[ReportContext, list[str]]:
    """The office ``unit``'s own report (``annual_report.build_context`` for that unit)."""
    return annual_report.build_context(period, public=public, attachment=attachment, doc_number=doc_number,
                                 issue_date=issue_date, unit=_office(unit))  # fmt: skip


def export_office_report(
    period: Period,
    unit: units.UnitRef,
    out_path: Path,
    *,
    public: bool = False,
    pdf: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
    page_count: str = "auto",
    draft: bool = False,
) -> writing.ExportResult:
    """Write the report of office ``unit`` as the office itself writes it: its figures, unit
    profile, report settings and narratives (``annual_report.export_report`` for that unit); a
    ``draft`` is its 征求意见稿, with what the office has not yet written highlighted."""
    return annual_report.export_report(period, out_path, public=public, pdf=pdf, attachment=attachment,
                                       doc_number=doc_number, issue_date=issue_date, page_count=page_count,
                                       unit=_office(unit), draft=draft)  # fmt: skip


@dataclass
class OfficeReports:
    """What ``export_all_office_reports`` wrote, and which offices it could not (with why)."""

    written: list[tuple[Unit, writing.ExportResult]] = field(default_factory=list)
    skipped: list[tuple[Unit, str]] = field(default_factory=list)

    def message(self) -> str:
        lines = [f"已生成{len(self.written)}份乡镇（街道）报告。"]
        lines.extend(f"  {u.name}：{r.docx_path}" for u, r in self.written)
        lines.extend(f"未生成{u.name}的报告：{why}" for u, why in self.skipped)
        return "\n".join(lines)


def office_file_name(unit: Unit, period: Period, *, same_name: bool = False, draft: bool = False) -> str:
    """"石门街道-shimen-2024.docx" (a custom period: "石门街道-shimen-2024-01-01至2024-06-30.docx"):
    the office's name and its code; an office without a code (its packages gave none) by its name
    alone, or with the start of its uuid when another office has the same name (``same_name``),
    so two offices never write to one file. A name every desktop accepts (``lawdesk.filenames``).
    A ``draft`` ends in "-征求意见稿", so it never takes the place of a report to sign."""
    from lawdesk.filenames import portable_name

    span = str(period.end.year) if period.is_calendar_year else f"{period.start}至{period.end}"
    tag = unit.code or (str(unit.uuid)[:8] if same_name else "")
    parts = (unit.name, tag, span, "征求意见稿" if draft else "")
    return "-".join(portable_name(str(part)) for part in parts if part) + ".docx"


def export_all_office_reports(period: Period, folder: Path, **options: object) -> OfficeReports:
    """Every office's report into ``folder`` (created if needed), one file per office.

    An office whose unit profile is incomplete is skipped with the reason; the others are still
    written. ``options`` are those of ``export_office_report``.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise LawdeskError(f"“{folder}”不是文件夹。")
    if not folder.parent.exists():
        raise LawdeskError(f"保存位置不存在：{folder.parent}")
    folder.mkdir(exist_ok=True)
    done = OfficeReports()
    every = offices()
    names = [str(o.name) for o in every]
    for office in every:
        target = folder / office_file_name(office, period, same_name=names.count(str(office.name)) > 1,
                                           draft=bool(options.get("draft")))
        try:
            result = export_office_report(period, office, target, **options)
        except gate.PromptsRemain as exc:
            done.skipped.append((office, f"报告中还有{len(exc.items)}处需要该单位填写的内容"
                                         f"（{'、'.join(dict.fromkeys(i.section_name for i in exc.items))}）"))
        except LawdeskError as exc:
            done.skipped.append((office, exc.message))
        else:
            done.written.append((office, result))
    if not done.written and not done.skipped:
        raise LawdeskError("数据库中还没有乡镇（街道）。")
    return done
