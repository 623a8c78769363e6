"""The report's outline: the office's own sections and subsections, numbered by the program.

An outline is a list of level-1 sections (一、二、…), each with an optional body and level-2
subsections ((一)(二)…, run-in headings before their body). Headings never carry their number:
it is added when the report is put together, so adding, removing or moving a section renumbers
every heading. Each section names the narrative text of its body by ``key``; the texts are
stored per year (``services.settings``), so two outlines may share the same bodies.

Two outlines are built in: the usual four parts (一 第一责任人职责, 二 举措和成效 with five
subsections by field of work, 三 不足, 四 计划) and the five items the regulations list for the
annual report (主要举措和成效；存在的不足和原因；党政主要负责人履行第一责任人职责情况；下一年度
主要安排；其他需要报告的情况). Their headings name fields of work, never what an office did: the
claims are in the bodies, each backed by records or by the office's own words. An office's own
outline (its own subsection headings, which may say what it did) is stored with its settings.
``role`` tells where the program's suggestions go (不足, 计划).

Pure data, no database.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

ROLE_SHORTCOMINGS = "shortcomings"
ROLE_PLANS = "plans"
ROLES = ("", "duty", "measures", ROLE_SHORTCOMINGS, ROLE_PLANS, "other")
MAX_TITLE = 200


@dataclass
class OutlineNode:
    key: str
    title: str  # without its number; may hold placeholders such as {year}
    level: int = 1
    role: str = ""
    children: list[OutlineNode] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "title": self.title, "level": self.level}
        if self.role:
            out["role"] = self.role
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


@dataclass
class Outline:
    name: str
    nodes: list[OutlineNode]
    serial: int = 0  # the last number given to an added section: a key is never reused


    def walk(self) -> list[OutlineNode]:
        """Every node in document order (a section, then its subsections)."""
        return list(itertools.chain.from_iterable([n, *n.children] for n in self.nodes))

    def find(self, key: str) -> OutlineNode | None:
        return next((n for n in self.walk() if n.key == key), None)

    def parent_of(self, key: str) -> OutlineNode | None:
        return next((n for n in self.nodes if any(c.key == key for c in n.children)), None)

    def with_role(self, role: str) -> OutlineNode | None:
        return next((n for n in self.walk() if n.role == role), None)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "serial": self.serial, "nodes": [n.to_dict() for n in self.nodes]}

    @classmethod
    def from_dict(cls, data: object, default: Callable[[], Outline] | None = None) -> Outline:
        """A stored outline; nothing stored or anything malformed gives ``default`` (the four
        parts unless given), never a crash."""
        default = default or default_outline
        if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not data["nodes"]:
            return default()
        try:
            nodes = [_node(d, 1) for d in data["nodes"]]
        except (KeyError, TypeError, ValueError):
            return default()
        keys = [n.key for n in itertools.chain.from_iterable([n, *n.children] for n in nodes)]
        if len(keys) != len(set(keys)) or {"preamble", "closing"} & set(keys):
            return default()
        serial = data.get("serial")
        return cls(str(data.get("name") or CUSTOM_NAME), nodes, serial if isinstance(serial, int) else 0)

    # -- editing (the report page calls these, then stores the outline) ------------------------

    def new_key(self) -> str:
        """A key no section of this outline ever had, so a removed section's saved text never
        reappears under a new heading."""
        used = {n.key for n in self.walk()}
        for i in itertools.count(self.serial + 1):
            if f"c{i}" not in used:
                self.serial = i
                return f"c{i}"
        raise AssertionError("unreachable")

    def add(self, title: str, *, parent: str | None = None, after: str | None = None) -> OutlineNode:
        """A new section (``parent`` None) or subsection, after ``after`` or at the end."""
        title = clean_title(title)
        siblings = self.nodes if parent is None else self._node(parent).children
        node = OutlineNode(self.new_key(), title, 1 if parent is None else 2)
        index = next((i + 1 for i, n in enumerate(siblings) if n.key == after), len(siblings))
        siblings.insert(index, node)
        self.name = CUSTOM_NAME
        return node

    def remove(self, key: str) -> None:
        if len(self.nodes) == 1 and self.nodes[0].key == key:
            raise ValueError("提纲至少要保留一个一级标题。")
        siblings = self._siblings(key)
        siblings[:] = [n for n in siblings if n.key != key]
        self.name = CUSTOM_NAME

    def move(self, key: str, step: int) -> bool:
        siblings = self._siblings(key)
        i = next(i for i, n in enumerate(siblings) if n.key == key)
        j = i + step
        if not 0 <= j < len(siblings):
            return False
        siblings[i], siblings[j] = siblings[j], siblings[i]
        self.name = CUSTOM_NAME
        return True

    def rename(self, key: str, title: str) -> None:
        self._node(key).title = clean_title(title)
        self.name = CUSTOM_NAME

    def _node(self, key: str) -> OutlineNode:
        node = self.find(key)
        if node is None:
            raise ValueError(f"提纲中没有这一部分（{key}）。")
        return node

    def _siblings(self, key: str) -> list[OutlineNode]:
        parent = self.parent_of(key)
        if parent is not None:
            return parent.children
        self._node(key)
        return self.nodes


def clean_title(title: str) -> str:
    """A heading as the clerk typed it, without a number they may have typed ("三、", "（二）")."""
    from lawdesk.report.narrative import strip_heading_number

    text = strip_heading_number(" ".join(str(title).split()))
    if not text:
        raise ValueError("标题不能为空。")
    if len(text) > MAX_TITLE:
        raise ValueError(f"标题不能超过 {MAX_TITLE} 个字。")
    return text


def _node(data: dict[str, object], level: int) -> OutlineNode:
    key = str(data["key"])
    if not key or len(key) > 40:
        raise ValueError(key)
    children = [_node(c, 2) for c in data.get("children", [])] if level == 1 else []  # type: ignore[union-attr]
    role = str(data.get("role") or "")
    return OutlineNode(key, str(data["title"]), level, role if role in ROLES else "", children)


# ------------------------------------------------------------------------------ built-in outlines

FOUR_PARTS_NAME = "常用的四部分"
REGULATIONS_NAME = "规定列明的五项内容"
CUSTOM_NAME = "本单位的提纲"

#: The fields of work under 主要举措和成效 (each body: the data of that field, or a prompt).
_SUB = (
    ("m1", "学法用法和法治队伍建设"),
    ("m2", "依法决策和合法性审查"),
    ("m3", "矛盾纠纷化解和平安建设"),
    ("m4", "群众诉求办理"),
    ("m5", "普法宣传和公共法律服务"),
)


def _subsections() -> list[OutlineNode]:
    return [OutlineNode(k, t, 2) for k, t in _SUB]


def default_outline() -> Outline:
    """The four parts most reports have; the outline of an office that never chose one."""
    return Outline(FOUR_PARTS_NAME, [
        OutlineNode("s1", "{year}年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况。",
                    role="duty"),
        OutlineNode("s2", "{year}年度推进法治政府建设的主要举措和成效。", role="measures",
                    children=_subsections()),
        OutlineNode("s3", "{year}年度推进法治政府建设存在的不足和原因。", role=ROLE_SHORTCOMINGS),
        OutlineNode("s4", "{next_year}年度推进法治政府建设的主要安排。", role=ROLE_PLANS),
    ])  # fmt: skip


def regulations_outline() -> Outline:
    return Outline(REGULATIONS_NAME, [
        OutlineNode("s2", "{year}年度推进法治政府建设的主要举措和成效。", role="measures",
                    children=_subsections()),
        OutlineNode("s3", "{year}年度推进法治政府建设存在的不足和原因。", role=ROLE_SHORTCOMINGS),
        OutlineNode("s1", "{year}年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况。",
                    role="duty"),
        OutlineNode("s4", "{next_year}年度推进法治政府建设的主要安排。", role=ROLE_PLANS),
        OutlineNode("s5", "其他需要报告的情况。", role="other"),
    ])  # fmt: skip


BUILT_IN = {FOUR_PARTS_NAME: default_outline, REGULATIONS_NAME: regulations_outline}

# ------------------------------------------------------------------------------ the county's outline
#
# The county's report (全县乡镇（街道）法治政府建设工作情况) sums the offices' records. It is not
# offered to an office (it is not in ``BUILT_IN``); its keys are its own, so the county's texts
# never mix with an office's (the default texts are in ``report/county_content.py``).

COUNTY_NAME = "全县乡镇（街道）汇总报告"

_COUNTY_SUB = (
    ("cs2_1", "党政主要负责人履行第一责任人职责"),
    ("cs2_2", "矛盾纠纷化解和平安建设"),
    ("cs2_3", "学法用法和普法宣传"),
    ("cs2_4", "依法决策、群众诉求办理和廉政建设"),
)


def county_outline() -> Outline:
    return Outline(COUNTY_NAME, [
        OutlineNode("cs1", "{year}年度全县乡镇（街道）法治政府建设基本情况。"),
        OutlineNode("cs2", "{year}年度主要举措和成效。", role="measures",
                    children=[OutlineNode(k, t, 2) for k, t in _COUNTY_SUB]),
        OutlineNode("cs3", "{year}年度存在的不足。", role=ROLE_SHORTCOMINGS),
        OutlineNode("cs4", "{next_year}年度工作打算。", role=ROLE_PLANS),
    ])  # fmt: skip


def built_in(name: str) -> Outline:
    return copy.deepcopy(BUILT_IN[name]())
