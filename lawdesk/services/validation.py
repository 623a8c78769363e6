"""Validation derived from the record descriptions: raw input in, clean values or Chinese errors out.

Input comes from forms (strings), Excel cells (numbers, datetimes) and code (typed values); each
field kind accepts all of them, read the same tolerant way (``lawdesk.normalize``: full-width
characters, synonyms of choices, 是/否 spellings, Chinese date forms), and refuses what a document
cannot hold (control characters, lone surrogates) or what is not a value (lists, bytes, "1,5" as a
number). ``clean_record`` never touches the database except to check that
a referenced record exists; it returns every error at once so that a form can show each message
beside its field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal

from lawdesk import normalize
from lawdesk.errors import ValidationError
from lawdesk.schema import (
    DISPUTE_OPEN_STATUSES,
    FieldSpec,
    RecordSpec,
    SettingsSpec,
    choices_for,
)

#: Row ids: SQLite and PostgreSQL keep them in 64 bits.
MAX_ID = 2**63 - 1
#: Digits before the point a number may have before it is refused unread: every field's limit is
#: far below (the schema's default is 1,000,000), and turning ``Decimal("1e200000")`` into an
#: int, or a 5,000-digit int into text, would take seconds (or raise).
MAX_DIGITS = 18
#: Digits of a number given to a text field (its limit is some hundred characters at most).
MAX_TEXT_DIGITS = 1000
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
DATE_HINT = normalize.DATE_HINT
_TAG_SPLIT = re.compile(r"[、,，;；\n]+")

#: The error of one field's value: Chinese, naming no field (``ValidationError`` adds the label).
FieldError = normalize.InputError

is_blank = normalize.is_blank


def parse_date(value: object) -> dt.date:
    """A date from a date, an Excel serial or text such as 2022-03-15, 2022/3/15, 2022年3月15日, 20220315."""
    result = normalize.parse_date(value)
    if not MIN_DATE <= result <= MAX_DATE:
        raise FieldError(f"日期应在 {MIN_DATE} 至 {MAX_DATE} 之间")
    return result


def record_id(value: object) -> int | None:
    """The record id ``value`` gives (an int, or text of ASCII digits), ``None`` when it gives none
    (a name); ``FieldError`` for an id no database can hold (≥ 2**63, 25 digits, negative). The
    digits are checked before any conversion: "²" is a name, not the id 2."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            return None
        if len(text.lstrip("0")) > len(str(MAX_ID)):
            raise FieldError(f"编号“{_short(text)}”超出范围")
        value = int(text)
    if not isinstance(value, int):
        return None
    if not 0 < value <= MAX_ID:
        raise FieldError("编号超出范围")
    return value


