"""The export gate: nothing is signed while the report still asks for the office's words.

A 报送版 or 公开版 is a signed document; a prompt 〔请填写：…〕 left in it would be sent to the county
or published. So an export of either is refused while one remains, with the Chinese list of what
to write, each item naming the part of the report it is in (the editor opens that part with one
click; the CLI prints the same list and exits 1). A 征求意见稿 (draft) may hold prompts: they are
highlighted and the draft is marked as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lawdesk.errors import LawdeskError
from lawdesk.report.claims import Claim, prompts_in


@dataclass(frozen=True)
class PromptItem:
    """One thing the office still has to write."""

    section: str  # the part's key (the editor opens it)
    section_name: str  # how the editor names the part ("三、2022年度推进法治政府建设存在的不足和原因")
    asks: str  # what the prompt asks for

    def line(self, number: int) -> str:
        return f"{number}.{self.section_name}：{self.asks}"


class PromptsRemain(LawdeskError):
    """A 报送版 or 公开版 refused: the report still holds prompts (``items``)."""

    def __init__(self, items: Sequence[PromptItem], kind: str) -> None:
        self.items = list(items)
        lines = [f"报告中还有{len(self.items)}处需要本单位填写的内容，不能生成{kind}。请先在“报告正文”中填写："]
        lines += [item.line(i) for i, item in enumerate(self.items, 1)]
        lines.append("填写后再导出；也可以先导出征求意见稿（命令行加 --draft），其中待填写处以黄色标出。")
        super().__init__("\n".join(lines))


def prompt_items(claims: Sequence[Claim], names: Mapping[str, str]) -> list[PromptItem]:
    """Every prompt left in a composed body, in document order, with the part it is in."""
    items: list[PromptItem] = []
    for claim in claims:
        if not claim.is_prompt:
            continue
        name = _short(names.get(claim.section, claim.section).strip())
        for asks in prompts_in(claim.text) or [claim.text]:
            item = PromptItem(claim.section, name, asks)
            if item not in items:
                items.append(item)
    return items


def _short(name: str, limit: int = 24) -> str:
    """A part's name as the list shows it: its first clause, at most ``limit`` characters."""
    head = name.split("，")[0]
    return head if len(head) <= limit else head[: limit - 1] + "…"


def check(claims: Sequence[Claim], names: Mapping[str, str], *, public: bool, draft: bool) -> None:
    """Refuse a 报送版 or 公开版 that holds a prompt (``PromptsRemain``); a draft passes."""
    if draft:
        return
    items = prompt_items(claims, names)
    if items:
        raise PromptsRemain(items, "公开版" if public else "报送版")
