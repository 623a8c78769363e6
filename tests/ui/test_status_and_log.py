"""The status line, the 单位设置 save state and the 操作日志 as the clerk reads them."""

from __future__ import annotations

from lawdesk.ui.pages.base import PageId
from tests.ui.conftest import pump

LONG_PATH = "报告已导出：" + "/home/文书/文档/法治建设台账/报告/" + "金兰山街道关于2023年度法治政府建设工作情况的报告" * 4 + ".docx"


def test_a_long_status_message_stays_on_one_line_and_moves_nothing(main_window, root) -> None:  # noqa: ANN001
    bin_button = main_window.system_buttons[PageId.BIN]
    main_window.set_status("就绪")
    pump(root, 50)
    bar_height, button_y = main_window.status_bar.winfo_height(), bin_button.winfo_rooty()
    main_window.set_status(LONG_PATH)
    pump(root, 50)
    assert main_window.status_bar.winfo_height() == bar_height
    assert bin_button.winfo_rooty() == button_y  # a click meant for 回收站 still lands there
    shown = main_window.status_label.cget("text")
    assert shown.endswith("…") and LONG_PATH.startswith(shown[:-1])
    assert main_window.status_tip.text == LONG_PATH  # the whole text on hover
    main_window.set_status("已保存会议。")
    pump(root, 20)
    assert main_window.status_label.cget("text") == "已保存会议。"
    assert main_window.status_tip.text == ""


def test_a_failed_save_of_the_unit_settings_never_says_saved(main_window, root) -> None:  # noqa: ANN001
    page = main_window.show_page(PageId.SETTINGS)
    assert page.on_save(check_all=True) is False  # a new database: the profile is empty
    pump(root)
    assert "需要修改" in page.message.cget("text")
    assert "已保存" not in page.state_label.cget("text")
    assert "没有保存" in page.state_label.cget("text")
    page.rows["unit_name"].input.set("金兰山街道")  # typing on: still not saved
    pump(root)
    assert "已保存" not in page.state_label.cget("text")


def _profile(**extra: str) -> dict[str, str]:
    return {"unit_name": "金兰山街道", "party_organ": "中共金兰山街道工作委员会",
            "government_organ": "金兰山街道办事处", "issuer_mark": "中共金兰山街道工作委员会文件",
            "doc_prefix": "金文", "addressee": "县委、县政府", **extra}


def test_the_log_names_settings_and_report_parts_as_the_program_does(main_window, root) -> None:  # noqa: ANN001
    from lawdesk.services import annual_report, settings

    annual_report.save_report_profile(annual_report.report_profile())  # stored once: no entry
    settings.put(annual_report.PROFILE_KEY, {"preset": "标准"})
    settings.save_narrative(2023, "preamble", "2023年，街道党工委……")
    page = main_window.show_page(PageId.AUDIT)
    page.refresh()
    summaries = [page.tree.set(iid, "summary") for iid in page.tree.get_children()]
    assert "修改年度报告：2023年度 开头" in summaries
    assert "修改设置：报告版式" in summaries
    assert not any("report_profile" in s or "preamble" in s for s in summaries)
    setting_row = next(iid for iid in page.tree.get_children() if "报告版式" in page.tree.set(iid, "summary"))
    page.tree.selection_set(setting_row)
    details = page.on_details()
    labels = [details.tree.set(iid, "field") for iid in details.tree.get_children()]
    assert labels == ["报告版式"]
    details.destroy()


def test_the_log_is_signed_by_the_operator_never_by_a_bare_login_name(main_window, root, monkeypatch) -> None:  # noqa: ANN001
    from lawdesk.models import AuditLog
    from lawdesk.services import audit, records, settings

    monkeypatch.setattr(audit, "_current_user", None)  # no 经办人 given yet
    records.create("patrol", {"date": "2023-05-06", "area": "桂花社区夜市"})
    login_signed = AuditLog.select().order_by(AuditLog.id.desc()).first().user
    assert login_signed.endswith("（登录名）")  # not "root" as if it were a clerk's name
    settings.save_profile(_profile(operator="李文书"))  # the first 单位设置 names the operator
    assert AuditLog.select().order_by(AuditLog.id.desc()).first().user == "李文书"
    records.create("patrol", {"date": "2023-05-07", "area": "龙潭社区"})
    assert AuditLog.select().order_by(AuditLog.id.desc()).first().user == "李文书"
    page = main_window.show_page(PageId.AUDIT)
    page.refresh()
    users = [page.tree.set(iid, "user") for iid in page.tree.get_children()]
    assert users[:2] == ["李文书", "李文书"]
