"""The report's words: the default template (modelled on the reference report) and placeholder filling.

Pure text functions, no database. A section's text holds placeholders such as ``{patrols}``
that ``fill`` replaces with the figures of the period; the clerk's edited text is stored with
its placeholders, so a later correction of the records updates the report.

A figure that is 0 or missing must not produce an absurd sentence ("开展治安巡逻0次"): ``fill``
drops the clause (the text between two of ，、；：) that holds it, and the whole sentence when
nothing of it is left. Paragraphs that start with "（一）" / "一、" / "1." become headings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from lawdesk.report.context import LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_PLAIN, BodyParagraph

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
CLAUSE_DELIMS = "，、；："
SENTENCE_ENDS = "。！？"
_SPLIT = re.compile(f"([{CLAUSE_DELIMS}{SENTENCE_ENDS}])")
_CN_NUM = "一二三四五六七八九十"
_H1 = re.compile(rf"^([{_CN_NUM}]+、)")
_H2 = re.compile(rf"^([（(][{_CN_NUM}]+[）)])")
_H3 = re.compile(r"^(\d+[.．])")


@dataclass(frozen=True)
class SectionDef:
    """One editable piece of the report: a heading or a body, with its default text."""

    key: str
    title: str  # how the editor names it
    level: int  # 0 body, 1 "一、" heading, 2 "（一）" run-in heading of the next body
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


def format_values(
    figures: Mapping[str, object], rate_keys: set[str], options: FillOptions
) -> dict[str, str | None]:
    """Placeholder values as text; None for a figure that is 0 or missing (its clause is dropped)."""
    out: dict[str, str | None] = {}
    for key, value in figures.items():
        if value is None or value == 0 or value == "" or value == []:
            out[key] = None
        elif isinstance(value, list | tuple):
            out[key] = "、".join(str(v) for v in value)
        elif key in rate_keys:
            out[key] = format_rate(float(value), options.rate_decimals)  # type: ignore[arg-type]
        elif isinstance(value, int) and key in options.approx:
            out[key] = approximate(value)
        elif isinstance(value, float):
            out[key] = f"{value:g}"
        else:
            out[key] = str(value)
    return out


def unknown_placeholders(text: str, known: Mapping[str, object]) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in known})


def _clause_ok(clause: str, values: Mapping[str, str | None]) -> bool:
    return all(values.get(name, "") is not None for name in PLACEHOLDER.findall(clause))


def _substitute(clause: str, values: Mapping[str, str | None]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), clause)


def fill_paragraph(paragraph: str, values: Mapping[str, str | None]) -> str:
    """Fill one paragraph; clauses holding a missing figure are left out."""
    pieces = _SPLIT.split(paragraph)
    sentences: list[list[tuple[str, str]]] = [[]]
    for i in range(0, len(pieces), 2):
        clause, delim = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
        sentences[-1].append((clause, delim))
        if delim in SENTENCE_ENDS and delim:
            sentences.append([])
    out: list[str] = []
    for sentence in sentences:
        if not sentence:
            continue
        end = sentence[-1][1] if sentence[-1][1] in SENTENCE_ENDS else ""
        kept = [(c, d) for c, d in sentence if _clause_ok(c, values)]
        if not any(c.strip() for c, _ in kept) and any(PLACEHOLDER.search(c) for c, _ in sentence):
            continue
        text = ""
        for n, (clause, delim) in enumerate(kept):
            last = n == len(kept) - 1
            text += _substitute(clause, values) + (end if last else (delim if delim not in SENTENCE_ENDS else "，"))
        out.append(text)
    return "".join(out)


def fill(text: str, values: Mapping[str, str | None]) -> str:
    """Fill every paragraph of ``text`` (paragraphs are lines); empty results are dropped."""
    lines = [fill_paragraph(line.strip(), values) for line in text.splitlines()]
    return "\n".join(line for line in lines if line.strip())


def to_paragraphs(text: str, heading_level: int = 0, heading: str = "") -> list[BodyParagraph]:
    """Body paragraphs for the writer; ``heading`` (a level-2 run-in heading) joins the first one.

    Within the text, a paragraph that starts with "一、" is a level-1 heading, one that starts
    with "（一）" or "1." carries a run-in heading up to its first "。".
    """
    paragraphs: list[BodyParagraph] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        paragraphs.append(_classify(line))
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
# The default template: the reference report's structure and wording, every figure a placeholder.

PREAMBLE = (
    "{year}年在{superior}的坚强领导下，{unit_name}深入学习贯彻习近平法治思想，扎实推进法治政府建设各项工作，"
    "营造了良好的法治环境。现将有关工作情况报告如下："
)

S1_HEADING = "一、{year}年度党政主要负责人履行推进法治政府建设第一责任人职责，加强法治政府建设的有关情况。"
S1_BODY = (
    "加强党对法治政府建设的统一领导，充分发挥议事协调机构作用，大力加强法治政府建设工作保障。坚持党建引领，推进法治政府建设。"
    "一是加强组织领导。履行法治政府建设第一责任人职责，调整街道法治政府建设工作领导小组，由党委书记任组长，"
    "党工委副书记、办事处主任为常务副组长，分管领导任副组长，司法所、平安建设办公室和相关部门人员为成员，"
    "细化制定工作方案，把目标任务分解到部门、落实到岗位、量化到个人，形成了主要领导亲自抓、分管领导具体抓、"
    "相关部门齐心抓的工作局面；二是精准靶向发力。主持召开专题会议、班子会、推进会{leadership_meetings}次，"
    "分析研判法治政府建设工作，制定法治政府建设时间表，量化工作责任。坚持对法治政府建设重大重点任务亲自部署、亲自过问，"
    "亲自协调、亲自督办，将法治政府建设纳入街道总体规划和年度计划，与街道中心工作、经济社会发展同部署、同推进、"
    "同考核、同奖惩。督促进度，深入现场调研{field_research}次，带队开展督查{supervisions_led}次，"
    "解决{problem_fields}等法治领域问题{problems_solved}个。"
)

S2_HEADING = "二、{year}年度推进法治政府建设的主要举措和成效。"
S2_1_HEADING = "（一）完善监督体制机制，强化对权力的制约监督。依法有效化解社会矛盾纠纷。大力提升机关工作人员法治思维和法治水平。"
S2_1_BODY = (
    "一是形成长效机制，加强对重大行政决策、规范性文件合法性审查，提高决策科学化、民主化、法治化水平。"
    "坚持重大事项报告制度，建立重点重大事项督查督办机制，主动接受人大法律监督、自觉接受司法监督、社会监督和舆论监督。"
    "在决策前慎密论证，广泛征求各方意见，督促班子成员依法依规办事，扎紧制度笼子，让权力在阳光下运行；"
    "二是依托街道人民调解委员会，为创建“四无”乡镇搭建有效法治平台、夯实坚实法治基础，运用法治思维和法治方式，"
    "为群众矛盾纠纷提供专业的解决办法。\n"
    "坚持防范在先、源头治理，联合{partner_units}，采取治安联防、矛盾联调、政策联宣，开展治安巡逻{patrols}次、"
    "排查化解矛盾纠纷{disputes_resolved}起。完善矛盾纠纷多元化解机制，引导“两代表一委员”、律师、乡贤、“五老四员”等参与，"
    "实现{coverage_items}全覆盖。形成“人人参与创建，人人共享平安”的共建共治共享格局。{honor_titles_sentence}"
    "三是强化理论学习教育，组织理论学习中心组学习，带头学习宣传习近平总书记关于法治政府建设的重要指示精神，"
    "切实提高依法行政政治自觉，重点围绕行政执法、农村建房审批等具体工作，开展集中学法{study_sessions}次，"
    "持续提升班子成员法治素养和履职能力。结合“周四大学堂”，积极采取集中授课、以案代训等方式，"
    "教育引导全体干部职工学法、知法、用法、守法，提高运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定的能力，"
    "提高依法执政、依法行政的能力和水平；深化法治队伍建设。全面推进社区干部素质能力提升工程，邀请专家，"
    "就农村日常工作中涉及到的法律问题，举办法治专题讲座，开展社区干部法治教育培训{cadre_trainings}期，"
    "社区干部依法办事、依法行政的能力水平显著提升。从司法所、综治中心抽调干部担任宣讲员，"
    "以{lecture_laws_titles}等法律法规为内容，深入村组、中小学校开展普法宣讲活动。"
    "共配备普法宣讲员{lecturers}人，累计宣讲{lectures}场。"
)
S2_2_HEADING = "（二）推进依法执政。持续推动全面从严治党向纵深发展，严格执行党内法规制度，为全面推进法治政府建设做好根本保障。"
S2_2_BODY = (
    "组织机关、社区干部廉政谈话，有效运用监督执纪“第一种形态”，召开警示教育大会{warning_meetings}次。"
    "实行科级干部包保、坐班接访和重大时间节点24小时值班制度，严格落实涉稳重点人员“四定四包六控”责任，"
    "共办结“12345”市长热线{hotline_closed}件、县交办件{county_assigned_closed}件，按期办结率{on_time_rate}%，"
    "群众满意率{satisfaction_rate}%。以上率下、以点带面，全面营造风清气正政治生态。"
)
S2_3_HEADING = "（三）推进科学立法健全制度机制，推进基层治理规范化程序化法治化。"
S2_3_BODY = (
    "一是推进行政立法提质增效。积极配合上级部门下发的相关规则制度立改废释各项工作，并在规定时间节点反馈工作成效。"
    "推进基层治理法治化，在党的领导下按照法律要求来管理基层事务、政治、经济、文化等一切活动，以人民为中心推进基层法治建设；"
    "二是强化文件监督管理。坚持“谁起草、谁负责、谁审核、谁把关”的原则，一级对一级负责，层层把握好质量。"
    "对涉及法律的相关内容，征求司法部门意见建议，全年开展合法性审查{legal_reviews}件，出具法律意见书{review_letters}份；"
    "三是强化决策程序实施。按照“集体领导、民主集中、个别酝酿、会议决定”的要求，健全和完善街道党工委议事规则和决策程序、"
    "中心组学习制度、重大事项决策等制度，坚持重大问题集体讨论决定，保证决策的民主化、科学化。"
    "街道聘请{legal_adviser_firm}主任担任法律顾问，提供相关文件、合同，并听取法律顾问的意见。"
)
S2_4_HEADING = "（四）推进法治政府、法治社会建设。"
S2_4_BODY = (
    "依法全面履行政府职能，完善依法行政决策机制，加强行政规范性文件制定管理，持续优化法治化营商环境，"
    "深入推进服务型行政执法建设，全面落实行政执法责任制，强化重大突发事件依法处置，依托党建引领基层治理，"
    "强化法治政府建设推进机制。加大全民普法力度，联合司法所开展法治教育进学校法律宣传教育活动，"
    "宣传预防青少年犯罪、治安管理处罚条例和刑罚等方面的法律知识，组织“禁毒宣传进学校”活动。"
    "同时，聚焦社会治理、森林防火、安全生产等关键领域，结合{special_days_quoted}等重要法治宣传节日，"
    "聚焦重点领域、重点人群，开展“普法教育六进”活动，打造共建共治共享的社会治理格局。"
    "深化公共法律服务体系建设，建成高标准的{legal_service_station}。"
)

S3_HEADING = "三、{year}年度推进法治政府建设存在的不足。"
S3_GENERIC = (
    "权责不清。基层政府是直接与老百姓打交道的，由于长期以来的习惯和认知，群众出现任何问题都倾向于第一时间找“大家长”，"
    "出现民事问题和行政问题界限不清晰，群众信访不信法的情况依然存在，容易导致工作出现越位和缺位现象。",
    "历史遗留问题多。近些年来，街道先后经历了几次大规模的土地征收等相关工作，这些任务工作量大、时间紧，"
    "矛盾积压、涉法涉诉的风险较多。",
    "法治意识仍待加强。街道、社区工作人员在法治工作的专业能力、实操经验上相较于目前越来越严格的法治工作任务存在较大的短板，"
    "在合法性、规范性、时效性上尚不能完全满足新形势下法治工作的要求，法治意识仍需要不断加强。",
)
S4_HEADING = "四、{next_year}年度改进措施及工作计划"
S4_GENERIC = (
    "切实加强思想观念转变。不断提升广大干部群众特别是领导干部的法治观念和法律水平，真正把法律宣传教育提到重要议事日程，"
    "摆在和经济建设同等重要的位置，常抓不懈。",
    "进一步化解工作中的薄弱环节，降低“两高一低”发生率。做好与当事人的各项工作，积极化解矛盾与纠纷，"
    "防止后续再产生诉讼、信访的情况，避免矛盾纠纷进一步扩大；坚持标本兼治、综合施策，扭转街道行政争议总量上升趋势并力争下降，"
    "控制行政诉讼败诉率，依法推进行政机关负责人出庭应诉工作，提高行政机关负责人出庭和应诉效果。",
    "进一步推进矛盾化解多元化。推进信访与调解、信访与复议、信访与诉讼的衔接，提高法定渠道解决矛盾纠纷的比率。"
    "突出人民调解“第一道防线”作用，关口前移，避免矛盾扩大上行。",
    "优化行政执法队伍。加强行政执法队伍建设，加大执法人员培训力度，开展岗前培训考核，实行持证上岗并严格资格管理，"
    "把好准入关，切实提高执法素质。加强执法队伍建设，健全纪律约束机制，加强职业道德教育，加强执法人员的交流调配。",
)
CLOSING = "法治政府建设工作任重道远，街道将立足实际，不断提高认识、加强领导、多措并举，切实提高法治政府建设工作水平。"

# Data-driven points for 三 (不足) and 四 (计划): (condition figure, text). A point is suggested
# when its figure is above zero; its text keeps the placeholder, so it stays true to the records.
SHORTCOMING_SUGGESTIONS = (
    ("disputes_long_open", "矛盾纠纷化解仍有积压。截至期末，尚有{disputes_long_open}起矛盾纠纷受理超过30日仍未办结，"
     "个别纠纷调处周期较长，化解工作的时效性有待提高。"),
    ("hotline_late", "热线办理时效有待提升。全年有{hotline_late}件热线和交办件超期办结，"
     "按期办结率为{on_time_rate}%，承办科室、社区的办理责任还需压实。"),
    ("hotline_overdue_open", "部分诉求办理超期。截至期末，尚有{hotline_overdue_open}件热线和交办件已超过办理时限仍未办结。"),
    ("problems_unsolved", "部分问题整改尚未到位。督查调研发现的{problems_found}个法治领域问题中，"
     "尚有{problems_unsolved}个未解决，跟踪督办还需加强。"),
)  # fmt: skip
PLAN_SUGGESTIONS = (
    ("disputes_long_open", "抓好积案化解和问题整改。对期末未办结的矛盾纠纷逐案明确包案领导和化解时限，"
     "对督查调研发现的问题建立台账、跟踪销号。"),
    ("hotline_late", "提升热线办理质效。完善12345市长热线和县交办件分办、督办、回访机制，确保按期办结、群众满意。"),
)  # fmt: skip


def numbered(points: list[str]) -> str:
    """Points as "（一）…" paragraphs."""
    return "\n".join(f"（{_CN_NUM[i] if i < 10 else i + 1}）{p}" for i, p in enumerate(points))


def shortcomings_text(figures: Mapping[str, object]) -> str:
    data_points = [text for key, text in SHORTCOMING_SUGGESTIONS if (figures.get(key) or 0) > 0]
    return numbered(data_points + list(S3_GENERIC))


def plans_text(figures: Mapping[str, object]) -> str:
    data_points = [text for key, text in PLAN_SUGGESTIONS if (figures.get(key) or 0) > 0]
    return numbered(list(S4_GENERIC) + data_points)


SECTIONS: tuple[SectionDef, ...] = (
    SectionDef("preamble", "开头", LEVEL_PLAIN, PREAMBLE),
    SectionDef("s1.heading", "一、标题", LEVEL_1, S1_HEADING),
    SectionDef("s1", "一、第一责任人职责", LEVEL_PLAIN, S1_BODY),
    SectionDef("s2.heading", "二、标题", LEVEL_1, S2_HEADING),
    SectionDef("s2_1.heading", "二（一）标题", LEVEL_2, S2_1_HEADING),
    SectionDef("s2_1", "二（一）正文", LEVEL_PLAIN, S2_1_BODY),
    SectionDef("s2_2.heading", "二（二）标题", LEVEL_2, S2_2_HEADING),
    SectionDef("s2_2", "二（二）正文", LEVEL_PLAIN, S2_2_BODY),
    SectionDef("s2_3.heading", "二（三）标题", LEVEL_2, S2_3_HEADING),
    SectionDef("s2_3", "二（三）正文", LEVEL_PLAIN, S2_3_BODY),
    SectionDef("s2_4.heading", "二（四）标题", LEVEL_2, S2_4_HEADING),
    SectionDef("s2_4", "二（四）正文", LEVEL_PLAIN, S2_4_BODY),
    SectionDef("s3.heading", "三、标题", LEVEL_1, S3_HEADING),
    SectionDef("s3", "三、存在的不足", LEVEL_PLAIN, ""),  # built from the data: shortcomings_text
    SectionDef("s4.heading", "四、标题", LEVEL_1, S4_HEADING),
    SectionDef("s4", "四、改进措施及工作计划", LEVEL_PLAIN, ""),  # built from the data: plans_text
    SectionDef("closing", "结尾", LEVEL_PLAIN, CLOSING),
)
SECTIONS_BY_KEY = {s.key: s for s in SECTIONS}


def default_text(key: str, figures: Mapping[str, object]) -> str:
    if key == "s3":
        return shortcomings_text(figures)
    if key == "s4":
        return plans_text(figures)
    return SECTIONS_BY_KEY[key].default


def assemble(texts: Mapping[str, str]) -> list[BodyParagraph]:
    """The body paragraphs of the report from the filled texts of every section, in order."""
    body: list[BodyParagraph] = []
    pending_heading: SectionDef | None = None
    pending_text = ""
    for section in SECTIONS:
        text = texts.get(section.key, "").strip()
        if section.level == LEVEL_2:
            pending_heading, pending_text = section, text
            continue
        if section.level == LEVEL_1:
            if text:
                body.append(BodyParagraph(heading=text.replace("\n", ""), level=LEVEL_1))
            continue
        heading = pending_text.replace("\n", "") if pending_heading else ""
        level = pending_heading.level if pending_heading else 0
        pending_heading, pending_text = None, ""
        if text or heading:
            body.extend(to_paragraphs(text, level, heading))
    return body
