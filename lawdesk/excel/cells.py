"""What a clerk's cell means for a field, before validation: 45人, 200余人, 无, 3月5日, 社区 …

``understand(f, value, context)`` turns one cell into the input ``services.validation`` reads,
and says how when it changed the cell's meaning (``Reading.note``), so the preview can list
every mapping (“200余人” → 200, “家庭纠纷” → 婚姻家庭). What it cannot read stays as it was and
``clean_record`` refuses it with its own message; a few things it refuses itself, with a message
that says what to do:

- numbers: a unit after the number (45人, 1.5小时, 12场), 余/多/约/左右 (200余人 → 200, with a
  note), Chinese numerals (三十人); 无 is 0, / and - are empty;
- text: a number cell is the number as written (an exact 18-digit 身份证号, not 1.1e17); a
  number Excel already cut to 15 digits is refused (its last digits are gone); a text stays the
  text it is (“无” in 备注 is kept, so that an export reads back as it was); a personal field that
  holds a masked value (张*, 139****5678) is refused: it comes from a masked export;
- choices, dates and references: 无 and / are empty where the field may be empty;
- a cell holding a formula's error (#REF!, #N/A) is refused;
- dates: 上午/下午 and times after the date, a date range (its first day), month only
  (2022年12月 → the first or last day, as the clerk chose, or refused), day and month under a
  title that gives the year (3月5日), a date serial stored as text (44621);
- choices: the field's synonyms (``FieldSpec.synonyms``) and the usual variations: 家庭纠纷 →
  婚姻家庭 (without 纠纷), 社区 → 进社区, 省 → 省级.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from lawdesk import normalize
from lawdesk.excel.xlsx import ErrorValue
from lawdesk.schema import FieldSpec, choices_for

#: Written for "nothing": empty where the field may be empty, 0 for a number.
EMPTY_MARKS = frozenset({"/", "／", "\\", "-", "－", "—", "——", "--", "---", "－－", "空", "null", "n/a", "#n/a"})
NONE_WORDS = frozenset({"无", "暂无", "没有", "无此项"})
_UNITS = ("人次", "余人", "多人", "人", "名", "个", "次", "场次", "场", "份", "条", "处", "起", "件", "块", "幅",
          "课时", "学时", "小时", "个小时", "h", "天", "期", "批", "户", "家", "所", "间", "张", "本", "册", "元")
_NUMBER = re.compile(
    r"^(?P<pre>约|共|计|合计|共计|累计|大约|近)?\s*(?P<num>[+-]?\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
    r"\s*(?P<more>余|多)?\s*(?P<unit>" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + r")?"
    r"\s*(?P<post>余|多|左右|以上|上下|\+)?$",
    re.IGNORECASE,
)
_TIME_WORDS = re.compile(r"(上午|下午|晚上|晚间|凌晨|中午|早上|早晨|夜间|全天|白天|傍晚)")
_TIME = re.compile(r"\d{1,2}\s*[:：时点]\s*(\d{1,2}\s*分?)?")
_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTH_ONLY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(份)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_MASKED_NAME = re.compile(r"^[\u4e00-\u9fff]\*+$")
_MASKED_DIGITS = re.compile(r"\d\*{3,}\d")
_MASKED_NAMES = re.compile(r"[\u4e00-\u9fff]\*+([、,，;；\s]+[\u4e00-\u9fff]\*+)+")


@dataclass(frozen=True)
class Context:
    """What the sheet tells about its cells: the year of day-month dates, the month-only rule."""

    year: int | None = None
    month_day: str = "first"  # first | last | refuse


@dataclass(frozen=True)
class Reading:
    value: object
    note: str | None = None  # how the cell was read, when that changed its meaning (“45人” → 45)
    rule: str | None = None  # the kind of reading, to list like cells together (None: the note itself)


class CellError(ValueError):
    """A cell this module refuses itself (Chinese message, naming no field)."""


def understand(f: FieldSpec, value: object, context: Context) -> Reading:
    """The input ``clean_value`` reads for cell ``value`` of field ``f``; ``CellError`` when refused."""
    if value is None:
        return Reading(None)
    kind = f.kind
    if isinstance(value, ErrorValue):
        raise CellError(f"单元格是公式出错的结果（{value}），请改正后再导入")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return Reading(None)
        if kind in ("text", "longtext", "tags", "ref"):
            return _text(f, value, text)
        if kind in ("int", "decimal"):
            return _number_text(f, text)
        folded = text.casefold()
        if folded in EMPTY_MARKS or (text in NONE_WORDS and kind != "bool"):
            if kind == "bool":
                return Reading(None)
            return Reading(None, None if folded in EMPTY_MARKS else f"“{text}” → 空", "“无”等按空白")
        if kind == "date":
            return _date_text(text, context)
        if kind == "choice":
            return _choice(f, text)
        return Reading(value)
    if isinstance(value, bool):
        return Reading(value)
    if kind in ("text", "longtext", "tags", "ref", "choice") and isinstance(value, int | float | Decimal):
        return Reading(number_as_text(value))
    if kind == "date" and isinstance(value, int) and 19000101 <= value <= 20991231:
        return Reading(str(value))
    if kind in ("text", "longtext", "tags") and isinstance(value, dt.datetime):
        shown = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
        return Reading(shown)
    return Reading(value)


# --------------------------------------------------------------------------------------------
# Text


def _text(f: FieldSpec, value: str, text: str) -> Reading:
    """A text is what it says; a personal field holding a masked value is refused; a free-text
    field with common values reads a known other way of writing one as it ("讲座" → 专题讲座)."""
    if f.personal and "*" in text and (_MASKED_NAME.match(text) or _MASKED_DIGITS.search(text)
                                       or _MASKED_NAMES.fullmatch(text)):
        raise CellError(f"“{text}”是隐去个人信息后的内容（带 *），不能导入：请使用未隐去个人信息的台账")
    if f.kind == "text" and f.suggestions and f.synonyms:
        found = normalize.match_choice(text, choices_for(f), f.synonyms)
        if found is not None and found != text:
            return Reading(found, None if normalize.key(found) == normalize.key(text) else f"“{text}” → {found}")
    return Reading(value)


def number_as_text(value: int | float | Decimal) -> str:
    """A number cell as the text it stands for (身份证号, 电话, 工单号): every digit, no ".0";
    ``CellError`` when Excel already dropped digits (more than 15 significant digits)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("不是有效的数字")
        if value.is_integer() and abs(value) >= 1e15:
            raise _lost_digits(f"{value:.15g}")
        return normalize.number_text(value)
    if isinstance(value, int):
        digits = str(abs(value))
        if len(digits) > 15 and set(digits[15:]) == {"0"}:
            raise _lost_digits(digits)
    return normalize.number_text(value)


