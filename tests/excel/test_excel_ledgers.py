"""The ledgers clerks already keep come in: their headers, words, rows and file formats.

Each test builds one clerk-style 台账 — with openpyxl as Excel would save it, or by hand-written
XML as WPS 表格 saves it (``tests/wps.py``), or as .xls / .et / .csv — imports it into an empty
database and checks the counts and the stored values, the rows listed as skipped (with their
row numbers) and the readings listed for the preview.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from lawdesk.errors import LawdeskError
from lawdesk.excel import importer, mappings, reader
from lawdesk.models import RECORD_MODELS
from lawdesk.services import records
from tests import wps

D = dt.date


def live(kind: str) -> list:
    model = RECORD_MODELS[kind]
    return list(model.select().where(model.deleted_at.is_null()).order_by(model.id))


def book(path: Path, sheets: dict[str, list[list[object]]], *, merges: dict[str, list[str]] | None = None,
         hidden_rows: dict[str, list[int]] | None = None, hidden_sheets: tuple[str, ...] = ()) -> Path:
    """A workbook as Excel saves it (openpyxl, normal mode)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        for r in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def check(path: Path, **options: object) -> importer.CheckResult:
    return importer.check(reader.read_workbook(path), **options)  # type: ignore[arg-type]


def imported(path: Path, plan: reader.WorkbookPlan | None = None) -> importer.CheckResult:
    result = importer.check(plan or reader.read_workbook(path))
    assert result.ok, [str(p) for p in result.problems]
    importer.commit(result)
    return result


def skipped(result: importer.CheckResult) -> dict[int, str]:
    return {s.row: s.reason for s in result.skipped_rows}


def notes(result: importer.CheckResult) -> str:
    return "\n".join(result.note_lines())


# --------------------------------------------------------------------------------------------
# 1–4. Headers: compound headers, "A/B" labels, the type from the title, sheet and file name


def test_01_patrol_sheet1_with_a_title_total_row_and_footer(db, tmp_path: Path) -> None:
    """A 治安巡逻 sheet called Sheet1 (once read as 学法培训), 合计 and a signature footer."""
    path = book(tmp_path / "台账.xlsx", {"Sheet1": [
        ["2022年治安巡逻登记表"],
        ["序号", "巡逻日期", "巡逻地点", "巡逻人数", "带队领导", "备注"],
        [1, "2022-01-05", "老街", "6人", "王书记", None],
        [2, "2022-01-12", "新村路", 8, "李主任", "无"],
        ["合计", None, None, 14, None, None],
        ["填表人：张三", None, "审核人：李四", None, None, None],
    ]}, merges={"Sheet1": ["A1:F1"]})
    sheet = reader.read_workbook(path).sheets[0]
    assert sheet.kind == "patrol" and sheet.header_rows == (2,) and "标题行" in sheet.reason
    assert [m for m in sheet.mapping] == [None, "date", "area", "persons", "leader", "remarks"]
    result = imported(path)
    patrols = live("patrol")
    assert [(p.date, p.area, p.persons, p.leader, p.remarks) for p in patrols] == [
        (D(2022, 1, 5), "老街", 6, "王书记", None), (D(2022, 1, 12), "新村路", 8, "李主任", "无")]
    assert skipped(result) == {5: "合计行", 6: "签名栏（审核人、填表人等）"}
    assert "“6人” → 6" in notes(result)


def test_02_hotline_tickets_named_by_the_file(db, tmp_path: Path) -> None:
    """A 12345 工单 sheet (once read as 矛盾纠纷): 来电时间, 办结时间, 非常满意, 渠道 given once."""
    path = book(tmp_path / "2022年12345工单台账.xlsx", {"工作表1": [
        ["工单编号", "来电时间", "办结时限", "诉求内容", "承办单位", "办结时间", "回访情况"],
        ["A2201001", "2022年3月1日上午", "2022-03-08", "路灯不亮", "城管科", "2022-03-04", "非常满意"],
        ["A2201002", "2022/3/2 14:30", "2022-03-09", "噪音扰民", "派出所", None, None],
    ]})
    plan = reader.read_workbook(path)
    sheet = plan.sheets[0]
    assert sheet.kind == "hotline" and "文件名" in sheet.reason
    assert [f.label for f in sheet.missing_required()] == ["渠道"]
    assert not importer.check(plan).ok
    sheet.set_constant("channel", "12345")
    result = imported(path, plan)
    cases = live("hotline")
    assert [(c.ticket_no, c.channel, c.received_date, c.due_date, c.closed_date, c.feedback) for c in cases] == [
        ("A2201001", "12345市长热线", D(2022, 3, 1), D(2022, 3, 8), D(2022, 3, 4), "满意"),
        ("A2201002", "12345市长热线", D(2022, 3, 2), D(2022, 3, 9), None, None)]
    assert "“非常满意” → 满意" in notes(result) and "2022年3月1日上午" in notes(result)


