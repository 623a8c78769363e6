"""Page set-up and page numbers: A4 and 版心 (GB/T 9704 §5.1–5.2), grid (§5.2.3), odd/even footers and 页码 (§7.5). Items 4.1–4.8, 4.12–4.14."""

from __future__ import annotations

from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.check.common import ERROR, FOOTER_RE, INFO, SONG, WARNING, Doc
from lawdesk.report.check.ooxml import R_NS, _int, _runs, _text, _w, _wattr


def check_sections(d: Doc) -> None:
    sects = list(d.doc.iter(_w("sectPr")))
    if not sects:
        d.add(ERROR, "4.1", "文档缺少节属性（sectPr），无法确定页面设置。")
        return
    imprint_only = len(sects) > 1 and _last_section_is_imprint_only(d)
    for n, sect in enumerate(sects, start=1):
        where = f"第{n}节" if len(sects) > 1 else ""
        check_page(d, sect, where)
        if imprint_only and n == len(sects):
            check_unnumbered_footers(d, sect, where)
        else:
            check_footers(d, sect, where)


def _last_section_is_imprint_only(d: Doc) -> bool:
    """Is the last section a blank page and the 版记 page (7.5: neither carries a page number)?"""
    items = d.items
    breaks = [i for i, el in enumerate(items) if el.tag == _w("p") and el.find(f"{_w('pPr')}/{_w('sectPr')}") is not None]
    if not breaks:
        return False
    tail = [el for el in items[breaks[-1] + 1 :] if el.tag != _w("sectPr")]
    tables = [el for el in tail if el.tag == _w("tbl")]
    text = "".join(_text(el) for el in tail if el.tag == _w("p"))
    return bool(tables) and not text.strip() and all(_text(t).strip().endswith("印发") for t in tables)


def check_unnumbered_footers(d: Doc, sect: etree._Element, where: str) -> None:
    """The blank page and the 版记 page after it carry no page number (7.5)."""
    for kind in ("default", "even"):
        name, root = _footer_part(d, sect, kind)
        if root is not None and root.find(f".//{_w('instrText')}") is not None:
            d.add(ERROR, "4.6", "版记页前有空白页时，空白页和版记页均不编排页码。", name or where)


def check_page(d: Doc, sect: etree._Element, where: str) -> None:
    sz, mar = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
    w, h = _int(_wattr(sz, "w"), 0), _int(_wattr(sz, "h"), 0)
    tol = g.PAGE_SIZE_TOLERANCE_TWIPS
    if (
        abs(w - g.PAGE_WIDTH_TWIPS) > tol
        or abs(h - g.PAGE_HEIGHT_TWIPS) > tol
        or _wattr(sz, "orient") == "landscape"
    ):
        d.add(ERROR, "4.1", f"纸张应为 A4 纵向（210×297 mm），实际为 {w}×{h} 缇。", where)
    top, left = _int(_wattr(mar, "top"), 0), _int(_wattr(mar, "left"), 0)
    right, bottom = _int(_wattr(mar, "right"), 0), _int(_wattr(mar, "bottom"), 0)
    mt = g.MARGIN_TOLERANCE_TWIPS
    if abs(top - g.MARGIN_TOP_TWIPS) > mt:
        d.add(ERROR, "4.2", f"天头（上边距）应为 {g.MARGIN_TOP_MM} mm（{g.MARGIN_TOP_TWIPS} 缇），实际为 {top} 缇。", where)
    if abs(left - g.MARGIN_LEFT_TWIPS) > mt:
        d.add(
            ERROR, "4.2", f"订口（左边距）应为 {g.MARGIN_LEFT_MM} mm（{g.MARGIN_LEFT_TWIPS} 缇），实际为 {left} 缇。", where
        )
    bw, bh = w - left - right, h - top - bottom
    bt = g.BODY_SIZE_TOLERANCE_TWIPS
    if abs(bw - g.BODY_WIDTH_TWIPS) > bt or abs(bh - g.BODY_HEIGHT_TWIPS) > bt:
        d.add(
            ERROR, "4.3",
            f"版心应为 {g.BODY_WIDTH_MM}×{g.BODY_HEIGHT_MM} mm（{g.BODY_WIDTH_TWIPS}×{g.BODY_HEIGHT_TWIPS} 缇），实际为 {bw}×{bh} 缇"
            f"（下边距应为 {g.MARGIN_BOTTOM_MM} mm，右边距应为 {g.MARGIN_RIGHT_MM} mm）。", where,
        )  # fmt: skip
    footer = _int(_wattr(mar, "footer"), 0)
    if not g.FOOTER_DISTANCE_MIN_TWIPS <= footer <= g.FOOTER_DISTANCE_MAX_TWIPS:
        d.add(
            WARNING, "4.4",
            f"页脚距边界约应为 {g.FOOTER_DISTANCE_TWIPS / g.TWIPS_PER_MM:.1f} mm（{g.FOOTER_DISTANCE_TWIPS} 缇），使页码一字线距版心下边缘 7 mm；实际为 {footer} 缇。",
            where,
        )  # fmt: skip
    grid = sect.find(_w("docGrid"))
    gtype, gpitch = _wattr(grid, "type"), _int(_wattr(grid, "linePitch"))
    if gtype not in ("lines", "linesAndChars") or gpitch != d.pitch:
        d.add(
            WARNING, "4.5",
            f"文档网格应为“只指定行网格”且行距 {d.pitch} 缇（每页 {g.LINES_PER_PAGE} 行）；"
            f"实际为 type={gtype or '无'}、linePitch={gpitch}。", where,
        )  # fmt: skip
    if sect.find(_w("titlePg")) is not None and _wattr(sect.find(_w("titlePg")), "val") not in (
        "0", "false",
    ):  # fmt: skip
        d.add(
            ERROR, "4.6", "通用格式首页也应显示页码，不应设置“首页不同”（titlePg）。", where
        )


