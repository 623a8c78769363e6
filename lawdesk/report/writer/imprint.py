"""版记 (GB/T 9704 §7.4): 抄送, 印发机关和印发日期 between black rules at the foot of the last even page."""

from __future__ import annotations

import math
from collections.abc import Iterable

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from lawdesk.report import gbt9704 as g
from lawdesk.report.context import (
    ReportContext,
)
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer.base import (
    append_body,
    format_date,
    text_width_twips,
    xml_attr,
    xml_text,
)
from lawdesk.report.writer.masthead import (
    tiny_paragraph_xml,
)

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


def _imprint_run_xml(text: str, font: str, spacing: int = 0) -> str:
    size = g.IMPRINT_SIZE
    esc = xml_text(text)
    font = xml_attr(font)
    parts = esc.split("\t")
    body = "<w:tab/>".join(f'<w:t xml:space="preserve">{t}</w:t>' for t in parts)
    return (
        f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" '
        f'w:cs="{font}" w:hint="eastAsia"/><w:spacing w:val="{spacing}"/><w:sz w:val="{size}"/>'
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


NATURAL = "natural"  # the 版记 at the foot of the last page of text (that page is even)
NEXT_PAGE = "next_page"  # the text ends on an odd page: the 版记 alone on the next, even page
BLANK_PAGE = "blank_page"  # the text ends on an even page without room: a blank page, the 版记 page
PLACEMENTS = (NATURAL, NEXT_PAGE, BLANK_PAGE)


def has_imprint(ctx: ReportContext, profile: ReportProfile) -> bool:
    return ctx.has_masthead and profile.imprint and bool(ctx.copy_to or ctx.print_organ)


#: The widest a 4号 digit prints in a font a PC may substitute (DejaVu Sans: 0.64 em), and the
#: widest space a viewer puts between Chinese and digits (Word: a quarter em).
DIGIT_EM = 0.64
AUTOSPACE_EM = 0.25
MAX_CONDENSE_TWIPS = 40  # 2 pt less per character at most: the organ name still reads evenly


def _date_width(date: str) -> int:
    """The widest the 印发日期 prints at 4号 (digits of a substitute font, Word's spacing)."""
    em = g.CHAR_SIHAO_TWIPS
    width = sum(round(DIGIT_EM * em) if ch.isdigit() else em for ch in date)
    boundaries = sum(1 for a, b in zip(date, date[1:], strict=False) if a.isdigit() != b.isdigit())
    return width + round(boundaries * AUTOSPACE_EM * em)


def print_line(ctx: ReportContext) -> tuple[str, str, int]:
    """(印发机关, 印发日期, character spacing of the organ name in twips): one line (7.4.3:
    印发机关左空一字, 印发日期右空一字, a right tab between them).

    A long 印发机关 (中共新县委员会全面依法治县委员会办公室, 19 characters) and the date leave less
    than a character between them at 4号: the organ name is then set a little tighter, so that
    organ and date stay on one line in every viewer.
    """
    organ = ctx.print_organ.strip()
    date = format_date(ctx.print_date or ctx.issue_date) + "印发"
    avail = g.BODY_WIDTH_TWIPS - 2 * g.IMPRINT_INDENT_TWIPS - g.CHAR_SIHAO_TWIPS  # a character apart
    over = len(organ) * g.CHAR_SIHAO_TWIPS + _date_width(date) - avail
    spacing = 0 if over <= 0 or not organ else -min(MAX_CONDENSE_TWIPS, math.ceil(over / len(organ)))
    return organ, date, spacing


def _print_fits(ctx: ReportContext) -> bool:
    organ, date, spacing = print_line(ctx)
    avail = g.BODY_WIDTH_TWIPS - 2 * g.IMPRINT_INDENT_TWIPS - g.CHAR_SIHAO_TWIPS
    return len(organ) * (g.CHAR_SIHAO_TWIPS + spacing) + _date_width(date) <= avail


def _print_lines(ctx: ReportContext) -> list[str]:
    """The 印发 lines: one, unless even the tighter organ name leaves no room for the date."""
    organ, date, _ = print_line(ctx)
    return [f"{organ}\t{date}"] if not organ or _print_fits(ctx) else [organ, f"\t{date}"]


def imprint_height_twips(ctx: ReportContext, profile: ReportProfile) -> int:
    """Height of the 版记 block: its lines at the body pitch plus its rules."""
    names = [c for c in ctx.copy_to if c.strip()]
    lines = len(_print_lines(ctx)) + (_imprint_lines("抄送：" + "，".join(names) + "。") if names else 0)
    rules = 2 * g.IMPRINT_THICK_EIGHTHS + (g.IMPRINT_THIN_EIGHTHS if names else 0)
    return lines * profile.line_pitch_twips + math.ceil(rules * g.TWIPS_PER_PT / 8)


def _unnumbered_section(doc: Document, start: WD_SECTION) -> None:
    """Start a new section (on a new page, or on the next even page) whose footers are empty:
    no 页码 on the blank page and on the 版记 page (7.5)."""
    section = doc.add_section(start)
    # python-docx ends the old section with a new empty paragraph; an empty paragraph could
    # itself spill onto a page of its own, so the break moves into the last paragraph before.
    body = doc.element.body
    sect_pr = body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}")[-1]
    holder = sect_pr.getparent().getparent()  # w:p/w:pPr/w:sectPr
    previous = holder.getprevious()
    if previous is not None and previous.tag == qn("w:p") and previous.find(qn("w:pPr")) is not None \
            and previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:  # fmt: skip
        previous.find(qn("w:pPr")).append(sect_pr)
        body.remove(holder)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
        root = footer._element
        for el in list(root):
            if el.tag != qn("w:sectPr"):
                root.remove(el)
        footer.add_paragraph()


