"""The county roll-up table (全县汇总表) as an Excel workbook.

One sheet: a title, a note naming the period and the offices that have sent nothing, the header
row (单位, 报送情况, then each figure's label with its unit, e.g. “开展治安巡逻（次）”), one row per
office and the 合计 row (the county's figures, rates recomputed, see
``lawdesk.services.county``). Offices that have not reported the period are marked 未报送 and
shaded, with “—” for their figures; whatever records of theirs are dated in the period anyway
(their leftovers) follow the 合计 apart, under a line saying they are not in it. Numbers are real
numbers (rates with two decimals); nothing is recomputed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lawdesk.excel import layout, writer

if TYPE_CHECKING:
    from lawdesk.services.county import Rollup
    from lawdesk.services.stats import FigureDef

SHEET = "全县汇总"
UNIT_HEADER = "单位"
STATUS_HEADER = "报送情况"
TOTAL_LABEL = "合计"
LEFTOVERS_LABEL = "以下单位尚未报送本期数据，已有的记录单列如下，不计入合计："
SENT, MISSING = "已报送", "未报送"
HEADER_ROW = 3  # title, note, header
MISSING_FILL = PatternFill("solid", fgColor="FCE4D6")
TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
MISSING_FONT_COLOR = "C00000"


def heading(fig: FigureDef) -> str:
    """A figure's column header: its label and unit, “开展治安巡逻（次）”, “按期办结率（%）”."""
    return f"{fig.label}（{fig.unit}）" if fig.unit else fig.label


def _number_cell(ws: Worksheet, row: int, col: int, fig: FigureDef, value: object) -> None:
    cell = ws.cell(row=row, column=col)
    if value is None:
        cell.value = "—"
        cell.alignment = Alignment(horizontal="center")
        return
    cell.value = value
    cell.number_format = "0.00" if fig.is_rate else ("0" if isinstance(value, int) else "0.##")
    cell.alignment = Alignment(horizontal="right")


def _leftovers(ws: Worksheet, rollup: Rollup, figs: list[FigureDef], row_number: int) -> int:
    """The figures of offices that have not reported, after a blank row and a label: apart from
    the table and its 合计. Returns the last row written."""
    if not rollup.leftovers:
        return row_number
    row_number += 2
    ws.cell(row=row_number, column=1, value=LEFTOVERS_LABEL).font = Font(
        name=writer.FONT_NAME, bold=True, color=MISSING_FONT_COLOR)
    for office in rollup.leftovers:
        row_number += 1
        ws.cell(row=row_number, column=1, value=layout.xml_safe(f"{office.name}（未报送，不计入合计）")).data_type = "s"
        ws.cell(row=row_number, column=2, value=f"{office.records}条记录").alignment = Alignment(horizontal="center")
        for col, fig in enumerate(figs, start=3):
            _number_cell(ws, row_number, col, fig, office.figures.values.get(fig.key))
            ws.cell(row=row_number, column=col).font = Font(name=writer.FONT_NAME, color="777777")
    return row_number


def export_rollup_xlsx(rollup: Rollup, out: Path) -> Path:
    """Write the roll-up table to ``out`` (.xlsx added); ``LawdeskError`` in Chinese on failure."""
    out = writer.target_path(Path(out))
    figs = rollup.figure_defs
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    n_cols = 2 + len(figs)
    last = get_column_letter(n_cols)

    title = f"{rollup.county_name}{rollup.period.title_label}法治政府建设主要数据汇总表"
    title_cell = ws.cell(row=1, column=1, value=title)
    title_cell.data_type = "s"  # a county named "=…" stays text: no live formula in any cell
    title_cell.font = Font(name=writer.FONT_NAME, bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    note = (f"统计期间 {rollup.period.start.isoformat()} 至 {rollup.period.end.isoformat()}；共 "
            f"{len(rollup.rows)} 个单位，合计中的比率按各单位分子、分母之和计算。")
    if rollup.missing:
        note += rollup.missing_text() + "。"
    note_cell = ws.cell(row=2, column=1, value=note)
    note_cell.font = Font(name=writer.FONT_NAME, color="555555")
    ws.merge_cells(f"A2:{last}2")

    headers = [UNIT_HEADER, STATUS_HEADER, *(heading(f) for f in figs)]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font = Font(name=writer.FONT_NAME, bold=True)
        cell.fill = writer.HEADER_FILL
        cell.border = writer.HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[HEADER_ROW].height = 48

    border = Border(left=writer.THIN, right=writer.THIN, top=writer.THIN, bottom=writer.THIN)
    row_number = HEADER_ROW
    for office in rollup.rows:
        row_number += 1
        ws.cell(row=row_number, column=1, value=layout.xml_safe(office.name)).data_type = "s"
        status = ws.cell(row=row_number, column=2, value=SENT if office.reported else MISSING)
        status.alignment = Alignment(horizontal="center")
        for col, fig in enumerate(figs, start=3):
            value = office.figures.values.get(fig.key) if office.reported else None
            _number_cell(ws, row_number, col, fig, value)
        if not office.reported:
            status.font = Font(name=writer.FONT_NAME, bold=True, color=MISSING_FONT_COLOR)
            for col in range(1, n_cols + 1):
                ws.cell(row=row_number, column=col).fill = MISSING_FILL
    row_number += 1
    ws.cell(row=row_number, column=1, value=TOTAL_LABEL)
    sent = len(rollup.rows) - len(rollup.missing)
    ws.cell(row=row_number, column=2, value=f"{sent}/{len(rollup.rows)}").alignment = Alignment(
        horizontal="center")
    for col, fig in enumerate(figs, start=3):
        _number_cell(ws, row_number, col, fig, rollup.total.values.get(fig.key))
    for col in range(1, n_cols + 1):
        cell = ws.cell(row=row_number, column=col)
        cell.font = Font(name=writer.FONT_NAME, bold=True)
        cell.fill = TOTAL_FILL
    for r in range(HEADER_ROW + 1, row_number + 1):
        for col in range(1, n_cols + 1):
            ws.cell(row=r, column=col).border = border
    row_number = _leftovers(ws, rollup, figs, row_number)

    names = [r.name for r in rollup.rows] + [TOTAL_LABEL]
    ws.column_dimensions["A"].width = layout.column_width(UNIT_HEADER, names, 30)
    ws.column_dimensions["B"].width = 10
    for col, fig in enumerate(figs, start=3):
        # headers wrap onto up to three lines: a column needs about a third of its header's width
        ws.column_dimensions[get_column_letter(col)].width = max(9.0, layout.display_width(heading(fig)) / 3 + 2)
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    writer.print_setup(ws, n_cols, row_number, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.print_options.gridLines = False  # the table has its own borders
    return writer.save_atomic(wb, out)
