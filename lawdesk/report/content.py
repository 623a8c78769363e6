"""The annual report's words: the default texts (data clauses and prompts), figure values, assembly.

Pure text functions, no database. A section's text follows the grammar of ``report/narrative.py``
(optional spans ［…］, placeholders ``{patrols}``, enumerations the program renumbers); the
clerk's edited text is stored with its placeholders, so a later correction of the records
updates the report. ``assemble`` puts the filled texts together along the office's outline
(``report/outline.py``), numbering every heading and every 一是/（一）/1. item; the composition
engine (``report/compose.py``) is the one that calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from lawdesk.report import headings, narrative
from lawdesk.report.context import LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_PLAIN, BodyParagraph
from lawdesk.report.narrative import Items, Numbering, Value, cn_number, fill, unknown_placeholders
from lawdesk.report.outline import ROLE_PLANS, ROLE_SHORTCOMINGS, Outline

__all__ = ["fill", "unknown_placeholders", "Items"]



@dataclass(frozen=True)
class SectionDef:
    """One editable text of the report (a body of the outline, the opening or the closing)."""

    key: str
    title: str  # how the editor names it
    level: int
    default: str


@dataclass
class FillOptions:
    """How figures are written: "100余起" for the keys in ``approx``; rates with N decimals."""

    approx: frozenset[str] = frozenset({"disputes_resolved"})
    rate_decimals: int = 0


def approximate(n: int) -> str:
    """A count written with 余, keeping its first two digits: 392 → "390余", 433 → "430余",
    103 → "100余", 1180 → "1100余"; counts under 100 and counts the two digits give exactly (390,
    1000) stay exact."""
    if n < 100:
        return str(n)
    step = 10 ** (len(str(n)) - 2)
    base = n // step * step
    return f"{base}余" if n > base else str(n)


def format_rate(value: float, decimals: int) -> str:
    q = Decimal(str(value)).quantize(Decimal(1) if decimals == 0 else Decimal(10) ** -decimals, ROUND_HALF_UP)
    text = f"{q:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_values(figures: Mapping[str, object], rate_keys: set[str], options: FillOptions) -> dict[str, Value]:
    """Placeholder values as text or ``Items``; None for a figure that is 0 or missing."""
    out: dict[str, Value] = {}
    for key, value in figures.items():
        if value is None or value == 0 or value == "" or value == [] or value == ():
            out[key] = None
        elif isinstance(value, Items):
            out[key] = value if value.items else None
        elif isinstance(value, list | tuple):
            out[key] = Items(tuple(str(v) for v in value))
        elif key in rate_keys:
            out[key] = format_rate(float(value), options.rate_decimals)  # type: ignore[arg-type]
        elif isinstance(value, int) and key in options.approx:
            out[key] = approximate(value)
        elif isinstance(value, float):
            out[key] = f"{value:g}"
        else:
            out[key] = str(value)
    return out


def to_paragraphs(text: str, heading_level: int = 0, heading: str = "") -> list[BodyParagraph]:
    """Body paragraphs for the writer; ``heading`` (a level-2 run-in heading) joins the first one.

    Within the text, a paragraph that starts with "一、" is a level-1 heading, one that starts
    with "（一）" or "1." carries a run-in heading up to its first "。".
    """
    paragraphs = [_classify(line) for line in (ln.strip() for ln in text.splitlines()) if line]
    if heading:
        if paragraphs and paragraphs[0].level == LEVEL_PLAIN:
            paragraphs[0] = BodyParagraph(text=paragraphs[0].text, heading=heading, level=heading_level)
        else:
            paragraphs.insert(0, BodyParagraph(heading=heading, level=heading_level))
    return paragraphs


#: The body level of a paragraph by its number: "（1）" reads as a run-in heading like "（一）".
_BODY_LEVELS = {1: LEVEL_1, 2: LEVEL_2, 3: LEVEL_3, 4: LEVEL_2}


def _classify(line: str) -> BodyParagraph:
    level = _BODY_LEVELS.get(headings.level_of(line), LEVEL_PLAIN)
    if level == LEVEL_1:
        return BodyParagraph(heading=line, level=LEVEL_1)
    if level != LEVEL_PLAIN:
        cut = line.find("。")
        if cut == -1 or cut == len(line) - 1:
            return BodyParagraph(heading=line, level=level)
        return BodyParagraph(text=line[cut + 1 :], heading=line[: cut + 1], level=level)
    return BodyParagraph(text=line)


# --------------------------------------------------------------------------------------------
# The default texts: what an office that has written nothing yet gets. Only data clauses — every
# figure and every named specific (forms, laws, partners, fields, types, firms) a value of its
# records, every clause an optional span that goes with its data — and, where a part is left
# with nothing, a prompt (``EMPTY_PROMPTS``). No brand, campaign, law, place, organ or history is
# written here: the office's own words are its own, stored per year (``compose.SectionText``).

#: 开头 has no data of its own: it is the office's words, asked for by its prompt.
PREAMBLE = ""

S1_BODY = (
    "［{unit_kind}法治政府建设工作领导小组{leadership_group}。］"
    "［党政主要负责人主持召开{leadership_meeting_kinds}{leadership_meetings}次，研究部署法治政府建设工作。］"
    "［督促落实，［深入现场调研{field_research}次］，［带队开展督查{supervisions_led}次］，"
    "［解决［{problem_fields:等}］法治领域问题{problems_solved}个［，尚有{problems_unsolved}个未解决］］。］"
)

S2_BODY = ""

M1_BODY = (
    "［组织学法培训{study_total}次［，形式有{study_forms_text}］［，参加{study_participants}人次］"
    "［，共{study_hours}学时］。］"
    "［{?several_forms}［其中，［开展集中学法{study_sessions}次］，［开展{cadre_training_forms}{cadre_trainings}期］。］］"
    "［重点学习{laws_studied_titles:等}法律法规。］"
    "［召开警示教育大会{warning_meetings}次。］"
)
M2_BODY = (
    "［开展合法性审查{legal_reviews}件［，其中［行政机关合同{review_contracts}份］、"
    "［规范性文件{review_normative_docs}件］、［重大行政决策{review_decisions}件］］"
    "［，出具法律意见书{review_letters}份］。］"
    "［［聘请{adviser_firms}律师担任法律顾问，］法律顾问提供法律服务{adviser_services}次"
    "［，服务群众{adviser_people_served}人次］。］"
)
M3_BODY = (
    "［［受理矛盾纠纷{disputes_received}起［，涉及{dispute_types}］］［，依托{mediator_orgs}调处］"
    "［，排查化解矛盾纠纷{disputes_resolved}起］［，化解率{dispute_resolution_rate}%］。］"
    "［［联合{partner_units}］开展治安巡逻{patrols}次［，出动{patrol_persons}人次］。］"
    "［辖区共有{grassroots}{communities}个［，实现{coverage_items}全覆盖］。］"
)
M4_BODY = (
    "［共办结［“12345”市长热线{hotline_closed}件］、［县交办件{county_assigned_closed}件］］"
    "［，按期办结率{on_time_rate}%］［，群众满意率{satisfaction_rate}%］。"
)
M5_BODY = (
    "［共配备普法宣讲员{lecturers}人］［，开展普法宣讲{lectures}场［，深入{venues_text}］"
    "［，受众{lecture_audience}人次］［，发放普法资料{lecture_materials}份］］。"
    "［宣讲{lecture_laws_titles:等}法律法规。］"
    "［结合法治宣传节点开展主题宣传{special_day_lectures}场［（{special_days_quoted}）］。］"
    "［{honor_titles_sentence}。］"
)

S3_BODY = S4_BODY = S5_BODY = ""
#: 结尾 is the office's own words, and may be left out.
CLOSING = ""

#: Default texts by narrative key; a section the office adds starts empty.
DEFAULT_TEXTS: dict[str, str] = {
    "preamble": PREAMBLE, "s1": S1_BODY, "s2": S2_BODY, "m1": M1_BODY, "m2": M2_BODY, "m3": M3_BODY,
    "m4": M4_BODY, "m5": M5_BODY, "s3": S3_BODY, "s4": S4_BODY, "s5": S5_BODY, "closing": CLOSING,
}  # fmt: skip

#: What a prompt asks for where a part holds nothing (no data, no words of the office).
EMPTY_PROMPTS: dict[str, str] = {
    "preamble": "开头语：概述{year}年本单位推进法治政府建设的总体情况，以“现将有关工作情况报告如下：”结束",
    "s1": "党政主要负责人履行推进法治建设第一责任人职责的情况（组织领导、研究部署、带头学法、督促落实等）",
    "s3": "{year}年度推进法治政府建设存在的不足和原因（也可在“提纲与建议”中勾选程序根据台账提出的不足）",
    "s4": "{next_year}年度推进法治政府建设的主要安排",
    "s5": "其他需要报告的情况；没有的，写“无其他需要报告的情况。”",
}
SECTION_PROMPT = "“{title}”方面的做法和成效；没有开展这方面工作的，可在“提纲与建议”中删去这一部分"


def default_text(key: str) -> str:
    return DEFAULT_TEXTS.get(key, "")


def empty_prompt(key: str, title: str = "") -> str:
    """The prompt of a part of the annual report left empty (``part_prompt`` over its prompts)."""
    return part_prompt(EMPTY_PROMPTS, key, title)


def part_prompt(prompts: Mapping[str, str], key: str, title: str = "") -> str:
    """The prompt of a part left empty, for every kind of document: the part's own from
    ``prompts``, or one naming the section by its ``title``."""
    from lawdesk.report.claims import prompt

    text = prompts.get(key)
    if text is None:
        short = narrative.strip_heading_number(title).split("。")[0] or "这一部分"
        text = SECTION_PROMPT.format(title=short)
    return prompt(text)


# --------------------------------------------------------------------------------------------
# Suggestions the program derives from the data: offered in the report page, in the report only
# when the clerk ticks them (stored per year). (id, condition figure, role, text)


@dataclass(frozen=True)
class Suggestion:
    id: str
    figure: str
    role: str
    text: str


SUGGESTIONS: tuple[Suggestion, ...] = (
    Suggestion("disputes_long_open", "disputes_long_open", ROLE_SHORTCOMINGS,
               "矛盾纠纷化解仍有积压。截至期末，尚有{disputes_long_open}起矛盾纠纷受理超过30日仍未办结，"
               "个别纠纷调处周期较长，化解工作的时效性有待提高。"),
    Suggestion("hotline_late", "hotline_late", ROLE_SHORTCOMINGS,
               "热线办理时效有待提升。{span_word}有{hotline_late}件热线和交办件超期办结［，按期办结率为{on_time_rate}%］，"
               "承办科室、社区的办理责任还需压实。"),
    Suggestion("hotline_overdue_open", "hotline_overdue_open", ROLE_SHORTCOMINGS,
               "部分诉求办理超期。截至期末，尚有{hotline_overdue_open}件热线和交办件已超过办理时限仍未办结。"),
    Suggestion("problems_unsolved", "problems_unsolved", ROLE_SHORTCOMINGS,
               "部分问题整改尚未到位。督查调研发现的{problems_found}个法治领域问题中，"
               "尚有{problems_unsolved}个未解决，跟踪督办还需加强。"),
    Suggestion("plan_backlog", "disputes_long_open", ROLE_PLANS,
               "抓好积案化解和问题整改。对期末未办结的矛盾纠纷逐案明确包案领导和化解时限，"
               "对督查调研发现的问题建立台账、跟踪销号。"),
    Suggestion("plan_hotline", "hotline_late", ROLE_PLANS,
               "提升热线办理质效。完善12345市长热线和县交办件分办、督办、回访机制，确保按期办结、群众满意。"),
)  # fmt: skip
SUGGESTIONS_BY_ID = {s.id: s for s in SUGGESTIONS}


def offered_suggestions(figures: Mapping[str, object]) -> list[Suggestion]:
    """The suggestions the figures of the period support (their figure is above zero)."""
    return [s for s in SUGGESTIONS if (figures.get(s.figure) or 0) > 0]  # type: ignore[operator]


def numbered(points: list[str]) -> str:
    """Points as "（一）…" paragraphs (the numbers are final only after ``assemble``)."""
    return "\n".join(f"（{cn_number(i + 1)}）{p}" for i, p in enumerate(points))


# --------------------------------------------------------------------------------------------
# Assembly


def assemble(
    outline: Outline,
    texts: Mapping[str, str],
    titles: Mapping[str, str] | None = None,
) -> list[BodyParagraph]:
    """The body paragraphs of the report, in the outline's order, every heading and item numbered.

    ``texts`` are the filled texts by narrative key (``preamble``, ``closing`` and every node's
    key); ``titles`` the filled heading of each node (default: its outline title). Headings never
    drop: a section without text still shows its heading.
    """
    return [para for para, _key, _heading in assemble_traced(outline, texts, titles)]


def assemble_traced(
    outline: Outline,
    texts: Mapping[str, str],
    titles: Mapping[str, str] | None = None,
) -> list[tuple[BodyParagraph, str, bool]]:
    """``assemble`` with each paragraph's origin: (paragraph, the key of the text or heading it
    comes from, whether its ``heading`` is the outline's title)."""
    titles = titles or {}
    numbering = Numbering()
    body = [(p, "preamble", False) for p in to_paragraphs(texts.get("preamble", ""))]
    for i, node in enumerate(outline.nodes, 1):
        numbering.level1()
        title = (titles.get(node.key) or node.title).replace("\n", "")
        body.append((BodyParagraph(heading=f"{cn_number(i)}、{title}", level=LEVEL_1), node.key, True))
        body.extend((p, node.key, False) for p in _numbered_paragraphs(texts.get(node.key, ""), numbering))
        for child in node.children:
            child_title = (titles.get(child.key) or child.title).replace("\n", "")
            if child_title[-1:] not in "。！？：":
                child_title += "。"
            heading = numbering.paren_marker() + child_title
            numbering.level2()
            paragraphs = [(p, child.key, False) for p in _numbered_paragraphs(texts.get(child.key, ""), numbering)]
            if paragraphs and paragraphs[0][0].level == LEVEL_PLAIN:
                paragraphs[0] = (BodyParagraph(text=paragraphs[0][0].text, heading=heading, level=LEVEL_2),
                                 child.key, True)  # fmt: skip
            else:
                paragraphs.insert(0, (BodyParagraph(heading=heading, level=LEVEL_2), child.key, True))
            body.extend(paragraphs)
    body.extend((p, "closing", False) for p in to_paragraphs(texts.get("closing", "")))
    return body


