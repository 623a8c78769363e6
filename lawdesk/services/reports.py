"""The annual report service: figures + unit profile + the clerk's narrative → ReportContext → files.

It computes the placeholder values of a period (every number and every named specific comes
from ``stats``), gathers the office's own words of each part (written for the year, or carried
from its last year; the program's data clauses and prompts where it has none) and hands them to
the composition engine (``report/compose.py``, which also writes the county's report), builds
the ``ReportContext`` with the 版头/版记 from the unit profile, and hands it to the pure writer.
A 报送版 or 公开版 is refused while a prompt remains (``services.gate``); a 征求意见稿 is not.
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
from lawdesk.report import compose, content, narrative, organs
from lawdesk.report.compose import SectionText
from lawdesk.report.content import SectionDef, Suggestion
from lawdesk.report.context import AttachmentPage, ReportContext
from lawdesk.report.errors import ReportError
from lawdesk.report.narrative import Items
from lawdesk.report.outline import BUILT_IN, Outline, built_in
from lawdesk.report.profile import DEFAULT_PRESET, PRESETS, ReportProfile
from lawdesk.schema import CADRE_TRAINING_FORMS, STUDY_FORMS
from lawdesk.services import documents, events, gate, settings, stats, units
from lawdesk.services.period import Period
from lawdesk.services.report_data import (  # noqa: F401 - the 附件's data, kept importable from here
    ATTACHMENT_KEYS,
    CHART_KEYS,
    PREVIOUS_KEYS,
    RATE_CHART_KEYS,
    _attachment_texts,
    _chinese_span,
    data_attachment,
)
from lawdesk.services.report_settings import (  # noqa: F401 - the annual report's settings, named from here too
    OPTIONS_KEY,
    PROFILE_KEY,
    ReportOptions,
    report_profile,
    save_report_profile,
)

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

OUTLINE_KEY = "report_outline"
SUGGESTIONS_KEY = "report_suggestions_{year}"
EXTRA_PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("year", "年度"),
    ("next_year", "下一年度"),
    ("unit_name", "单位简称"),
    ("unit_kind", "本单位称谓（街道、镇或乡）"),
    ("party_committee", "党（工）委"),
    ("grassroots", "村（社区）"),
    ("superior", "领导机关"),
    ("leadership_group", "法治政府建设工作领导小组的组成"),
    ("leadership_meeting_kinds", "主持召开的会议类型"),
    ("problem_fields", "解决问题的领域"),
    ("study_forms_text", "学法培训形式"),
    ("several_forms", "学法培训有多种形式"),
    ("laws_studied_titles", "学习的法律（书名号）"),
    ("cadre_training_forms", "村(社区)干部培训的名称"),
    ("dispute_types", "矛盾纠纷类型"),
    ("mediator_orgs", "调处纠纷的调解组织"),
    ("partner_units", "巡逻联合单位"),
    ("coverage_items", "“一社区一警”等全覆盖项目"),
    ("adviser_firms", "法律顾问所在律师事务所"),
    ("venues_text", "宣讲深入的阵地"),
    ("lecture_laws_titles", "宣讲的法律（书名号）"),
    ("special_days_quoted", "法治宣传节日"),
    ("honor_titles_sentence", "荣誉（成句）"),
    ("legal_adviser_firm", "法律顾问单位（单位设置）"),
    ("legal_service_station", "公共法律服务工作站（单位设置）"),
)
#: Placeholders printing the office's own 单位设置 (a sentence holding one is the office's words).
OFFICE_PLACEHOLDERS = frozenset({"unit_name", "superior", "leadership_group", "legal_adviser_firm",
                                 "legal_service_station"})  # fmt: skip
#: Placeholders printing the records' named specifics, and the figure whose records they name
#: (a figure's own placeholder is backed by its own records).
LIST_BACKING: dict[str, str] = {
    "leadership_meeting_kinds": "leadership_meetings", "problem_fields": "problems_solved",
    "study_forms_text": "study_total", "several_forms": "study_total", "laws_studied_titles": "study_total", "cadre_training_forms": "cadre_trainings",
    "dispute_types": "disputes_received", "mediator_orgs": "disputes_received", "partner_units": "patrols",
    "coverage_items": "communities", "adviser_firms": "adviser_services", "venues_text": "lectures",
    "lecture_laws_titles": "lectures", "special_days_quoted": "special_day_lectures", "honor_titles_sentence": "honors",
}  # fmt: skip
#: The records' lists (``stats.LIST_KEYS``) each placeholder prints: a report computes only the
#: lists its texts name.
LIST_SOURCES: dict[str, tuple[str, ...]] = {
    "leadership_meeting_kinds": ("leadership_meeting_kinds",), "problem_fields": ("problem_fields",),
    "study_forms_text": ("study_forms",), "several_forms": ("study_forms",), "cadre_training_forms": ("study_forms",),
    "laws_studied_titles": ("laws_studied",), "dispute_types": ("dispute_types",),
    "mediator_orgs": ("mediator_orgs",), "partner_units": ("partner_units",), "adviser_firms": ("adviser_firms",),
    "venues_text": ("venue_types",), "lecture_laws_titles": ("lecture_laws",), "special_days_quoted": ("special_days",),
    "honor_titles_sentence": ("honor_holders", "honor_names"),
}  # fmt: skip
LAW_TITLES_LIMIT = 2
LIST_LIMIT = 3

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


def record_placeholders() -> dict[str, str]:
    """Placeholder → the figure whose records stand behind what it prints."""
    return {f.key: f.key for f in stats.FIGURES} | LIST_BACKING


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


def _text_item(value: str) -> str:
    """A record's value as the report writes it: full-width brackets ("劳动争议（欠薪）")."""
    return value.replace("(", "（").replace(")", "）").strip()