def test_03_study_with_training_headers_units_and_clerk_words(db, tmp_path: Path) -> None:
    """学法培训: 培训时间, 培训内容, 参训人数 45人, 学时 1.5小时, 机关干部, 讲座, 网上学法."""
    path = book(tmp_path / "学法.xlsx", {"2022年学法培训": [
        ["培训时间", "学习形式", "培训内容", "学习对象", "参训人数", "学时", "主讲人"],
        ["2022-02-10", "讲座", "民法典专题", "机关干部", "45人", "1.5小时", "赵律师"],
        ["2022-03-10", "网上学法", "宪法学习", "社区干部", "三十人", "2课时", None],
        ["2022-04-10", "集中学法", "行政处罚法", "班子成员", "200余人", "无", None],
    ]})
    result = imported(path)
    rows = live("study")
    assert [(s.date, s.form, s.topic, s.audience_level, s.participants, s.hours) for s in rows] == [
        (D(2022, 2, 10), "专题讲座", "民法典专题", "全体机关干部", 45, Decimal("1.5")),
        (D(2022, 3, 10), "线上学法", "宪法学习", "村(社区)干部", 30, Decimal("2")),
        (D(2022, 4, 10), "集中学法", "行政处罚法", "党工委班子", 200, Decimal("0"))]
    text = notes(result)
    assert "“200余人” → 200（原文为约数" in text and "“讲座” → 专题讲座" in text and "“机关干部” → 全体机关干部" in text


def test_04_honors_with_a_slash_label_and_district_level(db, tmp_path: Path) -> None:
    path = book(tmp_path / "荣誉.xlsx", {"获奖情况": [
        ["获奖时间", "荣誉名称", "获奖单位/个人", "级别", "颁发单位"],
        ["2022年12月", "平安街道", "金兰山街道", "区级", "区委政法委"],
        ["2022-06-01", "五星司法所", "司法所", "省", "省司法厅"],
    ]})
    result = imported(path)
    honors = live("honor")
    assert [(h.date, h.title, h.holder, h.level, h.awarded_by) for h in honors] == [
        (D(2022, 12, 1), "平安街道", "金兰山街道", "县级", "区委政法委"),
        (D(2022, 6, 1), "五星司法所", "司法所", "省级", "省司法厅")]
    assert "“2022年12月” → 2022-12-01（只有月份" in notes(result) and "“区级” → 县级" in notes(result)


def test_05_month_only_dates_follow_the_clerks_choice(db, tmp_path: Path) -> None:
    path = book(tmp_path / "荣誉.xlsx", {"荣誉": [["获得日期", "荣誉名称", "获得单位/个人", "级别"],
                                                 ["2022年12月", "平安街道", "街道", "市级"]]})
    plan = reader.read_workbook(path)
    plan.sheets[0].month_day = "last"
    imported(path, plan)
    assert live("honor")[0].date == D(2022, 12, 31)
    plan = reader.read_workbook(path)
    plan.sheets[0].month_day = "refuse"
    result = importer.check(plan)
    assert not result.ok and "只写了年月" in result.problems[0].message


def test_06_day_month_dates_under_a_year_in_the_title(db, tmp_path: Path) -> None:
    """普法宣讲 under “2022年度普法宣传台账”: 3月5日, 社区/学校 for 进社区/进学校."""
    path = book(tmp_path / "普法.xlsx", {"Sheet1": [
        ["金兰山街道2022年度普法宣传台账"],
        ["日期", "宣传主题", "宣传阵地", "地点", "受众人数", "发放资料"],
        ["3月5日", "学雷锋法律服务", "社区", "文化广场", "200余人", "300份"],
        ["12.4", "宪法宣传周", "学校", "实验小学", 500, "/"],
    ]})
    result = imported(path)
    lectures = live("lecture")
    assert [(x.date, x.topic, x.venue_type, x.venue, x.audience, x.materials) for x in lectures] == [
        (D(2022, 3, 5), "学雷锋法律服务", "进社区", "文化广场", 200, 300),
        (D(2022, 12, 4), "宪法宣传周", "进学校", "实验小学", 500, None)]
    assert "年份取自标题" in notes(result) and "“社区” → 进社区" in notes(result)


