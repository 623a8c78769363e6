"""The other elements of the 主体 (GB/T 9704 §7.3): title (§7.3.1), 主送机关 (§7.3.2), 附件说明 (§7.3.4), 署名 and 成文日期 (§7.3.5), 附注 (§7.3.6). Items 4.27–4.32."""

from __future__ import annotations

import re

from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.check.common import (
    DATE_RE,
    ERROR,
    INFO,
    KAITI,
    LOOSE_DATE_RE,
    WARNING,
    XIAOBIAOSONG,
    Doc,
    _Para,
    _where,
)
from lawdesk.report.check.ooxml import _int, _runs, _text, _w, _wattr
from lawdesk.report.writer.base import text_width_twips


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


def is_byline(d: Doc, p: _Para) -> bool:
    """A personal report's post and name right under the title: a centred line that is no 主送."""
    text = p.text.strip()
    return bool(text) and not text.endswith(("：", ":")) and d.styles.p_attr(p.el, "jc", "val") == "center"


def check_byline(d: Doc, p: _Para) -> None:
    """The post and name under a personal report's title: one centred line of 3号楷体 (实务)."""
    where = _where(p.index, p.text)
    expected = d.profile.kai_font if d.profile else None
    for r in _runs(p.el):
        font, _ = d.styles.east_asia(r, p.el)
        if _int(d.styles.r_attr(r, p.el, "sz")) != g.BYLINE_SIZE:
            d.add(WARNING, "4.27", "标题下的职务和姓名一般用 3 号字。", where)
            break
        if d.font_ok(font, KAITI, expected):
            d.add(WARNING, "4.27", f"标题下的职务和姓名一般用楷体，实际为“{font}”。", where)
            break
    if text_width_twips(p.text.strip()) > g.BODY_WIDTH_TWIPS:
        d.add(WARNING, "4.27", "标题下的职务和姓名应排在一行之内。", where)


