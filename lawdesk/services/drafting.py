"""A document as its editor works on it: outline, words per year, preview with backing, export.

The 报告与总结 page edits one document of one unit at a time: an office's annual report (or, in a
county database, the county's own report), its half-year summary, or one leader's 述法报告. All
are the same composition engine fed differently (``report/compose.py``); this module gives the
page one face for each (``OfficeReport`` and its subclasses), so the page never asks which it has.

For the preview it fills one part of the text as the editor holds it and gives the claim of
each sentence with its backing: the records behind it ("26 条记录"), the office's own words
("本单位填写"), or a prompt still to fill ("待填写").

(Some 500 lines: one small class per kind of document, each a face over its own service; the
page needs them side by side, and split apart they would only import one another.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lawdesk.report import claims as claims_model
from lawdesk.report import compose, content, half_year_content, lint, shufa_content
from lawdesk.report.claims import Claim
from lawdesk.report.compose import SectionText
from lawdesk.report.content import SectionDef, Suggestion
from lawdesk.report.context import BodyParagraph
from lawdesk.report.outline import Outline
from lawdesk.services import (
    annual_report,
    documents,
    gate,
    half_year,
    leaders,
    report_values,
    shufa,
    stats,
    units,
)
from lawdesk.services.period import Period


@dataclass(frozen=True)
class Sentence:
    """One sentence of the preview with its backing as the editor shows it."""

    claim: Claim
    label: str  # "26 条记录" | "本单位填写" | "待填写" | …
    figures: tuple[str, ...]  # the figures whose records stand behind it (click: the records)


@dataclass(frozen=True)
class FigureRow:
    """One figure as the 统计数据 tab lists it."""

    section: str
    key: str
    label: str
    value: str  # this period, as written ("26次")
    previous: str  # the same period of the year before


class OfficeReport:
    """An office's annual report (``unit`` None: this database's own office)."""

    kind = documents.ANNUAL
    county = False
    personal = False  # a person's own report (述法): chosen person, no 发文字号, no 附件

    def __init__(self, unit: units.UnitRef = None) -> None:
        self.unit = unit

    # -- the outline and the words ---------------------------------------------------------

    def outline(self) -> Outline:
        return annual_report.report_outline(self.unit)

    def save_outline(self, outline: Outline) -> None:
        annual_report.save_report_outline(outline, self.unit)

    def rename_section(self, outline: Outline, key: str, title: str, year: int) -> None:
        annual_report.rename_section(outline, key, title, year, self.unit)

    def outline_names(self) -> list[str]:
        return annual_report.outline_names()

    def use_built_in_outline(self, name: str) -> Outline:
        return annual_report.use_built_in_outline(name, self.unit)

    def sections(self, outline: Outline, period: Period) -> list[SectionDef]:
        return annual_report.sections(outline, period.end.year, self.unit)

    def default_period(self, year: int) -> Period:
        """The period the document covers when the clerk picks ``year``."""
        return Period.year(year)

    def section_text(self, year: int, key: str) -> SectionText:
        return annual_report.section_text(year, key, self.unit)

    def starting_text(self, outline: Outline, key: str) -> str:
        """What the editor shows for a part that holds nothing: the prompt the report would print
        (the clerk writes over it; saved unchanged, it still asks)."""

        node = outline.find(key)
        if key == "closing" or (node is not None and node.children):
            return ""
        return self._empty_prompt(key, node.title if node is not None else "")

    def _empty_prompt(self, key: str, title: str) -> str:
        return content.empty_prompt(key, title)

    def save_text(self, year: int, key: str, text: str) -> None:
        annual_report.save_narrative(year, key, text, self.unit)

    def reset_text(self, year: int, key: str) -> None:
        annual_report.reset_narrative(year, key, self.unit)

    def placeholders(self) -> list[tuple[str, str]]:
        return report_values.placeholders()

    # -- figures and values ----------------------------------------------------------------

    def figures(self, period: Period) -> stats.Figures:
        return stats.compute(period, self.unit)

    def values(self, period: Period, figures: stats.Figures) -> dict[str, object]:
        return report_values.values_for(period, figures, self.unit)

    def fill(self, text: str, values: Mapping[str, object]) -> str:
        return report_values.fill(text, values, annual_report.ReportOptions.load(self.unit))

    def inputs(self, period: Period, values: Mapping[str, object], figures: Mapping[str, object]) -> compose.Inputs:
        return annual_report.composition_inputs(period, values, figures, None, self.unit)

    def figure_of(self, key: str) -> str | None:
        """The figure whose records stand behind placeholder ``key``."""
        return report_values.record_placeholders().get(key)

    def records_behind(self, figure: str, period: Period) -> set[tuple[str, int]]:
        kind, query = self.records_query(figure, period)
        return {(kind, rid) for (rid,) in query.select(query.model.id).tuples()}

    def records_query(self, figure: str, period: Period):  # noqa: ANN201 - (kind, a peewee query)
        """(record kind, query) of the records ``figure`` counts in ``period``."""
        return stats.records_behind(figure, period, self.unit)

    def figure_label(self, figure: str) -> str:
        return stats.FIGURES_BY_KEY[figure].label

    def figure_rows(self, period: Period) -> list[FigureRow]:
        """Every figure of the period beside the same period of the year before."""
        now, before = self.figures(period), self.figures(period.previous())
        return [FigureRow(f.section or "其他", f.key, f.label, stats.format_value(f, now.values.get(f.key)),
                          stats.format_value(f, before.values.get(f.key))) for f in stats.FIGURES]  # fmt: skip

    # -- suggestions -----------------------------------------------------------------------

    def offered_suggestions(self, figures: Mapping[str, object]) -> list[Suggestion]:
        return annual_report.offered_suggestions(figures)

    def chosen_suggestions(self, year: int) -> list[str]:
        return annual_report.chosen_suggestions(year, self.unit)

    def save_chosen_suggestions(self, year: int, ids: list[str]) -> None:
        annual_report.save_chosen_suggestions(year, ids, self.unit)

    # -- export ----------------------------------------------------------------------------

    def profile(self) -> dict[str, object]:
        """The unit's 单位设置 (文号, 签发人 …)."""
        from lawdesk.services import settings

        return settings.profile_values(self.unit)

    def unit_name(self) -> str:
        return str(self.profile().get("unit_name") or "")

    def lacks_signer(self, *, public: bool) -> bool:
        """Whether its 报送版 would be refused for want of a 签发人 (``writing.refuse_unsigned``):
        a document with a 版头 names its signer (GB/T 9704 §7.2.6)."""
        from lawdesk.services.writing import split_names, unsigned

        return unsigned(masthead=self.has_masthead() and not public, draft=False,
                        signers=split_names(self.profile().get("signers")))

    def has_masthead(self) -> bool:
        return True

    def file_name(self, period: Period, *, public: bool = False, draft: bool = False) -> str:
        return self.kind.file_name(self.unit_name(), period, public=public, draft=draft)

    def profile_is_complete(self) -> bool:
        from lawdesk.services import settings

        return settings.profile_is_complete(self.unit)

    def prompt_items(self, period: Period) -> list[gate.PromptItem]:
        """What the office still has to write before a 报送版 or 公开版 (the gate's list)."""
        figures = self.figures(period)
        inputs = self.inputs(period, self.values(period, figures), figures.values)
        return gate.prompt_items(compose.compose(inputs).claims, inputs.names)

    def export(self, period: Period, out: Path, **options: object) -> annual_report.ExportResult:
        return annual_report.export_report(period, out, unit=self.unit, **options)  # type: ignore[arg-type]


