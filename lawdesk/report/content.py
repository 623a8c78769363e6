"""The report's words: the default template (modelled on the reference report), figure values, assembly.

Pure text functions, no database. A section's text follows the grammar of ``report/narrative.py``
(optional spans ［…］, placeholders ``{patrols}``, enumerations the program renumbers); the
clerk's edited text is stored with its placeholders, so a later correction of the records
updates the report. ``assemble`` puts the filled texts together along the office's outline
(``report/outline.py``), numbering every heading and every 一是/（一）/1. item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from lawdesk.report import narrative
from lawdesk.report.context import LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_PLAIN, BodyParagraph
from lawdesk.report.narrative import Items, Numbering, Value, cn_number, fill, unknown_placeholders
from lawdesk.report.outline import ROLE_PLANS, ROLE_SHORTCOMINGS, Outline

__all__ = ["fill", "unknown_placeholders", "Items"]

_CN = "一二三四五六七八九十百"
_H1 = re.compile(rf"^([{_CN}]+、)")
_H2 = re.compile(rf"^([（(][{_CN}\d]+[）)])")
_H3 = re.compile(r"^(\d+[.．])(?!\d)")


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
    """103 → "100余", 1180 → "1000余", 26 → "26" (only counts of 100 and more are rounded)."""
    if n < 100:
        return str(n)
    base = int(str(n)[0]) * 10 ** (len(str(n)) - 1)
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


def _classify(line: str) -> BodyParagraph:
    if _H1.match(line):
        return BodyParagraph(heading=line, level=LEVEL_1)
    for pattern, level in ((_H2, LEVEL_2), (_H3, LEVEL_3)):
        if pattern.match(line):
            cut = line.find("。")
            if cut == -1 or cut == len(line) - 1:
                return BodyParagraph(heading=line, level=level)
            return BodyParagraph(text=line[cut + 1 :], heading=line[: cut + 1], level=level)
    return BodyParagraph(text=line)


# --------------------------------------------------------------------------------------------
# The default template: the reference report's structure and wording, every figure a placeholder,
# every clause that names an activity an optional span (see report/narrative.py). The reference's
# own slips are corrected: 缜密论证 (not 慎密认证), 党工委书记 (a 街道 has a 党工委), 治安管理处罚法
# (the 条例 was repealed in 2006), 《》《》 without 、 between them, 基层治理 (not 基层法理).

PREAMBLE = (
    "{year}年在{superior}的坚强领导下，{unit_name}深入学习贯彻习近平法治思想，扎实推进法治政府建设各项工作，"
    "营造了良好的法治环境。现将有关工作情况报告如下："
)

S1_BODY = (
    "加强党对法治政府建设的统一领导，充分发挥议事协调机构作用，大力加强法治政府建设工作保障。坚持党建引领，推进法治政府建设。"
    "一是加强组织领导。履行法治政府建设第一责任人职责，调整街道法治政府建设工作领导小组，由党工委书记任组长，"
    "党工委副书记、办事处主任为常务副组长，分管领导任副组长，司法所、平安建设办公室和相关部门人员为成员，"
    "细化制定工作方案，把目标任务分解到部门、落实到岗位、量化到个人，形成了主要领导亲自抓、分管领导具体抓、"
    "相关部门齐心抓的工作局面；二是精准靶向发力。［主持召开专题会议、班子会、推进会{leadership_meetings}次，］"
    "分析研判法治政府建设工作，制定法治政府建设时间表，量化工作责任。坚持对法治政府建设重大重点任务亲自部署、亲自过问，"
    "亲自协调、亲自督办，将法治政府建设纳入街道总体规划和年度计划，与街道中心工作、经济社会发展同部署、同推进、"
    "同考核、同奖惩。［督促进度，［深入现场调研{field_research}次］，［带队开展督查{supervisions_led}次］，"
    "［解决［{problem_fields:等}］法治领域问题{problems_solved}个］。］"
)

S2_BODY = ""
S2_1_BODY = (
    "一是形成长效机制，加强对重大行政决策、规范性文件合法性审查，提高决策科学化、民主化、法治化水平。"
    "坚持重大事项报告制度，建立重点重大事项督查督办机制，主动接受人大法律监督、自觉接受司法监督、社会监督和舆论监督。"
    "在决策前缜密论证，广泛征求各方意见，督促班子成员依法依规办事，扎紧制度笼子，让权力在阳光下运行；"
    "二是依托街道人民调解委员会，为创建“四无”乡镇搭建有效法治平台、夯实坚实法治基础，运用法治思维和法治方式，"
    "为群众矛盾纠纷提供专业的解决办法。\n"
    "坚持防范在先、源头治理，［联合{partner_units}，］采取治安联防、矛盾联调、政策联宣"
    "［，［开展治安巡逻{patrols}次］、［排查化解矛盾纠纷{disputes_resolved}起］］。"
    "完善矛盾纠纷多元化解机制，引导“两代表一委员”、律师、乡贤、“五老四员”等参与［，实现{coverage_items}全覆盖］。"
    "形成“人人参与创建，人人共享平安”的共建共治共享格局。［{honor_titles_sentence}；］"
    "三是强化理论学习教育，组织理论学习中心组学习，带头学习宣传习近平总书记关于法治政府建设的重要指示精神，"
    "切实提高依法行政政治自觉，重点围绕行政执法、农村建房审批等具体工作［，开展集中学法{study_sessions}次］，"
    "持续提升班子成员法治素养和履职能力。结合“周四大学堂”，积极采取集中授课、以案代训等方式，"
    "教育引导全体干部职工学法、知法、用法、守法，提高运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定的能力，"
    "提高依法执政、依法行政的能力和水平；深化法治队伍建设。全面推进社区干部素质能力提升工程"
    "［，{?cadre_trainings}邀请专家，就农村日常工作中涉及到的法律问题，举办法治专题讲座，"
    "开展社区干部法治教育培训{cadre_trainings}期］，社区干部依法办事、依法行政的能力水平不断提升。"
    "［{?lectures}从司法所、综治中心抽调干部担任宣讲员，［以{lecture_laws_titles:等}法律法规为内容，］"
    "深入村组、中小学校开展普法宣讲活动。］"
    "［共配备普法宣讲员{lecturers}人］［，累计宣讲{lectures}场］。"
)
S2_2_BODY = (
    "组织机关、社区干部廉政谈话，有效运用监督执纪“第一种形态”［，召开警示教育大会{warning_meetings}次］。"
    "实行科级干部包保、坐班接访和重大时间节点24小时值班制度，严格落实涉稳重点人员“四定四包六控”责任"
    "［，共办结［“12345”市长热线{hotline_closed}件］、［县交办件{county_assigned_closed}件］］"
    "［，按期办结率{on_time_rate}%］［，群众满意率{satisfaction_rate}%］。"
    "以上率下、以点带面，全面营造风清气正政治生态。"
)
S2_3_BODY = (
    "一是推进行政立法提质增效。积极配合上级部门下发的相关规则制度立改废释各项工作，并在规定时间节点反馈工作成效。"
    "推进基层治理法治化，在党的领导下按照法律要求来管理基层事务、政治、经济、文化等一切活动，以人民为中心推进基层法治建设；"
    "二是强化文件监督管理。坚持“谁起草、谁负责、谁审核、谁把关”的原则，一级对一级负责，层层把握好质量。"
    "对涉及法律的相关内容，征求司法部门意见建议"
    "［，全年开展合法性审查{legal_reviews}件］［，出具法律意见书{review_letters}份］；"
    "三是强化决策程序实施。按照“集体领导、民主集中、个别酝酿、会议决定”的要求，健全和完善街道党工委议事规则和决策程序、"
    "中心组学习制度、重大事项决策等制度，坚持重大问题集体讨论决定，保证决策的民主化、科学化。"
    "［街道聘请{legal_adviser_firm}主任担任法律顾问，相关文件、合同均听取法律顾问的意见。］"
)
S2_4_BODY = (
    "依法全面履行政府职能，完善依法行政决策机制，加强行政规范性文件制定管理，持续优化法治化营商环境，"
    "深入推进服务型行政执法建设，全面落实行政执法责任制，强化重大突发事件依法处置，依托党建引领基层治理，"
    "强化法治政府建设推进机制。加大全民普法力度，联合司法所开展法治教育进学校法律宣传教育活动，"
    "宣传预防青少年犯罪、治安管理处罚法和刑法等方面的法律知识，组织“禁毒宣传进学校”活动。"
    "同时，聚焦社会治理、森林防火、安全生产等关键领域，［结合{special_days_quoted:等}重要法治宣传节日，］"
    "围绕重点领域、重点人群，开展“普法教育六进”活动，打造共建共治共享的社会治理格局。"
    "［深化公共法律服务体系建设，建成高标准的{legal_service_station}。］"
)

S3_BODY = "\n".join((
    "（一）权责不清。基层政府是直接与老百姓打交道的，由于长期以来的习惯和认知，群众出现任何问题都倾向于第一时间找“大家长”，"
    "出现民事问题和行政问题界限不清晰，群众信访不信法的情况依然存在，容易导致工作出现越位和缺位现象。",
    "（二）历史遗留问题多。近些年来，街道先后经历了几次大规模的土地征收等相关工作，这些任务工作量大、时间紧，"
    "矛盾积压、涉法涉诉的风险较多。",
    "（三）法治意识仍待加强。街道、社区工作人员在法治工作的专业能力、实操经验上相较于目前越来越严格的法治工作任务存在较大的短板，"
    "在合法性、规范性、时效性上尚不能完全满足新形势下法治工作的要求，法治意识仍需要不断加强。",
))  # fmt: skip
S4_BODY = "\n".join((
    "（一）切实加强思想观念转变。不断提升广大干部群众特别是领导干部的法治观念和法律水平，真正把法律宣传教育提到重要议事日程，"
    "摆在和经济建设同等重要的位置，常抓不懈。",
    "（二）进一步化解工作中的薄弱环节，降低“两高一低”发生率。做好与当事人的各项工作，积极化解矛盾与纠纷，"
    "防止后续再产生诉讼、信访的情况，避免矛盾纠纷进一步扩大；坚持标本兼治、综合施策，扭转街道行政争议总量上升趋势并力争下降，"
    "控制行政诉讼败诉率，依法推进行政机关负责人出庭应诉工作，提高行政机关负责人出庭和应诉效果。",
    "（三）进一步推进矛盾化解多元化。推进信访与调解、信访与复议、信访与诉讼的衔接，提高法定渠道解决矛盾纠纷的比率。"
    "突出人民调解“第一道防线”作用，关口前移，避免矛盾扩大上行。",
    "（四）优化行政执法队伍。加强行政执法队伍建设，加大执法人员培训力度，开展岗前培训考核，实行持证上岗并严格资格管理，"
    "把好准入关，切实提高执法素质。健全纪律约束机制，加强职业道德教育，加强执法人员的交流调配。",
))  # fmt: skip
S5_BODY = "无其他需要报告的情况。"
CLOSING = "法治政府建设工作任重道远，街道将立足实际，不断提高认识、加强领导、多措并举，切实提高法治政府建设工作水平。"

#: Default texts by narrative key; a section the office adds starts empty.
DEFAULT_TEXTS: dict[str, str] = {
    "preamble": PREAMBLE, "s1": S1_BODY, "s2": S2_BODY, "s2_1": S2_1_BODY, "s2_2": S2_2_BODY,
    "s2_3": S2_3_BODY, "s2_4": S2_4_BODY, "s3": S3_BODY, "s4": S4_BODY, "s5": S5_BODY, "closing": CLOSING,
}  # fmt: skip


def default_text(key: str) -> str:
    return DEFAULT_TEXTS.get(key, "")


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
               "热线办理时效有待提升。全年有{hotline_late}件热线和交办件超期办结［，按期办结率为{on_time_rate}%］，"
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
    titles = titles or {}
    numbering = Numbering()
    body = to_paragraphs(texts.get("preamble", ""))
    for i, node in enumerate(outline.nodes, 1):
        numbering.level1()
        title = (titles.get(node.key) or node.title).replace("\n", "")
        body.append(BodyParagraph(heading=f"{cn_number(i)}、{title}", level=LEVEL_1))
        body.extend(_numbered_paragraphs(texts.get(node.key, ""), numbering))
        for child in node.children:
            child_title = (titles.get(child.key) or child.title).replace("\n", "")
            if child_title[-1:] not in "。！？：":
                child_title += "。"
            heading = numbering.paren_marker() + child_title
            numbering.level2()
            paragraphs = _numbered_paragraphs(texts.get(child.key, ""), numbering)
            if paragraphs and paragraphs[0].level == LEVEL_PLAIN:
                paragraphs[0] = BodyParagraph(text=paragraphs[0].text, heading=heading, level=LEVEL_2)
            else:
                paragraphs.insert(0, BodyParagraph(heading=heading, level=LEVEL_2))
            body.extend(paragraphs)
    body.extend(to_paragraphs(texts.get("closing", "")))
    return body


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


def with_suggestions(text: str, chosen: list[Suggestion], role: str, values: Mapping[str, Value]) -> str:
    """``text`` (filled) with the ticked suggestions for ``role`` added as numbered points.

    不足 go first (they are the year's own), 计划 last, as the reference report orders them.
    """
    points = [narrative.fill(s.text, values) for s in chosen if s.role == role]
    points = [p for p in points if p]
    if not points:
        return text
    added = numbered(points)
    if role == ROLE_PLANS:
        return "\n".join(p for p in (text, added) if p)
    return "\n".join(p for p in (added, text) if p)