def test_07_day_month_without_any_year_is_refused_with_a_hint(db, tmp_path: Path) -> None:
    path = book(tmp_path / "普法.xlsx", {"普法": [["日期", "宣讲主题", "宣传阵地"], ["3月5日", "学雷锋", "进社区"]]})
    plan = reader.read_workbook(path)
    result = importer.check(plan)
    assert not result.ok and "没有年份" in result.problems[0].message
    plan.sheets[0].year = 2023  # the clerk gives the year in the preview
    imported(path, plan)
    assert live("lecture")[0].date == D(2023, 3, 5)


# --------------------------------------------------------------------------------------------
# 8–12. Rows: merged data cells, hidden rows and sheets, 序号-only and blank rows


def test_08_disputes_with_merged_cells_and_clerk_statuses(db, tmp_path: Path) -> None:
    """矛盾纠纷 written by WPS: merged 受理日期 and 调解员 over several rows, 已办结/结案, 家庭纠纷."""
    rows = [
        ["矛盾纠纷排查化解登记表"],
        ["序号", "受理日期", "纠纷类型", "简要情况", "调解员", "调解结果", "结案日期"],
        [1, D(2022, 5, 6), "家庭纠纷", "赡养纠纷", "周调解员", "已办结", D(2022, 5, 9)],
        [2, None, "土地纠纷", "地界纠纷", None, "结案", D(2022, 5, 12)],
        [3, None, "宅基地纠纷", "宅基地边界", None, "调解中", None],
        [4, D(2022, 6, 1), "邻里", "噪音", "吴调解员", "未化解", D(2022, 6, 3)],
    ]
    path = wps.write(tmp_path / "纠纷.xlsx", [wps.Sheet("纠纷", rows, merges=["A1:G1", "B3:B5", "E3:E5"])])
    result = imported(path)
    disputes = live("dispute")
    assert [(d.received_date, d.dispute_type, d.mediator, d.status, d.closed_date) for d in disputes] == [
        (D(2022, 5, 6), "婚姻家庭", "周调解员", "调解成功", D(2022, 5, 9)),
        (D(2022, 5, 6), "土地山林", "周调解员", "调解成功", D(2022, 5, 12)),
        (D(2022, 5, 6), "房屋宅基地", "周调解员", "调解中", None),
        (D(2022, 6, 1), "邻里纠纷", "吴调解员", "调解不成", D(2022, 6, 3))]
    assert "“已办结” → 调解成功" in notes(result) and "“家庭纠纷” → 婚姻家庭" in notes(result)


def test_09_hidden_rows_and_a_hidden_sheet_are_listed_and_left_out_unless_ticked(db, tmp_path: Path) -> None:
    path = wps.write(tmp_path / "会议.xlsx", [
        wps.Sheet("会议", [["会议时间", "会议类型", "会议名称", "参会人数"],
                           [D(2022, 3, 1), "专题会", "法治专题会", 20],
                           [D(2022, 3, 2), "部署会", "作废的一行", 10],
                           [D(2022, 3, 3), "推进会", "法治推进会", 15]], hidden_rows={3}),
        wps.Sheet("旧会议", [["会议时间", "会议类型", "会议名称"], [D(2021, 3, 1), "部署会", "去年的会"]], state="hidden"),
    ])
    plan = reader.read_workbook(path)
    old = plan.sheets[1]
    assert old.hidden and not old.include and old.kind == "meeting" and "隐藏的工作表" in old.note
    assert plan.sheets[0].hidden_data_rows == [3] and plan.row_count == 2
    result = importer.check(plan)
    assert result.to_create == 2 and skipped(result) == {3: "隐藏的行"}
    plan.sheets[0].include_hidden_rows = True
    old.include = True
    imported(path, plan)
    assert {m.title for m in live("meeting")} == {"作废的一行", "去年的会", "法治推进会", "法治专题会"}


