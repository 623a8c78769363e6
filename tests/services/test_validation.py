"""Validation derived from the record descriptions: every field kind, cross-field rules, messages.

Field-level checks use ``clean_value`` with the real ``FieldSpec`` objects of ``lawdesk.schema``;
record-level checks use ``clean_record`` (and, for references, the ``db`` fixture so that
``records.resolve_ref`` has something to find).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from lawdesk.errors import ValidationError
from lawdesk.schema import (
    DISPUTE_STATUSES,
    UNIT_PROFILE,
    FieldSpec,
    spec_for,
)
from lawdesk.services import records
from lawdesk.services.validation import FieldError, clean_record, clean_value, parse_date
from tests.builders import dispute_data as valid_dispute

CJK = re.compile(r"[\u4e00-\u9fff]")

MEETING = spec_for("meeting")
STUDY = spec_for("study")
DISPUTE = spec_for("dispute")
HOTLINE = spec_for("hotline")
SUPERVISION = spec_for("supervision")
LECTURER = spec_for("lecturer")
REVIEW = spec_for("review")


def field_error(f: FieldSpec, value: object) -> str:
    with pytest.raises(FieldError) as info:
        clean_value(f, value, None)
    message = str(info.value)
    assert CJK.search(message), f"message not in Chinese: {message!r}"
    return message


def record_errors(spec, data, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        clean_record(spec, data, **kwargs)
    return info.value




def valid_hotline(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "channel": "12345市长热线",
        "received_date": "2022-05-01",
        "due_date": "2022-05-08",
        "summary": "小区路灯不亮",
        "closed_date": "2022-05-04",
        "feedback": "满意",
    }
    data.update(over)
    return data


# ---------------------------------------------------------------------------------------------
# text


def test_text_is_stripped_and_limited_to_max_length() -> None:
    title = MEETING.field("title")
    assert clean_value(title, "  法治建设专题会议  ", None) == "法治建设专题会议"
    assert clean_value(title, "字" * title.max_length, None) == "字" * title.max_length
    message = field_error(title, "字" * (title.max_length + 1))
    assert str(title.max_length) in message
    assert str(title.max_length + 1) in message  # tells how long the text is


def test_longtext_limit() -> None:
    remarks = MEETING.field("remarks")
    assert clean_value(remarks, "备" * 2000, None) == "备" * 2000
    field_error(remarks, "备" * 2001)


def test_required_text_rejects_blank_and_optional_text_becomes_none() -> None:
    title = MEETING.field("title")
    for blank in (None, "", "   ", " \t", "\u3000"):
        assert "不能为空" in field_error(title, blank)
    assert clean_value(MEETING.field("chair"), "  ", None) is None


def test_text_accepts_non_string_input() -> None:
    assert clean_value(MEETING.field("title"), 12345, None) == "12345"


# ---------------------------------------------------------------------------------------------
# date


@pytest.mark.parametrize(
    "raw",
    [
        "2022-03-15",
        "2022/3/15",
        "2022年3月15日",
        "2022年03月15日",
        " 2022-3-15 ",
        "2022.3.15",
        "20220315",
        "２０２２－０３－１５",
        "2022-03-15 00:00:00",
        44635,
        44635.0,
        dt.date(2022, 3, 15),
        dt.datetime(2022, 3, 15, 10, 30),
    ],
)
def test_date_formats_accepted(raw: object) -> None:
    assert clean_value(MEETING.field("date"), raw, None) == dt.date(2022, 3, 15)


def test_datetime_becomes_a_plain_date() -> None:
    value = parse_date(dt.datetime(2022, 3, 15, 23, 59))
    assert type(value) is dt.date


@pytest.mark.parametrize("raw", ["2022-13-45", "2022-02-30", "abc", "15/3/2022", "2022-03", "20221345", "2022315"])
def test_date_formats_rejected(raw: str) -> None:
    message = field_error(MEETING.field("date"), raw)
    assert "日期" in message


@pytest.mark.parametrize("raw", ["1999-12-31", "2100-01-01", dt.date(1990, 5, 1)])
def test_date_out_of_range(raw: object) -> None:
    message = field_error(MEETING.field("date"), raw)
    assert "2000-01-01" in message and "2099-12-31" in message


def test_date_range_bounds_are_inclusive() -> None:
    f = MEETING.field("date")
    assert clean_value(f, "2000-01-01", None) == dt.date(2000, 1, 1)
    assert clean_value(f, "2099-12-31", None) == dt.date(2099, 12, 31)


def test_required_date_missing() -> None:
    assert "不能为空" in field_error(MEETING.field("date"), "")
    assert clean_value(DISPUTE.field("closed_date"), "", None) is None


# ---------------------------------------------------------------------------------------------
# int and decimal


def test_int_accepts_numbers_and_numeric_text() -> None:
    f = MEETING.field("participants")
    assert clean_value(f, "35", None) == 35
    assert clean_value(f, 35, None) == 35
    assert clean_value(f, 35.0, None) == 35
    assert clean_value(f, "3.0", None) == 3
    assert clean_value(f, "1,200", None) == 1200
    assert clean_value(f, " 0 ", None) == 0
    assert isinstance(clean_value(f, "35", None), int)


@pytest.mark.parametrize("raw", ["3.5", "abc", "一二三", "3O人", "1e2", "三点五", 3.5])
def test_int_rejects_non_integers(raw: object) -> None:
    assert "整数" in field_error(MEETING.field("participants"), raw)


@pytest.mark.parametrize(("raw", "number"), [("十五", 15), ("１５", 15), ("两百", 200), ("一百零五", 105),
                                             ("壹佰", 100), ("十", 10)])
def test_int_reads_full_width_digits_and_chinese_numerals(raw: str, number: int) -> None:
    assert clean_value(MEETING.field("participants"), raw, None) == number


def test_int_rejects_negative_and_above_max() -> None:
    f = MEETING.field("participants")
    assert "不能小于 0" in field_error(f, "-1")
    assert clean_value(f, f.max_value, None) == f.max_value
    message = field_error(f, int(f.max_value) + 1)
    assert f"不能大于 {int(f.max_value)}" in message


def test_int_rejects_bool() -> None:
    field_error(MEETING.field("participants"), True)


@pytest.mark.parametrize("raw", ["inf", "Infinity", "-inf"])
def test_int_rejects_infinity_with_a_message(raw: str) -> None:
    """Text pasted from a spreadsheet may read "inf"; it must be a FieldError, not a crash."""
    field_error(MEETING.field("participants"), raw)


def test_decimal_values() -> None:
    f = STUDY.field("hours")
    assert clean_value(f, "1.5", None) == Decimal("1.5")
    assert clean_value(f, 2, None) == Decimal(2)
    assert clean_value(f, "100", None) == Decimal(100)
    assert "不能大于 100" in field_error(f, "100.5")
    assert "不能小于 0" in field_error(f, "-0.5")
    assert "数字" in field_error(f, "一个半")


@pytest.mark.parametrize("raw", ["nan", "NaN", "sNaN"])
def test_decimal_rejects_nan_with_a_message(raw: str) -> None:
    """"nan" must give the clerk a Chinese message, not a decimal.InvalidOperation traceback."""
    field_error(STUDY.field("hours"), raw)


def test_record_with_nan_hours_raises_validation_error() -> None:
    data = {"date": "2022-01-01", "form": "集中学法", "topic": "民法典", "hours": "nan"}
    err = record_errors(STUDY, data)
    assert set(err.errors) == {"hours"}


# ---------------------------------------------------------------------------------------------
# bool


@pytest.mark.parametrize("raw", ["是", "1", 1, True, "true", "√"])
def test_bool_true(raw: object) -> None:
    assert clean_value(MEETING.field("on_rule_of_law"), raw, None) is True


@pytest.mark.parametrize("raw", ["否", "0", 0, False, "false", "×"])
def test_bool_false(raw: object) -> None:
    assert clean_value(MEETING.field("on_rule_of_law"), raw, None) is False


def test_bool_blank_takes_the_default() -> None:
    assert clean_value(MEETING.field("on_rule_of_law"), "", None) is True  # default=True
    assert clean_value(MEETING.field("is_principal_led"), None, None) is False


@pytest.mark.parametrize("raw", ["也许", "maybe", "2"])
def test_bool_rejects_garbage(raw: str) -> None:
    message = field_error(MEETING.field("on_rule_of_law"), raw)
    assert "是" in message and "否" in message


# ---------------------------------------------------------------------------------------------
# choice


def test_choice_accepts_listed_value() -> None:
    assert clean_value(MEETING.field("kind"), " 警示教育大会 ", None) == "警示教育大会"


def test_choice_not_in_list_lists_the_choices_in_chinese() -> None:
    f = MEETING.field("kind")
    message = field_error(f, "茶话会")
    assert "茶话会" in message
    assert "可选" in message
    for choice in f.choices:
        assert choice in message


def test_required_choice_missing_asks_to_choose() -> None:
    assert "请选择" in field_error(MEETING.field("kind"), "")


# ---------------------------------------------------------------------------------------------
# tags


@pytest.mark.parametrize(
    "raw",
    [
        "宪法、民法典",
        "宪法,民法典",
        "宪法，民法典",
        "宪法、 民法典、宪法",
        "《宪法》、《民法典》",
        "宪法；民法典",
        ["宪法", "民法典", "宪法"],
        "、宪法、、民法典、",
    ],
)
def test_tags_split_and_dedup(raw: object) -> None:
    assert clean_value(STUDY.field("laws_studied"), raw, None) == "宪法、民法典"


def test_tags_keep_first_seen_order() -> None:
    f = STUDY.field("laws_studied")
    assert clean_value(f, "民法典，宪法、民法典,禁毒法", None) == "民法典、宪法、禁毒法"


def test_tags_only_separators_become_none_and_long_tags_rejected() -> None:
    f = STUDY.field("laws_studied")
    assert clean_value(f, "、，,", None) is None
    many = "、".join(f"法律{i:03d}" for i in range(120))  # > 500 characters
    assert "500" in field_error(f, many)


# ---------------------------------------------------------------------------------------------
# ref


def test_ref_by_id_and_by_name(db) -> None:
    community = records.create("community", {"name": "龙潭社区"})
    f = MEETING.field("community")
    assert clean_value(f, community.id, records.resolve_ref) == community.id
    assert clean_value(f, str(community.id), records.resolve_ref) == community.id
    assert clean_value(f, " 龙潭社区 ", records.resolve_ref) == community.id
    assert clean_value(f, community, records.resolve_ref) == community.id


def test_ref_missing_gives_message_naming_the_record_type(db) -> None:
    records.create("community", {"name": "龙潭社区"})
    f = MEETING.field("community")
    with pytest.raises(FieldError) as info:
        clean_value(f, "不存在社区", records.resolve_ref)
    assert "不存在社区" in str(info.value)
    assert "社区与阵地" in str(info.value)
    with pytest.raises(FieldError):
        clean_value(f, 999, records.resolve_ref)


def test_ref_to_deleted_record_is_missing(db) -> None:
    community = records.create("community", {"name": "龙潭社区"})
    records.delete("community", community.id)
    with pytest.raises(FieldError):
        clean_value(MEETING.field("community"), "龙潭社区", records.resolve_ref)


def test_ref_error_in_record_is_keyed_by_field(db) -> None:
    data = {"date": "2022-01-01", "kind": "部署会", "title": "部署", "community": "无名社区"}
    err = record_errors(MEETING, data, resolve_ref=records.resolve_ref)
    assert set(err.errors) == {"community"}
    assert "所属社区" in err.message


# ---------------------------------------------------------------------------------------------
# Cross-field rules


def test_valid_dispute_and_hotline_pass() -> None:
    cleaned = clean_record(DISPUTE, valid_dispute())
    assert cleaned["closed_date"] == dt.date(2022, 3, 5)
    assert cleaned["status"] == "调解成功"
    assert clean_record(HOTLINE, valid_hotline())["feedback"] == "满意"


@pytest.mark.parametrize("status", ["受理", "调解中"])
def test_open_dispute_must_not_have_closed_date(status: str) -> None:
    err = record_errors(DISPUTE, valid_dispute(status=status))
    assert set(err.errors) == {"closed_date"}
    assert status in err.errors["closed_date"]
    assert "办结日期" in err.message
    assert clean_record(DISPUTE, valid_dispute(status=status, closed_date=""))["closed_date"] is None


@pytest.mark.parametrize("status", [s for s in DISPUTE_STATUSES if s not in ("受理", "调解中")])
def test_finished_dispute_needs_closed_date(status: str) -> None:
    err = record_errors(DISPUTE, valid_dispute(status=status, closed_date=None))
    assert set(err.errors) == {"closed_date"}
    assert "请填写办结日期" in err.errors["closed_date"]


def test_dispute_closed_before_received() -> None:
    err = record_errors(DISPUTE, valid_dispute(closed_date="2022-02-28"))
    assert err.errors == {"closed_date": "办结日期不能早于受理日期"}
    # same day is fine
    assert clean_record(DISPUTE, valid_dispute(closed_date="2022-03-01"))


def test_hotline_due_before_received() -> None:
    err = record_errors(HOTLINE, valid_hotline(due_date="2022-04-30"))
    assert set(err.errors) == {"due_date"}
    assert "办理时限" in err.message


def test_hotline_closed_before_received() -> None:
    err = record_errors(HOTLINE, valid_hotline(closed_date="2022-04-30"))
    assert set(err.errors) == {"closed_date"}
    assert "受理日期" in err.errors["closed_date"]


def test_hotline_feedback_without_closed_date() -> None:
    err = record_errors(HOTLINE, valid_hotline(closed_date=None, feedback="基本满意"))
    assert set(err.errors) == {"feedback"}
    assert "回访结果" in err.message
    # "未回访" on an open case is fine
    assert clean_record(HOTLINE, valid_hotline(closed_date=None, feedback="未回访"))["feedback"] == "未回访"


def test_problems_solved_more_than_found() -> None:
    base = {"date": "2022-04-01", "kind": "督查", "subject": "安全生产督查"}
    err = record_errors(SUPERVISION, dict(base, problems_found=2, problems_solved=3))
    assert set(err.errors) == {"problems_solved"}
    assert "解决问题(个)" in err.message
    assert clean_record(SUPERVISION, dict(base, problems_found=3, problems_solved=3))["problems_solved"] == 3


def test_lecturer_left_before_appointed() -> None:
    base = {"name": "罗文静", "unit": "司法所", "appointed_on": "2021-03-01"}
    err = record_errors(LECTURER, dict(base, left_on="2021-02-28"))
    assert set(err.errors) == {"left_on"}
    assert "离任日期" in err.message
    assert clean_record(LECTURER, dict(base, left_on="2021-03-01"))["left_on"] == dt.date(2021, 3, 1)


def test_review_completed_before_received() -> None:
    base = {"received_date": "2022-06-01", "title": "合同审查", "category": "行政机关合同"}
    err = record_errors(REVIEW, dict(base, completed_date="2022-05-01"))
    assert set(err.errors) == {"completed_date"}


def test_partial_clean_checks_rules_against_existing_values() -> None:
    existing = clean_record(DISPUTE, valid_dispute())
    err = record_errors(DISPUTE, {"status": "调解中"}, partial=True, existing=existing)
    assert set(err.errors) == {"closed_date"}
    cleaned = clean_record(DISPUTE, {"summary": "改过的概要"}, partial=True, existing=existing)
    assert cleaned["summary"] == "改过的概要"
    assert cleaned["closed_date"] == existing["closed_date"]


def test_partial_clean_does_not_require_missing_fields() -> None:
    cleaned = clean_record(MEETING, {"chair": "张健平"}, partial=True, existing={})
    assert cleaned == {"chair": "张健平"}


# ---------------------------------------------------------------------------------------------
# Messages and unknown fields


def test_all_errors_reported_at_once_with_chinese_labels() -> None:
    data = {"date": "abc", "kind": "茶话会", "title": "", "participants": "-3"}
    err = record_errors(MEETING, data)
    assert set(err.errors) == {"date", "kind", "title", "participants"}
    assert err.message.startswith("请修正以下内容后再保存")
    for name in err.errors:
        label = MEETING.field(name).label
        assert f"{label}：{err.errors[name]}" in err.message
        assert CJK.search(err.errors[name])
    assert "participants" not in err.message  # labels, never column names


def test_unknown_fields_rejected() -> None:
    data = {"date": "2022-01-01", "kind": "部署会", "title": "部署", "colour": "红", "id": 5}
    err = record_errors(MEETING, data)
    assert set(err.errors) == {"colour", "id"}
    assert "不是此类记录的字段" in err.errors["colour"]


def test_common_fields_only_on_record_types_that_have_them() -> None:
    # lecturers carry no 所属社区
    data = {"name": "罗文静", "unit": "司法所", "appointed_on": "2021-03-01", "community": 1}
    err = record_errors(LECTURER, data)
    assert set(err.errors) == {"community"}


def test_unit_profile_validation() -> None:
    err = record_errors(UNIT_PROFILE, {"unit_name": "", "next_doc_number": "0"})
    assert {"unit_name", "next_doc_number", "party_organ"} <= set(err.errors)
    assert "单位简称" in err.message
    assert "不能小于 1" in err.errors["next_doc_number"]


PHONE_FIELDS = [spec_for("lecturer").field("phone"), spec_for("dispute").field("party_phone")]


@pytest.mark.parametrize("f", PHONE_FIELDS, ids=lambda f: f.name)
@pytest.mark.parametrize("raw", ["1380000abcd", "138000O1234", "电话13800001234", "1380000123", "12345",
                                 "13800001234、abc"])
def test_a_phone_field_refuses_what_is_not_a_phone_number(f: FieldSpec, raw: str) -> None:
    message = field_error(f, raw)
    assert "电话号码" in message or "手机号码" in message


@pytest.mark.parametrize(("raw", "stored"), [
    ("13800001234", "13800001234"), ("138 0000 1234", "138 0000 1234"), ("0591-87654321", "0591-87654321"),
    ("（0591）87654321转123", "(0591)87654321转123"), ("１３８００００１２３４", "13800001234"),
    ("13800001234、0591-87654321", "13800001234、0591-87654321"), ("+86 13800001234", "+86 13800001234"),
])
def test_a_phone_field_keeps_the_ways_clerks_write_numbers(raw: str, stored: str) -> None:
    assert clean_value(PHONE_FIELDS[1], raw, None) == stored


def test_a_record_with_a_bad_phone_is_refused_by_the_service_as_by_the_form(db) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as info:
        records.create("lecturer", {"name": "王小明", "appointed_on": "2023-01-01", "phone": "1380000abcd"})
    assert "phone" in info.value.errors
    assert records.count("lecturer") == 0
