"""Opening the files clerks keep their 台账 in: .xlsx/.xlsm, old .xls, WPS .et and .csv.

``open_source(path)`` looks at the file's content (not only its name) and returns every sheet as
``SheetData`` (rows with values, hidden rows, merged ranges), the same for each format:

- .xlsx/.xlsm (a zip with ``xl/workbook.xml``): ``lawdesk.excel.xlsx``, streaming;
- .xls (BIFF, Excel 97–2003) and WPS .et (the same compound-file BIFF8 layout): ``xlrd``;
- .csv/.txt: UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode 文本”) or GBK/GB18030, found
  by decoding; comma, tab or semicolon separated.

What stays impossible gets a Chinese message saying what to do: password-protected files, .xlsb,
.ods, a web page saved as “.xls” (as some 12345 systems export), files too large, broken files.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lawdesk.errors import LawdeskError
from lawdesk.excel.xlsx import ErrorValue, SheetData

MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_UNPACKED_BYTES = 600 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
SAVE_AS = "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx）后再导入。"
#: What the file chooser offers (and what ``open_source`` reads).
FILE_TYPES = (("Excel、WPS 表格或 CSV", "*.xlsx *.xlsm *.xls *.et *.csv *.txt"), ("全部文件", "*.*"))


@dataclass
class Source:
    """An opened workbook: its sheets, what format it was, and its document keywords."""

    path: Path
    format: str  # xlsx | xls | csv
    sheets: list[SheetData]
    keywords: str = ""
    notes: list[str] = field(default_factory=list)


def open_source(path: Path) -> Source:
    """Read every sheet of ``path``; ``LawdeskError`` with a Chinese message if it cannot be read."""
    path = Path(path)
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        return _open_xlsx(path)
    if head.startswith(CFB_MAGIC):
        return _open_xls(path, head)
    return _open_text(path, head)


def _head(path: Path) -> bytes:
    if not path.exists():
        raise LawdeskError(f"找不到文件：{path}")
    if path.is_dir():
        raise LawdeskError(f"“{path}”是一个文件夹，请选择 Excel 文件（.xlsx、.xls、.et 或 .csv）。")
    size = path.stat().st_size
    if size == 0:
        raise LawdeskError(f"文件“{path.name}”是空的（0 字节），不是 Excel 工作簿。")
    if size > MAX_FILE_BYTES:
        raise LawdeskError(
            f"文件“{path.name}”太大（{size / 1024 / 1024:.0f} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB，"
            "不像是一份台账。请只保留需要导入的工作表后再试。"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LawdeskError(f"无法读取文件“{path.name}”：{exc.strerror or exc}（文件可能正在被其他程序使用）") from exc


def _broken(path: Path, exc: BaseException) -> LawdeskError:
    return LawdeskError(f"文件“{path.name}”已损坏或格式不受支持，无法读取（{type(exc).__name__}）。{SAVE_AS}")


# --------------------------------------------------------------------------------------------
# .xlsx


def check_zip(path: Path) -> None:
    """Raise ``LawdeskError`` unless the zip at ``path`` is an .xlsx workbook of a sane size."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.bin" in names:
                raise LawdeskError(f"文件“{path.name}”是 Excel 二进制工作簿（.xlsb），程序无法读取。{SAVE_AS}")
            if "content.xml" in names and "mimetype" in names:
                raise LawdeskError(f"文件“{path.name}”是 OpenDocument 表格（.ods），程序无法直接读取。{SAVE_AS}")
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


def _open_xlsx(path: Path) -> Source:
    from lawdesk.excel.xlsx import Workbook

    check_zip(path)
    try:
        with Workbook(path) as wb:
            sheets = [_limited(wb.sheet_data(info, MAX_COLUMNS, MAX_ROWS)) for info in wb.sheets]
            keywords = _keywords(wb.zf)
    except LawdeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser error means a broken file for the clerk
        raise _broken(path, exc) from exc
    return Source(path, "xlsx", sheets, keywords)