def test_10_serial_only_and_blank_rows_are_skipped_with_their_numbers(db, tmp_path: Path) -> None:
    rows = [["序号", "日期", "会议类型", "会议名称/议题"], [1, "2022-01-10", "部署会", "年度部署"]]
    rows += [[n, None, None, None] for n in range(2, 6)]
    path = book(tmp_path / "会议.xlsx", {"会议": rows + [[None], [None], [6, "2022-02-10", "推进会", "推进"]]})
    result = imported(path)
    assert len(live("meeting")) == 2
    assert skipped(result) == {r: "只有序号的空行" for r in range(3, 7)}


def test_11_empty_marks_and_none_words(db, tmp_path: Path) -> None:
    """无 and / as empty or zero as the field allows (a text keeps what it says)."""
    path = book(tmp_path / "督查.xlsx", {"督查": [
        ["日期", "类别", "事由", "对象", "发现问题", "整改问题", "问题领域"],
        ["2022-07-01", "督导", "安全生产", "/", "无", "/", "无"],
        ["2022-07-02", "暗访", "人居环境", "东风社区", "3个", "2个", "人居环境"],
    ]})
    result = imported(path)
    visits = live("supervision")
    assert [(v.kind, v.target, v.problems_found, v.problems_solved, v.problem_field) for v in visits] == [
        ("督查", "/", 0, None, None), ("暗访", "东风社区", 3, 2, "人居环境")]
    assert "“无” → 0" in notes(result)


def test_12_unknown_values_are_still_refused_all_or_nothing(db, tmp_path: Path) -> None:
    path = book(tmp_path / "纠纷.xlsx", {"纠纷": [
        ["受理日期", "纠纷概要", "纠纷类型", "状态"],
        ["2022-03-01", "甲", "邻里纠纷", "受理"],
        ["2022-03-02", "乙", "外星纠纷", "受理"],
        ["2022-03-03", "丙", "邻里纠纷", "10-15人"],
    ]})
    result = check(path)
    assert not result.ok and {(p.row, p.column) for p in result.problems} == {(3, "C"), (4, "D")}
    with pytest.raises(LawdeskError):
        importer.commit(result)
    assert live("dispute") == []


# --------------------------------------------------------------------------------------------
# 13–17. Values: dates with 上午/下午, ranges, serials as text, numbers as text, Chinese numerals


def test_13_dates_written_every_which_way(db, tmp_path: Path) -> None:
    path = wps.write(tmp_path / "巡逻.xlsx", [wps.Sheet("巡逻记录", [
        ["日期", "巡逻路线", "出动人次"],
        ["2022年10月8日上午", "一号线", 4],
        ["2022.10.9 19:30-21:00", "二号线", 5],
        ["2022.3.5-3.6", "三号线", 6],
        ["44621", "四号线", 7],
        [20221010, "五号线", 8],
    ])])
    result = imported(path)
    assert [(p.date, p.area) for p in live("patrol")] == [
        (D(2022, 10, 8), "一号线"), (D(2022, 10, 9), "二号线"), (D(2022, 3, 5), "三号线"),
        (D(2022, 3, 1), "四号线"), (D(2022, 10, 10), "五号线")]
    assert "时间段，按第一天" in notes(result) and "日期序号“44621”" in notes(result)


def test_14_lecturer_roster_with_phone_numbers_as_numbers(db, tmp_path: Path) -> None:
    path = book(tmp_path / "宣讲员.xlsx", {"普法宣讲员名册": [
        ["姓名", "单位", "职务", "手机", "聘任时间"],
        ["赵明", "律所", "律师", 13912345678, "2021-01-01"],
        ["钱红", "司法所", "所长", 13800001111, "2021-01-01"],
    ]})
    imported(path)
    assert [(x.name, x.unit, x.phone) for x in live("lecturer")] == [
        ("赵明", "律师事务所", "13912345678"), ("钱红", "司法所", "13800001111")]


def test_15_rosters_and_lectures_that_name_them_in_one_workbook(db, tmp_path: Path) -> None:
    path = book(tmp_path / "普法台账.xlsx", {
        "社区": [["社区名称", "民警", "法律顾问", "调解员人数"], ["桂花社区", "李警官", "孙律师", "5人"]],
        "宣讲员": [["姓名", "所在单位", "聘任日期"], ["赵老师", "司法所", "2022-01-01"]],
        "宣讲活动": [["活动时间", "活动主题", "主讲人", "宣传阵地", "所属社区", "受众群体", "覆盖人数"],
                 ["2022-04-01", "民法典进社区", "赵老师", "进社区", "桂花 社区", "居民", "80人"]],
    })
    imported(path)
    lecture = live("lecture")[0]
    assert lecture.lecturer.name == "赵老师" and lecture.community.name == "桂花社区"
    assert (lecture.audience_group, lecture.audience) == ("群众", 80)
    assert live("community")[0].mediators == 5


