"""The other elements of the 主体 (GB/T 9704 §7.3): title (§7.3.1), 主送机关 (§7.3.2), 附件说明 (§7.3.4), 署名 and 成文日期 (§7.3.5), 附注 (§7.3.6). Items 4.27–4.32."""

from __future__ import annotations

import re

from lawdesk.report import gbt9704 as g
from lawdesk.report.check.common import (
    DATE_RE,
    ERROR,
    INFO,
    WARNING,
    XIAOBIAOSONG,
    Doc,
    _Para,
    _where,
)
from lawdesk.report.check.ooxml import _int, _runs
from lawdesk.report.docx.base import text_width_twips


def check_title(d: Doc, lines: list[_Para]) -> None:
    depth = 0
    expected = d.profile.title_font if d.profile else None
    for p in lines:
        text = p.text.strip()
        runs = _runs(p.el)
        for r in runs:
            font, _ = d.styles.east_asia(r, p.el)
            size = _int(d.styles.r_attr(r, p.el, "sz"))
            if size != g.SIZE_ERHAO:
                d.add(
                    ERROR,
                    "4.27",
                    f"标题应为 2 号字（22 磅），实际 sz={size}。",
                    _where(p.index, p.text),
                )
            if d.font_ok(font, XIAOBIAOSONG, expected) == ERROR:
                d.add(
                    ERROR,
                    "4.27",
                    f"标题应使用小标宋体，实际为“{font}”。",
                    _where(p.index, p.text),
                )
            if d.styles.r_flag(r, p.el, "b"):
                d.add(
                    WARNING,
                    "4.27",
                    "标题不应加粗（小标宋本身已是粗体字形）。",
                    _where(p.index, p.text),
                )
        if text_width_twips(text, g.SIZE_ERHAO, 0) > g.BODY_WIDTH_TWIPS:
            d.add(ERROR, "4.27", "标题行超出版心宽度，应分行排布。", _where(p.index, p.text))
        depth += text.count("《") - text.count("》")
        if depth != 0 and p is not lines[-1]:
            d.add(
                ERROR, "4.27", "标题回行不应拆开书名号《》内的名称。", _where(p.index, p.text)
            )
    last = lines[-1].text.strip()
    if last and last[-1] in "。，；：、.,;:":
        d.add(ERROR, "4.27", "标题末尾不应有标点符号。", _where(lines[-1].index, last))


def check_addressee(d: Doc, p: _Para) -> None:
    text = p.text.strip()
    where = _where(p.index, p.text)
    if not text.endswith("："):
        d.add(ERROR, "4.28", "主送机关最后应标全角冒号“：”。", where)
    first = _int(d.styles.p_attr(p.el, "ind", "firstLine"), 0) + _int(
        d.styles.p_attr(p.el, "ind", "left"), 0
    )
    if first:
        d.add(ERROR, "4.28", "主送机关应居左顶格（无缩进）。", where)
    if "县委" not in text or not ("县政府" in text or "县人民政府" in text):
        d.add(INFO, "4.28", "年度法治政府建设报告一般主送县委、县政府。", where)


def check_attachment_list(d: Doc, paras: list[_Para]) -> None:
    first = paras[0]
    indent = (
        _int(d.styles.p_attr(first.el, "ind", "left"), 0)
        - _int(d.styles.p_attr(first.el, "ind", "hanging"), 0)
        + _int(d.styles.p_attr(first.el, "ind", "firstLine"), 0)
    )
    if abs(indent - g.BODY_FIRST_LINE_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
        d.add(WARNING, "4.29", "附件说明应左空二字编排。", _where(first.index, first.text))
    for p in paras:
        if p.text.strip() and p.text.strip()[-1] in "。；;，,":
            d.add(WARNING, "4.29", "附件名称后不加标点符号。", _where(p.index, p.text))


def check_signature(d: Doc, signature: list[_Para], date: _Para, blanks: list[_Para]) -> None:
    text = date.text.strip()
    where = _where(date.index, date.text)
    if not DATE_RE.match(text):
        d.add(
            ERROR,
            "4.30",
            f"成文日期“{text}”格式不对：应用阿拉伯数字标全年月日，月、日不编虚位（如“2023年1月9日”）。",
            where,
        )
    jc = d.styles.p_attr(date.el, "jc", "val")
    right = _int(d.styles.p_attr(date.el, "ind", "right"), 0)
    if jc != "right" or abs(right - g.DATE_RIGHT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
        d.add(ERROR, "4.31", "成文日期应右空四字（右对齐，右缩进 1280 缇）。", where)
    if not signature:
        d.add(ERROR, "4.31", "成文日期之上缺少发文机关署名。", where)
    date_w = text_width_twips(text)
    for p in signature:
        sig_w = text_width_twips(p.text.strip())
        expected = g.DATE_RIGHT_INDENT_TWIPS + (date_w - sig_w) / 2
        actual = _int(d.styles.p_attr(p.el, "ind", "right"), 0)
        if (
            d.styles.p_attr(p.el, "jc", "val") != "right"
            or abs(actual - max(expected, 0)) > g.CHAR_SANHAO_TWIPS
        ):
            d.add(
                ERROR, "4.31", "发文机关署名应以成文日期为准居中编排。", _where(p.index, p.text)
            )
    if len(blanks) > 3:
        d.add(
            WARNING,
            "4.31",
            f"署名前空行过多（{len(blanks)} 行），印章顶端应距正文一行之内。",
            where,
        )
    if any(not d.styles.p_flag(p.el, "keepNext") for p in blanks + signature):
        d.add(
            WARNING, "4.31", "署名及其前面的空行应设置“与下段同页”，避免署名单独成页。", where
        )


def check_note(d: Doc, p: _Para) -> None:
    text = p.text.strip()
    where = _where(p.index, p.text)
    if not re.match(r"^（.+）$", text):
        d.add(WARNING, "4.32", "附注应加全角圆括号，如“（此件公开发布）”。", where)
    indent = _int(d.styles.p_attr(p.el, "ind", "left"), 0) + _int(
        d.styles.p_attr(p.el, "ind", "firstLine"), 0
    )
    if abs(indent - g.NOTE_LEFT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
        d.add(WARNING, "4.32", "附注应居左空二字编排。", where)
