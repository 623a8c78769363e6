"""Tolerant reading of what clerks type: one normalisation for forms, services and Excel; and
the one way a number is written back as text (``number_text``).

Pure functions, no database. ``lawdesk.services.validation`` calls them for every value, so a
choice typed in a form, passed by code or read from a clerk's own spreadsheet is compared the
same way:

- text: characters an XML document cannot hold (C0 controls other than tab and newline,
  U+FFFE/U+FFFF, lone surrogates) are refused with a Chinese message; CR/LF become LF; text
  that is only whitespace or zero-width characters is empty;
- choices: compared after NFKC (full-width → half-width), with brackets, dots, spaces and case
  unified (劳动争议（欠薪） = 劳动争议(欠薪)), then through the synonyms kept in the record
  descriptions (物业 → 物业纠纷);
- 是/否: 是/否/√/×/1/0/Y/N/true/false/有/无 — nan, inf, 2 are refused;
- dates: 2022-3-5, 2022/03/05, 2022年3月5日, 2022.3.5, 20220305 and Excel serial numbers;
- numbers: numbers only ("1,5" is an error, "1,500" is 1500, lists and bytes are refused);
  full-width digits, and Chinese numerals read strictly (十五, 一百二十, 两百, 三点五 — not 一二三
  digit by digit); a letter, a unit or other words are refused, never dropped ("3O人" is not 3);
- phone numbers: digits with 区号-, brackets, spaces, +86 and 转 for an extension, several
  numbers separated by 、 or ／; letters are refused ("1380000abcd"), a mobile number has 11 digits.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

#: Characters that print nothing: a value made only of these (and spaces) is empty.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_ZW_TABLE = {ord(c): None for c in ZERO_WIDTH}
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")", "（": "(", "）": ")",
                           "{": "(", "}": ")", "<": "(", ">": ")", "《": "", "》": "", "“": "", "”": "",
                           "・": "·", "•": "·", "．": "·", "‧": "·", "—": "-", "–": "-", "－": "-"})
_SPACES = re.compile(r"\s+")

#: Excel serial numbers of 2000-01-01 and 2099-12-31 (1900 date system; day 0 = 1899-12-30).
EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_SERIAL, MAX_SERIAL = 36526, 73415

TRUE_WORDS = frozenset({"是", "true", "yes", "y", "1", "√", "✓", "✔", "对", "有", "t"})
FALSE_WORDS = frozenset({"否", "false", "no", "n", "0", "×", "✗", "✘", "x", "不是", "无", "没有", "f"})


class InputError(ValueError):
    """A value that cannot be read; the message is Chinese and names no field (the caller does)."""


# --------------------------------------------------------------------------------------------
# Text


_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def bad_character(text: str) -> str | None:
    """A Chinese description of the first character an XML document cannot hold, or None."""
    found = _BAD_CHAR.search(text)
    if found is None:
        return None
    code = ord(found.group())
    kind = "不成对的代理字符" if 0xD800 <= code <= 0xDFFF else "看不见的控制字符"
    return f"第 {found.start() + 1} 个字符是{kind}（U+{code:04X}），请删除后再保存"


def clean_text(value: str) -> str:
    """``value`` with line ends unified and outer whitespace/zero-width removed; ``InputError``
    for characters a document cannot hold."""
    text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if _BAD_CHAR.search(text):
        raise InputError(bad_character(text) or "")
    stripped = text.strip()
    while stripped and (stripped[0] in ZERO_WIDTH or stripped[-1] in ZERO_WIDTH):
        stripped = stripped.strip(ZERO_WIDTH).strip()
    return stripped


def is_blank(value: object) -> bool:
    """None, or text that is only whitespace or zero-width characters."""
    if value is None:
        return True
    if isinstance(value, str):
        stripped = value.strip()
        if stripped and stripped[0] not in ZERO_WIDTH and stripped[-1] not in ZERO_WIDTH:
            return False  # the common case, without translating the whole text
        return not stripped.translate(_ZW_TABLE).strip()
    return False


def key(text: str) -> str:
    """The comparison key of a choice or column header: NFKC, unified brackets, no spaces, casefolded."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_ZW_TABLE).translate(_BRACKETS)
    return _SPACES.sub("", text).casefold()