def test_16_reviews_and_adviser_services(db, tmp_path: Path) -> None:
    path = book(tmp_path / "合法性审查及法律顾问.xlsx", {
        "合法性审查": [["送审日期", "文件名称", "类别", "送审单位", "审查意见", "办结日期", "是否出具法律意见书"],
                  ["2022-05-01", "物业服务合同", "合同", "党政办", "合法", "2022-05-03", "√"]],
        "法律顾问": [["服务日期", "顾问", "律所", "服务方式", "工作内容", "服务人数"],
                 ["2022-05-10", "孙律师", "正义律所", "咨询", "解答居民咨询", "12人次"]],
    })
    imported(path)
    review = live("review")[0]
    assert (review.category, review.submitting_dept, review.result, review.opinion_letter) == (
        "行政机关合同", "党政办", "合法", True)
    service = live("adviser")[0]
    assert (service.kind, service.people_served, service.firm) == ("法律咨询", 12, "正义律所")


def test_17_a_number_cell_in_a_text_field_reads_as_written(db, tmp_path: Path) -> None:
    path = book(tmp_path / "纠纷.xlsx", {"纠纷": [
        ["受理日期", "纠纷概要", "纠纷类型", "状态", "当事人电话", "备注"],
        ["2022-03-01", 12345, "邻里纠纷", "受理", 13912345678, 3.5],
    ]})
    imported(path)
    dispute = live("dispute")[0]
    assert (dispute.summary, dispute.party_phone, dispute.remarks) == ("12345", "13912345678", "3.5")


# --------------------------------------------------------------------------------------------
# 18–22. Formats: .xls, .et, .csv in UTF-8 and GBK, and what stays impossible


def _xls(path: Path) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("巡逻")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    ws.write_merge(0, 0, 0, 3, "2021年治安巡逻台账")
    for c, text in enumerate(["日期", "巡逻区域", "出动人次", "带队领导"]):
        ws.write(1, c, text)
    ws.write(2, 0, dt.datetime(2021, 4, 1), date_style)
    ws.write(2, 1, "老街")
    ws.write(2, 2, 6)
    ws.write_merge(2, 3, 3, 3, "王书记")
    ws.write(3, 0, dt.datetime(2021, 4, 8), date_style)
    ws.write(3, 1, "新村")
    ws.write(3, 2, "5人")
    ws.write(4, 0, dt.datetime(2021, 4, 15), date_style)
    ws.write(4, 1, "作废")
    ws.row(4).hidden = True
    ws.write(5, 0, "合计")
    ws.write(5, 2, 11)
    hidden = wb.add_sheet("草稿")
    hidden.visibility = 1
    wb.save(str(path))
    return path