def _lost_digits(shown: str) -> CellError:
    return CellError(
        f"这一格是超过 15 位的数字（{shown}），Excel 只保留 15 位有效数字，后面的数字已经变成 0。"
        "请把这一列设为“文本”格式，重新输入完整号码后再导入"
    )


# --------------------------------------------------------------------------------------------
# Numbers


def _number_text(f: FieldSpec, text: str) -> Reading:
    plain = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    folded = plain.casefold()
    if folded in EMPTY_MARKS:
        return Reading(0 if f.required else None)
    if plain in NONE_WORDS or folded in ("0人", "零"):
        return Reading(0, f"“{text}” → 0", "“无”按 0")
    match = _NUMBER.match(plain)
    if match is None:
        return Reading(text)  # refused by validation with its own message
    number = match.group("num")
    if not re.match(r"[+-]?\d", number):
        try:
            import cn2an

            number = str(cn2an.cn2an(number, "smart"))
        except (ValueError, KeyError, IndexError):
            return Reading(text)
    approx = match.group("more") or match.group("post") or match.group("pre") in ("约", "大约", "近")
    if approx:
        return Reading(number, f"“{text}” → {number}（原文为约数，按 {number} 计）", "约数按整数计")
    if plain == number:
        return Reading(number)
    rule = "中文数字" if not re.match(r"[+-]?\d", match.group("num")) else "去掉单位"
    return Reading(number, f"“{text}” → {number}", rule)


