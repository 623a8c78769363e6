"""Document set-up (GB/T 9704 §5): styles, theme and font table, settings, A4 section, page-number footers (§7.5)."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.fontcheck import ALTERNATES
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer.base import (
    _A_NS,
    LATIN_FALLBACK,
    THEME_ATTRS,
    THEME_EA_FONT,
    add_run,
    format_par,
    local_name,
    set_fonts,
    set_spacing,
    xml_attr,
    xml_child,
)

# ============================================================== document set-up


def _setup_styles(doc: Document, profile: ReportProfile) -> None:
    styles = doc.styles.element
    # docDefaults: explicit fonts, 三号, zh-CN; paragraph spacing 0 and exact pitch
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, profile.body_font)
    xml_child(rpr_default, "sz", val=g.SIZE_SANHAO)
    xml_child(rpr_default, "szCs", val=g.SIZE_SANHAO)
    xml_child(rpr_default, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_spacing(ppr_default, profile.line_pitch_twips)
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
    xml_child(ppr, "widowControl", val=0)  # LibreOffice turns it on otherwise (§5)
    set_spacing(ppr, profile.line_pitch_twips)
    rpr = normal.get_or_add_rPr()
    set_fonts(rpr, profile.body_font)
    xml_child(rpr, "spacing", val=g.CHAR_SPACING_TWIPS)
    xml_child(rpr, "kern", val=0)
    xml_child(rpr, "sz", val=g.SIZE_SANHAO)
    xml_child(rpr, "szCs", val=g.SIZE_SANHAO)
    xml_child(rpr, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")


# Pure functions of python-docx's constant template parts: computed once per process.
@functools.lru_cache(maxsize=8)
def _rewrite_theme_blob(blob: bytes) -> bytes:
    """Theme fonts: Latin → Times New Roman, East Asian → 宋体, no per-script entries."""
    root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False))
    for kind in ("majorFont", "minorFont"):
        for font in root.iter(f"{{{_A_NS}}}{kind}"):
            for child in list(font):
                name = local_name(child.tag)
                if name == "latin":
                    child.set("typeface", LATIN_FALLBACK)
                elif name == "ea":
                    child.set("typeface", THEME_EA_FONT)
                elif name == "font":
                    font.remove(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@functools.lru_cache(maxsize=8)
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


def _font_table_blob(profile: ReportProfile, alternates: Mapping[str, str]) -> bytes:
    names = dict.fromkeys(
        [profile.body_font, profile.kai_font, profile.hei_font, profile.title_font,
         profile.song_font, THEME_EA_FONT, LATIN_FALLBACK]
    )  # fmt: skip
    parts = []
    for name in names:
        charset = "00" if name == LATIN_FALLBACK else "86"
        family = "roman" if name == LATIN_FALLBACK else "modern"
        # A PC without the font prints with its alternate (17.8.3.1; Word reads one name)
        other = alternates.get(name) or (ALTERNATES.get(name) or ("",))[0]
        alt = f'<w:altName w:val="{xml_attr(other)}"/>' if other else ""
        parts.append(
            f'<w:font w:name="{xml_attr(name)}">{alt}<w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:fonts {nsdecls('w')}>{''.join(parts)}</w:fonts>"
    )
    return xml.encode("utf-8")


def _setup_package(doc: Document, profile: ReportProfile, alternates: Mapping[str, str] | None = None) -> None:
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if name.startswith("/word/theme/") and name.endswith(".xml"):
            part._blob = _rewrite_theme_blob(part.blob)
        elif name == "/word/stylesWithEffects.xml":
            part._blob = _strip_theme_attrs_blob(part.blob, profile.body_font)
        elif name == "/word/fontTable.xml":
            part._blob = _font_table_blob(profile, alternates or {})


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


# ============================================================== footers


def _field_run(p: Paragraph, profile: ReportProfile, kind: str, text: str = "") -> None:
    run = add_run(p, "", profile.song_font, g.PAGE_NUMBER_SIZE, spacing=0)
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
    format_par(
        p, line=240, rule="auto", jc="right" if odd else "left", first_line=0,
        left=0 if odd else indent, right=indent if odd else 0, snap=False,
    )  # fmt: skip
    dash = g.PAGE_NUMBER_DASH
    add_run(p, f"{dash} ", profile.song_font, g.PAGE_NUMBER_SIZE, spacing=0)
    _field_run(p, profile, "begin")
    _field_run(p, profile, "instr", " PAGE ")
    _field_run(p, profile, "separate")
    _field_run(p, profile, "text", "1" if odd else "2")
    _field_run(p, profile, "end")
    add_run(p, f" {dash}", profile.song_font, g.PAGE_NUMBER_SIZE, spacing=0)

