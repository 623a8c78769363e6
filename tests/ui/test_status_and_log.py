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
