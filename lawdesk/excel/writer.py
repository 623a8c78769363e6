"""Writing the 台账 workbook and the blank template (openpyxl, write-only for speed).

Pure: rows and figures in, a file out; no database. Every record sheet has Chinese headers from
``lawdesk.schema``, real dates and numbers, a frozen header row, column widths sized to the
content (a date column always fits a date), filters, drop-down lists for choices and 是/否, date
validation, and a print setup that an inspector can print straight away (A4 landscape, header
row repeated, fit to width).

No cell is ever a live formula: every text is written as text, also one that starts with "="
(a title "=1+2" stays the words "=1+2"). An exported 台账 ends each record sheet with a hidden
column carrying each record's identity (its uuid, ``headers.IDENTITY_HEADER``), so that the
exported file, edited and imported again, corrects its records instead of adding new ones. A
masked export marks itself (document keyword and the identity column's header, no uuids) and is
refused by the import.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lawdesk import safe_write
from lawdesk.excel import layout
from lawdesk.excel.headers import IDENTITY_HEADER, MASKED_IDENTITY_HEADER
from lawdesk.schema import RecordSpec
from lawdesk.services.validation import MAX_DATE, MIN_DATE

FONT_NAME = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: Rows for which the template's drop-downs and date checks are set up.
TEMPLATE_ROWS = 2000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FigureRow:
    """One line of the figures sheet (the same numbers the report shows)."""

    section: str
    label: str
    value: int | float | None
    unit: str
    is_rate: bool = False


def text_cell(ws: Worksheet, value: object, *, force: bool = False) -> object:
    """``value`` for a write-only row: a text that openpyxl would take for a formula ("=…")
    becomes a cell that holds it as text (with ``force``, every value becomes a cell)."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(ws, value=value) if force else value


