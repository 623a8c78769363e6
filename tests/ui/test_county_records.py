"""Entering records at the county: the 单位 chooser of a record form, the 单位 column and filter
of every list, and 新建县级数据库 in the welcome dialog — at 1024×768, with the mouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk.models import RECORD_MODELS
from lawdesk.schema import RECORD_SPECS
from lawdesk.services import county, records, units
from lawdesk.services.period import Period
from lawdesk.ui import common as ui_common
from lawdesk.ui.pages.record_page import ALL_UNITS, UNIT_COLUMN
from lawdesk.ui.widgets import unit_chooser
from tests.ui.conftest import pump
from tests.ui.layout_audit import audit, window_fits


def _click(root, widget) -> None:  # noqa: ANN001
    """A left click in the middle of ``widget`` (press and release, as a mouse does)."""
    root.update()
    x, y = widget.winfo_width() // 2, widget.winfo_height() // 2
    widget.event_generate("<Enter>", x=x, y=y)
    widget.event_generate("<ButtonPress-1>", x=x, y=y)
    widget.event_generate("<ButtonRelease-1>", x=x, y=y)
    root.update()


def _choose(root, box, text: str) -> None:  # noqa: ANN001
    """Choose ``text`` in a read-only drop-down as a click on the list would."""
    assert text in box.cget("values"), (text, box.cget("values"))
    box.set(text)
    box.event_generate("<<ComboboxSelected>>")
    root.update()


@pytest.fixture(autouse=True)
def _forget_the_last_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unit_chooser, "_last_unit_id", None)


def test_a_county_clerk_adds_a_record_for_a_chosen_office_at_1024x768(county_window, root, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(ui_common, "work_area", lambda _w: (0, 0, 1024, 728))  # the screen, not only the window
    root.geometry("1024x768+0+0")
    pump(root)
    shimen = next(u for u in county.offices() if u.name == "石门街道")
    page = county_window.open_records("patrol")
    pump(root)
    assert page.tree.heading(UNIT_COLUMN, "text") == "单位"
    _click(root, page.add_button)  # the mouse, not Ctrl+N
    form = page.form
    assert form is not None and form.unit_chooser is not None
    assert form.unit_chooser.var.get() == "新县（县级单位本身）"  # the county's own unit first
    assert form.unit_chooser.box.cget("values")[0] == "新县（县级单位本身）"
    _choose(root, form.unit_chooser.box, "石门街道（街道）")
    communities = form.rows["community"].input.widget.cget("values")
    assert "石门社区" in communities and "金兰山社区" not in communities  # 石门's own 社区 only
    form.set_value("date", "2023-05-06")
    form.set_value("area", "石门老街夜巡")
    _choose(root, form.rows["community"].input.widget, "石门社区")
    assert not window_fits(form, (0, 0, 1024, 768), (0, 0)), window_fits(form, (0, 0, 1024, 768), (0, 0))
    assert audit(form) == []
    _click(root, form.save_button)
    assert not form.winfo_exists()
    patrol = RECORD_MODELS["patrol"]
    saved = patrol.get(patrol.area == "石门老街夜巡")
    assert saved.unit_id == shimen.id and saved.community.name == "石门社区"
    page.search_var.set("石门老街夜巡")  # the list finds it among the county's records
    pump(root, 350)
    iid = str(saved.id)
    assert page.tree.get_children() == (iid,) and page.tree.set(iid, UNIT_COLUMN) == "石门街道"
    assert audit(county_window.winfo_toplevel()) == []
    # the next new record starts with the office chosen last
    again = page.on_add()
    assert again.unit_chooser.unit_id == shimen.id
    again.destroy()


def test_every_list_at_the_county_filters_by_office(county_window, root) -> None:  # noqa: ANN001
    root.geometry("1024x768+0+0")
    hexi = next(u for u in county.offices() if u.name == "河西乡")
    for spec in RECORD_SPECS:
        page = county_window.open_records(spec.kind)
        pump(root)
        assert page.unit_box is not None, spec.kind
        assert page.unit_var.get() == ALL_UNITS
        everyone = records.list_records(spec.kind, page.query()).total
        assert page.total_label.cget("text") == f"共 {everyone} 条"
        _choose(root, page.unit_box, "河西乡（乡镇）")
        own = records.list_records(spec.kind, page.query(), unit=hexi).total
        assert page.total_label.cget("text") == f"共 {own} 条", spec.kind
        assert {page.tree.set(i, UNIT_COLUMN) for i in page.tree.get_children()} <= {"河西乡"}
        assert audit(page) == [], spec.kind
    page.on_clear_filters()
    assert page.unit_var.get() == ALL_UNITS


def test_an_offices_own_list_has_no_unit_column(main_window, root) -> None:  # noqa: ANN001
    page = main_window.open_records("patrol")
    assert page.unit_box is None and UNIT_COLUMN not in page.columns
    form = page.on_add()
    assert form.unit_chooser is None
    form.destroy()


def test_an_existing_record_keeps_its_office(county_window, root) -> None:  # noqa: ANN001
    hexi = next(u for u in county.offices() if u.name == "河西乡")
    record = records.create("patrol", {"date": "2023-03-03", "area": "河西渡口"}, unit=hexi)
    page = county_window.open_records("patrol")
    page.search_var.set("河西渡口")
    pump(root, 350)
    page.tree.selection_set(str(record.id))
    form = page.on_edit()
    assert form.unit_chooser.var.get() == "河西乡（乡镇）" and str(form.unit_chooser.box.cget("state")) == "disabled"
    form.set_value("area", "河西渡口（复查）")
    assert form.on_save()
    assert records.get("patrol", record.id).unit_id == hexi.id


def test_the_welcome_dialog_makes_a_county_database(root, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from lawdesk.ui.dialogs import new_county
    from lawdesk.ui.dialogs.welcome import WelcomeDialog
    from lawdesk.ui.start import OPEN

    made: list[new_county.NewCountyDialog] = []
    real_init = new_county.NewCountyDialog.__init__

    def remember(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        real_init(self, *args, **kwargs)
        made.append(self)
        self.name_var.set("新县")
        root.after(50, lambda: _click(root, self.create_button))  # the clerk types 新县, clicks 建立

    monkeypatch.setattr(new_county.NewCountyDialog, "__init__", remember)
    dialog = WelcomeDialog(db_path=tmp_path / "lawdesk.db", master=root)
    pump(root)
    _click(root, dialog.county_button)
    target = tmp_path / "新县县级台账.db"
    assert made and dialog.choice is not None
    assert dialog.choice.action == OPEN and dialog.choice.path == target
    dbmod.open_database(target)
    try:
        assert [(u.name, u.kind) for u in units.list_units()] == [("新县", "县")]
        assert units.is_county_database()
    finally:
        dbmod.close_database()


def test_an_office_exports_its_package_from_the_window(demo_window, root, tmp_path: Path) -> None:  # noqa: ANN001
    from lawdesk.services import packages
    from lawdesk.ui.dialogs.report_to_county import ReportToCountyDialog

    _click(root, demo_window.report_to_county_button)
    dialog = next(w for w in root.winfo_children() if isinstance(w, ReportToCountyDialog))
    assert not window_fits(dialog, (0, 0, 1024, 768), (0, 0)) and audit(dialog) == []
    _choose(root, dialog.year_box, "2022")
    target = tmp_path / "金兰山街道-2022.ldpkg"
    dialog.ask_path = lambda: target
    _click(root, dialog.action_button)
    assert target.exists() and packages.verify_package(target).period == Period.year(2022)
    assert "请把这个文件交给县里" in dialog.state_label.cget("text")
    assert "请把这个文件交给县里" in demo_window.status_text  # the whole line (the label elides a long path)


def test_an_office_on_the_server_marks_its_year_reported(demo_window, root, monkeypatch) -> None:  # noqa: ANN001
    from lawdesk.services import submissions
    from lawdesk.ui.dialogs import report_to_county

    monkeypatch.setattr(report_to_county, "on_server", lambda: True)  # no packages on the server
    dialog = demo_window.on_report_to_county()
    _choose(root, dialog.year_box, "2023")
    assert dialog.state_label.cget("text") == "2023年度：尚未报送。"
    _click(root, dialog.action_button)
    assert submissions.has_reported(Period.year(2023))
    assert dialog.state_label.cget("text") == "2023年度：已报送。"
    assert str(dialog.action_button.cget("state")) == "disabled"


def test_the_county_itself_reports_to_nobody(county_window) -> None:  # noqa: ANN001
    assert county_window.on_report_to_county() is None
    assert "县级数据库" in county_window.status_label.cget("text")


def test_the_county_only_looks_at_a_record_of_an_office_on_the_server(county_window, root, monkeypatch) -> None:  # noqa: ANN001
    hexi = next(u for u in county.offices() if u.name == "河西乡")
    record = records.create("patrol", {"date": "2023-03-03", "area": "河西码头"}, unit=hexi)
    monkeypatch.setattr(unit_chooser, "writable", lambda unit_id: unit_id != hexi.id)  # 河西乡 writes on the server
    page = county_window.open_records("patrol")
    page.search_var.set("河西码头")
    pump(root, 350)
    page.tree.selection_set(str(record.id))
    form = page.on_edit()
    assert str(form.save_button.cget("state")) == "disabled" and "只能查看" in form.read_only_note.cget("text")
    form.set_value("area", "县里改的")
    assert form.on_save() is False and records.get("patrol", record.id).area == "河西码头"
    form.destroy()
