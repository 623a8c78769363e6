"""The county report's words: the default texts of the 全县乡镇（街道） report and its placeholders.

The county (依法治县办) writes one report from the offices' records: every figure is the county
total summed over the offices (乡镇、街道; the county unit itself is not an office), every rate is
recomputed from the summed numerator and denominator, and most figures have a companion
placeholder ``{<key>_by_office}`` that names the offices behind the total, largest first, the
offices with 0 left out: "其中石门街道26次、城关镇10次、青山镇3次", or "均在石门街道" when a single
office has any (a breakdown of one item under 其中 would only repeat the total). A breakdown
names at most ``BREAKDOWN_LIMIT`` offices and then ends in 等 (the attachment's table lists
them all).

The texts follow the grammar of ``report/narrative.py`` (optional spans ［…］, placeholders,
numbering by the program) and are put together along ``outline.county_outline()`` by the same
``content.assemble`` as an office's report, so the same linter and proofreader apply.

Pure text functions, no database.
"""

from __future__ import annotations

from collections.abc import Sequence

#: How many offices a breakdown names before it ends in 等.
BREAKDOWN_LIMIT = 5
BY_OFFICE = "_by_office"

#: Placeholders the county texts use besides the figures (key, Chinese name for the editor).
COUNTY_PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("year", "年度"),
    ("next_year", "下一年度"),
    ("unit_name", "单位简称"),
    ("superior", "上级机关（主送机关）"),
    ("offices_total", "乡镇（街道）总数"),
    ("offices_all", "乡镇（街道）总数（全部报送时）"),
    ("offices_partial", "已报送的乡镇（街道）数（部分报送时）"),
    ("offices_reporting", "已报送的乡镇（街道）数"),
    ("offices_missing", "未报送的乡镇（街道）"),
    ("problem_fields", "解决问题的领域"),
    ("coverage_items", "“一社区一警”等全覆盖项目"),
    ("honor_titles_sentence", "荣誉（成句）"),
)


def by_office_key(key: str) -> str:
    """``patrols`` → ``patrols_by_office`` (the breakdown of a figure over the offices)."""
    return key + BY_OFFICE


