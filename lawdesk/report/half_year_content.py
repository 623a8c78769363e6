"""The half-year summary's words: its default texts (data clauses and prompts) and its outline.

The county asks every 乡镇（街道） in July for 上半年法治政府建设工作总结: the same work as the annual
report for 1 January – 30 June (any period may be chosen), usually shorter, in three parts —
一、上半年工作开展情况 (with the fields of work under it), 二、存在的问题, 三、下半年工作打算. The
data clauses are the annual report's own (``report/content.py``): every figure and every named
specific a value of the period's records, every clause gone with its data. The office's words
(开头, 问题, 打算) are its own, asked for by a prompt where it has none. The comparison with the
same period of the year before is the 附件's, under its rule (``services/report_data.py``).

Pure text and data, no database. The texts are stored per unit and year under their own names
(``services/half_year.py``), apart from the annual report's.
"""

from __future__ import annotations

from lawdesk.report import content
from lawdesk.report.outline import ROLE_PLANS, ROLE_SHORTCOMINGS, Outline, OutlineNode

NAME = "半年总结的三部分"


def outline() -> Outline:
    """一、工作开展情况 (第一责任人职责 and the fields of work); 二、存在的问题; 三、工作打算."""
    return Outline(NAME, [
        OutlineNode("h1", "{span}法治政府建设工作开展情况", role="measures", children=[
            OutlineNode("hd", "党政主要负责人履行推进法治建设第一责任人职责", 2),
            *(OutlineNode(key, title, 2) for key, title in SUBSECTIONS),
        ]),
        OutlineNode("h2", "存在的问题", role=ROLE_SHORTCOMINGS),
        OutlineNode("h3", "{next_span}工作打算", role=ROLE_PLANS),
    ])  # fmt: skip


#: The fields of work under 工作开展情况: the annual report's, with its data clauses.
SUBSECTIONS = (
    ("m1", "学法用法和法治队伍建设"),
    ("m2", "依法决策和合法性审查"),
    ("m3", "矛盾纠纷化解和平安建设"),
    ("m4", "群众诉求办理"),
    ("m5", "普法宣传和公共法律服务"),
)
BUILT_IN = {NAME: outline}

#: Default texts by key: the annual report's data clauses; the office's words are prompted for.
DEFAULT_TEXTS: dict[str, str] = {
    "hd": content.S1_BODY, "m1": content.M1_BODY, "m2": content.M2_BODY, "m3": content.M3_BODY,
    "m4": content.M4_BODY, "m5": content.M5_BODY,
}  # fmt: skip

EMPTY_PROMPTS: dict[str, str] = {
    "preamble": "开头语：概述{span}本单位推进法治政府建设的总体情况，以“现将有关情况报告如下：”结束",
    "hd": "党政主要负责人履行推进法治建设第一责任人职责的情况（组织领导、研究部署、带头学法、督促落实等）",
    "h2": "{span}推进法治政府建设存在的问题（也可在“提纲与建议”中勾选程序根据台账提出的不足）",
    "h3": "{next_span}推进法治政府建设的工作打算",
}


def default_text(key: str) -> str:
    return DEFAULT_TEXTS.get(key, "")


def empty_prompt(key: str, title: str = "") -> str:
    """The prompt of a part left empty: its own, or one naming the section by ``title``."""
    return content.part_prompt(EMPTY_PROMPTS, key, title)
