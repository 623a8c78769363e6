"""Reading a clerk's workbook: safe opening, finding each sheet's record type, header and columns.

Clerks' sheets are not ours: a title row above the header, two-row (merged) headers, columns
in another order, extra columns, header variants (日期 / 活动日期 / 时间). ``read_workbook``
returns a ``WorkbookPlan``: per sheet the record type guessed, the header found and which
column was matched to which field (the preview shows it; the clerk can correct it before the
import checks the cells). Files that are not Excel, are password-protected, huge or broken
raise ``LawdeskError`` with a Chinese message.
"""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from lawdesk import normalize
from lawdesk.errors import LawdeskError
from lawdesk.excel import layout
from lawdesk.schema import FieldSpec, RecordSpec, spec_for

MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_UNPACKED_BYTES = 600 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
HEADER_SCAN_ROWS = 15
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
IGNORED_SHEETS = {normalize.key(n) for n in (layout.FIGURES_SHEET, layout.INSTRUCTIONS_SHEET, layout.CHOICES_SHEET)}
_UNIT = re.compile(r"\(.*?\)|\*")


@dataclass
class SheetPlan:
    """One sheet: its record type (None: not imported), header rows, columns and their fields."""

    name: str
    kind: str | None
    header_rows: tuple[int, ...]  # 1-based row numbers of the header (one or two rows)
    headers: list[str]
    mapping: list[str | None]  # per column: the field name, or None (ignored)
    rows: list[tuple[int, tuple[object, ...]]] = field(default_factory=list)  # (row number, cells)
    note: str = ""

    @property
    def spec(self) -> RecordSpec | None:
        return spec_for(self.kind) if self.kind else None

    def column_letter(self, index: int) -> str:
        return get_column_letter(index + 1)

    def matched(self) -> list[tuple[str, str, str]]:
        """(column letter, header, field label) of the matched columns."""
        spec = self.spec
        if spec is None:
            return []
        return [
            (self.column_letter(i), h, spec.field(name).label)
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
        spec = self.spec
        if spec is None:
            return []
        return [f for f in spec.all_fields if f.required and f.name not in self.mapping]

    def set_kind(self, kind: str | None) -> None:
        """Read the sheet as ``kind`` records (columns are matched again)."""
        self.kind = kind
        self.mapping = match_columns(spec_for(kind), self.headers) if kind else [None] * len(self.headers)

    def set_column(self, index: int, field_name: str | None) -> None:
        """The clerk's correction: column ``index`` holds ``field_name`` (None: ignore it)."""
        if field_name is not None:
            if self.spec is None:
                raise LawdeskError("请先选择这张工作表的记录类型。")
            self.spec.field(field_name)  # KeyError for a field of another type
            self.mapping = [None if m == field_name else m for m in self.mapping]
        self.mapping[index] = field_name


@dataclass
class WorkbookPlan:
    path: Path
    sheets: list[SheetPlan]

    @property
    def importable(self) -> list[SheetPlan]:
        return [s for s in self.sheets if s.kind]

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.importable)


# --------------------------------------------------------------------------------------------
# Matching headers to fields


def _header_key(text: str) -> str:
    return normalize.key(text).replace("*", "")


def field_for_header(spec: RecordSpec, text: str) -> FieldSpec | None:
    """The field a column header means: its label, a listed alias, or the label without units."""
    name = _header_index(spec.kind).get(_header_key(text)) if text else None
    if name is None and text:
        name = _header_index(spec.kind).get("~" + _UNIT.sub("", _header_key(text)))
    return spec.field(name) if name else None


@functools.cache
def _header_index(kind: str) -> dict[str, str]:
    """Header key → field name for a record type: labels and names first, then aliases, then
    labels without their units ("~" keys: 发放资料 for 发放资料(份))."""
    spec = spec_for(kind)
    index: dict[str, str] = {}
    for f in spec.all_fields:
        index.setdefault(_header_key(f.label), f.name)
        index.setdefault(f.name.casefold(), f.name)
    for f in spec.all_fields:
        for alias in f.aliases:
            index.setdefault(_header_key(alias), f.name)
    for f in spec.all_fields:
        bare = _UNIT.sub("", _header_key(f.label))
        if bare:
            index.setdefault("~" + bare, f.name)
    return index