def _limited(items: list[str], limit: int = LIST_LIMIT) -> Items:
    return Items(tuple(items[:limit]), more=len(items) > limit)


def _form_item(form: str) -> str:
    """A training form as written: a common one plainly, the office's own (a brand) in quotation marks."""
    text = _text_item(form)
    return text if form in STUDY_FORMS or form in CADRE_TRAINING_FORMS else f"“{text}”"


PARTNERS_LIMIT = 3
COVERAGE = (("communities_with_police", "警"), ("communities_with_adviser", "法律顾问"),
            ("communities_with_mediators", "支人民调解员队伍"))  # fmt: skip


def values_for(
    period: Period, figures: stats.Figures | None = None, unit: units.UnitRef = None
) -> dict[str, object]:
    """Every placeholder's raw value for ``period`` (numbers, lists, text) of ``unit``'s report."""
    figures = figures or stats.compute(period, unit)
    profile = settings.profile_values(unit)
    words = organs.words_for(profile)
    lists = figures.lists
    n = figures.values
    coverage = [organs.coverage_label(item, words) for key, item in COVERAGE
                if n["communities"] and n[key] == n["communities"]]  # fmt: skip
    year = period.end.year
    partners = lists.get("partner_units", [])
    laws = lists.get("lecture_laws", [])
    studied = lists.get("laws_studied", [])
    days = [d for d in lists.get("special_days", []) if "·" in d]
    forms = lists.get("study_forms", [])
    values: dict[str, object] = dict(n)
    values.update(
        year=year,
        next_year=year + 1,
        unit_name=profile.get("unit_name") or "",
        unit_kind=words.kind,
        party_committee=words.party_committee,
        grassroots=words.grassroots,
        superior=organs.leading_bodies(profile),
        leadership_group=str(profile.get("leadership_group") or "").strip().rstrip("。；;") or None,
        leadership_meeting_kinds=Items(tuple(_text_item(k) for k in lists.get("leadership_meeting_kinds", []))),
        problem_fields=Items(tuple(lists.get("problem_fields", []))),
        study_forms_text=_limited([_form_item(f) for f in forms]),
        several_forms="是" if len(forms) > 1 else None,
        laws_studied_titles=Items(tuple(_law_title(x) for x in studied[:LAW_TITLES_LIMIT]),
                                  more=len(studied) > LAW_TITLES_LIMIT),
        cadre_training_forms=Items(tuple(_text_item(f) for f in forms if f in CADRE_TRAINING_FORMS)),
        dispute_types=_limited([_text_item(t) for t in lists.get("dispute_types", [])]),
        mediator_orgs=_limited([_text_item(o) for o in lists.get("mediator_orgs", [])]),
        partner_units=Items(tuple(partners[:PARTNERS_LIMIT]), more=len(partners) > PARTNERS_LIMIT),
        coverage_items=Items(tuple(coverage)),
        adviser_firms=_limited([_text_item(f) for f in lists.get("adviser_firms", [])], 2),
        venues_text=Items(tuple(v.removeprefix("进") for v in lists.get("venue_types", []))),
        honor_titles_sentence=_honor_sentence(lists.get("honor_holders", []), lists.get("honor_names", [])),
        lecture_laws_titles=Items(tuple(_law_title(x) for x in laws[:LAW_TITLES_LIMIT]),
                                  more=len(laws) > LAW_TITLES_LIMIT),
        special_days_quoted=Items(tuple(_quote_day(d) for d in days[:3]), more=len(days) > 3),
        legal_adviser_firm=profile.get("legal_adviser_firm") or None,
        legal_service_station=profile.get("legal_service_station") or None,
    )  # fmt: skip
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
# Narrative per year: the office's own words, written for a year or carried from its last year


