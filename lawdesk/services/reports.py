"""The annual report service: figures + unit profile + the clerk's narrative → ReportContext → files.

It computes the placeholder values of a period (every number and every named specific comes
from ``stats``), gathers the office's own words of each part (``services.words``: written for
the year, or carried from its last year; the program's data clauses and prompts where it has
none) and hands them to the composition engine (``report/compose.py``, which also writes the
county's report, the half-year summary and the 述法报告), and hands the body to the writing half
(``services.writing``: the ``ReportContext`` with the 版头/版记 from the unit profile, the export
gate — a 报送版 or 公开版 is refused while a prompt remains, a 征求意见稿 is not — the writer).
The values and the composition inputs are the half-year summary's too (``services.half_year``).

Scoping by unit (office): a report is the report of one unit — its figures, its unit profile
(版头/版记), its narratives and its report settings (版式 profile, wording options, outline,
chosen suggestions; stored per unit by ``settings``). Every function takes ``unit`` (a ``Unit``,
id or uuid); ``unit=None`` is the current unit (the office program's own). At the county (no
current unit) a report needs its unit named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lawdesk.errors import LawdeskError
from lawdesk.report import compose, content, narrative, organs
from lawdesk.report.compose import SectionText
from lawdesk.report.content import SectionDef, Suggestion
from lawdesk.report.context import ReportContext
from lawdesk.report.narrative import Items
from lawdesk.report.outline import BUILT_IN, Outline, default_outline
from lawdesk.report.profile import DEFAULT_PRESET, PRESETS
from lawdesk.schema import CADRE_TRAINING_FORMS, STUDY_FORMS
from lawdesk.services import documents, settings, stats, units, words, writing
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
from lawdesk.services.writing import BuiltReport, ExportResult, document_context  # noqa: F401 - named from here too

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
#: Where an office keeps the words of its annual report (the county unit: those of the county's).
ANNUAL_WORDS = words.TextStore("年度报告", "", OUTLINE_KEY, SUGGESTIONS_KEY, default_outline, BUILT_IN)
EXTRA_PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("year", "年度"),
    ("next_year", "下一年度"),
    ("span", "期间（如2022年度、2022年上半年）"),
    ("span_word", "期间简称（如全年、上半年）"),
    ("next_span", "下一期间（如2023年度、下半年）"),
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


def law_title(name: str) -> str:
    national = name.endswith("法") or name == "民法典"
    return f"《中华人民共和国{name}》" if national and not name.startswith("中华人民共和国") else f"《{name}》"


def honor_sentence(holders: list[str], names: list[str]) -> str | None:
    """"金兰山司法所成功创建省级五星规范化司法所" (several joined by ；, the template adds the last ；)."""
    parts = []
    for holder, name in zip(holders, names, strict=True):
        verb = "成功创建" if any(w in name for w in ("示范", "规范化", "五星", "标准化")) else "获评"
        parts.append(f"{holder}{verb}{name}")
    return "；".join(parts) if parts else None


def text_item(value: str) -> str:
    """A record's value as the report writes it: full-width brackets ("劳动争议（欠薪）")."""
    return value.replace("(", "（").replace(")", "）").strip()


def limited_items(items: list[str], limit: int = LIST_LIMIT) -> Items:
    return Items(tuple(items[:limit]), more=len(items) > limit)


def _form_item(form: str) -> str:
    """A training form as written: a common one plainly, the office's own (a brand) in quotation marks."""
    text = text_item(form)
    return text if form in STUDY_FORMS or form in CADRE_TRAINING_FORMS else f"“{text}”"


PARTNERS_LIMIT = 3
COVERAGE = (("communities_with_police", "警"), ("communities_with_adviser", "法律顾问"),
            ("communities_with_mediators", "支人民调解员队伍"))  # fmt: skip


