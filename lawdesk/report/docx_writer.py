"""Pure GB/T 9704-2012 writer: ``ReportContext`` + ``ReportProfile`` → python-docx ``Document``.

Also saves atomically (``save_docx_atomic``) and converts to PDF through LibreOffice
(``docx_to_pdf``). Layout figures come from ``gbt9704``; fonts and switches from the profile.
Every paragraph and run carries explicit formatting (fonts in all four slots + ``hint``), so the
file looks the same in Word, WPS and LibreOffice whatever their defaults are.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph
from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.context import (
    LEVEL_1,
    LEVEL_2,
    LEVEL_3,
    AttachmentPage,
    BodyParagraph,
    ChartImage,
    DataTable,
    ReportContext,
)
from lawdesk.report.errors import PdfConversionFailed, PdfUnavailable, ReportError, ReportFileLocked
from lawdesk.report.profile import ReportProfile

__all__ = [
    "build_document",
    "save_docx_atomic",
    "docx_to_pdf",
    "find_soffice",
    "split_title",
    "mark_size_pt",
    "format_date",
    "text_width_twips",
]

# ECMA-376 child order of w:pPr / w:rPr (transitional schema), used by ``_child``.
PPR_SEQ = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)  # fmt: skip
RPR_SEQ = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath",
)  # fmt: skip
TBLPR_SEQ = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
)  # fmt: skip
TCPR_SEQ = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark",
)  # fmt: skip
SEQS = {"pPr": PPR_SEQ, "rPr": RPR_SEQ, "tblPr": TBLPR_SEQ, "tcPr": TCPR_SEQ}

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
LATIN_FALLBACK = "Times New Roman"
THEME_EA_FONT = "宋体"
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")

_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


# ============================================================== low-level XML helpers


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: etree._Element, name: str, **attrs: str | int) -> etree._Element:
    """Get or create ``w:name`` under ``parent`` in schema order, then set ``w:`` attributes."""
    tag = qn(f"w:{name}")
    el = parent.find(tag)
    if el is None:
        el = OxmlElement(f"w:{name}")
        seq = SEQS.get(_local(parent.tag), ())
        successors = seq[seq.index(name) + 1 :] if name in seq else ()
        for sib in parent:
            if _local(sib.tag) in successors:
                sib.addprevious(el)
                break
        else:
            parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def _ppr(p: etree._Element) -> etree._Element:
    return p.get_or_add_pPr()


def _rpr(r: etree._Element) -> etree._Element:
    return r.get_or_add_rPr()


def set_fonts(rpr: etree._Element, cjk: str, latin: str | None = None) -> None:
    """All four font slots + ``hint=eastAsia``; drop theme attributes (they beat names)."""
    rfonts = _child(rpr, "rFonts")
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    latin = latin or cjk
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), cjk)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def _border(parent: etree._Element, side: str, *, sz: int, color: str, space: int = 0) -> None:
    el = parent.find(qn(f"w:{side}"))
    if el is None:
        el = OxmlElement(f"w:{side}")
        order = BORDER_SIDES
        for sib in parent:
            if _local(sib.tag) in order[order.index(side) + 1 :]:
                sib.addprevious(el)
                break
        else:
            parent.append(el)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(sz))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)


# ============================================================== text measurement and splitting


def _is_half_width(ch: str) -> bool:
    return ord(ch) < 0x2E80 and ch not in "—…“”‘’·"


def text_width_twips(
    text: str, size_half_points: int = g.SIZE_SANHAO, spacing: int = g.CHAR_SPACING_TWIPS
) -> int:
    """Approximate printed width: full-width characters 1 em, ASCII half an em, plus spacing."""
    em = size_half_points * 10  # half-points → twips (1 pt = 20 twips)
    total = 0
    for ch in text:
        total += (em // 2 if _is_half_width(ch) else em) + spacing
    return total


def _width_chars(text: str) -> float:
    return sum(0.5 if _is_half_width(ch) else 1.0 for ch in text)


def mark_size_pt(mark: str) -> float:
    """发文机关标志 size: min(小初, 0.96 × 版心宽 / chars), in half-point steps (实务)."""
    chars = max(_width_chars(mark), 1.0)
    size = min(g.MARK_MAX_SIZE_PT, g.MARK_WIDTH_FACTOR * g.BODY_WIDTH_PT / chars)
    return math.floor(size * 2) / 2


_NO_LINE_START = "，。、；：？！）》〉」』】”’％,.;:?!)%"
_NO_LINE_END = "（《〈「『【“‘("
_PREFERRED_BREAK_BEFORE = ("关于", "工作情况", "的报告", "的请示", "的通知", "的意见")


def _break_allowed(text: str, i: int) -> bool:
    """May a title line break between ``text[i-1]`` and ``text[i]``?"""
    before, after = text[i - 1], text[i]
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return False
    depth = 0
    for ch in text[:i]:
        depth += ch == "《"
        depth -= ch == "》"
    return depth <= 0


def _split_segment(text: str, max_chars: float) -> list[str]:
    """Split one over-long segment into the fewest balanced lines (never inside 《》)."""
    if _width_chars(text) <= max_chars:
        return [text]
    cands = [i for i in range(1, len(text)) if _break_allowed(text, i)]
    best: tuple[float, int] | None = None
    total = _width_chars(text)
    for i in cands:
        head = _width_chars(text[:i])
        if head > max_chars:
            continue
        # balanced: the first line as close to half as possible; prefer natural break words
        cost = abs(head - total / 2) - (1.5 if text[i:].startswith(_PREFERRED_BREAK_BEFORE) else 0)
        if _width_chars(text[i:]) > max_chars:
            cost += 100 + (max_chars - head)  # needs a further split: fill this line
        if best is None or cost < best[0]:
            best = (cost, i)
    if best is None:  # nothing fits: hard split at the width limit
        cut = 1
        while cut < len(text) and _width_chars(text[: cut + 1]) <= max_chars:
            cut += 1
        return [text[:cut], *_split_segment(text[cut:], max_chars)]
    i = best[1]
    return [text[:i], *_split_segment(text[i:], max_chars)]


def split_title(title: str, max_chars: float = g.TITLE_MAX_CHARS) -> list[str]:
    """Title lines: a space is a preferred break; long parts are split into balanced lines."""
    segments = [s for s in re.split(r"[ \u3000]+", title.strip()) if s]
    lines: list[str] = []
    for seg in segments:
        lines.extend(_split_segment(seg, max_chars))
    return lines or [""]


def format_date(d) -> str:
    """成文日期 / 印发日期: Arabic numerals, no padding (7.3.5.4) → "2023年1月9日"."""
    return f"{d.year}年{d.month}月{d.day}日"


# ============================================================== document set-up


def _setup_styles(doc: Document, profile: ReportProfile) -> None:
    styles = doc.styles.element
    # docDefaults: explicit fonts, 三号, zh-CN; paragraph spacing 0 and exact pitch
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, profile.body_font)
    _child(rpr_default, "sz", val=g.SIZE_SANHAO)
    _child(rpr_default, "szCs", val=g.SIZE_SANHAO)
    _child(rpr_default, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _spacing(ppr_default, profile.line_pitch_twips)
    # every other style: no theme fonts
    for rfonts in styles.iter(qn("w:rFonts")):
        if any(rfonts.get(qn(a)) for a in THEME_ATTRS):
            for attr in THEME_ATTRS:
                rfonts.attrib.pop(qn(attr), None)
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                if rfonts.get(qn(f"w:{slot}")) is None:
                    rfonts.set(qn(f"w:{slot}"), profile.body_font)
    normal = doc.styles["Normal"].element
    ppr = normal.get_or_add_pPr()
    _child(ppr, "widowControl", val=0)  # LibreOffice turns it on otherwise (§5)
    _spacing(ppr, profile.line_pitch_twips)
    rpr = normal.get_or_add_rPr()
    set_fonts(rpr, profile.body_font)
    _child(rpr, "spacing", val=g.CHAR_SPACING_TWIPS)
    _child(rpr, "kern", val=0)
    _child(rpr, "sz", val=g.SIZE_SANHAO)
    _child(rpr, "szCs", val=g.SIZE_SANHAO)
    _child(rpr, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def _rewrite_theme_blob(blob: bytes) -> bytes:
    """Theme fonts: Latin → Times New Roman, East Asian → 宋体, no per-script entries."""
    root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False))
    for kind in ("majorFont", "minorFont"):
        for font in root.iter(f"{{{_A_NS}}}{kind}"):
            for child in list(font):
                name = _local(child.tag)
                if name == "latin":
                    child.set("typeface", LATIN_FALLBACK)
                elif name == "ea":
                    child.set("typeface", THEME_EA_FONT)
                elif name == "font":
                    font.remove(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _strip_theme_attrs_blob(blob: bytes, font: str) -> bytes:
    root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False))
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            if rfonts.get(qn(f"w:{slot}")) is None:
                rfonts.set(qn(f"w:{slot}"), font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_FONT_CHARSETS = {"宋体": "86", "黑体": "86"}


def _font_table_blob(profile: ReportProfile) -> bytes:
    names = dict.fromkeys(
        [profile.body_font, profile.kai_font, profile.hei_font, profile.title_font,
         profile.song_font, THEME_EA_FONT, LATIN_FALLBACK]
    )  # fmt: skip
    parts = []
    for name in names:
        charset = "00" if name == LATIN_FALLBACK else "86"
        family = "roman" if name == LATIN_FALLBACK else "modern"
        parts.append(
            f'<w:font w:name="{name}"><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:fonts {nsdecls('w')}>{''.join(parts)}</w:fonts>"
    )
    return xml.encode("utf-8")


def _setup_package(doc: Document, profile: ReportProfile) -> None:
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if name.startswith("/word/theme/") and name.endswith(".xml"):
            part._blob = _rewrite_theme_blob(part.blob)
        elif name == "/word/stylesWithEffects.xml":
            part._blob = _strip_theme_attrs_blob(part.blob, profile.body_font)
        elif name == "/word/fontTable.xml":
            part._blob = _font_table_blob(profile)


def _setup_settings(doc: Document) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        settings.remove(proof)


def _setup_section(doc: Document, profile: ReportProfile) -> None:
    section = doc.sections[0]
    section.page_width = Twips(g.PAGE_WIDTH_TWIPS)
    section.page_height = Twips(g.PAGE_HEIGHT_TWIPS)
    section.top_margin = Twips(g.MARGIN_TOP_TWIPS)
    section.bottom_margin = Twips(g.MARGIN_BOTTOM_TWIPS)
    section.left_margin = Twips(g.MARGIN_LEFT_TWIPS)
    section.right_margin = Twips(g.MARGIN_RIGHT_TWIPS)
    section.header_distance = Twips(g.HEADER_DISTANCE_TWIPS)
    section.footer_distance = Twips(g.FOOTER_DISTANCE_TWIPS)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = False
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(profile.line_pitch_twips))
    _write_footer(section.footer, profile, odd=True)
    _write_footer(section.even_page_footer, profile, odd=False)


# ============================================================== paragraphs and runs


def _spacing(ppr: etree._Element, line: int | None, rule: str = "exact") -> None:
    sp = _child(ppr, "spacing", before=0, after=0)
    if line is not None:
        sp.set(qn("w:line"), str(line))
        sp.set(qn("w:lineRule"), rule)


def _format(
    p: Paragraph,
    *,
    line: int | None,
    rule: str = "exact",
    jc: str | None = "both",
    first_line: int | None = 0,
    left: int = 0,
    right: int = 0,
    hanging: int | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    snap: bool = True,
) -> etree._Element:
    ppr = _ppr(p._p)
    if keep_next:
        _child(ppr, "keepNext")
    if page_break_before:
        _child(ppr, "pageBreakBefore")
    if not snap:
        _child(ppr, "snapToGrid", val=0)
    _spacing(ppr, line, rule)
    ind = _child(ppr, "ind", left=left, right=right)
    if hanging is not None:
        ind.set(qn("w:hanging"), str(hanging))
    elif first_line is not None:
        ind.set(qn("w:firstLine"), str(first_line))
    if jc:
        _child(ppr, "jc", val=jc)
    return ppr


def _run(
    p: Paragraph,
    text: str,
    font: str,
    size: int = g.SIZE_SANHAO,
    *,
    bold: bool = False,
    color: str | None = None,
    spacing: int | None = None,
):
    run = p.add_run(text)
    rpr = _rpr(run._r)
    set_fonts(rpr, font)
    if bold:
        _child(rpr, "b")
        _child(rpr, "bCs")
    if color:
        _child(rpr, "color", val=color)
    if spacing is not None:
        _child(rpr, "spacing", val=spacing)
    _child(rpr, "sz", val=size)
    _child(rpr, "szCs", val=size)
    return run


def _blank(doc: Document, profile: ReportProfile, n: int = 1, keep_next: bool = False) -> None:
    for _ in range(n):
        p = doc.add_paragraph()
        _format(p, line=profile.line_pitch_twips, keep_next=keep_next)


def _tabs(p: Paragraph, *stops: tuple[str, int]) -> None:
    tabs = _child(_ppr(p._p), "tabs")
    for kind, pos in stops:
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), kind)
        tab.set(qn("w:pos"), str(pos))
        tabs.append(tab)


# ============================================================== footers


def _field_run(p: Paragraph, profile: ReportProfile, kind: str, text: str = "") -> None:
    run = _run(p, "", profile.song_font, g.PAGE_NUMBER_SIZE, spacing=0)
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run._r.append(instr)
    elif kind == "text":
        run.text = text
    else:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run._r.append(fld)


def _write_footer(footer, profile: ReportProfile, *, odd: bool) -> None:
    """ "— N —" 4号宋体; odd pages right 空一字, even pages left 空一字 (7.5)."""
    footer.is_linked_to_previous = False
    root = footer._element
    for el in list(root):
        root.remove(el)
    p = footer.add_paragraph()
    indent = g.PAGE_NUMBER_INDENT_TWIPS
    _format(
        p, line=240, rule="auto", jc="right" if odd else "left", first_line=0,
        left=0 if odd else indent, right=indent if odd else 0, snap=False,
    )  # fmt: skip
    dash = g.PAGE_NUMBER_DASH
    _run(p, f"{dash} ", profile.song_font, g.PAGE_NUMBER_SIZE, spacing=0)
    _field_run(p, profile, "begin")
    _field_run(p, profile, "instr", " PAGE ")
    _field_run(p, profile, "separate")
    _field_run(p, profile, "text", "1" if odd else "2")
    _field_run(p, profile, "end")
    _run(p, f" {dash}", profile.song_font, g.PAGE_NUMBER_SIZE, spacing=0)


# ============================================================== 版头


def _write_masthead(doc: Document, ctx: ReportContext, profile: ReportProfile) -> None:
    size_pt = mark_size_pt(ctx.issuer_mark)
    spacer = doc.add_paragraph()
    spacer_pt = g.MARK_TOP_FROM_BODY_TOP_PT - g.MARK_TOP_BEARING * size_pt
    _format(spacer, line=round(spacer_pt * g.TWIPS_PER_PT), jc=None, snap=False)
    mark = doc.add_paragraph()
    _format(
        mark, line=round(g.MARK_LINE_FACTOR * size_pt * g.TWIPS_PER_PT), jc="center", snap=False
    )
    _run(mark, ctx.issuer_mark, profile.title_font, round(size_pt * 2), color=g.RED, spacing=0)
    _blank(doc, profile, g.DOC_NUMBER_BLANK_LINES)
    number_par = _write_signer_rows(doc, ctx, profile)
    if profile.party_star:
        _write_star_rule(doc)
    else:
        pbdr = _child(_ppr(number_par._p), "pBdr")
        _border(pbdr, "bottom", sz=g.RED_RULE_SIZE_EIGHTHS, color=g.RED, space=g.RED_RULE_SPACE_PT)
    _blank(doc, profile, g.TITLE_BLANK_LINES)


def _signer_lines(signers: Sequence[str]) -> list[str]:
    names = [s.strip() for s in signers if s.strip()]
    per = g.SIGNERS_PER_LINE
    return ["\u3000".join(names[i : i + per]) for i in range(0, len(names), per)] or [""]


def _write_signer_rows(doc: Document, ctx: ReportContext, profile: ReportProfile) -> Paragraph:
    """Extra signer lines first; the 发文字号 shares the line with the last names (7.2.5)."""
    lines = _signer_lines(ctx.signers)
    last: Paragraph | None = None
    for index, names in enumerate(lines):
        p = doc.add_paragraph()
        is_last = index == len(lines) - 1
        _format(p, line=profile.line_pitch_twips, jc="left", first_line=g.DOC_NUMBER_INDENT_TWIPS)
        _tabs(p, ("right", g.SIGNER_RIGHT_TAB_TWIPS))
        if is_last:
            _run(p, ctx.doc_number, profile.body_font)
        _run(p, "\t" + ("签发人：" if index == 0 else ""), profile.body_font)
        _run(p, names, profile.kai_font)
        last = p
    assert last is not None
    return last


def _cell_xml(width: int, *, bottom: bool, vmerge: str | None, content: str) -> str:
    borders = (
        f'<w:tcBorders><w:bottom w:val="single" w:sz="{g.RED_RULE_SIZE_EIGHTHS}" w:space="0" '
        f'w:color="{g.RED}"/></w:tcBorders>'
        if bottom
        else ""
    )
    merge = (
        f'<w:vMerge w:val="{vmerge}"/>'
        if vmerge == "restart"
        else ("<w:vMerge/>" if vmerge else "")
    )
    valign = '<w:vAlign w:val="center"/>' if vmerge else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}{borders}{valign}</w:tcPr>'
        f"{content}</w:tc>"
    )


def _tiny_paragraph_xml() -> str:
    return (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" '
        'w:lineRule="exact"/><w:ind w:left="0" w:right="0" w:firstLine="0"/><w:rPr>'
        '<w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def _star_paragraph_xml(font: str) -> str:
    size = g.STAR_SIZE_HALF_POINTS
    rpr = (
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" '
        f'w:hint="eastAsia"/><w:color w:val="{g.RED}"/><w:spacing w:val="0"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )
    return (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
        f'w:line="{2 * g.STAR_ROW_TWIPS}" w:lineRule="exact"/>'
        f'<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/>{rpr}</w:pPr>'
        f"<w:r>{rpr}<w:t>★</w:t></w:r></w:p>"
    )


def _write_star_rule(doc: Document) -> None:
    """Party red rule with a ★: 2 rows × 3 cells, the rule is the row boundary (实务)."""
    side = (g.BODY_WIDTH_TWIPS - g.STAR_CELL_TWIPS) // 2
    mid = g.BODY_WIDTH_TWIPS - 2 * side
    tiny = _tiny_paragraph_xml()
    star = _star_paragraph_xml("宋体")
    row_pr = (
        f'<w:trPr><w:cantSplit/><w:trHeight w:val="{g.STAR_ROW_TWIPS}" w:hRule="exact"/></w:trPr>'
    )
    row1 = (
        f"<w:tr>{row_pr}"
        + _cell_xml(side, bottom=True, vmerge=None, content=tiny)
        + _cell_xml(mid, bottom=False, vmerge="restart", content=star)
        + _cell_xml(side, bottom=True, vmerge=None, content=tiny)
        + "</w:tr>"
    )
    row2 = (
        f"<w:tr>{row_pr}"
        + _cell_xml(side, bottom=False, vmerge=None, content=tiny)
        + _cell_xml(mid, bottom=False, vmerge="continue", content=tiny)
        + _cell_xml(side, bottom=False, vmerge=None, content=tiny)
        + "</w:tr>"
    )
    none = "".join(f'<w:{s} w:val="nil"/>' for s in BORDER_SIDES)
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{g.BODY_WIDTH_TWIPS}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{none}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{side}"/><w:gridCol w:w="{mid}"/>'
        f'<w:gridCol w:w="{side}"/></w:tblGrid>{row1}{row2}</w:tbl>'
    )
    _append_body(doc, parse_xml(xml))


def _append_body(doc: Document, element: etree._Element) -> None:
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        body.append(element)
    else:
        sect_pr.addprevious(element)


# ============================================================== 主体


def _write_title(doc: Document, title: str, profile: ReportProfile) -> None:
    for line in split_title(title):
        p = doc.add_paragraph()
        _format(p, line=profile.line_pitch_twips, jc="center", keep_next=True, snap=False)
        _run(p, line, profile.title_font, g.SIZE_ERHAO, spacing=0)


def _write_addressee(doc: Document, addressee: str, profile: ReportProfile) -> None:
    text = addressee.strip().rstrip(":：") + "："
    p = doc.add_paragraph()
    _format(p, line=profile.line_pitch_twips, jc="both", first_line=0)
    _run(p, text, profile.body_font)


def _heading_style(level: int, profile: ReportProfile) -> tuple[str, bool]:
    if level == LEVEL_1:
        return profile.hei_font, False
    if level == LEVEL_2:
        return profile.kai_font, profile.bold_level2
    if level == LEVEL_3:
        return profile.body_font, profile.bold_level3
    return profile.body_font, False


def _write_body_paragraph(
    doc: Document, para: BodyParagraph, profile: ReportProfile, keep_next: bool = False
) -> Paragraph:
    p = doc.add_paragraph()
    _format(
        p, line=profile.line_pitch_twips, first_line=g.BODY_FIRST_LINE_TWIPS,
        keep_next=keep_next or para.is_standalone_heading,
    )  # fmt: skip
    if para.heading:
        font, bold = _heading_style(para.level, profile)
        _run(p, para.heading, font, bold=bold)
    if para.text:
        _run(p, para.text, profile.body_font)
    return p


def _write_attachment_list(doc: Document, pages: Sequence[AttachmentPage], profile) -> None:
    """附件说明 (7.3.4): 正文下空一行左空二字 "附件：1.×××", names aligned."""
    _blank(doc, profile, 1)
    label = "附件："
    indent = g.BODY_FIRST_LINE_TWIPS
    label_w = 3 * g.CHAR_SANHAO_TWIPS
    many = len(pages) > 1
    for index, page in enumerate(pages, start=1):
        number = f"{index}." if many else ""
        num_w = text_width_twips(number) if number else 0
        p = doc.add_paragraph()
        text = (label if index == 1 else "") + number + page.title.rstrip("。；;，,")
        hanging = (label_w if index == 1 else 0) + num_w
        _format(p, line=profile.line_pitch_twips, left=indent + label_w + num_w, hanging=hanging,
                keep_next=True)  # fmt: skip
        _run(p, text, profile.body_font)


def _write_signature(doc: Document, ctx: ReportContext, profile: ReportProfile) -> None:
    """Sealed layout (7.3.5.1): organs centred over the date; date 右空四字."""
    _blank(doc, profile, g.SIGNATURE_BLANK_LINES, keep_next=True)
    date_text = format_date(ctx.issue_date)
    date_w = text_width_twips(date_text)
    for organ in ctx.signature_organs:
        organ = organ.strip()
        if not organ:
            continue
        right = max(0, g.DATE_RIGHT_INDENT_TWIPS + (date_w - text_width_twips(organ)) // 2)
        p = doc.add_paragraph()
        _format(
            p, line=profile.line_pitch_twips, jc="right", first_line=0, right=right,
            keep_next=True,
        )  # fmt: skip
        _run(p, organ, profile.body_font)
    p = doc.add_paragraph()
    _format(
        p, line=profile.line_pitch_twips, jc="right", first_line=0,
        right=g.DATE_RIGHT_INDENT_TWIPS, keep_next=bool(ctx.note),
    )  # fmt: skip
    _run(p, date_text, profile.body_font)


def _write_note(doc: Document, note: str, profile: ReportProfile) -> None:
    text = note.strip().strip("()（）")
    p = doc.add_paragraph()
    _format(p, line=profile.line_pitch_twips, jc="left", first_line=0,
            left=g.NOTE_LEFT_INDENT_TWIPS)  # fmt: skip
    _run(p, f"（{text}）", profile.body_font)


# ============================================================== 附件 pages


def _write_attachment_page(
    doc: Document, page: AttachmentPage, number: int | None, profile: ReportProfile
) -> None:
    label = doc.add_paragraph()
    _format(label, line=profile.line_pitch_twips, jc="left", first_line=0, page_break_before=True)
    _run(label, f"附件{number}" if number else "附件", profile.hei_font)
    _blank(doc, profile, g.ATTACHMENT_TITLE_LINE - 2)
    _write_title(doc, page.title, profile)
    _blank(doc, profile, 1)
    for table in page.tables:
        _write_data_table(doc, table, profile)
    for note in page.notes:
        _write_body_paragraph(doc, BodyParagraph(text=note), profile)
    for chart in page.charts:
        _write_chart(doc, chart, profile)


def _cell_text(cell, text: str, font: str, *, bold: bool = False, jc: str = "center") -> None:
    p = cell.paragraphs[0]
    _format(p, line=240, rule="auto", jc=jc, first_line=0, snap=False)
    _run(p, text, font, g.SIZE_SIHAO, bold=bold, spacing=0)


def _write_data_table(doc: Document, table: DataTable, profile: ReportProfile) -> None:
    if table.title:
        p = doc.add_paragraph()
        _format(p, line=profile.line_pitch_twips, jc="center", first_line=0, keep_next=True)
        _run(p, table.title, profile.hei_font)
    cols = max([len(table.header), *(len(r) for r in table.rows)] or [1])
    rows = [table.header] if table.header else []
    rows += table.rows
    if not rows:
        return
    t = doc.add_table(rows=len(rows), cols=cols)
    t.style = doc.styles["Table Grid"]
    t.autofit = False
    widths = _column_widths(rows, cols)
    tbl_pr = t._tbl.tblPr
    _child(tbl_pr, "tblW", w=sum(widths), type="dxa")
    _child(tbl_pr, "jc", val="center")
    # WPS reads w:gridCol, Word the cell widths: set both (ecosystem.md §3.5).
    for col, grid_col in enumerate(t._tbl.tblGrid.findall(qn("w:gridCol"))):
        grid_col.set(qn("w:w"), str(widths[col]))
        t.columns[col].width = Twips(widths[col])
    for r, (values, row) in enumerate(zip(rows, t.rows, strict=True)):
        is_header = bool(table.header) and r == 0
        _child(row._tr.get_or_add_trPr(), "cantSplit")
        cells = row.cells  # once per row: Table.cell() rebuilds the whole cell grid each call
        for c in range(cols):
            cell = cells[c]
            cell.width = Twips(widths[c])
            _child(cell._tc.get_or_add_tcPr(), "vAlign", val="center")
            text = values[c] if c < len(values) else ""
            font = profile.hei_font if is_header else profile.body_font
            _cell_text(cell, str(text), font, jc="left" if c == 0 and not is_header else "center")
    _blank(doc, profile, 1)


def _column_widths(rows: Sequence[Sequence[str]], cols: int) -> list[int]:
    """Column widths across the 版心, in proportion to the longest text of each column."""
    longest = [max((_width_chars(str(r[c])) for r in rows if c < len(r)), default=1.0) for c in range(cols)]
    # Label column: up to 12 characters before it wraps; figure columns never narrower than 5.
    weights = [min(max(w, 4.0), 12.0) + 1 if c == 0 else max(w, 5.0) + 1 for c, w in enumerate(longest)]
    total = sum(weights)
    widths = [int(g.BODY_WIDTH_TWIPS * w / total) for w in weights]
    widths[0] += g.BODY_WIDTH_TWIPS - sum(widths)
    return widths


def _write_chart(doc: Document, chart: ChartImage, profile: ReportProfile) -> None:
    if not chart.png:
        return
    p = doc.add_paragraph()
    # "Single" spacing: an exact 579-twip line would clip the picture to one text row.
    _format(p, line=240, rule="auto", jc="center", first_line=0, snap=False,
            keep_next=bool(chart.caption))  # fmt: skip
    width = min(float(chart.width_mm), g.BODY_WIDTH_MM)
    p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(width))
    if chart.caption:
        cap = doc.add_paragraph()
        _format(cap, line=profile.line_pitch_twips, jc="center", first_line=0)
        _run(cap, chart.caption, profile.body_font, g.SIZE_SIHAO)


# ============================================================== 版记


def _imprint_cell(text_runs: str, *, top_thin: bool, width: int) -> str:
    borders = (
        f'<w:tcBorders><w:top w:val="single" w:sz="{g.IMPRINT_THIN_EIGHTHS}" w:space="0" '
        'w:color="000000"/></w:tcBorders>'
        if top_thin
        else ""
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{borders}</w:tcPr>{text_runs}</w:tc>'


def _imprint_par_xml(runs: Iterable[str], *, pitch: int, left: int, hanging: int = 0,
                     tab: int | None = None) -> str:  # fmt: skip
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{tab}"/></w:tabs>' if tab else ""
    hang = f'w:hanging="{hanging}"' if hanging else 'w:firstLine="0"'
    return (
        f'<w:p><w:pPr><w:keepNext/><w:keepLines/>{tabs}<w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/>'
        f'<w:ind w:left="{left}" w:right="{g.IMPRINT_INDENT_TWIPS}" {hang}/>'
        f'<w:jc w:val="left"/></w:pPr>{"".join(runs)}</w:p>'
    )


def _imprint_run_xml(text: str, font: str) -> str:
    size = g.IMPRINT_SIZE
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    parts = esc.split("\t")
    body = "<w:tab/>".join(f'<w:t xml:space="preserve">{t}</w:t>' for t in parts)
    return (
        f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" '
        f'w:cs="{font}" w:hint="eastAsia"/><w:spacing w:val="0"/><w:sz w:val="{size}"/>'
        f'<w:szCs w:val="{size}"/></w:rPr>{body}</w:r>'
    )


def _imprint_lines(text: str) -> int:
    """Lines the 抄送 text needs at 4号 (hanging indent after "抄送：")."""
    label = text_width_twips("抄送：", g.IMPRINT_SIZE, 0)
    avail = g.BODY_WIDTH_TWIPS - 2 * g.IMPRINT_INDENT_TWIPS - label
    return max(1, math.ceil((text_width_twips(text, g.IMPRINT_SIZE, 0) - label) / avail))


def _imprint_top_twips(lines: int, pitch: int, two_rows: bool) -> int:
    """Top of the 版记 table below the 版心 top so its last rule meets the 版心 bottom (7.4.1).

    Written both as ``tblpYSpec="bottom"`` (Word) and as this absolute offset. The table is
    placed horizontally relative to the *page*: LibreOffice only turns a full-width table into a
    floating frame when its horizontal anchor is the page (writerfilter heuristic).
    """
    rules = 2 * g.IMPRINT_THICK_EIGHTHS + (g.IMPRINT_THIN_EIGHTHS if two_rows else 0)
    rules_twips = math.ceil(rules * g.TWIPS_PER_PT / 8)
    return g.BODY_HEIGHT_TWIPS - lines * pitch - rules_twips


def _write_imprint(doc: Document, ctx: ReportContext, profile: ReportProfile) -> None:
    """版记 (7.4) as a one-column floating table anchored to the bottom of the 版心."""
    width = g.BODY_WIDTH_TWIPS
    pitch = profile.line_pitch_twips
    font = profile.body_font
    rows: list[str] = []
    names = [c.strip().rstrip("。，、,;；") for c in ctx.copy_to if c.strip()]
    line_count = 1
    if names:
        text = "抄送：" + "，".join(names) + "。"
        line_count += _imprint_lines(text)
        label_w = 3 * g.CHAR_SIHAO_TWIPS
        par = _imprint_par_xml(
            [_imprint_run_xml(text, font)], pitch=pitch,
            left=g.IMPRINT_INDENT_TWIPS + label_w, hanging=label_w,
        )  # fmt: skip
        rows.append(
            f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{_imprint_cell(par, top_thin=False, width=width)}</w:tr>"
        )
    print_date = format_date(ctx.print_date or ctx.issue_date) + "印发"
    line = f"{ctx.print_organ.strip()}\t{print_date}"
    par = _imprint_par_xml(
        [_imprint_run_xml(line, font)], pitch=pitch, left=g.IMPRINT_INDENT_TWIPS,
        tab=g.IMPRINT_RIGHT_TAB_TWIPS - g.IMPRINT_INDENT_TWIPS * 0,
    )  # fmt: skip
    rows.append(
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{_imprint_cell(par, top_thin=bool(names), width=width)}</w:tr>"
    )
    thick = g.IMPRINT_THICK_EIGHTHS
    y = _imprint_top_twips(line_count, pitch, bool(names))
    borders = (
        f'<w:tblBorders><w:top w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
        '<w:left w:val="nil"/>'
        f'<w:bottom w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
        '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
    )
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
        'w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="page" '
        f'w:tblpX="{g.MARGIN_LEFT_TWIPS}" w:tblpY="{y}" w:tblpYSpec="bottom"/>'
        '<w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>{borders}'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(rows)}</w:tbl>'
    )
    _append_body(doc, parse_xml(xml))
    _append_body(doc, parse_xml(_tiny_paragraph_xml().replace("<w:p>", f"<w:p {nsdecls('w')}>", 1)))


# ============================================================== public API


def build_document(ctx: ReportContext, profile: ReportProfile | None = None) -> Document:
    """Build the whole 报告 as a python-docx ``Document`` (nothing is written to disk)."""
    profile = profile or ReportProfile()
    doc = docx.Document()
    _setup_styles(doc, profile)
    _setup_package(doc, profile)
    _setup_settings(doc)
    _setup_section(doc, profile)
    doc.core_properties.title = " ".join(split_title(ctx.title))
    doc.core_properties.author = ctx.print_organ or (ctx.signature_organs or [""])[0]
    doc.core_properties.language = "zh-CN"

    if not ctx.public:
        _write_masthead(doc, ctx, profile)
    _write_title(doc, ctx.title, profile)
    _blank(doc, profile, g.ADDRESSEE_BLANK_LINES, keep_next=True)
    _write_addressee(doc, ctx.addressee, profile)
    for index, para in enumerate(ctx.body):
        is_last = index == len(ctx.body) - 1 and not ctx.attachments
        _write_body_paragraph(doc, para, profile, keep_next=is_last)
    if ctx.attachments:
        _write_attachment_list(doc, ctx.attachments, profile)
    _write_signature(doc, ctx, profile)
    if ctx.note.strip():
        _write_note(doc, ctx.note, profile)
    many = len(ctx.attachments) > 1
    for index, page in enumerate(ctx.attachments, start=1):
        _write_attachment_page(doc, page, index if many else None, profile)
    if not ctx.public and profile.imprint and (ctx.copy_to or ctx.print_organ):
        _write_imprint(doc, ctx, profile)
    return doc


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save_docx_atomic(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` to ``path`` via a temp file in the same folder + fsync + ``os.replace``.

    The previous file stays intact on any failure. A target held open by WPS/Word raises
    ``ReportFileLocked``.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise ReportError(f"没有权限在文件夹“{folder}”中保存文件，请换一个位置。") from exc
    except OSError as exc:
        raise ReportError(f"无法在文件夹“{folder}”中保存文件：{exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            doc.save(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except PermissionError as exc:
        raise ReportFileLocked(f"文件“{target.name}”正被 WPS 或 Word 打开，请关闭后重试。") from exc
    except OSError as exc:
        raise ReportError(f"保存文件“{target.name}”失败：{exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    _fsync_dir(folder)
    return target


_WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (PATH first, then the usual install folders)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = list(_WINDOWS_SOFFICE) if os.name == "nt" else [
        "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ]  # fmt: skip
    return next((c for c in candidates if Path(c).is_file()), None)


PDF_UNAVAILABLE_MESSAGE = (
    "未找到 LibreOffice（soffice），无法导出 PDF；"
    "请安装 LibreOffice，或在 WPS/Word 中打开 .docx 后另存为 PDF。"
)


def docx_to_pdf(
    docx_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str],
    *,
    timeout: float = 180.0,
    soffice: str | None = None,
) -> Path:
    """Convert with ``soffice --headless`` in a private profile; returns ``pdf_path``."""
    exe = soffice or find_soffice()
    if not exe or not (Path(exe).is_file() or shutil.which(exe)):
        raise PdfUnavailable(PDF_UNAVAILABLE_MESSAGE)
    source = Path(docx_path).resolve()
    target = Path(pdf_path)
    with tempfile.TemporaryDirectory(prefix="lawdesk-pdf-") as tmp:
        profile_dir = Path(tmp) / "profile"
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        cmd = [
            exe, f"-env:UserInstallation={profile_dir.as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out_dir), str(source),
        ]  # fmt: skip
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
        try:
            subprocess.run(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, timeout=timeout, check=False, creationflags=flags,
            )  # fmt: skip
        except FileNotFoundError as exc:
            raise PdfUnavailable(PDF_UNAVAILABLE_MESSAGE) from exc
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionFailed(
                f"LibreOffice 转换超时（超过 {int(timeout)} 秒），请稍后重试，"
                "或在 WPS/Word 中打开 .docx 后另存为 PDF。"
            ) from exc
        produced = out_dir / f"{source.stem}.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise PdfConversionFailed(
                "LibreOffice 未能生成 PDF，请在 WPS/Word 中打开 .docx 后另存为 PDF。"
            )
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp",
                                        dir=target.parent or Path("."))  # fmt: skip
        os.close(fd)
        try:
            shutil.copyfile(produced, tmp_name)
            os.replace(tmp_name, target)
        except PermissionError as exc:
            raise ReportFileLocked(f"文件“{target.name}”正被其他程序打开，请关闭后重试。") from exc
        finally:
            with contextlib.suppress(OSError):
                Path(tmp_name).unlink(missing_ok=True)
    return target