class CountyReport(OfficeReport):
    """The county's own report (全县乡镇（街道）), written by the county unit of a county database."""

    kind = documents.COUNTY
    county = True

    def __init__(self) -> None:
        from lawdesk.services import county_report

        self._cr = county_report
        super().__init__(county_report.county_unit())

    def outline(self) -> Outline:
        return self._cr.county_report_outline()

    def rename_section(self, outline: Outline, key: str, title: str, year: int) -> None:
        outline.rename(key, title)
        self.save_outline(outline)

    def outline_names(self) -> list[str]:
        return []

    def use_built_in_outline(self, name: str) -> Outline:  # noqa: ARG002 - the county has one
        outline = self._cr.county_outline()
        self.save_outline(outline)
        return outline

    def sections(self, outline: Outline, period: Period) -> list[SectionDef]:
        return self._cr.county_sections(outline, period.end.year)

    def section_text(self, year: int, key: str) -> SectionText:
        from lawdesk.report import county_content

        own = annual_report.section_texts(year, self.unit).get(key)
        return own if own is not None else SectionText(county_content.default_text(key))

    def save_text(self, year: int, key: str, text: str) -> None:
        self._cr.save_county_narrative(year, key, text)

    def _empty_prompt(self, key: str, title: str) -> str:
        from lawdesk.report import county_content

        return county_content.empty_prompt(key, title)

    def placeholders(self) -> list[tuple[str, str]]:
        return self._cr.county_placeholders()

    def _figures(self, period: Period):  # noqa: ANN202 - a CountyFigures
        return self._cr.county_figures(period)

    def figures(self, period: Period) -> stats.Figures:
        cf = self._figures(period)
        return cf.reporting_total or cf.total

    def values(self, period: Period, figures: stats.Figures) -> dict[str, object]:  # noqa: ARG002
        return self._cr.county_values(self._figures(period), self._cr.unit_profile(self.unit))

    def fill(self, text: str, values: Mapping[str, object]) -> str:
        return content.fill(text, self._cr.text_values(values, annual_report.ReportOptions.load(self.unit)))

    def inputs(self, period: Period, values: Mapping[str, object], figures: Mapping[str, object]) -> compose.Inputs:
        return self._cr.county_inputs(period, values, figures)

    def figure_of(self, key: str) -> str | None:
        from lawdesk.report import county_content

        key = key.removesuffix(county_content.BY_OFFICE)
        return key if key in stats.FIGURES_BY_KEY else None

    def records_behind(self, figure: str, period: Period) -> set[tuple[str, int]]:
        from lawdesk.services import county

        kind, query = county.records_behind(figure, period, None)
        return {(kind, rid) for (rid,) in query.select(query.model.id).tuples()}

    def profile(self) -> dict[str, object]:
        return self._cr.unit_profile(self.unit)

    def unit_name(self) -> str:
        return str(self.profile().get("unit_name") or self._cr.county_unit().name)

    def profile_is_complete(self) -> bool:
        profile = self.profile()
        return all(profile.get(f.name) not in (None, "") for f in self._cr.COUNTY_PROFILE.fields if f.required)

    def export(self, period: Period, out: Path, **options: object) -> annual_report.ExportResult:
        return self._cr.export_county_report(period, out, **options)  # type: ignore[arg-type]