def period_words(period: Period) -> dict[str, str]:
    """How a text names its period: {span} "2022年度" / "2022年上半年", {span_word} "全年" /
    "上半年" / "期内", {next_span} "2023年度" / "下半年" / "2023年上半年" / "下一步"."""
    year = period.end.year
    if period.is_calendar_year:
        return {"span": period.span_name, "span_word": "全年", "next_span": f"{year + 1}年度"}
    nxt = {"上半年": "下半年", "下半年": f"{year + 1}年上半年"}.get(period.half or "", "下一步")
    return {"span": period.span_name, "span_word": period.half or "期内", "next_span": nxt}


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
    values.update(period_words(period))
    values.update(
        year=year,
        next_year=year + 1,
        unit_name=profile.get("unit_name") or "",
        unit_kind=words.kind,
        party_committee=words.party_committee,
        grassroots=words.grassroots,
        superior=organs.leading_bodies(profile),
        leadership_group=str(profile.get("leadership_group") or "").strip().rstrip("。；;") or None,
        leadership_meeting_kinds=Items(tuple(text_item(k) for k in lists.get("leadership_meeting_kinds", []))),
        problem_fields=Items(tuple(lists.get("problem_fields", []))),
        study_forms_text=limited_items([_form_item(f) for f in forms]),
        several_forms="是" if len(forms) > 1 else None,
        laws_studied_titles=Items(tuple(law_title(x) for x in studied[:LAW_TITLES_LIMIT]),
                                  more=len(studied) > LAW_TITLES_LIMIT),
        cadre_training_forms=Items(tuple(text_item(f) for f in forms if f in CADRE_TRAINING_FORMS)),
        dispute_types=limited_items([text_item(t) for t in lists.get("dispute_types", [])]),
        mediator_orgs=limited_items([text_item(o) for o in lists.get("mediator_orgs", [])]),
        partner_units=Items(tuple(partners[:PARTNERS_LIMIT]), more=len(partners) > PARTNERS_LIMIT),
        coverage_items=Items(tuple(coverage)),
        adviser_firms=limited_items([text_item(f) for f in lists.get("adviser_firms", [])], 2),
        venues_text=Items(tuple(v.removeprefix("进") for v in lists.get("venue_types", []))),
        honor_titles_sentence=honor_sentence(lists.get("honor_holders", []), lists.get("honor_names", [])),
        lecture_laws_titles=Items(tuple(law_title(x) for x in laws[:LAW_TITLES_LIMIT]),
                                  more=len(laws) > LAW_TITLES_LIMIT),
        special_days_quoted=Items(tuple(_quote_day(d) for d in days[:3]), more=len(days) > 3),
        legal_adviser_firm=profile.get("legal_adviser_firm") or None,
        legal_service_station=profile.get("legal_service_station") or None,
    )  # fmt: skip
    return values


def text_values(values: Mapping[str, object], options: ReportOptions) -> dict[str, narrative.Value]:
    rate_keys = {f.key for f in stats.FIGURES if f.is_rate}
    out = content.format_values(values, rate_keys, options.fill_options)
    for key in ("year", "next_year"):  # years are never "absurd zeros"
        out[key] = str(values[key])
    return out


def fill(text: str, values: Mapping[str, object], options: ReportOptions | None = None) -> str:
    """``text`` with its placeholders filled (spans naming a 0 or missing figure left out)."""
    return content.fill(text, text_values(values, options or ReportOptions.load()))


# --------------------------------------------------------------------------------------------
# Narrative per year: the office's own words, written for a year or carried from its last year


def narrative_year(period: Period) -> int:
    return period.end.year


def section_texts(year: int, unit: units.UnitRef = None) -> dict[str, SectionText]:
    """The office's own text of each part for ``year``: written for it, or carried from the
    latest earlier year the office wrote that part (its year says which)."""
    return ANNUAL_WORDS.texts(year, unit)


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
    return ANNUAL_WORDS.written(year, key, unit) is not None


def _known_keys(unit: units.UnitRef = None) -> set[str]:
    return {"preamble", "closing", *content.DEFAULT_TEXTS, *(n.key for n in report_outline(unit).walk())}


def save_narrative(year: int, key: str, text: str, unit: units.UnitRef = None) -> None:
    if key not in _known_keys(unit):
        raise LawdeskError(f"报告中没有“{key}”这一部分。")
    ANNUAL_WORDS.save(year, key, text, unit)


def reset_narrative(year: int, key: str, unit: units.UnitRef = None) -> None:
    ANNUAL_WORDS.reset(year, key, unit)


# --------------------------------------------------------------------------------------------
# The outline (the office's, stored in the settings) and the editable texts along it


def report_outline(unit: units.UnitRef = None) -> Outline:
    return ANNUAL_WORDS.outline(unit)


def save_report_outline(outline: Outline, unit: units.UnitRef = None) -> None:
    ANNUAL_WORDS.save_outline(outline, unit)


def rename_section(outline: Outline, key: str, title: str, year: int, unit: units.UnitRef = None) -> None:
    """Rename a section of ``outline`` and store it; a heading stored for ``year`` by the first
    version (``*.heading``) no longer overrides it."""
    outline.rename(key, title)
    save_report_outline(outline, unit)
    settings.reset_narrative(year, f"{key}{words.HEADING_SUFFIX}", unit=unit)


def outline_names() -> list[str]:
    return list(BUILT_IN)


def use_built_in_outline(name: str, unit: units.UnitRef = None) -> Outline:
    return ANNUAL_WORDS.use_built_in(name, unit)


def sections(
    outline: Outline | None = None, year: int | None = None, unit: units.UnitRef = None
) -> list[SectionDef]:
    """Every editable text along the outline: 开头, each section's body, 结尾 (with numbered names)."""
    outline = outline or report_outline(unit)
    return words.outline_sections(outline, content.default_text, words.year_words(year))


def outline_sections(outline: Outline, year: int | None, default) -> list[SectionDef]:  # noqa: ANN001 - key → text
    """开头, each section of ``outline`` with its number and whole name, 结尾."""
    return words.outline_sections(outline, default, words.year_words(year))


