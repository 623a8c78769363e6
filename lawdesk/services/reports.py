"""The annual report service: figures + unit profile + the clerk's narrative → ReportContext → files.

This is the only module that knows how the report's words are put together from the data:
it computes the placeholder values of a period (every number comes from ``stats``), reads the
stored narrative of each section (or the default template), fills it, builds the
``ReportContext`` with the 版头/版记 from the unit profile, and hands it to the pure writer.
Export is atomic; PDF and printing use LibreOffice when it is there.

Scoping by unit (office): a report is the report of one unit — its figures, its unit profile
(版头/版记), its narratives and its report settings (版式 profile, wording options, outline,
chosen suggestions; stored per unit by ``settings``). Every function takes ``unit`` (a ``Unit``,
id or uuid); ``unit=None`` is the current unit (the office program's own). At the county (no
current unit) a report needs its unit named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lawdesk.errors import LawdeskError
from lawdesk.report import content, lint, narrative, proofread
from lawdesk.report.content import FillOptions, SectionDef, Suggestion
from lawdesk.report.context import AttachmentPage, ChartImage, DataTable, ReportContext
from lawdesk.report.errors import ReportError
from lawdesk.report.narrative import Items
from lawdesk.report.outline import BUILT_IN, Outline, built_in
from lawdesk.report.profile import DEFAULT_PRESET, PRESETS, ReportProfile
from lawdesk.services import events, settings, stats, units
from lawdesk.services.period import Period

if TYPE_CHECKING:
    from lawdesk.report.paging import Placement

__all__ = [
    "sections",
    "PRESETS",
    "DEFAULT_PRESET",
    "SectionDef",
    "ExportResult",
    "ReportOptions",
    "build_context",
    "export_report",
    "fill",
    "narrative_text",
    "placeholders",
    "values_for",
]

PROFILE_KEY = "report_profile"
OPTIONS_KEY = "report_options"
OUTLINE_KEY = "report_outline"
SUGGESTIONS_KEY = "report_suggestions_{year}"
EXTRA_PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("year", "年度"),
    ("next_year", "下一年度"),
    ("unit_name", "单位简称"),
    ("superior", "上级机关（主送机关）"),
    ("problem_fields", "解决问题的领域"),
    ("partner_units", "巡逻联合单位"),
    ("coverage_items", "“一社区一警”等全覆盖项目"),
    ("honor_titles_sentence", "荣誉（成句）"),
    ("lecture_laws_titles", "宣讲的法律（书名号）"),
    ("special_days_quoted", "法治宣传节日"),
    ("legal_adviser_firm", "法律顾问单位"),
    ("legal_service_station", "公共法律服务工作站"),
)
LAW_TITLES_LIMIT = 2


# --------------------------------------------------------------------------------------------
# Options and profile (stored in the settings)


@dataclass
class ReportOptions:
    """Per-unit choices about wording and extras, stored as JSON in the settings."""

    approx: list[str] = field(default_factory=lambda: ["disputes_resolved"])
    rate_decimals: int = 0
    attachment: bool = True
    note: str = "此件公开发布"

    @classmethod
    def load(cls, unit: units.UnitRef = None) -> ReportOptions:
        data = settings.get(OPTIONS_KEY, {}, unit=unit) or {}
        base = cls()
        decimals = data.get("rate_decimals", base.rate_decimals)
        return cls(
            approx=[k for k in data.get("approx", base.approx) if k in stats.FIGURES_BY_KEY],
            rate_decimals=decimals if decimals in (0, 1, 2) else base.rate_decimals,
            attachment=bool(data.get("attachment", base.attachment)),
            note=str(data.get("note", base.note)),
        )

    def save(self, unit: units.UnitRef = None) -> None:
        settings.put(OPTIONS_KEY, self.__dict__, unit=unit)

    @property
    def fill_options(self) -> FillOptions:
        return FillOptions(approx=frozenset(self.approx), rate_decimals=self.rate_decimals)


def report_profile(unit: units.UnitRef = None) -> ReportProfile:
    return ReportProfile.from_dict(settings.get(PROFILE_KEY, unit=unit))


def save_report_profile(profile: ReportProfile, unit: units.UnitRef = None) -> None:
    settings.put(PROFILE_KEY, profile.to_dict(), unit=unit)


# --------------------------------------------------------------------------------------------
# Placeholder values


UNIT_NOUNS = {"次": "次数", "个": "个数", "件": "件数", "人": "人数", "场": "场数", "期": "期数", "起": "起数",
              "份": "份数", "项": "项数", "人次": "人次", "学时": "学时数", "%": ""}  # fmt: skip


def placeholders() -> list[tuple[str, str]]:
    """(key, Chinese name) of every placeholder a narrative may use, e.g. ("patrols", "开展治安巡逻次数").

    The name is what the editor shows between 【】; every name is unique.
    """
    figures = [(f.key, f.label + UNIT_NOUNS.get(f.unit, f.unit)) for f in stats.FIGURES]
    return list(EXTRA_PLACEHOLDERS) + figures


def placeholder_names() -> dict[str, str]:
    return dict(placeholders())


def to_display(text: str) -> str:
    """Stored narrative → the clerk's form (【开展治安巡逻次数】 for ``{patrols}``)."""
    return narrative.to_display(text, placeholder_names())