def _blank_page_paragraph(doc: Document) -> None:
    """An empty paragraph one twip-line high (it holds a page, never fills one)."""
    p = doc.add_paragraph()
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'))


def _place_imprint(doc: Document, placement: str) -> None:
    """The sections that put the 版记 on an even page (7.4), unnumbered when alone (7.5).

    The 版记 alone on a page has a section of its own starting on an *even* page: Word and
    WPS keep it there whatever their own page count, adding a blank page when needed.
    """
    if placement == NEXT_PAGE:
        _unnumbered_section(doc, WD_SECTION.EVEN_PAGE)
        _blank_page_paragraph(doc)  # LibreOffice anchors the 版记 at the paragraph before it
    elif placement == BLANK_PAGE:
        _unnumbered_section(doc, WD_SECTION.NEW_PAGE)  # the blank page: no text, no page number
        _blank_page_paragraph(doc)  # holds the blank page
        _unnumbered_section(doc, WD_SECTION.EVEN_PAGE)  # the 版记 page, also without page number
        _blank_page_paragraph(doc)
    elif placement != NATURAL:
        raise ValueError(f"unknown 版记 placement {placement!r}")


def _write_imprint(
    doc: Document, ctx: ReportContext, profile: ReportProfile, placement: str = NATURAL
) -> None:
    """版记 (7.4) as a one-column floating table anchored to the bottom of the 版心."""
    _place_imprint(doc, placement)
    width = g.BODY_WIDTH_TWIPS
    pitch = profile.line_pitch_twips
    font = profile.body_font
    rows: list[str] = []
    names = [c.strip().rstrip("。，、,;；") for c in ctx.copy_to if c.strip()]
    print_lines = _print_lines(ctx)
    line_count = len(print_lines)
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
    _organ, _date, condensed = print_line(ctx)
    par = "".join(
        _imprint_par_xml(
            [_imprint_run_xml(head, font, condensed if head else 0)]
            + ([_imprint_run_xml("\t" + tail, font)] if tail or "\t" in line else []),
            pitch=pitch, left=g.IMPRINT_INDENT_TWIPS, tab=g.IMPRINT_RIGHT_TAB_TWIPS,
        )  # fmt: skip
        for line in print_lines
        for head, _, tail in [line.partition("\t")]
    )
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
    append_body(doc, parse_xml(xml))
    append_body(doc, parse_xml(tiny_paragraph_xml().replace("<w:p>", f"<w:p {nsdecls('w')}>", 1)))

