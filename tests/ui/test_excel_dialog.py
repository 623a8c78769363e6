"""The Excel 台账与迎检 window driven as a clerk would: export, preview and correct an import, binder."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from lawdesk.models import RECORD_MODELS
from lawdesk.services import events
from lawdesk.ui.dialogs.excel_dialog import IGNORE, ExcelDialog
from tests.ui.conftest import pump


def _dialog(root, tmp_path: Path, monkeypatch) -> ExcelDialog:  # noqa: ANN001
    dialog = ExcelDialog(root)
    monkeypatch.setattr(dialog, "ask_save_path", lambda title, filename, ext, kind: tmp_path / filename)
    pump(root)
    return dialog


def test_system_link_opens_the_dialog(demo_window, root):  # noqa: ANN001
    before = demo_window.current_key
    demo_window.excel_button.invoke()
    pump(root)
    dialogs = [w for w in root.winfo_children() if isinstance(w, ExcelDialog)]
    assert len(dialogs) == 1
    assert demo_window.current_key == before  # a dialog, not a page: the page stays
    dialogs[0].destroy()


def test_export_template_and_binder_from_the_window(demo_window, root, tmp_path, monkeypatch):  # noqa: ANN001
    dialog = _dialog(root, tmp_path, monkeypatch)
    dialog.export_year.set("2022")
    dialog.mask_var.set(True)
    dialog.on_export()
    pump(root)
    out = tmp_path / "2022年度台账（隐去个人信息）.xlsx"
    assert out.exists() and "已导出2022年度台账" in dialog.export_result.cget("text")
    assert "主要数据" in load_workbook(out, read_only=True).sheetnames
    dialog.on_template()
    assert (tmp_path / "法治建设台账模板.xlsx").exists()
    dialog.binder_year.set("2022")
    dialog.on_binder()
    binder = tmp_path / "2022年度迎检台账.zip"
    assert binder.exists() and zipfile.is_zipfile(binder)
    assert "已生成2022年度迎检台账" in dialog.binder_result.cget("text")
    assert str(dialog.export_button.cget("state")) == "normal"


def test_import_preview_correction_check_and_import(main_window, root, tmp_path, monkeypatch, dialogs):  # noqa: ANN001
    wb = Workbook()
    ws = wb.active
    ws.title = "我的会议台账"
    ws.append(["2022年会议情况"])
    ws.append(["议题", "活动日期", "会议种类", "人数"])
    ws.append(["专题研究", "2022-5-6", "专题会议", 12])
    ws.append(["推进会", "2022年5月20日", "推进会", 9])
    path = tmp_path / "会议.xlsx"
    wb.save(path)
    changes: list[events.Change] = []
    unsubscribe = events.subscribe(changes.append)
    dialog = _dialog(root, tmp_path, monkeypatch)
    try:
        monkeypatch.setattr(dialog, "ask_open_path", lambda: path)
        dialog.on_choose_file()
        pump(root)
        assert dialog.sheet_tree.item("0", "values")[1] == "会议"
        rows = {dialog.column_tree.set(i, "header"): dialog.column_tree.set(i, "field")
                for i in dialog.column_tree.get_children()}
        assert rows == {"议题": "会议名称/议题", "活动日期": "日期", "会议种类": IGNORE, "人数": "参会人数"}
        assert "会议类型" in dialog.missing_label.cget("text")
        dialog.on_check()
        pump(root)
        assert "缺少必填列" in dialog.problem_tree.set("0", "message")
        assert str(dialog.import_button.cget("state")) == "disabled"
        # the clerk says 会议种类 is the 会议类型
        dialog.column_tree.selection_set("2")
        dialog.on_column_select()
        dialog.field_var.set("会议类型")
        dialog.on_field_changed()
        assert dialog.column_tree.set("2", "field") == "会议类型"
        assert dialog.missing_label.cget("text") == ""
        dialog.on_check()
        pump(root)
        assert not dialog.problem_tree.get_children()
        assert "可以导入 2 条新记录" in dialog.summary_label.cget("text")
        assert str(dialog.import_button.cget("state")) == "normal"
        dialogs.answers.append(True)
        dialog.on_import()
        pump(root)
    finally:
        unsubscribe()
    model = RECORD_MODELS["meeting"]
    assert {m.kind for m in model.select()} == {"法治建设推进会", "法治建设专题会议"}
    assert "已导入 2 条记录" in dialog.summary_label.cget("text")
    assert any(c.kind == "database" for c in changes)
    assert str(dialog.import_button.cget("state")) == "disabled"


def test_a_file_that_is_not_excel_shows_a_message(main_window, root, tmp_path, monkeypatch):  # noqa: ANN001
    path = tmp_path / "a.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    dialog = _dialog(root, tmp_path, monkeypatch)
    dialog.load_file(path)
    pump(root)
    assert "不是 Excel 工作簿" in dialog.summary_label.cget("text")
    assert str(dialog.check_button.cget("state")) == "disabled"
