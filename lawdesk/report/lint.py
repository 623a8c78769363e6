"""The text linter: the report's words checked for form (never for meaning).

Used by the tests over every combination of zero figures, at export (its findings come back as
warnings) and by ``lawdesk check`` (as 错误, see ``check.text.text_findings``). It finds what a broken
clause leaves behind:

- T1 a separator run: 、，/，。/；。/、。/。。/，，… (two of 、，；： or one of them before 。！？,
  or 。 before another mark);
- T2 an empty pair: 《》 “” （）;
- T3 a leftover placeholder, token or span mark: { } 【 】 ［ ］;
- T4 an enumeration that is not contiguous: 一是/二是… from one heading to the next (a run may
  span paragraphs), （一）（二）… within a level-1 section, 1. 2. within a level-2 one, （1）（2）
  within a level-3 one, and the
  level-1 headings 一、二、… themselves;
- T5 an item after the first (二是 …) opening after a comma instead of ；or 。;
- T6 a zero count in the body: 0次/0个/0件/0人/0场/0期/0起;
- T7 a level-1 heading of the outline missing from the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import cn2an

from lawdesk.report import headings
from lawdesk.report.context import BodyParagraph

ERROR = "错误"
WARNING = "警告"

SEPARATOR_RUN = re.compile(r"[、，；：][、，；：。！？]|[。！？][。，、；：]")
EMPTY_PAIR = re.compile(r"《\s*》|“\s*”|（\s*）|\(\s*\)|‘\s*’")
LEFTOVER = re.compile(r"[{}【】［］\x00\x01]")
ZERO_COUNT = re.compile(r"(?<![0-9.．])0(次|个|件|人|场|期|起)")
H1, H2, H3, H4 = headings.LEVEL_1, headings.LEVEL_2, headings.LEVEL_3, headings.LEVEL_4
SHI_ANY = headings.SHI_ANYWHERE


@dataclass(frozen=True)
class Issue:
    severity: str
    code: str
    message: str
    where: str = ""


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    try:
        return int(cn2an.cn2an(token, "strict"))
    except (ValueError, KeyError):
        return None


def excerpt(text: str, at: int = 0, width: int = 14) -> str:
    start = max(0, at - width // 2)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def paragraph_texts(body: Iterable[BodyParagraph]) -> list[str]:
    """Each body paragraph as it reads (its run-in heading, then its text)."""
    return [p.heading + p.text for p in body if (p.heading or p.text)]


def lint_body(body: list[BodyParagraph], required_headings: list[str] | None = None) -> list[Issue]:
    return lint_texts(paragraph_texts(body), required_headings)


def lint_texts(texts: list[str], required_headings: list[str] | None = None) -> list[Issue]:
    """Every form problem of the paragraphs ``texts`` (in document order)."""
    issues: list[Issue] = []
    for k, text in enumerate(texts, 1):
        where = f"第{k}段"
        for pattern, code, message in (
            (SEPARATOR_RUN, "T1", "标点连用"),
            (EMPTY_PAIR, "T2", "空的书名号、引号或括号"),
            (LEFTOVER, "T3", "残留的占位符或括号"),
            (ZERO_COUNT, "T6", "正文中出现数量为 0 的说法"),
        ):
            for m in pattern.finditer(text):
                issues.append(Issue(ERROR, code, f"{message}：“{m.group(0).strip() or m.group(0)}”",
                                    f"{where}：{excerpt(text, m.start())}"))
    issues.extend(_enumerations(texts))
    if required_headings is not None:
        present = {t.strip() for t in texts}
        for heading in required_headings:
            if heading.strip() not in present:
                issues.append(Issue(ERROR, "T7", f"缺少一级标题“{heading}”", "正文"))
    return issues


def _enumerations(texts: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    h1 = h2 = h3 = h4 = shi = 0

    def expect(kind: str, got: int | None, want: int, where: str) -> None:
        if got != want:
            issues.append(Issue(ERROR, "T4", f"序号不连续：此处应为{kind}{_label(kind, want)}", where))

    for k, text in enumerate(texts, 1):
        where = f"第{k}段：{excerpt(text)}"
        if m := H1.match(text):
            h1 += 1
            expect("一级标题", _number(m.group(1)), h1, where)
            h2 = h3 = h4 = shi = 0
        elif m := H2.match(text):
            h2 += 1
            expect("二级序号", _number(m.group(1)), h2, where)
            h3 = h4 = shi = 0
        elif m := H3.match(text):
            h3 += 1
            expect("三级序号", _number(m.group(1)), h3, where)
            h4 = shi = 0
        elif m := H4.match(text):
            h4 += 1
            expect("四级序号", _number(m.group(1)), h4, where)
            shi = 0
        for m in SHI_ANY.finditer(text):
            number = _number(m.group(2))
            if number is None:
                continue
            shi += 1
            at = f"第{k}段：{excerpt(text, m.start())}"
            expect("分项", number, shi, at)
            if shi > 1 and m.group(1) in "，、：" and m.group(1):
                issues.append(Issue(ERROR, "T5", f"“{m.group(2)}是”前应为分号或句号，不能是逗号", at))
    return issues


def _label(kind: str, n: int) -> str:
    cn = cn2an.an2cn(n)
    return {"一级标题": f"“{cn}、”", "二级序号": f"“（{cn}）”", "三级序号": f"“{n}.”", "四级序号": f"“（{n}）”", "分项": f"“{cn}是”"}[kind]
