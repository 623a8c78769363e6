"""Excel 台账 out and in: export layout, template, import checks, tolerant reading, duplicates, files.

Workbooks are written with openpyxl as a clerk's Excel would (normal mode, merged cells, title
rows) and read back through ``lawdesk.excel``; the database is checked after every import.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lawdesk import db as dbmod
from lawdesk.errors import LawdeskError
from lawdesk.excel import export, importer, layout, reader
from lawdesk.models import RECORD_MODELS, AuditLog
from lawdesk.schema import RECORD_SPECS, spec_for
from lawdesk.services import events, records, stats
from lawdesk.services.period import Period
from tests.conftest import name_the_office

CJK = re.compile(r"[\u4e00-\u9fff]")
Y2022 = Period.year(2022)


def count(kind: str) -> int:
    model = RECORD_MODELS[kind]
    return model.select().where(model.deleted_at.is_null()).count()


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def import_path(path: Path) -> importer.ImportResult:
    return importer.commit(importer.check(reader.read_workbook(path)))


# --------------------------------------------------------------------------------------------
# Round trip


def test_round_trip_of_the_demo_database_keeps_every_figure(demo_db, tmp_path: Path) -> None:
    figures = {year: stats.compute(Period.year(year)).values for year in (2022,)}
    lists = stats.compute(Y2022).lists
    out = export.export_ledger(Y2022, tmp_path / "台账.xlsx")
    assert out.path.exists()
    dbmod.close_database()
    dbmod.open_database(tmp_path / "empty.db", create=True, backup=False)
    name_the_office("金兰山街道")  # a new ledger is named by its 单位设置 before records go in
    changes: list[events.Change] = []
    unsubscribe = events.subscribe(changes.append)
    try:
        result = import_path(out.path)
    finally:
        unsubscribe()
    assert sum(result.created.values()) == sum(out.counts.values())
    assert stats.compute(Y2022).values == figures[2022]
    assert stats.compute(Y2022).lists == lists
    assert [c.kind for c in changes] == ["database"]
    # one audit entry per imported record, all marked 导入
    assert AuditLog.select().where(AuditLog.action == "导入").count() == sum(result.created.values())
    # the same file again: nothing new, and the clerk is told why
    again = importer.check(reader.read_workbook(out.path))
    assert again.ok and again.to_create == 0
    assert sum(again.skipped.values()) == sum(out.counts.values()) and again.to_update == 0
    assert "完全相同" in again.summary()
    assert importer.commit(again).created == {}
    assert stats.compute(Y2022).values == figures[2022]


def test_export_layout_as_an_inspector_prints_it(demo_db, tmp_path: Path) -> None:
    from openpyxl.utils import get_column_letter

    dispute = records.list_records("dispute", records.ListQuery(period=Y2022, page_size=1)).rows[0]
    records.delete("dispute", int(dispute["id"]))  # in the 回收站: not exported
    path = export.export_ledger(Y2022, tmp_path / "台账.xlsx").path
    wb = load_workbook(path)
    assert wb.sheetnames[0] == layout.FIGURES_SHEET
    figures = wb[layout.FIGURES_SHEET]
    computed = stats.compute(Y2022)
    by_label = {row[1]: row[2] for row in figures.iter_rows(min_row=4, values_only=True)}
    for fig in stats.FIGURES:
        assert by_label[fig.label] == (computed[fig.key] if computed[fig.key] is not None else "—")
    for spec in RECORD_SPECS:
        ws = wb[layout.sheet_name(spec)]
        assert [c.value for c in ws[1]] == [f.label for f in spec.all_fields] + ["记录标识（请勿修改）"]
        identity = get_column_letter(len(spec.all_fields) + 1)
        assert ws.column_dimensions[identity].hidden  # each record's uuid, for export → edit → import
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        for index, f in enumerate(spec.all_fields, start=1):
            if f.kind == "date":  # a date fits, also in an empty column
                assert ws.column_dimensions[get_column_letter(index)].width >= 12
            values = [ws.cell(row=r, column=index).value for r in range(2, ws.max_row + 1)]
            present = [v for v in values if v is not None]
            if f.kind == "date":
                assert all(isinstance(v, dt.datetime) for v in present), f.label
            if f.kind in ("int", "decimal"):
                assert all(isinstance(v, int | float) for v in present), f.label
            if f.kind == "bool":
                assert set(present) <= {"是", "否"}
    disputes = wb["矛盾纠纷"]
    from lawdesk.services import ledger

    held = ledger.rows("dispute", Y2022)
    assert int(dispute["id"]) not in {r["id"] for r in held}
    assert disputes.max_row - 1 == len(held) == computed["disputes_received"] + _counted_elsewhere(held)
    # widths follow the content: the summary column is wider than the status column
    col = {f.name: i for i, f in enumerate(spec_for("dispute").all_fields, start=1)}
    width = lambda name: disputes.column_dimensions[get_column_letter(col[name])].width  # noqa: E731
    assert width("summary") > width("status") >= layout.display_width("状态") + 2


def _counted_elsewhere(rows: list[dict[str, object]]) -> int:
    """Disputes held because a figure of 2022 counts them although received in another year."""
    return sum(1 for r in rows if not Y2022.start <= r["received_date"] <= Y2022.end)


def test_mask_hides_personal_fields(demo_db, tmp_path: Path) -> None:
    lecturer = records.create("lecturer", {"name": "王小明", "unit": "司法所", "phone": "13812345678",
                                           "appointed_on": "2022-01-01"})
    records.create("dispute", {"received_date": "2022-05-01", "summary": "噪音纠纷", "dispute_type": "邻里纠纷",
                               "status": "受理", "parties_names": "张三丰、李四"})
    plain = load_workbook(export.export_ledger(Y2022, tmp_path / "a.xlsx").path)
    masked = load_workbook(export.export_ledger(Y2022, tmp_path / "b.xlsx", mask=True).path)

    def column(wb, sheet: str, label: str) -> list[object]:
        ws = wb[sheet]
        index = [c.value for c in ws[1]].index(label)
        return [r[index] for r in ws.iter_rows(min_row=2, values_only=True)]

    assert "13812345678" in column(plain, "普法宣讲员", "联系电话")
    assert "138****5678" in column(masked, "普法宣讲员", "联系电话")
    assert "13812345678" not in str([list(r) for ws in masked for r in ws.iter_rows(values_only=True)])
    assert "张**、李*" in column(masked, "矛盾纠纷", "当事人")
    assert lecturer.name in column(masked, "普法宣讲员", "姓名")  # names of staff are not personal fields


def test_template_has_drop_downs_date_checks_and_instructions(db, tmp_path: Path) -> None:
    path = export.export_template(tmp_path / "模板.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == layout.INSTRUCTIONS_SHEET
    assert wb[layout.CHOICES_SHEET].sheet_state == "hidden"
    text = " ".join(str(v) for r in wb[layout.INSTRUCTIONS_SHEET].iter_rows(values_only=True) for v in r if v)
    assert "日期" in text and "是/否" in text and "必填" in text
    for spec in RECORD_SPECS:
        ws = wb[layout.sheet_name(spec)]
        assert ws.max_row == 1
        by_column: dict[str, object] = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                by_column[re.match(r"[A-Z]+", rng.coord).group()] = dv
        from openpyxl.utils import get_column_letter

        for index, f in enumerate(spec.all_fields, start=1):
            dv = by_column.get(get_column_letter(index))
            if f.kind == "choice":
                assert dv is not None and dv.type == "list", f.label
                ref = dv.formula1.split("!")[1].replace("$", "")
                values = [c.value for row in wb[layout.CHOICES_SHEET][ref] for c in row]
                assert tuple(values) == f.choices
            if f.kind == "date":
                assert dv is not None and dv.type == "date", f.label
            if f.kind == "bool":
                assert dv is not None and dv.formula1 == '"是,否"'
    # the template itself imports as "nothing to import" rather than an error
    result = importer.check(reader.read_workbook(path))
    assert result.ok and result.to_create == 0


# --------------------------------------------------------------------------------------------
# Checks before writing


def test_every_kind_of_bad_cell_is_reported_with_its_place_and_nothing_is_imported(db, tmp_path: Path) -> None:
    records.create("community", {"name": "东风社区"})
    path = workbook(tmp_path / "bad.xlsx", {
        "会议": [
            ["日期", "会议类型", "会议名称/议题", "参会人数", "所属社区", "研究法治工作"],
            ["2022-03-05", "法治建设专题会议", "一条正确的会议", 20, "东风社区", "是"],
            ["2022-02-30", "法治建设专题会议", "日期不对", 20, None, None],
            ["2022-03-06", "茶话会", "类型不对", 20, None, None],
            ["2022-03-07", "部署会", None, 20, None, None],
            ["2022-03-08", "部署会", "人数太多", 20000, None, None],
            ["2022-03-09", "部署会", "社区不存在", 5, "西风社区", None],
            ["2022-03-10", "部署会", "是否不对", 5, None, "2"],
            ["2022-03-11", "部署会", "人数写成逗号", "1,5", None, None],
        ],
        "普法宣讲": [
            ["日期", "宣讲主题", "宣讲员", "宣传阵地"],
            [dt.datetime(2022, 4, 1), "宪法宣讲", "不存在的宣讲员", "进社区"],
        ],
    })
    result = importer.check(reader.read_workbook(path))
    where = {(p.sheet, p.row, p.column): p.message for p in result.problems}
    assert ("会议", 3, "A") in where and "日期" in where[("会议", 3, "A")]
    assert ("会议", 4, "B") in where and "不是可选项" in where[("会议", 4, "B")]
    assert ("会议", 5, "C") in where and "不能为空" in where[("会议", 5, "C")]
    assert ("会议", 6, "D") in where and "不能大于" in where[("会议", 6, "D")]
    assert ("会议", 7, "E") in where and "西风社区" in where[("会议", 7, "E")]
    assert ("会议", 8, "F") in where and "是" in where[("会议", 8, "F")]
    assert ("会议", 9, "D") in where and "逗号" in where[("会议", 9, "D")]
    assert ("普法宣讲", 2, "C") in where and "宣讲员" in where[("普法宣讲", 2, "C")]
    assert result.problem_count == 8 and not result.ok
    assert all(CJK.search(str(p)) for p in result.problems)
    assert "第 3 行 A 列（日期）" in str(next(p for p in result.problems if p.row == 3))
    with pytest.raises(LawdeskError) as info:
        importer.commit(result)
    assert "没有导入任何记录" in info.value.message
    assert count("meeting") == 0 and count("lecture") == 0
    assert AuditLog.select().where(AuditLog.action == "导入").count() == 0


def test_a_missing_required_column_is_reported_once(db, tmp_path: Path) -> None:
    path = workbook(tmp_path / "cols.xlsx", {"会议": [["日期", "会议名称/议题"], ["2022-03-05", "甲"], ["2022-03-06", "乙"]]})
    result = importer.check(reader.read_workbook(path))
    assert result.problem_count == 1
    assert "缺少必填列“会议类型”" in str(result.problems[0])


def test_references_to_rosters_in_the_same_file_resolve(db, tmp_path: Path) -> None:
    path = workbook(tmp_path / "roster.xlsx", {
        "社区与阵地": [["社区名称", "社区民警"], ["桂花社区", "李警官"]],
        "普法宣讲员": [["姓名", "所在单位", "聘任日期"], ["赵老师", "司法所", "2022-01-01"]],
        "普法宣讲": [["日期", "宣讲主题", "宣讲员", "宣传阵地", "所属社区"],
                 ["2022-04-01", "民法典进社区", "赵老师", "进社区", "桂花 社区"]],
    })
    import_path(path)
    lecture = RECORD_MODELS["lecture"].get()
    assert lecture.lecturer.name == "赵老师" and lecture.community.name == "桂花社区"


# --------------------------------------------------------------------------------------------
# Tolerant reading


@pytest.mark.parametrize("cell", ["2022-3-5", "2022/03/05", "2022年3月5日", "2022.3.5", "20220305", 44625,
                                  dt.datetime(2022, 3, 5), " 2022 年 3 月 5 日 ", "２０２２－３－５"])
def test_date_variants(db, tmp_path: Path, cell: object) -> None:
    path = workbook(tmp_path / "d.xlsx", {"治安巡逻": [["日期", "巡逻区域/路线"], [cell, "老街"]]})
    import_path(path)
    assert RECORD_MODELS["patrol"].get().date == dt.date(2022, 3, 5)


def test_full_width_synonym_and_yes_no_spellings(db, tmp_path: Path) -> None:
    header = ["受理日期", "纠纷概要", "纠纷类型", "状态", "办结日期", "主要负责人主持/带队"]
    path = workbook(tmp_path / "c.xlsx", {
        "矛盾纠纷": [
            header,
            ["2022-03-01", "欠薪一", "劳动争议（欠薪）", "调解成功", "2022-03-02", "√"],
            ["2022-03-01", "物业一", "物业", "受理", None, "×"],
            ["2022-03-01", "邻里一", "邻里", " 受 理 ", None, "Y"],
            ["2022-03-01", "邻里二", "ＬＩＮ", "受理", None, "n"],
        ],
        "热线办理": [
            ["渠道", "受理日期", "办理时限", "诉求内容"],
            ["县交办", "2022-03-01", "2022-03-08", "路灯"],
            ["１２３４５市长热线", "2022-03-01", "2022-03-08", "噪音"],
        ],
    })
    result = importer.check(reader.read_workbook(path))
    assert [(p.row, p.column) for p in result.problems] == [(5, "C")]  # ＬＩＮ is no dispute type
    rows = result.rows["dispute"]
    assert [r.values["dispute_type"] for r in rows] == ["劳动争议(欠薪)", "物业纠纷", "邻里纠纷"]
    assert [r.values["is_principal_led"] for r in rows] == [True, False, True]
    assert rows[2].values["status"] == "受理"
    assert [r.values["channel"] for r in result.rows["hotline"]] == ["县交办件", "12345市长热线"]


def test_the_same_normalisation_applies_to_forms_and_services(db) -> None:
    record = records.create("dispute", {"received_date": "2022年3月5日", "summary": "物业费纠纷",
                                        "dispute_type": "物业", "status": "受理", "is_principal_led": "√"})
    assert record.dispute_type == "物业纠纷" and record.received_date == dt.date(2022, 3, 5)
    assert record.is_principal_led is True
    hotline = records.create("hotline", {"channel": "县交办", "received_date": "20220301",
                                         "due_date": "2022.3.8", "summary": "路灯"})
    assert hotline.channel == "县交办件"


def test_shuffled_columns_title_row_extra_columns_and_header_variants(db, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "2022年会议记录"
    ws.append(["金兰山街道2022年会议台账"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "议题", "活动日期", "经办人", "类型", "参会人数"])
    ws.append([1, "法治专题研究", "2022/6/1", "小王", "专题会议", "30"])
    ws.append([2, "警示教育", dt.date(2022, 6, 2), "小李", "警示教育大会", 120])
    path = tmp_path / "shuffled.xlsx"
    wb.save(path)
    plan = reader.read_workbook(path)
    sheet = plan.sheets[0]
    assert sheet.kind == "meeting" and sheet.header_rows == (2,)
    assert {(c, h) for c, h, _label in sheet.matched()} == {("B", "议题"), ("C", "活动日期"), ("E", "类型"), ("F", "参会人数")}
    assert sheet.ignored() == [("A", "序号"), ("D", "经办人")]
    # the clerk says 经办人 is the 带队/主持领导
    sheet.set_column(3, "leader")
    result = importer.check(plan)
    assert result.ok, [str(p) for p in result.problems]
    importer.commit(result)
    rows = list(RECORD_MODELS["meeting"].select().order_by(RECORD_MODELS["meeting"].date))
    assert [(r.date, r.kind, r.title, r.participants, r.leader) for r in rows] == [
        (dt.date(2022, 6, 1), "法治建设专题会议", "法治专题研究", 30, "小王"),
        (dt.date(2022, 6, 2), "警示教育大会", "警示教育", 120, "小李"),
    ]


def test_a_two_row_merged_header(db, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "纠纷台账"
    ws.append(["矛盾纠纷排查化解台账"])
    ws.append(["受理日期", "纠纷概要", "调解情况", None, None])
    ws.append([None, None, "纠纷类型", "状态", "办结日期"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:E2")
    ws.append(["2022-07-01", "漏水", "邻里纠纷", "调解成功", "2022-07-03"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    sheet = reader.read_workbook(path).sheets[0]
    assert sheet.kind == "dispute" and sheet.header_rows == (2, 3)
    assert [m for m in sheet.mapping] == ["received_date", "summary", "dispute_type", "status", "closed_date"]
    import_path(path)
    assert RECORD_MODELS["dispute"].get().closed_date == dt.date(2022, 7, 3)


def test_identical_rows_are_skipped_only_as_often_as_they_exist(db, tmp_path: Path) -> None:
    rows = [["日期", "巡逻区域/路线", "出动人次"], ["2022-01-05", "老街", 4], ["2022-01-05", "老街", 4]]
    path = workbook(tmp_path / "p.xlsx", {"治安巡逻": rows})
    assert sum(import_path(path).created.values()) == 2  # two patrols on the same street and day
    rows.append(["2022-01-05", "老街", 4])
    again = importer.check(reader.read_workbook(workbook(tmp_path / "p2.xlsx", {"治安巡逻": rows})))
    assert again.skipped["patrol"] == 2 and again.to_create == 1


# --------------------------------------------------------------------------------------------
# Files that are not a workbook


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("[Content_Types].xml", "<Types/>")
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b"\x00\x01\x02binary\xff\xfe\x00garbage"), "不是 Excel"),
        (lambda p: p.write_bytes(b""), "空的"),
        (lambda p: _docx(p), "Word"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600), "密码"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".xls"),
        (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 100), "损坏"),
    ],
)
def test_files_that_are_not_workbooks_get_a_chinese_message(db, tmp_path: Path, make, words: str) -> None:
    path = tmp_path / "台账.xlsx"
    make(path)
    with pytest.raises(LawdeskError) as info:
        reader.read_workbook(path)
    assert words in info.value.message


def test_a_broken_sheet_inside_a_valid_zip(db, tmp_path: Path) -> None:
    good = workbook(tmp_path / "good.xlsx", {"会议": [["日期", "会议类型", "会议名称/议题"]]})
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(LawdeskError) as info:
        reader.read_workbook(broken)
    assert "损坏" in info.value.message


def test_a_huge_file_is_refused_before_reading(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "big.xlsx", {"会议": [["日期", "会议类型", "会议名称/议题"]]})
    from lawdesk.excel import sources

    monkeypatch.setattr(sources, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(LawdeskError) as info:
        reader.read_workbook(path)
    assert "太大" in info.value.message


def test_a_filled_in_template_imports(db, tmp_path: Path) -> None:
    path = export.export_template(tmp_path / "模板.xlsx")
    wb = load_workbook(path)
    wb["社区与阵地"].append(["新华社区", "吴警官", None, 5])
    wb["会议"].append([dt.date(2022, 9, 1), "部署会", "部署秋季安全生产", "王书记", "是", 40, "会议室", "新华社区", "王书记", "否"])
    wb.save(path)
    result = import_path(path)
    assert result.created == {"community": 1, "meeting": 1}
    meeting = RECORD_MODELS["meeting"].get()
    assert meeting.community.name == "新华社区" and meeting.on_rule_of_law is True and meeting.participants == 40


def test_a_record_saved_before_validation_refused_control_characters_still_exports(db, tmp_path: Path) -> None:
    records.create("honor", {"date": "2022-05-01", "title": "平安社区", "holder": "街道", "level": "省级"})
    model = RECORD_MODELS["honor"]
    model.update(title="平安\x07社区\uffff").execute()  # as an older version let it in
    from lawdesk.excel import binder

    wb = load_workbook(export.export_ledger(Y2022, tmp_path / "a.xlsx").path)
    assert wb["荣誉与创建"]["B2"].value == "平安社区"
    assert binder.build_binder(Y2022, tmp_path / "b.zip").records == 1
