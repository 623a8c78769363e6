"""Body paragraphs (GB/T 9704 §5.2.2, §7.3.3): exact line pitch, two-character indent, justified, fonts of the four heading levels. Items 4.15–4.17, 4.20, 4.21."""

from __future__ import annotations

from lawdesk.report import gbt9704 as g
from lawdesk.report.check.common import (
    ERROR,
    FANGSONG,
    HALF_WIDTH_LEVEL,
    HEITI,
    KAITI,
    LEVEL_PATTERNS,
    WARNING,
    Doc,
    _Para,
    _where,
)
from lawdesk.report.check.ooxml import _int, _runs


def check_body(d: Doc, body: list[_Para]) -> None:
    body_font = d.profile.body_font if d.profile else None
    for p in body:
        last = p is body[-1]
        where = _where(p.index, p.text)
        st = d.styles
        line = _int(st.p_attr(p.el, "spacing", "line"))
        rule = st.p_attr(p.el, "spacing", "lineRule")
        severity = d.pitch_severity(line) if rule == "exact" else ERROR
        if severity:
            d.add(
                severity,
                "4.15",
                f"正文行距应为固定值 {d.pitch} 缇（28.95 磅），实际为 {line}（{rule or 'auto'}）。",
                where,
            )
        if _int(st.p_attr(p.el, "spacing", "before"), 0) or _int(
            st.p_attr(p.el, "spacing", "after"), 0
        ):
            d.add(ERROR, "4.15", "正文段前、段后间距应为 0。", where)
        first = _int(st.p_attr(p.el, "ind", "firstLine"))
        chars = _int(st.p_attr(p.el, "ind", "firstLineChars"))
        ok_first = (
            first is not None
            and abs(first - g.BODY_FIRST_LINE_TWIPS) <= g.INDENT_TOLERANCE_TWIPS
        ) or chars == 200
        if not ok_first:
            d.add(ERROR, "4.16", f"正文每个自然段应首行缩进二字（{g.BODY_FIRST_LINE_TWIPS} 缇）。", where)
        if _int(st.p_attr(p.el, "ind", "left"), 0) or _int(st.p_attr(p.el, "ind", "right"), 0):
            d.add(ERROR, "4.16", "正文左右缩进应为 0（回行顶格）。", where)
        if st.p_attr(p.el, "jc", "val") not in ("both", "distribute"):
            d.add(ERROR, "4.16", "正文应两端对齐。", where)
        check_body_fonts(d, p, body_font, where, last=last)


def check_body_fonts(d: Doc, p: _Para, body_font: str | None, where: str, *, last: bool = False) -> None:
    """Fonts of the heading levels; ``last``: the body's last paragraph, kept with the 署名 or the
    date (7.3.5: they never stand alone on a page), may keep with the next whatever its level."""
    runs = _runs(p.el)
    if not runs:
        return
    text = p.text.strip()
    level = next((lv for lv, rx in LEVEL_PATTERNS if rx.match(text)), 0)
    if HALF_WIDTH_LEVEL.match(text):
        d.add(WARNING, "4.20", "层次序号应使用全角括号（），不用半角 ()。", where)
    fonts = []
    for r in runs:
        font, themed = d.styles.east_asia(r, p.el)
        if themed or font is None:
            d.add(
                ERROR,
                "4.17",
                "文字的中文字体来自主题（或未设置 w:eastAsia），各软件显示会不一致。",
                where,
            )
        fonts.append(font)
    head_font = fonts[0]
    if level == 1:
        if head_font not in HEITI:
            d.add(WARNING, "4.20", f"一级标题“一、”应使用黑体，实际为“{head_font}”。", where)
        elif d.styles.r_flag(runs[0], p.el, "b"):
            d.add(WARNING, "4.20", "一级标题（黑体）不应加粗。", where)
    elif level == 2 and head_font not in KAITI:
        d.add(WARNING, "4.20", f"二级标题“（一）”应使用楷体，实际为“{head_font}”。", where)
    elif level in (3, 4) and head_font not in FANGSONG:
        d.add(WARNING, "4.20", f"三、四级标题应使用仿宋，实际为“{head_font}”。", where)
    for r, font in zip(runs, fonts, strict=True):
        if r is runs[0] and level in (1, 2):
            continue
        if font in HEITI | KAITI and level in (1, 2):
            continue
        sev = d.font_ok(font, FANGSONG, body_font)
        if sev and font is not None:
            d.add(sev, "4.17", f"正文应使用仿宋，实际为“{font}”。", where)
            break
        size = _int(d.styles.r_attr(r, p.el, "sz"))
        if size != g.SIZE_SANHAO:
            d.add(ERROR, "4.17", f"正文应为 3 号字（16 磅），实际 sz={size}。", where)
            break
    standalone = level in (1, 2) and all(f in HEITI | KAITI for f in fonts)
    keep = d.styles.p_flag(p.el, "keepNext")
    if standalone and not keep:
        d.add(WARNING, "4.21", "独占一段的一、二级标题应设置“与下段同页”。", where)
    if level in (1, 2) and not standalone and keep and not last:
        d.add(
            WARNING,
            "4.21",
            "标题与正文同段时不应设置“与下段同页”（会把正文推到下一页）。",
            where,
        )
