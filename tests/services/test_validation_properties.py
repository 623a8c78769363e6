"""Property tests (hypothesis) over validation and date parsing: arbitrary input, never a crash.

Whatever a clerk types or a spreadsheet holds — control characters, lone surrogates, emoji,
rare CJK, very long text, lists, bytes, nan — ``clean_value`` / ``clean_record`` either return a
value that a .docx can hold or raise an error with a Chinese message. Nothing else.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawdesk import normalize
from lawdesk.errors import ValidationError
from lawdesk.schema import RECORD_SPECS, UNIT_PROFILE, spec_for
from lawdesk.services.validation import FieldError, clean_record, clean_value, parse_date

CJK = re.compile(r"[\u4e00-\u9fff]")
XML_BAD = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
ALL_FIELDS = [f for spec in RECORD_SPECS for f in spec.all_fields if f.kind != "ref"] + list(UNIT_PROFILE.fields)

texts = st.one_of(
    st.text(),  # every code point hypothesis likes, surrogates included
    st.text(alphabet=st.characters(codec=None, categories=("Cc", "Cs", "Cf", "Zs", "So", "Lo"))),
    st.text(alphabet="\u200b\u200c\u200d\ufeff \u3000\t\n\r"),
    st.sampled_from(["\U0001f600会议", "𠀀𪚥𰻞", "\x07标题", "\ud800", "\uffff", "1,5", "nan", "inf", "2", "-0", "1e400"]),
    st.text(min_size=300, max_size=3000),
)
values = st.one_of(
    texts,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _check_clean(result: object) -> None:
    if isinstance(result, str):
        assert not XML_BAD.search(result)
        assert result == result.strip() or "\n" in result
    elif isinstance(result, float):
        assert math.isfinite(result)
    elif isinstance(result, Decimal):
        assert result.is_finite()
    else:
        assert result is None or isinstance(result, bool | int | dt.date)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0, max_value=len(ALL_FIELDS) - 1), value=values)
def test_clean_value_gives_a_storable_value_or_a_chinese_error(index: int, value: object) -> None:
    f = ALL_FIELDS[index]
    try:
        result = clean_value(f, value, None)
    except FieldError as exc:
        assert CJK.search(str(exc)), repr(exc)
        return
    _check_clean(result)
    if f.kind == "bool":
        assert isinstance(result, bool)
        if not isinstance(value, bool) and value is not None and not normalize.is_blank(value):
            assert value in (0, 1) or isinstance(value, str)
    if f.kind == "choice" and result is not None:
        assert result in f.choices
    if f.kind in ("int", "decimal") and result is not None:
        assert not isinstance(value, list | dict | bytes | bool)


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_parse_date_gives_a_date_in_range_or_a_chinese_error(value: object) -> None:
    try:
        result = parse_date(value)
    except FieldError as exc:
        assert CJK.search(str(exc))
        return
    assert isinstance(result, dt.date) and not isinstance(result, dt.datetime)
    assert dt.date(2000, 1, 1) <= result <= dt.date(2099, 12, 31)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
       style=st.sampled_from(["{y}-{m}-{d}", "{y}/{m:02d}/{d:02d}", "{y}年{m}月{d}日", "{y}.{m}.{d}", "{y}{m:02d}{d:02d}"]))
def test_every_written_form_of_a_date_reads_back(day: dt.date, style: str) -> None:
    text = style.format(y=day.year, m=day.month, d=day.day)
    assert parse_date(text) == day
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.sampled_from([f.name for f in spec_for("dispute").all_fields] + ["extra"]), values,
                            max_size=8))
def test_clean_record_never_crashes(data: dict[str, object]) -> None:
    try:
        cleaned = clean_record(spec_for("dispute"), data, resolve_ref=lambda kind, v: 1)
    except ValidationError as exc:
        assert CJK.search(exc.message)
        assert all(CJK.search(m) for m in exc.errors.values())
        return
    for value in cleaned.values():
        _check_clean(value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("标题\x07", "控制字符"), ("\x00", "控制字符"), ("a\uffffb", "U+FFFF"), ("x\ud800", "代理字符"), ("\x1b[0m", "U+001B")],
)
def test_characters_a_document_cannot_hold_are_refused_naming_the_field(value: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        clean_record(spec_for("honor"), {"date": "2022-01-01", "title": value, "holder": "街道", "level": "省级"})
    assert "荣誉名称" in info.value.message and fragment in info.value.message


def test_tab_and_newline_are_kept_and_crlf_unified() -> None:
    f = spec_for("meeting").field("remarks")
    assert clean_value(f, "第一行\r\n第二行\t完", None) == "第一行\n第二行\t完"


@pytest.mark.parametrize("value", ["\u200b", " \u3000 ", "\ufeff\u200d", "\t\n"])
def test_whitespace_or_zero_width_only_is_empty(value: str) -> None:
    with pytest.raises(FieldError) as info:
        clean_value(spec_for("meeting").field("title"), value, None)
    assert "不能为空" in str(info.value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2, -1, 0.5, "2", "maybe", [1], b"1", {"a": 1}])
def test_yes_no_takes_only_booleans_and_their_spellings(value: object) -> None:
    with pytest.raises(FieldError):
        clean_value(spec_for("meeting").field("on_rule_of_law"), value, None)


@pytest.mark.parametrize(("value", "expected"), [("是", True), ("否", False), ("√", True), ("×", False), (1, True),
                                                 (0, False), ("Y", True), ("n", False), (True, True), ("ｙ", True)])
def test_yes_no_spellings(value: object, expected: bool) -> None:
    assert clean_value(spec_for("meeting").field("on_rule_of_law"), value, None) is expected


@pytest.mark.parametrize("value", ["1,5", "1，5", [15], {"n": 15}, b"15", "15人", float("nan"), "1e400"])
def test_numbers_take_only_numbers(value: object) -> None:
    with pytest.raises(FieldError) as info:
        clean_value(spec_for("study").field("hours"), value, None)
    assert CJK.search(str(info.value))


def test_grouped_thousands_are_numbers() -> None:
    assert clean_value(spec_for("lecture").field("materials"), "1,500", None) == 1500


@pytest.mark.parametrize("value", [["a"], {"a": 1}, b"bytes", object()])
def test_text_fields_refuse_containers(value: object) -> None:
    with pytest.raises(FieldError):
        clean_value(spec_for("meeting").field("title"), value, None)
