"""The county report's words: the default texts of the 全县乡镇（街道） report and its placeholders.

The county (依法治县办) writes one report from the offices' records: every figure is the county
total summed over the offices (乡镇、街道; the county unit itself is not an office), every rate is
recomputed from the summed numerator and denominator, and most figures have a companion
placeholder ``{<key>_by_office}`` that names the offices behind the total, largest first, the
offices with 0 and the offices that did not report left out: "其中石门街道26次、城关镇10次、青山镇3次",
or "均在石门街道" when a single office has two or more ("为石门街道" for one: 均 needs two). A
breakdown names at most ``BREAKDOWN_LIMIT`` offices and then ends in 等 (the attachment's table
lists them all); a total followed by its breakdown is written exactly (never "390余起，其中…").

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
    ("span_word", "期间简称"),
    ("unit_name", "单位简称"),
    ("superior", "领导机关"),
    ("offices_total", "乡镇（街道）总数"),
    ("offices_all", "乡镇（街道）总数（两个以上全部报送时）"),
    ("offices_one", "唯一的乡镇（街道）（已报送时）"),
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

    ``parts`` are (office name, value) of the offices that reported, in the offices' order;
    offices with 0 are left out, the others go largest first (ties keep the offices' order).
    Several: "其中A26次、B10次、C3次" (a breakdown is an enumeration of parts: 顿号 throughout, no
    和 before the last; cut to ``limit`` offices it ends in 等); one office with two or more:
    "均在A"; one office with one: "为A"; none: None (the span drops).
    """
    present = [(name, value) for name, value in parts if value]
    present.sort(key=lambda nv: -float(nv[1] or 0))  # stable: ties keep the offices' order
    if not present:
        return None
    if len(present) == 1:
        name, value = present[0]
        return f"均在{name}" if float(value or 0) >= 2 else f"为{name}"
    items = [f"{name}{_number_text(value)}{unit}" for name, value in present[:limit]]  # type: ignore[arg-type]
    return "其中" + "、".join(items) + ("等" if len(present) > limit else "")


def is_itemised(text: object) -> bool:
    """A breakdown that names parts of a total ("其中…"): the total before it is then written exactly."""
    return isinstance(text, str) and text.startswith("其中")


# --------------------------------------------------------------------------------------------
# The default texts (keys of outline.county_outline()): data clauses over the offices' records and
# the formula naming who leads the county (its 单位设置); where a part has nothing, a prompt for
# the county's own words (``EMPTY_PROMPTS``). Nothing here says what an office did unless its
# records say so.

PREAMBLE = (
    "{year}年，在{superior}的坚强领导下，全县各乡镇（街道）推进法治政府建设各项工作。"
    "现将全县乡镇（街道）法治政府建设工作情况报告如下："
)

CS1_BODY = (
    "［全县{offices_all}个乡镇（街道）均已报送{year}年度法治政府建设工作台账。］"
    "［全县乡镇（街道）{offices_one}已报送{year}年度法治政府建设工作台账。］"
    "［全县{offices_total}个乡镇（街道）中，{offices_partial}个已报送{year}年度法治政府建设工作台账，"
    "{offices_missing}尚未报送。］"
    "［已报送的乡镇（街道）辖区共有村（社区）{communities}个［，实现{coverage_items}全覆盖］。］"
)

CS2_BODY = ""

CS2_1_BODY = (
    "［全县乡镇（街道）主要负责人主持召开法治建设专题会议、班子会、推进会{leadership_meetings}次"
    "［，{leadership_meetings_by_office}］］；"
    "［主要负责人深入现场调研{field_research}次［，{field_research_by_office}］］；"
    "［带队开展督查{supervisions_led}次［，{supervisions_led_by_office}］］；"
    "［解决［{problem_fields:等}］法治领域问题{problems_solved}个［，{problems_solved_by_office}］］。"
)

CS2_2_BODY = (
    "［全县开展治安巡逻{patrols}次［、出动{patrol_persons}人次］［，{patrols_by_office}］］。"
    "［全县受理矛盾纠纷{disputes_received}起］［，排查化解矛盾纠纷{disputes_resolved}起［，{disputes_resolved_by_office}］］"
    "［；全县矛盾纠纷化解率为{dispute_resolution_rate}%］。"
)

CS2_3_BODY = (
    "［全县开展集中学法{study_sessions}次［，{study_sessions_by_office}］］"
    "［；开展村（社区）干部法治教育培训{cadre_trainings}期［，{cadre_trainings_by_office}］］"
    "［；学法培训共{study_participants}人次参加］。"
    "［全县共配备普法宣讲员{lecturers}人］"
    "［，开展普法宣讲{lectures}场［、受众{lecture_audience}人次］［，{lectures_by_office}］］。"
)

CS2_4_BODY = (
    "［全县开展合法性审查{legal_reviews}件［，{legal_reviews_by_office}］］"
    "［；出具法律意见书{review_letters}份］［；法律顾问提供服务{adviser_services}次］。"
    "［全县共办结［“12345”市长热线{hotline_closed}件］、［县交办件{county_assigned_closed}件］］"
    "［，按期办结率{on_time_rate}%］［，群众满意率{satisfaction_rate}%］。"
    "［全县召开警示教育大会{warning_meetings}次［，{warning_meetings_by_office}］。］"
    "［{honor_titles_sentence}。］"
)

CS3_BODY = "\n".join((
    "［（一）{?offices_partial}台账报送还不完整。{offices_missing}尚未报送{year}年度法治政府建设工作台账。］",
    "［（二）［{?disputes_long_open}］［{?hotline_late}］矛盾纠纷化解和群众诉求办理仍有积压。"
    "［截至期末，已报送的乡镇（街道）尚有{disputes_long_open}起矛盾纠纷受理超过30日仍未办结［，{disputes_long_open_by_office}］］"
    "［；全年有{hotline_late}件热线和交办件超期办结［，{hotline_late_by_office}］］。］",
))  # fmt: skip

CS4_BODY = ""

CLOSING = ""

#: Default texts by narrative key of the county outline.
DEFAULT_TEXTS: dict[str, str] = {
    "preamble": PREAMBLE, "cs1": CS1_BODY, "cs2": CS2_BODY, "cs2_1": CS2_1_BODY, "cs2_2": CS2_2_BODY,
    "cs2_3": CS2_3_BODY, "cs2_4": CS2_4_BODY, "cs3": CS3_BODY, "cs4": CS4_BODY, "closing": CLOSING,
}  # fmt: skip

#: What a prompt asks for where a part of the county's report holds nothing.
EMPTY_PROMPTS: dict[str, str] = {
    "preamble": "开头语，以“现将有关情况报告如下：”结束",
    "cs1": "全县乡镇（街道）法治政府建设的基本情况",
    "cs3": "{year}年度全县乡镇（街道）法治政府建设存在的不足",
    "cs4": "{next_year}年度督促指导乡镇（街道）法治政府建设的工作打算",
}


def default_text(key: str) -> str:
    return DEFAULT_TEXTS.get(key, "")


def empty_prompt(key: str, title: str = "") -> str:
    """The prompt of a part left empty: its own, or one naming the section by ``title``."""
    from lawdesk.report.content import part_prompt

    return part_prompt(EMPTY_PROMPTS, key, title)