def narrative_year(period: Period) -> int:
    return period.end.year


def section_texts(year: int, unit: units.UnitRef = None) -> dict[str, SectionText]:
    """The office's own text of each part for ``year``: written for it, or carried from the
    latest earlier year the office wrote that part (its year says which)."""
    return {key: SectionText(text, row_year) for key, (row_year, text) in settings.narratives_up_to(year, unit=unit).items()}


def section_text(year: int, key: str, unit: units.UnitRef = None) -> SectionText:
    """One part's text for ``year``: the office's own (this year's or carried), else the default."""
    own = section_texts(year, unit).get(key)
    return own if own is not None else SectionText(content.default_text(key))


def narrative_text(
    year: int, key: str, figures: Mapping[str, object] | None = None, unit: units.UnitRef = None
) -> str:
    """The text of a part for ``year`` (placeholders kept): the office's own, else the default."""
    del figures  # the defaults no longer depend on the figures: suggestions are offered apart
    return section_text(year, key, unit).text


def is_customised(year: int, key: str, unit: units.UnitRef = None) -> bool:
    """Whether the office wrote this part for ``year`` itself (not carried, not the default)."""
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
    return outline_sections(outline, year, content.default_text)


def outline_sections(outline: Outline, year: int | None, default) -> list[SectionDef]:  # noqa: ANN001 - key → text
    """开头, each section of ``outline`` with its number and whole name, 结尾."""
    out = [SectionDef("preamble", "开头", 0, default("preamble"))]
    for i, node in enumerate(outline.nodes, 1):
        out.append(SectionDef(node.key, f"{content.cn_number(i)}、{_short(node.title, year)}", 1, default(node.key)))
        for j, child in enumerate(node.children, 1):
            out.append(SectionDef(child.key, f"　（{content.cn_number(j)}）{_short(child.title, year)}", 2,
                                  default(child.key)))
    out.append(SectionDef("closing", "结尾", 0, default("closing")))
    return out


def _short(title: str, year: int | None, limit: int = 60) -> str:
    """A heading's first sentence (with its years), as a choice names it."""
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


#: The composed body of one report (body, claims, warnings, linter and proofreader findings).
ReportText = compose.Composed


@dataclass
class UnitWords:
    """A unit's own words for a year along its outline: texts, old per-year headings, ticked suggestions."""

    texts: dict[str, SectionText]
    headings: dict[str, str]
    suggestions: list[Suggestion]


def unit_words(year: int, unit: units.UnitRef, figures: Mapping[str, object]) -> UnitWords:
    """What ``unit`` wrote for ``year`` (or carries from its last year), and the suggestions it
    ticked that the figures still support."""
    texts = section_texts(year, unit)
    offered = {s.id for s in content.offered_suggestions(figures)}
    return UnitWords(
        texts={k: t for k, t in texts.items() if not k.endswith(".heading")},
        headings={k.removesuffix(".heading"): t.text for k, t in texts.items()
                  if k.endswith(".heading") and t.year == year},
        suggestions=[content.SUGGESTIONS_BY_ID[i] for i in chosen_suggestions(year, unit) if i in offered],
    )  # fmt: skip


