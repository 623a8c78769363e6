"""Proofreading: punctuation (GB/T 15834—2011), number forms (GB/T 15835—2011) and wording.

Warnings, never errors: the clerk decides. Used by ``lawdesk check`` and at export.

- P1 no 顿号 between 书名号 or quotations standing side by side: 》《 not 》、《 (GB/T 15834—2011
  4.5.3.5);
- P2 full-width punctuation in Chinese text (no , ; : ? ! ( ) " next to Chinese characters);
- P3 paired marks: every “ has its ”, 《 its 》, （ its ）, nested properly;
- P4 number forms (GB/T 15835—2011): Arabic digits in half width, not ０-９; counts in Arabic
  digits (26次, not 二十六次), but an approximate number of two neighbouring digits stays in
  汉字 (三四次, 十二三个, 七八十人: GB/T 15835—2011 4.2, 概数); month-day festival names with 间隔号 (“3·15”, not “3.15”);
- P5 commonly confused words (慎密→缜密 …);
- P6 repealed laws cited by their old names (《治安管理处罚条例》→《治安管理处罚法》 …);
- P7 a 街道's party organ is the 党工委: its secretary is 党工委书记 (a 社区's or 村's 党委书记 is
  right);
- P8 level-1 headings ending alike (all with 。 or none).
"""

from __future__ import annotations

import re

from lawdesk.report import headings
from lawdesk.report.context import BodyParagraph
from lawdesk.report.lint import WARNING, Issue, excerpt, paragraph_texts

CJK = "\u4e00-\u9fff"
HALF_PUNCT = re.compile(rf"(?<=[{CJK}])[,;:?!()\"]|[,;:?!(\"](?=[{CJK}])")
LIST_COMMA = re.compile(r"》、《|”、“")
FULL_DIGITS = re.compile(r"[０-９]+")
DOT_DATE = re.compile(r"“(\d{1,2})[.．](\d{1,2})”")
CN_COUNT = re.compile(r"(?<![第一二三四五六七八九十百千])([一二三四五六七八九十百千]{2,})(?=[次件人场个期起份项])")
_DIGITS = "一二三四五六七八九"
PAIRS = {"“": "”", "《": "》", "（": "）", "‘": "’", "〔": "〕"}

#: Commonly confused words: (wrong, right).
CONFUSED: tuple[tuple[str, str], ...] = (
    ("慎密", "缜密"),
    ("认证论证", "论证"),
    ("截止目前", "截至目前"),
    ("截止到", "截至"),
    ("布署", "部署"),
    ("再接再励", "再接再厉"),
    ("一如继往", "一如既往"),
    ("迫不急待", "迫不及待"),
    ("坐阵", "坐镇"),
    ("既使", "即使"),
    ("法制政府", "法治政府"),
    ("法制思维", "法治思维"),
    ("基层法理", "基层治理"),
    ("刑罚等方面的法律", "刑法等方面的法律"),
    ("对权利的制约监督", "对权力的制约监督"),
)

#: Laws cited by a name that was repealed or replaced: (old name, what replaced it).
REPEALED: tuple[tuple[str, str], ...] = (
    ("治安管理处罚条例", "《中华人民共和国治安管理处罚法》（2006年3月1日起施行，原条例同时废止）"),
    ("民法通则", "《中华人民共和国民法典》（2021年1月1日起施行）"),
    ("民法总则", "《中华人民共和国民法典》（2021年1月1日起施行）"),
    ("合同法", "《中华人民共和国民法典》合同编（2021年1月1日起施行）"),
    ("物权法", "《中华人民共和国民法典》物权编（2021年1月1日起施行）"),
    ("婚姻法", "《中华人民共和国民法典》婚姻家庭编（2021年1月1日起施行）"),
    ("继承法", "《中华人民共和国民法典》继承编（2021年1月1日起施行）"),
    ("侵权责任法", "《中华人民共和国民法典》侵权责任编（2021年1月1日起施行）"),
    ("担保法", "《中华人民共和国民法典》（2021年1月1日起施行）"),
    ("收养法", "《中华人民共和国民法典》（2021年1月1日起施行）"),
    ("信访条例", "《信访工作条例》（2022年5月1日起施行）"),
    ("城市房屋拆迁管理条例", "《国有土地上房屋征收与补偿条例》（2011年1月21日起施行）"),
)
def _repealed_pattern(old: str) -> re.Pattern[str]:
    """《名称》 or 中华人民共和国名称 always; the bare name only when it cannot be part of another
    law's name (合同法 is in 劳动合同法, which is in force)."""
    forms = [rf"《(?:中华人民共和国)?{re.escape(old)}》", rf"中华人民共和国{re.escape(old)}"]
    if len(old) >= 5:
        forms.append(re.escape(old))
    return re.compile("|".join(forms))


