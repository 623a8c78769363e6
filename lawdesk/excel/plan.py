"""The plan of a clerk's workbook import: per sheet its record type, header, columns and rows.

``reader.read_workbook`` makes a ``WorkbookPlan`` of a file; the clerk corrects each
``SheetPlan`` in the preview (its type, header row, the field of each column, one value for a
missing column, hidden rows, the year of day-month dates), ``mappings`` reads and writes a plan's
mapping, and ``importer`` checks and imports the rows the plan reads. The rows that are not
records (合计, signature footers, notes, rows with only a 序号) are told apart here
(``skip_reason``), and merged data cells are filled into every row they span.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lawdesk import normalize
from lawdesk.errors import LawdeskError
from lawdesk.excel import headers as hd
from lawdesk.excel import layout
from lawdesk.excel.headers import IDENTITY, match_columns
from lawdesk.excel.sources import MAX_COLUMNS
from lawdesk.excel.xlsx import SheetData
from lawdesk.schema import FieldSpec, RecordSpec, spec_for

HEADER_SCAN_ROWS = 15
#: Sheets of lawdesk's own export that hold no records (统计, 说明, 选项).
IGNORED_SHEETS = {normalize.key(n) for n in (layout.FIGURES_SHEET, layout.INSTRUCTIONS_SHEET, layout.CHOICES_SHEET)}
#: Month-only dates (2022年12月): the first day, the last day, or refused.
MONTH_DAYS = ("first", "last", "refuse")


@dataclass
class SheetPlan:
    """One sheet: its record type (None: not imported), header rows, columns and their fields."""

    name: str
    kind: str | None
    header_rows: tuple[int, ...]  # 1-based row numbers of the header (one or two rows)
    headers: list[str]
    mapping: list[str | None]  # per column: a field name, ``IDENTITY``, or None (ignored)
    data: SheetData | None = None
    note: str = ""
    reason: str = ""  # why this record type (按表头和标题行识别 …)
    hidden: bool = False  # a hidden sheet
    include: bool = True  # imported (hidden sheets: only when the clerk ticks them in)
    include_hidden_rows: bool = False
    constants: dict[str, object] = field(default_factory=dict)  # field → one value for every row
    year: int | None = None  # the year of day-month dates (3月5日), from the title, sheet or file name
    month_day: str = "first"  # MONTH_DAYS
    title: str = ""  # the rows above the header
    remembered: bool = False  # read as the clerk mapped this layout before
    auto: dict | None = field(default=None, repr=False)  # the mapping as read, before any correction
    _rows: list[tuple[int, tuple[object, ...]]] | None = field(default=None, repr=False)
    _count: tuple[tuple, int] | None = field(default=None, repr=False)

    @property
    def spec(self) -> RecordSpec | None:
        return spec_for(self.kind) if self.kind else None

    @property
    def importable(self) -> bool:
        return bool(self.kind) and self.include

    def column_letter(self, index: int) -> str:
        return get_column_letter(index + 1)

    # -- rows -------------------------------------------------------------------------------

    @property
    def rows(self) -> list[tuple[int, tuple[object, ...]]]:
        """(row number, cells) of the rows below the header that hold values, merged cells filled."""
        if self._rows is None:
            self._rows = _data_rows(self.data, self.header_rows[-1] if self.header_rows else 0)
        return self._rows

    @property
    def hidden_rows(self) -> set[int]:
        return self.data.hidden_rows if self.data is not None else set()

    @property
    def hidden_data_rows(self) -> list[int]:
        hidden = self.hidden_rows
        return [n for n, _cells in self.rows if n in hidden]

    @property
    def row_count(self) -> int:
        """Rows that look like records (hidden rows only when ticked in; 合计, 签名栏, 序号-only
        rows not counted: the check lists them as skipped)."""
        state = (tuple(self.mapping), self.header_rows, self.include_hidden_rows)
        if self._count is None or self._count[0] != state:
            hidden = set() if self.include_hidden_rows else self.hidden_rows
            mapped = self.mapped_columns()
            count = sum(1 for n, row in self.rows if n not in hidden and self.skip_reason(row, mapped) is None)
            self._count = (state, count)
        return self._count[1]

    def mapped_columns(self) -> list[int]:
        """The columns that hold a field or the identity."""
        return [i for i, name in enumerate(self.mapping) if name]

    def skip_reason(self, row: tuple[object, ...], mapped: list[int]) -> str | None:
        """Why ``row`` is not a record (None: it is one): 合计, 签名栏, 说明, 序号 only."""
        return skip_reason(self, row, mapped)

    def top_rows(self) -> list[tuple[object, ...]]:
        """The first rows of the sheet, placed at their row numbers (for the header scan)."""
        return _top(self.data)

    # -- columns ----------------------------------------------------------------------------

    def matched(self) -> list[tuple[str, str, str]]:
        """(column letter, header, field label) of the matched columns."""
        spec = self.spec
        if spec is None:
            return []
        return [
            (self.column_letter(i), h, label_of(spec, name))
            for i, (h, name) in enumerate(zip(self.headers, self.mapping, strict=True))
            if name
        ]

    def ignored(self) -> list[tuple[str, str]]:
        """(column letter, header) of the columns with a header that no field took."""
        return [
            (self.column_letter(i), h)
            for i, (h, name) in enumerate(zip(self.headers, self.mapping, strict=True))
            if h and not name
        ]

    def missing_required(self) -> list[FieldSpec]:
        """Required fields with neither a column nor a constant."""
        spec = self.spec
        if spec is None:
            return []
        return [f for f in spec.all_fields
                if f.required and f.name not in self.mapping and f.name not in self.constants]

    def set_kind(self, kind: str | None) -> None:
        """Read the sheet as ``kind`` records (columns are matched again, constants dropped)."""
        if kind and not self.headers:
            self._fallback_header()
        self.kind = kind
        self.constants = {}
        self.mapping = match_columns(spec_for(kind), self.headers) if kind else [None] * len(self.headers)

    def set_column(self, index: int, field_name: str | None) -> None:
        """The clerk's correction: column ``index`` holds ``field_name`` (None: ignore it)."""
        if field_name is not None:
            if self.spec is None:
                raise LawdeskError("请先选择这张工作表的记录类型。")
            if field_name != IDENTITY:
                self.spec.field(field_name)  # KeyError for a field of another type
            self.mapping = [None if m == field_name else m for m in self.mapping]
            self.constants.pop(field_name, None)
        self.mapping[index] = field_name

    def set_constant(self, field_name: str, value: object) -> None:
        """One value for every row of a field the sheet has no column for (None: drop it)."""
        if self.spec is None:
            raise LawdeskError("请先选择这张工作表的记录类型。")
        self.spec.field(field_name)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.constants.pop(field_name, None)
        else:
            self.constants[field_name] = value

    def set_header_row(self, first: int, rows: int = 1) -> None:
        """The header is row ``first`` (and the row below it when ``rows`` is 2)."""
        top = self.top_rows()
        if not 1 <= first <= len(top):
            raise LawdeskError(f"表头行应在第 1 至 {max(len(top), 1)} 行之间。")
        lines = [[hd.cell_text(v) for v in r] for r in top]
        width = max((len(r) for r in lines), default=0)
        lines = [r + [""] * (width - len(r)) for r in lines]
        if rows == 2 and first < len(lines):
            headers = [b or a for a, b in zip(lines[first - 1], lines[first], strict=True)]
            self.header_rows = (first, first + 1)
        else:
            headers = lines[first - 1]
            self.header_rows = (first,)
        self.headers = _trim(headers)
        self.title = _title(top[: first - 1])
        self._rows = None
        self.set_kind(self.kind)

    def _fallback_header(self) -> None:
        first = hd.guess_header_row(self.top_rows())
        if first is None:
            raise LawdeskError(f"工作表“{self.name}”是空的或没有表头，无法按记录导入。")
        self.set_header_row(first)


