"""版记 (GB/T 9704 §7.4): 抄送, 印发机关和印发日期, its rules, its place at the foot of the last page. Items 4.33–4.35."""

from __future__ import annotations

import re

from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.check.common import DATE_RE, ERROR, FANGSONG, INFO, WARNING, Doc
from lawdesk.report.check.ooxml import _int, _runs, _text, _w, _wattr


def check_imprint(d: Doc, date_index: int) -> None:
    tables = [(i, el) for i, el in enumerate(d.items) if el.tag == _w("tbl") and i > date_index
              and ("抄送" in _text(el) or _text(el).strip().endswith("印发"))]  # fmt: skip
    if not tables:
        d.add(INFO, "4.33", "未检测到版记（抄送、印发机关和印发日期），按公开版处理。")
        return
    index, tbl = tables[-1]
    where = f"版记（第{index + 1}项）"
    paras = [p for p in tbl.iter(_w("p")) if _text(p).strip()]
    for p in paras:
        for r in _runs(p):
            font, _ = d.styles.east_asia(r, p)
            if _int(d.styles.r_attr(r, p, "sz")) != g.IMPRINT_SIZE or font not in FANGSONG:
                d.add(ERROR, "4.33", "版记应使用 4 号仿宋（14 磅）。", where)
                break
    copy = next((p for p in paras if _text(p).strip().startswith("抄送")), None)
    if copy is not None:
        text = _text(copy).strip()
        if not text.startswith("抄送："):
            d.add(ERROR, "4.33", "“抄送”后应加全角冒号“：”。", where)
        if not text.endswith("。"):
            d.add(ERROR, "4.33", "最后一个抄送机关名称后应标句号“。”。", where)
        left = _int(d.styles.p_attr(copy, "ind", "left"), 0) - _int(
            d.styles.p_attr(copy, "ind", "hanging"), 0
        )
        right = _int(d.styles.p_attr(copy, "ind", "right"), 0)
        if (
            abs(left - g.IMPRINT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS
            or abs(right - g.IMPRINT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS
        ):
            d.add(ERROR, "4.33", f"抄送机关应左右各空一字编排（缩进 {g.IMPRINT_INDENT_TWIPS} 缇）。", where)
    issue = next((p for p in paras if _text(p).strip().endswith("印发")), None)
    if issue is None:
        d.add(ERROR, "4.33", "版记缺少印发机关和印发日期（以“印发”结尾）。", where)
    else:
        m = re.search(r"(\S+)印发$", _text(issue).strip())
        date = m.group(1) if m else ""
        if not DATE_RE.match(date):
            d.add(
                ERROR,
                "4.33",
                f"印发日期“{date}”格式不对：应为“2023年1月9日”式，不编虚位。",
                where,
            )
    check_imprint_rules(d, tbl, bool(copy is not None), where)
    tail = [el for el in d.items[index + 1 :] if el.tag != _w("sectPr")]
    if any(el.tag == _w("tbl") or _text(el).strip() for el in tail):
        d.add(WARNING, "4.35", "版记应是公文的最后内容（位于最后一面）。", where)


def check_imprint_rules(d: Doc, tbl: etree._Element, has_copy: bool, where: str) -> None:
    tbl_pr = tbl.find(_w("tblPr"))
    borders = tbl_pr.find(_w("tblBorders")) if tbl_pr is not None else None
    for side, label in (("top", "首条"), ("bottom", "末条")):
        b = borders.find(_w(side)) if borders is not None else None
        size = _int(_wattr(b, "sz"), 0)
        if b is None or _wattr(b, "val") in ("nil", "none") or size < g.IMPRINT_THICK_EIGHTHS:
            d.add(ERROR, "4.34", f"版记{label}分隔线应为粗线（0.35 mm，sz≥{g.IMPRINT_THICK_EIGHTHS}）。", where)
        elif (_wattr(b, "color") or "auto").upper() not in ("AUTO", "000000"):
            d.add(ERROR, "4.34", f"版记{label}分隔线应为黑色。", where)
    if has_copy:
        thin = [b for b in tbl.iter(_w("top")) if b.getparent().tag == _w("tcBorders")]
        thin += [b for b in (borders.findall(_w("insideH")) if borders is not None else [])
                 if _wattr(b, "val") not in ("nil", "none")]  # fmt: skip
        if not thin:
            d.add(ERROR, "4.34", "抄送与印发机关之间应有细分隔线（0.25 mm）。", where)
        elif any(_int(_wattr(b, "sz"), 0) != g.IMPRINT_THIN_EIGHTHS for b in thin):
            d.add(WARNING, "4.34", f"版记中间分隔线推荐为细线（0.25 mm，sz={g.IMPRINT_THIN_EIGHTHS}）。", where)
    width = _int(_wattr(tbl_pr.find(_w("tblW")) if tbl_pr is not None else None, "w"), 0)
    if abs(width - g.BODY_WIDTH_TWIPS) > g.BODY_SIZE_TOLERANCE_TWIPS:
        d.add(ERROR, "4.34", f"版记分隔线应与版心等宽（{g.BODY_WIDTH_TWIPS} 缇），实际 {width} 缇。", where)
    pos = tbl_pr.find(_w("tblpPr")) if tbl_pr is not None else None
    anchored = (
        pos is not None
        and _wattr(pos, "vertAnchor") in ("margin", "page")
        and (_wattr(pos, "tblpYSpec") == "bottom" or _wattr(pos, "tblpY") is not None)
    )
    if not anchored:
        d.add(
            WARNING,
            "4.35",
            "版记应固定在最后一面版心底部（末条分隔线与版心下边缘重合）。",
            where,
        )
