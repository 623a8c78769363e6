"""A new database before its first 单位设置 (no unit yet): every page opens, and whatever needs the
office's unit says in Chinese to fill 单位设置 first — no error in a Tk callback, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk.models import Setting
from lawdesk.schema import RECORD_SPECS
from lawdesk.services import annual_report, records, units
from lawdesk.ui.pages.base import PageId
from tests.ui.conftest import pump

FILL_THE_UNIT_PROFILE = "请先在“单位设置”中填写单位简称"


@pytest.fixture
def new_window(root, empty_db):  # noqa: ANN001, ANN201
    from lawdesk.ui.main_window import MainWindow

    window = MainWindow(root, dbmod.current_path(), first_run=False)
    window.pack(fill="both", expand=True)
    pump(root)
    return window


def test_every_page_and_record_list_opens(new_window, root) -> None:  # noqa: ANN001
    for key in (PageId.HOME, PageId.REPORT, PageId.SETTINGS, PageId.BIN, PageId.AUDIT, PageId.BACKUP):
        assert type(new_window.show_page(key)).__name__ != "NoneType"
        pump(root)
    for spec in RECORD_SPECS:
        new_window.open_records(spec.kind)
        pump(root)
    assert units.list_units() == []


def test_a_record_form_asks_for_the_unit_profile_and_keeps_what_was_typed(new_window, root, dialogs) -> None:  # noqa: ANN001
    page = new_window.open_records("patrol")
    pump(root)
    form = page.on_add()
    form.set_value("date", "2023-05-06")
    form.set_value("area", "老街夜巡")
    assert form.on_save() is False
    pump(root)
    assert any(FILL_THE_UNIT_PROFILE in m for m in dialogs.messages("show_error"))
    assert form.winfo_exists() and form.values()["area"] == "老街夜巡"  # still open, nothing lost
    assert records.count("patrol") == 0
    form.destroy()


def test_exporting_the_report_sends_the_clerk_to_the_unit_profile(new_window, root, dialogs, monkeypatch,  # noqa: ANN001
                                                                  tmp_path: Path) -> None:
    from lawdesk.ui import save_folders

    monkeypatch.setattr(save_folders, "ask_save_path", lambda *_a, **_k: str(tmp_path / "报告.docx"))
    page = new_window.show_page(PageId.REPORT)
    pump(root)
    assert page.export_view.on_export() is None
    pump(root)
    assert any("单位设置" in m for m in dialogs.messages("show_warning"))
    assert new_window.current_key == PageId.SETTINGS
    assert not (tmp_path / "报告.docx").exists()


def test_a_report_format_switch_says_to_fill_the_unit_profile_first(new_window, root, dialogs) -> None:  # noqa: ANN001
    page = new_window.show_page(PageId.REPORT)
    pump(root)
    editor = page.format_view.profile_editor
    key, var = next(iter(editor.switch_vars.items()))
    before = var.get()
    editor.switch_checks[key].invoke()  # the click on the switch (autosaved on this page)
    pump(root)
    assert any(FILL_THE_UNIT_PROFILE in m and "报告" in m for m in dialogs.messages("show_error"))
    assert var.get() == before and not editor.has_unsaved_changes()  # the switch shows what is stored


def test_a_report_format_change_left_on_the_settings_page_says_to_name_the_unit(new_window, root, dialogs) -> None:  # noqa: ANN001
    page = new_window.show_page(PageId.SETTINGS)
    pump(root)
    key = next(iter(page.profile_editor.switch_vars))
    page.profile_editor.switch_checks[key].invoke()  # only the format changed, no 单位简称 typed
    pump(root)
    assert page.on_save(check_all=False) is False
    pump(root)
    assert FILL_THE_UNIT_PROFILE in page.message.cget("text")
    assert "已保存" not in page.state_label.cget("text")
    assert not Setting.select().where(Setting.key.startswith(annual_report.PROFILE_KEY)).exists()  # nothing stored