# --------------------------------------------------------------------------------------------
# Dates


def _date_text(text: str, context: Context) -> Reading:
    plain = unicodedata.normalize("NFKC", text).strip()
    try:
        normalize.parse_date(plain)
        return Reading(plain)
    except normalize.InputError:
        pass
    if _SERIAL.match(plain):
        serial = float(plain)
        if normalize.MIN_SERIAL <= serial <= normalize.MAX_SERIAL:
            day = normalize.EXCEL_EPOCH + dt.timedelta(days=int(serial))
            return Reading(day, f"日期序号“{text}” → {day.isoformat()}", "以数字保存的日期")
    month = _MONTH_ONLY.match(plain)
    if month:
        year, mon = int(month.group(1)), int(month.group(2))
        if not 1 <= mon <= 12:
            return Reading(text)
        if context.month_day == "refuse":
            raise CellError(f"“{text}”只写了年月，没有具体日期：请补上日，或在预览中选择只有月份时记为当月哪一天")
        day = 1 if context.month_day == "first" else calendar.monthrange(year, mon)[1]
        when = dt.date(year, mon, day)
        which = "1日" if day == 1 else "最后一天"
        return Reading(when, f"“{text}” → {when.isoformat()}（只有月份，记为当月{which}）", f"只有月份，记为当月{which}")
    day_month = _DAY_MONTH.match(plain)
    if day_month:
        mon, day = int(day_month.group(1)), int(day_month.group(2))
        if context.year is None:
            raise CellError(f"“{text}”只写了月和日，没有年份：请在预览中填写这张表的年份，或写成 2022-03-05")
        try:
            when = dt.date(context.year, mon, day)
        except ValueError:
            return Reading(text)
        return Reading(when, f"“{text}” → {when.isoformat()}（年份取自标题或表名）", f"只有月日，年份按 {context.year} 年")
    full = _FULL_DATE.match(plain)
    if full:
        rest = plain[full.end():].strip()
        try:
            when = dt.date(*(int(g) for g in full.groups()))
        except ValueError:
            return Reading(text)
        rest_plain = _TIME.sub("", _TIME_WORDS.sub("", rest)).strip(" -~～—至到,，")
        if not rest_plain:
            return Reading(when, f"“{text}” → {when.isoformat()}", "去掉上午/下午和时刻")
        if rest[:1] in "-~～—至到":
            return Reading(when, f"“{text}” → {when.isoformat()}（时间段，按第一天）", "时间段按第一天")
    return Reading(text)


# --------------------------------------------------------------------------------------------
# Choices


def _choice(f: FieldSpec, text: str) -> Reading:
    found = normalize.match_choice(text, f.choices, f.synonyms)
    if found == text:
        return Reading(found)
    if found is not None:
        same = normalize.key(found) == normalize.key(text)
        return Reading(found, None if same else f"“{text}” → {found}")
    for variant in _variants(text):
        found = normalize.match_choice(variant, f.choices, f.synonyms)
        if found is not None:
            return Reading(found, f"“{text}” → {found}")
    return Reading(text)


def _variants(text: str) -> list[str]:
    out = []
    for suffix in ("纠纷", "类", "问题", "方面"):
        if text.endswith(suffix) and len(text) > len(suffix):
            out.append(text[: -len(suffix)])
    out.extend([text + "纠纷", "进" + text, text + "级"])
    if text.startswith("进") and len(text) > 1:
        out.append(text[1:])
    return out