class HalfYearSummary(OfficeReport):
    """The office's half-year summary (上半年法治政府建设工作总结): the annual report's values and
    data clauses along its own outline, with its own words (``services.half_year``)."""

    kind = documents.HALF_YEAR

    def has_masthead(self) -> bool:
        return half_year.HalfYearOptions.load(self.unit).masthead

    def outline(self) -> Outline:
        return half_year.WORDS.outline(self.unit)

    def save_outline(self, outline: Outline) -> None:
        half_year.WORDS.save_outline(outline, self.unit)

    def rename_section(self, outline: Outline, key: str, title: str, year: int) -> None:  # noqa: ARG002
        outline.rename(key, title)
        self.save_outline(outline)

    def outline_names(self) -> list[str]:
        return list(half_year.WORDS.built_in)

    def use_built_in_outline(self, name: str) -> Outline:
        return half_year.WORDS.use_built_in(name, self.unit)

    def sections(self, outline: Outline, period: Period) -> list[SectionDef]:
        return half_year.sections(outline, report_values.period_words(period) | {"year": period.end.year})

    def default_period(self, year: int) -> Period:
        return half_year.default_period(year)

    def section_text(self, year: int, key: str) -> SectionText:
        return half_year.section_text(year, key, self.unit)

    def _empty_prompt(self, key: str, title: str) -> str:
        return half_year_content.empty_prompt(key, title)

    def save_text(self, year: int, key: str, text: str) -> None:
        half_year.save_text(year, key, text, self.unit)

    def reset_text(self, year: int, key: str) -> None:
        half_year.WORDS.reset(year, key, self.unit)

    def inputs(self, period: Period, values: Mapping[str, object], figures: Mapping[str, object]) -> compose.Inputs:
        return half_year.composition_inputs(period, dict(values), dict(figures), None, self.unit)

    def chosen_suggestions(self, year: int) -> list[str]:
        return half_year.WORDS.chosen(year, self.unit)

    def save_chosen_suggestions(self, year: int, ids: list[str]) -> None:
        half_year.WORDS.save_chosen(year, ids, self.unit)

    def export(self, period: Period, out: Path, **options: object) -> annual_report.ExportResult:
        return half_year.export_half_year(period, out, unit=self.unit, **options)  # type: ignore[arg-type]


