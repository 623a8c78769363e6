"""What a 台账 sheet looks like: one sheet per record type, its columns from ``lawdesk.schema``.

Shared by the writer (export, template), the reader (which headers mean which field) and the
binder. Nothing here is per record type: every sheet comes from a ``RecordSpec``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from lawdesk.schema import RECORD_SPECS, FieldSpec, RecordSpec

FIGURES_SHEET = "主要数据"
INSTRUCTIONS_SHEET = "填写说明"
CHOICES_SHEET = "选项"
YES, NO = "是", "否"
DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 6, 60
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(spec: RecordSpec) -> str:
    """The sheet of a record type: its Chinese label (Excel allows 31 characters, no []:*?/\\)."""
    return _SHEET_BAD.sub("_", spec.label)[:31]


def columns(spec: RecordSpec) -> tuple[FieldSpec, ...]:
    """The columns of a record type's sheet, in the order of its description."""
    return spec.all_fields


def header(f: FieldSpec) -> str:
    """The header of a field's column: its label, with * for required fields in the template."""
    return f.label


_XML_BAD = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an .xlsx/.docx cannot hold (records saved before
    validation refused them must still export)."""
    return _XML_BAD.sub("", text)


def cell_value(f: FieldSpec, row: dict[str, object], *, mask: bool = False) -> object:
    """A field's value as an Excel cell: real dates and numbers, 是/否, names of references."""
    value = row.get(f"{f.name}_name") if f.kind == "ref" else row.get(f.name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = xml_safe(value)
    if f.kind == "bool":
        return YES if value else NO
    if f.kind == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if f.kind == "decimal":
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if mask and f.personal:
        return mask_personal(str(value))
    return value


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def width_of(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 12  # 2022-03-15 with room for the filter button
    text = str(value)
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    return display_width(text)


def column_width(head: str, values: list[object], limit: int = MAX_WIDTH) -> float:
    """An Excel column width that fits the header and the longest value (within limits)."""
    widest = max([display_width(head) + 2, *(width_of(v) for v in values)], default=MIN_WIDTH)
    return float(min(max(widest + 2, MIN_WIDTH), limit))


# --------------------------------------------------------------------------------------------
# Personal data (FieldSpec.personal)

_PHONE = re.compile(r"\d[\d\s-]{5,}\d")
_NAME_SPLIT = re.compile(r"([、,，;；\s]+)")


def mask_personal(text: str) -> str:
    """张三、李四四 → 张*、李**; 13812345678 → 138****5678; ID numbers keep 4 + 4 characters."""
    if _PHONE.fullmatch(text.strip()) or sum(ch.isdigit() for ch in text) >= 7:
        return _PHONE.sub(lambda m: _mask_digits(m.group()), text)
    parts = _NAME_SPLIT.split(text)
    return "".join(p if _NAME_SPLIT.fullmatch(p) or not p else p[0] + "*" * (len(p) - 1) for p in parts)


def _mask_digits(digits: str) -> str:
    plain = re.sub(r"[\s-]", "", digits)
    if len(plain) >= 15:  # 身份证号
        return plain[:4] + "*" * (len(plain) - 8) + plain[-4:]
    if len(plain) >= 7:
        return plain[:3] + "*" * (len(plain) - 7) + plain[-4:]
    return "*" * len(plain)


def record_specs() -> tuple[RecordSpec, ...]:
    """Sheets in a workbook: the rosters (社区, 宣讲员) first so that references resolve on import."""
    return tuple(sorted(RECORD_SPECS, key=lambda s: s.common))
