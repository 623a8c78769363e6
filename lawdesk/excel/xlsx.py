"""A small, fast reader of the cell values of an .xlsx workbook (lxml over the zip, streaming).

openpyxl's read-only mode builds a cell object per value and reads each sheet twice to find its
size; a clerk's 10,000-row 台账 took most of the import's time budget. This reader streams each
sheet's rows with ``lxml.etree.iterparse`` and returns plain values: text (shared, inline or
formula results), numbers, booleans and dates (numbers in a date format, 1900 or 1904 system).
Formulas give their cached result. Nothing is written; any structural problem raises
``XlsxError`` and the caller turns it into a Chinese message.

Numbers keep what the file holds: an integer written in full (an 18-digit 身份证号 written by
WPS or a program) stays an exact ``int``, never a float; a number in a zero-padded format
(``00000000``) is the text the cell shows ("00000042"). ``sheet_data`` also gives the hidden rows
and the merged ranges of a sheet (``SheetData``).
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{MAIN}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
#: Built-in number formats 14–22 and 45–47 show dates and times (ECMA-376 Part 1, 18.8.30).
DATE_FORMAT_IDS = frozenset(range(14, 23)) | frozenset(range(45, 48))
_FORMAT_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date or time (its first section, without quoted
    text and [colour]/[locale] parts, has d, m, y, h or s): as openpyxl decides, without importing
    openpyxl (and numpy) on the import's path."""
    return _DATE_PART.search(_FORMAT_STRIP.sub("", code.split(";")[0])) is not None


class XlsxError(Exception):
    """The workbook's structure cannot be read."""


