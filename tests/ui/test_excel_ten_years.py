"""A ten-year 学法台账 (one sheet per year, headers changing) imported through the window as a clerk
would: clicks on the sheet list, the 学习形式 given once for the three oldest sheets, 检查每一格, 导入."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lawdesk.models import RECORD_MODELS
from lawdesk.ui.dialogs.excel_dialog import ExcelDialog
from tests import ten_years
from tests.ui.conftest import pump


def _click(tree, iid: str) -> None:  # noqa: ANN001 - a ttk.Treeview
    tree.see(iid)
    tree.update_idletasks()
    x, y, _w, h = tree.bbox(iid)
    tree.event_generate("<Button-1>", x=x + 5, y=y + h // 2)
    tree.event_generate("<ButtonRelease-1>", x=x + 5, y=y + h // 2)


def _choose(box, var, value: str) -> None:  # noqa: ANN001 - a ttk.Combobox and its variable
    assert value in box.cget("values"), value
    var.set(value)
    box.event_generate("<<ComboboxSelected>>")


def test_ten_years_of_study_records_come_in_through_the_window(main_window, root, tmp_path: Path, dialogs) -> None:  # noqa: ANN001
    path = ten_years.build(tmp_path / "金兰山街道学法台账2013-2022.xlsx")
    main_window.excel_button.invoke()
    pump(root)
    dialog = next(w for w in root.winfo_children() if isinstance(w, ExcelDialog))
    dialog.notebook.select(dialog.import_tab)
    dialog.ask_open_path = lambda: path
    dialog.open_button.invoke()
    pump(root)
    tree = dialog.sheet_tree
    assert [tree.set(i, "name") for i in tree.get_children()] == [f"{y}年" for y in ten_years.YEARS]
    assert {tree.set(i, "kind") for i in tree.get_children()} == {"学法培训"}
    assert [tree.set(i, "rows") for i in tree.get_children()] == ["6"] * 10  # 合计, 签名栏, hidden row not counted
    dialog.check_button.invoke()
    pump(root)
    assert [dialog.problem_tree.set(i, "sheet") for i in dialog.problem_tree.get_children()] == ["2013年", "2014年", "2015年"]
    assert str(dialog.import_button.cget("state")) == "disabled"
    for iid in ("0", "1", "2"):  # the oldest sheets have no 学习形式 column: one value for all their rows
        _click(tree, iid)
        pump(root)
        assert "缺少必填列：学习形式" in dialog.missing_label.cget("text")
        assert dialog.constant_field_var.get() == "学习形式"
        _choose(dialog.constant_value_box, dialog.constant_value_var, "集中学法")
        dialog.constant_button.invoke()
        pump(root)
        assert "每行都填：学习形式＝集中学法" in dialog.missing_label.cget("text")
    _click(tree, "7")  # 2020: one struck-out row, left out unless ticked in
    pump(root)
    assert dialog.hidden_rows_check.cget("text") == "导入隐藏的 1 行" and not dialog.hidden_rows_var.get()
    assert dialog.year_var.get() == "2020"  # 3月5日 dates belong to the year of the title
    dialog.check_button.invoke()
    pump(root)
    assert not dialog.problem_tree.get_children()
    summary = dialog.summary_label.cget("text")
    assert "可以导入 60 条新记录" in summary and "跳过 17 行" in summary
    skipped = [dialog.detail_trees["skipped"].set(i, "text") for i in dialog.detail_trees["skipped"].get_children()]
    assert "“2020年”表第 7 行：隐藏的行" in skipped and "“2016年”表第 12 行：合计行" in skipped
    assert any("签名栏" in line for line in skipped)
    notes = [dialog.detail_trees["notes"].set(i, "text") for i in dialog.detail_trees["notes"].get_children()]
    assert any("“讲座” → 专题讲座" in n for n in notes) and any("年份按 2019 年" in n for n in notes)
    dialogs.answers.append(True)
    dialog.import_button.invoke()
    pump(root)
    assert "已导入 60 条记录" in dialog.summary_label.cget("text")
    model = RECORD_MODELS["study"]
    rows = list(model.select())
    assert len(rows) == 60
    by_year: dict[int, int] = {}
    for row in rows:
        by_year[row.date.year] = by_year.get(row.date.year, 0) + 1
    assert by_year == ten_years.EXPECTED
    first_2019 = model.get(model.date == dt.date(2019, 2, 6))
    assert (first_2019.form, first_2019.audience_level, first_2019.participants) == ("线上学法", "全体机关干部", 41)
    assert model.select().where(model.topic == "作废：重复登记").count() == 0
    assert {r.form for r in rows if r.date.year == 2013} == {"集中学法"}
    # the same workbook again: nothing new, the clerk's 学习形式 remembered for those sheets
    dialog.open_button.invoke()
    pump(root)
    assert "缺少必填列" not in dialog.missing_label.cget("text")
    dialog.check_button.invoke()
    pump(root)
    assert "可以导入 0 条新记录" in dialog.summary_label.cget("text") and "60 条与已有记录相同" in dialog.summary_label.cget("text")
    assert str(dialog.import_button.cget("state")) == "disabled"
