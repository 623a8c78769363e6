"""A leader's 述法报告 (党政主要负责人履行推进法治建设第一责任人职责情况的报告).

The person is chosen from the office's 党政主要负责人 and the people its records name as 主持人 or
带队领导 (``leaders.candidates``). Every data clause counts only the records where that person
chaired, led or took part (``leaders``: the person's figures, counted by ``stats``) and says so
in the first person ("本人主持召开法治建设专题会议4次"). The person's own words — 态度, 不足, 打算
and whatever the records do not say — are kept per person and year (``words.TextStore``
"sf:<姓名>:") and asked for by a prompt where there are none; one outline serves every leader of
the office (``shufa_outline``). The composition engine, claims model, linter, proofreader, export
gate and writer are the annual report's.

Layout: the title, the person's post and name under it, the body, the date — no 版头, no 发文字号,
no 主送, no 署名, no 附件; GB/T 9704 body format otherwise. The post is the office's word: the
单位设置 gives the 党（工）委书记's and the 主任's (镇长, 乡长) by their order; anyone else's is
written by the clerk (until then the report asks for it, and the gate refuses to sign it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from lawdesk.errors import LawdeskError
from lawdesk.report import claims as claims_model
from lawdesk.report import compose, shufa_content
from lawdesk.report.claims import Claim
from lawdesk.report.compose import SectionText
from lawdesk.report.content import SectionDef
from lawdesk.report.narrative import Items
from lawdesk.report.outline import Outline
from lawdesk.services import (
    annual_report,
    documents,
    leaders,
    report_values,
    settings,
    units,
    words,
    writing,
)
from lawdesk.services.period import Period
from lawdesk.services.report_settings import ReportOptions, report_profile

OUTLINE_KEY = "shufa_outline"
PEOPLE_KEY = "shufa_people"
#: The byline's part in the gate's list (the post is written in the editor's 报告人 row).
BYLINE = "byline"
BYLINE_NAME = "标题下的职务"
OFFICE_PLACEHOLDERS = frozenset({"person", "post", "unit_name"})


def words_of(person: str) -> words.TextStore:
    """Where the office keeps ``person``'s own words."""
    return words.TextStore("述法报告", f"sf:{person}{words.SEPARATOR}", OUTLINE_KEY, "shufa_suggestions_{year}",
                           shufa_content.outline, shufa_content.BUILT_IN)  # fmt: skip


def check_person(person: str, period: Period, unit: units.UnitRef = None) -> str:
    """``person`` as the report names them; a Chinese error when the office does not know them."""
    name = str(person or "").strip()
    if not name:
        raise LawdeskError("请选择述法报告的报告人。")
    if leaders.names_in(name) != [name]:
        raise LawdeskError(f"“{name}”不是一个人的姓名：请只填写报告人的姓名（不超过{leaders.NAME_LIMIT}个字）。")
    if name not in leaders.principal_leaders(unit) and not leaders.scope_of(name, period, unit).named:
        known = [c.name for c in leaders.candidates(period, unit)]
        raise LawdeskError(f"单位设置的党政主要负责人中没有“{name}”，{period.label}的台账中也没有由其主持或带队的记录。"
                           f"可选：{'、'.join(known) or '（无）'}。")  # fmt: skip
    return name


# -- the person's post --------------------------------------------------------------------------


def post_of(person: str, unit: units.UnitRef = None) -> str:
    """The post under the title: the clerk's, else the 单位设置's for a 党政主要负责人, else ""."""
    stored = settings.get(PEOPLE_KEY, {}, unit=unit)
    own = stored.get(person) if isinstance(stored, dict) else None
    return str(own).strip() if own and str(own).strip() else leaders.default_post(person, unit)


def save_post(person: str, post: str, unit: units.UnitRef = None) -> None:
    post = " ".join(str(post).split())
    if len(post) > 40:
        raise LawdeskError("职务不能超过40个字。")
    stored = settings.get(PEOPLE_KEY, {}, unit=unit)
    people = dict(stored) if isinstance(stored, dict) else {}
    if post:
        people[person] = post
    else:
        people.pop(person, None)
    settings.put(PEOPLE_KEY, people, unit=unit)


def byline(person: str, post: str) -> str:
    """"金兰山街道党工委书记　张健平" (a full-width space between post and name)."""
    return f"{post}\u3000{person}" if post else person


# -- values and words ---------------------------------------------------------------------------


def placeholders() -> list[tuple[str, str]]:
    """(key, Chinese name) of every placeholder a 述法 text may use."""
    return list(shufa_content.PLACEHOLDERS) + [(f.key, f.label + report_values.UNIT_NOUNS.get(f.unit, f.unit))
                                               for f in leaders.PERSON_FIGURES]  # fmt: skip


def record_placeholders() -> dict[str, str]:
    """Placeholder → the person's figure whose records stand behind what it prints."""
    return {f.key: f.key for f in leaders.PERSON_FIGURES} | dict(leaders.LIST_FIGURES)


