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
#: The document keyword of a workbook whose personal data is masked (never imported again).
MASKED_KEYWORD = "lawdesk:已隐去个人信息"
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


def cell_value(f: FieldSpec, row: dict[str, object], *, mask: bool = False, names: tuple[str, ...] = ()) -> object:
    """A field's value as an Excel cell: real dates and numbers, 是/否, names of references.

    With ``mask``, personal fields are masked and free text (概要、备注、标题) goes through
    ``mask_text`` with ``names`` (the record's own party names) as its first dictionary.
    """
    value = row.get(f"{f.name}_name") if f.kind == "ref" else row.get(f.name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = xml_safe(value)
        if mask and not f.personal and f.kind in ("text", "longtext") and f.name in FREE_TEXT_FIELDS:
            return mask_text(value, names)
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


def minimum_width(f: FieldSpec) -> int:
    """The width a column needs whatever it holds: a date, a drop-down's longest choice."""
    if f.kind == "date":
        return 13  # 2022-03-15 and the filter button, in 宋体 11
    if f.kind == "choice":
        return max((display_width(c) for c in f.choices), default=6) + 4
    if f.kind in ("int", "decimal", "bool"):
        return 8
    return MIN_WIDTH


def width_of(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 12  # 2022-03-15 with room for the filter button
    text = str(value)
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    return display_width(text)


def column_width(head: str, values: list[object], limit: int = MAX_WIDTH, minimum: int = MIN_WIDTH) -> float:
    """An Excel column width that fits the header and the longest value (within limits)."""
    widest = max([display_width(head) + 2, *(width_of(v) for v in values)], default=MIN_WIDTH)
    return float(min(max(widest + 2, MIN_WIDTH, minimum), max(limit, minimum)))


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


#: Free-text fields masked in public outputs (a party's name or phone written into a summary).
FREE_TEXT_FIELDS = frozenset({"summary", "remarks", "title", "topic", "subject", "area", "venue", "target"})
_NUMBERS = re.compile(r"(?<![\d.])(?:\d[\d -]{5,}\d[\dXx]?)(?![\d.])")
#: Common surnames (most Chinese names start with one of these).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐"
    "易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管"
)
_NAME_CONTEXT = re.compile(
    rf"(?:(?<=当事人)|(?<=申请人)|(?<=居民)|(?<=村民)|(?<=业主)|(?<=来电人)|(?<=反映人)|(?<=群众)|(?<=与)|(?<=和)|(?<=跟)|(?<=同)|(?<=及)|(?<=^)|(?<=[，。、；：,;:（(\s]))"
    rf"([{SURNAMES}][\u4e00-\u9fff]{{1,2}}?)"
    rf"(?=与|和|跟|同|因|称|反映|诉|等|夫妇|之间|家中|家的|一家|、[{SURNAMES}]|，|。|；|$)"
)
_PAIR = re.compile(
    rf"([{SURNAMES}][\u4e00-\u9fff]{{1,2}})(与|和|同|跟)([{SURNAMES}][\u4e00-\u9fff]{{1,2}})"
    rf"(?=的|因|之间|发生|纠纷|矛盾|家|，|。|；|$)"
)
_NOT_NAMES = ("社区", "街道", "书记", "主任", "所长", "队长", "老师", "民警", "律师", "同志", "部门", "单位")


def personal_names(spec: RecordSpec, row: dict[str, object]) -> tuple[str, ...]:
    """The names in a record's personal fields (当事人: 张三丰、李四 → 张三丰, 李四)."""
    names: list[str] = []
    for f in spec.all_fields:
        value = row.get(f.name)
        if f.personal and isinstance(value, str):
            names.extend(p for p in _NAME_SPLIT.split(value) if p and not _NAME_SPLIT.fullmatch(p) and len(p) >= 2)
    return tuple(sorted(set(names), key=len, reverse=True))


def mask_text(text: str, names: tuple[str, ...] = ()) -> str:
    """Free text with the names and numbers of people masked: ``names`` first (the record's own
    parties), then a name next to 与/和/因/反映 …, then runs of seven or more digits (phones, ID
    numbers). 张三丰与李四因漏水 → 张**与李*因漏水; 电话13912345678 → 电话139****5678."""
    for name in names:
        if name and name in text and not any(ch.isdigit() for ch in name):
            text = text.replace(name, name[0] + "*" * (len(name) - 1))
    text = _NUMBERS.sub(lambda m: _mask_digits(m.group()) if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text)

    def name(m: re.Match[str]) -> str:
        found = m.group(1)
        if any(w in found for w in _NOT_NAMES) or "*" in found or "某" in found:
            return found
        return found[0] + "*" * (len(found) - 1)

    text = _PAIR.sub(lambda m: _masked_name(m.group(1)) + m.group(2) + _masked_name(m.group(3)), text)
    return _NAME_CONTEXT.sub(name, text)


def _masked_name(found: str) -> str:
    if any(w in found for w in _NOT_NAMES) or "某" in found:
        return found
    return found[0] + "*" * (len(found) - 1)


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