class ShufaReport(OfficeReport):
    """One leader's 述法报告: the person's own records and words (``services.shufa``)."""

    kind = documents.SHUFA
    personal = True

    def has_masthead(self) -> bool:
        return False  # a leader's own report: title, byline, body, date

    def __init__(self, person: str = "", unit: units.UnitRef = None) -> None:
        super().__init__(unit)
        self.person = person

    # -- the person ------------------------------------------------------------------------

    def people(self, period: Period) -> list[leaders.Candidate]:
        """Whom a 述法报告 may be written for: 党政主要负责人 first, then the records' 主持人、带队领导."""
        return leaders.candidates(period, self.unit)

    def post(self) -> str:
        return shufa.post_of(self.person, self.unit) if self.person else ""

    def save_post(self, post: str) -> None:
        shufa.save_post(self.person, post, self.unit)

    def missing(self, period: Period) -> list[leaders.Missing]:
        """The records of the period that do not say who chaired or led (none counts for anyone)."""
        return leaders.missing(period, self.unit)

    def missing_query(self, kind: str, period: Period):  # noqa: ANN201 - a peewee query
        return leaders.missing_query(kind, period, self.unit)

    # -- the outline and the words ---------------------------------------------------------

    def outline(self) -> Outline:
        return shufa.outline(self.unit)

    def save_outline(self, outline: Outline) -> None:
        shufa.words_of(self.person).save_outline(outline, self.unit)

    def rename_section(self, outline: Outline, key: str, title: str, year: int) -> None:  # noqa: ARG002
        outline.rename(key, title)
        self.save_outline(outline)

    def outline_names(self) -> list[str]:
        return list(shufa_content.BUILT_IN)

    def use_built_in_outline(self, name: str) -> Outline:
        return shufa.words_of(self.person).use_built_in(name, self.unit)

    def sections(self, outline: Outline, period: Period) -> list[SectionDef]:
        return shufa.sections(outline, period)

    def section_text(self, year: int, key: str) -> SectionText:
        return shufa.section_text(year, self.person, key, self.unit)

    def _empty_prompt(self, key: str, title: str) -> str:
        return shufa_content.empty_prompt(key, title)

    def save_text(self, year: int, key: str, text: str) -> None:
        shufa.save_text(year, self.person, key, text, self.unit)

    def reset_text(self, year: int, key: str) -> None:
        shufa.words_of(self.person).reset(year, key, self.unit)

    def placeholders(self) -> list[tuple[str, str]]:
        return shufa.placeholders()

    # -- figures and values ----------------------------------------------------------------

    def figures(self, period: Period) -> stats.Figures:
        return stats.Figures(period, leaders.figures(self.person, period, self.unit) if self.person else {})

    def values(self, period: Period, figures: stats.Figures) -> dict[str, object]:  # noqa: ARG002
        return shufa.values_for(period, self.person, self.unit)

    def fill(self, text: str, values: Mapping[str, object]) -> str:
        return content.fill(text, report_values.text_values(values, annual_report.ReportOptions.load(self.unit)))

    def inputs(self, period: Period, values: Mapping[str, object], figures: Mapping[str, object]) -> compose.Inputs:
        return shufa.composition_inputs(period, self.person, values, None, self.unit)

    def figure_of(self, key: str) -> str | None:
        return shufa.record_placeholders().get(key)

    def records_query(self, figure: str, period: Period):  # noqa: ANN201 - (kind, a peewee query)
        return leaders.records_behind(figure, self.person, period, self.unit)

    def figure_label(self, figure: str) -> str:
        return leaders.PERSON_FIGURES_BY_KEY[figure].label

    def figure_rows(self, period: Period) -> list[FigureRow]:
        now, before = self.figures(period), self.figures(period.previous())
        section = f"{self.person}本人主持、带队或参加" if self.person else "请先选择报告人"
        return [FigureRow(section, f.key, f.label, stats.format_value(f, now.values.get(f.key)),
                          stats.format_value(f, before.values.get(f.key))) for f in leaders.PERSON_FIGURES]  # fmt: skip

    # -- suggestions: the office's, not a person's ------------------------------------------

    def offered_suggestions(self, figures: Mapping[str, object]) -> list[Suggestion]:  # noqa: ARG002
        return []

    def chosen_suggestions(self, year: int) -> list[str]:  # noqa: ARG002
        return []

    def save_chosen_suggestions(self, year: int, ids: list[str]) -> None:  # noqa: ARG002
        return None

    # -- export ----------------------------------------------------------------------------

    def file_name(self, period: Period, *, public: bool = False, draft: bool = False) -> str:
        return self.kind.file_name(self.unit_name(), period, public=public, draft=draft, person=self.person)

    def profile_is_complete(self) -> bool:
        return bool(self.person)

    def prompt_items(self, period: Period) -> list[gate.PromptItem]:
        built = shufa.build_shufa(period, self.person, unit=self.unit)
        return gate.prompt_items(built.text.claims, built.names)

    def export(self, period: Period, out: Path, **options: object) -> annual_report.ExportResult:
        return shufa.export_shufa(period, self.person, out, unit=self.unit, **options)  # type: ignore[arg-type]