def _too_large(value: object, digits: int = MAX_DIGITS) -> bool | None:
    """Whether ``value`` (a number) has more than ``digits`` digits before the point, looked at
    without converting it; ``None`` when it is no number (text is parsed first)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return abs(value) >= 10**digits
    if isinstance(value, float):
        return math.isfinite(value) and math.log10(abs(value) or 1) >= digits
    if isinstance(value, Decimal):
        return value.is_finite() and not value.is_zero() and value.adjusted() >= digits
    return None


def _range_error(f: FieldSpec, negative: bool) -> FieldError:
    if negative:
        return FieldError(f"不能小于 {normalize.number_text(f.min_value)}" if f.min_value is not None else "数值太小")
    return FieldError(f"不能大于 {normalize.number_text(f.max_value)}" if f.max_value is not None else "数值太大")


def _parse_number(value: object, f: FieldSpec, integer: bool) -> int | Decimal:
    if _too_large(value):  # an int of 5,000 digits: refused before Decimal or str sees it
        raise _range_error(f, value < 0)  # type: ignore[operator]
    try:
        number = normalize.parse_number(value)
    except FieldError as exc:
        if isinstance(value, str):
            if integer:
                hint = "（数字中不要用逗号）" if "," in value or "，" in value else "（请只填数字，如 30）"
                raise FieldError(f"“{_short(value.strip())}”不是整数{hint}") from exc
            raise
        raise FieldError("应为整数" if integer else "应为数字") from exc
    if _too_large(number):  # "1e200000": int() of it would take seconds
        raise _range_error(f, number < 0)
    if integer:
        if number != number.to_integral_value():
            raise FieldError("应为整数")
        number = int(number)
    if f.min_value is not None and number < f.min_value:
        raise FieldError(f"不能小于 {normalize.number_text(f.min_value)}")
    if f.max_value is not None and number > f.max_value:
        raise FieldError(f"不能大于 {normalize.number_text(f.max_value)}")
    return number


def _as_text(value: object, *, cleaned: bool = False) -> str:
    """Text of a cell or form value; numbers and dates as they read; containers refused."""
    if isinstance(value, str):
        return value if cleaned else normalize.clean_text(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite()) or (
        isinstance(value, float) and math.isfinite(value)
    ):
        if _too_large(value, MAX_TEXT_DIGITS):  # str() of a 5,000-digit int raises
            raise FieldError("数字太长")
        return normalize.number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    raise FieldError("应为文字")


def _parse_tags(value: object) -> str:
    if isinstance(value, list | tuple):
        items = [_as_text(p) for p in value]
    else:
        items = _TAG_SPLIT.split(_as_text(value))
    parts = [p.strip().strip("《》") for p in items]
    return "、".join(dict.fromkeys(p for p in parts if p))


def clean_value(f: FieldSpec, value: object, resolve_ref: Callable[[str, object], int] | None) -> object:
    """The stored value of ``f`` for raw input ``value``; raises ``FieldError``."""
    if isinstance(value, str) and f.kind != "ref":
        value = normalize.clean_text(value)
    if is_blank(value):
        if f.kind == "bool":
            return bool(f.default)
        if f.required:
            raise FieldError("不能为空" if f.kind != "choice" else "请选择")
        return None
    if f.kind in ("text", "longtext"):
        text = _as_text(value, cleaned=True)
        limit = f.max_length
        if len(text) > limit:
            raise FieldError(f"不能超过 {limit} 个字（现有 {len(text)} 个字）")
        if f.text_format == "phone":
            return normalize.parse_phone(text)
        if f.synonyms and f.suggestions:  # free text with common values: "讲座" is 专题讲座, "青松夜校" stays
            return normalize.match_choice(text, choices_for(f), f.synonyms) or text
        return text
    if f.kind == "date":
        return parse_date(value)
    if f.kind == "int":
        return _parse_number(value, f, integer=True)
    if f.kind == "decimal":
        return _parse_number(value, f, integer=False)
    if f.kind == "bool":
        return normalize.parse_bool(value)
    if f.kind == "choice":
        text = _as_text(value, cleaned=True)
        choice = normalize.match_choice(text, f.choices, f.synonyms)
        if choice is None:
            raise FieldError(f"“{_short(text)}”不是可选项，可选：{'、'.join(f.choices)}")
        return choice
    if f.kind == "tags":
        text = _parse_tags(value)
        if len(text) > 500:
            raise FieldError("内容过长（不能超过 500 个字）")
        return text or None
    if f.kind == "ref":
        if resolve_ref is None:
            raise FieldError("无法核对引用的记录")
        if isinstance(value, bool | float | list | tuple | dict | set | bytes | bytearray):
            raise FieldError("应为名称")
        if isinstance(value, str):
            value = normalize.clean_text(value)
            if not value:
                return None
        return resolve_ref(f.ref, value)
    raise FieldError(f"未知的字段类型 {f.kind}")


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# Cross-field rules, per record kind: each returns {field: message} for what is wrong.
CrossRule = Callable[[Mapping[str, object]], dict[str, str]]


def _after(later: str, earlier: str, message: str) -> CrossRule:
    def rule(values: Mapping[str, object]) -> dict[str, str]:
        a, b = values.get(later), values.get(earlier)
        if a is not None and b is not None and a < b:  # type: ignore[operator]
            return {later: message}
        return {}

    return rule


def _solved_not_more_than_found(values: Mapping[str, object]) -> dict[str, str]:
    found, solved = values.get("problems_found"), values.get("problems_solved")
    if found is not None and solved is not None and solved > found:  # type: ignore[operator]
        return {"problems_solved": "解决问题数不能多于发现问题数"}
    return {}


def _dispute_status_matches_closed_date(values: Mapping[str, object]) -> dict[str, str]:
    status, closed = values.get("status"), values.get("closed_date")
    if status in DISPUTE_OPEN_STATUSES and closed is not None:
        return {"closed_date": f"状态为“{status}”的纠纷还没有办结，办结日期应留空（或先修改状态）"}
    if status not in DISPUTE_OPEN_STATUSES and status is not None and closed is None:
        return {"closed_date": f"状态为“{status}”时请填写办结日期"}
    return {}


def _feedback_needs_closed(values: Mapping[str, object]) -> dict[str, str]:
    if values.get("feedback") in ("满意", "基本满意", "不满意") and values.get("closed_date") is None:
        return {"feedback": "尚未办结的工单不能填写回访结果"}
    return {}


CROSS_RULES: dict[str, tuple[CrossRule, ...]] = {
    "supervision": (_solved_not_more_than_found,),
    "dispute": (
        _after("closed_date", "received_date", "办结日期不能早于受理日期"),
        _dispute_status_matches_closed_date,
    ),
    "hotline": (
        _after("due_date", "received_date", "办理时限不能早于受理日期"),
        _after("closed_date", "received_date", "办结日期不能早于受理日期"),
        _feedback_needs_closed,
    ),
    "review": (_after("completed_date", "received_date", "办结日期不能早于收件日期"),),
    "lecturer": (_after("left_on", "appointed_on", "离任日期不能早于聘任日期"),),
}


def clean_record(
    spec: RecordSpec | SettingsSpec,
    data: Mapping[str, object],
    *,
    partial: bool = False,
    existing: Mapping[str, object] | None = None,
    resolve_ref: Callable[[str, object], int] | None = None,
) -> dict[str, object]:
    """Validate ``data`` against ``spec``; return the values to store or raise ``ValidationError``.

    With ``partial``, fields missing from ``data`` keep their ``existing`` values (an update that
    changes one field still checks the rules that involve the others).
    """
    fields = spec.all_fields if isinstance(spec, RecordSpec) else spec.fields
    labels = {f.name: f.label for f in fields}
    unknown = [k for k in data if k not in labels]
    errors: dict[str, str] = {k: "不是此类记录的字段" for k in unknown}
    cleaned: dict[str, object] = {}
    for f in fields:
        if partial and f.name not in data:
            if existing is not None and f.name in existing:
                cleaned[f.name] = existing[f.name]
            continue
        try:
            cleaned[f.name] = clean_value(f, data.get(f.name), resolve_ref)
        except FieldError as exc:
            errors[f.name] = str(exc)
    if isinstance(spec, RecordSpec):
        for rule in CROSS_RULES.get(spec.kind, ()):
            for name, message in rule(cleaned).items():
                errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors, labels)
    return cleaned
