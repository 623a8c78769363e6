"""Styles, theme, schema order and colour: default language and fonts (§5.2.2), black text (§5.2.4), the theme's East Asian fonts, OOXML order. Items 4.9, 4.10, 4.18, 4.19, 4.36, 4.38."""

from __future__ import annotations

import re

from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.check.common import AMBIGUOUS_PUNCT, ERROR, FANGSONG, INFO, WARNING, Doc, _where
from lawdesk.report.check.ooxml import A_NS, W_NS, _int, _text, _w, _wattr
from lawdesk.report.writer.base import PPR_SEQ, RPR_SEQ


def check_styles(d: Doc) -> None:
    st = d.styles
    lang = st.doc_rpr.find(_w("lang")) if st.doc_rpr is not None else None
    if _wattr(lang, "eastAsia") != "zh-CN":
        d.add(WARNING, "4.9", "文档默认语言（docDefaults）的东亚语言应为 zh-CN。")
    normal_id = st.default_para or "Normal"
    normal = st.by_id.get(normal_id)
    for label, rpr in (("文档默认格式", st.doc_rpr), ("正文（Normal）样式", normal.find(_w("rPr")) if normal is not None else None)):  # fmt: skip
        rf = rpr.find(_w("rFonts")) if rpr is not None else None
        if rf is not None and any(rf.get(_w(a)) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")):  # fmt: skip
            d.add(WARNING, "4.9", f"{label}使用了主题字体属性（*Theme），会覆盖显式字体名。")
    if normal is None:
        d.add(WARNING, "4.10", "找不到正文（Normal）样式。")
        return
    fake_p = etree.Element(_w("p"))
    fake_r = etree.SubElement(fake_p, _w("r"))
    size = _int(st.r_attr(fake_r, fake_p, "sz"))
    font, _ = st.east_asia(fake_r, fake_p)
    expected = d.profile.body_font if d.profile else None
    problems = []
    if size != g.SIZE_SANHAO:
        problems.append(f"字号应为 3 号（sz={g.SIZE_SANHAO}），实际 sz={size}")
    if d.font_ok(font, FANGSONG, expected):
        problems.append(f"中文字体应为仿宋，实际为“{font}”")
    line = _int(st.p_attr(fake_p, "spacing", "line"))
    rule = st.p_attr(fake_p, "spacing", "lineRule")
    if line != d.pitch or rule != "exact":
        problems.append(f"行距应为固定值 {d.pitch} 缇，实际为 {line}（{rule or 'auto'}）")
    before = _int(st.p_attr(fake_p, "spacing", "before"), 0)
    after = _int(st.p_attr(fake_p, "spacing", "after"), 0)
    if before or after:
        problems.append(f"段前段后应为 0，实际为 {before}/{after}")
    for msg in problems:
        d.add(WARNING, "4.10", f"正文（Normal）样式：{msg}。")


def check_theme(d: Doc) -> None:
    names = sorted(
        n for n in d.pkg.names if n.startswith("word/theme/") and n.endswith(".xml")
    )
    for name in names:
        root = d.pkg.xml(name)
        for kind in ("majorFont", "minorFont"):
            for font in root.iter(f"{{{A_NS}}}{kind}"):
                ea = font.find(f"{{{A_NS}}}ea")
                face = ea.get("typeface", "") if ea is not None else ""
                if re.search(r"ＭＳ|MS Mincho|MS Gothic|明朝|ゴシック|游", face):
                    d.add(
                        WARNING,
                        "4.36",
                        f"主题东亚字体为“{face}”（日文字体），中文可能显示为日文字形。",
                        name,
                    )
                for child in font:
                    face = child.get("typeface", "")
                    if re.search(r"ＭＳ|Mincho|Gothic|明朝|ゴシック", face):
                        d.add(INFO, "4.36", f"主题中仍有日文字体“{face}”。", name)
                    elif face in ("Calibri", "等线", "Cambria", "Calibri Light", "等线 Light"):
                        d.add(
                            INFO,
                            "4.36",
                            f"主题中仍有“{face}”字体，WPS 可能提示缺失字体。",
                            name,
                        )


def check_order(d: Doc) -> None:
    parts = [
        ("word/document.xml", d.doc),
        ("word/styles.xml", d.pkg.xml("word/styles.xml")),
    ]
    parts += [
        (n, d.pkg.xml(n))
        for n in sorted(d.pkg.names)
        if re.match(r"word/footer\d*\.xml$", n)
    ]
    for name, root in parts:
        if root is None:
            continue
        for tag, seq in (("pPr", PPR_SEQ), ("rPr", RPR_SEQ)):
            for el in root.iter(_w(tag)):
                idx = [seq.index(etree.QName(c).localname) for c in el
                       if isinstance(c.tag, str) and c.tag.startswith(f"{{{W_NS}}}")
                       and etree.QName(c).localname in seq]  # fmt: skip
                if idx != sorted(idx):
                    d.add(
                        ERROR,
                        "4.38",
                        f"w:{tag} 子元素顺序不符合 OOXML 架构，Word 可能提示修复。",
                        name,
                    )
                    break


def check_colours(d: Doc) -> None:
    for para in d.paras + d._table_paras():
        red_ok = d._is_mark(para.el)
        for r in para.el.iter(_w("r")):
            text = _text(r)
            if not text.strip():
                continue
            color = d.styles.r_attr(r, para.el, "color")
            if color not in (None, "auto", "000000") and not (
                color.upper() == g.RED and (red_ok or text.strip() == "★")
            ):
                d.add(
                    ERROR,
                    "4.19",
                    f"除发文机关标志和★外，文字应为黑色（发现颜色 {color}）。",
                    _where(para.index, para.text),
                )
            if d.styles.r_flag(r, para.el, "i") or (
                d.styles.r_attr(r, para.el, "u") not in (None, "none")
            ):
                d.add(
                    WARNING,
                    "4.19",
                    "公文正文不应使用斜体或下划线。",
                    _where(para.index, para.text),
                )
            if r.find(f"{_w('rPr')}/{_w('highlight')}") is not None:
                d.add(
                    WARNING,
                    "4.19",
                    "公文正文不应使用突出显示（底色）。",
                    _where(para.index, para.text),
                )
            if set(text) & AMBIGUOUS_PUNCT:
                hint = d.styles.r_attr(r, para.el, "rFonts", "hint")
                ascii_font = d.styles.r_attr(r, para.el, "rFonts", "ascii")
                ea, _ = d.styles.east_asia(r, para.el)
                if hint != "eastAsia" and ascii_font != ea:
                    d.add(
                        WARNING,
                        "4.18",
                        "含引号、破折号、省略号的文字应设置 hint=eastAsia，否则会显示为西文字体。",
                        _where(para.index, para.text),
                    )
