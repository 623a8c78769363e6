"""The values a report's texts print: every placeholder of a period, as the records give it.

Every number and every named specific (training forms, laws, partners, dispute types, fields of
problems solved …) comes from ``stats``; the office's own 单位设置 gives its names and leading
bodies; the period names itself ({span} "2022年度" / "2022年上半年"). The annual report, the
half-year summary and the county's report (``county_report``) print these values; a leader's
述法报告 prints the person's own (``shufa``) with the same writing of laws and lists.
"""

from __future__ import annotations

from collections.abc import Mapping

from lawdesk.report import content, narrative, organs
from lawdesk.report.narrative import Items
from lawdesk.schema import CADRE_TRAINING_FORMS, STUDY_FORMS
from lawdesk.services import settings, stats, units
from lawdesk.services.period import Period
from lawdesk.services.report_settings import ReportOptions

EXTRA_PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("year", "年度"),
    ("next_year", "下一年度"),
    ("span", "报告期间"),
    ("span_word", "期间简称"),
    ("next_span", "下一期间"),
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