def for_database() -> OfficeReport:
    """The document the 年度报告 page edits here: the county's report in a county database (a
    database holding a county unit), else this office's own report."""
    from lawdesk.services import county_report

    if units.is_county_database():
        try:
            county_report.county_unit()
        except Exception:  # noqa: BLE001 - no county unit yet: the offices' database, no report of its own
            return OfficeReport()
        return CountyReport()
    return OfficeReport()


# --------------------------------------------------------------------------------------------
# The preview: one part as the editor holds it, each sentence with its backing


@dataclass
class Preview:
    paragraphs: list[BodyParagraph]
    sentences: list[Sentence]
    issues: list[lint.Issue]  # what the linter finds in the part


def preview(
    document: OfficeReport, period: Period, key: str, text: str, values: Mapping[str, object],
    figures: Mapping[str, object], *, saved: bool, year: int | None = None,
) -> Preview:
    """Part ``key`` filled from ``text`` (the editor's), numbered, its sentences with their backing;
    ``saved`` says whether the text is the office's own (stored or being written) or the default."""
    inputs = document.inputs(period, values, figures)
    origin = year if saved else None
    part = compose.preview(inputs, key, SectionText(text, origin))
    paragraphs, part_claims = part.body, part.claims
    out = []
    for claim in part_claims:
        keys = tuple(dict.fromkeys(f for k in claim.keys if (f := document.figure_of(k)) is not None))
        out.append(Sentence(claim, claims_model.backing_label(claim) if claim.kind != claims_model.DATA else "",
                            keys if claim.kind == claims_model.DATA else ()))  # fmt: skip
    return Preview(paragraphs, out, part.lint)


class RecordCounter:
    """How many records stand behind a sentence (distinct records of its figures), cached by
    figure for one period; ``clear`` when the records change."""

    def __init__(self, document: OfficeReport) -> None:
        self.document = document
        self._cache: dict[tuple[Period, str], set[tuple[str, int]]] = {}

    def clear(self) -> None:
        self._cache.clear()

    def records(self, period: Period, figures: tuple[str, ...]) -> set[tuple[str, int]]:
        found: set[tuple[str, int]] = set()
        for figure in figures:
            key = (period, figure)
            if key not in self._cache:
                self._cache[key] = self.document.records_behind(figure, period)
            found |= self._cache[key]
        return found

    def label(self, period: Period, sentence: Sentence) -> str:
        if sentence.label:
            return sentence.label
        count = len(self.records(period, sentence.figures)) if sentence.figures else None
        return claims_model.backing_label(sentence.claim, count)