def from_display(text: str) -> str:
    return narrative.from_display(text, placeholder_names())


def _quote_day(day: str) -> str:
    """"3·15消费者权益保护日" → "“3·15”消费者权益保护日"; month-long campaigns stay as they are."""
    head = ""
    for ch in day:
        if ch.isdigit() or ch == "·":
            head += ch
        else:
            break
    return f"“{head}”{day[len(head):]}" if "·" in head else f"“{day}”"


def _law_title(name: str) -> str:
    national = name.endswith("法") or name == "民法典"
    return f"《中华人民共和国{name}》" if national and not name.startswith("中华人民共和国") else f"《{name}》"


def _honor_sentence(holders: list[str], names: list[str]) -> str | None:
    """"金兰山司法所成功创建省级五星规范化司法所" (several joined by ；, the template adds the last ；)."""
    parts = []
    for holder, name in zip(holders, names, strict=True):
        verb = "成功创建" if any(w in name for w in ("示范", "规范化", "五星", "标准化")) else "获评"
        parts.append(f"{holder}{verb}{name}")
    return "；".join(parts) if parts else None


PARTNERS_LIMIT = 3


def values_for(
    period: Period, figures: stats.Figures | None = None, unit: units.UnitRef = None
) -> dict[str, object]:
    """Every placeholder's raw value for ``period`` (numbers, lists, text) of ``unit``'s report."""
    figures = figures or stats.compute(period, unit)
    profile = settings.profile_values(unit)
    lists = figures.lists
    n = figures.values
    coverage = [
        label
        for key, label in (
            ("communities_with_police", "“一社区一警”"),
            ("communities_with_adviser", "“一社区一法律顾问”"),
            ("communities_with_mediators", "“一社区一支人民调解员队伍”"),
        )
        if n["communities"] and n[key] == n["communities"]
    ]
    year = period.end.year
    partners = lists.get("partner_units", [])
    laws = lists.get("lecture_laws", [])
    days = [d for d in lists.get("special_days", []) if "·" in d]
    values: dict[str, object] = dict(n)
    values.update(
        year=year,
        next_year=year + 1,
        unit_name=profile.get("unit_name") or "",
        superior=str(profile.get("addressee") or "").rstrip("：:") or "上级党委、政府",
        problem_fields=Items(tuple(lists.get("problem_fields", []))),
        partner_units=Items(tuple(partners[:PARTNERS_LIMIT]), more=len(partners) > PARTNERS_LIMIT),
        coverage_items=Items(tuple(coverage)),
        honor_titles_sentence=_honor_sentence(lists.get("honor_holders", []), lists.get("honor_names", [])),
        lecture_laws_titles=Items(tuple(_law_title(x) for x in laws[:LAW_TITLES_LIMIT]),
                                  more=len(laws) > LAW_TITLES_LIMIT),
        special_days_quoted=Items(tuple(_quote_day(d) for d in days[:3]), more=len(days) > 3),
        legal_adviser_firm=profile.get("legal_adviser_firm") or None,
        legal_service_station=profile.get("legal_service_station") or None,
    )
    return values


