"""附件 pages (GB/T 9704 §7.3.7 / §8): label, title, data tables and charts."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm

from lawdesk.report import gbt9704 as g
from lawdesk.report.context import (
    AttachmentPage,
    ChartImage,
    DataTable,
)
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer.base import (
    add_run,
    append_body,
    blank_lines,
    format_par,
    width_chars,
    xml_attr,
    xml_text,
)
from lawdesk.report.writer.body import (
    write_title,
)

# ============================================================== 附件 pages


def _write_attachment_page(
    doc: Document, page: AttachmentPage, number: int | None, profile: ReportProfile
) -> None:
    label = doc.add_paragraph()
    format_par(label, line=profile.line_pitch_twips, jc="left", first_line=0, page_break_before=True)
    add_run(label, f"附件{number}" if number else "附件", profile.hei_font)
    blank_lines(doc, profile, g.ATTACHMENT_TITLE_LINE - 2)
    write_title(doc, page.title, profile)
    blank_lines(doc, profile, 1)
    for index, table in enumerate(page.tables):
        # the notes under the last table stay on its page: its last row keeps with them
        _write_data_table(doc, table, profile, keep_with_next=bool(page.notes) and index == len(page.tables) - 1)
    for index, note in enumerate(page.notes):
        _write_table_note(doc, note, profile, keep_next=index < len(page.notes) - 1)
    if page.notes:
        blank_lines(doc, profile, 1)
    for chart in page.charts:
        _write_chart(doc, chart, profile)


def _write_table_note(doc: Document, text: str, profile: ReportProfile, keep_next: bool = False) -> None:
    """A line under the table (a rate's definition, the data source) in the table's 4号 size
    and line height: notes belong to the table, and set tight they rarely push its last rows
    onto the next page."""
    p = doc.add_paragraph()
    format_par(p, line=g.TABLE_LINE_TWIPS, jc="left", first_line=0, keep_next=keep_next, snap=False)
    add_run(p, text, profile.body_font, g.TABLE_SIZE, spacing=0)


def _cell_text(cell, text: str, font: str, *, bold: bool = False, jc: str = "center") -> None:
    p = cell.paragraphs[0]
    # An exact line height makes every row's height known in advance (for the page count).
    format_par(p, line=g.TABLE_LINE_TWIPS, rule="exact", jc=jc, first_line=0, snap=False)
    add_run(p, text, font, g.TABLE_SIZE, bold=bold, spacing=0)


#: Tables of at most this many rows (a header and a few offices) are kept on one page.
WHOLE_TABLE_ROWS = 12


def _write_data_table(doc: Document, table: DataTable, profile: ReportProfile, keep_with_next: bool = False) -> None:
    """The table; with ``keep_with_next`` its last row (and the blank line under it) keeps with
    what follows, so notes never start the next page alone (Word, WPS and LibreOffice move the
    last row over, under the repeated header row)."""
    if table.title:
        p = doc.add_paragraph()
        format_par(p, line=profile.line_pitch_twips, jc="center", first_line=0, keep_next=True)
        add_run(p, table.title, profile.hei_font)
    cols = max([len(table.header), *(len(r) for r in table.rows)] or [1])
    rows = [table.header] if table.header else []
    rows += table.rows
    if not rows:
        return
    widths = column_widths(rows, cols)
    whole = len(rows) <= WHOLE_TABLE_ROWS  # a short table never splits: it moves over whole
    # Written as XML in one go: python-docx's cell API costs ~1 ms a cell.
    border = f'w:val="single" w:sz="{g.TABLE_BORDER_EIGHTHS}" w:space="0" w:color="000000"'
    borders = "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{wd}"/>' for wd in widths)
    body = []
    for r, values in enumerate(rows):
        is_header = bool(table.header) and r == 0
        # a row never breaks across pages; the header row repeats on each page
        tr_pr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if is_header else "") + "</w:trPr>"
        font = profile.hei_font if is_header else profile.body_font
        keep = (keep_with_next and r == len(rows) - 1) or (whole and r < len(rows) - 1)
        cells = []
        for c in range(cols):
            text = str(values[c]) if c < len(values) else ""
            jc = "left" if c == 0 and not is_header else "center"
            cells.append(_cell_xml(text, font, widths[c], jc, keep_next=keep))
        body.append(f"<w:tr>{tr_pr}{''.join(cells)}</w:tr>")
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblW w:w=\"{sum(widths)}\" w:type=\"dxa\"/>"
        f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{g.TABLE_CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:right w:w="{g.TABLE_CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(body)}</w:tbl>'
    )
    append_body(doc, parse_xml(xml))
    blank_lines(doc, profile, 1, keep_next=keep_with_next)


def _cell_xml(text: str, font: str, width: int, jc: str, keep_next: bool = False) -> str:
    """One cell: 4号 text on exact 18 pt lines, centred vertically (WPS reads gridCol, Word tcW)."""
    f = xml_attr(font)
    size = g.TABLE_SIZE
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr>{"<w:keepNext/>" if keep_next else ""}<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
        f'w:line="{g.TABLE_LINE_TWIPS}" w:lineRule="exact"/><w:ind w:left="0" w:right="0" w:firstLine="0"/>'
        f'<w:jc w:val="{jc}"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" '
        f'w:cs="{f}" w:hint="eastAsia"/><w:spacing w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        f'</w:rPr><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:p></w:tc>'
    )


def _cell_chars(width: int) -> int:
    """Whole 4号 characters one line of a cell of ``width`` twips holds."""
    return max(1, (width - 2 * g.TABLE_CELL_MARGIN_TWIPS) // g.CHAR_SIHAO_TWIPS)


def _text_need(text: str) -> int:
    """Cell width that holds ``text`` on one line at 4号."""
    text = str(text)
    ascii_count = sum(1 for ch in text if ch.isascii())
    # Latin digits and signs: up to 3/4 em in the fonts a renderer substitutes (DejaVu, Arial).
    chars = width_chars(text) + ascii_count * (g.TABLE_LATIN_EM - 0.5)
    return round(chars * g.CHAR_SIHAO_TWIPS) + 2 * g.TABLE_CELL_MARGIN_TWIPS + g.TABLE_CELL_SLACK_TWIPS


def _orphans(texts: Sequence[str], per_line: int) -> bool:
    """Would any text wrap leaving a single character on its last line?"""
    for text in texts:
        n = width_chars(text)
        if n > per_line and (n - per_line * int(n // per_line)) <= 1 and n % per_line != 0:
            return True
    return False


def column_widths(rows: Sequence[Sequence[str]], cols: int) -> list[int]:
    """Column widths across the 版心: figure columns hold their longest text on one line; the
    label column takes the rest, narrowed if needed so that no label wraps leaving one
    character alone on its last line."""
    total = g.BODY_WIDTH_TWIPS
    if cols == 1:
        return [total]
    needs = [max((_text_need(r[c]) for r in rows if c < len(r)), default=0) for c in range(cols)]
    labels = [str(r[0]) for r in rows if r]
    label_w = total - sum(needs[1:])
    label_w = max(label_w, min(_text_need("四个字符") + g.CHAR_SIHAO_TWIPS * 4, total // 2))
    widest = _cell_chars(label_w)
    fits = [n for n in range(widest, max(4, widest // 2) - 1, -1) if not _orphans(labels, n)]
    per_line = fits[0] if fits else widest
    label_w = min(label_w, per_line * g.CHAR_SIHAO_TWIPS + 2 * g.TABLE_CELL_MARGIN_TWIPS + g.TABLE_CELL_SLACK_TWIPS)
    rest = total - label_w
    weights = needs[1:]
    scale = rest / max(sum(weights), 1)
    widths = [label_w] + [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _write_chart(doc: Document, chart: ChartImage, profile: ReportProfile) -> None:
    if not chart.png:
        return
    p = doc.add_paragraph()
    # "Single" spacing: an exact 579-twip line would clip the picture to one text row.
    format_par(p, line=240, rule="auto", jc="center", first_line=0, snap=False,
               keep_next=bool(chart.caption))  # fmt: skip
    width = min(float(chart.width_mm), g.BODY_WIDTH_MM)
    p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(width))
    if chart.caption:
        cap = doc.add_paragraph()
        format_par(cap, line=profile.line_pitch_twips, jc="center", first_line=0)
        add_run(cap, chart.caption, profile.body_font, g.SIZE_SIHAO)
