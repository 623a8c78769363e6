"""Nothing corrupted, nothing doubled, nothing live: the four ways a 台账 used to damage data.

- an 18-digit 身份证号 (or a 12345 工单号) stored as a number keeps every digit, and a number that
  Excel already cut to 15 digits is refused naming its cell, never rounded;
- export → fix one cell → import corrects the record (the hidden 记录标识 column) instead of
  adding a second one;
- a ``--mask`` export is refused over the database it came from (it would double the disputes
  or write 张* over 张三丰);
- a title "=1+2" is text in every exported cell (every row, every sheet, the binder's too).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lawdesk.errors import LawdeskError
from lawdesk.excel import binder, export, importer, layout, reader
from lawdesk.models import RECORD_MODELS
from lawdesk.services import records, stats
from lawdesk.services.period import Period
from tests.conftest import name_the_office

Y2022 = Period.year(2022)


def live(kind: str) -> int:
    model = RECORD_MODELS[kind]
    return model.select().where(model.deleted_at.is_null()).count()


def import_path(path: Path) -> importer.ImportResult:
    return importer.commit(importer.check(reader.read_workbook(path)))


# --------------------------------------------------------------------------------------------
# Numbers that are identities


def _with_cell(path: Path, ref: str, value_xml: str) -> None:
    """Write cell ``ref`` of the first sheet as ``<v>value_xml</v>``, as another program would."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    before = f'<c r="{ref}" t="n"><v>0</v></c>'
    assert before in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(before, f'<c r="{ref}" t="n"><v>{value_xml}</v></c>').encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _dispute_with_number(path: Path, header: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "矛盾纠纷"
    ws.append(["受理日期", "纠纷概要", "纠纷类型", "状态", header, "联系电话"])
    ws.append(["2022-03-01", "邻里漏水", "邻里纠纷", "受理", 0, 13912345678])
    wb.save(path)
    return path


def test_an_id_number_stored_as_a_number_keeps_every_digit(db, tmp_path: Path) -> None:
    # a business system writes the 18 digits in full (the old reader went through float: …8900)
    path = _dispute_with_number(tmp_path / "id.xlsx", "身份证号")
    _with_cell(path, "E2", "110101199003078888")
    import_path(path)
    dispute = RECORD_MODELS["dispute"].get()
    assert dispute.party_id_number == "110101199003078888"
    assert dispute.party_phone == "13912345678"


def test_a_number_excel_already_cut_to_15_digits_is_refused_naming_the_cell(db, tmp_path: Path) -> None:
    for stored in ("1.10101199003078E+17", "110101199003078000", "1.101011990030789e+17"):
        path = _dispute_with_number(tmp_path / "cut.xlsx", "身份证号码")
        _with_cell(path, "E2", stored)  # Excel keeps 15 significant digits (openpyxl 16)
        result = importer.check(reader.read_workbook(path))
        assert not result.ok, stored
        problem = result.problems[0]
        assert (problem.sheet, problem.row, problem.column) == ("矛盾纠纷", 2, "E")
        assert "15" in problem.message and "文本" in problem.message
        assert live("dispute") == 0


def test_a_long_ticket_number_in_a_zero_padded_cell_reads_as_shown(db, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "12345工单"
    ws.append(["渠道", "工单号", "受理日期", "办理时限", "诉求内容"])
    ws.append(["12345", 42, "2022-03-01", "2022-03-08", "路灯不亮"])
    ws["B2"].number_format = "00000000"
    wb.save(tmp_path / "t.xlsx")
    import_path(tmp_path / "t.xlsx")
    assert RECORD_MODELS["hotline"].get().ticket_no == "00000042"


# --------------------------------------------------------------------------------------------
# Export → edit → import


def test_export_edit_import_corrects_the_record_instead_of_adding_one(demo_db, tmp_path: Path) -> None:
    before = {k: live(k) for k in RECORD_MODELS}
    path = export.export_ledger(Y2022, tmp_path / "台账.xlsx").path
    wb = load_workbook(path)
    ws = wb["矛盾纠纷"]
    headers = [c.value for c in ws[1]]
    row = 2
    old_summary = ws.cell(row=row, column=headers.index("纠纷概要") + 1).value
    model = RECORD_MODELS["dispute"]
    same_summary = model.select().where(model.summary == old_summary).count()
    ws.cell(row=row, column=headers.index("纠纷概要") + 1).value = old_summary + "（已核实）"
    wb.save(path)
    result = importer.check(reader.read_workbook(path))
    assert result.ok, [str(p) for p in result.problems]
    assert result.to_create == 0 and result.to_update == 1
    assert "更新 1 条" in result.summary()
    importer.commit(result)
    assert {k: live(k) for k in RECORD_MODELS} == before
    assert model.select().where(model.summary == old_summary + "（已核实）").count() == 1
    assert model.select().where(model.summary == old_summary).count() == same_summary - 1


def test_a_row_matching_a_record_on_date_and_title_is_an_update_proposal(db, tmp_path: Path) -> None:
    records.create("meeting", {"date": "2022-03-05", "kind": "部署会", "title": "法治工作部署会", "participants": 20})
    wb = Workbook()
    ws = wb.active
    ws.title = "会议"
    ws.append(["日期", "会议类型", "会议名称/议题", "参会人数"])
    ws.append(["2022-03-05", "部署会", "法治工作部署会", 25])
    wb.save(tmp_path / "m.xlsx")
    result = importer.check(reader.read_workbook(tmp_path / "m.xlsx"))
    assert result.to_create == 0 and result.to_update == 1
    change = result.updates["meeting"][0]
    assert "参会人数" in change.describe() and "20" in change.describe() and "25" in change.describe()
    importer.commit(result)
    assert live("meeting") == 1
    assert RECORD_MODELS["meeting"].get().participants == 25


# --------------------------------------------------------------------------------------------
# Masked exports


def test_a_masked_export_is_refused_over_the_database_it_came_from(demo_db, tmp_path: Path) -> None:
    disputes = stats.compute(Y2022)["disputes_received"]
    path = export.export_ledger(Y2022, tmp_path / "公开.xlsx", mask=True).path
    with pytest.raises(LawdeskError) as info:
        importer.check(reader.read_workbook(path))
    assert "隐去个人信息" in info.value.message
    assert stats.compute(Y2022)["disputes_received"] == disputes


def test_masked_cells_copied_into_another_workbook_are_refused(db, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "矛盾纠纷"
    ws.append(["受理日期", "纠纷概要", "纠纷类型", "状态", "当事人", "联系电话"])
    ws.append(["2022-03-01", "邻里漏水", "邻里纠纷", "受理", "张**、李*", "139****5678"])
    wb.save(tmp_path / "copy.xlsx")
    result = importer.check(reader.read_workbook(tmp_path / "copy.xlsx"))
    assert not result.ok
    assert {p.column for p in result.problems} == {"E", "F"}
    assert all("隐去" in p.message for p in result.problems)


# --------------------------------------------------------------------------------------------
# Formulas


def _cells(path: Path) -> list[object]:
    wb = load_workbook(path)
    return [c for ws in wb for row in ws.iter_rows() for c in row]


def test_no_exported_cell_is_a_live_formula(db, tmp_path: Path) -> None:
    for title in ("=1+2", "=HYPERLINK(\"http://x\",\"点我\")", "+1+2", "-2+3", "@SUM(1)"):
        records.create("meeting", {"date": "2022-03-05", "kind": "部署会", "title": title})
    records.create("dispute", {"received_date": "2022-03-01", "summary": "=cmd|' /C calc'!A0",
                               "dispute_type": "邻里纠纷", "status": "受理"})
    path = export.export_ledger(Y2022, tmp_path / "台账.xlsx").path
    cells = _cells(path)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    titles = {c.value for c in cells if isinstance(c.value, str)}
    assert "=1+2" in titles and "=cmd|' /C calc'!A0" in titles
    # and it reads back as the same text
    from lawdesk import db as dbmod

    dbmod.close_database()
    dbmod.open_database(tmp_path / "empty.db", create=True, backup=False)
    name_the_office()
    import_path(path)
    assert {m.title for m in RECORD_MODELS["meeting"].select()} >= {"=1+2", "+1+2"}


def test_no_cell_of_the_binder_is_a_live_formula(db, tmp_path: Path) -> None:
    records.create("meeting", {"date": "2022-03-05", "kind": "法治建设专题会议", "title": "=1+2"})
    records.create("meeting", {"date": "2022-03-06", "kind": "法治建设专题会议", "title": "=2+3"})
    out = binder.build_binder(Y2022, tmp_path / "迎检.zip").path
    found = 0
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.endswith(".xlsx"):
                (tmp_path / "x.xlsx").write_bytes(zf.read(name))
                cells = _cells(tmp_path / "x.xlsx")
                assert not [c.coordinate for c in cells if c.data_type == "f"], name
                found += 1
    assert found >= 2


def test_a_formula_like_text_in_a_wrapped_or_dated_column_exports_as_text(db, tmp_path: Path) -> None:
    """Found by the round-trip property: "=…" in the first row's 备注 (a wrapped column)."""
    records.create("patrol", {"date": "2022-03-05", "area": "=A1", "remarks": "=SUM(A1:A3)"})
    records.create("patrol", {"date": "2022-03-06", "area": "老街", "remarks": "=1"})
    cells = _cells(export.export_ledger(Y2022, tmp_path / "台账.xlsx").path)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {"=A1", "=SUM(A1:A3)", "=1"} <= {c.value for c in cells}


# --------------------------------------------------------------------------------------------
# Masking free text


def test_mask_covers_names_and_numbers_inside_free_text(db, tmp_path: Path) -> None:
    records.create("dispute", {"received_date": "2022-05-01", "summary": "张三丰与李四因漏水发生纠纷",
                               "dispute_type": "邻里纠纷", "status": "受理", "parties_names": "张三丰、李四",
                               "remarks": "当事人电话13912345678，身份证110101199003078888"})
    records.create("meeting", {"date": "2022-05-02", "kind": "部署会", "title": "研究王五与赵六六的宅基地纠纷"})
    path = export.export_ledger(Y2022, tmp_path / "公开.xlsx", mask=True).path
    text = " ".join(str(c.value) for c in _cells(path) if c.value is not None)
    for secret in ("张三丰", "李四", "13912345678", "110101199003078888", "王五", "赵六六"):
        assert secret not in text, secret
    assert "张**与李*因漏水发生纠纷" in text and "139****5678" in text and "王*与赵**的宅基地纠纷" in text


def test_the_template_fits_a_date_in_every_date_column(db, tmp_path: Path) -> None:
    from openpyxl.utils import get_column_letter

    from lawdesk.schema import RECORD_SPECS

    wb = load_workbook(export.export_template(tmp_path / "模板.xlsx"))
    for spec in RECORD_SPECS:
        ws = wb[spec.label]
        for index, f in enumerate(spec.all_fields, start=1):
            width = ws.column_dimensions[get_column_letter(index)].width
            if f.kind == "date":
                assert width >= 12, (spec.label, f.label, width)  # 2022-03-15 shows, not ###
            if f.kind == "choice":
                assert width >= max(layout.display_width(c) for c in f.choices), (spec.label, f.label)


def test_no_cell_of_the_county_roll_up_table_is_a_live_formula(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from lawdesk.excel import rollup
    from lawdesk.services.county import Rollup, RollupRow

    def office(unit_id: int, name: str, *, reported: bool) -> RollupRow:
        return RollupRow(SimpleNamespace(id=unit_id, name=name), SimpleNamespace(values={}), reported, records=2)

    sent = office(1, "=HYPERLINK(\"http://x\")", reported=True)
    late = office(2, "=2+2", reported=False)  # not reported, with records: also in the leftovers below the total
    table = Rollup(period=Y2022, keys=(), rows=[sent, late], total=SimpleNamespace(values={}), missing=[late.unit],
                   county=SimpleNamespace(name="=1+2"))
    assert table.leftovers == [late]
    cells = _cells(rollup.export_rollup_xlsx(table, tmp_path / "汇总.xlsx"))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert sent.name in texts and late.name in texts
