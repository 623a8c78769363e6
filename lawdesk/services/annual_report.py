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
from lawdesk.report import compose, content, narrative
from lawdesk.report.compose import SectionText
from lawdesk.report.content import SectionDef, Suggestion
from lawdesk.report.context import ReportContext
from lawdesk.report.outline import BUILT_IN, Outline, default_outline
from lawdesk.report.profile import DEFAULT_PRESET, PRESETS
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
from lawdesk.services.report_values import (  # noqa: F401 - the values of the annual report's texts, named from here too
    COVERAGE,
    EXTRA_PLACEHOLDERS,
    LAW_TITLES_LIMIT,
    LIST_BACKING,
    LIST_LIMIT,
    LIST_SOURCES,
    OFFICE_PLACEHOLDERS,
    UNIT_NOUNS,
    fill,
    from_display,
    honor_sentence,
    law_title,
    limited_items,
    period_words,
    placeholder_names,
    placeholders,
    record_placeholders,
    text_item,
    text_values,
    to_display,
    values_for,
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
    from lawdesk.report.writer import build_document, sanitise_profile

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