def match_columns(spec: RecordSpec, headers: list[str]) -> list[str | None]:
    """Per column the field it holds; a field goes to its first column, later ones are ignored."""
    taken: set[str] = set()
    out: list[str | None] = []
    for text in headers:
        f = field_for_header(spec, text)
        if f is None or f.name in taken:
            out.append(None)
            continue
        taken.add(f.name)
        out.append(f.name)
    return out


def _score(spec: RecordSpec, keys: list[str]) -> int:
    """How many distinct fields of ``spec`` the header keys name."""
    index = _header_index(spec.kind)
    found = {index.get(k) or index.get("~" + _UNIT.sub("", k)) for k in keys if k}
    found.discard(None)
    return len(found)


def _cell_text(value: object) -> str:
    """A header cell's text ("" for empty cells and for values too long to be a header)."""
    if value is None or not isinstance(value, str | int):
        return ""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text if len(text) <= 40 else ""


def _guess(name: str, top: list[tuple[object, ...]]) -> tuple[str | None, tuple[int, ...], list[str]]:
    """(kind, header rows, headers) of a sheet from its name and first rows.

    Every row of the first few is tried as the header, alone and combined with the row below (a
    two-row header whose upper cells are merged: the lower cell names the column, else the
    upper). The sheet's name (会议, 2022年矛盾纠纷台账) decides between record types; then the
    most matched columns; then a single header row and the earliest.
    """
    from lawdesk.schema import RECORD_SPECS

    sheet_key = normalize.key(name)
    named = {s.kind for s in RECORD_SPECS if normalize.key(s.label) in sheet_key}
    width = max((len(r) for r in top), default=0)
    lines = [[_cell_text(v) for v in r] + [""] * (width - len(r)) for r in top]
    best_rank: tuple[bool, int, int] | None = None
    best: tuple[str | None, tuple[int, ...], list[str]] = (None, (), [])
    for i, one in enumerate(lines):
        candidates = [((i + 1,), one)]
        if i + 1 < len(lines):
            candidates.append(((i + 1, i + 2), [b or a for a, b in zip(one, lines[i + 1], strict=True)]))
        for rows, headers in candidates:
            keys = [_header_key(h) if h else "" for h in headers]
            for spec in RECORD_SPECS:
                score = _score(spec, keys)
                if score < (1 if spec.kind in named else 2):
                    continue
                rank = (spec.kind in named, score, -len(rows))
                if best_rank is None or rank > best_rank:
                    best_rank, best = rank, (spec.kind, rows, headers)
    return best


# --------------------------------------------------------------------------------------------
# Opening the file