def _number_text(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def breakdown(parts: Sequence[tuple[str, int | float | None]], unit: str, limit: int = BREAKDOWN_LIMIT) -> str | None:
    """The offices behind a county total, for the text after "全县…N次，".

    ``parts`` are (office name, value) in the offices' order; offices with 0 are left out, the
    others go largest first (ties keep the offices' order). Several: "其中A26次、B10次、C3次"
    (a breakdown is an enumeration of parts: 顿号 throughout, no 和 before the last; cut to
    ``limit`` offices it ends in 等); one: "均在A"; none: None (the span drops).
    """
    present = [(name, value) for name, value in parts if value]
    present.sort(key=lambda nv: -float(nv[1] or 0))  # stable: ties keep the offices' order
    if not present:
        return None
    if len(present) == 1:
        return f"均在{present[0][0]}"
    items = [f"{name}{_number_text(value)}{unit}" for name, value in present[:limit]]  # type: ignore[arg-type]
    return "其中" + "、".join(items) + ("等" if len(present) > limit else "")


# --------------------------------------------------------------------------------------------
# The default texts (keys of outline.county_outline())

PREAMBLE = (
    "{year}年，全县各乡镇（街道）在{superior}的坚强领导下，深入学习贯彻习近平法治思想，"
    "扎实推进基层法治政府建设各项工作。现将全县乡镇（街道）法治政府建设工作情况报告如下："
)

CS1_BODY = (
    "［全县{offices_all}个乡镇（街道）均已报送{year}年度法治政府建设工作台账。］"
    "［全县{offices_total}个乡镇（街道）中，{offices_partial}个已报送{year}年度法治政府建设工作台账，"
    "{offices_missing}尚未报送。］"
    "各乡镇（街道）认真落实法治政府建设年度报告制度，将法治政府建设纳入本地经济社会发展总体规划和年度工作计划，"
    "与中心工作同部署、同推进、同考核［，辖区共有社区{communities}个］［，实现{coverage_items}全覆盖］。"
)

CS2_BODY = ""

CS2_1_BODY = (
    "各乡镇（街道）党政主要负责人认真履行推进法治建设第一责任人职责，把法治政府建设摆在全局工作的重要位置。"
    "［全县主持召开法治建设专题会议、班子会、推进会{leadership_meetings}次，{leadership_meetings_by_office}］；"
    "［主要负责人深入现场调研{field_research}次，{field_research_by_office}］；"
    "［带队开展督查{supervisions_led}次，{supervisions_led_by_office}］；"
    "［解决［{problem_fields:等}］法治领域问题{problems_solved}个，{problems_solved_by_office}］。"
)

CS2_2_BODY = (
    "各乡镇（街道）坚持防范在先、源头治理，采取治安联防、矛盾联调、政策联宣等方式维护社会稳定。"
    "［全县开展治安巡逻{patrols}次［、出动{patrol_persons}人次］，{patrols_by_office}］。"
    "［全县受理矛盾纠纷{disputes_received}起］［，排查化解矛盾纠纷{disputes_resolved}起，{disputes_resolved_by_office}］"
    "［；全县矛盾纠纷化解率为{dispute_resolution_rate}%］。"
)

CS2_3_BODY = (
    "各乡镇（街道）把学法用法作为提升干部法治素养的重要抓手"
    "［，全县开展集中学法{study_sessions}次，{study_sessions_by_office}］"
    "［；开展社区干部法治教育培训{cadre_trainings}期，{cadre_trainings_by_office}］"
    "［；学法培训共{study_participants}人次参加］。"
    "深入开展普法宣传教育［，全县共配备普法宣讲员{lecturers}人］"
    "［，开展普法宣讲{lectures}场［、受众{lecture_audience}人次］，{lectures_by_office}］。"
)

CS2_4_BODY = (
    "各乡镇（街道）严格落实重大事项集体决策、合法性审查和法律顾问制度"
    "［，全县开展合法性审查{legal_reviews}件，{legal_reviews_by_office}］"
    "［；出具法律意见书{review_letters}份］［；法律顾问提供服务{adviser_services}次］。"
    "坚持以人民为中心，认真办理群众诉求"
    "［，全县共办结［“12345”市长热线{hotline_closed}件］、［县交办件{county_assigned_closed}件］］"
    "［，按期办结率{on_time_rate}%］［，群众满意率{satisfaction_rate}%］。"
    "［全县召开警示教育大会{warning_meetings}次，{warning_meetings_by_office}。］"
    "［各乡镇（街道）争先创优，{honor_titles_sentence}。］"
)

CS3_BODY = "\n".join((
    "（一）工作推进还不够平衡。［{?offices_partial}{offices_missing}尚未报送本年度工作台账，］"
    "各乡镇（街道）之间在台账记录、数据报送和工作成效上还存在差距，个别单位法治建设基础仍较薄弱。",
    "（二）矛盾纠纷化解和群众诉求办理仍有短板。"
    "［截至期末，全县尚有{disputes_long_open}起矛盾纠纷受理超过30日仍未办结，{disputes_long_open_by_office}；］"
    "［全年有{hotline_late}件热线和交办件超期办结，{hotline_late_by_office}；］"
    "部分基层调解组织专业力量不足，化解复杂疑难纠纷的能力有待提高。",
    "（三）基层法治队伍能力有待提升。乡镇（街道）、社区工作人员的法治专业能力和实操经验与日益严格的法治工作要求相比"
    "仍有差距，运用法治思维和法治方式解决问题的能力需要进一步加强。",
))  # fmt: skip

CS4_BODY = "\n".join((
    "（一）压紧压实第一责任人职责。督促各乡镇（街道）党政主要负责人认真履行推进法治建设第一责任人职责，"
    "把法治政府建设纳入年度考核，推动各项任务落地见效。",
    "（二）健全台账报送和督促指导机制。指导各乡镇（街道）按时、完整记录和报送法治政府建设工作台账，"
    "定期汇总分析，对工作滞后的单位加强督促指导。",
    "（三）深化矛盾纠纷多元化解。坚持和发展新时代“枫桥经验”，推进信访与调解、复议、诉讼的衔接，"
    "对积案逐案明确包案领导和化解时限。",
    "（四）加强基层法治队伍建设。加大乡镇（街道）、社区干部法治培训力度，落实法律顾问制度，"
    "提升依法决策、依法办事能力。",
))  # fmt: skip

CLOSING = (
    "基层法治政府建设任重道远。下一步，我们将在{superior}的领导下，持续督促指导各乡镇（街道）"
    "把法治政府建设各项任务落到实处，为全县经济社会高质量发展提供坚实法治保障。"
)

#: Default texts by narrative key of the county outline.
DEFAULT_TEXTS: dict[str, str] = {
    "preamble": PREAMBLE, "cs1": CS1_BODY, "cs2": CS2_BODY, "cs2_1": CS2_1_BODY, "cs2_2": CS2_2_BODY,
    "cs2_3": CS2_3_BODY, "cs2_4": CS2_4_BODY, "cs3": CS3_BODY, "cs4": CS4_BODY, "closing": CLOSING,
}  # fmt: skip


def default_text(key: str) -> str:
    return DEFAULT_TEXTS.get(key, "")
