"""What clerks write as headers, and how a sheet's type is decided (the issue counted 学法 10/25,
巡逻 3/12, 热线 8/18 recognised before): every header below must name its field."""

from __future__ import annotations

import pytest

from lawdesk.excel import headers
from lawdesk.schema import RECORD_SPECS, spec_for

CLERK_HEADERS = {
    "study": {
        "培训时间": "date", "学习时间": "date", "学法时间": "date", "日期": "date", "学习形式": "form", "形式": "form",
        "学习方式": "form", "培训内容": "topic", "学习内容": "topic", "学习主题": "topic", "课程": "topic",
        "参训人数": "participants", "参学人数": "participants", "参加人数（人）": "participants",
        "人数": "participants", "学时": "hours", "课时": "hours", "时长": "hours", "主讲人": "speaker",
        "授课人": "speaker", "学习对象": "audience_level", "参训对象": "audience_level", "学习法律法规": "laws_studied",
        "备注": "remarks", "带队领导": "leader",
    },
    "patrol": {
        "巡逻日期": "date", "巡逻时间": "date", "巡逻地点": "area", "巡逻区域": "area", "巡逻路线": "area",
        "巡逻人数": "persons", "出动人数": "persons", "出动人次": "persons", "巡逻队伍": "team",
        "联合单位": "partner_units", "发现隐患": "hazards_found", "发现纠纷": "disputes_found",
    },
    "hotline": {
        "工单号": "ticket_no", "工单编号": "ticket_no", "来电时间": "received_date", "受理时间": "received_date",
        "派单时间": "received_date", "交办时间": "received_date", "办理时限": "due_date", "办结时限": "due_date",
        "诉求内容": "summary", "来电内容": "summary", "反映问题": "summary", "诉求类别": "category",
        "问题类型": "category", "承办单位": "handler", "责任单位": "handler", "办结时间": "closed_date",
        "回访情况": "feedback", "满意度": "feedback",
    },
    "meeting": {"会议时间": "date", "会议日期": "date", "会议地点": "location", "会议名称": "title",
                "会议内容": "title", "参会人数": "participants", "主持人": "chair", "会议类型": "kind"},
    "honor": {"获奖单位/个人": "holder", "获奖时间": "date", "荣誉名称": "title", "级别": "level",
              "颁发单位": "awarded_by"},
    "dispute": {"受理日期": "received_date", "登记时间": "received_date", "纠纷类型": "dispute_type",
                "简要情况": "summary", "调解结果": "status", "结案日期": "closed_date", "办结时间": "closed_date",
                "当事人": "parties_names", "身份证号码": "party_id_number", "调解员": "mediator"},
    "lecture": {"宣讲日期": "date", "活动时间": "date", "活动主题": "topic", "宣传阵地": "venue_type",
                "活动地点": "venue", "覆盖人数": "audience", "发放资料（份）": "materials"},
    "supervision": {"督查时间": "date", "调研时间": "date", "事由": "subject", "主题": "subject",
                    "发现问题数": "problems_found", "已整改": "problems_solved"},
    "review": {"送审日期": "received_date", "文件名称": "title", "审查意见": "result",
               "是否出具法律意见书": "opinion_letter"},
}


@pytest.mark.parametrize(("kind", "header", "name"),
                         [(k, h, n) for k, table in CLERK_HEADERS.items() for h, n in table.items()])
def test_clerks_headers_name_their_fields(kind: str, header: str, name: str) -> None:
    f = headers.field_for_header(spec_for(kind), header)
    assert f is not None and f.name == name, (header, f)


def test_every_label_and_alias_names_its_own_field() -> None:
    for spec in RECORD_SPECS:
        for f in spec.all_fields:
            assert headers.field_for_header(spec, f.label).name == f.name, (spec.kind, f.label)


@pytest.mark.parametrize(("sheet", "title", "file", "kind"), [
    ("Sheet1", "2022年治安巡逻登记表", "台账.xlsx", "patrol"),
    ("工作表1", "", "2022年12345工单.xlsx", "hotline"),
    ("2019年", "金兰山街道2019年学法用法情况台账", "x.xlsx", "study"),
    ("普法宣讲员名册", "", "x.xlsx", "lecturer"),
])
def test_the_type_comes_from_the_title_sheet_or_file_name_as_well(sheet: str, title: str, file: str, kind: str) -> None:
    top = [(title,), ("日期", "地点", "人数", "内容", "备注")] if title else [("日期", "地点", "人数", "内容", "备注")]
    if kind == "lecturer":
        top = [("姓名", "单位", "聘任日期")]
    assert headers.decide_kind(top, sheet, file).kind == kind
