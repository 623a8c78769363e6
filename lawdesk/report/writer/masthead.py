"""版头 (GB/T 9704 §7.2): 发文机关标志, 发文字号 and 签发人, the red rule (with ★ for party organs)."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

from lawdesk.report import gbt9704 as g
from lawdesk.report.context import (
    ReportContext,
)
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer.base import (
    BORDER_SIDES,
    add_run,
    add_tabs,
    append_body,
    blank_lines,
    format_par,
    mark_size_pt,
    ppr_of,
    set_border,
    xml_attr,
    xml_child,
)

# ============================================================== 版头


def _write_masthead(doc: Document, ctx: ReportContext, profile: ReportProfile) -> None:
    size_pt = mark_size_pt(ctx.issuer_mark)
    spacer = doc.add_paragraph()
    spacer_pt = g.MARK_TOP_FROM_BODY_TOP_PT - g.MARK_TOP_BEARING * size_pt
    format_par(spacer, line=round(spacer_pt * g.TWIPS_PER_PT), jc=None, snap=False)
    mark = doc.add_paragraph()
    format_par(
        mark, line=round(g.MARK_LINE_FACTOR * size_pt * g.TWIPS_PER_PT), jc="center", snap=False
    )
    add_run(mark, ctx.issuer_mark, profile.title_font, round(size_pt * 2), color=g.RED, spacing=0)
    blank_lines(doc, profile, g.DOC_NUMBER_BLANK_LINES)
    number_par = _write_signer_rows(doc, ctx, profile)
    if profile.party_star:
        _write_star_rule(doc)
    else:
        pbdr = xml_child(ppr_of(number_par._p), "pBdr")
        set_border(pbdr, "bottom", sz=g.RED_RULE_SIZE_EIGHTHS, color=g.RED, space=g.RED_RULE_SPACE_PT)
    blank_lines(doc, profile, g.TITLE_BLANK_LINES)


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
        format_par(p, line=profile.line_pitch_twips, jc="left", first_line=g.DOC_NUMBER_INDENT_TWIPS)
        add_tabs(p, ("right", g.SIGNER_RIGHT_TAB_TWIPS))
        if is_last:
            add_run(p, ctx.doc_number, profile.body_font)
        add_run(p, "\t" + ("签发人：" if index == 0 else ""), profile.body_font)
        add_run(p, names, profile.kai_font)
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


def tiny_paragraph_xml() -> str:
    return (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" '
        'w:lineRule="exact"/><w:ind w:left="0" w:right="0" w:firstLine="0"/><w:rPr>'
        '<w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def _star_paragraph_xml(font: str) -> str:
    size = g.STAR_SIZE_HALF_POINTS
    font = xml_attr(font)
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
    tiny = tiny_paragraph_xml()
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
    append_body(doc, parse_xml(xml))