class ErrorValue(str):
    """A cell that holds a formula's error (#REF!, #N/A …), not a text that reads the same."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str  # visible | hidden | veryHidden
    part: str  # path inside the zip


@dataclass
class SheetData:
    """A whole sheet: its rows with values, the hidden rows and the merged ranges."""

    name: str
    hidden: bool
    rows: list[tuple[int, tuple[object, ...]]]  # (1-based row number, values from column A)
    hidden_rows: set[int] = field(default_factory=set)
    #: merged ranges as (first row, first column, last row, last column): rows 1-based, columns 0-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def _xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        return etree.fromstring(zf.read(name), _PARSER)
    except KeyError as exc:
        raise XlsxError(f"missing part {name}") from exc


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


@functools.lru_cache(maxsize=4096)
def _column_of_letters(letters: str) -> int:
    return _column_index(letters.upper())


def _column_of(ref: str) -> int:
    """0-based column of a cell reference such as "AB12"."""
    return _column_of_letters(ref.rstrip("0123456789"))


_V, _IS, _T, _C = f"{_M}v", f"{_M}is", f"{_M}t", f"{_M}c"


class Workbook:
    """An open .xlsx: its sheets and a row iterator per sheet. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.zf = zipfile.ZipFile(path)
        try:
            self._load()
        except Exception:
            self.zf.close()
            raise

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zf.close()

    def _load(self) -> None:
        book = _xml(self.zf, "xl/workbook.xml")
        pr = book.find(f"{_M}workbookPr")
        self.epoch = dt.datetime(1904, 1, 1) if pr is not None and pr.get("date1904") in ("1", "true") else None
        rels = _xml(self.zf, "xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{PKG_REL}}}Relationship")}
        self.sheets: list[SheetInfo] = []
        for sheet in book.iter(f"{_M}sheet"):
            target = targets.get(sheet.get(f"{{{REL}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.sheets.append(SheetInfo(sheet.get("name", ""), sheet.get("state", "visible"), part))
        self.shared = self._shared_strings()
        self.date_styles, self.padded_styles = self._number_styles()

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.zf.namelist():
            return []
        out = []
        for _ev, si in etree.iterparse(self.zf.open("xl/sharedStrings.xml"), tag=f"{_M}si", huge_tree=True,
                                       resolve_entities=False, no_network=True):
            out.append(_text_of(si))
            si.clear()
        return out

    def _number_styles(self) -> tuple[set[int], dict[int, int]]:
        """The cell styles that show dates, and those that pad numbers with zeros (style → digits)."""
        if "xl/styles.xml" not in self.zf.namelist():
            return set(), {}
        styles = _xml(self.zf, "xl/styles.xml")
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_M}numFmt")}
        # the only built-in formats that matter here are the date ones and "00" padding (none built in)
        xfs = styles.find(f"{_M}cellXfs")
        dates = set()
        padded = {}
        for index, xf in enumerate(xfs if xfs is not None else ()):
            fmt_id = int(xf.get("numFmtId", "0"))
            code = custom.get(fmt_id, "")
            if fmt_id in DATE_FORMAT_IDS or (code and is_date_format(code)):
                dates.add(index)
            elif code and len(code) > 1 and set(code) == {"0"}:
                padded[index] = len(code)
        return dates, padded

    def sheet_data(self, sheet: SheetInfo, max_columns: int, max_rows: int) -> SheetData:
        """Every row of ``sheet`` with values (at most ``max_rows``), its hidden rows and merges."""
        try:
            source = self.zf.open(sheet.part)
        except KeyError as exc:
            raise XlsxError(f"missing sheet part {sheet.part}") from exc
        data = SheetData(sheet.name, sheet.state != "visible", [])
        row_tag, merge_tag = f"{_M}row", f"{_M}mergeCell"
        with source:
            number = 0
            for _ev, element in etree.iterparse(source, tag=(row_tag, merge_tag), huge_tree=True,
                                                resolve_entities=False, no_network=True):
                if element.tag == merge_tag:
                    merge = _range(element.get("ref", ""))
                    if merge is not None:
                        data.merges.append(merge)
                    continue
                number = int(element.get("r") or number + 1)
                hidden = element.get("hidden") in ("1", "true")
                values = self._row_values(element, max_columns)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
                if values:
                    data.rows.append((number, values))
                    if hidden:
                        data.hidden_rows.add(number)
                    if len(data.rows) > max_rows:
                        break
        return data

    def _row_values(self, row: etree._Element, max_columns: int) -> tuple[object, ...]:
        values: list[object] = []
        column_of, value_of = _column_of_letters, self._value
        for position, cell in enumerate(row.iterchildren(_C)):
            ref = cell.get("r")
            index = column_of(ref.rstrip("0123456789")) if ref else position
            if index >= max_columns:
                break
            value = value_of(cell)
            if value is None:
                continue
            gap = index - len(values)
            if gap == 0:
                values.append(value)
            elif gap > 0:
                values.extend([None] * gap)
                values.append(value)
            else:
                values[index] = value
        return tuple(values)

    def rows(self, sheet: SheetInfo, max_columns: int) -> Iterator[tuple[int, tuple[object, ...]]]:
        """(row number, values) of each row that has cells, in order; values up to ``max_columns``."""
        yield from self.sheet_data(sheet, max_columns, 10**9).rows

    def _value(self, cell: etree._Element) -> object:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            first = cell[0] if len(cell) else None
            if first is not None and first.tag == _IS:
                return _text_of(first)
        v = None
        for child in cell:  # <f>, <v> or <is>
            if child.tag == _V:
                v = child
            elif child.tag == _IS:
                return _text_of(child)
        if v is None or v.text is None:
            return None
        text = v.text
        if kind == "s":
            return self.shared[int(text)]
        if kind == "str":
            return text
        if kind == "e":
            return ErrorValue(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        style = int(cell.get("s", "0"))
        if style in self.date_styles:
            return self._date(float(text))
        return _number(text, self.padded_styles.get(style, 0))

    def _date(self, serial: float) -> dt.datetime | float:
        if self.epoch is not None:
            base = self.epoch
        else:
            base = dt.datetime(1899, 12, 30) if serial >= 61 else dt.datetime(1899, 12, 31)
        try:
            return base + dt.timedelta(days=serial)
        except OverflowError:
            return serial


def _number(text: str, padded: int) -> object:
    """A number cell's value: an exact ``int`` when the file writes an integer in full (any
    length), else a float (integral floats below 10^15 as ``int``); zero-padded text for a
    zero-padded format."""
    text = text.strip()
    digits = text[1:] if text[:1] == "-" else text
    if digits.isdigit():
        number: object = int(text)
    else:
        value = float(text)
        number = int(value) if value.is_integer() and abs(value) < 1e15 else value
    if padded and isinstance(number, int) and number >= 0:
        return str(number).zfill(padded)
    return number


def _range(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of "A3:B5" (rows 1-based, columns 0-based)."""
    first, _sep, last = ref.partition(":")
    last = last or first
    try:
        return (int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), _column_of(first),
                int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), _column_of(last))
    except ValueError:
        return None


def _text_of(element: etree._Element) -> str:
    """The text of a shared/inline string: its runs, without phonetic guides (rPh)."""
    first = element[0] if len(element) == 1 else None
    if first is not None and first.tag == _T:  # the common case: one plain <t>
        return first.text or ""
    parts = []
    for t in element.iter(f"{_M}t"):
        parent = t.getparent()
        if parent is not None and parent.tag == f"{_M}rPh":
            continue
        parts.append(t.text or "")
    return "".join(parts)