def values_for(period: Period, person: str, unit: units.UnitRef = None) -> dict[str, object]:
    """Every placeholder's raw value of ``person``'s report of ``period``."""
    scope = leaders.scope_of(person, period, unit)
    values: dict[str, object] = dict(leaders.figures(person, period, unit, scope))
    found = leaders.lists(person, period, unit, scope)
    laws = found["p_laws_studied"]
    values.update(report_values.period_words(period))
    values.update(
        year=period.end.year,
        next_year=period.end.year + 1,
        person=person,
        post=post_of(person, unit) or None,
        unit_name=settings.profile_values(unit).get("unit_name") or None,
        p_meeting_kinds=Items(tuple(report_values.text_item(k) for k in found["p_meeting_kinds"])),
        p_laws_studied=Items(tuple(report_values.law_title(x) for x in laws[: report_values.LAW_TITLES_LIMIT]),
                             more=len(laws) > report_values.LAW_TITLES_LIMIT),
        p_problem_fields=report_values.limited_items(found["p_problem_fields"]),
    )  # fmt: skip
    return values


def section_text(year: int, person: str, key: str, unit: units.UnitRef = None) -> SectionText:
    own = words_of(person).texts(year, unit).get(key)
    return own if own is not None else SectionText(shufa_content.default_text(key))


def outline(unit: units.UnitRef = None) -> Outline:
    """The office's outline of its leaders' 述法报告 (one for every leader)."""
    return Outline.from_dict(settings.get(OUTLINE_KEY, unit=unit), default=shufa_content.outline)


def save_text(year: int, person: str, key: str, text: str, unit: units.UnitRef = None) -> None:
    known = {"preamble", "closing", *(n.key for n in outline(unit).walk())}
    if key not in known:
        raise LawdeskError(f"述法报告中没有“{key}”这一部分。")
    words_of(person).save(year, key, text, unit)


def sections(outline_: Outline, period: Period) -> list[SectionDef]:
    """开头, each section of ``outline_`` (its headings filled for ``period``), 结尾."""
    words_of_period = {"year": period.end.year, "next_year": period.end.year + 1, **report_values.period_words(period)}
    return words.outline_sections(outline_, shufa_content.default_text, annual_report.title_words(words_of_period))


def composition_inputs(period: Period, person: str, values: Mapping[str, object],
                       options: ReportOptions | None = None, unit: units.UnitRef = None) -> compose.Inputs:  # fmt: skip
    """What the composition engine needs for ``person``'s 述法报告 of ``period``."""
    options = options or ReportOptions.load(unit)
    store = words_of(person)
    out_line = store.outline(unit)
    own = words.unit_words(store, period.end.year, unit, {})
    titles = {n.key: n.title for n in out_line.walk()}
    return compose.Inputs(
        outline=out_line,
        texts=own.texts,
        default=shufa_content.default_text,
        empty_prompt=lambda key: shufa_content.empty_prompt(key, titles.get(key, "")),
        values=report_values.text_values(values, options),
        record_keys=record_placeholders().keys(),
        office_keys=OFFICE_PLACEHOLDERS,
        known=values.keys(),
        names={s.key: s.title.strip() for s in sections(out_line, period)},
    )  # fmt: skip


def _with_byline_prompt(text: compose.Composed, person: str, post: str) -> compose.Composed:
    """The composed text, with a prompt for the post when the office has not written it."""
    if post:
        return text
    ask = Claim(BYLINE, -1, claims_model.prompt(f"{person}的职务（在“报告正文”的报告人一栏填写）"), claims_model.PROMPT)
    return dataclasses.replace(text, claims=[ask, *text.claims])


# -- the document ------------------------------------------------------------------------------


def build_shufa(period: Period, person: str, *, issue_date: dt.date | None = None, draft: bool = False,
                public: bool = False, unit: units.UnitRef = None) -> writing.BuiltReport:  # fmt: skip
    """``person``'s 述法报告 of ``period``: context, warnings and composed text."""
    unit = writing.report_unit(unit)
    person = check_person(person, period, unit)
    profile = settings.profile_values(unit)
    options = ReportOptions.load(unit)
    values = values_for(period, person, unit)
    inputs = composition_inputs(period, person, values, options, unit)
    post = post_of(person, unit)
    text = _with_byline_prompt(compose.compose(inputs), person, post)
    shown_post = post or claims_model.prompt(f"{person}的职务")
    layout = writing.Layout(masthead=False, addressee="", byline=byline(person, shown_post), signed=False, note="")
    ctx = writing.document_context(profile, documents.SHUFA.title(profile, period), text.body, options,
                                   attachments=[], doc_number=None, issue_date=issue_date, public=public, draft=draft,
                                   layout=layout)  # fmt: skip
    return writing.BuiltReport(ctx, list(text.warnings), text, {**inputs.names, BYLINE: BYLINE_NAME})


def export_shufa(period: Period, person: str, out_path: Path, *, public: bool = False, pdf: bool = False,
                 issue_date: dt.date | None = None, page_count: str = "auto", draft: bool = False,
                 unit: units.UnitRef = None, **_ignored: object) -> writing.ExportResult:  # fmt: skip
    """Write ``person``'s 述法报告 (.docx, PDF on request): the export gate and drafts as
    ``annual_report.export_report`` (a 述法报告 has no 发文字号 and no 附件: those options are ignored)."""
    writing.refuse_draft_public(public=public, draft=draft)
    out_path = writing.docx_target(out_path)
    unit = writing.report_unit(unit)
    built = build_shufa(period, person, issue_date=issue_date, draft=draft, public=public, unit=unit)
    return writing.export_built(built, report_profile(unit), out_path, pdf=pdf, page_count=page_count,
                                what=documents.SHUFA.what(period, person.strip()), public=public, draft=draft)  # fmt: skip
