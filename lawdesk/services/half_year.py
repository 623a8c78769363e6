"""The half-year summary (上半年法治政府建设工作总结): the office's work of 1 January – 30 June.

The county asks every 乡镇（街道） for it in July. It is written from the same records, values and
composition engine as the annual report (``report_values.values_for``, ``annual_report.composition_inputs``,
``report/compose.py``), along its own outline (``report/half_year_content.py``: 工作开展情况, 存在的
问题, 工作打算; editable like the annual report's) with its own words, stored apart
(``words.TextStore`` "hy:"). Any period may be chosen; the default is the first half of a year.

The comparison with the same period of the year before is the 附件's (``report_data``): the
prior period is compared only when its ledger was kept, under the same rule as the annual report.

Layout (``HalfYearOptions``, per unit): a 报告 without 版头 by default (no 发文字号, no 签发人, no
版记: as counties usually ask for it), or with the office's 版头 when the county wants one; 主送
the county's 依法治县办 unless the office names another addressee; no 附注.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lawdesk.errors import LawdeskError
from lawdesk.report import compose, half_year_content
from lawdesk.report.compose import SectionText
from lawdesk.report.content import SectionDef
from lawdesk.report.outline import Outline
from lawdesk.services import (
    annual_report,
    documents,
    report_values,
    settings,
    stats,
    units,
    words,
    writing,
)
from lawdesk.services.period import Period
from lawdesk.services.report_data import data_attachment
from lawdesk.services.report_settings import ReportOptions, report_profile

WORDS = words.TextStore("半年总结", "hy:", "half_year_outline", "half_year_suggestions_{year}",
                        half_year_content.outline, half_year_content.BUILT_IN)  # fmt: skip
WORDING = annual_report.Wording(WORDS, half_year_content.default_text, half_year_content.empty_prompt)
OPTIONS_KEY = "half_year_options"
DEFAULT_ADDRESSEE = "县委依法治县办"


@dataclass
class HalfYearOptions:
    """How an office sends its half-year summary (stored per unit)."""

    masthead: bool = False  # 版头 (发文机关标志, 发文字号) and 版记, as for the annual report
    addressee: str = DEFAULT_ADDRESSEE  # 主送机关

    @classmethod
    def load(cls, unit: units.UnitRef = None) -> HalfYearOptions:
        data = settings.get(OPTIONS_KEY, {}, unit=unit) or {}
        base = cls()
        addressee = str(data.get("addressee") or "").strip().rstrip("：:") or base.addressee
        return cls(masthead=bool(data.get("masthead", base.masthead)), addressee=addressee[:100])

    def save(self, unit: units.UnitRef = None) -> None:
        if not self.addressee.strip():
            raise LawdeskError("请填写半年总结的主送机关，如：县委依法治县办。")
        settings.put(OPTIONS_KEY, {"masthead": self.masthead, "addressee": self.addressee.strip()}, unit=unit)


def default_period(year: int) -> Period:
    """1 January – 30 June of ``year``."""
    return Period.first_half(year)


# -- the words ---------------------------------------------------------------------------------


def section_text(year: int, key: str, unit: units.UnitRef = None) -> SectionText:
    """One part's text for ``year``: the office's own (this year's or carried), else the default."""
    own = WORDS.texts(year, unit).get(key)
    return own if own is not None else SectionText(half_year_content.default_text(key))


def save_text(year: int, key: str, text: str, unit: units.UnitRef = None) -> None:
    known = {"preamble", "closing", *(n.key for n in WORDS.outline(unit).walk())}
    if key not in known:
        raise LawdeskError(f"半年总结中没有“{key}”这一部分。")
    WORDS.save(year, key, text, unit)


def sections(outline: Outline, values: dict[str, object]) -> list[SectionDef]:
    """开头, each section of ``outline`` (its headings filled with the period's words), 结尾."""
    return words.outline_sections(outline, half_year_content.default_text, annual_report.title_words(values))


def composition_inputs(period: Period, values: dict[str, object], figures: dict[str, object],
                       options: ReportOptions | None = None, unit: units.UnitRef = None) -> compose.Inputs:  # fmt: skip
    """What the composition engine needs for the office's half-year summary of ``period``."""
    return annual_report.composition_inputs(period, values, figures, options, unit, wording=WORDING)


# -- the document ------------------------------------------------------------------------------


def build_half_year(
    period: Period, *, public: bool = False, attachment: bool | None = None, doc_number: int | None = None,
    issue_date: dt.date | None = None, draft: bool = False, unit: units.UnitRef = None,
) -> writing.BuiltReport:
    """The office's half-year summary of ``period``: context, warnings and composed text."""
    unit = writing.report_unit(unit)
    writing.require_profile(unit)
    profile = settings.profile_values(unit)
    options = ReportOptions.load(unit)
    layout_options = HalfYearOptions.load(unit)
    figures = stats.compute(period, unit, lists=annual_report.lists_named(period, unit, WORDING))
    values = report_values.values_for(period, figures, unit)
    inputs = composition_inputs(period, values, figures.values, options, unit)
    text = compose.compose(inputs)
    with_attachment = options.attachment if attachment is None else attachment
    attachments = [data_attachment(period, figures, options, unit)] if with_attachment else []
    layout = writing.Layout(masthead=layout_options.masthead, addressee=layout_options.addressee, note="")
    ctx = writing.document_context(profile, documents.HALF_YEAR.title(profile, period), text.body, options,
                                   attachments=attachments, doc_number=doc_number, issue_date=issue_date,
                                   public=public, draft=draft, layout=layout)  # fmt: skip
    return writing.BuiltReport(ctx, list(text.warnings), text, dict(inputs.names))


def export_half_year(
    period: Period, out_path: Path, *, public: bool = False, pdf: bool = False, attachment: bool | None = None,
    doc_number: int | None = None, issue_date: dt.date | None = None, page_count: str = "auto",
    draft: bool = False, unit: units.UnitRef = None,
) -> writing.ExportResult:
    """Write the half-year summary (.docx, PDF on request): the export gate and drafts as
    ``annual_report.export_report``."""
    writing.refuse_draft_public(public=public, draft=draft)
    out_path = writing.docx_target(out_path)
    unit = writing.report_unit(unit)
    built = build_half_year(period, public=public, attachment=attachment, doc_number=doc_number,
                            issue_date=issue_date, draft=draft, unit=unit)  # fmt: skip
    return writing.export_built(built, report_profile(unit), out_path, pdf=pdf, page_count=page_count,
                                what=documents.HALF_YEAR.what(period), public=public, draft=draft)  # fmt: skip