def _text_values(values: Mapping[str, object], options: ReportOptions) -> dict[str, narrative.Value]:
    rate_keys = {f.key for f in stats.FIGURES if f.is_rate}
    out = content.format_values(values, rate_keys, options.fill_options)
    for key in ("year", "next_year"):  # years are never "absurd zeros"
        out[key] = str(values[key])
    return out


def fill(text: str, values: Mapping[str, object], options: ReportOptions | None = None) -> str:
    """``text`` with its placeholders filled (spans naming a 0 or missing figure left out)."""
    return content.fill(text, _text_values(values, options or ReportOptions.load()))


# --------------------------------------------------------------------------------------------
# Narrative per year


def narrative_year(period: Period) -> int:
    return period.end.year


def narrative_text(
    year: int, key: str, figures: Mapping[str, object] | None = None, unit: units.UnitRef = None
) -> str:
    """The stored text of a section for ``year``, or the default template (with placeholders)."""
    del figures  # the defaults no longer depend on the figures: suggestions are offered apart
    stored = settings.narrative(year, key, unit=unit)
    return stored if stored is not None else content.default_text(key)


def is_customised(year: int, key: str, unit: units.UnitRef = None) -> bool:
    return settings.narrative(year, key, unit=unit) is not None


def _known_keys(unit: units.UnitRef = None) -> set[str]:
    return {"preamble", "closing", *content.DEFAULT_TEXTS, *(n.key for n in report_outline(unit).walk())}


def save_narrative(year: int, key: str, text: str, unit: units.UnitRef = None) -> None:
    if key not in _known_keys(unit):
        raise LawdeskError(f"报告中没有“{key}”这一部分。")
    settings.save_narrative(year, key, text.strip(), unit=unit)
    events.notify("narrative", table="年度报告", action="保存")


def reset_narrative(year: int, key: str, unit: units.UnitRef = None) -> None:
    settings.reset_narrative(year, key, unit=unit)
    events.notify("narrative", table="年度报告", action="恢复默认")


# --------------------------------------------------------------------------------------------
# The outline (the office's, stored in the settings) and the editable texts along it


def report_outline(unit: units.UnitRef = None) -> Outline:
    return Outline.from_dict(settings.get(OUTLINE_KEY, unit=unit))


def save_report_outline(outline: Outline, unit: units.UnitRef = None) -> None:
    settings.put(OUTLINE_KEY, outline.to_dict(), unit=unit)
    events.notify("settings", table="报告提纲", action="保存")


def rename_section(outline: Outline, key: str, title: str, year: int, unit: units.UnitRef = None) -> None:
    """Rename a section of ``outline`` and store it; a heading stored for ``year`` by the first
    version (``*.heading``) no longer overrides it."""
    outline.rename(key, title)
    save_report_outline(outline, unit)
    settings.reset_narrative(year, f"{key}.heading", unit=unit)


def outline_names() -> list[str]:
    return list(BUILT_IN)


def use_built_in_outline(name: str, unit: units.UnitRef = None) -> Outline:
    if name not in BUILT_IN:
        raise LawdeskError(f"没有名为“{name}”的提纲。")
    outline = built_in(name)
    save_report_outline(outline, unit)
    return outline


def sections(
    outline: Outline | None = None, year: int | None = None, unit: units.UnitRef = None
) -> list[SectionDef]:
    """Every editable text along the outline: 开头, each section's body, 结尾 (with numbered names)."""
    outline = outline or report_outline(unit)
    out = [SectionDef("preamble", "开头", 0, content.PREAMBLE)]
    for i, node in enumerate(outline.nodes, 1):
        title = _short(node.title, year)
        out.append(SectionDef(node.key, f"{content.cn_number(i)}、{title}", 1, content.default_text(node.key)))
        for j, child in enumerate(node.children, 1):
            out.append(SectionDef(child.key, f"　（{content.cn_number(j)}）{_short(child.title, year)}", 2,
                                  content.default_text(child.key)))
    out.append(SectionDef("closing", "结尾", 0, content.CLOSING))
    return out