def numbered_paragraphs(text: str) -> list[BodyParagraph]:
    """A part's filled text as body paragraphs, its items numbered as a part on its own."""
    return _numbered_paragraphs(text, Numbering())


def _numbered_paragraphs(text: str, numbering: Numbering) -> list[BodyParagraph]:
    out = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        paragraph = _classify(numbering.paragraph(line))
        if paragraph.level == LEVEL_2:
            numbering.level2()
        elif paragraph.level == LEVEL_3:
            numbering.level3()
        out.append(paragraph)
    return out


def level1_headings(outline: Outline, titles: Mapping[str, str] | None = None) -> list[str]:
    """The numbered level-1 headings the report must show (the linter checks they are there)."""
    titles = titles or {}
    return [f"{cn_number(i)}、{(titles.get(n.key) or n.title)}" for i, n in enumerate(outline.nodes, 1)]


def join_points(text: str, points: list[str], role: str) -> str:
    """``text`` (filled) with the filled ticked suggestions for ``role`` added as numbered points.

    不足 go first (they are the year's own), 计划 last, as the reference report orders them.
    """
    if not points:
        return text
    added = numbered(points)
    if role == ROLE_PLANS:
        return "\n".join(p for p in (text, added) if p)
    return "\n".join(p for p in (added, text) if p)


def with_suggestions(text: str, chosen: list[Suggestion], role: str, values: Mapping[str, Value]) -> str:
    """``text`` (filled) with the ticked suggestions for ``role`` added as numbered points."""
    points = [narrative.fill(s.text, values) for s in chosen if s.role == role]
    return join_points(text, [p for p in points if p], role)
