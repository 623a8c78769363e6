"""版头 (GB/T 9704 §7.2): 发文机关标志 (§7.2.4), 发文字号 (§7.2.5), 签发人 (§7.2.6), the red rule (§7.2.7). Items 4.22–4.26."""

from __future__ import annotations

from lawdesk.report import gbt9704 as g
from lawdesk.report.check.common import (
    DOC_NUMBER_RE,
    ERROR,
    FANGSONG,
    INFO,
    KAITI,
    WARNING,
    XIAOBIAOSONG,
    Doc,
    _Para,
    _where,
)
from lawdesk.report.check.ooxml import _int, _runs, _text, _w, _wattr


def check_masthead(d: Doc, head: list[_Para], title: _Para) -> None:
    marks = [p for p in head if d._is_mark(p.el)]
    mark = marks[0]
    if d.styles.p_attr(mark.el, "jc", "val") != "center":
        d.add(ERROR, "4.22", "发文机关标志应居中排布。", _where(mark.index, mark.text))
    runs = _runs(mark.el)
    font, _ = d.styles.east_asia(runs[0], mark.el)
    if (
        d.font_ok(font, XIAOBIAOSONG, d.profile.title_font if d.profile else None)
        == ERROR
    ):
        d.add(
            ERROR,
            "4.22",
            f"发文机关标志应使用小标宋体，实际为“{font}”。",
            _where(mark.index, mark.text),
        )
    size_pt = _int(d.styles.r_attr(runs[0], mark.el, "sz"), 0) / 2
    scale = _int(d.styles.r_attr(runs[0], mark.el, "w"), 100) / 100
    width = sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in mark.text.strip()) * size_pt * scale
    if width > g.BODY_WIDTH_PT + 1:
        d.add(
            ERROR,
            "4.22",
            f"发文机关标志过宽（约 {width:.0f} 磅），超出版心宽度，应缩小字号使其排在一行。",
            _where(mark.index, mark.text),
        )
    spacer = sum(
        _int(d.styles.p_attr(p.el, "spacing", "line"), 0) / 20
        for p in head
        if p.index < mark.index
    )
    expected = g.MARK_TOP_FROM_BODY_TOP_PT - g.MARK_TOP_BEARING * size_pt
    if abs(spacer - expected) > g.MARK_TOP_TOLERANCE_PT:
        d.add(
            WARNING,
            "4.23",
            f"发文机关标志上边缘应距版心上边缘 {g.MARK_TOP_FROM_BODY_TOP_MM} mm（前置空行约 {expected:.0f} 磅），实际约 {spacer:.0f} 磅。",
            _where(mark.index, mark.text),
        )
    after_mark = [p for p in head if p.index > mark.index]
    blanks = 0
    while blanks < len(after_mark) and after_mark[blanks].blank:
        blanks += 1
    rows = [p for p in after_mark[blanks:] if not p.blank]
    if not rows:
        d.add(ERROR, "4.24", "找不到发文字号。")
        return
    if blanks != g.DOC_NUMBER_BLANK_LINES:
        d.add(
            ERROR,
            "4.24",
            f"发文字号应在发文机关标志下空二行，实际空 {blanks} 行。",
            _where(rows[0].index, rows[0].text),
        )
    number_row = rows[-1]
    number = number_row.text.split("\t")[0].strip()
    if not DOC_NUMBER_RE.match(number):
        d.add(
            ERROR,
            "4.24",
            f"发文字号“{number}”格式不对：应为“机关代字〔年份〕序号号”，用六角括号〔〕，不加“第”，序号不编虚位。",
            _where(number_row.index, number_row.text),
        )
    check_signers(d, rows, number_row)
    check_red_rule(d, number_row, title)