_REPEALED_RE = [(_repealed_pattern(old), old, new) for old, new in REPEALED]
#: 党委书记 of the street itself; a 社区's or 村's party committee is a 党委 and keeps its name.
PARTY_SECRETARY = re.compile(r"(?<![工区村居])党委书记")


def proofread_body(body: list[BodyParagraph]) -> list[Issue]:
    return proofread_texts(paragraph_texts(body))


def proofread_texts(texts: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    street = any("街道" in t for t in texts)
    for k, text in enumerate(texts, 1):
        def add(code: str, message: str, at: int, *, _k: int = k, _t: str = text) -> None:
            issues.append(Issue(WARNING, code, message, f"第{_k}段：{excerpt(_t, at)}"))

        for m in LIST_COMMA.finditer(text):
            add("P1", f"书名号或引号之间不用顿号：“{m.group(0)}”应为“{m.group(0).replace('、', '')}”"
                "（GB/T 15834—2011 4.5.3.5）", m.start())
        for m in HALF_PUNCT.finditer(text):
            add("P2", f"中文里应使用全角标点，不用半角“{m.group(0)}”（GB/T 15834—2011）", m.start())
        _pairs(text, lambda msg, at: add("P3", msg, at))
        for m in FULL_DIGITS.finditer(text):
            add("P4", f"阿拉伯数字应使用半角：“{m.group(0)}”（GB/T 15835—2011）", m.start())
        for m in CN_COUNT.finditer(text):
            if m.group(1) != "一一" and not _approximate(m.group(1)):  # 一一对应
                add("P4", f"统计数字宜用阿拉伯数字：“{m.group(1)}”（GB/T 15835—2011）", m.start())
        for m in DOT_DATE.finditer(text):
            add("P4", f"以月日命名的节日用间隔号：“{m.group(1)}·{m.group(2)}”，不用“{m.group(1)}.{m.group(2)}”"
                "（GB/T 15834—2011 间隔号）", m.start())
        for wrong, right in CONFUSED:
            at = text.find(wrong)
            if at >= 0:
                add("P5", f"疑似错别字：“{wrong}”应为“{right}”", at)
        for pattern, old, new in _REPEALED_RE:
            m = pattern.search(text)
            if m:
                add("P6", f"《{old}》已废止，应引用{new}", m.start())
        if street:
            m = PARTY_SECRETARY.search(text)
            if m:
                add("P7", "街道设党工委，其书记应称“党工委书记”", m.start())
    issues.extend(_heading_ends(texts))
    return issues


def _approximate(number: str) -> bool:
    """三四, 十二三, 七八十: two neighbouring digits side by side give an approximate number, which
    GB/T 15835—2011 (4.2, 概数) writes in 汉字."""
    core = number.rstrip("十百千")
    if len(core) < 2:
        return False
    a, b = core[-2], core[-1]
    return a in _DIGITS and b in _DIGITS and _DIGITS.index(b) == _DIGITS.index(a) + 1


def _pairs(text: str, add) -> None:  # noqa: ANN001
    closers = {v: k for k, v in PAIRS.items()}
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append((ch, i))
        elif ch in closers:
            if not stack or stack[-1][0] != closers[ch]:
                add(f"“{ch}”没有与之配对的“{closers[ch]}”", i)
                return
            stack.pop()
    if stack:
        ch, i = stack[-1]
        add(f"“{ch}”没有与之配对的“{PAIRS[ch]}”", i)


def _heading_ends(texts: list[str]) -> list[Issue]:
    levels_1 = [(k, t) for k, t in enumerate(texts, 1) if headings.LEVEL_1.match(t)]
    with_stop = [k for k, t in levels_1 if t.rstrip()[-1:] in "。："]
    if not levels_1 or not with_stop or len(with_stop) == len(levels_1):
        return []
    odd = [(k, t) for k, t in levels_1 if (k in with_stop) != (len(with_stop) * 2 >= len(levels_1))]
    return [Issue(WARNING, "P8", "一级标题末尾标点不一致（有的以句号结尾，有的没有）", f"第{k}段：{excerpt(t)}")
            for k, t in odd]