def match_choice(value: str, choices: tuple[str, ...], synonyms: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The choice that ``value`` means (exactly, after normalising, or through a synonym), or None."""
    if value in choices:
        return value
    return _match_choice(value, choices, synonyms) if len(value) <= 100 else None


@functools.lru_cache(maxsize=4096)
def _match_choice(value: str, choices: tuple[str, ...], synonyms: tuple[tuple[str, str], ...]) -> str | None:
    wanted = key(value)
    for choice in choices:
        if key(choice) == wanted:
            return choice
    for alias, target in synonyms:
        if key(alias) == wanted and target in choices:
            return target
    return None


# --------------------------------------------------------------------------------------------
# 是/否


def parse_bool(value: object) -> bool:
    """True/False from a boolean or its usual spellings; ``InputError`` for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and not value.is_finite():
        raise InputError("应为“是”或“否”（可填 是/否、√/×、1/0、Y/N）")
    if isinstance(value, int | float | Decimal):
        if value == 1:
            return True
        if value == 0:
            return False
        raise InputError("应为“是”或“否”（可填 是/否、√/×、1/0、Y/N）")
    if isinstance(value, str):
        text = key(value)
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
    raise InputError("应为“是”或“否”（可填 是/否、√/×、1/0、Y/N）")


# --------------------------------------------------------------------------------------------
# Dates

DATE_HINT = "日期格式应为 YYYY-MM-DD，例如 2022-03-15"
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: object) -> dt.date:
    """A date from a date/datetime, an Excel serial number or the common Chinese ways of writing it."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise InputError(DATE_HINT)
    if isinstance(value, int | float | Decimal):
        return _from_serial(value)
    if not isinstance(value, str):
        raise InputError(DATE_HINT)
    text = unicodedata.normalize("NFKC", value).translate(_ZW_TABLE).strip()
    match = _DATE_RE.match(text) or _COMPACT_RE.match(text)
    if not match:
        raise InputError(DATE_HINT)
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise InputError(f"“{_short(value)}”不是有效的日期（{DATE_HINT}）") from None


def _from_serial(value: int | float | Decimal) -> dt.date:
    if isinstance(value, Decimal) and not value.is_finite():
        raise InputError(DATE_HINT)
    try:
        number = float(value)
    except OverflowError:
        raise InputError(DATE_HINT) from None
    if not math.isfinite(number) or not MIN_SERIAL <= number <= MAX_SERIAL + 1:
        raise InputError(f"“{_short(str(value))}”不是日期（{DATE_HINT}）")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _short(text: str, limit: int = 30) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return text if len(text) <= limit else text[:limit] + "…"


# --------------------------------------------------------------------------------------------
# Numbers

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(value: object) -> Decimal:
    """A finite number from a number or its text; ``InputError`` for anything else.

    Thousands separators are accepted only in groups of three (1,500); "1,5" is refused rather
    than read as 15.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise InputError("应为数字")
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).translate(_ZW_TABLE).strip().replace(" ", "")
        if _GROUPED.match(text):
            text = text.replace(",", "")
        elif (meant := chinese_number(text)) is not None:
            text = str(meant)
        elif not _PLAIN.match(text):
            if "," in text or "，" in text:
                raise InputError(f"“{_short(value)}”不是数字（小数请用小数点，如 1.5；数字中不要用逗号）")
            raise InputError(f"“{_short(value)}”不是数字（请只填数字，如 30）")
        value = text
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise InputError("应为数字") from None
    if not number.is_finite():
        raise InputError("应为数字")
    return number


def number_text(value: int | float | Decimal) -> str:
    """A number as the clerk reads it, wherever lawdesk shows or writes one as text (lists, forms,
    figures, messages, Excel cells read as text): every digit it holds, no “.0”, no trailing
    zeros, never an exponent (1234567.5, not 1.23457e+06; 12345.25, not 12345.2). A float is
    read to the 15 significant digits it can hold, so 0.1 + 0.2 is 0.3."""
    if isinstance(value, int):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(f"{value:.15g}")
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


_CHINESE_NUMERAL = re.compile(r"^负?[零〇一二两三四五六七八九十百千万亿廿壹贰叁肆伍陆柒捌玖拾佰仟]+(点[零〇一二三四五六七八九]+)?$")


def chinese_number(text: str) -> Decimal | None:
    """The number written in Chinese numerals (十五, 一百二十, 两百, 壹佰, 三点五), or None.

    Read strictly (``cn2an``'s strict mode): digit-by-digit forms such as 一二三 or 二〇二二,
    which could be a count or a code, are not read."""
    if not _CHINESE_NUMERAL.match(text):
        return None
    import cn2an  # only when a clerk writes a number in words

    try:
        value = cn2an.cn2an(text.replace("两", "二"), "strict")
    except ValueError:
        return None
    return Decimal(str(value))


PHONE_HINT = "只填数字，座机可带区号和“-”，分机用“转”，几个号码之间用顿号隔开"
_PHONE_SPLIT = re.compile(r"\s*[、,，;；/]\s*")
_PHONE = re.compile(r"^(\+\d{1,3}[\s-]?)?[\d\s()-]+(转\d{1,6})?$")


def parse_phone(value: str) -> str:
    """Phone numbers as typed (full-width characters made half-width), or ``InputError``.

    Each number has 7 to 12 digits (+86 and an extension not counted); one that starts with 1
    and has no area code is a mobile number and has exactly 11.
    """
    text = unicodedata.normalize("NFKC", value).translate(_ZW_TABLE).strip()
    for number in (n for n in _PHONE_SPLIT.split(text) if n):
        if not _PHONE.match(number):
            raise InputError(f"“{_short(number)}”不是电话号码（{PHONE_HINT}）")
        main = number.split("转", 1)[0]
        if main.startswith("+"):
            main = re.sub(r"^\+\d{1,3}", "", main)
        digits = re.sub(r"\D", "", main)
        if digits.startswith("1") and len(digits) != 11:
            raise InputError(f"“{_short(number)}”不是手机号码：手机号码是 11 位数字（现有 {len(digits)} 位）")
        if not 7 <= len(digits) <= 12:
            raise InputError(f"“{_short(number)}”不是电话号码：电话号码有 7 到 12 位数字（现有 {len(digits)} 位）")
    return text