def _header_cell(ws: Worksheet, text: str, required: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    cell.font = Font(name=FONT_NAME, bold=True, color="C00000" if required else "000000")
    cell.fill = HEADER_FILL
    cell.border = HEADER_BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def print_setup(ws: Worksheet, n_columns: int, n_rows: int, *, title_rows: str = "1:1") -> None:
    """How every sheet lawdesk writes prints: A4 landscape, fitted to the page's width, ``title_rows``
    repeated on every page (the roll-up table too, ``excel.rollup``)."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = True  # ruled lines on paper without a styled cell per value
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.8  # inches; the header/footer sit in the margins
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.center.text = "&A"


def _validations(ws: Worksheet, spec: RecordSpec, choice_ranges: Mapping[tuple[str, str], str], last_row: int) -> None:
    """Drop-downs for choices and 是/否, date checks, for rows 2..``last_row``."""
    for index, f in enumerate(layout.columns(spec), start=1):
        letter = get_column_letter(index)
        area = f"{letter}2:{letter}{max(last_row, 2)}"
        dv: DataValidation | None = None
        if f.kind == "choice":
            dv = DataValidation(type="list", formula1=choice_ranges[(spec.kind, f.name)], allow_blank=True)
            dv.error = f"请从下拉列表中选择“{f.label}”"
        elif f.kind == "bool":
            dv = DataValidation(type="list", formula1=f'"{layout.YES},{layout.NO}"', allow_blank=True)
            dv.error = f"“{f.label}”请填写“是”或“否”"
        elif f.kind == "date":
            dv = DataValidation(
                type="date", operator="between", allow_blank=True,
                formula1=f"DATE({MIN_DATE.year},{MIN_DATE.month},{MIN_DATE.day})",
                formula2=f"DATE({MAX_DATE.year},{MAX_DATE.month},{MAX_DATE.day})",
            )
            dv.error = f"“{f.label}”应为日期，格式 YYYY-MM-DD，如 2022-03-15"
        elif f.kind in ("int", "decimal") and f.max_value is not None:
            dv = DataValidation(
                type="whole" if f.kind == "int" else "decimal", operator="between", allow_blank=True,
                formula1=str(int(f.min_value or 0)), formula2=str(int(f.max_value)),
            )
            dv.error = f"“{f.label}”应为 {int(f.min_value or 0)} 至 {int(f.max_value)} 之间的数字"
        if dv is None:
            continue
        dv.errorTitle = "输入有误"
        dv.showErrorMessage = True
        dv.errorStyle = "warning"  # the clerk may still keep the value; the import checks it
        dv.add(area)
        ws.data_validations.append(dv)


def _choices_sheet(wb: Workbook, specs: Sequence[RecordSpec]) -> dict[tuple[str, str], str]:
    """A hidden sheet with the lists of every choice field; (kind, field) → its range formula."""
    ws = wb.create_sheet(layout.CHOICES_SHEET)
    ws.sheet_state = "hidden"
    lists: list[tuple[tuple[str, str], tuple[str, ...]]] = []
    for spec in specs:
        for f in layout.columns(spec):
            if f.kind == "choice":
                lists.append(((spec.kind, f.name), f.choices))
    longest = max((len(c) for _k, c in lists), default=0)
    ws.append([f"{k[0]}.{k[1]}" for k, _c in lists])
    for i in range(longest):
        ws.append([c[i] if i < len(c) else None for _k, c in lists])
    ranges = {}
    for col, (k, choices) in enumerate(lists, start=1):
        letter = get_column_letter(col)
        ranges[k] = f"'{layout.CHOICES_SHEET}'!${letter}$2:${letter}${len(choices) + 1}"
    return ranges


def _record_sheet(
    wb: Workbook,
    spec: RecordSpec,
    rows: Sequence[Mapping[str, object]],
    choice_ranges: Mapping[tuple[str, str], str],
    *,
    mask: bool,
    validation_rows: int,
    progress: Callable[[int], None] | None = None,
    identity: bool = False,
) -> None:
    ws = wb.create_sheet(layout.sheet_name(spec))
    fields = layout.columns(spec)
    if mask:
        table = [[layout.cell_value(f, row, mask=True, names=layout.personal_names(spec, row)) for f in fields]
                 for row in rows]
    else:
        table = [[layout.cell_value(f, row) for f in fields] for row in rows]
    for index, f in enumerate(fields, start=1):
        values = [r[index - 1] for r in table]
        limit = 40 if f.kind == "longtext" else layout.MAX_WIDTH
        ws.column_dimensions[get_column_letter(index)].width = layout.column_width(
            f.label, values, limit, layout.minimum_width(f))
    headers = [_header_cell(ws, f.label, f.required) for f in fields]
    if identity:  # the hidden last column: each record's uuid (none in a masked export)
        letter = get_column_letter(len(fields) + 1)
        ws.column_dimensions[letter].hidden = True
        ws.column_dimensions[letter].width = 38
        headers.append(_header_cell(ws, MASKED_IDENTITY_HEADER if mask else IDENTITY_HEADER))
        for row_values, row in zip(table, rows, strict=True):
            row_values.append(None if mask else (str(row.get("uuid")) if row.get("uuid") else None))
    ws.freeze_panes = "A2"
    last_col = get_column_letter(len(fields))
    ws.auto_filter.ref = f"A1:{last_col}{len(table) + 1}"
    print_setup(ws, len(fields), len(table))
    _validations(ws, spec, choice_ranges, max(validation_rows, len(table) + 1))
    ws.append(headers)
    # openpyxl writes the header and the first record (its cells fix the style ids of dates and
    # wrapped text); the other rows are streamed into the sheet's XML after saving (``_stream_rows``),
    # ten times faster than a cell object per value.
    if table:
        probe: list[object] = list(table[0])
        for i, f in enumerate(fields):  # styled even when empty, so every column's style id is known
            if f.kind == "date":
                cell = WriteOnlyCell(ws, value=probe[i])
                cell.number_format = layout.DATE_FORMAT
                probe[i] = cell
            elif f.kind == "longtext":
                cell = text_cell(ws, probe[i], force=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                probe[i] = cell
        ws.append([v if isinstance(v, Cell) else text_cell(ws, v) for v in probe])
    if len(table) > 1:
        _pending(wb)[ws.title] = (len(table[0]), table[1:])
    if progress is not None:
        progress(len(table))


def _pending(wb: Workbook) -> dict[str, tuple[int, list[list[object]]]]:
    if not hasattr(wb, "_lawdesk_rows"):
        wb._lawdesk_rows = {}  # noqa: SLF001 - rows to stream in after saving
    return wb._lawdesk_rows  # noqa: SLF001


_XML_BAD = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_EPOCH = dt.date(1899, 12, 30)


def _cell_xml(ref: str, value: object, style: str | None) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s} t="n"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}" t="n"><v>{value!r}</v></c>'
    text = xml_escape(_XML_BAD.sub("", str(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    wrap = s if "\n" in text else ""
    return f'<c r="{ref}"{wrap} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _rows_xml(width: int, rows: list[list[object]], styles: dict[str, str], first: int) -> str:
    letters = [get_column_letter(i) for i in range(1, width + 1)]
    parts = []
    for n, row in enumerate(rows, start=first):
        cells = "".join(
            _cell_xml(f"{letter}{n}", value, styles.get(letter))
            for letter, value in zip(letters, row, strict=True)
            if value is not None
        )
        parts.append(f'<row r="{n}">{cells}</row>')
    return "".join(parts)


_PROBE_STYLE = re.compile(r'<c r="([A-Z]+)2" s="(\d+)"')


def _stream_rows(path: Path, pending: dict[str, tuple[int, list[list[object]]]]) -> None:
    """Add the pending rows to the saved workbook's sheets (rewriting the zip once)."""
    from lawdesk.excel.xlsx import Workbook as Reader

    with Reader(path) as book:
        parts = {info.part: info.name for info in book.sheets if info.name in pending}
    rewritten = path.with_name(path.name + ".rows")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in parts:
                width, rows = pending[parts[item.filename]]
                xml = data.decode("utf-8")
                probe_end = xml.index("</row>", xml.index('<row r="2"'))
                styles = dict(_PROBE_STYLE.findall(xml[:probe_end]))
                end = xml.index("</sheetData>")
                data = (xml[:end] + _rows_xml(width, rows, styles, 3) + xml[end:]).encode("utf-8")
            dst.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    os.replace(rewritten, path)


def _figures_sheet(wb: Workbook, title: str, note: str, figures: Sequence[FigureRow]) -> None:
    ws = wb.create_sheet(layout.FIGURES_SHEET)
    widths = {"A": 50, "B": 40, "C": 12, "D": 8}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    print_setup(ws, 4, len(figures), title_rows="3:3")
    ws.page_setup.orientation = Worksheet.ORIENTATION_PORTRAIT
    head = WriteOnlyCell(ws, value=title)
    head.data_type = "s"
    head.font = Font(name=FONT_NAME, bold=True, size=14)
    ws.append([head])
    sub = WriteOnlyCell(ws, value=note)
    sub.data_type = "s"
    sub.font = Font(name=FONT_NAME, color="555555")
    ws.append([sub])
    ws.append([_header_cell(ws, h) for h in ("报告部分", "指标", "数值", "单位")])
    for fig in figures:
        value = WriteOnlyCell(ws, value=fig.value)
        value.number_format = "0.00" if fig.is_rate else ("0" if isinstance(fig.value, int) else "0.##")
        ws.append([text_cell(ws, fig.section), text_cell(ws, fig.label), value if fig.value is not None else "—",
                   text_cell(ws, fig.unit)])


def _instructions_sheet(wb: Workbook, specs: Sequence[RecordSpec]) -> None:
    ws = wb.create_sheet(layout.INSTRUCTIONS_SHEET)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    print_setup(ws, 2, 0, title_rows="1:1")
    ws.page_setup.orientation = Worksheet.ORIENTATION_PORTRAIT
    ws.print_options.gridLines = False

    row_number = 1

    def wrapped(text: str) -> WriteOnlyCell:
        # Excel and WPS do not grow a written row by themselves: give it the height of its lines.
        lines = max(1, -(-layout.display_width(text) // 100))
        ws.row_dimensions[row_number].height = 16 * lines
        cell = WriteOnlyCell(ws, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    head = WriteOnlyCell(ws, value="法治建设台账 Excel 模板填写说明")
    head.font = Font(name=FONT_NAME, bold=True, size=14)
    ws.append([head])
    lines = [
        ("每张工作表", "一类记录（如“会议”“矛盾纠纷”），第一行是表头，请从第二行起每行填写一条记录，不要改动表头。"),
        ("红色表头", "必填项。其余各列可以留空。"),
        ("日期", "写成 2022-03-15（也可写 2022/3/15、2022年3月15日、2022.3.15、20220315）。"),
        ("下拉选项", "有下拉箭头的列请从列表中选择；写成全角、带空格或常见简称（如“物业”）也能识别。"),
        ("是/否", "填“是”或“否”（也可填 √/×、1/0、Y/N）；留空按“否”。"),
        ("数字", "人数、学时等只填数字，不要带单位；小数用小数点（1.5），不要用逗号。"),
        ("所属社区、宣讲员", "填名称，须是“社区与阵地”“普法宣讲员”表中或程序里已有的名称。"),
        ("导入", "在程序中选“Excel 台账”→“导入”，先预览、检查每一格，有问题会逐条列出（工作表、行、列），"
                  "全部无误才会导入；重复导入同一文件不会产生重复记录。"),
    ]
    def top(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=text)
        cell.alignment = Alignment(vertical="top")
        return cell

    for label, text in lines:
        row_number += 1
        ws.append([top(label), wrapped(text)])
    ws.append([])
    ws.append([_header_cell(ws, "工作表"), _header_cell(ws, "各列（带 * 的为必填）")])
    row_number += 2
    for spec in specs:
        cols = "、".join(f"{f.label}{'*' if f.required else ''}" for f in layout.columns(spec))
        row_number += 1
        ws.append([top(layout.sheet_name(spec)), wrapped(cols)])


def target_path(out_path: Path) -> Path:
    """Where a workbook goes (.xlsx added); ``LawdeskError`` before any work if it cannot go there
    (``lawdesk.safe_write.check_target``: a missing folder, a folder, an input, a read-only file)."""
    out_path = Path(out_path)
    safe_write.refuse_input(out_path)
    if out_path.suffix.lower() != ".xlsx":
        out_path = out_path.with_name(out_path.name + ".xlsx")
    return safe_write.check_target(out_path)


def save_atomic(wb: Workbook, out_path: Path) -> Path:
    """Save ``wb`` to ``out_path`` through ``lawdesk.safe_write``, so a failure leaves no half file."""
    out_path = target_path(out_path)
    with safe_write.replacing(out_path) as tmp:
        wb.save(tmp)
        pending = _pending(wb)
        if pending:
            _stream_rows(tmp, pending)
    return out_path


def write_ledger(
    out_path: Path,
    sheets: Mapping[str, Sequence[Mapping[str, object]]],
    specs: Sequence[RecordSpec],
    *,
    title: str,
    note: str,
    figures: Sequence[FigureRow] = (),
    mask: bool = False,
    progress: Progress | None = None,
) -> Path:
    """The 台账 workbook: the figures sheet first, then one sheet per record type."""
    target_path(out_path)
    wb = Workbook(write_only=True)
    if mask:
        wb.properties.keywords = layout.MASKED_KEYWORD
    total = sum(len(sheets.get(s.kind, ())) for s in specs)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    if figures:
        _figures_sheet(wb, title, note, figures)
    record_sheets_start = len(wb.worksheets)
    choices = _choices_sheet(wb, specs)
    for spec in specs:
        _record_sheet(wb, spec, sheets.get(spec.kind, ()), choices, mask=mask, validation_rows=0, progress=step,
                      identity=True)
    _move_choices_last(wb, record_sheets_start)
    return save_atomic(wb, out_path)


def write_template(out_path: Path, specs: Sequence[RecordSpec]) -> Path:
    """The blank template: instructions, then one empty sheet per record type with drop-downs."""
    target_path(out_path)
    wb = Workbook(write_only=True)
    _instructions_sheet(wb, specs)
    choices = _choices_sheet(wb, specs)
    for spec in specs:
        _record_sheet(wb, spec, (), choices, mask=False, validation_rows=TEMPLATE_ROWS)
    _move_choices_last(wb, 1)
    return save_atomic(wb, out_path)


def _move_choices_last(wb: Workbook, index: int) -> None:
    sheet = wb._sheets.pop(index)  # noqa: SLF001 - openpyxl has no public reorder for write-only books
    wb._sheets.append(sheet)  # noqa: SLF001