def check_signers(d: Doc, rows: list[_Para], number_row: _Para) -> None:
    label_row = next((p for p in rows if "签发人" in p.text), None)
    if label_row is None:
        d.add(
            ERROR,
            "4.25",
            "上行文应标注签发人（“签发人：”加姓名），与发文字号同行。",
            _where(number_row.index, number_row.text),
        )
        return
    if "签发人：" not in label_row.text:
        d.add(
            ERROR,
            "4.25",
            "“签发人”后应加全角冒号“：”。",
            _where(label_row.index, label_row.text),
        )
    elif not label_row.text.split("签发人：", 1)[1].strip():
        d.add(
            ERROR,
            "4.25",
            "上行文应标注签发人姓名：“签发人：”后没有姓名。",
            _where(label_row.index, label_row.text),
        )
    first = _int(d.styles.p_attr(number_row.el, "ind", "firstLine"), 0) + _int(
        d.styles.p_attr(number_row.el, "ind", "left"), 0
    )
    if abs(first - g.DOC_NUMBER_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
        d.add(
            ERROR,
            "4.25",
            f"上行文的发文字号应居左空一字（首行缩进 {g.DOC_NUMBER_INDENT_TWIPS} 缇）。",
            _where(number_row.index, number_row.text),
        )
    expected_kai = d.profile.kai_font if d.profile else None
    expected_fs = d.profile.body_font if d.profile else None
    seen_label = False
    for p in rows:
        for r in _runs(p.el):
            text = _text(r).replace("\t", "")
            if not text.strip():
                continue
            font, _ = d.styles.east_asia(r, p.el)
            size = _int(d.styles.r_attr(r, p.el, "sz"))
            if "签发人" in text:
                seen_label = True
                if d.font_ok(font, FANGSONG, expected_fs) == ERROR or size != g.SIZE_SANHAO:
                    d.add(
                        ERROR,
                        "4.25",
                        f"“签发人：”应为 3 号仿宋，实际为“{font}”。",
                        _where(p.index, p.text),
                    )
                rest = text.split("：", 1)[-1].strip()
                if rest:
                    d.add(
                        ERROR,
                        "4.25",
                        "签发人姓名应单独用 3 号楷体，不应与“签发人：”同一字体。",
                        _where(p.index, p.text),
                    )
            elif seen_label or p is not number_row or "〔" not in text:
                if DOC_NUMBER_RE.match(text.strip()) or "〔" in text:
                    continue
                if d.font_ok(font, KAITI, expected_kai) == ERROR or size != g.SIZE_SANHAO:
                    d.add(
                        ERROR,
                        "4.25",
                        f"签发人姓名应为 3 号楷体，实际为“{font}”。",
                        _where(p.index, p.text),
                    )


def check_red_rule(d: Doc, number_row: _Para, title: _Para) -> None:
    ppr = number_row.el.find(_w("pPr"))
    bottom = ppr.find(f"{_w('pBdr')}/{_w('bottom')}") if ppr is not None else None
    if bottom is not None:
        color = (_wattr(bottom, "color") or "").upper()
        size = _int(_wattr(bottom, "sz"), 0)
        space = _int(_wattr(bottom, "space"), 0)
        if color != g.RED or size < g.RED_RULE_MIN_EIGHTHS or _wattr(bottom, "val") in (None, "nil", "none"):
            d.add(
                ERROR,
                "4.26",
                "版头分隔线应为红色实线（线宽 ≥ 0.5 磅）。",
                _where(number_row.index, number_row.text),
            )
        if abs(space - g.RED_RULE_SPACE_PT) > g.RED_RULE_SPACE_TOLERANCE_PT:
            d.add(
                ERROR,
                "4.26",
                f"红色分隔线应在发文字号之下 {g.RED_RULE_GAP_MM} mm（w:space≈{g.RED_RULE_SPACE_PT} 磅），实际为 {space} 磅。",
                _where(number_row.index, number_row.text),
            )
        left = _int(d.styles.p_attr(number_row.el, "ind", "left"), 0)
        right = _int(d.styles.p_attr(number_row.el, "ind", "right"), 0)
        if left or right:
            d.add(
                ERROR,
                "4.26",
                "红色分隔线应与版心等宽（发文字号段落左右缩进应为 0）。",
                _where(number_row.index, number_row.text),
            )
        return
    # party variant: a borderless table with red bottom rules and a red ★
    tables = [
        el for el in d.items[number_row.index + 1 : title.index] if el.tag == _w("tbl")
    ]
    for tbl in tables:
        reds = [
            b for b in tbl.iter(_w("bottom")) if (_wattr(b, "color") or "").upper() == g.RED
        ]
        if reds:
            width = _int(_wattr(tbl.find(f"{_w('tblPr')}/{_w('tblW')}"), "w"), 0)
            if abs(width - g.BODY_WIDTH_TWIPS) > g.BODY_SIZE_TOLERANCE_TWIPS:
                d.add(
                    ERROR,
                    "4.26",
                    f"红色分隔线应与版心等宽（{g.BODY_WIDTH_TWIPS} 缇），实际 {width} 缇。",
                    _where(number_row.index, number_row.text),
                )
            if "★" in _text(tbl):
                d.add(INFO, "4.26", "红色分隔线中间有★（党的机关公文惯例）。")
            return
    d.add(
        ERROR, "4.26", "发文字号之下缺少红色分隔线。", _where(number_row.index, number_row.text)
    )
