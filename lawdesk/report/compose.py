"""The composition engine: one outline, the values of a period and the office's words → the body.

Every document lawdesk writes from the ledger — an office's annual report, the county's report,
and the documents still to come (半年总结, 述法报告) — is put together here, and only here:

1. each text along the outline (开头, every section's body, 结尾) is the office's own (written for
   this year or carried from an earlier year: ``SectionText.year``) or, where it has none, the
   program's default for the document (data clauses and prompts only);
2. the text is filled with the period's values by the narrative grammar (``report/narrative.py``),
   each printed value marked (``report/claims.py``);
3. a text left empty (no data, no words) becomes a prompt naming what to write, unless the part
   may stay empty (``Inputs.optional``, e.g. 结尾);
4. the suggestions the clerk ticked go into 不足 and 计划 as numbered points;
5. the parts are assembled along the outline and numbered (``content.assemble``);
6. every sentence gets its claim, the marks go, and the linter and proofreader read the result.

Pure functions, no database: the services gather the inputs of each kind of document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from lawdesk.report import claims as claims_model
from lawdesk.report import content, lint, narrative, proofread
from lawdesk.report.claims import Claim, Marker, Origin
from lawdesk.report.content import Suggestion
from lawdesk.report.context import BodyParagraph
from lawdesk.report.narrative import Value
from lawdesk.report.outline import ROLE_PLANS, ROLE_SHORTCOMINGS, Outline

FIXED_KEYS = ("preamble", "closing")


@dataclass(frozen=True)
class SectionText:
    """One part's stored text (placeholders kept) and whose it is."""

    text: str
    year: int | None = None  # the year the office wrote it for; None: the program's default


@dataclass
class Inputs:
    """Everything one composition needs (gathered by the service of each document)."""

    outline: Outline
    texts: Mapping[str, SectionText]  # the office's own texts by key; the others use ``default``
    default: Callable[[str], str]  # key → the program's default text (data clauses and prompts)
    empty_prompt: Callable[[str], str]  # key → the prompt shown where a part is left empty
    values: Mapping[str, Value]  # the period's values as text (see ``content.format_values``)
    record_keys: Collection[str]  # the placeholders whose values come from the records
    office_keys: Collection[str]  # the placeholders whose values are the office's own 单位设置
    known: Collection[str]  # every placeholder a text may use (others are reported)
    suggestions: Sequence[Suggestion] = ()  # ticked by the clerk and supported by the figures
    suggestion_keys: Mapping[str, str] = field(default_factory=dict)  # suggestion id → figure key
    headings: Mapping[str, str] = field(default_factory=dict)  # stored heading overrides by key
    names: Mapping[str, str] = field(default_factory=dict)  # how the editor names each part
    optional: Collection[str] = ("closing",)  # parts that may stay empty without a prompt


@dataclass
class Composed:
    """A composed body: its paragraphs, the claim of every sentence, and what was found."""

    body: list[BodyParagraph]
    claims: list[Claim]
    warnings: list[str]
    lint: list[lint.Issue]
    proofread: list[lint.Issue]

    @property
    def prompts(self) -> list[Claim]:
        """The sentences still asking for the office's words (the export gate lists them)."""
        return claims_model.open_prompts(self.claims)


def keys_along(outline: Outline) -> list[str]:
    """Every part of a document along ``outline``: 开头, each section, 结尾."""
    return ["preamble", *(n.key for n in outline.walk()), "closing"]


def source_of(inputs: Inputs, key: str) -> SectionText:
    stored = inputs.texts.get(key)
    return stored if stored is not None else SectionText(inputs.default(key))


def needs_text(inputs: Inputs, key: str) -> bool:
    """Whether an empty part gets a prompt: 开头 and every leaf section (a section with
    subsections may have no body of its own), but not the parts that may stay empty."""
    if key in inputs.optional:
        return False
    node = inputs.outline.find(key)
    return node is None or not node.children


def fill_part(inputs: Inputs, key: str, mark: narrative.Mark = None) -> tuple[str, bool]:
    """One part filled with the period's values; a prompt (and True) when it is left empty."""
    filled = content.fill(source_of(inputs, key).text, inputs.values, mark)
    if not filled.strip() and needs_text(inputs, key):
        return content.fill(inputs.empty_prompt(key), inputs.values), True
    return filled, False


def compose(inputs: Inputs) -> Composed:
    """The body of one document along its outline, with the claim of every sentence."""
    marker = Marker()
    warnings: list[str] = []
    filled: dict[str, str] = {}
    prompted: set[str] = set()
    origins: dict[str, Origin] = {}
    for key in keys_along(inputs.outline):
        source = source_of(inputs, key)
        unknown = narrative.unknown_placeholders(source.text, inputs.known)
        if unknown:
            name = inputs.names.get(key, key)
            warnings.append(f"“{name}”中有无法识别的占位符：{'、'.join('{' + u + '}' for u in unknown)}")
        filled[key], empty = fill_part(inputs, key, marker)
        filled[key] = claims_model.tags_after_items(filled[key])
        if empty:
            prompted.add(key)
        origins[key] = Origin(key, source.year)
    titles = {}
    for node in inputs.outline.walk():
        override = inputs.headings.get(node.key)  # a heading edited per year before outlines existed
        title = narrative.strip_heading_number(override) if override else node.title
        titles[node.key] = content.fill(title, inputs.values)
    for role in (ROLE_SHORTCOMINGS, ROLE_PLANS):
        node = inputs.outline.with_role(role)
        if node is None:
            continue
        points = [_suggestion(s, inputs, marker) for s in inputs.suggestions if s.role == role]
        points = [p for p in points if p]
        if points:
            own = "" if node.key in prompted else filled.get(node.key, "")  # the points fill an empty part
            filled[node.key] = content.join_points(own, points, role)
    traced = content.assemble_traced(inputs.outline, filled, titles)
    paragraphs = [(para, Origin(key, origins[key].year if key in origins else None, heading))
                  for para, key, heading in traced]  # fmt: skip
    body, claims = claims_model.extract(paragraphs, marker, inputs.record_keys, inputs.office_keys)
    issues = lint.lint_body(body, content.level1_headings(inputs.outline, titles))
    proof = proofread.proofread_body(body)
    warnings.extend(f"文字检查：{i.message}（{i.where}）" for i in issues)
    warnings.extend(f"校对提示：{i.message}（{i.where}）" for i in proof)
    return Composed(body, claims, warnings, issues, proof)


def preview(inputs: Inputs, key: str, text: SectionText) -> Composed:
    """One part as the editor holds it (``text``): filled, numbered as a part on its own, with
    the claim of each sentence and what the linter finds in it."""
    marker = Marker()
    alone = dataclasses.replace(inputs, texts={**inputs.texts, key: text})
    filled, _empty = fill_part(alone, key, marker)
    paragraphs = content.numbered_paragraphs(claims_model.tags_after_items(filled))
    origin = Origin(key, text.year)
    body, claims = claims_model.extract([(p, origin) for p in paragraphs], marker, inputs.record_keys,
                                        inputs.office_keys)  # fmt: skip
    return Composed(body, claims, [], lint.lint_body(body) if body else [], [])


def _suggestion(suggestion: Suggestion, inputs: Inputs, marker: Marker) -> str:
    """A ticked suggestion, each of its sentences backed by the figure that offered it."""
    text = content.fill(suggestion.text, inputs.values, marker)
    key = inputs.suggestion_keys.get(suggestion.id, suggestion.figure)
    return "".join(marker.tag(key) + piece for piece in claims_model.cut(text))
