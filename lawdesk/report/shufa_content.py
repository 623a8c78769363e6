"""A leader's 述法报告: its outline, its default texts (first-person data clauses and prompts).

Each year the 党（工）委书记 and the 主任（镇长、乡长） report personally on their duty as the first
person responsible for rule-of-law work. The report is written in the first person: every data
clause says "本人…" and counts only the records where that person chaired, led or took part
(``services/leaders.py``), so "本人主持召开法治建设专题会议4次" is a query over the person's own
records; every clause goes with its data. The person's own words — 态度 (the opening), 不足,
打算, and whatever the records do not say — are theirs, asked for by a prompt where they have
none, and kept per person and year.

Pure text and data, no database.
"""

from __future__ import annotations

from lawdesk.report import content
from lawdesk.report.outline import ROLE_PLANS, ROLE_SHORTCOMINGS, Outline, OutlineNode

NAME = "述法报告的五部分"

#: Placeholders a 述法 text uses besides the person's figures (key, Chinese name for the editor).
PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("year", "年度"),
    ("next_year", "下一年度"),
    ("span", "报告期间"),
    ("person", "报告人姓名"),
    ("post", "报告人职务"),
    ("unit_name", "单位简称"),
    ("p_meeting_kinds", "本人主持召开的会议类型"),
    ("p_laws_studied", "本人学习的法律（书名号）"),
    ("p_problem_fields", "本人带队解决问题的领域"),
)


def outline() -> Outline:
    """一 第一责任人职责, 二 带头学法, 三 依法决策, 四 普法和基层治理, 五 不足和打算."""
    return Outline(NAME, [
        OutlineNode("f1", "履行推进法治建设第一责任人职责情况", role="duty"),
        OutlineNode("f2", "带头尊法学法守法用法情况"),
        OutlineNode("f3", "推进依法决策、依法行政情况"),
        OutlineNode("f4", "推进普法和基层依法治理情况", role="measures"),
        OutlineNode("f5", "存在的不足和下一步打算", children=[
            OutlineNode("f5a", "存在的不足", 2, role=ROLE_SHORTCOMINGS),
            OutlineNode("f5b", "下一步打算", 2, role=ROLE_PLANS),
        ]),
    ])  # fmt: skip


BUILT_IN = {NAME: outline}

F1_BODY = (
    "［本人主持召开{p_meeting_kinds}{p_meetings}次，研究部署法治建设工作。］"
    "［本人主持召开警示教育大会{p_warning_meetings}次。］"
)
F2_BODY = (
    "［本人主持理论学习中心组学习{p_center_study}次。］"
    "［本人主持或领学学法{p_studies}次［，其中集中学法{p_study_sessions}次］［，重点学习{p_laws_studied:等}法律法规］。］"
)
F3_BODY = (
    "［本人牵头的{p_reviews}件事项经过合法性审查［，其中［重大行政决策{p_review_decisions}件］、"
    "［规范性文件{p_review_normative}件］、［行政机关合同{p_review_contracts}份］］。］"
)
F4_BODY = (
    "［本人［深入现场调研{p_research}次］，［带队开展督查{p_supervisions}次］，"
    "［解决［{p_problem_fields:等}］法治领域问题{p_problems_solved}个］。］"
    "［本人参加普法宣讲{p_lectures}场［，受众{p_lecture_audience}人次］。］"
    "［本人亲自参与调处矛盾纠纷{p_disputes}起［，其中调解成功{p_disputes_resolved}起］。］"
    "［本人带队开展治安巡逻{p_patrols}次。］"
    "［本人督办“12345”市长热线和县交办件{p_hotline}件。］"
)

#: Default texts by key: the person's data clauses; their own words are prompted for.
DEFAULT_TEXTS: dict[str, str] = {"f1": F1_BODY, "f2": F2_BODY, "f3": F3_BODY, "f4": F4_BODY}

EMPTY_PROMPTS: dict[str, str] = {
    "preamble": "开头：本人对履行推进法治建设第一责任人职责的认识和态度，以“现将有关情况报告如下：”结束",
    "f1": "本人履行第一责任人职责的情况（组织领导、研究部署、听取汇报、督促落实等）",
    "f2": "本人带头尊法学法守法用法的情况",
    "f3": "本人推进依法决策、依法行政的情况（重大事项合法性审查、法律顾问、出庭应诉等）",
    "f4": "本人推进普法和基层依法治理的情况",
    "f5a": "本人履行第一责任人职责存在的不足",
    "f5b": "本人下一步推进法治建设的打算",
}


def default_text(key: str) -> str:
    return DEFAULT_TEXTS.get(key, "")


def empty_prompt(key: str, title: str = "") -> str:
    """The prompt of a part left empty: its own, or one naming the section by ``title``."""
    return content.part_prompt(EMPTY_PROMPTS, key, title)