def composition_inputs(period: Period, values: Mapping[str, object], figures: Mapping[str, object],
                       options: ReportOptions | None = None, unit: units.UnitRef = None) -> compose.Inputs:  # fmt: skip
    """What the composition engine needs for ``unit``'s annual report of ``period``."""
    options = options or ReportOptions.load(unit)
    year = narrative_year(period)
    outline = report_outline(unit)
    words = unit_words(year, unit, figures)
    titles = {n.key: n.title for n in outline.walk()}
    return compose.Inputs(
        outline=outline,
        texts=words.texts,
        default=content.default_text,
        empty_prompt=lambda key: content.empty_prompt(key, titles.get(key, "")),
        values=_text_values(values, options),
        record_keys=record_placeholders().keys(),
        office_keys=OFFICE_PLACEHOLDERS,
        known=values.keys(),
        suggestions=words.suggestions,
        headings=words.headings,
        names={s.key: s.title.strip() for s in sections(outline, year)},
    )  # fmt: skip


def lists_named(period: Period, unit: units.UnitRef = None) -> set[str]:
    """The records' lists the texts of ``unit``'s report name (its own words, or the defaults)."""
    outline = report_outline(unit)
    own = section_texts(narrative_year(period), unit)
    texts = [own[k].text if k in own else content.default_text(k) for k in compose.keys_along(outline)]
    placeholders = {key for text in texts for key in narrative.placeholder_keys(text)}
    return {name for key in placeholders for name in LIST_SOURCES.get(key, ())}


def report_text(period: Period, values: Mapping[str, object], figures: Mapping[str, object],
                options: ReportOptions | None = None, unit: units.UnitRef = None) -> ReportText:
    """Fill every text along the outline, add the ticked suggestions, assemble, lint, proofread."""
    return compose.compose(composition_inputs(period, values, figures, options, unit))


# --------------------------------------------------------------------------------------------
# The context


def document_number(prefix: str, year: int, number: int) -> str:
    """发文字号: 金文〔2023〕5号 (六角括号, no leading zero) — GB/T 9704 7.2.5."""
    return f"{prefix}〔{year}〕{int(number)}号"


def _report_unit(unit: units.UnitRef) -> int:
    """The unit whose report is written: ``unit``, else the current unit; the county names one."""
    unit_id = units.scope_id(unit)
    if unit_id is None:
        raise LawdeskError("县级数据库包含多个单位，请先选择要生成报告的单位。")
    return unit_id


def _require_profile(unit: units.UnitRef = None) -> None:
    if not settings.profile_is_complete(unit):
        raise LawdeskError("请先在“单位设置”中填写单位名称、发文机关标志、发文字号代字和主送机关，再生成报告。")


@dataclass
class BuiltReport:
    """One report ready to write: its context, its warnings and its composed text (with the
    claim of every sentence, so the export gate can see what is still to be written)."""

    ctx: ReportContext
    warnings: list[str]
    text: ReportText
    names: dict[str, str]  # how the editor names each part (for the gate's list)


def document_context(
    profile: Mapping[str, object], title: str, body: list, options: ReportOptions, *,
    attachments: list[AttachmentPage], doc_number: int | None, issue_date: dt.date | None, public: bool,
    draft: bool,
) -> ReportContext:
    """The ``ReportContext`` of a document of the unit whose 单位设置 is ``profile`` (an office's
    report or the county's): 版头, 发文字号 (the profile's next number unless given), title (marked
    for a 征求意见稿), 主送, the body, 署名 by the profile's organs, 附注, 版记."""
    issue_date = issue_date or dt.date.today()
    number = doc_number if doc_number is not None else int(profile.get("next_doc_number") or 1)
    return ReportContext(
        issuer_mark=str(profile["issuer_mark"]),
        doc_number=document_number(str(profile["doc_prefix"]), issue_date.year, number),
        signers=_split(profile.get("signers")),
        title=documents.draft_title(title) if draft else title,
        addressee=str(profile.get("addressee") or ""),
        body=body,
        signature_organs=[str(profile[k]) for k in ("party_organ", "government_organ") if profile.get(k)],
        issue_date=issue_date,
        note=options.note,
        attachments=attachments,
        copy_to=_split(profile.get("copy_to")),
        print_organ=str(profile.get("print_organ") or ""),
        print_date=issue_date,
        public=public,
    )


