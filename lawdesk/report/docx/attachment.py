"""附件 pages (GB/T 9704 §7.3.7 / §8): label, title, data tables and charts."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

from lawdesk.report import gbt9704 as g
from lawdesk.report.context import (
    AttachmentPage,
    BodyParagraph,
    ChartImage,
    DataTable,
)
from lawdesk.report.docx.base import (
    add_run,
    blank_lines,
    format_par,
    width_chars,
    xml_child,
)
from lawdesk.report.docx.body import (
    write_body_paragraph,
    write_title,
)
from lawdesk.report.profile import ReportProfile

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
    for table in page.tables:
        _write_data_table(doc, table, profile)
    for note in page.notes:
        write_body_paragraph(doc, BodyParagraph(text=note), profile)
    for chart in page.charts:
        _write_chart(doc, chart, profile)


def _cell_text(cell, text: str, font: str, *, bold: bool = False, jc: str = "center") -> None:
    p = cell.paragraphs[0]
    format_par(p, line=240, rule="auto", jc=jc, first_line=0, snap=False)
    add_run(p, text, font, g.SIZE_SIHAO, bold=bold, spacing=0)


def _write_data_table(doc: Document, table: DataTable, profile: ReportProfile) -> None:
    if table.title:
        p = doc.add_paragraph()
        format_par(p, line=profile.line_pitch_twips, jc="center", first_line=0, keep_next=True)
        add_run(p, table.title, profile.hei_font)
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
    xml_child(tbl_pr, "tblW", w=sum(widths), type="dxa")
    xml_child(tbl_pr, "jc", val="center")
    # WPS reads w:gridCol, Word the cell widths: set both (ecosystem.md §3.5).
    for col, grid_col in enumerate(t._tbl.tblGrid.findall(qn("w:gridCol"))):
        grid_col.set(qn("w:w"), str(widths[col]))
        t.columns[col].width = Twips(widths[col])
    for r, (values, row) in enumerate(zip(rows, t.rows, strict=True)):
        is_header = bool(table.header) and r == 0
        xml_child(row._tr.get_or_add_trPr(), "cantSplit")
        cells = row.cells  # once per row: Table.cell() rebuilds the whole cell grid each call
        for c in range(cols):
            cell = cells[c]
            cell.width = Twips(widths[c])
            xml_child(cell._tc.get_or_add_tcPr(), "vAlign", val="center")
            text = values[c] if c < len(values) else ""
            font = profile.hei_font if is_header else profile.body_font
            _cell_text(cell, str(text), font, jc="left" if c == 0 and not is_header else "center")
    blank_lines(doc, profile, 1)


def _column_widths(rows: Sequence[Sequence[str]], cols: int) -> list[int]:
    """Column widths across the 版心, in proportion to the longest text of each column."""
    longest = [max((width_chars(str(r[c])) for r in rows if c < len(r)), default=1.0) for c in range(cols)]
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
    format_par(p, line=240, rule="auto", jc="center", first_line=0, snap=False,
            keep_next=bool(chart.caption))  # fmt: skip
    width = min(float(chart.width_mm), g.BODY_WIDTH_MM)
    p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(width))
    if chart.caption:
        cap = doc.add_paragraph()
        format_par(cap, line=profile.line_pitch_twips, jc="center", first_line=0)
        add_run(cap, chart.caption, profile.body_font, g.SIZE_SIHAO)