# --------------------------------------------------------------------------------------------
# Rows that are not records: 合计, signature footers, notes, 序号 only


#: 合计, 小计：, 本页合计, 3月合计（12次） — the whole first text, not a title that starts with 累计.
_TOTAL = re.compile(r"^(本页|本月|本季度|全年|全部|\d{1,2}月份?)?(合计|小计|总计|累计|共计|总数)\s*([:：(（].*)?$")
_FOOTER_WORDS = (r"审核人|审核|审批人|填表人|填表|制表人|制表|填报人|填报|统计人|核对人|负责人|单位负责人|分管领导|"
                 r"主要领导|填表日期|制表日期|填报日期|报送日期|填报单位|签字|签名|盖章|单位盖章")
#: 填表人：张三 / 审核人 李四 / 制表 — a signature line, not a title that starts with 审核.
_FOOTER = re.compile(rf"^({_FOOTER_WORDS})(\(?(签字|签名|盖章)\)?)?(\s*[:：].*|\s+\S{{1,6}}|)$")
_NOTE = re.compile(r"^(注|说明|备注|填表说明)\s*[:：]")
_SERIAL_HEADERS = {"序号", "编号", "no", "no.", "序", "顺序号"}


def _first_texts(row: tuple[object, ...]) -> tuple[int, str]:
    """(how many cells hold something, up to 5; the first text that is not a number)."""
    count, first = 0, ""
    for v in row:
        if v is None:
            continue
        if isinstance(v, str):
            text = v.strip()
            if not text or (text[0] in normalize.ZERO_WIDTH and normalize.is_blank(text)):
                continue
            if not first and not _NUMERIC.fullmatch(text):
                first = unicodedata.normalize("NFKC", text)
        count += 1
        if count >= 5 and first:
            break
    return count, first


_NUMERIC = re.compile(r"[\d.]+")