def _footer_part(
    d: Doc, sect: etree._Element, kind: str
) -> tuple[str | None, etree._Element | None]:
    for ref in sect.findall(_w("footerReference")):
        if _wattr(ref, "type") == kind:
            rid = ref.get(f"{{{R_NS}}}id")
            target = d.rel_targets().get(rid or "")
            if target:
                return target, d.pkg.xml(target)
    return None, None


def check_footers(d: Doc, sect: etree._Element, where: str) -> None:
    for kind, odd in (("default", True), ("even", False)):
        name, root = _footer_part(d, sect, kind)
        label = "奇数页（默认）页脚" if odd else "偶数页页脚"
        if root is None:
            d.add(ERROR, "4.6", f"缺少{label}（footerReference type={kind}）。", where)
            continue
        check_footer(d, root, odd, label, name or "")


def check_footer(d: Doc, root: etree._Element, odd: bool, label: str, name: str) -> None:
    paras = [p for p in root.iter(_w("p")) if _text(p).strip() or p.find(f".//{_w('fldChar')}") is not None
             or p.find(f".//{_w('fldSimple')}") is not None]  # fmt: skip
    if not paras:
        d.add(ERROR, "4.13", f"{label}中没有页码。", name)
        return
    p = paras[0]
    text = _footer_text(p)
    if not FOOTER_RE.match(text.strip()):
        d.add(
            ERROR, "4.13",
            f"{label}页码应为“— 页码 —”（两侧为一字线 U+2014，中间为 PAGE 域），实际为“{text}”。", name,
        )  # fmt: skip
    jc = d.styles.p_attr(p, "jc", "val")
    ind_l = _int(
        d.styles.p_attr(p, "ind", "left") or d.styles.p_attr(p, "ind", "start"), 0
    )
    ind_r = _int(
        d.styles.p_attr(p, "ind", "right") or d.styles.p_attr(p, "ind", "end"), 0
    )
    tol = g.INDENT_TOLERANCE_TWIPS
    ok = (jc == "right" and abs(ind_r - g.PAGE_NUMBER_INDENT_TWIPS) <= tol) if odd else (
        jc in ("left", "start", None) and abs(ind_l - g.PAGE_NUMBER_INDENT_TWIPS) <= tol
    )  # fmt: skip
    if not ok:
        indent = g.PAGE_NUMBER_INDENT_TWIPS
        want = f"右对齐并右缩进一字（{indent} 缇）" if odd else f"左对齐并左缩进一字（{indent} 缇）"
        d.add(
            ERROR, "4.12", f"{label}页码应{want}（单页码居右空一字，双页码居左空一字）。", name
        )
    for r in _runs(p):
        size = _int(d.styles.r_attr(r, p, "sz"))
        font, _ = d.styles.east_asia(r, p)
        ascii_font = d.styles.r_attr(r, p, "rFonts", "ascii")
        if size != g.PAGE_NUMBER_SIZE or font not in SONG or ascii_font not in SONG:
            d.add(WARNING, "4.14", f"{label}页码应为 4 号（14 磅）宋体。", name)
            break
        if d.styles.r_flag(r, p, "b"):
            d.add(WARNING, "4.14", f"{label}页码不应加粗。", name)
            break


def _footer_text(p: etree._Element) -> str:
    out, in_field = [], False
    for node in p.iter(_w("t"), _w("fldChar"), _w("instrText"), _w("fldSimple")):
        if node.tag == _w("fldSimple"):
            if "PAGE" in (node.get(_w("instr")) or ""):
                out.append("{PAGE}")
            continue
        if node.tag == _w("fldChar"):
            kind = _wattr(node, "fldCharType")
            if kind == "begin":
                in_field = True
            elif kind == "end":
                in_field = False
        elif node.tag == _w("instrText"):
            if in_field and "PAGE" in (node.text or ""):
                out.append("{PAGE}")
        elif not in_field and node.getparent().getparent() is not None:
            if node.getparent().getparent().tag == _w("fldSimple"):
                continue
            out.append(node.text or "")
    return "".join(out)


def check_settings(d: Doc) -> None:
    settings = d.pkg.xml("word/settings.xml")
    eo = settings.find(_w("evenAndOddHeaders")) if settings is not None else None
    if eo is None or _wattr(eo, "val") in ("0", "false", "off"):
        d.add(
            ERROR,
            "4.7",
            "未启用“奇偶页不同”（settings.xml 缺少 evenAndOddHeaders），偶数页页码不会居左。",
        )
    lang = settings.find(_w("themeFontLang")) if settings is not None else None
    if lang is None:
        d.add(INFO, "4.8", "settings.xml 未设置 themeFontLang（建议 eastAsia=zh-CN）。")
    elif _wattr(lang, "eastAsia") != "zh-CN":
        d.add(
            WARNING, "4.8",
            f"主题字体语言为“{_wattr(lang, 'eastAsia')}”，应为 zh-CN，否则中文可能回退为日文字体。",
        )  # fmt: skip