def check_date_alone(d: Doc, date: _Para, blanks: list[_Para]) -> None:
    """A personal report's date, its only 署名 the byline under the title: 正文下空一行, 右空四字
    (7.3.5.1, 7.3.5.4)."""
    where = _where(date.index, date.text)
    _check_date_text(d, date)
    if d.styles.p_attr(date.el, "jc", "val") != "right" or abs(_right(d, date) - g.DATE_RIGHT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
        d.add(ERROR, "4.30", "成文日期应右空四字编排。", where)
    if not blanks:
        d.add(WARNING, "4.30", "成文日期应在正文下空一行编排。", where)


def check_addressee(d: Doc, p: _Para, title: str = "") -> None:
    text = p.text.strip()
    where = _where(p.index, p.text)
    if not text.endswith("："):
        d.add(ERROR, "4.28", "主送机关最后应标全角冒号“：”。", where)
    first = _int(d.styles.p_attr(p.el, "ind", "firstLine"), 0) + _int(
        d.styles.p_attr(p.el, "ind", "left"), 0
    )
    if first:
        d.add(ERROR, "4.28", "主送机关应居左顶格（无缩进）。", where)
    annual = "年度法治政府建设工作情况" in title.replace(" ", "")
    if annual and ("县委" not in text or not ("县政府" in text or "县人民政府" in text)):
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


def _check_date_text(d: Doc, date: _Para) -> None:
    text = date.text.strip()
    if not DATE_RE.match(text):
        d.add(
            ERROR, "4.30",
            f"成文日期“{text}”格式不对：应用阿拉伯数字标全年月日，月、日不编虚位（如“2023年1月9日”）。",
            _where(date.index, date.text),
        )  # fmt: skip


def _right(d: Doc, p: _Para) -> int:
    return _int(d.styles.p_attr(p.el, "ind", "right"), 0)


def _sealed_ok(d: Doc, signature: list[_Para], date: _Para) -> bool:
    """7.3.5.1 single organ: date 右空四字, the organ centred over the date."""
    tol = g.INDENT_TOLERANCE_TWIPS
    if d.styles.p_attr(date.el, "jc", "val") != "right" or abs(_right(d, date) - g.DATE_RIGHT_INDENT_TWIPS) > tol:
        return False
    date_w = text_width_twips(date.text.strip())
    for p in signature:
        expected = max(0, g.DATE_RIGHT_INDENT_TWIPS + (date_w - text_width_twips(p.text.strip())) / 2)
        if d.styles.p_attr(p.el, "jc", "val") != "right" or abs(_right(d, p) - expected) > g.CHAR_SANHAO_TWIPS:
            return False
    return True


def _unsealed_ok(d: Doc, signature: list[_Para], date: _Para) -> bool:
    """7.3.5.2: 署名 右空二字 (more if the date is longer), organs stacked from one start, the
    date's first character two characters right of the organs' first."""
    tol = g.INDENT_TOLERANCE_TWIPS
    paras = [*signature, date]
    if any(d.styles.p_attr(p.el, "jc", "val") != "right" for p in paras):
        return False
    starts = [g.BODY_WIDTH_TWIPS - _right(d, p) - text_width_twips(p.text.strip()) for p in paras]
    organ_starts, date_start = starts[:-1], starts[-1]
    if not organ_starts or max(organ_starts) - min(organ_starts) > tol:
        return False
    if abs(date_start - min(organ_starts) - g.UNSEALED_DATE_SHIFT_TWIPS) > tol:
        return False
    return min(_right(d, p) for p in paras) >= g.UNSEALED_RIGHT_INDENT_TWIPS - tol


def check_signature(d: Doc, signature: list[_Para], date: _Para, blanks: list[_Para]) -> None:
    """署名 and 成文日期 written as paragraphs: sealed (7.3.5.1) or unsealed (7.3.5.2)."""
    where = _where(date.index, date.text)
    _check_date_text(d, date)
    if not signature:
        d.add(ERROR, "4.31", "成文日期之上缺少发文机关署名。", where)
    expected = None if d.profile is None else d.profile.sealed
    sealed, unsealed = _sealed_ok(d, signature, date), _unsealed_ok(d, signature, date)
    if expected is True and not sealed:
        d.add(ERROR, "4.31", "加盖印章时，成文日期应右空四字，发文机关署名应以成文日期为准居中编排。", where)
    elif expected is False and not unsealed:
        d.add(ERROR, "4.31", "不加盖印章时，署名应右空二字，成文日期首字比署名首字右移二字。", where)
    elif expected is None and not (sealed or unsealed):
        d.add(ERROR, "4.31", "署名和成文日期的位置既不符合加盖印章（7.3.5.1）也不符合不加盖印章（7.3.5.2）的编排。", where)
    if expected is True and len([p for p in signature if p.text.strip()]) > 1:
        d.add(WARNING, "4.31", "联合行文加盖印章时，各发文机关署名应并排编排，使印章互不相交。", where)
    if len(blanks) > g.SIGNATURE_MAX_BLANK_LINES:
        d.add(WARNING, "4.31", f"署名前空行过多（{len(blanks)} 行），印章顶端应距正文一行之内。", where)
    if any(not d.styles.p_flag(p.el, "keepNext") for p in blanks + signature):
        d.add(WARNING, "4.31", "署名及其前面的空行应设置“与下段同页”，避免署名单独成页。", where)


def _cells(tr: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """(cell, first grid column, columns spanned) of each cell of a row."""
    out, col = [], 0
    for tc in tr.findall(_w("tc")):
        span = _int(_wattr(tc.find(f"{_w('tcPr')}/{_w('gridSpan')}"), "val"), 1) or 1
        out.append((tc, col, span))
        col += span
    return out


def _centre(d: Doc, p: etree._Element, start: int, width: int) -> int:
    """Where (twips from the table's left edge) the middle of a cell paragraph's text falls."""
    left = _int(d.styles.p_attr(p, "ind", "left"), 0)
    right = _int(d.styles.p_attr(p, "ind", "right"), 0)
    jc = d.styles.p_attr(p, "jc", "val") or "left"
    text_w = text_width_twips(_text(p).strip())
    if jc == "center":
        return start + left + (width - left - right) // 2
    if jc in ("right", "end"):
        return start + width - right - text_w // 2
    return start + left + text_w // 2


def check_joint_signature(d: Doc, tbl: etree._Element, index: int, blanks: list[_Para]) -> _Para | None:
    """Joint sealed 署名 (7.3.5.1) written as a borderless table: organs side by side, each
    column at least a seal wide so seals never meet, the date under the last organ."""
    where = f"署名（第{index + 1}项）"
    widths = [_int(c.get(_w("w")), 0) for c in tbl.iter(_w("gridCol"))]
    rows = tbl.findall(_w("tr"))
    grid = [[(_text(tc).strip(), start, span) for tc, start, span in _cells(tr)] for tr in rows]
    date_cells = [(r, cell) for r, row in enumerate(grid) for cell in row if LOOSE_DATE_RE.match(cell[0])]
    if not date_cells:
        return None
    r, (_, start, span) = date_cells[0]
    tc = next(tc for tc, s, _ in _cells(rows[r]) if s == start)
    date_el = [p for p in tc.iter(_w("p")) if _text(p).strip()][0]
    date = _Para(index, date_el, _text(date_el))
    _check_date_text(d, date)
    organs = [(start_, span_) for row in grid[:r] for text, start_, span_ in row if text]
    centre = _centre(d, date_el, sum(widths[:start]), sum(widths[start : start + span]))
    if not organs:
        d.add(ERROR, "4.31", "成文日期之上缺少发文机关署名。", where)
    elif not sum(widths[: organs[-1][0]]) <= centre <= sum(widths[: organs[-1][0] + organs[-1][1]]):
        d.add(ERROR, "4.31", "联合行文加盖印章时，成文日期应编排在最后一个发文机关署名之下。", where)
    seal = g.mm_to_twips(g.SEAL_DIAMETER_MM + g.SEAL_GAP_MM)
    if any(w < seal for w in widths) or sum(widths) > g.BODY_WIDTH_TWIPS + g.BODY_SIZE_TOLERANCE_TWIPS:
        d.add(
            ERROR, "4.31",
            f"联合行文的署名并排时，每个署名应至少占一个印章宽（{g.SEAL_DIAMETER_MM} mm 加间隔 "
            f"{g.SEAL_GAP_MM} mm），且不超出版心，使印章互不相交或相切。", where,
        )  # fmt: skip
    if d.profile is not None and not d.profile.sealed:
        d.add(WARNING, "4.31", "不加盖印章的联合行文，发文机关署名应依次向下编排（7.3.5.2）。", where)
    if len(blanks) > g.SIGNATURE_MAX_BLANK_LINES:
        d.add(WARNING, "4.31", f"署名前空行过多（{len(blanks)} 行），印章顶端应距正文一行之内。", where)
    return date


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