def skip_reason(sheet: SheetPlan, row: tuple[object, ...], mapped: list[int]) -> str | None:
    """Why a row is not a record (None: it is one); ``mapped``: the columns that hold fields."""
    count, first = _first_texts(row)
    if not count:
        return "空行"
    if first and len(first) <= 30 and _TOTAL.match(first.replace(" ", "")):
        return "合计行"
    if count <= 4 and first:
        if _FOOTER.match(first):
            return "签名栏（审核人、填表人等）"
        if _NOTE.match(first):
            return "说明文字"
    if not any(i < len(row) and not _empty(row[i]) for i in mapped):
        serial = any(normalize.key(h) in _SERIAL_HEADERS for h in sheet.headers)
        return "只有序号的空行" if serial else "对应的列都是空的"
    return None


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and normalize.is_blank(value))


def get_column_letter(number: int) -> str:
    """The letters of 1-based column ``number`` (1 → A, 27 → AA), without importing openpyxl."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def label_of(spec: RecordSpec, name: str | None) -> str:
    if name == IDENTITY:
        return hd.IDENTITY_HEADER
    return spec.field(name).label if name else ""


@dataclass
class WorkbookPlan:
    path: Path
    sheets: list[SheetPlan]
    format: str = "xlsx"
    masked: bool = False  # a lawdesk export with personal data masked: never imported
    notes: list[str] = field(default_factory=list)

    @property
    def importable(self) -> list[SheetPlan]:
        return [s for s in self.sheets if s.importable]

    @property
    def row_count(self) -> int:
        return sum(s.row_count for s in self.importable)


def plan_sheet(data: SheetData, file_name: str) -> SheetPlan:
    """The plan of one sheet as read: its record type decided from its headers, name, title rows
    and the file's name (``headers.decide_kind``), the header found and the columns matched."""
    name = data.name
    hidden = data.hidden
    if normalize.key(name) in IGNORED_SHEETS:
        return SheetPlan(name, None, (), [], [], data, note="说明或统计表，不导入", hidden=hidden, include=False)
    top = _top(data)
    decision = hd.decide_kind(top, name, file_name)
    if decision.kind is None:
        plan = SheetPlan(name, None, (), [], [], data, hidden=hidden, include=not hidden)
        first = hd.guess_header_row(top)
        if first is not None:
            plan.set_header_row(first)
            plan.kind = None
            plan.mapping = [None] * len(plan.headers)
        plan.note = "没有识别出记录类型：请选择“这张表是”，再核对各列的对应" if first else "空白工作表"
        plan.year = _year(plan.title, name, file_name)
        return plan
    headers = _trim(decision.headers)
    plan = SheetPlan(name, decision.kind, decision.header_rows, headers, match_columns(spec_for(decision.kind), headers),
                     data, reason=decision.reason, hidden=hidden, include=not hidden)
    plan.title = _title(top[: decision.header_rows[0] - 1])
    plan.year = _year(plan.title, name, file_name)
    if hidden:
        plan.note = "隐藏的工作表：勾选“导入隐藏的工作表”后才导入"
    return plan


def _year(title: str, sheet_name: str, file_name: str) -> int | None:
    return hd.year_in(title) or hd.year_in(sheet_name) or hd.year_in(file_name)


def _trim(headers: list[str]) -> list[str]:
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    return list(headers[:width])


def _title(rows: list[tuple[object, ...]]) -> str:
    return " ".join(" ".join(str(v) for v in r if v is not None and str(v).strip()) for r in rows if r).strip()


def _top(data: SheetData | None) -> list[tuple[object, ...]]:
    """The first ``HEADER_SCAN_ROWS`` rows placed at their numbers (empty rows as ())."""
    if data is None:
        return []
    top = [(n, r) for n, r in data.rows[:HEADER_SCAN_ROWS] if n <= HEADER_SCAN_ROWS]
    lines: list[tuple[object, ...]] = [()] * (top[-1][0] if top else 0)
    for number, row in top:
        lines[number - 1] = row
    return lines


def _data_rows(data: SheetData | None, header_last: int) -> list[tuple[int, tuple[object, ...]]]:
    """Rows below the header with values; a merged data cell's value in every row it spans."""
    if data is None:
        return []
    rows = [(n, r) for n, r in data.rows if n > header_last]
    merges = [m for m in data.merges if m[0] > header_last and (m[2] > m[0] or m[3] > m[1])]
    if not merges or not rows:
        return [(n, r) for n, r in rows if _has_value(r)]
    table = {n: list(r) for n, r in rows}
    last_row, last_column = rows[-1][0], MAX_COLUMNS - 1
    for r1, c1, r2, c2 in merges:
        r2, c2 = min(r2, last_row), min(c2, last_column)  # a merge down to row 1048576 fills no more
        source = table.get(r1)
        value = source[c1] if source is not None and c1 < len(source) else None
        if value is None:
            continue
        for r in range(r1, r2 + 1):
            cells = table.setdefault(r, [])
            if len(cells) <= c2:
                cells.extend([None] * (c2 + 1 - len(cells)))
            for c in range(c1, c2 + 1):
                if cells[c] is None:
                    cells[c] = value
    return [(n, tuple(table[n])) for n in sorted(table) if _has_value(table[n])]


def _has_value(cells: tuple[object, ...] | list[object]) -> bool:
    return any(v is not None and not (isinstance(v, str) and normalize.is_blank(v)) for v in cells)