def _keywords(zf: zipfile.ZipFile) -> str:
    """The document's keywords (docProps/core.xml), where lawdesk marks its masked exports."""
    from lxml import etree

    try:
        core = etree.fromstring(zf.read("docProps/core.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError):
        return ""
    found = core.find("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords")
    return (found.text or "") if found is not None else ""


def _limited(data: SheetData) -> SheetData:
    if len(data.rows) > MAX_ROWS:
        raise LawdeskError(f"工作表“{data.name}”超过 {MAX_ROWS} 行，太大，无法一次导入。请分成几个文件导入。")
    return data


# --------------------------------------------------------------------------------------------
# .xls and .et (BIFF8 in a compound file)


def _open_xls(path: Path, content: bytes) -> Source:
    if ENCRYPTED_MARK in content:
        raise LawdeskError(
            f"文件“{path.name}”设置了打开密码，程序无法读取。请在 Excel 或 WPS 中打开它，"
            "取消密码（文件 → 信息 → 保护工作簿 / 文档加密）并另存后再导入。"
        )
    import xlrd

    try:
        try:
            book = xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=False)
        except NotImplementedError:  # formatting of a BIFF version xlrd cannot read: values only
            book = xlrd.open_workbook(file_contents=content, on_demand=False)
    except xlrd.XLRDError as exc:
        text = str(exc)
        if "encrypted" in text.lower():
            raise LawdeskError(f"文件“{path.name}”设置了打开密码，程序无法读取。请取消密码并另存后再导入。") from exc
        if "Workbook" in text or "not supported" in text.lower() or "BIFF" in text:
            raise LawdeskError(f"文件“{path.name}”不是程序能读取的 Excel/WPS 表格（可能是 Word 文档或太旧的格式）。"
                               f"{SAVE_AS}") from exc
        raise _broken(path, exc) from exc
    except Exception as exc:  # noqa: BLE001 - a broken compound file
        raise _broken(path, exc) from exc
    try:
        sheets = [_limited(_xls_sheet(book, sheet)) for sheet in book.sheets()]
    except LawdeskError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _broken(path, exc) from exc
    return Source(path, "xls", sheets)


def _xls_sheet(book, sheet) -> SheetData:  # noqa: ANN001 - xlrd Book and Sheet
    import xlrd

    data = SheetData(sheet.name, bool(getattr(sheet, "visibility", 0)), [])
    rowinfo = getattr(sheet, "rowinfo_map", {}) or {}
    data.hidden_rows = {r + 1 for r, info in rowinfo.items() if getattr(info, "hidden", 0)}
    data.merges = [(r1 + 1, c1, r2, c2 - 1) for r1, r2, c1, c2 in getattr(sheet, "merged_cells", ()) or ()]
    for r in range(min(sheet.nrows, MAX_ROWS + 1)):
        values: list[object] = []
        for c, cell in enumerate(sheet.row(r)[:MAX_COLUMNS]):
            value = _xls_value(book, cell, xlrd)
            if value is None:
                continue
            values.extend([None] * (c + 1 - len(values)))
            values[c] = value
        if values:
            data.rows.append((r + 1, tuple(values)))
    return data


def _xls_value(book, cell, xlrd) -> object:  # noqa: ANN001
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_ERROR:
        return ErrorValue(xlrd.error_text_from_code.get(value, "#N/A"))
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


# --------------------------------------------------------------------------------------------
# .csv and tab-separated text


def _open_text(path: Path, content: bytes) -> Source:
    text, encoding = decode_text(path, content)
    if text.lstrip()[:1] == "<" and "<table" in text[:20000].lower():
        raise LawdeskError(
            f"文件“{path.name}”其实是网页（HTML）格式，只是文件名像 Excel（有些业务系统这样导出）。{SAVE_AS}"
        )
    if "\x00" in text or not text.strip():
        hint = "" if path.suffix.lower() in (".csv", ".txt") else "如果是 CSV 或文本文件，请确认文件内容完整。"
        raise LawdeskError(f"文件“{path.name}”不是 Excel 工作簿或 CSV 表格（.xlsx、.xls、.et、.csv）。{hint}")
    dialect = _dialect(text)
    rows: list[tuple[int, tuple[object, ...]]] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
        values = tuple((c if c.strip() else None) for c in cells[:MAX_COLUMNS])
        while values and values[-1] is None:
            values = values[:-1]
        if values:
            rows.append((number, values))
        if len(rows) > MAX_ROWS:
            break
    if max((len(r) for _n, r in rows), default=0) < 2:
        raise LawdeskError(
            f"文件“{path.name}”不是 Excel 工作簿（.xlsx、.xls、.et），也不是 CSV 表格（没有用逗号或制表符分隔的列）。"
        )
    name = path.stem[:31] or "Sheet1"
    source = Source(path, "csv", [_limited(SheetData(name, False, rows))])
    source.notes.append(f"CSV 文件，按 {encoding} 编码读取")
    return source


def decode_text(path: Path, content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding (UTF-8, UTF-16 or GBK)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "UTF-8"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030"), "GBK"
    except UnicodeDecodeError as exc:
        raise LawdeskError(
            f"文件“{path.name}”不是 Excel 工作簿，也不是能识别编码（UTF-8 或 GBK）的 CSV 表格。{SAVE_AS}"
        ) from exc


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        counts = {d: sample.count(d) for d in (",", "\t", ";")}
        best = max(counts, key=lambda d: counts[d])

        class _Plain(csv.excel):
            delimiter = best if counts[best] else ","

        return _Plain
