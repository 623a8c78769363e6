"""单位设置, 操作日志, 备份与恢复, the first-start guide and the error dialog."""

from __future__ import annotations

import sys

from lawdesk import app as appmod
from lawdesk.services import backup, records, settings
from lawdesk.ui.dialogs.welcome import WelcomeDialog
from lawdesk.ui.main_window import MainWindow
from lawdesk.ui.pages.audit_page import AuditPage
from lawdesk.ui.pages.backup_page import BackupPage
from lawdesk.ui.pages.base import PageId
from lawdesk.ui.pages.settings_page import SettingsPage


def test_navigation_has_every_group_and_page(main_window):  # noqa: ANN001
    nav = main_window.nav
    texts = [nav.item(i, "text").strip() for i in nav.get_children()]
    for label in ("首页", "报告与总结", "学法培训", "普法宣讲", "普法宣讲员", "会议", "督查调研",
                  "矛盾纠纷", "治安巡逻", "热线办理", "合法性审查", "法律顾问服务", "荣誉与创建",
                  "社区与阵地"):
        assert label in texts
    system = [b.cget("text") for b in main_window.system_buttons.values()]
    assert system == ["单位设置", "回收站", "操作日志", "备份与恢复"]
    main_window.system_buttons[PageId.BIN].invoke()
    assert main_window.current_key == PageId.BIN
    nav.selection_set("kind:hotline")
    main_window.update()
    assert main_window.current_key == "kind:hotline"


def test_settings_form_validates_and_saves(main_window):  # noqa: ANN001
    page = main_window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.rows["unit_name"].input.set("")
    assert page.on_save() is False
    assert page.rows["unit_name"].error.cget("text") == "不能为空"
    for name, value in {"unit_name": "金兰山街道", "party_organ": "中共金兰山街道工作委员会",
                        "government_organ": "金兰山街道办事处", "issuer_mark": "金兰山街道文件",
                        "doc_prefix": "金文", "addressee": "县委、县政府"}.items():
        page.rows[name].input.set(value)
    assert page.on_save() is True
    assert settings.profile_is_complete()
    assert "金兰山街道" in main_window.winfo_toplevel().title()


def test_audit_page_lists_and_shows_details(main_window):  # noqa: ANN001
    records.create("patrol", {"date": "2022-01-02", "area": "龙潭社区"})
    page = main_window.show_page("audit")
    assert isinstance(page, AuditPage)
    (iid,) = page.tree.get_children()
    assert "龙潭社区" in page.tree.item(iid, "values")[2]
    page.tree.selection_set(iid)
    details = page.on_details()
    rows = [details.tree.item(i, "values") for i in details.tree.get_children()]
    assert ("巡逻区域/路线", "", "龙潭社区") in rows


def test_backup_and_restore_reloads_window(main_window, dialogs):  # noqa: ANN001
    page = main_window.show_page("backup")
    assert isinstance(page, BackupPage)
    made = page.on_backup()
    assert made is not None and str(made) in page.tree.get_children()
    records.create("patrol", {"date": "2022-01-02", "area": "备份之后才登记的"})
    page.tree.selection_set(str(made))
    dialogs.answers.append(True)
    assert page.on_restore() is True
    assert "另存" in dialogs.messages("confirm")[0]
    assert records.count("patrol") == 0
    reasons = [b.reason for b in backup.list_backups(page.db_path)]
    assert backup.BEFORE_RESTORE in reasons
    assert main_window.current_key == "backup"


def test_welcome_demo_opens_its_own_file(main_window, root):  # noqa: ANN001
    clerk = main_window.db_path
    dialog = main_window.show_welcome()
    assert isinstance(dialog, WelcomeDialog)
    dialog.demo_button.invoke()
    assert main_window.db_path == clerk.parent / "演示数据.db"
    assert records.count("patrol") > 0
    assert settings.profile_is_complete()
    assert "演示数据" in main_window.winfo_toplevel().title()
    root.update()
    assert main_window.demo_badge.winfo_ismapped()
    # the clerk's database got nothing
    import sqlite3

    with sqlite3.connect(clerk) as con:
        assert con.execute("select count(*) from patrol").fetchone()[0] == 0
        assert con.execute("select count(*) from unit_profile").fetchone()[0] == 0


def test_unexpected_error_shows_chinese_dialog(root, dialogs, tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(appmod, "_log_path", tmp_path / "lawdesk.log")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        appmod.show_unexpected_error(*sys.exc_info())
    (message,) = dialogs.messages("show_error")
    assert "程序遇到意外错误" in message and "lawdesk.log" in message


def test_main_window_title_names_database(main_window):  # noqa: ANN001
    assert isinstance(main_window, MainWindow)
    assert str(main_window.db_path) in main_window.winfo_toplevel().title()


def test_closing_program_with_unsaved_form_asks(main_window, dialogs):  # noqa: ANN001
    form = main_window.open_records("meeting").on_add()
    form.set_value("title", "还没保存的会议")
    dialogs.save_discard.append("cancel")
    assert main_window.on_close() is False
    dialogs.save_discard.append("discard")
    assert main_window.on_close() is True


def test_ctrl_f_focuses_search(main_window, root):  # noqa: ANN001
    from tests.ui.conftest import pump

    page = main_window.open_records("patrol")
    root.focus_force()
    page.tree.focus_set()
    pump(root)
    page.tree.event_generate("<Control-f>")
    pump(root)
    assert root.focus_get() is page.search_entry