# --------------------------------------------------------------------------------------------
# Suggested shortcomings and plans: offered from the data, in the report only with consent


def offered_suggestions(figures: Mapping[str, object]) -> list[Suggestion]:
    return content.offered_suggestions(figures)


def chosen_suggestions(year: int, unit: units.UnitRef = None) -> list[str]:
    return ANNUAL_WORDS.chosen(year, unit)


def save_chosen_suggestions(year: int, ids: list[str], unit: units.UnitRef = None) -> None:
    ANNUAL_WORDS.save_chosen(year, ids, unit)


# --------------------------------------------------------------------------------------------
# The body text


#: The composed body of one report (body, claims, warnings, linter and proofreader findings).
ReportText = compose.Composed


UnitWords = words.UnitWords


def unit_words(year: int, unit: units.UnitRef, figures: Mapping[str, object],
               store: words.TextStore | None = None) -> UnitWords:  # fmt: skip
    """What ``unit`` wrote for ``year`` (or carries from its last year) — in its annual report's
    words unless ``store`` names another document's — and the suggestions it ticked."""
    return words.unit_words(store or ANNUAL_WORDS, year, unit, figures)


@dataclass(frozen=True)
class Wording:
    """One document's texts: where the unit keeps them, the program's default text of each part
    (data clauses only) and the prompt of a part left empty."""

    store: words.TextStore
    default: Callable[[str], str]
    empty_prompt: Callable[[str, str], str]  # (key, the part's title) → 〔请填写：…〕


ANNUAL = Wording(ANNUAL_WORDS, content.default_text, content.empty_prompt)
#: The placeholders a heading may hold (filled in the editor's list of parts).
TITLE_PLACEHOLDERS = ("year", "next_year", "span", "next_span", "span_word")


def title_words(values: Mapping[str, object]) -> dict[str, str]:
    return {k: str(values[k]) for k in TITLE_PLACEHOLDERS if values.get(k) is not None}


def composition_inputs(period: Period, values: Mapping[str, object], figures: Mapping[str, object],
                       options: ReportOptions | None = None, unit: units.UnitRef = None,
                       wording: Wording = ANNUAL) -> compose.Inputs:  # fmt: skip
    """What the composition engine needs for ``unit``'s annual report of ``period`` (or, with
    ``wording``, another document of the office's work written from the same values: the
    half-year summary)."""
    options = options or ReportOptions.load(unit)
    year = narrative_year(period)
    outline = wording.store.outline(unit)
    own = unit_words(year, unit, figures, wording.store)
    titles = {n.key: n.title for n in outline.walk()}
    return compose.Inputs(
        outline=outline,
        texts=own.texts,
        default=wording.default,
        empty_prompt=lambda key: wording.empty_prompt(key, titles.get(key, "")),
        values=text_values(values, options),
        record_keys=record_placeholders().keys(),
        office_keys=OFFICE_PLACEHOLDERS,
        known=values.keys(),
        suggestions=own.suggestions,
        headings=own.headings,
        names={s.key: s.title.strip() for s in words.outline_sections(outline, wording.default, title_words(values))},
    )  # fmt: skip


def lists_named(period: Period, unit: units.UnitRef = None, wording: Wording = ANNUAL) -> set[str]:
    """The records' lists the texts of ``unit``'s report name (its own words, or the defaults)."""
    outline = wording.store.outline(unit)
    own = wording.store.texts(narrative_year(period), unit)
    texts = [own[k].text if k in own else wording.default(k) for k in compose.keys_along(outline)]
    placeholders = {key for text in texts for key in narrative.placeholder_keys(text)}
    return {name for key in placeholders for name in LIST_SOURCES.get(key, ())}


def report_text(period: Period, values: Mapping[str, object], figures: Mapping[str, object],
                options: ReportOptions | None = None, unit: units.UnitRef = None) -> ReportText:
    """Fill every text along the outline, add the ticked suggestions, assemble, lint, proofread."""
    return compose.compose(composition_inputs(period, values, figures, options, unit))


# --------------------------------------------------------------------------------------------
# The context


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
    unit = writing.report_unit(unit)
    profile = settings.profile_values(unit)
    writing.require_profile(unit)
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

    unit = writing.report_unit(unit)
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


# --------------------------------------------------------------------------------------------
# Export


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
    writing.refuse_draft_public(public=public, draft=draft)
    out_path = writing.docx_target(out_path)
    unit = writing.report_unit(unit)
    built = build_report(period, public=public, attachment=attachment, doc_number=doc_number,
                         issue_date=issue_date, draft=draft, unit=unit)  # fmt: skip
    return writing.export_built(built, report_profile(unit), out_path, pdf=pdf, page_count=page_count,
                                what=documents.ANNUAL.what(period), public=public, draft=draft)  # fmt: skip


pdf_available = writing.pdf_available