def _short(title: str, year: int | None, limit: int = 18) -> str:
    if year is not None:
        title = title.replace("{year}", str(year)).replace("{next_year}", str(year + 1))
    title = title.split("。")[0]
    return title if len(title) <= limit else title[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# Suggested shortcomings and plans: offered from the data, in the report only with consent


def offered_suggestions(figures: Mapping[str, object]) -> list[Suggestion]:
    return content.offered_suggestions(figures)


def chosen_suggestions(year: int, unit: units.UnitRef = None) -> list[str]:
    value = settings.get(SUGGESTIONS_KEY.format(year=year), [], unit=unit)
    return [v for v in value if v in content.SUGGESTIONS_BY_ID] if isinstance(value, list) else []


def save_chosen_suggestions(year: int, ids: list[str], unit: units.UnitRef = None) -> None:
    unknown = [i for i in ids if i not in content.SUGGESTIONS_BY_ID]
    if unknown:
        raise LawdeskError(f"没有这条建议：{'、'.join(unknown)}")
    settings.put(SUGGESTIONS_KEY.format(year=year), sorted(set(ids), key=list(content.SUGGESTIONS_BY_ID).index),
                 unit=unit)  # fmt: skip
    events.notify("narrative", table="年度报告", action="建议")


# --------------------------------------------------------------------------------------------
# The body text


@dataclass
class ReportText:
    """The filled body of one report, with what the linter and proofreader found."""

    body: list
    warnings: list[str]
    lint: list[lint.Issue]
    proofread: list[lint.Issue]


def report_text(period: Period, values: Mapping[str, object], figures: Mapping[str, object],
                options: ReportOptions | None = None, unit: units.UnitRef = None) -> ReportText:
    """Fill every text along the outline, add the ticked suggestions, assemble, lint, proofread."""
    options = options or ReportOptions.load(unit)
    text_values = _text_values(values, options)
    year = narrative_year(period)
    outline = report_outline(unit)
    warnings: list[str] = []
    filled: dict[str, str] = {}
    titles: dict[str, str] = {}
    stored = settings.narratives(year, unit=unit)
    keys = ["preamble", *(n.key for n in outline.walk()), "closing"]
    names = {s.key: s.title.strip() for s in sections(outline, year)}
    for key in keys:
        raw = stored[key] if key in stored else content.default_text(key)
        unknown = content.unknown_placeholders(raw, values)
        if unknown:
            warnings.append(f"“{names.get(key, key)}”中有无法识别的占位符：{'、'.join('{' + u + '}' for u in unknown)}")
        filled[key] = content.fill(raw, text_values)
    for node in outline.walk():
        override = stored.get(f"{node.key}.heading")  # a heading edited per year before outlines existed
        title = narrative.strip_heading_number(override) if override else node.title
        titles[node.key] = content.fill(title, text_values)
    offered = {s.id for s in content.offered_suggestions(figures)}
    chosen = [content.SUGGESTIONS_BY_ID[i] for i in chosen_suggestions(year, unit) if i in offered]
    for role in ("shortcomings", "plans"):
        node = outline.with_role(role)
        if node is not None:
            filled[node.key] = content.with_suggestions(filled.get(node.key, ""), chosen, role, text_values)
    body = content.assemble(outline, filled, titles)
    lint_issues = lint.lint_body(body, content.level1_headings(outline, titles))
    proof = proofread.proofread_body(body)
    warnings.extend(f"文字检查：{i.message}（{i.where}）" for i in lint_issues)
    warnings.extend(f"校对提示：{i.message}（{i.where}）" for i in proof)
    return ReportText(body, warnings, lint_issues, proof)


# --------------------------------------------------------------------------------------------
# The context


def document_number(prefix: str, year: int, number: int) -> str:
    """发文字号: 金文〔2023〕5号 (六角括号, no leading zero) — GB/T 9704 7.2.5."""
    return f"{prefix}〔{year}〕{int(number)}号"


def report_title(profile: Mapping[str, object], period: Period) -> str:
    organs = " ".join(str(profile.get(k) or "") for k in ("party_organ", "government_organ")).strip()
    return f"{organs} 关于{period.title_label}法治政府建设工作情况的报告".strip()


def _report_unit(unit: units.UnitRef) -> int:
    """The unit whose report is written: ``unit``, else the current unit; the county names one."""
    unit_id = units.scope_id(unit)
    if unit_id is None and not units.has_units():  # a new database: its office is not named yet
        raise LawdeskError(units.no_unit_message("生成报告"))
    if unit_id is None:
        raise LawdeskError("县级数据库包含多个单位，请先选择要生成报告的单位。")
    return unit_id


def _require_profile(unit: units.UnitRef = None) -> None:
    if not settings.profile_is_complete(unit):
        raise LawdeskError("请先在“单位设置”中填写单位名称、发文机关标志、发文字号代字和主送机关，再生成报告。")


def build_context(
    period: Period,
    *,
    public: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
    unit: units.UnitRef = None,
) -> tuple[ReportContext, list[str]]:
    """``unit``'s report: its ``ReportContext`` and a list of warnings (unknown placeholders …)."""
    unit = _report_unit(unit)
    profile = settings.profile_values(unit)
    _require_profile(unit)
    options = ReportOptions.load(unit)
    figures = stats.compute(period, unit)
    values = values_for(period, figures, unit)
    text = report_text(period, values, figures.values, options, unit)
    warnings = list(text.warnings)
    issue_date = issue_date or dt.date.today()
    number = doc_number if doc_number is not None else int(profile.get("next_doc_number") or 1)
    with_attachment = options.attachment if attachment is None else attachment
    ctx = ReportContext(
        issuer_mark=str(profile["issuer_mark"]),
        doc_number=document_number(str(profile["doc_prefix"]), issue_date.year, number),
        signers=_split(profile.get("signers")),
        title=report_title(profile, period),
        addressee=str(profile.get("addressee") or ""),
        body=text.body,
        signature_organs=[str(profile[k]) for k in ("party_organ", "government_organ") if profile.get(k)],
        issue_date=issue_date,
        note=options.note,
        attachments=[data_attachment(period, figures, options, unit)] if with_attachment else [],
        copy_to=_split(profile.get("copy_to")),
        print_organ=str(profile.get("print_organ") or ""),
        print_date=issue_date,
        public=public,
    )
    return ctx, warnings


def figure_pages(period: Period, keys: Iterable[str], unit: units.UnitRef = None) -> dict[str, int]:
    """The page of the report (as printed, from 1) on which each figure of ``keys`` is written.

    Pages come from the grid estimate (``paging.paragraph_pages``; every body line is a fixed
    row of the 22-line grid, GB/T 9704 §5.2.3), so they hold for WPS and Word as long as the
    report is printed as written. A figure the text does not mention (0, or a clause the office
    removed) has no page. To find which paragraph writes a figure, the text is written a second
    time with each present count replaced by a marker number: the spans, numbering and
    paragraphs depend only on which figures are present, so both texts have the same paragraphs.
    """
    from lawdesk.report import paging
    from lawdesk.report.docx import build_document, sanitise_profile

    unit = _report_unit(unit)
    figures = stats.compute(period, unit)
    values = values_for(period, figures, unit)
    options = ReportOptions.load(unit)
    markers: dict[str, str] = {}
    marked = dict(values)
    for i, key in enumerate(dict.fromkeys(keys)):
        value = values.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            number = (9_700 + i) * 10_000 + 1
            marked[key] = number
            markers[key] = str(number)[:6]
    if not markers:
        return {}
    ctx, _ = build_context(period, attachment=False, unit=unit)
    profile, _ = sanitise_profile(report_profile(unit))
    doc_paragraphs = paging.paragraph_pages(build_document(ctx, profile, imprint_placement=None))
    line_pages: list[list[int]] = []  # the pages of each body paragraph's lines
    at = 0
    for para in ctx.body:
        wanted = (para.heading + para.text).strip()[:20]
        while at < len(doc_paragraphs) and not doc_paragraphs[at][0].strip().startswith(wanted):
            at += 1
        line_pages.append(doc_paragraphs[at][1] if at < len(doc_paragraphs) else [])
    marked_body = report_text(period, marked, figures.values, options, unit).body
    out: dict[str, int] = {}
    for key, marker in markers.items():
        for para, pages in zip(marked_body, line_pages, strict=False):
            text = para.heading + para.text
            where = text.find(marker)
            if where >= 0 and pages:
                # the line the figure falls on, in proportion to its place in the paragraph
                out[key] = pages[min(len(pages) - 1, where * len(pages) // max(1, len(text)))]
                break
    return out


def _split(value: object) -> list[str]:
    return [p for p in str(value or "").replace("，", "、").split("、") if p.strip()]


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
    options = options or ReportOptions.load(unit)
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


# --------------------------------------------------------------------------------------------
# Export


@dataclass
class ExportResult:
    docx_path: Path
    pdf_path: Path | None
    message: str
    warnings: list[str] = field(default_factory=list)
    placement: Placement | None = None  # where the 版记 went and the page counts behind it


def export_report(
    period: Period,
    out_path: Path,
    *,
    public: bool = False,
    pdf: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
    page_count: str = "auto",
    unit: units.UnitRef = None,
) -> ExportResult:
    """Write the report (.docx, and PDF on request) atomically; raise ``LawdeskError`` in Chinese.

    The 版记 goes on an even page (GB/T 9704 §7.4); ``page_count`` says how the pages are
    counted: "auto" (a LibreOffice render when it is installed, else the grid), "render", "grid".
    """
    out_path = docx_target(out_path)
    unit = _report_unit(unit)
    ctx, warnings = build_context(
        period, public=public, attachment=attachment, doc_number=doc_number, issue_date=issue_date, unit=unit
    )
    return write_report(ctx, warnings, report_profile(unit), out_path, pdf=pdf, page_count=page_count,
                        what=f"{period.label}法治政府建设工作情况报告", public=public)  # fmt: skip


def docx_target(out_path: Path) -> Path:
    """``out_path`` ending in .docx; a Chinese error when its folder does not exist or the name
    given is an input (the database, its data folder: ``lawdesk.safe_write``)."""
    from lawdesk import safe_write

    out_path = Path(out_path)
    safe_write.refuse_input(out_path)
    if out_path.suffix.lower() != ".docx":
        out_path = out_path.with_suffix(out_path.suffix + ".docx") if out_path.suffix else out_path.with_suffix(".docx")
    if not out_path.parent.exists():
        raise LawdeskError(f"保存位置不存在：{out_path.parent}")
    return out_path


def write_report(
    ctx: ReportContext,
    warnings: list[str],
    profile: ReportProfile,
    out_path: Path,
    *,
    pdf: bool,
    page_count: str,
    what: str,
    public: bool,
) -> ExportResult:
    """The writing half of an export (an office's report or the county's): sanitise, lay out
    with the 版记 on an even page, save atomically, PDF on request; the Chinese message."""
    from lawdesk.report.docx import sanitise_context, sanitise_profile
    from lawdesk.report.files import docx_to_pdf, save_docx_atomic
    from lawdesk.report.paging import build_even_document

    ctx, text_notes = sanitise_context(ctx)
    profile, font_notes = sanitise_profile(profile)
    warnings = [*warnings, *text_notes, *font_notes]
    try:
        document, placement = build_even_document(ctx, profile, page_count)
        save_docx_atomic(document, out_path)
        pdf_path = docx_to_pdf(out_path, out_path.with_suffix(".pdf")) if pdf else None
    except ReportError as exc:
        raise LawdeskError(exc.message) from exc
    kind = "公开版" if public else "报送版"
    lines = [f"已生成{what}（{kind}）：{out_path}"]
    if pdf_path:
        lines.append(f"PDF：{pdf_path}")
    lines.extend(f"注意：{w}" for w in warnings)
    return ExportResult(out_path, pdf_path, "\n".join(lines), warnings, placement)


def pdf_available() -> bool:
    from lawdesk.report.files import find_soffice

    return find_soffice() is not None
