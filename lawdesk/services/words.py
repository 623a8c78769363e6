"""A document's words as a unit keeps them: its parts' texts per year, its outline, the
suggestions it ticked.

Each kind of document a unit writes from its ledger keeps its own words apart (``TextStore``):

- the annual report (and, for the county unit, the county's report): texts stored under their
  part's key ("preamble", "s1", "m2" …), the outline under ``report_outline``;
- the half-year summary: texts under "hy:<key>", the outline under ``half_year_outline``;
- a leader's 述法报告: texts under "sf:<姓名>:<key>" (the person's own words, kept per person and
  year), one outline for every leader under ``shufa_outline``.

A text written for a year is the unit's words for that year and carries on to the later years
until the clerk writes new ones (``SectionText.year`` says which year it was written for). The
outline and the ticked suggestions are report settings of the unit (``settings.UNIT_KEYS``).
Texts travel to the county in the unit's packages with their stored names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lawdesk.errors import LawdeskError
from lawdesk.report import content
from lawdesk.report.compose import SectionText
from lawdesk.report.content import SectionDef, Suggestion
from lawdesk.report.outline import Outline
from lawdesk.services import events, settings, units

#: Where a stored part's name says which document it belongs to: "hy:m1", "sf:张健平:f1".
SEPARATOR = ":"
HEADING_SUFFIX = ".heading"  # a heading edited per year before outlines existed (the annual report's)


@dataclass(frozen=True)
class TextStore:
    """Where one kind of document keeps a unit's words (see the module docstring)."""

    label: str  # how the change log names the document ("年度报告")
    prefix: str  # "" for the annual report, "hy:" …
    outline_key: str  # the setting holding the unit's outline
    suggestions_key: str  # the setting of the suggestions ticked for a year ("…_{year}")
    default_outline: Callable[[], Outline]
    built_in: Mapping[str, Callable[[], Outline]] = field(default_factory=dict)

    def _stored(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _own(self, stored: str) -> str | None:
        """The part's key of a stored name that belongs to this document, else None."""
        if self.prefix:
            return stored[len(self.prefix):] if stored.startswith(self.prefix) else None
        return None if SEPARATOR in stored else stored

    # -- texts ---------------------------------------------------------------------------------

    def texts(self, year: int, unit: units.UnitRef = None) -> dict[str, SectionText]:
        """The unit's own text of each part for ``year``: written for it, or carried from the
        latest earlier year it wrote that part (its year says which)."""
        out = {}
        for stored, (row_year, text) in settings.narratives_up_to(year, unit=unit).items():
            key = self._own(stored)
            if key is not None:
                out[key] = SectionText(text, row_year)
        return out

    def written(self, year: int, key: str, unit: units.UnitRef = None) -> str | None:
        """The text the unit wrote for this very ``year`` (not carried), else None."""
        return settings.narrative(year, self._stored(key), unit=unit)

    def save(self, year: int, key: str, text: str, unit: units.UnitRef = None) -> None:
        settings.save_narrative(year, self._stored(key), text.strip(), unit=unit)
        events.notify("narrative", table=self.label, action="保存")

    def reset(self, year: int, key: str, unit: units.UnitRef = None) -> None:
        settings.reset_narrative(year, self._stored(key), unit=unit)
        events.notify("narrative", table=self.label, action="恢复默认")

    # -- the outline ---------------------------------------------------------------------------

    def outline(self, unit: units.UnitRef = None) -> Outline:
        return Outline.from_dict(settings.get(self.outline_key, unit=unit), default=self.default_outline)

    def save_outline(self, outline: Outline, unit: units.UnitRef = None) -> None:
        settings.put(self.outline_key, outline.to_dict(), unit=unit)
        events.notify("settings", table=f"{self.label}提纲", action="保存")

    def use_built_in(self, name: str, unit: units.UnitRef = None) -> Outline:
        if name not in self.built_in:
            raise LawdeskError(f"没有名为“{name}”的提纲。")
        outline = self.built_in[name]()
        self.save_outline(outline, unit)
        return outline

    # -- ticked suggestions --------------------------------------------------------------------

    def chosen(self, year: int, unit: units.UnitRef = None) -> list[str]:
        value = settings.get(self.suggestions_key.format(year=year), [], unit=unit)
        return [v for v in value if v in content.SUGGESTIONS_BY_ID] if isinstance(value, list) else []

    def save_chosen(self, year: int, ids: list[str], unit: units.UnitRef = None) -> None:
        unknown = [i for i in ids if i not in content.SUGGESTIONS_BY_ID]
        if unknown:
            raise LawdeskError(f"没有这条建议：{'、'.join(unknown)}")
        order = list(content.SUGGESTIONS_BY_ID)
        settings.put(self.suggestions_key.format(year=year), sorted(set(ids), key=order.index), unit=unit)
        events.notify("narrative", table=self.label, action="建议")


@dataclass
class UnitWords:
    """A unit's own words for a year along its outline: texts, old per-year headings, ticked suggestions."""

    texts: dict[str, SectionText]
    headings: dict[str, str]
    suggestions: list[Suggestion]


def unit_words(store: TextStore, year: int, unit: units.UnitRef, figures: Mapping[str, object]) -> UnitWords:
    """What ``unit`` wrote for ``year`` in ``store`` (or carries from its last year), and the
    suggestions it ticked that the figures still support."""
    texts = store.texts(year, unit)
    offered = {s.id for s in content.offered_suggestions(figures)}
    return UnitWords(
        texts={k: t for k, t in texts.items() if not k.endswith(HEADING_SUFFIX)},
        headings={k.removesuffix(HEADING_SUFFIX): t.text for k, t in texts.items()
                  if k.endswith(HEADING_SUFFIX) and t.year == year},
        suggestions=[content.SUGGESTIONS_BY_ID[i] for i in store.chosen(year, unit) if i in offered],
    )  # fmt: skip


def outline_sections(outline: Outline, default: Callable[[str], str],
                     title_words: Mapping[str, str] | None = None) -> list[SectionDef]:  # fmt: skip
    """开头, each section of ``outline`` with its number and whole name, 结尾 (``title_words``:
    the placeholders of the headings filled, "{year}" → "2022")."""
    out = [SectionDef("preamble", "开头", 0, default("preamble"))]
    for i, node in enumerate(outline.nodes, 1):
        out.append(SectionDef(node.key, f"{content.cn_number(i)}、{_short(node.title, title_words)}", 1,
                              default(node.key)))  # fmt: skip
        for j, child in enumerate(node.children, 1):
            out.append(SectionDef(child.key, f"　（{content.cn_number(j)}）{_short(child.title, title_words)}", 2,
                                  default(child.key)))  # fmt: skip
    out.append(SectionDef("closing", "结尾", 0, default("closing")))
    return out


def year_words(year: int | None) -> dict[str, str]:
    """The year placeholders of a heading: {year}, {next_year}."""
    return {} if year is None else {"year": str(year), "next_year": str(year + 1)}


def _short(title: str, words: Mapping[str, str] | None, limit: int = 60) -> str:
    """A heading's first sentence (its placeholders filled), as a choice names it."""
    for key, value in (words or {}).items():
        title = title.replace("{" + key + "}", value)
    title = title.split("。")[0]
    return title if len(title) <= limit else title[: limit - 1] + "…"