@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_18_old_xls_and_wps_et_files(db, tmp_path: Path, suffix: str) -> None:
    path = _xls(tmp_path / f"巡逻台账{suffix}")
    plan = reader.read_workbook(path)
    assert plan.format == "xls" and plan.sheets[1].hidden
    result = imported(path, plan)
    assert [(p.date, p.area, p.persons, p.leader) for p in live("patrol")] == [
        (D(2021, 4, 1), "老街", 6, "王书记"), (D(2021, 4, 8), "新村", 5, "王书记")]
    assert skipped(result) == {5: "隐藏的行", 6: "合计行"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_19_csv_in_utf8_or_gbk(db, tmp_path: Path, encoding: str) -> None:
    text = "受理日期,纠纷概要,纠纷类型,状态,办结日期\n2022-03-01,邻里漏水,邻里,已化解,2022-03-05\n2022/3/2,欠薪,劳资纠纷,处理中,\n"
    path = tmp_path / "纠纷台账.csv"
    path.write_bytes(text.encode(encoding))
    plan = reader.read_workbook(path)
    assert plan.format == "csv" and plan.sheets[0].kind == "dispute"
    imported(path, plan)
    assert [(d.summary, d.dispute_type, d.status) for d in live("dispute")] == [
        ("邻里漏水", "邻里纠纷", "调解成功"), ("欠薪", "劳动争议(欠薪)", "调解中")]


def test_20_a_tab_separated_text_file(db, tmp_path: Path) -> None:
    path = tmp_path / "巡逻.txt"
    path.write_text("日期\t巡逻区域\t出动人次\n2022-05-01\t老街\t3\n", encoding="utf-16")
    imported(path)
    assert live("patrol")[0].area == "老街"


@pytest.mark.parametrize(("content", "words"), [
    (b"<html><body><table><tr><td>\xe6\x97\xa5\xe6\x9c\x9f</td></tr></table></body></html>", "网页"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为"),
])
def test_21_what_stays_impossible_says_what_to_do(db, tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(content)
    with pytest.raises(LawdeskError) as info:
        reader.read_workbook(path)
    assert words in info.value.message and "另存为" in info.value.message


# --------------------------------------------------------------------------------------------
# 22–26. Mapping: nothing recognised, constants, remembered next year, --mapping


def _unrecognised(path: Path, year: int) -> Path:
    """A sheet only one header of which means anything: 登记时间."""
    return book(path, {f"{year}年": [
        [f"{year}年工作登记"],
        ["登记时间", "情况", "备忘", "经办", "办理期限"],
        [f"{year}-03-01", "居民来电反映路灯", "市政", "老张", f"{year}-03-08"],
        [f"{year}-03-02", "居民来电反映噪音", "治安", "老李", f"{year}-03-09"],
    ]})


def _map_by_hand(sheet: reader.SheetPlan) -> None:
    sheet.set_kind("hotline")
    assert sheet.mapping == ["received_date", None, None, None, None]
    sheet.set_column(1, "summary")
    sheet.set_column(3, "handler")
    sheet.set_column(4, "due_date")
    sheet.set_constant("channel", "12345市长热线")


def test_22_a_sheet_with_nothing_recognised_can_be_mapped_by_hand(db, tmp_path: Path) -> None:
    path = _unrecognised(tmp_path / "登记.xlsx", 2022)
    plan = reader.read_workbook(path)
    sheet = plan.sheets[0]
    assert sheet.kind is None and sheet.headers == ["登记时间", "情况", "备忘", "经办", "办理期限"]
    assert sheet.header_rows == (2,) and len(sheet.rows) == 2 and "没有识别出记录类型" in sheet.note
    _map_by_hand(sheet)
    imported(path, plan)
    cases = live("hotline")
    assert [(c.received_date, c.summary, c.handler, c.channel, c.due_date, c.category) for c in cases] == [
        (D(2022, 3, 1), "居民来电反映路灯", "老张", "12345市长热线", D(2022, 3, 8), None),
        (D(2022, 3, 2), "居民来电反映噪音", "老李", "12345市长热线", D(2022, 3, 9), None)]


def test_23_the_mapping_is_remembered_for_next_years_workbook(db, tmp_path: Path) -> None:
    plan = reader.read_workbook(_unrecognised(tmp_path / "2022登记.xlsx", 2022))
    _map_by_hand(plan.sheets[0])
    imported(tmp_path / "2022登记.xlsx", plan)
    nxt = reader.read_workbook(_unrecognised(tmp_path / "2023登记.xlsx", 2023))
    sheet = nxt.sheets[0]
    assert sheet.remembered and sheet.kind == "hotline" and sheet.year == 2023
    assert sheet.mapping == ["received_date", "summary", None, "handler", "due_date"]
    assert sheet.constants == {"channel": "12345市长热线"}
    imported(tmp_path / "2023登记.xlsx", nxt)
    assert len(live("hotline")) == 4


@pytest.mark.sqlite_only  # the command line opens the database file itself
def test_24_a_saved_mapping_file_for_the_command_line(db, db_path: Path, tmp_path: Path) -> None:
    path = _unrecognised(tmp_path / "2022登记.xlsx", 2022)
    plan = reader.read_workbook(path)
    _map_by_hand(plan.sheets[0])
    saved = mappings.save_file(plan, tmp_path / "对应关系")
    assert saved.suffix == ".json" and json.loads(saved.read_text(encoding="utf-8"))["sheets"][0]["kind"] == "hotline"
    from lawdesk import db as dbmod

    dbmod.close_database()

    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "lawdesk", "--db", str(db_path), "import", str(path), *extra],
                              capture_output=True, text=True, timeout=120)

    try:
        refused = cli()
        assert refused.returncode != 0 and "--mapping" in refused.stderr
        run = cli("--mapping", str(saved))
        assert run.returncode == 0, run.stderr
        assert "已导入 2 条记录" in run.stdout and "统一填写：渠道＝12345市长热线" in run.stdout
        again = cli()  # the layout is remembered now: read the same way, and not doubled
        assert again.returncode == 0 and "跳过 2 条与已有记录完全相同" in again.stdout
    finally:
        dbmod.open_database(db_path)
    assert len(live("hotline")) == 2


def test_25_a_constant_that_is_not_a_choice_is_refused_once(db, tmp_path: Path) -> None:
    path = book(tmp_path / "会议.xlsx", {"会议": [["日期", "会议名称"], ["2022-01-01", "甲"], ["2022-01-02", "乙"]]})
    plan = reader.read_workbook(path)
    plan.sheets[0].set_constant("kind", "茶话会")
    result = importer.check(plan)
    assert result.problem_count == 1 and "统一填写的值“茶话会”" in str(result.problems[0])
    plan.sheets[0].set_constant("kind", "专题会")
    imported(path, plan)
    assert {m.kind for m in live("meeting")} == {"法治建设专题会议"}


def test_26_a_two_row_header_written_by_wps(db, tmp_path: Path) -> None:
    rows = [["督查调研台账（2022年）"],
            ["日期", "类别", "事由/主题", "发现问题", None],
            [None, None, None, "发现问题数", "已整改"],
            [D(2022, 8, 1), "调研", "人居环境整治", 4, 3]]
    path = wps.write(tmp_path / "督查.xlsx", [wps.Sheet("Sheet1", rows, merges=["A1:E1", "D2:E2", "A2:A3", "B2:B3", "C2:C3"])])
    sheet = reader.read_workbook(path).sheets[0]
    assert sheet.kind == "supervision" and sheet.header_rows == (2, 3)
    imported(path)
    visit = live("supervision")[0]
    assert (visit.subject, visit.problems_found, visit.problems_solved) == ("人居环境整治", 4, 3)


def test_27_a_ledger_imported_twice_is_not_doubled(db, tmp_path: Path) -> None:
    path = book(tmp_path / "会议.xlsx", {"会议": [["会议时间", "会议类型", "会议名称", "参会人数"],
                                               ["2022-03-01", "专题会", "法治专题会", "20人"]]})
    imported(path)
    again = check(path)
    assert again.ok and again.to_create == 0 and again.to_update == 0 and again.skipped["meeting"] == 1
    records.update("meeting", live("meeting")[0].id, {"participants": 25})
    proposal = check(path)
    assert proposal.to_update == 1 and "参会人数 25 → 20" in proposal.update_lines()[0]
    assert check(path, on_match="skip").to_update == 0
    assert check(path, on_match="create").to_create == 1


def test_28_a_merge_down_to_the_last_row_of_the_sheet_fills_only_the_data(db, tmp_path: Path) -> None:
    """A clerk (or an attacker) merges A3:Z1048576: the fill stops at the last row with values."""
    rows = [["日期", "巡逻区域", "出动人次"], ["2022-05-01", "老街", 3], [None, "新村", 4]]
    path = wps.write(tmp_path / "巡逻.xlsx", [wps.Sheet("巡逻", rows, merges=["A2:A1048576", "D2:XFD1048576"])])
    sheet = reader.read_workbook(path).sheets[0]
    assert [n for n, _cells in sheet.rows] == [2, 3]
    imported(path)
    assert [(p.date, p.area) for p in live("patrol")] == [(D(2022, 5, 1), "老街"), (D(2022, 5, 1), "新村")]


def test_29_titles_that_start_like_a_total_or_a_signature_are_records(db, tmp_path: Path) -> None:
    path = book(tmp_path / "审查.xlsx", {"合法性审查": [
        ["收件日期", "事项名称", "审查类别"],
        [D(2022, 3, 1), "审核物业服务合同", "合同"],
        [D(2022, 3, 2), "累计培训经费使用办法", "规范性文件"],
        ["合计", None, None],
        ["单位负责人（签字）：", None, "王五"],
    ]})
    result = imported(path)
    assert [r.title for r in live("review")] == ["审核物业服务合同", "累计培训经费使用办法"]
    assert skipped(result) == {4: "合计行", 5: "签名栏（审核人、填表人等）"}