def check_file(path: Path) -> None:
    """Raise ``LawdeskError`` (Chinese) unless ``path`` looks like a readable .xlsx workbook."""
    path = Path(path)
    if not path.exists():
        raise LawdeskError(f"找不到文件：{path}")
    if path.is_dir():
        raise LawdeskError(f"“{path}”是一个文件夹，请选择 Excel 文件（.xlsx）。")
    size = path.stat().st_size
    if size == 0:
        raise LawdeskError(f"文件“{path.name}”是空的（0 字节），不是 Excel 工作簿。")
    if size > MAX_FILE_BYTES:
        raise LawdeskError(
            f"文件“{path.name}”太大（{size / 1024 / 1024:.0f} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB，"
            "不像是一份台账。请只保留需要导入的工作表后再试。"
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head.startswith(CFB_MAGIC):  # an Office "compound file": read it all (≤ MAX_FILE_BYTES)
                head += fh.read()
    except OSError as exc:
        raise LawdeskError(f"无法读取文件“{path.name}”：{exc.strerror or exc}（文件可能正在被其他程序使用）") from exc
    if head.startswith(CFB_MAGIC):
        if ENCRYPTED_MARK in head:
            raise LawdeskError(
                f"文件“{path.name}”设置了打开密码，程序无法读取。请在 Excel 或 WPS 中打开它，"
                "取消密码（文件 → 信息 → 保护工作簿 / 文档加密）并另存后再导入。"
            )
        raise LawdeskError(
            f"文件“{path.name}”是旧版 Excel 格式（.xls）或其他 Office 文件。"
            "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx）后再导入。"
        )
    if not head.startswith(ZIP_MAGIC):
        hint = "如果是 CSV 或文本文件，请在 Excel 或 WPS 中打开并“另存为” .xlsx。"
        raise LawdeskError(f"文件“{path.name}”不是 Excel 工作簿（.xlsx）。{hint}")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                what = "Word 文档" if "word/document.xml" in names else "其他压缩文件"
                raise LawdeskError(f"文件“{path.name}”不是 Excel 工作簿（看起来是{what}）。")
            unpacked = sum(i.file_size for i in zf.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise LawdeskError(
                    f"文件“{path.name}”解开后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，太大，无法导入。"
                    "请只保留需要导入的工作表后再试。"
                )
    except zipfile.BadZipFile as exc:
        raise LawdeskError(f"文件“{path.name}”已损坏（不完整或不是有效的 .xlsx），无法读取。") from exc


def read_workbook(path: Path) -> WorkbookPlan:
    """Open ``path`` and plan the import of each sheet; ``LawdeskError`` if it cannot be read."""
    from lawdesk.excel.xlsx import Workbook

    path = Path(path)
    check_file(path)
    try:
        with Workbook(path) as wb:
            sheets = [_read_sheet(wb, info) for info in wb.sheets if info.state == "visible"]
    except LawdeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser error means a broken file for the clerk
        raise LawdeskError(
            f"文件“{path.name}”已损坏或格式不受支持，无法读取（{type(exc).__name__}）。"
            "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。"
        ) from exc
    if not any(s.kind for s in sheets):
        names = "、".join(s.name for s in sheets) or "（没有工作表）"
        raise LawdeskError(
            f"文件“{path.name}”中没有找到可以导入的台账（工作表：{names}）。"
            "每张工作表需要有表头，例如“日期、会议类型、会议名称/议题”。可以先导出一份模板对照。"
        )
    return WorkbookPlan(path, sheets)


def _read_sheet(wb, info) -> SheetPlan:  # noqa: ANN001 - lawdesk.excel.xlsx Workbook and SheetInfo
    name = info.name
    if normalize.key(name) in IGNORED_SHEETS:
        return SheetPlan(name, None, (), [], [], note="说明或统计表，不导入")
    rows_iter = wb.rows(info, MAX_COLUMNS)
    top: list[tuple[int, tuple[object, ...]]] = []
    for number, row in rows_iter:
        if number > HEADER_SCAN_ROWS:
            top_done = (number, row)
            break
        top.append((number, row))
    else:
        top_done = None
    # Row numbers are the sheet's own (empty rows are not listed): place them for the header scan.
    lines: list[tuple[object, ...]] = [()] * (top[-1][0] if top else 0)
    for number, row in top:
        lines[number - 1] = row
    kind, header_rows, headers = _guess(name, lines)
    if kind is None:
        return SheetPlan(name, None, (), [], [], note="没有找到可以识别的表头，不导入")
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    headers = headers[:width]
    plan = SheetPlan(name, kind, header_rows, headers, match_columns(spec_for(kind), headers))
    first_data = header_rows[-1] + 1
    for number, row in top:
        if number >= first_data:
            _keep(plan, number, row, width)
    if top_done is not None:
        _keep(plan, *top_done, width)
    for number, row in rows_iter:
        _keep(plan, number, row, width)
        if len(plan.rows) > MAX_ROWS:
            raise LawdeskError(f"工作表“{name}”超过 {MAX_ROWS} 行，太大，无法一次导入。请分成几个文件导入。")
    return plan


def _keep(plan: SheetPlan, number: int, row: tuple[object, ...], width: int) -> None:
    cells = tuple(row[:width])
    if any(v is not None and not (isinstance(v, str) and normalize.is_blank(v)) for v in cells):
        plan.rows.append((number, cells))