def build_report(
    period: Period,
    *,
    public: bool = False,
    attachment: bool | None = None,
    doc_number: int | None = None,
    issue_date: dt.date | None = None,
    draft: bool = False,
    unit: units.UnitRef = None,
) -> BuiltReport:
    """``unit``'s report of ``period``: context, warnings and composed text."""
    unit = _report_unit(unit)
    profile = settings.profile_values(unit)
    _require_profile(unit)
    options = ReportOptions.load(unit)
    figures = stats.compute(period, unit, lists=lists_named(period, unit))
    values = values_for(period, figures, unit)
    inputs = composition_inputs(period, values, figures.values, options, unit)
    text = compose.compose(inputs)
    warnings = list(text.warnings)
    with_attachment = options.attachment if attachment is None else attachment
    attachments = [data_attachment(period, figures, options, unit)] if with_attachment else []
    ctx = document_context(profile, documents.ANNUAL.title(profile, period), text.body, options,
                           attachments=attachments, doc_number=doc_number, issue_date=issue_date, public=public,
                           draft=draft)  # fmt: skip
    return BuiltReport(ctx, warnings, text, dict(inputs.names))


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
    built = build_report(period, public=public, attachment=attachment, doc_number=doc_number,
                         issue_date=issue_date, unit=unit)  # fmt: skip
    return built.ctx, built.warnings


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


# --------------------------------------------------------------------------------------------
# Export


@dataclass
class ExportResult:
    docx_path: Path
    pdf_path: Path | None
    message: str
    warnings: list[str] = field(default_factory=list)
    placement: Placement | None = None  # where the 版记 went and the page counts behind it
    font_notes: list[str] = field(default_factory=list)  # the report's fonts this PC lacks, in Chinese


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
    draft: bool = False,
    unit: units.UnitRef = None,
) -> ExportResult:
    """Write the report (.docx, and PDF on request) atomically; raise ``LawdeskError`` in Chinese.

    A 报送版 or 公开版 is refused while the text still asks for the office's words
    (``gate.PromptsRemain``, with the list of what to write); ``draft`` writes a 征求意见稿 instead,
    its prompts highlighted. The 版记 goes on an even page (GB/T 9704 §7.4); ``page_count`` says
    how the pages are counted: "auto" (a LibreOffice render when it is installed, else the
    grid), "render", "grid".
    """
    if draft and public:
        raise LawdeskError("征求意见稿不能同时是公开版：请先填写完整，再导出公开版。")
    out_path = docx_target(out_path)
    unit = _report_unit(unit)
    built = build_report(period, public=public, attachment=attachment, doc_number=doc_number,
                         issue_date=issue_date, draft=draft, unit=unit)  # fmt: skip
    gate.check(built.text.claims, built.names, public=public, draft=draft)
    return write_report(built.ctx, built.warnings, report_profile(unit), out_path, pdf=pdf, page_count=page_count,
                        what=documents.ANNUAL.what(period), public=public, draft=draft)  # fmt: skip


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
    draft: bool = False,
) -> ExportResult:
    """The writing half of an export (an office's report or the county's): sanitise, lay out
    with the 版记 on an even page, save atomically, PDF on request; the Chinese message. A
    draft's prompts are highlighted (the layout is the signed document's)."""
    from lawdesk.report import fontcheck
    from lawdesk.report.docx import sanitise_context, sanitise_profile
    from lawdesk.report.draft import highlight_prompts
    from lawdesk.report.files import docx_to_pdf, save_docx_atomic
    from lawdesk.report.paging import build_even_document

    ctx, text_notes = sanitise_context(ctx)
    profile, font_notes = sanitise_profile(profile)
    warnings = [*warnings, *text_notes, *font_notes]
    missing_fonts = fontcheck.font_notes(profile)  # which fonts print instead, on this PC
    try:
        document, placement = build_even_document(ctx, profile, page_count,
                                                  alternates=fontcheck.alternate_names(profile))  # fmt: skip
        if draft:
            highlight_prompts(document)
        save_docx_atomic(document, out_path)
        pdf_path = docx_to_pdf(out_path, out_path.with_suffix(".pdf")) if pdf else None
    except ReportError as exc:
        raise LawdeskError(exc.message) from exc
    kind = documents.kind_mark(public=public, draft=draft)
    lines = [f"已生成{what}（{kind}）：{out_path}"]
    if pdf_path:
        lines.append(f"PDF：{pdf_path}（嵌入了生成时实际使用的字体）")
    lines.extend(f"注意：{w}" for w in warnings)
    lines.extend(f"字体：{n}" for n in missing_fonts)
    return ExportResult(out_path, pdf_path, "\n".join(lines), warnings, placement, missing_fonts)


def pdf_available() -> bool:
    from lawdesk.report.files import find_soffice

    return find_soffice() is not None
